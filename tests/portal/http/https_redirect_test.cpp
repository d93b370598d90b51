#include "portal/http/https_redirect.hpp"

#include <doctest/doctest.h>

using councilcast::portal::HttpsRedirect;
using councilcast::portal::Request;
namespace http = boost::beast::http;

namespace {

Request request(http::verb method, std::string target, const char* host = "tv.example.lt") {
    Request req{method, target, 11};
    if (host) req.set(http::field::host, host);
    return req;
}

}  // namespace

TEST_CASE("GET and HEAD move permanently to the same path and query over HTTPS") {
    HttpsRedirect redirect("", 443);
    auto res = redirect.answer(request(http::verb::get, "/api/v1/live?lang=en&x=%20y"));
    CHECK(res.result() == http::status::permanent_redirect);
    CHECK(res[http::field::location] == "https://tv.example.lt/api/v1/live?lang=en&x=%20y");

    auto head = redirect.answer(request(http::verb::head, "/"));
    CHECK(head.result() == http::status::permanent_redirect);
    CHECK(head[http::field::location] == "https://tv.example.lt/");
    CHECK(head.body().empty());
}

TEST_CASE("the port in Host is replaced by the HTTPS port, left out when it is 443") {
    CHECK(HttpsRedirect("", 8443).answer(
              request(http::verb::get, "/a", "Tv.Example.LT:8080"))[http::field::location] ==
          "https://tv.example.lt:8443/a");
    CHECK(HttpsRedirect("", 443).answer(
              request(http::verb::get, "/a", "192.0.2.7:80"))[http::field::location] ==
          "https://192.0.2.7/a");
    CHECK(HttpsRedirect("", 443).answer(
              request(http::verb::get, "/a", "[2001:db8::1]:80"))[http::field::location] ==
          "https://[2001:db8::1]/a");
}

TEST_CASE("public_url decides the host, whatever the request says") {
    HttpsRedirect redirect("https://tv.elektrenai.lt", 8443);
    CHECK(redirect.answer(
              request(http::verb::get, "/x?y=1", "evil.example"))[http::field::location] ==
          "https://tv.elektrenai.lt/x?y=1");
    CHECK(redirect.answer(request(http::verb::get, "/x", nullptr))[http::field::location] ==
          "https://tv.elektrenai.lt/x");
    CHECK(HttpsRedirect("https://tv.elektrenai.lt:444", 8443)
              .answer(request(http::verb::get, "/"))[http::field::location] ==
          "https://tv.elektrenai.lt:444/");
    // An http:// public_url names the host; the port is the HTTPS one.
    CHECK(HttpsRedirect("http://tv.elektrenai.lt:8080", 8443)
              .answer(request(http::verb::get, "/"))[http::field::location] ==
          "https://tv.elektrenai.lt:8443/");
}

TEST_CASE("a missing, repeated or hostile Host gets 400 and no Location") {
    HttpsRedirect redirect("", 443);
    for (const char* host :
         {"", "evil.com/@x", "a b", "evil.com\r\nSet-Cookie: x=1", "x:99999", "x:80@evil.com",
          "-bad.lt", "a..b", "[not-v6]", "[::1", "ex\xc4\x85.lt", "evil.com:80/x"}) {
        CAPTURE(host);
        auto res = redirect.answer(request(http::verb::get, "/", host));
        CHECK(res.result() == http::status::bad_request);
        CHECK(res.find(http::field::location) == res.end());
    }
    CHECK(redirect.answer(request(http::verb::get, "/", nullptr)).result() ==
          http::status::bad_request);
    auto twice = request(http::verb::get, "/");
    twice.insert(http::field::host, "other.example");
    CHECK(redirect.answer(twice).result() == http::status::bad_request);
}

TEST_CASE("a target that is not a path gets 400") {
    HttpsRedirect redirect("", 443);
    for (const char* target : {"*", "http://evil.com/", "evil.com"}) {
        CAPTURE(target);
        CHECK(redirect.answer(request(http::verb::get, target)).result() ==
              http::status::bad_request);
    }
}

TEST_CASE("other methods are refused, never redirected") {
    HttpsRedirect redirect("https://tv.elektrenai.lt", 443);
    for (auto method : {http::verb::post, http::verb::put, http::verb::delete_}) {
        auto res = redirect.answer(request(method, "/login"));
        CHECK(res.result() == http::status::method_not_allowed);
        CHECK(res[http::field::allow] == "GET, HEAD");
        CHECK(res.find(http::field::location) == res.end());
    }
}

TEST_CASE("the bodies are the texts the composition root hands in, for the request") {
    HttpsRedirect redirect("", 443,
                           [](const Request& req, std::string_view key, std::string_view location) {
                               return std::string(req[http::field::accept_language]) + "|" +
                                      std::string(key) + "|" + std::string(location);
                           });
    auto english = request(http::verb::get, "/a?b=1");
    english.set(http::field::accept_language, "en-GB,en;q=0.9");
    CHECK(redirect.answer(english).body() ==
          "en-GB,en;q=0.9|redirect_moved|https://tv.example.lt/a?b=1\n");
    CHECK(redirect.answer(request(http::verb::get, "/", "a b")).body() == "|redirect_bad_host|\n");
    CHECK(redirect.answer(request(http::verb::get, "*")).body() == "|redirect_bad_target|\n");
    CHECK(redirect.answer(request(http::verb::post, "/")).body() == "|redirect_https_only|\n");
    // Without texts: the reason phrase, and no English sentence written in C++.
    CHECK(HttpsRedirect("", 443).answer(request(http::verb::post, "/")).body() ==
          "Method Not Allowed");
}
