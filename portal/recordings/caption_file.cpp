#include "portal/recordings/caption_file.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <span>
#include <utility>

#include "common/error.hpp"
#include "common/typed_text.hpp"

namespace councilcast::portal {
namespace {

using Arguments = InvalidInput::Arguments;

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kArrow = "-->";
// The tags WebVTT cue text may hold (WebVTT §4.2.2); a timestamp tag is checked apart.
constexpr std::array<std::string_view, 8> kCueTags = {"b", "i",    "u",    "c",
                                                      "v", "lang", "ruby", "rt"};
// Character references kept as they are: the ones caption tools write. Any other `&` is text.
constexpr std::array<std::string_view, 7> kEntities = {"amp", "lt",  "gt",  "nbsp",
                                                       "lrm", "rlm", "quot"};
// A <v Name> or <lang tag> annotation longer than this is not a name.
constexpr std::size_t kMaxAnnotation = 100;
constexpr std::size_t kMaxClassName = 32;

[[noreturn]] void refuse(std::string key, std::size_t line, Arguments more = {}) {
    more.insert(more.begin(), {"line", std::to_string(line)});
    throw InvalidInput::text(std::move(key), std::move(more));
}

struct Line {
    std::string_view text;
    std::size_t number = 0;
};

// Strict UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF, no NUL), and no control
// character but the tab.
void check_line(std::string_view text, std::size_t number) {
    if (!valid_utf8(text)) refuse("caption_error_encoding", number);
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\t') || byte == 0x7F) refuse("caption_error_control", number);
    }
}

// Lines end in LF, CRLF or CR (WebVTT allows all three; SRT files from Windows use CRLF).
std::vector<Line> split_lines(std::string_view bytes) {
    std::vector<Line> lines;
    std::size_t start = 0;
    std::size_t number = 1;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (bytes[i] != '\n' && bytes[i] != '\r') continue;
        lines.push_back({bytes.substr(start, i - start), number++});
        if (bytes[i] == '\r' && i + 1 < bytes.size() && bytes[i + 1] == '\n') ++i;
        start = i + 1;
    }
    if (start < bytes.size()) lines.push_back({bytes.substr(start), number});
    for (const Line& line : lines) check_line(line.text, line.number);
    return lines;
}

bool is_blank(std::string_view text) {
    return text.find_first_not_of(" \t") == std::string_view::npos;
}

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

bool all_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::int64_t number_of(std::string_view digits) {
    std::int64_t value = 0;
    for (char c : digits) value = value * 10 + (c - '0');
    return value;
}

// WebVTT: [hh:]mm:ss.mmm, hours two or three digits; SRT: hh:mm:ss,mmm.
std::optional<std::int64_t> parse_timestamp(std::string_view text, bool srt) {
    const char separator = srt ? ',' : '.';
    const auto dot = text.rfind(separator);
    if (dot == std::string_view::npos) return std::nullopt;
    const std::string_view fraction = text.substr(dot + 1);
    std::string_view clock = text.substr(0, dot);
    if (fraction.size() != 3 || !all_digits(fraction)) return std::nullopt;
    std::array<std::string_view, 3> parts;
    std::size_t count = 0;
    while (count < parts.size()) {
        const auto colon = clock.find(':');
        parts[count++] = clock.substr(0, colon);
        if (colon == std::string_view::npos) break;
        clock.remove_prefix(colon + 1);
        if (count == parts.size()) return std::nullopt;
    }
    if (count < 2 || (srt && count != 3)) return std::nullopt;
    std::int64_t hours = 0;
    if (count == 3) {
        if (parts[0].size() < 2 || parts[0].size() > 3 || !all_digits(parts[0])) {
            return std::nullopt;
        }
        hours = number_of(parts[0]);
    }
    const std::string_view minutes = parts[count - 2];
    const std::string_view seconds = parts[count - 1];
    if (minutes.size() != 2 || seconds.size() != 2 || !all_digits(minutes) ||
        !all_digits(seconds) || number_of(minutes) > 59 || number_of(seconds) > 59) {
        return std::nullopt;
    }
    return ((hours * 60 + number_of(minutes)) * 60 + number_of(seconds)) * 1000 +
           number_of(fraction);
}

