// A request's address, parsed once: the language it names, the path beneath it and the query.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "portal/pages/language.hpp"

namespace councilcast::portal {

struct Target {
    // /en and what lies under it is English, the rest Lithuanian.
    Language language = Language::kLt;
    // The path's segments, percent-decoded, without the leading "en" and without the empty one
    // a trailing slash leaves: "/en/meetings/5/" is {"meetings", "5"}.
    std::vector<std::string> segments;
    // The same as a path: "/meetings/5", or "/" for a home page.
    std::string path;
    // The query as it came, without "?" (for links that keep it).
    std::string encoded_query;
    // The query's parameters, percent-decoded, in order.
    std::vector<std::pair<std::string, std::string>> parameters;

    // An origin-form request target ("/en/meetings?year=2026"); nothing when it is not one.
    static std::optional<Target> parse(std::string_view target);

    // The first value of a query parameter, or empty.
    std::string query(std::string_view name) const;
    // Every value of a query parameter, in order.
    std::vector<std::string> query_all(std::string_view name) const;
};

// `path` ("/staff/meetings") in `language`: "/en/staff/meetings" in English, "/en/" for "/".
std::string localised(Language language, std::string_view path);

}  // namespace councilcast::portal
