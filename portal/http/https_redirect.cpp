#include "portal/http/https_redirect.hpp"

#include <boost/asio/ip/address_v6.hpp>

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

#include "common/network_address.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace {

constexpr unsigned short kDefaultHttpsPort = 443;
constexpr std::size_t kMaxHostNameLength = 253;  // RFC 1035, in text form
constexpr std::size_t kMaxLabelLength = 63;
constexpr std::size_t kMaxPortDigits = 5;

bool is_host_name(std::string_view host) {
    if (host.empty() || host.size() > kMaxHostNameLength) return false;
    std::size_t label_start = 0;
    for (std::size_t i = 0; i <= host.size(); ++i) {
        if (i < host.size() && host[i] != '.') {
            const unsigned char c = static_cast<unsigned char>(host[i]);
            if (!std::isalnum(c) && c != '-') return false;
            continue;
        }
        const std::string_view label = host.substr(label_start, i - label_start);
        // A trailing dot (an absolute name) leaves one empty label at the end, which is fine.
        const bool last_empty = label.empty() && i == host.size() && i > 0;
        if (!last_empty && (label.empty() || label.size() > kMaxLabelLength ||
                            label.front() == '-' || label.back() == '-')) {
            return false;
        }
        label_start = i + 1;
    }
    return true;
}

bool is_port(std::string_view port) {
    if (port.empty() || port.size() > kMaxPortDigits) return false;
    if (!std::all_of(port.begin(), port.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        return false;
    }
    return std::stoul(std::string(port)) <= 65535;
}

}  // namespace

std::optional<std::string> host_of(std::string_view authority) {
    std::string_view host = authority;
    std::string_view rest;
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        host = authority.substr(0, close + 1);
        rest = authority.substr(close + 1);
        boost::system::error_code ec;
        asio::ip::make_address_v6(std::string(host.substr(1, host.size() - 2)), ec);
        if (ec) return std::nullopt;
    } else {
        const auto colon = authority.find(':');
        if (colon != std::string_view::npos) {
            host = authority.substr(0, colon);
            rest = authority.substr(colon);
        }
        if (!is_host_name(host)) return std::nullopt;
    }
    if (!rest.empty() && !(rest.front() == ':' && is_port(rest.substr(1)))) return std::nullopt;
    std::string lowered(host);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lowered;
}

namespace {

std::string with_port(std::string host, unsigned short port) {
    if (port != kDefaultHttpsPort) host += ":" + std::to_string(port);
    return host;
}

// Only origin-form ("/path?query") is redirected; visible ASCII only, so nothing the request
// carried can split or bend the Location header.
bool is_path_target(std::string_view target) {
    return target.starts_with('/') &&
           std::all_of(target.begin(), target.end(), [](char c) { return c > ' ' && c < 0x7f; });
}

http::response<http::string_body> plain_answer(const Request& request, http::status status,
                                               const RedirectText& text, std::string_view key,
                                               std::string_view location = {}) {
    http::response<http::string_body> res{status, request.version()};
    std::string body =
        text ? text(request, key, location) + "\n" : std::string(http::obsolete_reason(status));
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.keep_alive(request.keep_alive());
    const std::size_t length = body.size();
    if (request.method() != http::verb::head) res.body() = std::move(body);
    res.content_length(length);
    return res;
}

asio::awaitable<Reply> answer_later(HttpsRedirect redirect, Request request) {
    co_return redirect.answer(request);
}

}  // namespace

HttpsRedirect::HttpsRedirect(std::string_view public_url, unsigned short https_port,
                             RedirectText text)
    : https_port_(https_port), text_(std::move(text)) {
    if (public_url.empty()) return;
    const WebOrigin origin = parse_web_origin(public_url);
    if (origin.scheme == "https") {
        authority_ = origin.port.empty() ? origin.host : origin.host + ":" + origin.port;
    } else {
        authority_ = with_port(origin.host, https_port_);
    }
}

http::response<http::string_body> HttpsRedirect::answer(const Request& request) const {
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
        auto res =
            plain_answer(request, http::status::method_not_allowed, text_, "redirect_https_only");
        res.set(http::field::allow, "GET, HEAD");
        return res;
    }
    std::string authority = authority_;
    if (authority.empty()) {
        std::optional<std::string> host;
        if (request.count(http::field::host) == 1) host = host_of(request[http::field::host]);
        if (!host) {
            return plain_answer(request, http::status::bad_request, text_, "redirect_bad_host");
        }
        authority = with_port(*host, https_port_);
    }
    if (!is_path_target(request.target())) {
        return plain_answer(request, http::status::bad_request, text_, "redirect_bad_target");
    }
    const std::string location = "https://" + authority + std::string(request.target());
    auto res =
        plain_answer(request, http::status::permanent_redirect, text_, "redirect_moved", location);
    res.set(http::field::location, location);
    return res;
}

Handler HttpsRedirect::handler() const {
    return [redirect = *this](Request request, RequestContext) {
        return answer_later(redirect, std::move(request));
    };
}

}  // namespace councilcast::portal
