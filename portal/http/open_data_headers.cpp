#include "portal/http/open_data_headers.hpp"

#include <boost/algorithm/string.hpp>

#include <ctime>
#include <vector>

namespace councilcast::portal {
namespace http = boost::beast::http;
namespace {

constexpr std::string_view kAllowedMethods = "GET, HEAD";
// How long a browser may keep the preflight answer: it never changes.
constexpr std::string_view kPreflightMaxAge = "86400";

// RFC 9110 13.1.2: weak comparison, "*" matches any.
bool etag_matches(std::string_view if_none_match, std::string_view etag) {
    auto opaque = [](std::string_view tag) {
        tag = boost::trim_copy(tag);
        if (tag.starts_with("W/")) tag.remove_prefix(2);
        return tag;
    };
    std::vector<std::string> candidates;
    boost::split(candidates, if_none_match, boost::is_any_of(","));
    for (const auto& candidate : candidates) {
        const std::string_view tag = opaque(candidate);
        if (tag == "*" || tag == opaque(etag)) return true;
    }
    return false;
}

}  // namespace

std::string http_date(std::int64_t unix_seconds) {
    const std::time_t time = static_cast<std::time_t>(unix_seconds);
    std::tm parts{};
    ::gmtime_r(&time, &parts);
    char text[64];
    std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &parts);
    return text;
}

std::optional<std::int64_t> parse_http_date(std::string_view text) {
    std::tm parts{};
    const std::string copy(text);
    const char* end = ::strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &parts);
    if (!end || *end != '\0') return std::nullopt;
    return static_cast<std::int64_t>(::timegm(&parts));
}

void set_cors(http::response_header<>& header) {
    header.set(http::field::access_control_allow_origin, "*");
    // Readable by a page on another origin: the validator for its own conditional requests,
    // and the file name of a download.
    header.set(http::field::access_control_expose_headers, "ETag, Content-Disposition");
}

http::response<http::string_body> cors_preflight(const Request& request) {
    http::response<http::string_body> res{http::status::no_content, request.version()};
    set_cors(res.base());
    res.set(http::field::access_control_allow_methods, kAllowedMethods);
    // Any request header may come along (If-None-Match, say): nothing here depends on one
    // beyond the conditional ones, and no credentials are ever accepted.
    res.set(http::field::access_control_allow_headers, "*");
    res.set(http::field::access_control_max_age, kPreflightMaxAge);
    res.set(http::field::allow, "GET, HEAD, OPTIONS");
    res.keep_alive(request.keep_alive());
    return res;
}

bool not_modified(const Request& request, std::string_view etag, std::int64_t last_modified) {
    if (auto it = request.find(http::field::if_none_match); it != request.end()) {
        return etag_matches(it->value(), etag);
    }
    if (auto it = request.find(http::field::if_modified_since); it != request.end()) {
        auto since = parse_http_date(it->value());
        return since && last_modified <= *since;
    }
    return false;
}

}  // namespace councilcast::portal
