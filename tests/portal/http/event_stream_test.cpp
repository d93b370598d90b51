#include "portal/http/event_stream.hpp"

#include <doctest/doctest.h>

#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "portal/http/http_server.hpp"
#include "tests/support/raw_http.hpp"
#include "tests/support/running_server.hpp"

using namespace councilcast;
using councilcast::testing::RawConnection;
namespace http = boost::beast::http;
using namespace std::chrono_literals;

namespace {

constexpr auto kDeadline = 5s;

// Waits for a condition another thread makes true, failing the test after the deadline.
bool eventually(const std::function<bool()>& condition) {
    const auto until = std::chrono::steady_clock::now() + kDeadline;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > until) return false;
        std::this_thread::yield();
    }
    return true;
}

// The real server: GET /events streams `topic`; anything else is a small text answer.
class StreamServer : public testing::RunningServer {
  public:
    explicit StreamServer(portal::EventTopic& topic, config::HttpLimits limits = {})
        : RunningServer(limits, [&topic](portal::Request request, portal::RequestContext) {
              return answer(topic, std::move(request));
          }) {}
    RawConnection connect() const { return RawConnection("127.0.0.1", port()); }

  private:
    static boost::asio::awaitable<portal::Reply> answer(portal::EventTopic& topic,
                                                        portal::Request request) {
        if (request.target() == "/events") {
            co_return portal::event_stream_reply(request,
                                                 topic.subscribe(portal::last_event_id(request)));
        }
        http::response<http::string_body> res{http::status::ok, request.version()};
        res.body() = "plain\n";
        res.prepare_payload();
        co_return res;
    }
};

portal::Event event(int n, std::string data = {}) {
    return {std::to_string(n), "note", data.empty() ? "note " + std::to_string(n) : data};
}

// Asks for the stream on `c`, with `extra_headers` (each ending in CRLF).
void subscribe(RawConnection& c, const std::string& extra_headers = "") {
    c.send("GET /events HTTP/1.1\r\nHost: a\r\n" + extra_headers + "\r\n");
}

// Reads until `marker`, keeping everything read so far.
struct Reader {
    RawConnection& connection;
    std::string seen;
    bool until(const std::string& marker, std::chrono::milliseconds deadline = kDeadline) {
        const auto end = std::chrono::steady_clock::now() + deadline;
        while (seen.find(marker) == std::string::npos) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                end - std::chrono::steady_clock::now());
            if (left <= 0ms) return false;
            std::string more = connection.read_until(marker, left);
            if (more.empty()) return seen.find(marker) != std::string::npos;
            seen += more;
        }
        return true;
    }
};

}  // namespace

