#include "portal/http/byte_stream.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;

ByteStream::ByteStream(std::size_t queue_limit) : queue_limit_(queue_limit) {}

bool ByteStream::push(std::span<const std::uint8_t> bytes) {
    std::unique_lock lock(mutex_);
    // A chunk larger than the whole queue still goes, alone, so a producer is never stuck.
    room_.wait(lock, [&] { return end_ != End::open || queued_bytes_ < queue_limit_; });
    if (end_ != End::open) return false;
    queue_.emplace_back(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    queued_bytes_ += bytes.size();
    wake(false);
    return true;
}

void ByteStream::finish() {
    std::lock_guard lock(mutex_);
    if (end_ != End::open) return;
    end_ = End::finished;
    wake(false);
}

void ByteStream::fail() {
    std::lock_guard lock(mutex_);
    if (end_ != End::open) return;
    end_ = End::failed;
    wake(false);
}

void ByteStream::cancel() {
    std::lock_guard lock(mutex_);
    if (end_ == End::cancelled) return;
    end_ = End::cancelled;
    queue_.clear();
    queued_bytes_ = 0;
    room_.notify_all();
    wake(true);
}

bool ByteStream::cancelled() const {
    std::lock_guard lock(mutex_);
    return end_ == End::cancelled;
}

// As EventSubscriber::wake: the server takes the queue and starts waiting in one go on the
// strand, so a wake-up posted there runs before the take or ends the wait, never in between.
void ByteStream::wake(bool cancel_io) {
    if (!strand_) return;
    asio::post(*strand_, [self = shared_from_this(), cancel_io] {
        if (self->wake_) self->wake_->cancel();
        if (cancel_io && self->cancel_io_) self->cancel_io_();
    });
}

void ByteStream::attach(const asio::any_io_executor& strand, std::function<void()> cancel_io) {
    wake_.emplace(strand);
    cancel_io_ = std::move(cancel_io);
    std::lock_guard lock(mutex_);
    strand_ = strand;
}

void ByteStream::detach() {
    cancel_io_ = nullptr;
    wake_.reset();
    std::lock_guard lock(mutex_);
    strand_.reset();
    if (end_ == End::open) {
        end_ = End::cancelled;
        queue_.clear();
        queued_bytes_ = 0;
        room_.notify_all();
    }
}

ByteStream::Taken ByteStream::take() {
    std::lock_guard lock(mutex_);
    Taken taken;
    taken.chunks.swap(queue_);
    taken.end = end_;
    if (queued_bytes_ > 0) {
        queued_bytes_ = 0;
        room_.notify_all();
    }
    return taken;
}

asio::awaitable<void> ByteStream::wait() {
    wake_->expires_at(asio::steady_timer::time_point::max());
    co_await wake_->async_wait(asio::as_tuple(asio::use_awaitable));
}

Reply byte_stream_reply(const Request& request, http::response<http::empty_body> head,
                        std::shared_ptr<ByteStream> stream) {
    head.version(request.version());
    if (request.method() == http::verb::head) {
        stream->cancel();
        head.keep_alive(request.keep_alive());
        return head;
    }
    if (request.version() >= 11) {
        head.chunked(true);
        head.keep_alive(request.keep_alive());
    } else {
        // HTTP/1.0 knows no chunks: the end of the connection is the end of the body.
        head.keep_alive(false);
    }
    return Reply(std::move(head), std::move(stream));
}

}  // namespace councilcast::portal
