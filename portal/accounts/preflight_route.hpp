// The CORS preflight of an open-data address: what the API modules add beside each GET route
// that programs on any origin may read.
#pragma once

#include <string_view>

#include "portal/accounts/page_route.hpp"

namespace councilcast::portal {

// OPTIONS on `pattern`, answered with the CORS preflight (portal/http/open_data_headers).
PageRoute preflight_route(std::string_view pattern);

}  // namespace councilcast::portal