struct Timing {
    std::int64_t start_ms = 0;
    std::int64_t end_ms = 0;
};

// "start --> end [settings]": the settings are dropped, the player's defaults apply.
Timing parse_timing(const Line& line, bool srt) {
    const auto arrow = line.text.find(kArrow);
    if (arrow == std::string_view::npos) refuse("caption_error_timing", line.number);
    const std::string_view after = trim(line.text.substr(arrow + kArrow.size()));
    const auto start = parse_timestamp(trim(line.text.substr(0, arrow)), srt);
    const auto end = parse_timestamp(after.substr(0, after.find_first_of(" \t")), srt);
    if (!start || !end) refuse("caption_error_time", line.number);
    return {*start, *end};
}

bool allowed_tag(std::string_view name) {
    return std::find(kCueTags.begin(), kCueTags.end(), name) != kCueTags.end();
}

bool class_name(std::string_view name) {
    return !name.empty() && name.size() <= kMaxClassName &&
           std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_';
           });
}

// A character reference WebVTT reads as one (named ones we keep, or numeric): its length.
std::size_t reference_length(std::string_view text) {
    const auto semicolon = text.find(';');
    if (semicolon == std::string_view::npos || semicolon < 2 || semicolon > 10) return 0;
    const std::string_view name = text.substr(1, semicolon - 1);
    if (std::find(kEntities.begin(), kEntities.end(), name) != kEntities.end()) {
        return semicolon + 1;
    }
    if (name[0] == '#') {
        const std::string_view digits = name.substr(1);
        const bool hex = !digits.empty() && (digits[0] == 'x' || digits[0] == 'X');
        const std::string_view value = hex ? digits.substr(1) : digits;
        const bool ok = !value.empty() && std::all_of(value.begin(), value.end(), [hex](char c) {
            return (c >= '0' && c <= '9') ||
                   (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
        });
        if (ok) return semicolon + 1;
    }
    return 0;
}

// One tag's inside (between < and >), as it is kept; empty: dropped.
std::string clean_tag(std::string_view tag, const Timing& cue, std::size_t number) {
    if (tag.empty()) refuse("caption_error_markup", number);
    if (tag[0] == '/') {
        const std::string_view name = tag.substr(1);
        return allowed_tag(name) ? "/" + std::string(name) : std::string();
    }
    if (tag[0] >= '0' && tag[0] <= '9') {
        // A karaoke timestamp must fall inside its cue (WebVTT §4.2.2).
        const auto at = parse_timestamp(tag, false);
        if (!at || *at <= cue.start_ms || *at >= cue.end_ms) {
            refuse("caption_error_markup", number);
        }
        return std::string(tag);
    }
    const auto name_end = tag.find_first_of(". \t");
    const std::string_view name = tag.substr(0, name_end);
    if (!allowed_tag(name)) return {};
    std::string kept(name);
    std::string_view rest = name_end == std::string_view::npos ? "" : tag.substr(name_end);
    while (!rest.empty() && rest[0] == '.') {
        const auto next = rest.find_first_of(". \t", 1);
        const std::string_view cls =
            rest.substr(1, next == std::string_view::npos ? rest.npos : next - 1);
        if (!class_name(cls)) refuse("caption_error_markup", number);
        kept += "." + std::string(cls);
        rest = next == std::string_view::npos ? "" : rest.substr(next);
    }
    const std::string_view annotation = trim(rest);
    if (name == "v" || name == "lang") {
        if (annotation.empty() && name == "lang") refuse("caption_error_markup", number);
        if (annotation.size() > kMaxAnnotation || annotation.find('&') != std::string_view::npos) {
            refuse("caption_error_markup", number);
        }
        if (!annotation.empty()) kept += " " + std::string(annotation);
    }
    return kept;
}

// A line of cue text with only WebVTT's markup, and `&` `<` `>` escaped where they are text.
std::string clean_text_line(std::string_view text, const Timing& cue, std::size_t number) {
    if (text.find(kArrow) != std::string_view::npos) refuse("caption_error_arrow", number);
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '<') {
            const auto close = text.find('>', i);
            if (close == std::string_view::npos) refuse("caption_error_markup", number);
            const std::string kept = clean_tag(text.substr(i + 1, close - i - 1), cue, number);
            if (!kept.empty()) out += "<" + kept + ">";
            i = close;
        } else if (c == '&') {
            const std::size_t length = reference_length(text.substr(i));
            if (length == 0) {
                out += "&amp;";
            } else {
                out += text.substr(i, length);
                i += length - 1;
            }
        } else if (c == '>') {
            out += "&gt;";
        } else {
            out += c;
        }
    }
    return std::string(trim(out));
}

