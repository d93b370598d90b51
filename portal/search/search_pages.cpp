#include "portal/search/search_pages.hpp"

#include <fmt/core.h>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <array>
#include <cmath>

#include "common/error.hpp"
#include "portal/accounts/preflight_route.hpp"
#include "portal/http/open_data_headers.hpp"
#include "portal/http/responses.hpp"
#include "portal/search/search_query.hpp"

namespace councilcast::portal {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace {

// The kinds of document the result list names; another kind is shown without a name.
constexpr std::array<std::string_view, 8> kKinds = {"meeting", "agenda",  "decision", "vote",
                                                    "chapter", "speaker", "note",     "caption"};

// Page 1 when not given; 1 to kSearchMaxPage, digits only.
std::size_t parse_page(const std::string& text) {
    if (text.empty()) return 1;
    if (text.size() > 2 || text.find_first_not_of("0123456789") != std::string::npos) {
        throw InvalidInput::text("search_error_page");
    }
    const auto page = static_cast<std::size_t>(std::stoi(text));
    if (page < 1 || page > kSearchMaxPage) throw InvalidInput::text("search_error_page");
    return page;
}

// Whole seconds: the meeting page's ?t= takes them, and a second is close enough to start at.
std::int64_t whole_seconds(double t) {
    return std::isfinite(t) && t > 0 ? static_cast<std::int64_t>(t) : 0;
}

std::string hit_path(Language language, const SearchHit& hit) {
    std::string path = localised(language, fmt::format("/meetings/{}", hit.meeting_id));
    if (hit.t) path += fmt::format("?t={}", whole_seconds(*hit.t));
    return path;
}

// 1:02:03, or 2:03 within the first hour: as a player shows a position.
std::string clock(double t) {
    const std::int64_t seconds = whole_seconds(t);
    if (seconds >= 3600) {
        return fmt::format("{}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
    return fmt::format("{}:{:02}", seconds / 60, seconds % 60);
}

std::string encoded(std::string_view text) {
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') ||
            (byte >= 'A' && byte <= 'Z') || c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            out += fmt::format("%{:02X}", byte);
        }
    }
    return out;
}

}  // namespace

SearchPages::SearchPages(const config::Config& config, SearchService& search,
                         const CouncilStore& council, const PageRenderer& renderer,
                         const Localization& localization)
    : config_(config),
      search_(search),
      council_(council),
      renderer_(renderer),
      localization_(localization) {}

ModuleEntries SearchPages::entries() {
    ModuleEntries entries;
    entries.routes.push_back(open_route("/search", answer_of(this, &SearchPages::page)));
    entries.routes.push_back(
        open_route("/api/v1/search", answer_of(this, &SearchPages::api), Addresses::kProgram));
    entries.routes.push_back(preflight_route("/api/v1/search"));
    entries.crawlers.disallow = {"/search"};
    return entries;
}

Reply SearchPages::page(PageCall& call) {
    const Language language = call.language();
    const std::string q = call.query("q");
    check_query(q);
    const std::size_t page = parse_page(call.query("page"));
    const Target& target = call.target();

    PageFrame frame;
    frame.title = renderer_.message(language, "search_title");
    frame.description = renderer_.message(language, "search_description");
    frame.nav_current = "search";
    const std::string query = target.encoded_query.empty() ? "" : "?" + target.encoded_query;
    frame.alternate_path = localised(other_language(language), "/search") + query;
    if (!config_.server.public_url.empty()) {
        std::string base = config_.server.public_url;
        while (base.ends_with('/')) base.pop_back();
        frame.canonical_url = base + localised(language, "/search");
        frame.alternate_url = base + frame.alternate_path;
    }

    const bool asked = q.find_first_not_of(" \t\r\n") != std::string::npos;
    SearchResults results;
    if (asked) {
        // A submitted form's words are whole: the prefix of a word being typed is the API's,
        // for pages that search as the visitor types (and it costs a second pass).
        results =
            search_.search(q + " ", language, kSearchHitsPerPage, (page - 1) * kSearchHitsPerPage);
    }
    const auto council = council_.snapshot();
    return call.page(http::status::ok, "search/search.tpl", std::move(frame), [&](auto& body) {
        body.SetValue("action", call.path("/search"));
        body.SetValue("q", q);
        body.SetIntValue("max_length", static_cast<long>(kMaxQueryCharacters));
        if (!asked) return;
        if (results.hits.empty()) {
            body.ShowSection("NOTHING");
            if (results.total > 0) body.ShowSection("PAST_THE_END");
            return;
        }
        auto* list = body.AddSectionDictionary("RESULTS");
        list->SetValue(
            "count", results.total > kMaxCounted
                         ? renderer_.format(language, "search_count_more",
                                            {{"count", static_cast<std::int64_t>(kMaxCounted)}})
                         : renderer_.format(language, "search_count",
                                            {{"count", static_cast<std::int64_t>(results.total)}}));
        list->SetIntValue("start", static_cast<long>((page - 1) * kSearchHitsPerPage + 1));
        for (const SearchHit& hit : results.hits) {
            auto* item = list->AddSectionDictionary("HIT");
            item->SetValue("href", hit_path(language, hit));
            item->SetValue("title_html", hit.title_html);
            if (hit.title_language != language) {
                item->AddSectionDictionary("TITLE_LANG")
                    ->SetValue("code", std::string(language_code(hit.title_language)));
            }
            for (std::string_view kind : kKinds) {
                if (hit.kind == kind) {
                    item->SetValue("kind",
                                   renderer_.message(language, "search_kind_" + std::string(kind)));
                }
            }
            if (const Meeting* meeting = council->meeting(hit.meeting_id)) {
                auto* where = item->AddSectionDictionary("MEETING");
                where->SetValue("date", localization_.short_date(language, meeting->starts_unix));
                // A meeting's own hit has its title as the link already.
                if (hit.kind != "meeting") {
                    auto* named = where->AddSectionDictionary("NAMED");
                    named->SetValue("title", meeting->title.in(language));
                    if (!meeting->title.translated(language)) named->ShowSection("MEETING_LT");
                }
            }
            if (hit.t) {
                item->AddSectionDictionary("MOMENT")->SetValue(
                    "text", renderer_.format(language, "search_moment", {{"time", clock(*hit.t)}}));
            }
            if (!hit.snippet_html.empty()) {
                auto* snippet = item->AddSectionDictionary("SNIPPET");
                snippet->SetValue("snippet_html", hit.snippet_html);
                if (hit.snippet_language != language) {
                    snippet->AddSectionDictionary("SNIPPET_LANG")
                        ->SetValue("code", std::string(language_code(hit.snippet_language)));
                }
            }
        }
        const std::size_t pages =
            std::min(kSearchMaxPage, (results.total + kSearchHitsPerPage - 1) / kSearchHitsPerPage);
        if (pages > 1) {
            auto* paging = list->AddSectionDictionary("PAGING");
            paging->SetValue("where",
                             renderer_.format(language, "search_page_of",
                                              {{"page", static_cast<std::int64_t>(page)},
                                               {"pages", static_cast<std::int64_t>(pages)}}));
            const std::string base = call.path("/search") + "?q=" + encoded(q);
            if (page > 1) {
                paging->AddSectionDictionary("PREVIOUS")
                    ->SetValue("href", base + fmt::format("&page={}", page - 1));
            }
            if (page < pages) {
                paging->AddSectionDictionary("NEXT")->SetValue(
                    "href", base + fmt::format("&page={}", page + 1));
            }
        }
    });
}

Reply SearchPages::api(PageCall& call) {
    Language language = Language::kLt;
    bool has_q = false;
    for (const auto& [name, value] : call.target().parameters) {
        if (name == "q") {
            has_q = true;
        } else if (name == "lang" && language_of(value)) {
            language = *language_of(value);
        } else if (name != "page") {
            throw InvalidInput::text("search_error_parameter");
        }
    }
    const std::string q = call.query("q");
    if (!has_q || q.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw InvalidInput::text("search_error_missing");
    }
    check_query(q);
    const std::size_t page = parse_page(call.query("page"));
    const SearchResults results =
        search_.search(q, language, kSearchHitsPerPage, (page - 1) * kSearchHitsPerPage);
    json::array hits;
    for (const SearchHit& hit : results.hits) {
        hits.push_back({{"meeting_id", hit.meeting_id},
                        {"kind", hit.kind},
                        {"title", hit.title},
                        {"snippet", hit.snippet_html},
                        {"t", hit.t ? json::value(*hit.t) : json::value(nullptr)},
                        {"url", hit_path(language, hit)}});
    }
    json::object body{{"total", results.total}, {"results", std::move(hits)}};
    // The index follows every change within moments: a client asks again each time.
    auto res = text_response(call.request(), http::status::ok, "application/json",
                             json::serialize(body), "no-cache");
    res.set(http::field::content_language, language_code(language));
    set_cors(res.base());
    return res;
}

}  // namespace councilcast::portal
