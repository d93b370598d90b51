// The plain-HTTP listener's answer when HTTPS is on: the same page, permanently, over HTTPS.
#pragma once

#include <boost/beast/http.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "portal/http/http_server.hpp"

namespace councilcast::portal {

// The host of "host[:port]" (a Host header, RFC 9110 7.2), lowercased, IPv6 literals kept in
// brackets; nothing when it is not a host name, an IPv4 address or a bracketed IPv6 address.
std::optional<std::string> host_of(std::string_view authority);

// What the redirect says in its body, in the client's language: the catalogue text of `key`
// ("redirect_moved" with its `{location}`, "redirect_bad_host", "redirect_bad_target",
// "redirect_https_only"). The composition root supplies it, since http/ knows no language;
// without it the body is the status's reason phrase.
using RedirectText = std::function<std::string(const Request& request, std::string_view key,
                                               std::string_view location)>;

// A function of the request alone, so every rule is testable without sockets. Only GET and HEAD
// are redirected: a form posted over plain HTTP has already crossed the network in the clear, and
// following it would teach the browser that this is fine.
class HttpsRedirect {
  public:
    // public_url is server.public_url: an https:// origin is used as it is; an http:// one gives
    // only its host. Empty: the request's own Host, if it is a well-formed host name or IP
    // address, with https_port (left out when 443) in place of the port the request named.
    HttpsRedirect(std::string_view public_url, unsigned short https_port, RedirectText text = {});

    // GET/HEAD: 308 with Location https://HOST[:PORT]/same/path?same=query. A missing, repeated
    // or malformed Host (when public_url is empty) or a target that is not a path: 400. Any
    // other method: 405.
    boost::beast::http::response<boost::beast::http::string_body> answer(
        const Request& request) const;
    // answer() in the shape HttpServer takes.
    Handler handler() const;

  private:
    std::string authority_;  // "host[:port]" for Location; empty: taken from each request
    unsigned short https_port_;
    RedirectText text_;
};

}  // namespace councilcast::portal
