#include "portal/petitions/petition_open_data.hpp"

#include <fmt/core.h>
#include <boost/json.hpp>

#include <algorithm>
#include <limits>

#include "common/csv_table.hpp"
#include "common/unix_time.hpp"
#include "portal/http/open_data_headers.hpp"
#include "portal/pages/target.hpp"
#include "portal/pages/xml_writer.hpp"
#include "portal/petitions/petition_views.hpp"

namespace councilcast::portal {
namespace json = boost::json;
namespace {

constexpr const char* kAtomNamespace = "http://www.w3.org/2005/Atom";
constexpr const char* kXhtmlNamespace = "http://www.w3.org/1999/xhtml";

json::value time_or_null(std::int64_t unix_ms) {
    return unix_ms > 0 ? json::value(rfc3339_utc(unix_ms / 1000)) : json::value(nullptr);
}

std::string time_or_empty(std::int64_t unix_ms) {
    return unix_ms > 0 ? rfc3339_utc(unix_ms / 1000) : std::string();
}

std::string page_url(const std::string& base_url, Language language, std::int64_t id) {
    return base_url + localised(language, fmt::format("/petitions/{}", id));
}

// Name and count per eldership, in the record's order, then outside the municipality.
std::vector<std::pair<std::string, std::int64_t>> eldership_counts(
    const Petition& petition, const PetitionDataContext& context) {
    std::vector<std::pair<std::string, std::int64_t>> counts;
    auto count_of = [&](std::int64_t id) -> std::int64_t {
        const auto it = petition.signatures_by_eldership.find(id);
        return it == petition.signatures_by_eldership.end() ? 0 : it->second;
    };
    const std::string outside_name =
        context.messages.message(Language::kLt, "petition_eldership_outside");
    bool outside_listed = false;
    for (const auto& eldership : context.elderships) {
        outside_listed = outside_listed || eldership.id == kOutsideEldership;
        counts.emplace_back(eldership.id == kOutsideEldership ? outside_name : eldership.name,
                            count_of(eldership.id));
    }
    // The columns stay the same whether or not outside signers are allowed now.
    if (!outside_listed) counts.emplace_back(outside_name, count_of(kOutsideEldership));
    return counts;
}

json::object petition_object(const Petition& petition, const PetitionDataContext& context) {
    json::object by_eldership;
    for (const auto& [name, count] : eldership_counts(petition, context)) {
        by_eldership[name] = count;
    }
    json::value response = nullptr;
    if (petition.response) {
        const auto& answer = *petition.response;
        response = json::object{
            {"text", answer.text},
            {"answered_at", time_or_null(answer.answered_unix_ms)},
            {"meeting_id",
             answer.meeting_id > 0 ? json::value(answer.meeting_id) : json::value(nullptr)},
            {"meeting_url",
             answer.meeting_id > 0
                 ? json::value(context.base_url + fmt::format("/meetings/{}", answer.meeting_id))
                 : json::value(nullptr)},
            {"decision",
             answer.decision.empty() ? json::value(nullptr) : json::value(answer.decision)}};
    }
    json::value rejection = nullptr;
    if (petition.state == PetitionState::kRejected && petition.rejection) {
        const auto& why = *petition.rejection;
        rejection =
            json::object{{"reason", rejection_reason_name(why.reason)},
                         {"text", why.text},
                         {"duplicate_of", why.duplicate_of > 0 ? json::value(why.duplicate_of)
                                                               : json::value(nullptr)}};
    }
    return {
        {"id", petition.id},
        {"title", petition.title},
        {"state", petition_state_name(petition.state)},
        {"language", petition.language},
        {"creator_name", petition.creator_name},
        {"url", page_url(context.base_url, Language::kLt, petition.id)},
        {"signature_count", petition.signature_count},
        {"signatures_by_eldership", std::move(by_eldership)},
        {"opened_at", time_or_null(petition.opened_unix_ms)},
        {"closes_at", time_or_null(petition.closes_unix_ms)},
        {"closed_at", time_or_null(petition.closed_unix_ms)},
        {"thresholds",
         {{"response",
           {{"signatures", context.settings.response_threshold},
            {"reached_at", time_or_null(petition.response_threshold_unix_ms)}}},
          {"council",
           {{"signatures", context.settings.council_threshold},
            {"reached_at", time_or_null(petition.council_threshold_unix_ms)}}}}},
        {"response", std::move(response)},
        {"rejection", std::move(rejection)},
        {"stop_reason",
         petition.stop_reason.empty() ? json::value(nullptr) : json::value(petition.stop_reason)},
    };
}

std::vector<const Petition*> chosen(const PetitionsSnapshot& snapshot,
                                    std::optional<PetitionShow> state) {
    auto petitions = visible_petitions(snapshot);
    if (state) {
        std::erase_if(petitions, [&](const Petition* p) { return show_of(*p) != state; });
    }
    return petitions;
}

void link(XmlWriter& xml, std::string_view rel, std::string_view type, std::string_view href) {
    xml.start("link");
    xml.attribute("rel", rel);
    xml.attribute("type", type);
    xml.attribute("href", href);
    xml.end();
}

void paragraph(XmlWriter& xml, std::string_view text, std::string_view lang = {}) {
    xml.start("p");
    if (!lang.empty()) xml.attribute("xml:lang", lang);
    xml.text(text);
    xml.end();
}

struct FeedEntry {
    const Petition* petition;
    bool answered;  // else: opened
    std::int64_t unix_ms;
};

}  // namespace

std::string petitions_etag(std::int64_t run_unix_ms, const PetitionsSnapshot& snapshot) {
    return fmt::format("W/\"{}-{}\"", run_unix_ms, snapshot.version);
}

bool petitions_not_modified(const Request& request, std::string_view etag) {
    // If-Modified-Since alone never matches: no time says what changed.
    return not_modified(request, etag, std::numeric_limits<std::int64_t>::max());
}

std::string petition_json(const Petition& petition, const PetitionDataContext& context) {
    return json::serialize(petition_object(petition, context));
}

std::string petitions_json(const PetitionsSnapshot& snapshot, const PetitionDataContext& context,
                           std::optional<PetitionShow> state) {
    json::array rows;
    for (const Petition* petition : chosen(snapshot, state)) {
        rows.push_back(petition_object(*petition, context));
    }
    return json::serialize(json::object{{"petitions", std::move(rows)}});
}

std::string petitions_csv(const PetitionsSnapshot& snapshot, const PetitionDataContext& context,
                          std::optional<PetitionShow> state) {
    // The eldership columns follow the record, so the header is built here rather than by
    // CsvTable's fixed one.
    std::vector<std::string> header = {"id",
                                       "title",
                                       "state",
                                       "creator_name",
                                       "signature_count",
                                       "opened_at",
                                       "closes_at",
                                       "closed_at",
                                       "response_threshold_reached_at",
                                       "council_threshold_reached_at",
                                       "answered_at",
                                       "url"};
    const Petition none;
    for (const auto& [name, count] : eldership_counts(none, context)) header.push_back(name);
    std::string text = "\xEF\xBB\xBF";
    auto line = [&](const std::vector<std::string>& fields) {
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i > 0) text += ',';
            text += csv_field(fields[i]);
        }
        text += "\r\n";
    };
    line(header);
    for (const Petition* petition : chosen(snapshot, state)) {
        std::vector<std::string> fields = {
            std::to_string(petition->id),
            petition->title,
            std::string(petition_state_name(petition->state)),
            petition->creator_name,
            std::to_string(petition->signature_count),
            time_or_empty(petition->opened_unix_ms),
            time_or_empty(petition->closes_unix_ms),
            time_or_empty(petition->closed_unix_ms),
            time_or_empty(petition->response_threshold_unix_ms),
            time_or_empty(petition->council_threshold_unix_ms),
            time_or_empty(petition->response ? petition->response->answered_unix_ms : 0),
            page_url(context.base_url, Language::kLt, petition->id)};
        for (const auto& [name, count] : eldership_counts(*petition, context)) {
            fields.push_back(std::to_string(count));
        }
        line(fields);
    }
    return text;
}

