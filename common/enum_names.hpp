// The one form of an enum's names (as stored, in URLs, in configuration): a table both ways.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "common/require.hpp"

namespace councilcast {

template <typename Enum>
struct EnumName {
    Enum value;
    std::string_view name;
};

// constexpr auto kRoleNames = std::to_array<EnumName<Role>>({{Role::kAdmin, "admin"}, ...});
template <typename Enum, std::size_t N>
using EnumNames = std::array<EnumName<Enum>, N>;

// A value missing from its table is a programmer error.
template <typename Enum, std::size_t N>
constexpr std::string_view name_of(const EnumNames<Enum, N>& names, Enum value) {
    for (const auto& entry : names) {
        if (entry.value == value) return entry.name;
    }
    require(false, "an enum value has no name in its table");
    return {};
}

// Nothing when `name` is none of the table's: input from outside, for the caller to refuse.
template <typename Enum, std::size_t N>
constexpr std::optional<Enum> parse(const EnumNames<Enum, N>& names, std::string_view name) {
    for (const auto& entry : names) {
        if (entry.name == name) return entry.value;
    }
    return std::nullopt;
}

}  // namespace councilcast
