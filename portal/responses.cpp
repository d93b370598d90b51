#include "portal/responses.hpp"

#include <atomic>

namespace councilcast::portal {
namespace http = boost::beast::http;
namespace {

std::atomic<bool> strict_transport_security{false};

}  // namespace

std::string page_policy(Framing framing, std::span<const std::string> framers) {
    std::string policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "media-src 'self' blob:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors ";
    if (framing == Framing::kNobody) return policy + "'none'";
    policy += "'self'";
    for (const auto& framer : framers) policy += " " + framer;
    return policy;
}

std::string html_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

void set_common_headers(http::response_header<>& header) {
    header.set("X-Content-Type-Options", "nosniff");
    header.set("Referrer-Policy", "strict-origin-when-cross-origin");
    if (strict_transport_security.load(std::memory_order_relaxed)) {
        header.set(http::field::strict_transport_security, "max-age=31536000");
    }
}

void enable_strict_transport_security() {
    strict_transport_security = true;
}

http::response<http::string_body> text_response(const Request& request, http::status status,
                                                std::string_view content_type, std::string body,
                                                std::string_view cache_control) {
    http::response<http::string_body> res{status, request.version()};
    res.set(http::field::content_type, content_type);
    res.set(http::field::cache_control, cache_control);
    set_common_headers(res.base());
    res.keep_alive(request.keep_alive());
    const std::size_t length = body.size();
    if (request.method() != http::verb::head) res.body() = std::move(body);
    res.content_length(length);
    return res;
}

http::response<http::string_body> plain_response(const Request& request, http::status status,
                                                 std::string_view message) {
    return text_response(request, status, "text/plain; charset=utf-8", std::string(message) + "\n",
                         "no-store");
}

}  // namespace councilcast::portal
