// What a visitor typed, checked and made into an FTS5 query that cannot be read as FTS5 syntax.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace councilcast::portal {

// The longest query accepted, in characters (code points): a long sentence; more is refused.
inline constexpr std::size_t kMaxQueryCharacters = 200;

// Throws InvalidInput("search_error_too_long") for more than kMaxQueryCharacters characters or
// invalid UTF-8 ("search_error_query").
void check_query(std::string_view text);

// An FTS5 query made of a visitor's words.
struct FtsQuery {
    std::string match;      // for MATCH
    std::size_t words = 0;  // how many words it requires
    bool prefix = false;    // the last word is also sought as a prefix
    bool operator==(const FtsQuery&) const = default;
};

// Each word as an FTS5 string ("…", so AND, NEAR, *, : or a column name are only words), all
// of them required; the last one, unless a space follows it, also as a prefix, so a query
// typed so far finds the words it begins. Nothing when no word has a letter or digit (only
// punctuation): such a query finds nothing.
std::optional<FtsQuery> fts_query(std::string_view text);

}  // namespace councilcast::portal
