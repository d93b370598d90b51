#include "portal/publish/open_data.hpp"

#include <fmt/core.h>
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <initializer_list>

#include "common/csv_table.hpp"
#include "common/error.hpp"
#include "common/unix_time.hpp"

namespace councilcast::portal {
namespace json = boost::json;
namespace {

std::chrono::sys_days day_of(std::int64_t unix_seconds) {
    return std::chrono::floor<std::chrono::days>(
        std::chrono::sys_seconds{std::chrono::seconds{unix_seconds}});
}

int year_of(std::int64_t unix_seconds) {
    return static_cast<int>(std::chrono::year_month_day{day_of(unix_seconds)}.year());
}

bool matches(const OpenDataFilter& filter, const Meeting& meeting) {
    return (!filter.year || year_of(meeting.starts_unix) == *filter.year) &&
           (!filter.kind || meeting.kind == *filter.kind);
}

// Null rather than "" for a value nobody has given.
json::value optional_text(const std::string& text) {
    if (text.empty()) return nullptr;
    return json::value(text);
}

json::value optional_id(std::int64_t id) {
    if (id == 0) return nullptr;
    return json::value(id);
}

// The page of a record in each language, as the site's pages name them.
json::object pages(std::string_view collection, std::int64_t id) {
    return {{"lt", fmt::format("/{}/{}", collection, id)},
            {"en", fmt::format("/en/{}/{}", collection, id)}};
}

json::object meeting_object(const Meeting& meeting) {
    return {
        {"id", meeting.id},
        {"kind", kind_name(meeting.kind)},
        {"committee_id", optional_id(meeting.committee_id)},
        {"title", to_json(meeting.title)},
        {"starts_at", rfc3339_utc(meeting.starts_unix)},
        {"place", to_json(meeting.place)},
        {"status", status_name(meeting.status)},
        {"broadcast", meeting.channel_id.empty()
                          ? json::value(nullptr)
                          : json::value(fmt::format("/live/{}/master.m3u8", meeting.channel_id))},
        {"page", pages("meetings", meeting.id)},
    };
}

json::object decision_object(const Decision& decision) {
    return {
        {"id", decision.id},
        {"number", decision.number},
        {"outcome", outcome_name(decision.outcome)},
        {"decided_at", rfc3339_utc(decision.decided_unix)},
        {"text", to_json(decision.text)},
        {"page", pages("decisions", decision.id)},
    };
}

json::object document_object(const Document& document) {
    return {
        {"id", document.id},
        {"title", to_json(document.title)},
        {"file_name", document.file_name},
        {"content_type", document.content_type},
        {"size_bytes", document.size_bytes},
        {"sha256", document.sha256},
        {"uploaded_at", rfc3339_utc(document.uploaded_unix)},
        {"url", fmt::format("/documents/{}", document.id)},
    };
}

std::string document_text(json::object document) {
    return json::serialize(document) + "\n";
}

std::string id_text(std::int64_t id) {
    return id == 0 ? std::string() : std::to_string(id);
}

}  // namespace

OpenDataFilter parse_meeting_filter(const QueryParameters& query, FilterParameters accepted) {
    OpenDataFilter filter;
    bool seen_year = false;
    bool seen_type = false;
    const bool type_accepted = accepted == FilterParameters::kYearAndType;
    for (const auto& [name, value] : query) {
        bool& seen = name == "year" ? seen_year : seen_type;
        const bool known = (name == "year" && accepted != FilterParameters::kNone) ||
                           (name == "type" && type_accepted);
        if (!known) {
            throw InvalidInput::text(accepted == FilterParameters::kNone ? "open_data_no_parameters"
                                     : type_accepted                     ? "open_data_use_year_type"
                                                                         : "open_data_use_year");
        }
        if (seen) {
            throw InvalidInput::text("open_data_repeated_parameter");
        }
        seen = true;
        if (name == "year") {
            const bool four_digits =
                value.size() == 4 && std::all_of(value.begin(), value.end(),
                                                 [](char c) { return c >= '0' && c <= '9'; });
            if (!four_digits) {
                throw InvalidInput::text("open_data_bad_year");
            }
            filter.year = std::stoi(value);
        } else {
            filter.kind = parse_kind(value);
            if (!filter.kind) {
                throw InvalidInput::text("open_data_bad_type");
            }
        }
    }
    return filter;
}

std::string meetings_json(const CouncilSnapshot& council, const OpenDataFilter& filter) {
    json::array meetings;
    for (const auto& meeting : council.meetings) {
        if (matches(filter, meeting)) meetings.push_back(meeting_object(meeting));
    }
    return document_text({{"meetings", std::move(meetings)}});
}

namespace {

// Seconds on a recording's timeline to the millisecond: more digits would only be noise.
double rounded_seconds(double seconds) {
    return std::round(seconds * 1000) / 1000;
}

json::object recording_object(const RecordingSummary& recording) {
    json::array chapters;
    for (const auto& chapter : recording.chapters) {
        chapters.push_back(json::object{{"kind", chapter.kind},
                                        {"title", to_json(chapter.title)},
                                        {"start_s", rounded_seconds(chapter.start_s)}});
    }
    return json::object{{"master_playlist", recording.master_playlist},
                        {"status", recording_status_name(recording)},
                        {"duration_s", rounded_seconds(recording.duration_s)},
                        {"chapters", std::move(chapters)}};
}

}  // namespace

std::optional<std::string> meeting_json(const CouncilSnapshot& council, std::int64_t meeting_id,
                                        const RecordingSummary* recording) {
    const Meeting* meeting = council.meeting(meeting_id);
    if (!meeting) return std::nullopt;
    json::array agenda;
    for (const auto& item : council.agenda(meeting_id)) {
        json::array documents;
        for (const auto& document : council.documents_of(item.id)) {
            documents.push_back(document_object(document));
        }
        const Decision* decision = council.decision_on(item.id);
        agenda.push_back(json::object{
            {"id", item.id},
            {"position", item.position},
            {"title", to_json(item.title)},
            {"rapporteur", item.rapporteur},
            {"description", to_json(item.description)},
            {"documents", std::move(documents)},
            {"decision", decision ? json::value(decision_object(*decision)) : json::value(nullptr)},
        });
    }
    json::object object = meeting_object(*meeting);
    object["agenda"] = std::move(agenda);
    object["recording"] =
        recording ? json::value(recording_object(*recording)) : json::value(nullptr);
    return document_text(std::move(object));
}

std::string decisions_json(const CouncilSnapshot& council, const OpenDataFilter& filter) {
    json::array decisions;
    for (const auto& decision : council.decisions) {
        if (filter.year && year_of(decision.decided_unix) != *filter.year) continue;
        json::object object = decision_object(decision);
        if (const AgendaItem* item = council.agenda_item(decision.agenda_item_id)) {
            object["agenda_item"] = json::object{{"id", item->id},
                                                 {"meeting_id", item->meeting_id},
                                                 {"title", to_json(item->title)}};
        }
        decisions.push_back(std::move(object));
    }
    return document_text({{"decisions", std::move(decisions)}});
}

std::string council_json(const CouncilSnapshot& council) {
    json::array groups;
    for (const auto& group : council.groups) {
        groups.push_back(json::object{{"id", group.id},
                                      {"name", to_json(group.name)},
                                      {"abbreviation", optional_text(group.abbreviation)}});
    }
    json::array members;
    for (const auto& member : council.members) {
        json::array committee_ids;
        for (const Committee* committee : council.committees_of(member.id)) {
            committee_ids.push_back(committee->id);
        }
        members.push_back(json::object{
            {"id", member.id},
            {"name", member.name},
            {"group_id", optional_id(member.group_id)},
            {"position", position_name(member.position)},
            {"term_start", member.term_start},
            {"term_end", optional_text(member.term_end)},
            {"biography", to_json(member.biography)},
            {"committee_ids", std::move(committee_ids)},
        });
    }
    json::array committees;
    for (const auto& committee : council.committees) {
        json::array member_ids;
        for (std::int64_t id : committee.member_ids) member_ids.push_back(id);
        committees.push_back(json::object{
            {"id", committee.id},
            {"name", to_json(committee.name)},
            {"remit", to_json(committee.remit)},
            {"chair_member_id", optional_id(committee.chair_member_id)},
            {"member_ids", std::move(member_ids)},
        });
    }
    json::array elderships;
    for (const auto& eldership : council.elderships) {
        elderships.push_back(json::object{{"id", eldership.id}, {"name", eldership.name}});
    }
    return document_text({{"groups", std::move(groups)},
                          {"members", std::move(members)},
                          {"committees", std::move(committees)},
                          {"elderships", std::move(elderships)}});
}

std::string meetings_csv(const CouncilSnapshot& council, const OpenDataFilter& filter) {
    CsvTable table({"id", "kind", "committee_id", "title_lt", "title_en", "starts_at", "place_lt",
                    "place_en", "status", "channel_id"});
    for (const auto& meeting : council.meetings) {
        if (!matches(filter, meeting)) continue;
        table.row({std::to_string(meeting.id), kind_name(meeting.kind),
                   id_text(meeting.committee_id), meeting.title.lt, meeting.title.en,
                   rfc3339_utc(meeting.starts_unix), meeting.place.lt, meeting.place.en,
                   status_name(meeting.status), meeting.channel_id});
    }
    return table.take();
}

std::string agenda_items_csv(const CouncilSnapshot& council, const OpenDataFilter& filter) {
    CsvTable table({"id", "meeting_id", "meeting_starts_at", "position", "title_lt", "title_en",
                    "rapporteur", "documents", "decision_id", "decision_number",
                    "decision_outcome"});
    for (const auto& item : council.agenda_items) {
        const Meeting* meeting = council.meeting(item.meeting_id);
        if (!meeting || !matches(filter, *meeting)) continue;
        const Decision* decision = council.decision_on(item.id);
        table.row({std::to_string(item.id), std::to_string(item.meeting_id),
                   rfc3339_utc(meeting->starts_unix), std::to_string(item.position), item.title.lt,
                   item.title.en, item.rapporteur,
                   std::to_string(council.documents_of(item.id).size()),
                   decision ? std::to_string(decision->id) : std::string(),
                   decision ? decision->number : std::string(),
                   decision ? outcome_name(decision->outcome) : std::string_view()});
    }
    return table.take();
}

std::string decisions_csv(const CouncilSnapshot& council, const OpenDataFilter& filter) {
    CsvTable table({"id", "number", "outcome", "decided_at", "agenda_item_id", "meeting_id",
                    "agenda_item_title_lt", "agenda_item_title_en", "text_lt", "text_en"});
    for (const auto& decision : council.decisions) {
        if (filter.year && year_of(decision.decided_unix) != *filter.year) continue;
        const AgendaItem* item = council.agenda_item(decision.agenda_item_id);
        table.row({std::to_string(decision.id), decision.number, outcome_name(decision.outcome),
                   rfc3339_utc(decision.decided_unix), std::to_string(decision.agenda_item_id),
                   item ? std::to_string(item->meeting_id) : std::string(),
                   item ? item->title.lt : std::string(), item ? item->title.en : std::string(),
                   decision.text.lt, decision.text.en});
    }
    return table.take();
}

std::string members_csv(const CouncilSnapshot& council) {
    CsvTable table({"id", "name", "position", "group_id", "group_lt", "group_en",
                    "group_abbreviation", "term_start", "term_end", "committees_lt",
                    "committees_en"});
    for (const auto& member : council.members) {
        const CouncilGroup* group = council.group(member.group_id);
        std::string committees_lt;
        std::string committees_en;
        for (const Committee* committee : council.committees_of(member.id)) {
            // A semicolon, not a comma, so the list reads as one cell's value.
            if (!committees_lt.empty()) {
                committees_lt += "; ";
                committees_en += "; ";
            }
            committees_lt += committee->name.lt;
            // Lithuanian where untranslated: a list with gaps would not say which is which.
            committees_en += committee->name.in(Language::kEn);
        }
        table.row({std::to_string(member.id), member.name, position_name(member.position),
                   id_text(member.group_id), group ? group->name.lt : std::string(),
                   group ? group->name.en : std::string(),
                   group ? group->abbreviation : std::string(), member.term_start, member.term_end,
                   committees_lt, committees_en});
    }
    return table.take();
}

}  // namespace councilcast::portal
