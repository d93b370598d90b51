// The council's public record, one struct per row: groups, members, committees, elderships,
// meetings, agenda items, documents and decisions, and the names their enums are stored under.
// What every reader of the record includes; only council_store writes it.
#pragma once

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portal/pages/language.hpp"

namespace councilcast::portal {

// A text editors write in Lithuanian and may translate. English pages fall back to the
// Lithuanian text (and mark it lang="lt") where no translation exists.
struct LocalizedText {
    std::string lt;
    std::string en;

    bool translated(Language language) const { return language == Language::kLt || !en.empty(); }
    const std::string& in(Language language) const {
        return translated(language) ? pick(language) : lt;
    }

  private:
    const std::string& pick(Language language) const { return language == Language::kLt ? lt : en; }
};

// {"lt": "...", "en": "..." or null}, as the open data gives every translatable text: null
// rather than "" for a text nobody has translated, so a consumer can tell "no English" from an
// English text that happens to be empty, and falls back to Lithuanian as the site does.
boost::json::object to_json(const LocalizedText& text);

enum class CouncilPosition { kMember, kChair, kDeputyChair };
enum class MeetingKind { kCouncil, kCommittee };
enum class MeetingStatus { kPlanned, kLive, kEnded, kCancelled };
enum class DecisionOutcome { kAdopted, kRejected, kPostponed };
enum class AgendaMove { kUp, kDown };  // towards the start or the end of the meeting

// The names stored in the database and used in URLs, filters and the open-data API.
std::string_view position_name(CouncilPosition position);
std::string_view kind_name(MeetingKind kind);
std::string_view status_name(MeetingStatus status);
std::string_view outcome_name(DecisionOutcome outcome);
std::optional<CouncilPosition> parse_position(std::string_view name);
std::optional<MeetingKind> parse_kind(std::string_view name);
std::optional<MeetingStatus> parse_status(std::string_view name);
std::optional<DecisionOutcome> parse_outcome(std::string_view name);

// A party or an electoral committee's group in the council.
struct CouncilGroup {
    std::int64_t id = 0;
    LocalizedText name;
    std::string abbreviation;  // "LSDP"; may be empty
};

struct CouncilMember {
    std::int64_t id = 0;
    std::string name;           // as the person writes it: "Rasa Petrauskienė"
    std::int64_t group_id = 0;  // 0: not in a group
    CouncilPosition position = CouncilPosition::kMember;
    std::string term_start;   // ISO date, "2023-04-20"
    std::string term_end;     // ISO date; empty while serving
    LocalizedText biography;  // Markdown
    // File name under <data_dir>/photos, "<sha256>.jpg" or ".png": the extension says the type
    // (checked from the bytes when uploaded). Empty for none.
    std::string photo;
};

struct Committee {
    std::int64_t id = 0;
    LocalizedText name;
    LocalizedText remit;  // what it deals with, one sentence
    std::int64_t chair_member_id = 0;
    std::vector<std::int64_t> member_ids;  // the chair included, by name
};

struct Eldership {
    std::int64_t id = 0;
    std::string name;  // a proper name: the same in both languages
};

struct Meeting {
    std::int64_t id = 0;
    MeetingKind kind = MeetingKind::kCouncil;
    std::int64_t committee_id = 0;  // for committee meetings
    LocalizedText title;
    std::int64_t starts_unix = 0;  // UTC seconds
    LocalizedText place;
    MeetingStatus status = MeetingStatus::kPlanned;
    std::string channel_id;  // the broadcast channel ([[channel]] id); empty: not broadcast
};

struct AgendaItem {
    std::int64_t id = 0;
    std::int64_t meeting_id = 0;
    int position = 0;  // 1, 2, ... in the order the meeting takes them
    LocalizedText title;
    std::string rapporteur;     // who presents it: a name and office
    LocalizedText description;  // Markdown
};

// An attached file (decision drafts as PDF). The bytes live under <data_dir>/documents, named by
// their SHA-256, outside any web root.
struct Document {
    std::int64_t id = 0;
    std::int64_t agenda_item_id = 0;
    LocalizedText title;
    std::string file_name;  // offered to the browser when downloading
    std::string content_type;
    std::int64_t size_bytes = 0;
    std::string sha256;  // hex; also the stored file's name
    std::int64_t uploaded_unix = 0;
};

// What the council decided on an agenda item. The voting issue adds the vote behind it (for,
// against, abstained and each member's vote) in a table of its own keyed by the decision's id,
// so this row and the editor's form for it stay as they are.
struct Decision {
    std::int64_t id = 0;
    std::int64_t agenda_item_id = 0;
    std::string number;  // the register number, "TS-123"
    DecisionOutcome outcome = DecisionOutcome::kAdopted;
    LocalizedText text;  // Markdown
    std::int64_t decided_unix = 0;
};

}  // namespace councilcast::portal
