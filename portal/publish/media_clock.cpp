#include "portal/publish/media_clock.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

namespace councilcast::portal {
namespace {

long long whole_seconds(double seconds) {
    return std::max(0LL, static_cast<long long>(std::floor(seconds)));
}

}  // namespace

std::string clock_text(double seconds) {
    const long long total = whole_seconds(seconds);
    if (total < 3600) return fmt::format("{}:{:02}", total / 60, total % 60);
    return fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
}

std::string duration_iso(double seconds) {
    const long long total = whole_seconds(seconds);
    std::string text = "PT";
    if (total >= 3600) text += fmt::format("{}H", total / 3600);
    if (total >= 60) text += fmt::format("{}M", total / 60 % 60);
    return text + fmt::format("{}S", total % 60);
}

}  // namespace councilcast::portal
