#include "portal/petitions/petition_api.hpp"

#include <fmt/core.h>
#include <boost/beast/http.hpp>

#include "common/error.hpp"
#include "common/unix_time.hpp"
#include "portal/accounts/preflight_route.hpp"
#include "portal/http/open_data_headers.hpp"
#include "portal/http/responses.hpp"
#include "portal/petitions/petition_listing.hpp"

namespace councilcast::portal {
namespace http = boost::beast::http;
namespace {

constexpr std::string_view kCaching = "no-cache";

// ?state= alone; an empty value means every visible petition.
std::optional<PetitionShow> state_filter(const PageCall& call) {
    std::optional<PetitionShow> state;
    for (const auto& [name, value] : call.target().parameters) {
        if (name != "state") throw InvalidInput::text("petition_api_error_parameter");
        if (value.empty()) continue;
        state = parse_petition_show(value);
        if (!state) throw InvalidInput::text("petition_api_error_state");
    }
    return state;
}

Reply answer(const Request& request, std::int64_t run_unix_ms, const PetitionsSnapshot& snapshot,
             std::string_view content_type, const std::function<std::string()>& body) {
    const std::string etag = petitions_etag(run_unix_ms, snapshot);
    http::response<http::string_body> res;
    if (petitions_not_modified(request, etag)) {
        res = http::response<http::string_body>{http::status::not_modified, request.version()};
        res.set(http::field::cache_control, kCaching);
        res.keep_alive(request.keep_alive());
    } else {
        res = text_response(request, http::status::ok, content_type, body(), kCaching);
    }
    res.set(http::field::etag, etag);
    set_cors(res.base());
    return res;
}

}  // namespace

PetitionApi::PetitionApi(const config::Config& config, const PetitionStore& petitions,
                         const PageRenderer& messages)
    : config_(config),
      petitions_(petitions),
      messages_(messages),
      run_unix_ms_(now_unix_ms()),
      public_url_(config.server.public_url) {
    while (public_url_.ends_with('/')) public_url_.pop_back();
}

void PetitionApi::set_public_url(std::string url) {
    if (!config_.server.public_url.empty()) return;
    public_url_ = std::move(url);
    while (public_url_.ends_with('/')) public_url_.pop_back();
}

PetitionDataContext PetitionApi::context() const {
    return {public_url_, petitions_.settings(), petitions_.elderships(), messages_};
}

ModuleEntries PetitionApi::entries() {
    ModuleEntries entries;
    auto add = [&](std::string_view pattern, Reply (PetitionApi::*handler)(PageCall&) const) {
        entries.routes.push_back(open_route(
            pattern, [this, handler](PageCall& call) { return (this->*handler)(call); },
            Addresses::kProgram));
        entries.routes.push_back(preflight_route(pattern));
    };
    add("/api/v1/petitions", &PetitionApi::list);
    add("/api/v1/petitions/{id}", &PetitionApi::one);
    add("/api/v1/petitions.csv", &PetitionApi::table);
    return entries;
}

Reply PetitionApi::list(PageCall& call) const {
    const auto state = state_filter(call);
    const auto snapshot = petitions_.snapshot();
    return answer(call.request(), run_unix_ms_, *snapshot, "application/json",
                  [&] { return petitions_json(*snapshot, context(), state); });
}

Reply PetitionApi::one(PageCall& call) const {
    if (!call.target().parameters.empty()) throw InvalidInput::text("petition_api_error_parameter");
    const auto snapshot = petitions_.snapshot();
    const Petition* petition = snapshot->petition(call.id("id"));
    if (!petition || !publicly_visible(*petition)) throw NotFound();
    return answer(call.request(), run_unix_ms_, *snapshot, "application/json",
                  [&] { return petition_json(*petition, context()); });
}

Reply PetitionApi::table(PageCall& call) const {
    const auto state = state_filter(call);
    const auto snapshot = petitions_.snapshot();
    Reply reply = answer(call.request(), run_unix_ms_, *snapshot, "text/csv; charset=utf-8",
                         [&] { return petitions_csv(*snapshot, context(), state); });
    reply.header().set(http::field::content_disposition, "attachment; filename=\"petitions.csv\"");
    return reply;
}

}  // namespace councilcast::portal
