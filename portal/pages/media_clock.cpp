#include "portal/pages/media_clock.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

namespace councilcast::portal {
namespace {

long long whole_seconds(double seconds) {
    return std::max(0LL, static_cast<long long>(std::floor(seconds)));
}

constexpr long long kMaxHours = 99999;
constexpr std::size_t kMaxDecimals = 3;

// Digits only (no sign, no spaces), at most `max_digits` of them.
std::optional<long long> whole_number(std::string_view text, std::size_t max_digits) {
    if (text.empty() || text.size() > max_digits ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    long long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace

std::string clock_text(double seconds) {
    const long long total = whole_seconds(seconds);
    if (total < 3600) return fmt::format("{}:{:02}", total / 60, total % 60);
    return fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
}

std::optional<double> parse_clock_text(std::string_view text) {
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        const std::size_t colon = text.find(':', start);
        parts.push_back(text.substr(start, colon - start));
        if (colon == std::string_view::npos) break;
        start = colon + 1;
    }
    if (parts.size() > 3) return std::nullopt;
    // The last part may carry the fraction.
    std::string_view last = parts.back();
    double fraction = 0;
    if (const std::size_t dot = last.find('.'); dot != std::string_view::npos) {
        const std::string_view decimals = last.substr(dot + 1);
        const auto digits = whole_number(decimals, kMaxDecimals);
        if (!digits) return std::nullopt;
        fraction =
            static_cast<double>(*digits) / std::pow(10.0, static_cast<double>(decimals.size()));
        last = last.substr(0, dot);
    }
    parts.back() = last;
    // Alone, seconds may be any count; after minutes, under 60; minutes after hours likewise.
    long long total = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const bool leading = i == 0;
        const auto value = whole_number(parts[i], leading ? 10 : 2);
        if (!value || (!leading && *value >= 60)) return std::nullopt;
        total = total * 60 + *value;
    }
    if (total / 3600 > kMaxHours) return std::nullopt;
    return static_cast<double>(total) + fraction;
}

std::string duration_iso(double seconds) {
    const long long total = whole_seconds(seconds);
    std::string text = "PT";
    if (total >= 3600) text += fmt::format("{}H", total / 3600);
    if (total >= 60) text += fmt::format("{}M", total / 60 % 60);
    return text + fmt::format("{}S", total % 60);
}

}  // namespace councilcast::portal
