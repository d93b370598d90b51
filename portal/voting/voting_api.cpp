#include "portal/voting/voting_api.hpp"

#include <fmt/core.h>
#include <boost/beast/http.hpp>

#include <string>
#include <string_view>

#include "common/error.hpp"
#include "portal/accounts/preflight_route.hpp"
#include "portal/http/form_data.hpp"
#include "portal/http/open_data_headers.hpp"
#include "portal/http/responses.hpp"
#include "portal/voting/vote_json.hpp"

namespace councilcast::portal {
namespace http = boost::beast::http;
namespace {

// A vote's counts change as members vote: check every time, but let a repeat cost a 304.
constexpr std::string_view kCaching = "no-cache";

// Answered from both snapshots: the council's publication time names this run (versions
// count from 1 again after a restart), the versions the state within it.
std::string etag_of(const CouncilSnapshot& council, const VotingSnapshot& voting) {
    return fmt::format("W/\"{}-{}-{}\"", council.published_unix, council.version, voting.version);
}

Reply answer(const Request& request, const CouncilSnapshot& council, const VotingSnapshot& voting,
             std::string_view content_type, const std::function<std::string()>& body) {
    const std::string etag = etag_of(council, voting);
    http::response<http::string_body> res;
    if (not_modified(request, etag, council.published_unix)) {
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

VotingApi::VotingApi(CouncilStore& council, VotingStore& voting)
    : council_(council), voting_(voting) {}

ModuleEntries VotingApi::entries() {
    ModuleEntries entries;
    auto add = [&](std::string_view pattern, Reply (VotingApi::*handler)(PageCall&) const) {
        entries.routes.push_back(open_route(
            pattern, [this, handler](PageCall& call) { return (this->*handler)(call); },
            Addresses::kProgram));
        entries.routes.push_back(preflight_route(pattern));
    };
    add("/api/v1/meetings/{id}/votes", &VotingApi::meeting_votes);
    add("/api/v1/votes.csv", &VotingApi::votes_table);
    return entries;
}

Reply VotingApi::meeting_votes(PageCall& call) const {
    if (!call.target().parameters.empty()) throw InvalidInput::text("voting_error_api_parameter");
    const auto council = council_.snapshot();
    const auto voting = voting_.snapshot();
    const std::int64_t meeting_id = call.id("id");
    if (!council->meeting(meeting_id)) throw NotFound();
    return answer(call.request(), *council, *voting, "application/json",
                  [&] { return *meeting_votes_json(*voting, *council, meeting_id); });
}

Reply VotingApi::votes_table(PageCall& call) const {
    std::int64_t meeting_id = 0;
    const auto& parameters = call.target().parameters;
    if (parameters.size() > 1 || (parameters.size() == 1 && parameters[0].first != "meeting")) {
        throw InvalidInput::text("voting_error_api_parameter");
    }
    const auto council = council_.snapshot();
    const auto voting = voting_.snapshot();
    if (parameters.size() == 1) {
        const auto id = parse_id(parameters[0].second);
        if (!id) throw InvalidInput::text("voting_error_api_parameter");
        if (!council->meeting(*id)) throw NotFound();
        meeting_id = *id;
    }
    Reply reply = answer(call.request(), *council, *voting, "text/csv; charset=utf-8",
                         [&] { return votes_csv(*voting, *council, meeting_id); });
    reply.header().set(http::field::content_disposition,
                       meeting_id ? fmt::format("attachment; filename=\"votes-{}.csv\"", meeting_id)
                                  : std::string("attachment; filename=\"votes.csv\""));
    return reply;
}

}  // namespace councilcast::portal
