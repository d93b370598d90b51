// Residents' petitions to the council, one struct per row, and the immutable snapshot the
// public pages, the API and the moderators' pages read.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace councilcast::portal {

// draft → gathering (sponsors) → moderation → open → closed → answered; rejected from
// moderation. Hidden is a flag on a published petition, not a state.
enum class PetitionState { kDraft, kGathering, kModeration, kOpen, kClosed, kAnswered, kRejected };

// The standard reasons a moderator rejects a petition for (the text adds the particulars).
enum class RejectionReason {
    kDuplicate,     // another petition asks the same (duplicate_of names it)
    kNotMunicipal,  // not for the municipality's council to decide
    kUnlawful,      // asks for something against the law
    kOffensive,     // insulting, discriminating or inciting
    kPersonalData,  // names or exposes private persons
    kUnclear,       // what is asked cannot be made out
    kOther,         // the text says why
};

// The names the database, the open data and the catalogue keys use: "draft", "gathering",
// "moderation", "open", "closed", "answered", "rejected" (petition_state_<name>);
// "duplicate", "not_municipal", "unlawful", "offensive", "personal_data", "unclear", "other"
// (petition_reason_<name>).
std::string_view petition_state_name(PetitionState state);
std::string_view rejection_reason_name(RejectionReason reason);
std::optional<PetitionState> parse_petition_state(std::string_view name);
std::optional<RejectionReason> parse_rejection_reason(std::string_view name);
// Every reason in the order a moderator's form lists them.
const std::vector<RejectionReason>& rejection_reasons();

// A petition's page, "/petitions/<id>", and `rest` after it ("/sign"): Lithuanian, the page
// prefixes a language's path.
std::string petition_path(std::int64_t id, std::string_view rest = {});

// Eldership id 0: the signer lives outside the municipality (catalogue key
// petition_eldership_outside), accepted only with [petitions] allow_outside.
inline constexpr std::int64_t kOutsideEldership = 0;

struct PetitionRejection {
    RejectionReason reason = RejectionReason::kOther;
    std::string text;               // plain text, may be empty
    std::int64_t duplicate_of = 0;  // kDuplicate: the petition it repeats; else 0
};

// The municipality's answer.
struct PetitionResponse {
    std::string text;  // plain text, paragraphs separated by blank lines
    std::int64_t answered_unix_ms = 0;
    std::int64_t meeting_id = 0;  // the council meeting that decided on it; 0: none
    std::string decision;         // the meeting's decision in a sentence; may be empty
};

struct Petition {
    std::int64_t id = 0;
    std::string title;         // one line, plain text
    std::string text;          // plain text, paragraphs separated by blank lines
    std::string creator_name;  // public
    // Never public: no page, feed or API prints it. Moderators' pages may show it.
    std::string creator_email;
    std::string language = "lt";  // "lt" or "en": the language of the creator's mails
    PetitionState state = PetitionState::kDraft;

    // When each step happened, unix ms; 0: not (yet).
    std::int64_t created_unix_ms = 0;
    std::int64_t gathering_unix_ms = 0;  // the creator confirmed their email
    std::int64_t submitted_unix_ms = 0;  // went to moderation (sponsors gathered)
    std::int64_t opened_unix_ms = 0;     // approved and published
    std::int64_t closes_unix_ms = 0;     // when it will close (opened + [petitions] open_days)
    std::int64_t closed_unix_ms = 0;     // closed at closes_unix_ms, or stopped early
    std::int64_t answered_unix_ms = 0;
    std::int64_t rejected_unix_ms = 0;

    std::optional<PetitionRejection> rejection;  // state kRejected
    bool hidden = false;        // a moderator took a published petition off the public pages
    std::string hidden_reason;  // shown on its page instead of the petition
    std::string stop_reason;    // not empty: a moderator closed it early, for this reason
    std::optional<PetitionResponse> response;  // state kAnswered

    // When the count first reached [petitions] response_threshold and council_threshold
    // (the thresholds as configured then); 0: not reached.
    std::int64_t response_threshold_unix_ms = 0;
    std::int64_t council_threshold_unix_ms = 0;

    int sponsors_confirmed = 0;  // sponsors who confirmed (gathering)
    // Confirmed, not invalidated signatures (sponsors' included), from the tally: exact, at
    // most one tally period behind the confirmations.
    std::int64_t signature_count = 0;
    // The same by eldership id (kOutsideEldership for outside); only elderships with any.
    std::map<std::int64_t, std::int64_t> signatures_by_eldership;

    // Published: open, closed or answered (hidden ones included: their page says why).
    bool published() const;
};

// Immutable once published, like VotingSnapshot: any thread reads it without locks. Drafts,
// gathering and moderation petitions are in it too (the creator's and moderators' pages read
// them): a public page shows only published() ones, and a hidden one as hidden.
struct PetitionsSnapshot {
    std::int64_t version = 0;
    std::int64_t tallied_unix_ms = 0;  // when the counts were last folded
    std::vector<Petition> petitions;   // by id

    const Petition* petition(std::int64_t id) const;
    std::vector<const Petition*> in_state(PetitionState state) const;  // by id
};

// An eldership a signer may choose (the council record's, wired by the composition root).
struct PetitionEldership {
    std::int64_t id = 0;
    std::string name;  // a proper name, the same in both languages
};

}  // namespace councilcast::portal