TEST_CASE("an event is rendered in the text/event-stream format, a line of data per line") {
    CHECK(portal::render_event({"7", "meeting", "one"}) == "id: 7\nevent: meeting\ndata: one\n\n");
    CHECK(portal::render_event({"8", "note", "a\nb\r\nc\rd"}) ==
          "id: 8\nevent: note\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
}

TEST_CASE("an event is rendered once and the same bytes go to every subscriber") {
    portal::EventTopic topic;
    auto first = topic.subscribe(std::nullopt);
    auto second = topic.subscribe(std::nullopt);
    const auto chunk = topic.publish(event(1));
    auto a = first->take().chunks;
    auto b = second->take().chunks;
    REQUIRE(a.size() == 2);  // the retry: hint, then the event
    REQUIRE(b.size() == 2);
    CHECK(a.back().get() == chunk.get());
    CHECK(b.back().get() == chunk.get());
    CHECK(*a.front() == "retry: 5000\n\n");
}

TEST_CASE("a stream has the event-stream headers and its events reach two clients in order") {
    portal::EventTopic topic;
    StreamServer server(topic);
    RawConnection one = server.connect();
    subscribe(one);
    RawConnection two = server.connect();
    subscribe(two);
    REQUIRE(eventually([&] { return topic.subscribers() == 2; }));
    topic.publish(event(1));
    topic.publish(event(2));
    topic.publish(event(3));
    for (RawConnection* c : {&one, &two}) {
        Reader reader{*c};
        REQUIRE(reader.until("data: note 3\n\n"));
        const std::string& text = reader.seen;
        CHECK(text.starts_with("HTTP/1.1 200 OK\r\n"));
        CHECK(text.find("Content-Type: text/event-stream") != std::string::npos);
        CHECK(text.find("Cache-Control: no-store") != std::string::npos);
        CHECK(text.find("X-Accel-Buffering: no") != std::string::npos);
        CHECK(text.find("X-Content-Type-Options: nosniff") != std::string::npos);
        CHECK(text.find("retry: 5000\n") != std::string::npos);
        const auto first = text.find("id: 1\n");
        const auto second = text.find("id: 2\n");
        const auto third = text.find("id: 3\n");
        REQUIRE(first != std::string::npos);
        CHECK(first < second);
        CHECK(second < third);
    }
}

TEST_CASE("a client coming back with Last-Event-ID gets what it missed, or a reset") {
    portal::EventTopic topic(portal::kEventQueueLimit, 3);
    StreamServer server(topic);
    for (int n = 1; n <= 5; ++n) topic.publish(event(n));  // 3, 4 and 5 are kept

    RawConnection back = server.connect();
    subscribe(back, "Last-Event-ID: 3\r\n");
    Reader reader{back};
    REQUIRE(reader.until("data: note 5\n\n"));
    CHECK(reader.seen.find("id: 3\n") == std::string::npos);
    CHECK(reader.seen.find("id: 4\n") < reader.seen.find("id: 5\n"));

    RawConnection late = server.connect();
    subscribe(late, "Last-Event-ID: 1\r\n");
    Reader late_reader{late};
    REQUIRE(late_reader.until("event: reset\n"));
    CHECK(late_reader.seen.find("id: 5\n") == std::string::npos);

    RawConnection current = server.connect();
    subscribe(current, "Last-Event-ID: 5\r\n");
    Reader current_reader{current};
    REQUIRE(eventually([&] { return topic.subscribers() == 3; }));
    topic.publish(event(6));
    REQUIRE(current_reader.until("data: note 6\n\n"));
    CHECK(current_reader.seen.find("event: reset") == std::string::npos);
    CHECK(current_reader.seen.find("id: 5\n") == std::string::npos);
}

TEST_CASE("a client that stops reading is dropped while one that reads keeps receiving") {
    constexpr std::size_t kQueue = 4;
    portal::EventTopic topic(kQueue);
    StreamServer server(topic);
    RawConnection slow = server.connect();
    subscribe(slow);  // never read until the end
    RawConnection fast = server.connect();
    subscribe(fast);
    REQUIRE(eventually([&] { return topic.subscribers() == 2; }));
    // Large events fill the slow client's socket buffers, then its queue.
    const std::string payload(64 * 1024, 'x');
    Reader reader{fast};
    int published = 0;
    while (topic.subscribers() == 2 && published < 2000) {
        ++published;
        topic.publish(event(published, payload));
        REQUIRE(reader.until("id: " + std::to_string(published) + "\n"));
        reader.seen.erase(0, reader.seen.size() - std::min<std::size_t>(reader.seen.size(), 64));
    }
    CHECK(topic.subscribers() == 1);
    MESSAGE("the slow client was dropped after " << published << " events of 64 KiB");
    CHECK(eventually([&] { return server.open_connections() == 1; }));
    for (int n = published + 1; n <= published + 3; ++n) {
        topic.publish(event(n));
        CHECK(reader.until("data: note " + std::to_string(n) + "\n\n"));
    }
    CHECK(slow.closed_within(kDeadline));
}

TEST_CASE("a quiet stream gets heartbeats and outlives the read and idle timeouts") {
    portal::EventTopic topic(portal::kEventQueueLimit, portal::kEventResumeLimit, 200ms);
    config::HttpLimits limits;
    limits.read_timeout = 1s;
    limits.idle_timeout = 1s;
    StreamServer server(topic, limits);
    RawConnection c = server.connect();
    subscribe(c);
    Reader reader{c};
    REQUIRE(reader.until("retry: 5000\n\n"));
    reader.seen.clear();
    // Heartbeats for longer than both timeouts: the connection stays and hears them.
    const auto until = std::chrono::steady_clock::now() + 2500ms;
    int heartbeats = 0;
    while (std::chrono::steady_clock::now() < until) {
        REQUIRE(reader.until(":\n\n", 1s));
        reader.seen.erase(0, reader.seen.find(":\n\n") + 3);
        ++heartbeats;
    }
    CHECK(heartbeats >= 5);
    topic.publish(event(1));
    CHECK(reader.until("data: note 1\n\n"));
}

TEST_CASE("a client that leaves frees its connection by the next heartbeats") {
    portal::EventTopic topic(portal::kEventQueueLimit, portal::kEventResumeLimit, 100ms);
    StreamServer server(topic);
    {
        RawConnection c = server.connect();
        subscribe(c);
        Reader reader{c};
        REQUIRE(reader.until("retry: 5000\n\n"));
        CHECK(server.open_connections() == 1);
    }
    // A write to a closed connection may succeed once (the reset comes back after it); the one
    // after fails and ends the stream.
    CHECK(eventually([&] { return server.open_connections() == 0; }));
    CHECK(eventually([&] { return topic.subscribers() == 0; }));
}

TEST_CASE("stopping the server ends its streams") {
    portal::EventTopic topic;
    StreamServer server(topic);
    RawConnection c = server.connect();
    subscribe(c);
    Reader reader{c};
    REQUIRE(reader.until("retry: 5000\n\n"));
    server.stop();
    CHECK(c.closed_within(kDeadline));
    CHECK(eventually([&] { return server.open_connections() == 0; }));
}

TEST_CASE("a stream counts against the connections a client may hold") {
    portal::EventTopic topic;
    config::HttpLimits limits;
    limits.max_connections_per_address = 2;
    StreamServer server(topic, limits);
    RawConnection one = server.connect();
    subscribe(one);
    RawConnection two = server.connect();
    subscribe(two);
    REQUIRE(eventually([&] { return topic.subscribers() == 2; }));
    RawConnection third("127.0.0.1", server.port());
    third.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    CHECK(third.read_until_closed(kDeadline).starts_with("HTTP/1.1 503"));
}
