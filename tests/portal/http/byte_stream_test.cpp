#include "portal/http/byte_stream.hpp"

#include <doctest/doctest.h>

#include <boost/beast/http.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "portal/http/http_server.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/raw_http.hpp"
#include "tests/support/running_server.hpp"

using namespace councilcast;
using councilcast::testing::RawConnection;
namespace http = boost::beast::http;
using namespace std::chrono_literals;

namespace {

constexpr auto kDeadline = 10s;

// What the producer of one answer did, for the test to look at once it has ended.
struct Production {
    std::atomic<std::size_t> pushed{0};
    std::promise<bool> stopped;  // true: a push returned false
    std::future<bool> result = stopped.get_future();
};

// The server answers /body with `chunks` chunks of `chunk_bytes` bytes ('a', 'b', ... by
// chunk), pushed by a thread of their own as the media pool would; /broken fails after one.
class ProducingServer : public testing::RunningServer {
  public:
    ProducingServer(std::size_t chunks, std::size_t chunk_bytes, std::size_t queue_limit,
                    config::HttpLimits limits = {})
        : RunningServer(limits,
                        [this](portal::Request request, portal::RequestContext) {
                            return answer(std::move(request));
                        }),
          chunks_(chunks),
          chunk_bytes_(chunk_bytes),
          queue_limit_(queue_limit) {}
    ~ProducingServer() {
        for (auto& producer : producers_) producer.join();
    }
    RawConnection connect() const { return RawConnection("127.0.0.1", port()); }
    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(port()) + path;
    }
    Production& last() { return *productions_.back(); }
    std::size_t productions() const { return productions_.size(); }

  private:
    boost::asio::awaitable<portal::Reply> answer(portal::Request request) {
        auto stream = std::make_shared<portal::ByteStream>(queue_limit_);
        http::response<http::empty_body> head{http::status::ok, request.version()};
        head.set(http::field::content_type, "application/octet-stream");
        const bool broken = request.target() == "/broken";
        if (request.method() != http::verb::head) {
            productions_.push_back(std::make_unique<Production>());
            Production& production = *productions_.back();
            producers_.emplace_back([this, stream, broken, &production] {
                for (std::size_t i = 0; i < chunks_; ++i) {
                    const std::string chunk(chunk_bytes_, static_cast<char>('a' + i % 26));
                    if (!stream->push(
                            {reinterpret_cast<const std::uint8_t*>(chunk.data()), chunk.size()})) {
                        production.stopped.set_value(true);
                        return;
                    }
                    production.pushed += chunk.size();
                    if (broken) {
                        stream->fail();
                        production.stopped.set_value(false);
                        return;
                    }
                }
                stream->finish();
                production.stopped.set_value(false);
            });
        }
        co_return portal::byte_stream_reply(request, std::move(head), stream);
    }

    const std::size_t chunks_;
    const std::size_t chunk_bytes_;
    const std::size_t queue_limit_;
    std::vector<std::unique_ptr<Production>> productions_;  // on the server's one thread
    std::vector<std::thread> producers_;
};

std::string expected_body(std::size_t chunks, std::size_t chunk_bytes) {
    std::string body;
    for (std::size_t i = 0; i < chunks; ++i)
        body.append(chunk_bytes, static_cast<char>('a' + i % 26));
    return body;
}

bool finished_within(Production& production) {
    return production.result.wait_for(kDeadline) == std::future_status::ready;
}

}  // namespace

TEST_CASE("a produced body reaches a real client whole, in chunks, as it is made") {
    ProducingServer server(40, 10'000, 64 * 1024);
    testing::HttpClient client;
    const testing::HttpResult result = client.get(server.url("/body"));
    CHECK(result.status == 200);
    CHECK(result.header("transfer-encoding") == "chunked");
    CHECK(result.header("content-length").empty());
    CHECK(result.header("content-type") == "application/octet-stream");
    CHECK(result.body == expected_body(40, 10'000));
    REQUIRE(finished_within(server.last()));
    CHECK_FALSE(server.last().result.get());
}

TEST_CASE("after a whole produced body the connection serves the next request") {
    ProducingServer server(3, 5, 1024);
    RawConnection c = server.connect();
    c.send("GET /body HTTP/1.1\r\nHost: a\r\n\r\n");
    const std::string first = c.read_until("0\r\n\r\n", kDeadline);
    CHECK(first.find("Transfer-Encoding: chunked\r\n") != std::string::npos);
    CHECK(first.find("\r\n\r\n5\r\naaaaa\r\n5\r\nbbbbb\r\n5\r\nccccc\r\n0\r\n\r\n") !=
          std::string::npos);
    c.send("GET /body HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    const std::string second = c.read_until_closed(kDeadline);
    CHECK(second.starts_with("HTTP/1.1 200"));
    CHECK(second.ends_with("0\r\n\r\n"));
}

TEST_CASE("a client that stops reading holds the producer back, and leaving stops it") {
    // 64 MiB would be copied in a blink without back-pressure; with it the producer gets no
    // further than the queue and the sockets' buffers before the client leaves.
    constexpr std::size_t kChunks = 1024;
    constexpr std::size_t kChunk = 64 * 1024;
    ProducingServer server(kChunks, kChunk, 256 * 1024);
    {
        RawConnection c = server.connect();
        c.send("GET /body HTTP/1.1\r\nHost: a\r\n\r\n");
        CHECK(c.read_until("aaaa", kDeadline).find("HTTP/1.1 200") != std::string::npos);
    }
    REQUIRE(finished_within(server.last()));
    CHECK(server.last().result.get());  // a push said stop
    CHECK(server.last().pushed < kChunks * kChunk / 4);
}

TEST_CASE("stopping the server stops a producer waiting for a slow client") {
    ProducingServer server(1024, 64 * 1024, 64 * 1024);
    RawConnection c = server.connect();
    c.send("GET /body HTTP/1.1\r\nHost: a\r\n\r\n");
    CHECK(c.read_until("aaaa", kDeadline).find("HTTP/1.1 200") != std::string::npos);
    server.stop();
    REQUIRE(finished_within(server.last()));
    CHECK(server.last().result.get());
    CHECK(c.closed_within(kDeadline));
}

TEST_CASE("a producer that fails leaves the body unfinished and the connection closed") {
    ProducingServer server(3, 5, 1024);
    RawConnection c = server.connect();
    c.send("GET /broken HTTP/1.1\r\nHost: a\r\n\r\n");
    const std::string got = c.read_until_closed(kDeadline);
    CHECK(got.find("5\r\naaaaa\r\n") != std::string::npos);
    CHECK_FALSE(got.ends_with("0\r\n\r\n"));
}

TEST_CASE("an HTTP/1.0 client gets the body until the connection closes; HEAD only the head") {
    ProducingServer server(3, 5, 1024);
    {
        RawConnection c = server.connect();
        c.send("GET /body HTTP/1.0\r\n\r\n");
        const std::string got = c.read_until_closed(kDeadline);
        CHECK(got.starts_with("HTTP/1.0 200"));
        CHECK(got.find("chunked") == std::string::npos);
        CHECK(got.ends_with("\r\n\r\naaaaabbbbbccccc"));
    }
    testing::HttpClient client;
    const testing::HttpResult head = client.head(server.url("/body"));
    CHECK(head.status == 200);
    CHECK(head.body.empty());
    CHECK(server.productions() == 1);  // HEAD started no work
}
