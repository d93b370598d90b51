#include "portal/petitions/petition_search.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include "common/error.hpp"

namespace councilcast::portal {
namespace {

// A query's characters, counted and checked before anything else is done with it.
void check_query(std::string_view query) {
    std::size_t characters = 0;
    for (std::int32_t i = 0; i < static_cast<std::int32_t>(query.size());) {
        UChar32 c = 0;
        U8_NEXT(query.data(), i, static_cast<std::int32_t>(query.size()), c);
        if (c < 0 || (u_iscntrl(c) && c != '\t') || ++characters > kMaxPetitionQueryCharacters) {
            throw InvalidInput::text("petition_list_error_query");
        }
    }
}

}  // namespace

std::string folded_text(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status)) throw Error("ICU has no NFD normalizer");
    const icu::UnicodeString decomposed =
        nfd->normalize(icu::UnicodeString::fromUTF8(
                           icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size()))),
                       status);
    if (U_FAILURE(status)) throw Error("ICU could not normalize a petition's text");
    icu::UnicodeString bare;
    for (std::int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
        const UChar32 c = decomposed.char32At(i);
        if (u_charType(c) != U_NON_SPACING_MARK) bare.append(c);
    }
    bare.foldCase();
    std::string out;
    bare.toUTF8String(out);
    return out;
}

PetitionSearch::PetitionSearch(std::string_view query) {
    check_query(query);
    const std::string folded = folded_text(query);
    std::size_t start = 0;
    while (start < folded.size()) {
        const std::size_t end = folded.find_first_of(" \t", start);
        const std::size_t stop = end == std::string::npos ? folded.size() : end;
        if (stop > start) words_.push_back(folded.substr(start, stop - start));
        start = stop + 1;
    }
}

bool PetitionSearch::matches(std::string_view title, std::string_view text) const {
    if (words_.empty()) return true;
    const std::string haystack = folded_text(title) + '\n' + folded_text(text);
    for (const auto& word : words_) {
        if (haystack.find(word) == std::string::npos) return false;
    }
    return true;
}

}  // namespace councilcast::portal
