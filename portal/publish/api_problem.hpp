// The refusals of what programs read from publish (open data, feeds, oEmbed, event streams).
#pragma once

#include <boost/beast/http.hpp>

#include "common/error.hpp"
#include "portal/http/http_server.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

// RFC 9457 problem details saying `refusal` in the language the request's Accept-Language
// prefers, readable from any origin (Access-Control-Allow-Origin: *), never cached.
boost::beast::http::response<boost::beast::http::string_body> api_problem(
    const Request& request, boost::beast::http::status status, const PageRenderer& messages,
    const InvalidInput& refusal);

}  // namespace councilcast::portal