// The cue's text lines, cleaned; empty when the cue says nothing.
std::string cue_text(std::span<const Line> lines, const Timing& cue, const CaptionLimits& limits) {
    std::string text;
    std::size_t count = 0;
    for (const Line& line : lines) {
        std::string cleaned = clean_text_line(line.text, cue, line.number);
        if (cleaned.empty()) continue;
        if (++count > limits.max_cue_lines) {
            refuse("caption_error_lines", line.number,
                   {{"max", std::to_string(limits.max_cue_lines)}});
        }
        if (!text.empty()) text += '\n';
        text += cleaned;
        if (characters(text) > limits.max_cue_chars) {
            refuse("caption_error_cue_too_long", line.number,
                   {{"max", std::to_string(limits.max_cue_chars)}});
        }
    }
    return text;
}

class CueList {
  public:
    explicit CueList(const CaptionLimits& limits) : limits_(limits) {}

    void add(const Line& timing_line, const Timing& timing, std::span<const Line> text_lines) {
        const std::size_t number = timing_line.number;
        if (timing.end_ms <= timing.start_ms) refuse("caption_error_end_before_start", number);
        if (!cues_.empty() && timing.start_ms < cues_.back().start_ms) {
            refuse("caption_error_order", number);
        }
        if (limits_.length_ms && timing.end_ms > *limits_.length_ms) {
            refuse("caption_error_past_end", number,
                   {{"length", vtt_timestamp(*limits_.length_ms)}});
        }
        std::string text = cue_text(text_lines, timing, limits_);
        if (text.empty()) return;
        if (cues_.size() >= limits_.max_cues) {
            refuse("caption_error_too_many_cues", number,
                   {{"max", std::to_string(limits_.max_cues)}});
        }
        cues_.push_back({timing.start_ms, timing.end_ms, std::move(text)});
    }

    std::vector<CaptionCue> take() {
        if (cues_.empty()) throw InvalidInput::text("caption_error_empty");
        return std::move(cues_);
    }

  private:
    const CaptionLimits& limits_;
    std::vector<CaptionCue> cues_;
};

// The lines from `at` to the next blank one (or the end).
std::span<const Line> block_at(std::span<const Line> lines, std::size_t at) {
    std::size_t end = at;
    while (end < lines.size() && !is_blank(lines[end].text)) ++end;
    return lines.subspan(at, end - at);
}

bool starts_word(std::string_view text, std::string_view word) {
    return text.starts_with(word) &&
           (text.size() == word.size() || text[word.size()] == ' ' || text[word.size()] == '\t');
}

std::vector<CaptionCue> parse_webvtt(std::span<const Line> lines, const CaptionLimits& limits) {
    CueList cues(limits);
    std::size_t at = 0;
    // The header: "WEBVTT" and lines up to the first blank one (X-TIMESTAMP-MAP and the like).
    for (const Line& line : block_at(lines, 0)) {
        if (line.text.find(kArrow) != std::string_view::npos) {
            refuse("caption_error_header", line.number);
        }
        ++at;
    }
    while (at < lines.size()) {
        if (is_blank(lines[at].text)) {
            ++at;
            continue;
        }
        const auto block = block_at(lines, at);
        at += block.size();
        const std::string_view first = block[0].text;
        if (starts_word(first, "NOTE") || starts_word(first, "STYLE") ||
            starts_word(first, "REGION")) {
            continue;
        }
        // An identifier line may come before the timing line.
        const std::size_t timing_at = first.find(kArrow) != std::string_view::npos ? 0 : 1;
        if (timing_at >= block.size()) refuse("caption_error_timing", block.back().number + 1);
        const Line& timing_line = block[timing_at];
        cues.add(timing_line, parse_timing(timing_line, false), block.subspan(timing_at + 1));
    }
    return cues.take();
}

