#include "common/typed_text.hpp"

#include <glib.h>

#include <algorithm>

#include "common/error.hpp"

namespace councilcast {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

InvalidInput bounds_error(const std::string& key, std::size_t min, std::size_t max) {
    return InvalidInput::text(key, {{"min", std::to_string(min)}, {"max", std::to_string(max)}});
}

}  // namespace

bool valid_utf8(std::string_view text) {
    return g_utf8_validate_len(text.data(), text.size(), nullptr);
}

std::size_t characters(std::string_view utf8) {
    return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

bool has_control(std::string_view text, std::string_view allowed) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 || c == 0x7f) && allowed.find(text[i]) == std::string_view::npos) {
            return true;
        }
        // U+0080..U+009F are encoded 0xC2 0x80..0x9F.
        if (c == 0xC2 && i + 1 < text.size()) {
            const auto next = static_cast<unsigned char>(text[i + 1]);
            if (next >= 0x80 && next <= 0x9f) return true;
        }
    }
    return false;
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

std::string checked_line(std::string_view text, std::size_t min, std::size_t max,
                         const std::string& key) {
    const std::string_view line = trimmed(text);
    // Checked on bytes first, so a hostile megabyte is refused before it is walked.
    if (line.size() > 4 * max || !valid_utf8(line) || has_control(line)) {
        throw bounds_error(key, min, max);
    }
    const std::size_t count = characters(line);
    if (count < min || count > max) throw bounds_error(key, min, max);
    return std::string(line);
}

std::string checked_paragraphs(std::string_view text, std::size_t min, std::size_t max,
                               const std::string& key) {
    if (text.size() > 8 * max) throw bounds_error(key, min, max);
    std::string normalised;
    normalised.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            normalised.push_back('\n');
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            normalised.push_back(text[i]);
        }
    }
    const std::string_view body = trimmed(normalised);
    if (!valid_utf8(body) || has_control(body, "\n\t")) throw bounds_error(key, min, max);
    const std::size_t count = characters(body);
    if (count < min || count > max) throw bounds_error(key, min, max);
    return std::string(body);
}

std::string tidy_line(std::string_view text) {
    std::string line;
    bool space = false;
    for (char c : trimmed(text)) {
        if (is_space(c)) {
            space = true;
            continue;
        }
        if (space) line += ' ';
        space = false;
        line += c;
    }
    return line;
}

std::string tidy_paragraphs(std::string_view text) {
    std::string result;
    bool gap = false;
    std::string_view rest = trimmed(text);
    while (!rest.empty()) {
        const auto end = rest.find('\n');
        const std::string_view line = trimmed(rest.substr(0, end));
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
        if (line.empty()) {
            gap = true;
            continue;
        }
        if (!result.empty()) result += gap ? "\n\n" : "\n";
        gap = false;
        result += line;
    }
    return result;
}

}  // namespace councilcast
