#include "vote_overlay/overlay_state.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <string>

#include "common/error.hpp"

using namespace councilcast;
using namespace councilcast::vote_overlay;

namespace {

boost::json::value valid_json() {
    return boost::json::parse(
        R"({"channel_title":"Tarybos posėdžių salė","live_label":"TIESIOGIAI","clock_text":"14:05:09"})");
}

}  // namespace

TEST_CASE("overlay state survives a JSON round trip") {
    const OverlayState state{"Tarybos posėdžių salė", "TIESIOGIAI", "14:05:09"};
    const auto json = to_json(state);
    CHECK(json.at("channel_title").as_string() == "Tarybos posėdžių salė");
    CHECK(overlay_state_from_json(json) == state);
    // Through text, as it travels over the worker's socket.
    CHECK(overlay_state_from_json(boost::json::parse(boost::json::serialize(json))) == state);
    CHECK(overlay_state_from_json(to_json(OverlayState{})) == OverlayState{});
}

TEST_CASE("overlay state accepts texts up to the limit") {
    auto json = valid_json();
    std::string title;
    while (title.size() + 2 <= kMaxOverlayTextBytes) title += "ž";  // two bytes each
    json.as_object()["channel_title"] = title;
    CHECK(overlay_state_from_json(json).channel_title == title);
}

TEST_CASE("malformed overlay state is rejected as invalid input") {
    SUBCASE("not an object") {
        CHECK_THROWS_AS(overlay_state_from_json(boost::json::parse("[]")), InvalidInput);
        CHECK_THROWS_AS(overlay_state_from_json(boost::json::parse("\"x\"")), InvalidInput);
        CHECK_THROWS_AS(overlay_state_from_json(boost::json::value(nullptr)), InvalidInput);
    }
    SUBCASE("missing member") {
        auto json = valid_json();
        json.as_object().erase("clock_text");
        CHECK_THROWS_AS(overlay_state_from_json(json), InvalidInput);
    }
    SUBCASE("wrong type") {
        auto json = valid_json();
        json.as_object()["live_label"] = 1;
        CHECK_THROWS_AS(overlay_state_from_json(json), InvalidInput);
    }
    SUBCASE("unknown member") {
        auto json = valid_json();
        json.as_object()["chanel_title"] = "typo";
        CHECK_THROWS_AS(overlay_state_from_json(json), InvalidInput);
    }
    SUBCASE("too long") {
        auto json = valid_json();
        json.as_object()["channel_title"] = std::string(kMaxOverlayTextBytes + 1, 'a');
        CHECK_THROWS_AS(overlay_state_from_json(json), InvalidInput);
    }
    SUBCASE("not UTF-8") {
        for (const std::string bad :
             {"\xff", "salė\xc4", "\xc0\xaf", "\xed\xa0\x80", "\xf5\x80\x80\x80"}) {
            auto json = valid_json();
            json.as_object()["channel_title"] = bad;
            CHECK_THROWS_AS(overlay_state_from_json(json), InvalidInput);
        }
    }
    SUBCASE("control characters") {
        for (const std::string bad : {"line\nbreak", "tab\there", "\x7f", "\xc2\x85"}) {
            auto json = valid_json();
            json.as_object()["clock_text"] = bad;
            CHECK_THROWS_AS(overlay_state_from_json(json), InvalidInput);
        }
    }
}