std::string petitions_atom(const PetitionsSnapshot& snapshot, const PetitionDataContext& context,
                           Language language, const std::string& municipality_name) {
    std::vector<FeedEntry> entries;
    for (const Petition* petition : visible_petitions(snapshot)) {
        if (petition->opened_unix_ms > 0) {
            entries.push_back({petition, false, petition->opened_unix_ms});
        }
        if (petition->state == PetitionState::kAnswered && petition->response) {
            entries.push_back({petition, true, petition->response->answered_unix_ms});
        }
    }
    std::stable_sort(entries.begin(), entries.end(), [](const FeedEntry& a, const FeedEntry& b) {
        return a.unix_ms != b.unix_ms ? a.unix_ms > b.unix_ms : a.petition->id > b.petition->id;
    });
    if (entries.size() > kPetitionFeedEntries) entries.resize(kPetitionFeedEntries);

    const auto& messages = context.messages;
    const std::string self = context.base_url + localised(language, "/petitions/feed.atom");
    const std::string list = context.base_url + localised(language, "/petitions");
    XmlWriter xml;
    xml.start("feed", kAtomNamespace);
    xml.attribute("xml:lang", language_code(language));
    xml.element("id", self);
    xml.element("title", fmt::format("{}: {}", municipality_name,
                                     messages.message(language, "petition_feed_title")));
    // The newest entry's time: the same snapshot gives the same bytes.
    xml.element("updated", rfc3339_utc(entries.empty() ? 0 : entries.front().unix_ms / 1000));
    xml.start("author");
    xml.element("name", municipality_name);
    xml.element("uri", list);
    xml.end();
    link(xml, "self", "application/atom+xml", self);
    link(xml, "alternate", "text/html", list);
    xml.element("generator", "councilcast");
    for (const FeedEntry& entry : entries) {
        const Petition& petition = *entry.petition;
        const std::string page = page_url(context.base_url, language, petition.id);
        const std::string lang = petition.language == "en" ? "en" : "lt";
        xml.start("entry");
        xml.element("id", page + (entry.answered ? "#answered" : "#opened"));
        xml.start("title");
        xml.text(messages.format(language,
                                 entry.answered ? "petition_feed_answered" : "petition_feed_new",
                                 {{"title", petition.title}}));
        xml.end();
        xml.element("updated", rfc3339_utc(entry.unix_ms / 1000));
        link(xml, "alternate", "text/html", page);
        xml.start("content");
        xml.attribute("type", "xhtml");
        xml.start("div", kXhtmlNamespace);
        paragraph(xml, fmt::format("{}: {}", messages.message(language, "petition_feed_signatures"),
                                   petition.signature_count));
        if (entry.answered) {
            xml.start("p");
            xml.text(messages.message(language, "petition_feed_response") + ":");
            xml.end();
            for (const auto& text : petition_paragraphs(petition.response->text)) {
                paragraph(xml, text, lang);
            }
        } else {
            if (petition.state == PetitionState::kOpen) {
                paragraph(xml,
                          fmt::format("{}: {}", messages.message(language, "petition_feed_closes"),
                                      rfc3339_utc(petition.closes_unix_ms / 1000)));
            }
            for (const auto& text : petition_paragraphs(petition.text)) {
                paragraph(xml, text, lang);
            }
        }
        xml.end();  // div
        xml.end();  // content
        xml.end();  // entry
    }
    xml.end();  // feed
    return xml.finish();
}

}  // namespace councilcast::portal
