#include "portal/http/event_stream.hpp"

#include <fmt/core.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cassert>

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;

std::string render_event(const Event& event) {
    assert(event.id.size() <= kEventIdLimit && event.id.find_first_of("\r\n") == std::string::npos);
    assert(event.name.find_first_of("\r\n") == std::string::npos);
    std::string out = fmt::format("id: {}\nevent: {}\n", event.id, event.name);
    // A line break of any kind (CRLF, LF, CR) ends a field, so each line gets its own data:.
    std::string_view data = event.data;
    for (;;) {
        const auto end = data.find_first_of("\r\n");
        out += "data: ";
        out += data.substr(0, end);
        out += '\n';
        if (end == std::string_view::npos) break;
        const bool crlf = data[end] == '\r' && end + 1 < data.size() && data[end + 1] == '\n';
        data.remove_prefix(end + (crlf ? 2 : 1));
    }
    out += '\n';
    return out;
}

EventSubscriber::EventSubscriber(std::size_t queue_limit, std::chrono::milliseconds heartbeat)
    : queue_limit_(queue_limit), heartbeat_(heartbeat) {}

bool EventSubscriber::offer(Chunk chunk) {
    std::lock_guard lock(mutex_);
    if (ended_) return false;
    if (queue_.size() >= queue_limit_) {
        ended_ = dropped_ = true;
        queue_.clear();
        wake(true);
        return false;
    }
    queue_.push_back(std::move(chunk));
    wake(false);
    return true;
}

void EventSubscriber::close() {
    std::lock_guard lock(mutex_);
    if (ended_) return;
    ended_ = true;
    wake(false);
}

bool EventSubscriber::dropped() const {
    std::lock_guard lock(mutex_);
    return dropped_;
}

// The timer and the connection belong to the strand: the wake-up is posted there. It cannot be
// lost: the server takes the queue and starts waiting in one go on that strand, so this runs
// either before the take (which then sees the chunk) or during the wait (which it ends).
void EventSubscriber::wake(bool cancel_io) {
    if (!strand_) return;
    asio::post(*strand_, [self = shared_from_this(), cancel_io] {
        if (self->wake_) self->wake_->cancel();
        if (cancel_io && self->cancel_io_) self->cancel_io_();
    });
}

void EventSubscriber::attach(const asio::any_io_executor& strand, std::function<void()> cancel_io) {
    wake_.emplace(strand);
    cancel_io_ = std::move(cancel_io);
    std::lock_guard lock(mutex_);
    strand_ = strand;
}

void EventSubscriber::detach() {
    cancel_io_ = nullptr;
    wake_.reset();
    std::lock_guard lock(mutex_);
    ended_ = true;
    strand_.reset();
}

EventSubscriber::Taken EventSubscriber::take() {
    std::lock_guard lock(mutex_);
    Taken taken;
    taken.chunks.swap(queue_);
    taken.ended = ended_;
    return taken;
}

asio::awaitable<bool> EventSubscriber::wait(std::chrono::steady_clock::duration timeout) {
    wake_->expires_after(timeout);
    auto [ec] = co_await wake_->async_wait(asio::as_tuple(asio::use_awaitable));
    co_return ec == asio::error::operation_aborted;
}

EventTopic::EventTopic(std::size_t queue_limit, std::size_t resume_limit,
                       std::chrono::milliseconds heartbeat)
    : queue_limit_(queue_limit), resume_limit_(resume_limit), heartbeat_(heartbeat) {}

EventSubscriber::Chunk EventTopic::publish(const Event& event) {
    auto chunk = std::make_shared<const std::string>(render_event(event));
    std::lock_guard lock(mutex_);
    recent_.emplace_back(event.id, chunk);
    if (recent_.size() > resume_limit_) recent_.pop_front();
    // A subscriber that is gone or just dropped leaves the list here.
    std::erase_if(subscribers_, [&](const std::weak_ptr<EventSubscriber>& weak) {
        auto subscriber = weak.lock();
        return !subscriber || !subscriber->offer(chunk);
    });
    return chunk;
}

std::shared_ptr<EventSubscriber> EventTopic::subscribe(
    std::optional<std::string_view> last_event_id) {
    static const auto retry =
        std::make_shared<const std::string>(fmt::format("retry: {}\n\n", kEventRetry.count()));
    // An empty id clears the browser's, so its next reconnection starts fresh too.
    static const auto reset =
        std::make_shared<const std::string>(render_event({"", std::string(kResetEventName), ""}));
    auto subscriber = std::make_shared<EventSubscriber>(queue_limit_, heartbeat_);
    subscriber->offer(retry);
    std::lock_guard lock(mutex_);
    if (last_event_id) {
        auto kept = std::find_if(recent_.begin(), recent_.end(),
                                 [&](const auto& event) { return event.first == *last_event_id; });
        if (kept == recent_.end()) {
            subscriber->offer(reset);
        } else {
            // The whole ring fits in one queue only when the ring is no longer than the queue;
            // a client further behind than the queue gets the reset instead.
            const auto behind = static_cast<std::size_t>(std::distance(kept, recent_.end()) - 1);
            if (behind + 1 >= queue_limit_) {
                subscriber->offer(reset);
            } else {
                for (auto it = std::next(kept); it != recent_.end(); ++it) {
                    subscriber->offer(it->second);
                }
            }
        }
    }
    std::erase_if(subscribers_, [](const auto& weak) { return weak.expired(); });
    subscribers_.push_back(subscriber);
    return subscriber;
}

std::size_t EventTopic::subscribers() const {
    std::lock_guard lock(mutex_);
    return static_cast<std::size_t>(
        std::count_if(subscribers_.begin(), subscribers_.end(),
                      [](const auto& weak) { return !weak.expired(); }));
}

std::optional<std::string_view> last_event_id(const Request& request) {
    auto it = request.find("Last-Event-ID");
    if (it == request.end()) return std::nullopt;
    return std::string_view(it->value().data(), it->value().size());
}

Reply event_stream_reply(const Request& request, std::shared_ptr<EventSubscriber> subscriber) {
    http::response<http::empty_body> head{http::status::ok, request.version()};
    head.set(http::field::content_type, "text/event-stream; charset=utf-8");
    head.set(http::field::cache_control, "no-store");
    // nginx would otherwise hold events back in its proxy buffer.
    head.set("X-Accel-Buffering", "no");
    if (request.method() == http::verb::head) {
        head.keep_alive(request.keep_alive());
        return head;
    }
    // The body lasts until either side closes: no length, and the connection is not reused.
    head.keep_alive(false);
    return Reply(std::move(head), std::move(subscriber));
}

}  // namespace councilcast::portal
