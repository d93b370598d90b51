#include "portal/bookings/booking_staff_checks.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>

#include "common/typed_text.hpp"
#include "portal/bookings/local_days.hpp"

namespace councilcast::portal::booking_staff_checks {
namespace {

constexpr int kMinutesPerDay = 24 * 60;

std::optional<int> digits(std::string_view text) {
    if (text.empty() || text.size() > 4) return std::nullopt;
    if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// The dashes a person may type between two times: a hyphen, an en dash, an em dash.
std::optional<std::pair<std::string_view, std::string_view>> split_range(std::string_view text) {
    for (std::string_view dash : {"\xE2\x80\x93", "\xE2\x80\x94", "-"}) {
        if (const auto at = text.find(dash); at != std::string_view::npos) {
            return std::pair{trimmed(text.substr(0, at)), trimmed(text.substr(at + dash.size()))};
        }
    }
    return std::nullopt;
}

}  // namespace

std::optional<int> parse_clock(std::string_view text) {
    text = trimmed(text);
    const auto colon = text.find_first_of(":.");
    if (colon == std::string_view::npos || colon == 0 || colon > 2) return std::nullopt;
    const std::string_view minutes_text = text.substr(colon + 1);
    if (minutes_text.size() != 2) return std::nullopt;
    const auto hours = digits(text.substr(0, colon));
    const auto minutes = digits(minutes_text);
    if (!hours || !minutes || *minutes > 59) return std::nullopt;
    const int minute = *hours * 60 + *minutes;
    if (minute > kMinutesPerDay) return std::nullopt;
    return minute;
}

std::string format_clock(int minute) {
    return fmt::format("{:02}:{:02}", minute / 60, minute % 60);
}

std::optional<std::vector<DayRange>> parse_day_ranges(std::string_view text, int granule_minutes) {
    std::vector<DayRange> ranges;
    std::string_view rest = trimmed(text);
    while (!rest.empty()) {
        const auto end = rest.find_first_of(",;");
        const std::string_view part = trimmed(rest.substr(0, end));
        rest = end == std::string_view::npos ? std::string_view() : trimmed(rest.substr(end + 1));
        if (part.empty()) continue;
        const auto ends = split_range(part);
        if (!ends) return std::nullopt;
        const auto start = parse_clock(ends->first);
        const auto finish = parse_clock(ends->second);
        if (!start || !finish || *start >= *finish) return std::nullopt;
        if (*start % granule_minutes != 0 || *finish % granule_minutes != 0) return std::nullopt;
        ranges.push_back({*start, *finish});
    }
    std::sort(ranges.begin(), ranges.end(),
              [](const DayRange& a, const DayRange& b) { return a.start_minute < b.start_minute; });
    for (std::size_t i = 1; i < ranges.size(); ++i) {
        if (ranges[i].start_minute < ranges[i - 1].end_minute) return std::nullopt;
    }
    return ranges;
}

std::string format_day_ranges(const std::vector<DayRange>& ranges) {
    std::string text;
    for (const DayRange& range : ranges) {
        if (!text.empty()) text += ", ";
        text += format_clock(range.start_minute) + "\xE2\x80\x93" + format_clock(range.end_minute);
    }
    return text;
}

std::int64_t read_number(const FormData& form, std::string_view field, Bounds bounds,
                         std::string_view problem_key, Problems& problems) {
    const std::string text = tidy_line(form.get(field));
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || text.size() > 12 || error != std::errc() ||
        end != text.data() + text.size() || value < bounds.min || value > bounds.max) {
        problems[std::string(field)] = {std::string(problem_key), bounds};
        return bounds.min;
    }
    return value;
}

std::optional<LocalDate> read_date(const FormData& form, std::string_view field,
                                   std::string_view problem_key, Problems& problems) {
    auto date = parse_iso_date(tidy_line(form.get(field)));
    if (!date) problems[std::string(field)] = {std::string(problem_key), {}};
    return date;
}

std::optional<int> read_clock(const FormData& form, std::string_view field, int granule_minutes,
                              std::string_view problem_key, Problems& problems) {
    auto minute = parse_clock(form.get(field));
    if (!minute || *minute % granule_minutes != 0) {
        problems[std::string(field)] = {std::string(problem_key), {}};
        return std::nullopt;
    }
    return minute;
}

bool ticked(const FormData& form, std::string_view field) {
    return form.get(field) == "1";
}

boost::asio::awaitable<void> without_id(boost::asio::awaitable<std::int64_t> write) {
    co_await std::move(write);
}

}  // namespace councilcast::portal::booking_staff_checks
