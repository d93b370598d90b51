#include "portal/site/route_table.hpp"

#include <algorithm>

#include "common/require.hpp"
#include "portal/http/form_data.hpp"

namespace councilcast::portal {
namespace http = boost::beast::http;
namespace {

constexpr std::string_view kRest = "{*}";
constexpr std::string_view kId = "{id}";

std::vector<std::string_view> pattern_segments(std::string_view pattern) {
    std::vector<std::string_view> segments;
    std::size_t start = 1;  // after the leading '/'
    while (start < pattern.size()) {
        const std::size_t end = std::min(pattern.find('/', start), pattern.size());
        segments.push_back(pattern.substr(start, end - start));
        start = end + 1;
    }
    return segments;
}

bool is_parameter(std::string_view segment) {
    return segment.starts_with('{') && segment.ends_with('}');
}

// How well `pattern` matches `segments`: the number of literal segments that matched, or -1.
int match_score(const std::vector<std::string_view>& pattern,
                const std::vector<std::string>& segments, PageCall::PathValues* values) {
    int literals = 0;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const std::string_view part = pattern[i];
        if (part == kRest) {
            if (values) values->rest.assign(segments.begin() + i, segments.end());
            return segments.size() > i ? literals : -1;
        }
        if (i >= segments.size()) return -1;
        if (!is_parameter(part)) {
            if (part != segments[i]) return -1;
            ++literals;
            continue;
        }
        if (part == kId && !parse_id(segments[i])) return -1;
        if (values) values->named.emplace_back(part.substr(1, part.size() - 2), segments[i]);
    }
    return pattern.size() == segments.size() ? literals : -1;
}

std::string_view first_key(const std::vector<std::string_view>& pattern) {
    if (pattern.empty()) return "";
    return is_parameter(pattern[0]) ? "{" : pattern[0];
}

}  // namespace

void RouteTable::add(PageRoute route) {
    require(static_cast<bool>(route.handler) != static_cast<bool>(route.answer),
            "a route needs exactly one of handler and answer");
    for (const auto& existing : entries_) {
        require(existing.route.pattern != route.pattern || existing.route.method != route.method,
                "two routes for one method and pattern");
    }
    require(route.form != FormKind::kKeyed ||
                (route.access.open() && route.addresses == Addresses::kProgram),
            "a keyed form is a program's, open to anyone");
    auto pattern = pattern_segments(route.pattern);
    by_first_[std::string(first_key(pattern))].push_back(entries_.size());
    if (route.addresses == Addresses::kProgram && !pattern.empty() && !is_parameter(pattern[0]) &&
        std::find(program_prefixes_.begin(), program_prefixes_.end(), pattern[0]) ==
            program_prefixes_.end()) {
        program_prefixes_.emplace_back(pattern[0]);
    }
    entries_.push_back({std::move(route), std::move(pattern)});
}

RouteTable::Match RouteTable::match(const Target& target, http::verb method,
                                    std::string* allowed) const {
    if (method == http::verb::head) method = http::verb::get;
    Match best;
    int best_score = -1;
    auto consider = [&](std::string_view key) {
        auto it = by_first_.find(std::string(key));
        if (it == by_first_.end()) return;
        for (std::size_t index : it->second) {
            const auto& [route, pattern] = entries_[index];
            // What programs fetch lives at its own address only, never under /en.
            if (route.addresses == Addresses::kProgram && target.language == Language::kEn) {
                continue;
            }
            if (match_score(pattern, target.segments, nullptr) < 0) continue;
            if (allowed) {
                if (!allowed->empty()) *allowed += ", ";
                *allowed += std::string(http::to_string(route.method));
                if (route.method == http::verb::get) *allowed += ", HEAD";
            }
            if (route.method != method) continue;
            PageCall::PathValues values;
            const int score = match_score(pattern, target.segments, &values);
            if (score > best_score) {
                best_score = score;
                best = {&route, std::move(values)};
            }
        }
    };
    consider(target.segments.empty() ? "" : target.segments[0]);
    if (!target.segments.empty()) consider("{");
    return best;
}

bool RouteTable::for_programs(const Target& target) const {
    return target.language == Language::kLt && !target.segments.empty() &&
           program_prefix(target.segments[0]);
}

bool RouteTable::program_prefix(std::string_view first_segment) const {
    return std::find(program_prefixes_.begin(), program_prefixes_.end(), first_segment) !=
           program_prefixes_.end();
}

}  // namespace councilcast::portal