std::vector<CaptionCue> parse_srt(std::span<const Line> lines, const CaptionLimits& limits) {
    CueList cues(limits);
    std::size_t at = 0;
    while (at < lines.size()) {
        if (is_blank(lines[at].text)) {
            ++at;
            continue;
        }
        const auto block = block_at(lines, at);
        at += block.size();
        const std::string_view counter = trim(block[0].text);
        if (!all_digits(counter) || counter.size() > 9) {
            refuse("caption_error_srt_number", block[0].number);
        }
        if (block.size() < 2) refuse("caption_error_timing", block[0].number + 1);
        cues.add(block[1], parse_timing(block[1], true), block.subspan(2));
    }
    return cues.take();
}

}  // namespace

std::vector<CaptionCue> parse_caption_file(std::string_view bytes, const CaptionLimits& limits) {
    if (bytes.size() > limits.max_bytes) {
        throw InvalidInput::text(
            "caption_error_too_large",
            {{"mb", std::to_string((limits.max_bytes + (1 << 20) - 1) >> 20)}});
    }
    if (bytes.starts_with(kBom)) bytes.remove_prefix(kBom.size());
    const std::vector<Line> lines = split_lines(bytes);
    if (lines.empty()) throw InvalidInput::text("caption_error_empty");
    const std::string_view first = lines[0].text;
    if (first.starts_with("WEBVTT")) {
        if (!starts_word(first, "WEBVTT")) refuse("caption_error_format", 1);
        return parse_webvtt(lines, limits);
    }
    const auto start = std::find_if(lines.begin(), lines.end(),
                                    [](const Line& line) { return !is_blank(line.text); });
    if (start == lines.end()) throw InvalidInput::text("caption_error_empty");
    if (!all_digits(trim(start->text))) refuse("caption_error_format", start->number);
    return parse_srt(lines, limits);
}

std::string clean_cue_text(std::string_view text, std::int64_t start_ms, std::int64_t end_ms,
                           const CaptionLimits& limits) {
    std::vector<Line> lines;
    for (Line line : split_lines(text)) {
        if (is_blank(line.text)) continue;
        line.number = 1;
        lines.push_back(line);
    }
    std::string cleaned = cue_text(lines, {start_ms, end_ms}, limits);
    if (cleaned.empty()) refuse("caption_error_cue_empty", 1);
    return cleaned;
}

std::int64_t timeline_ms(double seconds) {
    return std::llround(seconds * 1000);
}

std::string vtt_timestamp(std::int64_t ms) {
    ms = std::max<std::int64_t>(0, ms);
    return fmt::format("{:02}:{:02}:{:02}.{:03}", ms / 3'600'000, ms / 60'000 % 60, ms / 1000 % 60,
                       ms % 1000);
}

std::string plain_cue_text(std::string_view text) {
    std::string plain;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '<') {
            const auto close = text.find('>', i);
            if (close == std::string_view::npos) break;
            i = close;
        } else if (c == '&' && reference_length(text.substr(i)) > 0) {
            const std::size_t length = reference_length(text.substr(i));
            const std::string_view name = text.substr(i + 1, length - 2);
            if (name == "amp") plain += '&';
            if (name == "lt") plain += '<';
            if (name == "gt") plain += '>';
            if (name == "quot") plain += '"';
            if (name == "nbsp") plain += ' ';
            i += length - 1;
        } else {
            plain += c == '\n' ? ' ' : c;
        }
    }
    return plain;
}

}  // namespace councilcast::portal
