#include "portal/accounts/preflight_route.hpp"

#include "portal/accounts/page_call.hpp"
#include "portal/http/open_data_headers.hpp"

namespace councilcast::portal {

PageRoute preflight_route(std::string_view pattern) {
    return {.method = boost::beast::http::verb::options,
            .pattern = pattern,
            .access = Access::anyone(),
            .answer = [](PageCall& call) -> Reply { return cors_preflight(call.request()); },
            .addresses = Addresses::kProgram};
}

}  // namespace councilcast::portal
