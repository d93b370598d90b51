#include "portal/http/reply.hpp"

#include <doctest/doctest.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>

#include <memory>
#include <string>

#include "portal/http/shared_body.hpp"

using namespace councilcast;
namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

// What a client would read, pulled out of the generator as the server's write would.
std::string written(portal::Reply reply) {
    http::message_generator generator = reply.release();
    std::string bytes;
    boost::beast::error_code ec;
    while (!generator.is_done()) {
        auto buffers = generator.prepare(ec);
        REQUIRE_FALSE(ec);
        const std::size_t size = asio::buffer_size(buffers);
        const std::size_t old_size = bytes.size();
        bytes.resize(old_size + size);
        asio::buffer_copy(asio::buffer(bytes.data() + old_size, size), buffers);
        generator.consume(size);
    }
    return bytes;
}

}  // namespace

TEST_CASE("a reply's status and header stay readable and writable until it is written") {
    http::response<http::string_body> text{http::status::not_found, 11};
    text.body() = "nothing here\n";
    text.prepare_payload();
    portal::Reply reply = std::move(text);
    CHECK(reply.status() == http::status::not_found);
    CHECK(reply.status_code() == 404);
    CHECK(reply.keep_alive());
    CHECK_FALSE(reply.subscriber());
    reply.header().set("X-Added", "later");
    const std::string bytes = written(std::move(reply));
    CHECK(bytes.starts_with("HTTP/1.1 404 Not Found\r\n"));
    CHECK(bytes.find("\r\nX-Added: later\r\n") != std::string::npos);
    CHECK(bytes.ends_with("\r\n\r\nnothing here\n"));
}

TEST_CASE("any body type can be a reply: shared bytes are not copied") {
    auto data = std::make_shared<const std::string>("0123456789");
    http::response<portal::SharedBody> shared{http::status::partial_content, 11};
    shared.body() = {data, 2, 3};
    shared.content_length(3);
    shared.keep_alive(false);
    portal::Reply reply = std::move(shared);
    CHECK(reply.status_code() == 206);
    CHECK_FALSE(reply.keep_alive());
    reply.header().set(http::field::content_range, "bytes 2-4/10");
    const std::string bytes = written(std::move(reply));
    CHECK(bytes.find("Content-Range: bytes 2-4/10\r\n") != std::string::npos);
    CHECK(bytes.ends_with("\r\n\r\n234"));
}
