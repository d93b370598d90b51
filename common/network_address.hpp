// The one parser of the addresses the configuration names: where to listen (HOST:PORT) and web
// origins (server.public_url, the sites that may frame the widgets). Boost.URL does the grammar.
#pragma once

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

}  // namespace councilcast
