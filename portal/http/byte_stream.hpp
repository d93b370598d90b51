// A response body made while it is sent (a clip being remuxed): a producer on a worker thread
// pushes bytes into a bounded queue, the server writes them with chunked transfer encoding as
// they come. A slow client makes the producer wait; a client that leaves, or the server
// stopping, makes its next push return false.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/http.hpp>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "portal/http/http_server.hpp"
#include "portal/http/reply.hpp"

namespace councilcast::portal {

// Bytes a stream may have waiting for its client; past this the producer waits. One MiB is a
// fraction of a second of a clip on any link worth serving it on, so the client never starves,
// and a thousand stalled downloads hold a GiB at most.
constexpr std::size_t kByteStreamQueueLimit = 1024 * 1024;

class ByteStream : public std::enable_shared_from_this<ByteStream> {
  public:
    explicit ByteStream(std::size_t queue_limit = kByteStreamQueueLimit);

    // The producer's side, from one thread that is not a network thread: it blocks.
    // Queues a copy of `bytes`, first waiting while the queue is full. False, at once, when the
    // stream is cancelled (the client left, the server stopped): the producer should stop.
    bool push(std::span<const std::uint8_t> bytes);
    // The body is whole: the server writes what is queued and ends it properly.
    void finish();
    // The producer failed part-way: the server writes what is queued and then closes the
    // connection without ending the body, so the client sees it broken rather than short.
    void fail();

    // Any thread: the stream ends at once; a waiting or later push returns false.
    void cancel();
    bool cancelled() const;

    // The server's side, on the connection's strand (as EventSubscriber's). detach() before the
    // connection goes; it cancels a producer that has not finished.
    void attach(const boost::asio::any_io_executor& strand, std::function<void()> cancel_io);
    void detach();
    enum class End { open, finished, failed, cancelled };
    struct Taken {
        std::vector<std::string> chunks;
        End end = End::open;
    };
    Taken take();
    // Until something is pushed or the stream ends.
    boost::asio::awaitable<void> wait();

  private:
    void wake(bool cancel_io);  // mutex_ held

    const std::size_t queue_limit_;
    mutable std::mutex mutex_;
    std::condition_variable room_;  // the producer waits here for the queue to drain
    std::vector<std::string> queue_;
    std::size_t queued_bytes_ = 0;
    End end_ = End::open;
    std::optional<boost::asio::any_io_executor> strand_;
    // Used on the strand only.
    std::optional<boost::asio::steady_timer> wake_;
    std::function<void()> cancel_io_;
};

// The answer whose body `stream` produces, with `head`'s status and header (Content-Type and
// the like, no length): chunked over HTTP/1.1; over HTTP/1.0 the body lasts until the
// connection closes. A HEAD request gets the header alone, and the stream is cancelled.
Reply byte_stream_reply(const Request& request,
                        boost::beast::http::response<boost::beast::http::empty_body> head,
                        std::shared_ptr<ByteStream> stream);

}  // namespace councilcast::portal
