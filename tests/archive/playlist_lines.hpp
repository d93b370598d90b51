// Reading a playlist's text in tests: its lines, the values of the tags a line starts with.
#pragma once

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace councilcast::testing {

inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// What follows `prefix` on every line that starts with it.
inline std::vector<std::string> lines_starting(const std::string& text, std::string_view prefix) {
    std::vector<std::string> found;
    for (auto& line : lines_of(text)) {
        if (line.starts_with(prefix)) found.push_back(line.substr(prefix.size()));
    }
    return found;
}

// The value of a tag the playlist has exactly once.
inline std::string header_value(const std::string& text, std::string_view tag) {
    auto values = lines_starting(text, std::string(tag) + ":");
    REQUIRE(values.size() == 1);
    return values.front();
}

}  // namespace councilcast::testing
