// What every open-data answer shares (the council's and the votes'): readable from any
// origin, the CORS preflight, and conditional requests by ETag or date.
#pragma once

#include <boost/beast/http.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "portal/http/http_server.hpp"

namespace councilcast::portal {

// Any origin may read it (no credentials), and its ETag and file name too.
void set_cors(boost::beast::http::response_header<>& header);

// The answer to OPTIONS: 204 allowing GET and HEAD from anywhere.
boost::beast::http::response<boost::beast::http::string_body> cors_preflight(
    const Request& request);

// True when the client's copy (If-None-Match, else If-Modified-Since) is still `etag`.
bool not_modified(const Request& request, std::string_view etag, std::int64_t last_modified);

// IMF-fixdate (RFC 9110 5.6.7), the only form a server sends.
std::string http_date(std::int64_t unix_seconds);
std::optional<std::int64_t> parse_http_date(std::string_view text);

}  // namespace councilcast::portal
