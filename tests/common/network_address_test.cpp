#include "common/network_address.hpp"

#include <doctest/doctest.h>

#include "common/error.hpp"

using namespace councilcast;

TEST_CASE("a listen address is an IP address and a port, IPv6 in brackets") {
    CHECK(parse_listen_address("127.0.0.1:8080").ip == "127.0.0.1");
    CHECK(parse_listen_address("127.0.0.1:8080").port == 8080);
    CHECK(parse_listen_address("0.0.0.0:0").port == 0);
    CHECK(parse_listen_address("[::]:8443").ip == "::");
    CHECK(parse_listen_address("[2001:db8::1]:65535").ip == "2001:db8::1");
    CHECK(parse_listen_address("[2001:db8::1]:65535").port == 65535);
    for (const char* bad :
         {"", "8080", ":8080", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:99999", "127.0.0.1:-1",
          "127.0.0.1:80a", "localhost:8080", "::1:8080", "[::1:8080", "[not-v6]:80",
          "user@127.0.0.1:80", "127.0.0.1 :80", "999.0.0.1:80", "127.0.0.1:000080"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_listen_address(bad), InvalidInput);
    }
}

TEST_CASE("an origin is a scheme and a host with an optional port, nothing else") {
    const WebOrigin plain = parse_web_origin("https://WWW.Elektrenai.lt");
    CHECK(plain.scheme == "https");
    CHECK(plain.host == "www.elektrenai.lt");
    CHECK(plain.port.empty());
    const WebOrigin with_port = parse_web_origin("http://127.0.0.1:8081");
    CHECK(with_port.scheme == "http");
    CHECK(with_port.host == "127.0.0.1");
    CHECK(with_port.port == "8081");
    CHECK(parse_web_origin("https://[2001:db8::1]:8443").host == "[2001:db8::1]");
    for (const char* bad :
         {"", "www.elektrenai.lt", "ftp://example.lt", "javascript:x", "https://", "https://a.lt/",
          "https://a.lt/path", "https://a.lt?x=1", "https://a.lt#x", "https://user@a.lt",
          "https://a.lt:99999", "https://a.lt:", "https://a;b.lt", "https://a'b.lt",
          "https://a%20b.lt", "https://a.lt, https://evil.lt", "https://[v1.x]"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_web_origin(bad), InvalidInput);
    }
}

TEST_CASE("an address range is a CIDR network; it holds the addresses under its prefix") {
    const boost::asio::ip::address local = boost::asio::ip::make_address("127.0.0.1");
    CHECK(parse_address_range("127.0.0.1/32").contains(local));
    CHECK_FALSE(parse_address_range("127.0.0.2/32").contains(local));
    CHECK(parse_address_range("10.0.0.0/8").contains(boost::asio::ip::make_address("10.9.8.7")));
    CHECK_FALSE(
        parse_address_range("10.0.0.0/8").contains(boost::asio::ip::make_address("11.0.0.1")));
    // An IPv4 client on a dual-stack socket arrives IPv4-mapped.
    CHECK(parse_address_range("10.0.0.0/8")
              .contains(boost::asio::ip::make_address("::ffff:10.1.2.3")));
    CHECK(parse_address_range("fd00::/8").contains(boost::asio::ip::make_address("fd12::1")));
    CHECK_FALSE(parse_address_range("::1/128").contains(local));
    for (const char* bad : {"10.0.0.1", "10.0.0.1/8", "10.0.0.0/33", "tv.elektrenai.lt/32",
                            "fd00::1/8", "", "10.0.0.0/-1"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_address_range(bad), InvalidInput);
    }
}
