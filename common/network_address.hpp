// The one parser of the addresses the configuration names: where to listen (HOST:PORT), web
// origins (server.public_url, the sites that may frame the widgets) and address ranges (who may
// read /metrics). Boost.URL and Boost.Asio do the grammar.
#pragma once

#include <boost/asio/ip/address.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace councilcast {

struct ListenAddress {
    std::string ip;          // "0.0.0.0", "127.0.0.1", "::" (an IPv6 address without its brackets)
    std::uint16_t port = 0;  // 0: the system picks a free port
};

// "127.0.0.1:8080", "0.0.0.0:80", "[::]:8443". Host names are refused: they are not resolved.
// Throws InvalidInput saying what is wrong, in words for whoever wrote the configuration.
ListenAddress parse_listen_address(std::string_view listen);

struct WebOrigin {
    std::string scheme;  // "https" or "http"
    std::string host;    // lowercased; an IPv6 address in brackets, as in a URL
    std::string port;    // as written; empty when the scheme's own
};

// "https://www.elektrenai.lt", "http://127.0.0.1:8081": a scheme and host, an optional port, and
// nothing else (no user, path, query or fragment). Throws InvalidInput saying what is wrong.
WebOrigin parse_web_origin(std::string_view url);

// An address range in CIDR notation: "10.0.0.0/8", "127.0.0.1/32", "::1/128", "fd00::/8".
struct AddressRange {
    boost::asio::ip::address network;
    unsigned prefix_length = 0;

    // Whether `address` lies in the range (an IPv4-mapped IPv6 address counts as its IPv4 one).
    bool contains(const boost::asio::ip::address& address) const;
};

// Throws InvalidInput saying what is wrong (not CIDR, a prefix too long, host bits set).
AddressRange parse_address_range(std::string_view cidr);

}  // namespace councilcast
