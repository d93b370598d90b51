// Server-Sent Events (text/event-stream): topics the application publishes to, each event
// rendered once and shared by every subscriber, and the subscriber the server writes from.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "portal/http/http_server.hpp"
#include "portal/http/reply.hpp"

namespace councilcast::portal {

// Events one client may have waiting; a client that lets more pile up is dropped (its
// connection closed), so a reader that stopped reading costs at most this many pointers.
constexpr std::size_t kEventQueueLimit = 64;
// Events a topic keeps for clients that reconnect with Last-Event-ID.
constexpr std::size_t kEventResumeLimit = 64;
// A comment line this often keeps proxies and NAT tables from closing a quiet stream (nginx's
// proxy_read_timeout is 60 s by default), and shows the server a client that has gone.
constexpr std::chrono::seconds kEventHeartbeat{15};
// A comment line: ignored by browsers, enough for a proxy to see traffic.
constexpr std::string_view kEventHeartbeatLine = ":\n\n";
// How long a browser waits before reconnecting after the stream ends (the retry: field).
constexpr std::chrono::milliseconds kEventRetry{5000};
// Event ids are the application's; longer ones are refused, so a Last-Event-ID longer than
// this cannot name a kept event and needs no further reading.
constexpr std::size_t kEventIdLimit = 64;
// The event a client gets when the events after its Last-Event-ID are no longer kept: it
// should fetch the current state afresh.
constexpr std::string_view kResetEventName = "reset";

struct Event {
    std::string id;    // unique within its topic; at most kEventIdLimit bytes, no line break
    std::string name;  // the "event:" field; no line break
    std::string data;  // any text; each line becomes one "data:" line
};

// The event in the text/event-stream format (WHATWG HTML, server-sent events), blank line
// included.
std::string render_event(const Event& event);

// One client's queue. The application side (EventTopic) offers rendered events from any
// thread; the server side, on the client connection's strand, takes them and waits for more.
class EventSubscriber : public std::enable_shared_from_this<EventSubscriber> {
  public:
    using Chunk = std::shared_ptr<const std::string>;

    explicit EventSubscriber(std::size_t queue_limit = kEventQueueLimit,
                             std::chrono::milliseconds heartbeat = kEventHeartbeat);
    // How long the server lets the stream stay silent before it writes a heartbeat.
    std::chrono::milliseconds heartbeat() const { return heartbeat_; }

    // Any thread. Queues `chunk`; a full queue drops the subscriber instead (false), and so
    // does one already ended.
    bool offer(Chunk chunk);
    // Any thread: the stream ends once what is queued has been written (server stop).
    void close();
    bool dropped() const;

    // The server's side, all on the connection's strand. attach() binds wake-ups to that
    // strand; `cancel_io` cancels the connection's pending write, so a dropped client's stuck
    // write ends at once rather than at the write timeout. detach() before the connection goes.
    void attach(const boost::asio::any_io_executor& strand, std::function<void()> cancel_io);
    void detach();
    struct Taken {
        std::vector<Chunk> chunks;
        bool ended = false;  // closed or dropped: write `chunks` and finish
    };
    Taken take();
    // Until something is offered, the subscriber ends, or `timeout` passes (false).
    boost::asio::awaitable<bool> wait(std::chrono::steady_clock::duration timeout);

  private:
    void wake(bool cancel_io);  // mutex_ held

    const std::size_t queue_limit_;
    const std::chrono::milliseconds heartbeat_;
    mutable std::mutex mutex_;
    std::vector<Chunk> queue_;
    bool ended_ = false;
    bool dropped_ = false;
    std::optional<boost::asio::any_io_executor> strand_;
    // Used on the strand only.
    std::optional<boost::asio::steady_timer> wake_;
    std::function<void()> cancel_io_;
};

// A fan-out point: an event published here reaches every subscriber, rendered once. Keeps the
// last kEventResumeLimit events for clients that come back with Last-Event-ID. Thread-safe.
class EventTopic {
  public:
    // The defaults are the named limits above; tests shorten them.
    explicit EventTopic(std::size_t queue_limit = kEventQueueLimit,
                        std::size_t resume_limit = kEventResumeLimit,
                        std::chrono::milliseconds heartbeat = kEventHeartbeat);

    // The bytes every subscriber gets (shared, never copied).
    EventSubscriber::Chunk publish(const Event& event);
    // A subscriber whose queue starts with the retry: hint. With `last_event_id`, the events
    // published after it follow, or a kResetEventName event when it is no longer kept.
    std::shared_ptr<EventSubscriber> subscribe(std::optional<std::string_view> last_event_id);
    // Subscribers still connected.
    std::size_t subscribers() const;

  private:
    const std::size_t queue_limit_;
    const std::size_t resume_limit_;
    const std::chrono::milliseconds heartbeat_;
    mutable std::mutex mutex_;
    std::deque<std::pair<std::string, EventSubscriber::Chunk>> recent_;  // oldest first
    std::vector<std::weak_ptr<EventSubscriber>> subscribers_;
};

// The Last-Event-ID a reconnecting client sent, if any.
std::optional<std::string_view> last_event_id(const Request& request);

// The answer that streams `subscriber`'s events: 200, text/event-stream, never stored or
// buffered on the way. A HEAD request gets the header alone.
Reply event_stream_reply(const Request& request, std::shared_ptr<EventSubscriber> subscriber);

}  // namespace councilcast::portal
