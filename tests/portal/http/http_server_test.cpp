#include "portal/http/http_server.hpp"

#include <doctest/doctest.h>

#include <boost/beast/http.hpp>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "portal/http/file_cache.hpp"
#include "portal/http/file_response.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/raw_http.hpp"
#include "tests/support/running_server.hpp"

using namespace councilcast;
using councilcast::testing::RawConnection;
namespace http = boost::beast::http;
using namespace std::chrono_literals;

namespace {

// The real server on 127.0.0.1:0 with a handler that echoes the body length.
boost::asio::awaitable<portal::Reply> echo_length(portal::Request request, portal::RequestContext) {
    http::response<http::string_body> res{http::status::ok, request.version()};
    res.body() = "got " + std::to_string(request.body().size()) + "\n";
    res.keep_alive(request.keep_alive());
    res.prepare_payload();
    co_return res;
}

class TestServer : public testing::RunningServer {
  public:
    explicit TestServer(const config::HttpLimits& limits, portal::UploadRule uploads = {})
        : RunningServer(limits, echo_length, nullptr, std::move(uploads), {}, too_large_text) {}

    // As a site would say it, with what the server hands over: the page, the limit, a file?
    static std::string too_large_text(const http::request_header<>& header, std::string_view limit,
                                      bool upload) {
        return std::string(header.target()) + (upload ? ": a file up to " : ": at most ") +
               std::string(limit);
    }
    RawConnection connect() const { return RawConnection("127.0.0.1", port()); }
};

// As the site's rule says: a POST to /upload may carry a file.
bool posts_to_upload(const http::request_header<>& header) {
    return header.method() == http::verb::post && header.target() == "/upload";
}

config::HttpLimits upload_limits() {
    config::HttpLimits limits;
    limits.max_body_bytes = 1024;
    limits.max_upload_bytes = 4096;
    limits.read_timeout = 2s;
    return limits;
}

config::HttpLimits small_limits() {
    config::HttpLimits limits;
    limits.max_header_bytes = 1024;
    limits.max_body_bytes = 100;
    limits.read_timeout = 1s;
    limits.idle_timeout = 2s;
    limits.max_connections_per_address = 3;
    return limits;
}

}  // namespace

TEST_CASE("a well-formed request is answered and the connection kept alive") {
    TestServer server(small_limits());
    RawConnection c = server.connect();
    REQUIRE(c.connected());
    c.send("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello");
    CHECK(c.read_until("got 5\n", 5s).find("HTTP/1.1 200 OK") == 0);
    c.send("GET /y HTTP/1.1\r\nHost: a\r\n\r\n");
    CHECK(c.read_until("got 0\n", 5s).find("200 OK") != std::string::npos);
}

