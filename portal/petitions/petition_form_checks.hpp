// What residents and moderators type into the petition forms, read and checked before anything
// is written: text tidied and bounded as the store bounds it (in characters, as a person counts
// them), addresses and choices checked, and every problem named by its field, so a refused form
// comes back with each error at its field, in the visitor's language. The store checks again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portal/accounts/form_checks.hpp"
#include "portal/http/form_data.hpp"
#include "portal/pages/language.hpp"
#include "portal/pages/localization.hpp"
#include "portal/petitions/petition_record.hpp"

namespace councilcast::portal::petition_forms {

// The store's bounds (PetitionStore::Draft, Signing, reject, hide, stop, respond, invalidate),
// in characters.
using Bounds = FieldBounds;
inline constexpr Bounds kTitle{10, 150};
inline constexpr Bounds kText{50, 10'000};
inline constexpr Bounds kName{2, 100};
inline constexpr Bounds kReason{1, 2'000};       // hiding, stopping, invalidating
inline constexpr Bounds kExplanation{0, 2'000};  // a rejection's text, a decision
inline constexpr Bounds kResponse{1, 20'000};

using Problem = FieldProblem;
using Problems = FieldProblems;

// The text's paragraphs (split at empty lines), for pages that show them as <p>.
std::vector<std::string> split_paragraphs(std::string_view text);

// The start and edit forms.
struct DraftInput {
    std::string title;
    std::string text;
    std::string creator_name;
    std::string email;  // normalised
    Language language = Language::kLt;
};
// `with_contact`: the start form, which also asks for the email, the language of the mails and
// the consent; the edit form changes only the title and text.
DraftInput read_draft(const FormData& form, bool with_contact, Problems& problems);

// The sign form. Eldership kOutsideEldership is accepted only when `allow_outside`; any other
// must be one of `elderships`. `account_email`: a signed-in resident's verified address, used
// instead of the form's.
struct SignatureInput {
    std::string name;
    std::string email;  // normalised
    std::int64_t eldership_id = kOutsideEldership;
    bool eligible = false;
    bool consent = false;
    bool notify = false;
};
SignatureInput read_signature(const FormData& form, const std::vector<std::int64_t>& elderships,
                              bool allow_outside, const std::optional<std::string>& account_email,
                              Problems& problems);

// An optional positive id ("" is none); otherwise `problem_key` at `field`.
std::optional<std::int64_t> read_optional_id(const FormData& form, std::string_view field,
                                             std::string_view problem_key, Problems& problems);

// Bulk invalidation: any of an address, an email domain and a time window (either end may be
// open), all of those given matching, and a reason.
struct InvalidationInput {
    std::string address;  // the address's canonical text; empty: any
    std::string domain;   // lower case; empty: any
    std::int64_t from_unix_ms = 0;
    std::int64_t to_unix_ms = 0;
    std::string reason;
};
// The window's ends are datetime-local values, read as wall time in `localization`'s zone.
InvalidationInput read_invalidation(const FormData& form, const Localization& localization,
                                    Problems& problems);

// A mail domain as typed ("@Example.LT" too): letters, digits, hyphens and dots, with a dot, at
// most 253 characters; lower case.
std::optional<std::string> parse_domain(std::string_view typed);

}  // namespace councilcast::portal::petition_forms
