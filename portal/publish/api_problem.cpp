#include "portal/publish/api_problem.hpp"

#include "portal/http/responses.hpp"

namespace councilcast::portal {

namespace http = boost::beast::http;

http::response<http::string_body> api_problem(const Request& request, http::status status,
                                              const PageRenderer& messages,
                                              const InvalidInput& refusal) {
    const Language language = preferred_language(request[http::field::accept_language]);
    auto res = problem_response(request, status, messages.explain(language, refusal),
                                language_code(language));
    res.set(http::field::access_control_allow_origin, "*");
    return res;
}

}  // namespace councilcast::portal
