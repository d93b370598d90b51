#include "portal/search/search_query.hpp"

#include <vector>

#include "common/error.hpp"

namespace councilcast::portal {
namespace {

bool is_space(unsigned char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

bool is_ascii_word_character(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Code points of valid UTF-8, or nothing.
std::optional<std::size_t> characters(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++count) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80         ? 1
                                   : (lead >> 5) == 6  ? 2
                                   : (lead >> 4) == 14 ? 3
                                   : (lead >> 3) == 30 ? 4
                                                       : 0;
        if (length == 0 || i + length > text.size()) return std::nullopt;
        for (std::size_t k = 1; k < length; ++k) {
            if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return std::nullopt;
        }
        i += length;
    }
    return count;
}

}  // namespace

void check_query(std::string_view text) {
    // Checked in bytes first: a huge query is refused before it is walked.
    if (text.size() > 4 * kMaxQueryCharacters) throw InvalidInput::text("search_error_too_long");
    const auto count = characters(text);
    if (!count) throw InvalidInput::text("search_error_query");
    if (*count > kMaxQueryCharacters) throw InvalidInput::text("search_error_too_long");
}

std::optional<FtsQuery> fts_query(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    bool has_letter = false;
    auto finish = [&] {
        if (has_letter) words.push_back(std::move(word));
        word.clear();
        has_letter = false;
    };
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (is_space(byte)) {
            finish();
            continue;
        }
        // A quote would end the FTS5 string; control characters are no part of a word. Both
        // only separate words as the tokenizer's other punctuation does.
        if (c == '"' || byte < 0x20 || byte == 0x7f) {
            word += ' ';
            continue;
        }
        word += c;
        // Letters beyond ASCII (ž, ą) are taken as letters; a word of non-ASCII punctuation
        // alone ("—") becomes an FTS5 string without a token, which matches nothing.
        has_letter = has_letter || byte >= 0x80 || is_ascii_word_character(byte);
    }
    const bool typing = !text.empty() && !is_space(static_cast<unsigned char>(text.back()));
    finish();
    if (words.empty()) return std::nullopt;
    std::string query;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (!query.empty()) query += " AND ";
        const std::string quoted = "\"" + words[i] + "\"";
        if (typing && i + 1 == words.size()) {
            query += "(" + quoted + " OR " + quoted + " *)";
        } else {
            query += quoted;
        }
    }
    return FtsQuery{std::move(query), words.size(), typing};
}

}  // namespace councilcast::portal
