// Finding petitions by words, as a visitor types them: case and diacritics do not matter
// ("sviesa" finds "Šviesa", "ELEKTRENU" finds "Elektrėnų").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace councilcast::portal {

// The longest search a visitor may send, in characters: a sentence, not a document.
inline constexpr std::size_t kMaxPetitionQueryCharacters = 200;

// A visitor's words, folded once and matched against many petitions.
class PetitionSearch {
  public:
    // Throws InvalidInput ("petition_list_error_query") for more than
    // kMaxPetitionQueryCharacters characters, invalid UTF-8 or control characters.
    explicit PetitionSearch(std::string_view query);

    // No words: every petition matches.
    bool empty() const { return words_.empty(); }
    // Whether every word occurs in `title` or `text` (as a part of a word: "apšviet" finds
    // "apšvietimas", since Lithuanian words change their endings).
    bool matches(std::string_view title, std::string_view text) const;

  private:
    std::vector<std::string> words_;
};

// `text` in lower case without diacritics (Unicode decomposition with the marks left out, then
// case folding), as UTF-8: what matching compares.
std::string folded_text(std::string_view text);

}  // namespace councilcast::portal
