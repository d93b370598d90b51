#include "portal/pages/media_clock.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace councilcast::portal {
namespace {

long long whole_seconds(double seconds) {
    return std::max(0LL, static_cast<long long>(std::floor(seconds)));
}

// Longer than any meeting: a typed time past it is a typing mistake.
constexpr std::int64_t kMaxTypedSeconds = 99 * 3600 + 59 * 60 + 59;
constexpr std::size_t kMaxTypedBytes = 20;

std::optional<std::int64_t> digits(std::string_view text, std::size_t max_digits) {
    if (text.empty() || text.size() > max_digits) return std::nullopt;
    std::int64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

}  // namespace

std::string clock_text(double seconds) {
    const long long total = whole_seconds(seconds);
    if (total < 3600) return fmt::format("{}:{:02}", total / 60, total % 60);
    return fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
}

std::optional<double> parse_clock_text(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (text.empty() || text.size() > kMaxTypedBytes) return std::nullopt;
    std::int64_t millis = 0;
    if (const auto dot = text.find('.'); dot != std::string_view::npos) {
        const std::string_view fraction = text.substr(dot + 1);
        auto value = digits(fraction, 3);
        if (!value) return std::nullopt;
        millis = *value;
        for (std::size_t i = fraction.size(); i < 3; ++i) millis *= 10;
        text = text.substr(0, dot);
    }
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const auto colon = text.find(':', start);
        parts.push_back(
            text.substr(start, colon == std::string_view::npos ? colon : colon - start));
        if (colon == std::string_view::npos) break;
        start = colon + 1;
    }
    if (parts.size() > 3) return std::nullopt;
    std::int64_t seconds = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const bool first = i == 0;
        // The first unit may be as large as the text allows ("62:03", "3723"); the later ones
        // are two digits below 60.
        auto value = digits(parts[i], first ? 7 : 2);
        if (!value || (!first && (parts[i].size() != 2 || *value >= 60))) return std::nullopt;
        seconds = seconds * 60 + *value;
    }
    if (seconds > kMaxTypedSeconds) return std::nullopt;
    return static_cast<double>(seconds) + static_cast<double>(millis) / 1000.0;
}

std::string precise_clock_text(double seconds) {
    const auto total_ms = static_cast<std::int64_t>(std::llround(std::max(seconds, 0.0) * 1000));
    std::string text = clock_text(static_cast<double>(total_ms / 1000));
    if (const std::int64_t millis = total_ms % 1000; millis != 0) {
        std::string fraction = fmt::format("{:03}", millis);
        while (fraction.back() == '0') fraction.pop_back();
        text += "." + fraction;
    }
    return text;
}

std::string duration_iso(double seconds) {
    const long long total = whole_seconds(seconds);
    std::string text = "PT";
    if (total >= 3600) text += fmt::format("{}H", total / 3600);
    if (total >= 60) text += fmt::format("{}M", total / 60 % 60);
    return text + fmt::format("{}S", total % 60);
}

}  // namespace councilcast::portal
