#include "common/enum_names.hpp"

#include <doctest/doctest.h>

using namespace councilcast;

namespace {

enum class Colour { kRed, kGreen };
constexpr auto kColourNames =
    std::to_array<EnumName<Colour>>({{Colour::kRed, "red"}, {Colour::kGreen, "green"}});

}  // namespace

TEST_CASE("an enum's table names each value and parses each name back") {
    static_assert(name_of(kColourNames, Colour::kGreen) == "green");
    for (const auto& [value, name] : kColourNames) {
        CHECK(name_of(kColourNames, value) == name);
        CHECK(parse(kColourNames, name) == value);
    }
    CHECK_FALSE(parse(kColourNames, "Red"));
    CHECK_FALSE(parse(kColourNames, ""));
    CHECK_FALSE(parse(kColourNames, "red "));
}
