#include "portal/publish/open_data_routes.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <boost/url/parse.hpp>

#include <string_view>

#include "common/error.hpp"
#include "portal/http/form_data.hpp"
#include "portal/http/open_data_headers.hpp"
#include "portal/http/responses.hpp"
#include "portal/publish/api_problem.hpp"
#include "portal/publish/feeds.hpp"
#include "portal/publish/open_data.hpp"

namespace councilcast::portal {
namespace http = boost::beast::http;
namespace {

// Feeds and data change a few times a day; five minutes spares the server a poller's every
// request while an edit still shows soon.
constexpr std::string_view kCaching = "public, max-age=300";
constexpr std::string_view kJson = "application/json";

enum class Resource {
    kMeetingsAtom,
    kDecisionsAtom,
    kMeetingsIcal,
    kMeetings,
    kMeeting,
    kDecisions,
    kCouncil,
    kMeetingsCsv,
    kAgendaItemsCsv,
    kDecisionsCsv,
    kMembersCsv,
};

struct Route {
    std::string_view name;
    Resource resource;
    FilterParameters filters;
    std::string_view pattern;  // its address, as the router matches it
};

constexpr Route kFeeds[] = {
    {"meetings.atom", Resource::kMeetingsAtom, FilterParameters::kNone, "/feeds/meetings.atom"},
    {"decisions.atom", Resource::kDecisionsAtom, FilterParameters::kNone, "/feeds/decisions.atom"},
    {"meetings.ics", Resource::kMeetingsIcal, FilterParameters::kNone, "/feeds/meetings.ics"},
};

constexpr Route kApi[] = {
    {"meetings", Resource::kMeetings, FilterParameters::kYearAndType, "/api/v1/meetings"},
    {"decisions", Resource::kDecisions, FilterParameters::kYear, "/api/v1/decisions"},
    {"council", Resource::kCouncil, FilterParameters::kNone, "/api/v1/council"},
    {"meetings.csv", Resource::kMeetingsCsv, FilterParameters::kYearAndType,
     "/api/v1/meetings.csv"},
    {"agenda-items.csv", Resource::kAgendaItemsCsv, FilterParameters::kYearAndType,
     "/api/v1/agenda-items.csv"},
    {"decisions.csv", Resource::kDecisionsCsv, FilterParameters::kYear, "/api/v1/decisions.csv"},
    {"members.csv", Resource::kMembersCsv, FilterParameters::kNone, "/api/v1/members.csv"},
};

// One meeting's record; its id is checked by the answer, which says why it has none.
constexpr Route kMeetingRoute{"meeting", Resource::kMeeting, FilterParameters::kNone,
                              "/api/v1/meetings/{name}"};

struct Endpoint {
    Route route;
    Language language = Language::kLt;  // of a feed; the API carries both
    std::string meeting_id;             // for kMeeting, as the path gave it
};

std::optional<Endpoint> find_endpoint(const Target& target) {
    auto find = [](std::span<const Route> routes, std::string_view name) -> std::optional<Route> {
        for (const auto& route : routes) {
            if (route.name == name) return route;
        }
        return std::nullopt;
    };
    const auto& segments = target.segments;
    if (segments.size() == 2 && segments[0] == "feeds") {
        if (auto route = find(kFeeds, segments[1])) return Endpoint{*route, target.language, {}};
        return std::nullopt;
    }
    if (target.language == Language::kEn || segments.size() < 3 || segments[0] != "api" ||
        segments[1] != "v1") {
        return std::nullopt;
    }
    if (segments.size() == 3) {
        if (auto route = find(kApi, segments[2])) return Endpoint{*route, Language::kLt, {}};
    }
    if (segments.size() == 4 && segments[2] == "meetings") {
        return Endpoint{kMeetingRoute, Language::kLt, segments[3]};
    }
    return std::nullopt;
}

bool is_feed(Resource resource) {
    return resource == Resource::kMeetingsAtom || resource == Resource::kDecisionsAtom ||
           resource == Resource::kMeetingsIcal;
}

// The API's problem details with the CORS headers of every open-data answer.
http::response<http::string_body> problem(const Request& request, http::status status,
                                          const PageRenderer& messages,
                                          const InvalidInput& refusal) {
    auto res = api_problem(request, status, messages, refusal);
    set_cors(res.base());
    return res;
}

std::string_view content_type_of(Resource resource) {
    switch (resource) {
        case Resource::kMeetingsAtom:
        case Resource::kDecisionsAtom:
            return "application/atom+xml; charset=utf-8";
        case Resource::kMeetingsIcal:
            return "text/calendar; charset=utf-8";
        case Resource::kMeetingsCsv:
        case Resource::kAgendaItemsCsv:
        case Resource::kDecisionsCsv:
        case Resource::kMembersCsv:
            return "text/csv; charset=utf-8";
        default:
            return kJson;
    }
}

}  // namespace

OpenDataRoutes::OpenDataRoutes(const config::Config& config, CouncilStore& council,
                               const PageRenderer& messages, RecordingSummaries recordings)
    : config_(config),
      council_(council),
      messages_(messages),
      recordings_(std::move(recordings)),
      // Until the portal knows the address it is bound to (the configured port may be 0).
      fallback_url_(fmt::format("{}://{}", config.tls.certificate.empty() ? "http" : "https",
                                config.server.listen)) {}

std::string OpenDataRoutes::base_url() const {
    return config_.server.public_url.empty() ? fallback_url_ : config_.server.public_url;
}

ModuleEntries OpenDataRoutes::entries() {
    ModuleEntries entries;
    auto add = [&](std::string_view pattern, Addresses addresses) {
        for (auto method : {http::verb::get, http::verb::options}) {
            entries.routes.push_back({.method = method,
                                      .pattern = pattern,
                                      .access = Access::anyone(),
                                      .answer = [this](PageCall& call) -> Reply {
                                          auto res = answer(call.request(), call.target());
                                          if (!res) throw NotFound();
                                          return std::move(*res);
                                      },
                                      .addresses = addresses});
        }
    };
    // The paths find_endpoint knows, from the same tables, for the router to find them by.
    for (const auto& feed : kFeeds) add(feed.pattern, Addresses::kPage);
    for (const auto& table : kApi) add(table.pattern, Addresses::kProgram);
    add(kMeetingRoute.pattern, Addresses::kProgram);
    return entries;
}

std::optional<http::response<http::string_body>> OpenDataRoutes::answer(
    const Request& request, const Target& target) const {
    const auto endpoint = find_endpoint(target);
    if (!endpoint) return std::nullopt;
    const Resource resource = endpoint->route.resource;
    if (request.method() == http::verb::options) return cors_preflight(request);
    try {
        OpenDataFilter filter;
        // A feed reader or calendar app may append its own parameters; a feed has no filters
        // to get wrong, so they are ignored there.
        if (!is_feed(resource)) {
            filter = parse_meeting_filter(target.parameters, endpoint->route.filters);
        }
        const auto council = council_.snapshot();
        std::optional<std::int64_t> meeting_id;
        if (resource == Resource::kMeeting) {
            meeting_id = parse_id(endpoint->meeting_id);
            if (!meeting_id || !council->meeting(*meeting_id)) {
                return problem(request, http::status::not_found, messages_,
                               InvalidInput::text("council_no_meeting"));
            }
        }

        // Every answer is a function of the snapshot (and of the URL, Host included), so the
        // snapshot names the version. The publication time keeps tags from repeating across
        // restarts, where versions count from 1 again. A meeting's recording grows while it is
        // live, and one that ends adds an enclosure to the meetings feed: the recordings'
        // version is part of those tags.
        const std::int64_t recordings_version =
            (resource == Resource::kMeeting || resource == Resource::kMeetingsAtom) &&
                    recordings_.version
                ? recordings_.version()
                : 0;
        const std::string etag = fmt::format("W/\"{}-{}-{}\"", council->published_unix,
                                             council->version, recordings_version);
        const std::string last_modified = http_date(council->published_unix);
        auto finish = [&](http::response<http::string_body> res) {
            res.set(http::field::etag, etag);
            res.set(http::field::last_modified, last_modified);
            set_cors(res.base());
            if (is_feed(resource)) {
                res.set(http::field::content_language, language_code(endpoint->language));
            }
            if (resource == Resource::kMeetingsIcal) {
                res.set(http::field::content_disposition,
                        endpoint->language == Language::kLt ? "inline; filename=\"posedziai.ics\""
                                                            : "inline; filename=\"meetings.ics\"");
            } else if (content_type_of(resource).starts_with("text/csv")) {
                res.set(http::field::content_disposition,
                        fmt::format("attachment; filename=\"{}\"", endpoint->route.name));
            }
            return res;
        };
        if (not_modified(request, etag, council->published_unix)) {
            http::response<http::string_body> res{http::status::not_modified, request.version()};
            res.set(http::field::cache_control, kCaching);
            res.keep_alive(request.keep_alive());
            return finish(std::move(res));
        }

        const FeedContext feed{base_url(), endpoint->language,
                               endpoint->language == Language::kLt ? config_.municipality.name_lt
                                                                   : config_.municipality.name_en,
                               council->published_unix};
        std::string body;
        switch (resource) {
            case Resource::kMeetingsAtom:
                body = meetings_atom(*council, feed, messages_, recordings_);
                break;
            case Resource::kDecisionsAtom:
                body = decisions_atom(*council, feed, messages_);
                break;
            case Resource::kMeetingsIcal:
                body = meetings_ical(*council, feed, messages_);
                break;
            case Resource::kMeetings:
                body = meetings_json(*council, filter);
                break;
            case Resource::kMeeting:
                if (recordings_.of_meeting) {
                    const auto recording = recordings_.of_meeting(*meeting_id);
                    body = *meeting_json(*council, *meeting_id, recording ? &*recording : nullptr);
                } else {
                    body = *meeting_json(*council, *meeting_id);
                }
                break;
            case Resource::kDecisions:
                body = decisions_json(*council, filter);
                break;
            case Resource::kCouncil:
                body = council_json(*council);
                break;
            case Resource::kMeetingsCsv:
                body = meetings_csv(*council, filter);
                break;
            case Resource::kAgendaItemsCsv:
                body = agenda_items_csv(*council, filter);
                break;
            case Resource::kDecisionsCsv:
                body = decisions_csv(*council, filter);
                break;
            case Resource::kMembersCsv:
                body = members_csv(*council);
                break;
        }
        return finish(text_response(request, http::status::ok, content_type_of(resource),
                                    std::move(body), kCaching));
    } catch (const InvalidInput& e) {
        return problem(request, http::status::bad_request, messages_, e);
    } catch (const std::exception& e) {
        spdlog::error("[open data {}] {}", std::string(request.target()), e.what());
        return problem(request, http::status::internal_server_error, messages_,
                       InvalidInput::text("error_internal"));
    }
}

}  // namespace councilcast::portal
