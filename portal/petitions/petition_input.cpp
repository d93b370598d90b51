#include "portal/petitions/petition_input.hpp"

#include <algorithm>

#include "common/error.hpp"

namespace councilcast::portal {

namespace {

constexpr std::size_t kMaxClientAddress = 64;

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return text;
}

// C0 controls, DEL and the C1 controls (U+0080..U+009F, encoded 0xC2 0x80..0x9F).
bool has_control(std::string_view text, std::string_view allowed) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if ((c < 0x20 || c == 0x7f) && allowed.find(text[i]) == std::string_view::npos) {
            return true;
        }
        if (c == 0xC2 && i + 1 < text.size()) {
            const auto next = static_cast<unsigned char>(text[i + 1]);
            if (next >= 0x80 && next <= 0x9f) return true;
        }
    }
    return false;
}

InvalidInput bounds_error(const std::string& key, std::size_t min, std::size_t max) {
    return InvalidInput::text(key, {{"min", std::to_string(min)}, {"max", std::to_string(max)}});
}

}  // namespace

bool valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        std::uint32_t code = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            length = 2;
            code = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            length = 3;
            code = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            length = 4;
            code = c & 0x07;
        } else {
            return false;
        }
        if (i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) return false;
            code = (code << 6) | (next & 0x3F);
        }
        const std::uint32_t smallest = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
        if (code < smallest || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
            return false;
        }
        i += length;
    }
    return true;
}

std::size_t characters(std::string_view utf8) {
    return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

std::string one_line(std::string_view text, std::size_t min, std::size_t max,
                     const std::string& key) {
    const std::string_view line = trimmed(text);
    // Checked on bytes first, so a hostile megabyte is refused before it is walked.
    if (line.size() > 4 * max || !valid_utf8(line) || has_control(line, "")) {
        throw bounds_error(key, min, max);
    }
    const std::size_t count = characters(line);
    if (count < min || count > max) throw bounds_error(key, min, max);
    return std::string(line);
}

std::string paragraphs(std::string_view text, std::size_t min, std::size_t max,
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

std::string language(std::string_view text) {
    if (text != "lt" && text != "en") throw InvalidInput::text("petition_error_language");
    return std::string(text);
}

std::string client_address(std::string_view text) {
    // Digits, hex letters, dots and colons; an IPv6 zone ("%eth0") adds letters, '_', '-'
    // (ASCII only, whatever the locale).
    const bool plausible = !text.empty() && text.size() <= kMaxClientAddress &&
                           std::all_of(text.begin(), text.end(), [](char c) {
                               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                                      (c >= 'A' && c <= 'Z') ||
                                      std::string_view(".:%_-").find(c) != std::string_view::npos;
                           });
    if (!plausible) throw InvalidInput::text("petition_error_address");
    return std::string(text);
}

}  // namespace councilcast::portal