TEST_CASE("a chunked body is accepted") {
    TestServer server(small_limits());
    RawConnection c = server.connect();
    c.send(
        "POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
    CHECK(c.read_until("got 3\n", 5s).find("200 OK") != std::string::npos);
}

TEST_CASE("a Transfer-Encoding other than chunked gets 400 and the connection closes") {
    TestServer server(small_limits());
    for (std::string coding : {"gzip", "gzip, chunked", "chunked, gzip", "identity"}) {
        CAPTURE(coding);
        RawConnection c = server.connect();
        c.send("POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: " + coding +
               "\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        std::string reply = c.read_until_closed(5s);
        CHECK(reply.find("HTTP/1.1 400") == 0);
        CHECK(reply.find("got") == std::string::npos);
        CHECK(c.closed_within(1s));
    }
}

TEST_CASE("oversized headers get 431 and oversized bodies 413") {
    TestServer server(small_limits());
    {
        RawConnection c = server.connect();
        c.send("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n");
        CHECK(c.read_until_closed(5s).find("HTTP/1.1 431") == 0);
    }
    {
        RawConnection c = server.connect();
        c.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n" +
               std::string(1000, 'b'));
        CHECK(c.read_until_closed(5s).find("HTTP/1.1 413") == 0);
    }
}

TEST_CASE("every answer, refusals included, has the common headers and is reported once") {
    std::mutex mutex;
    std::vector<std::pair<std::string, unsigned>> reported;
    testing::RunningServer server(small_limits(), echo_length, nullptr, {},
                                  [&](std::string_view target, const portal::Reply& reply) {
                                      std::lock_guard lock(mutex);
                                      reported.emplace_back(target, reply.status_code());
                                  });
    auto ask = [&](const std::string& request) {
        RawConnection c("127.0.0.1", server.port());
        c.send(request);
        return c.read_until("\r\n\r\n", 5s);
    };
    const std::string ok = ask("GET /fine HTTP/1.1\r\nHost: a\r\n\r\n");
    const std::string too_large =
        ask("POST /big HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n");
    const std::string header_too_large =
        ask("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n");
    const std::string bad = ask("GET /te HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n");
    for (const std::string& reply : {ok, too_large, header_too_large, bad}) {
        CAPTURE(reply);
        CHECK(reply.find("\r\nX-Content-Type-Options: nosniff\r\n") != std::string::npos);
        CHECK(reply.find("\r\nReferrer-Policy: strict-origin-when-cross-origin\r\n") !=
              std::string::npos);
        // Plain HTTP: never HSTS.
        CHECK(reply.find("Strict-Transport-Security") == std::string::npos);
    }
    CHECK(ok.starts_with("HTTP/1.1 200"));
    CHECK(too_large.starts_with("HTTP/1.1 413"));
    CHECK(header_too_large.starts_with("HTTP/1.1 431"));
    CHECK(bad.starts_with("HTTP/1.1 400"));
    std::lock_guard lock(mutex);
    const std::vector<std::pair<std::string, unsigned>> expected = {
        {"/fine", 200}, {"/big", 413}, {"", 431}, {"/te", 400}};
    CHECK(reported == expected);
}

TEST_CASE("only requests the upload rule names may carry a body up to max_upload_bytes") {
    TestServer server(upload_limits(), posts_to_upload);
    const std::string file(3000, 'f');
    {
        RawConnection c = server.connect();
        c.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 3000\r\n\r\n" + file);
        CHECK(c.read_until("got 3000\n", 5s).find("HTTP/1.1 200") == 0);
        // The same connection goes on, and the next request has its own, smaller limit.
        c.send("POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 3000\r\n\r\n" + file);
        const std::string refused = c.read_until_closed(5s);
        CHECK(refused.find("HTTP/1.1 413") == 0);
        CHECK(refused.find("/form: at most 1 KiB") != std::string::npos);
    }
    {
        // Refused from the header alone: the client need not send the whole file first.
        RawConnection c = server.connect();
        c.send("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 999999\r\n\r\nabc");
        const std::string refused = c.read_until_closed(5s);
        CHECK(refused.find("HTTP/1.1 413") == 0);
        CHECK(refused.find("/upload: a file up to 4 KiB") != std::string::npos);
    }
    {
        // Between the two limits, for a route that takes no files.
        RawConnection c = server.connect();
        c.send("POST /upload-not HTTP/1.1\r\nHost: a\r\nContent-Length: 2000\r\n\r\n");
        CHECK(c.read_until_closed(5s).find("HTTP/1.1 413") == 0);
    }
    {
        // A chunked body is counted as it arrives.
        RawConnection c = server.connect();
        c.send("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
        c.send("800\r\n" + std::string(2048, 'c') + "\r\n");
        c.send("800\r\n" + std::string(2048, 'c') + "\r\n");
        c.send("1\r\nc\r\n0\r\n\r\n");
        CHECK(c.read_until_closed(5s).find("HTTP/1.1 413") == 0);
    }
    {
        RawConnection c = server.connect();
        c.send("POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
        c.send("800\r\n" + std::string(2048, 'c') + "\r\n0\r\n\r\n");
        CHECK(c.read_until("got 2048\n", 5s).find("HTTP/1.1 200") == 0);
    }
}

TEST_CASE("garbage instead of a request gets 400") {
    TestServer server(small_limits());
    RawConnection c = server.connect();
    c.send("HELLO THERE\r\n\r\n");
    CHECK(c.read_until_closed(5s).find("HTTP/1.1 400") == 0);
}

TEST_CASE("a client that sends half a request is dropped after the read timeout") {
    TestServer server(small_limits());
    RawConnection c = server.connect();
    c.send("GET / HTTP/1.1\r\nHost: a\r\n");
    CHECK(c.closed_within(4s));
}

TEST_CASE("connections per address are limited and freed again") {
    TestServer server(small_limits());
    std::vector<std::unique_ptr<RawConnection>> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(std::make_unique<RawConnection>("127.0.0.1", server.port()));
        held.back()->send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        CHECK(held.back()->read_until("got 0\n", 5s).find("200 OK") != std::string::npos);
    }
    RawConnection refused = server.connect();
    CHECK(refused.read_until_closed(5s).find("HTTP/1.1 503") == 0);

    held.pop_back();
    REQUIRE(testing::wait_for([&] { return server.open_connections() == 2; }, 5s));
    RawConnection again = server.connect();
    again.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    CHECK(again.read_until("got 0\n", 5s).find("200 OK") != std::string::npos);
}

TEST_CASE("one client is an IPv4 address or an IPv6 /64") {
    using boost::asio::ip::make_address;
    using portal::ConnectionLimiter;
    CHECK(ConnectionLimiter::client_of(make_address("192.0.2.7")) == make_address("192.0.2.7"));
    CHECK(ConnectionLimiter::client_of(make_address("::ffff:192.0.2.7")) ==
          make_address("192.0.2.7"));
    CHECK(ConnectionLimiter::client_of(make_address("2001:db8:1:2:aaaa::1")) ==
          ConnectionLimiter::client_of(make_address("2001:db8:1:2:bbbb::9")));
    CHECK(ConnectionLimiter::client_of(make_address("2001:db8:1:2::1")) !=
          ConnectionLimiter::client_of(make_address("2001:db8:1:3::1")));

    ConnectionLimiter limiter(100, 2);
    CHECK(limiter.try_acquire(make_address("2001:db8::1")));
    CHECK(limiter.try_acquire(make_address("2001:db8::2")));
    CHECK_FALSE(limiter.try_acquire(make_address("2001:db8::3")));
    CHECK(limiter.try_acquire(make_address("2001:db8:0:1::3")));
    limiter.release(make_address("2001:db8::2"));
    CHECK(limiter.try_acquire(make_address("2001:db8::4")));
}

namespace {

// A file larger than what the loopback's socket buffers hold, so the server must wait for the
// client while it sends; it ends with a marker the client reads up to.
constexpr std::string_view kFileEnd = "<end of file>";

std::string write_test_file(const std::filesystem::path& path, std::size_t size) {
    std::string bytes(size, '\0');
    for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>('a' + i % 23);
    bytes += kFileEnd;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
    return bytes;
}

// A cache that keeps no file over 1 MiB: it opens them and never reads them.
portal::FileCache& small_files() {
    static portal::FileCache files(64 * 1024 * 1024, 1024 * 1024);
    return files;
}

// /open serves the file from its open descriptor, /memory the same bytes from memory alone,
// /large from its descriptor alone, as a file too large to keep in memory is served.
portal::Handler serve_file(portal::FileCache& files, std::filesystem::path path) {
    return [&files, path](portal::Request request,
                          portal::RequestContext) -> boost::asio::awaitable<portal::Reply> {
        portal::FileCache::Cached cached = request.target() == "/large"
                                               ? small_files().get_cached(path, path)
                                               : files.get_cached(path, path);
        if (request.target() == "/memory") cached.file.reset();
        co_return portal::file_response(request, std::move(cached), "video/mp2t", "no-store");
    };
}

std::string body_of(const std::string& response) {
    const auto end = response.find("\r\n\r\n");
    return end == std::string::npos ? std::string() : response.substr(end + 4);
}

}  // namespace

TEST_CASE("a file goes out whole, in part or as a header alone, from its descriptor or memory") {
    const auto path =
        std::filesystem::temp_directory_path() / "councilcast-tests" / "http-server" / "segment.ts";
    const std::string bytes = write_test_file(path, 6 * 1024 * 1024);
    portal::FileCache files(64 * 1024 * 1024, 64 * 1024 * 1024);
    REQUIRE(files.get_cached(path, path).file != nullptr);
    const auto large = small_files().get_cached(path, path);
    REQUIRE(large.file != nullptr);
    CHECK(large.data == nullptr);
    CHECK(large.size == bytes.size());
    testing::RunningServer server(small_limits(), serve_file(files, path));
    RawConnection c("127.0.0.1", server.port());
    // One kept-alive connection throughout: each answer must end exactly where it says.
    for (const std::string target : {"/open", "/memory", "/large"}) {
        CAPTURE(target);
        c.send("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n");
        const std::string whole = c.read_until(std::string(kFileEnd), 10s);
        CHECK(whole.starts_with("HTTP/1.1 200 OK\r\n"));
        CHECK(whole.find("\r\nX-Content-Type-Options: nosniff\r\n") != std::string::npos);
        CHECK(whole.find("\r\nContent-Length: " + std::to_string(bytes.size()) + "\r\n") !=
              std::string::npos);
        const bool whole_body = body_of(whole) == bytes;  // not printed: megabytes
        CHECK(whole_body);

        c.send("GET " + target + " HTTP/1.1\r\nHost: a\r\nRange: bytes=-13\r\n\r\n");
        const std::string part = c.read_until(std::string(kFileEnd), 5s);
        CHECK(part.starts_with("HTTP/1.1 206 Partial Content\r\n"));
        CHECK(body_of(part) == kFileEnd);

        c.send("GET " + target + " HTTP/1.1\r\nHost: a\r\nRange: bytes=1000-1009\r\n\r\n");
        const std::string middle = c.read_until(bytes.substr(1000, 10), 5s);
        CHECK(middle.find("\r\nContent-Range: bytes 1000-1009/" + std::to_string(bytes.size()) +
                          "\r\n") != std::string::npos);
        CHECK(body_of(middle) == bytes.substr(1000, 10));

        c.send("HEAD " + target + " HTTP/1.1\r\nHost: a\r\n\r\n");
        const std::string head = c.read_until("\r\n\r\n", 5s);
        CHECK(head.starts_with("HTTP/1.1 200 OK\r\n"));
        CHECK(head.find("\r\nContent-Length: " + std::to_string(bytes.size()) + "\r\n") !=
              std::string::npos);
        CHECK(body_of(head).empty());
    }
}

TEST_CASE("a client that stops reading a file is dropped after the write timeout") {
    const auto path =
        std::filesystem::temp_directory_path() / "councilcast-tests" / "http-server" / "large.ts";
    write_test_file(path, 48 * 1024 * 1024);
    portal::FileCache files(64 * 1024 * 1024, 64 * 1024 * 1024);
    config::HttpLimits limits = small_limits();
    limits.write_timeout = 1s;
    testing::RunningServer server(limits, serve_file(files, path));
    for (const std::string target : {"/open", "/memory", "/large"}) {
        CAPTURE(target);
        RawConnection c("127.0.0.1", server.port());
        c.send("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n");
        REQUIRE(testing::wait_for([&] { return server.open_connections() == 1; }, 5s));
        // Never read: the socket buffers fill, the server waits, then gives up on the client.
        CHECK(testing::wait_for([&] { return server.open_connections() == 0; }, 5s));
    }
}
