#include "portal/http/forwarded_client.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace councilcast;
using namespace councilcast::portal;
using boost::asio::ip::make_address;
namespace http = boost::beast::http;

namespace {

const auto kProxy = make_address("10.0.0.2");

ForwardedClient trusting(std::vector<std::string> ranges,
                         ForwardedClient::Header header = ForwardedClient::Header::kXForwardedFor) {
    std::vector<AddressRange> parsed;
    for (const auto& range : ranges) parsed.push_back(parse_address_range(range));
    return ForwardedClient(std::move(parsed), header);
}

http::fields with(std::string_view name, std::vector<std::string> values) {
    http::fields fields;
    for (const auto& value : values) fields.insert(name, value);
    return fields;
}

std::string client(const ForwardedClient& forwarded, const boost::asio::ip::address& peer,
                   const http::fields& fields) {
    const auto found = forwarded.forwarded_for(peer, fields);
    return found ? found->to_string() : "peer";
}

}  // namespace

TEST_CASE("the client is the right-most X-Forwarded-For hop that is no trusted proxy") {
    const ForwardedClient forwarded = trusting({"10.0.0.0/8"});
    const std::string_view xff = "X-Forwarded-For";
    CHECK(client(forwarded, kProxy, with(xff, {"203.0.113.7"})) == "203.0.113.7");
    // Whatever the client wrote is to the left of what our proxies added.
    CHECK(client(forwarded, kProxy, with(xff, {"198.51.100.1, 203.0.113.7"})) == "203.0.113.7");
    CHECK(client(forwarded, kProxy, with(xff, {"garbage, 203.0.113.7, 10.0.0.9"})) ==
          "203.0.113.7");
    CHECK(client(forwarded, kProxy, with(xff, {"198.51.100.1", "203.0.113.7"})) == "203.0.113.7");
    CHECK(client(forwarded, kProxy, with(xff, {"2001:db8::5"})) == "2001:db8::5");
    CHECK(client(forwarded, kProxy, with(xff, {"[2001:db8::5]:4711"})) == "2001:db8::5");
    CHECK(client(forwarded, kProxy, with(xff, {"203.0.113.7:4711"})) == "203.0.113.7");
    CHECK(client(forwarded, kProxy, with(xff, {"::ffff:203.0.113.7"})) == "203.0.113.7");
    // Only our own machines: the left-most of them sent it.
    CHECK(client(forwarded, kProxy, with(xff, {"10.1.1.1, 10.0.0.9"})) == "10.1.1.1");
    // No header, or nothing that reads as an address where the client should be: the peer.
    CHECK(client(forwarded, kProxy, {}) == "peer");
    CHECK(client(forwarded, kProxy, with(xff, {""})) == "peer");
    CHECK(client(forwarded, kProxy, with(xff, {"203.0.113.7, unknown"})) == "peer");
    CHECK(client(forwarded, kProxy, with(xff, {"203.0.113.7,,"})) == "peer");
    CHECK(client(forwarded, kProxy, with(xff, {"[2001:db8::5"})) == "peer");
    CHECK(client(forwarded, kProxy, with(xff, {"evil.example"})) == "peer");
    // A peer that is no trusted proxy is the client, whatever it says.
    CHECK(client(forwarded, make_address("203.0.113.9"), with(xff, {"198.51.100.1"})) == "peer");
    CHECK(client(trusting({}), kProxy, with(xff, {"198.51.100.1"})) == "peer");
    // The other header is not read.
    CHECK(client(forwarded, kProxy, with("Forwarded", {"for=198.51.100.1"})) == "peer");
}

TEST_CASE("reading a long forwarding list is bounded, and the right end is what counts") {
    const ForwardedClient forwarded = trusting({"10.0.0.0/8"});
    std::string list(20'000, 'x');
    list += ", 203.0.113.7";
    CHECK(client(forwarded, kProxy, with("X-Forwarded-For", {list})) == "203.0.113.7");
    // Past kMaxHops of our own machines, what lies further left is not read.
    std::string hops;
    for (std::size_t i = 0; i < ForwardedClient::kMaxHops; ++i) hops += ", 10.0.0.1";
    CHECK(client(forwarded, kProxy, with("X-Forwarded-For", {"203.0.113.7" + hops})) == "10.0.0.1");
}

TEST_CASE("Forwarded (RFC 7239) is read by its for= parameters when it is the one configured") {
    const ForwardedClient forwarded = trusting({"10.0.0.0/8"}, ForwardedClient::Header::kForwarded);
    const std::string_view name = "Forwarded";
    CHECK(client(forwarded, kProxy, with(name, {"for=203.0.113.7"})) == "203.0.113.7");
    CHECK(client(forwarded, kProxy,
                 with(name, {"for=198.51.100.1, for=203.0.113.7;proto=https"})) == "203.0.113.7");
    CHECK(client(forwarded, kProxy,
                 with(name, {R"(For="[2001:db8:cafe::17]:4711";by=10.0.0.2, for=10.0.0.3)"})) ==
          "2001:db8:cafe::17");
    CHECK(client(forwarded, kProxy,
                 with(name, {R"(for="evil, for=198.51.100.1", for=203.0.113.7)"})) ==
          "203.0.113.7");
    CHECK(client(forwarded, kProxy, with(name, {"for=_hidden"})) == "peer");
    CHECK(client(forwarded, kProxy, with(name, {"for=unknown"})) == "peer");
    CHECK(client(forwarded, kProxy, with(name, {"proto=https"})) == "peer");
    CHECK(client(forwarded, kProxy, with("X-Forwarded-For", {"203.0.113.7"})) == "peer");
}
