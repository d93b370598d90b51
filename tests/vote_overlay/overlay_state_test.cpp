#include "vote_overlay/overlay_state.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <cstdint>
#include <functional>
#include <limits>
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

namespace {

OverlayTally closed_tally() {
    OverlayTally tally;
    tally.item_title = "Dėl Elektrėnų savivaldybės 2027 metų biudžeto patvirtinimo";
    tally.motion = "Pritarti sprendimo projektui";
    tally.counts = {{{"Už", 13}, {"Prieš", 4}, {"Susilaikė", 3}, {"Nebalsavo", 1}}};
    tally.presence_text = "Užsiregistravo 21 iš 25, kvorumas 13";
    tally.countdown_ends_unix_ms = 1'796'000'000'000;
    tally.outcome = OverlayOutcome::kAdopted;
    tally.result_text = "PRIIMTA";
    tally.arithmetic_text = "13 už iš 21 dalyvavusio; reikėjo 11";
    tally.visible_until_unix_ms = 1'796'000'060'000;
    return tally;
}

OverlayState full_state() {
    OverlayState state{"Tarybos posėdžių salė", "TIESIOGIAI", "14:05:09"};
    state.tally = closed_tally();
    state.speaker = OverlaySpeaker{"Gintautas Rimeikis", "Savivaldybės meras"};
    return state;
}

// The full state's JSON with one change made by `edit`.
boost::json::value edited(const std::function<void(boost::json::object&)>& edit) {
    auto json = to_json(full_state());
    edit(json.as_object());
    return json;
}

boost::json::object& tally_of(boost::json::object& state) {
    return state["tally"].as_object();
}

}  // namespace

TEST_CASE("a tally and a speaker survive the JSON round trip, in every outcome") {
    for (const auto outcome : {OverlayOutcome::kOpen, OverlayOutcome::kAdopted,
                               OverlayOutcome::kRejected, OverlayOutcome::kInvalid}) {
        auto state = full_state();
        state.tally->outcome = outcome;
        const auto text = boost::json::serialize(to_json(state));
        CHECK(overlay_state_from_json(boost::json::parse(text)) == state);
    }
    const auto json = to_json(full_state());
    CHECK(json.at("tally").at("outcome").as_string() == "adopted");
    CHECK(json.at("tally").at("counts").as_array().size() == 4);
    CHECK(json.at("tally").at("counts").at(0).at("label").as_string() == "Už");
    CHECK(json.at("tally").at("counts").at(0).at("value").as_int64() == 13);
    CHECK(json.at("speaker").at("role").as_string() == "Savivaldybės meras");

    SUBCASE("absent tally and speaker are not written, and read back as absent") {
        const auto plain = to_json(OverlayState{"Salė", "", ""});
        CHECK_FALSE(plain.as_object().contains("tally"));
        CHECK_FALSE(plain.as_object().contains("speaker"));
        const auto read = overlay_state_from_json(plain);
        CHECK_FALSE(read.tally.has_value());
        CHECK_FALSE(read.speaker.has_value());
    }
    SUBCASE("the bounds themselves are accepted") {
        auto state = full_state();
        state.tally->counts[0].value = kMaxOverlayCount;
        state.tally->counts[1].value = 0;
        state.tally->countdown_ends_unix_ms = 0;
        state.tally->visible_until_unix_ms = std::numeric_limits<std::int64_t>::max();
        state.tally->motion = "";
        state.speaker->role = "";
        std::string long_title;
        while (long_title.size() + 2 <= kMaxOverlayTextBytes) long_title += "ų";
        state.tally->item_title = long_title;
        CHECK(overlay_state_from_json(to_json(state)) == state);
    }
}

TEST_CASE("a malformed tally or speaker is rejected as invalid input") {
    const auto refused = [](const std::function<void(boost::json::object&)>& edit) {
        CHECK_THROWS_AS(overlay_state_from_json(edited(edit)), InvalidInput);
    };
    SUBCASE("not objects") {
        refused([](auto& s) { s["tally"] = nullptr; });
        refused([](auto& s) { s["tally"] = "PRIIMTA"; });
        refused([](auto& s) { s["speaker"] = boost::json::array{"Vardenis"}; });
    }
    SUBCASE("a missing member") {
        for (const auto* key :
             {"item_title", "motion", "counts", "presence_text", "countdown_ends_unix_ms",
              "outcome", "result_text", "arithmetic_text", "visible_until_unix_ms"}) {
            CAPTURE(key);
            refused([&](auto& s) { tally_of(s).erase(key); });
        }
        refused([](auto& s) { s["speaker"].as_object().erase("role"); });
        refused([](auto& s) { tally_of(s)["counts"].as_array()[2].as_object().erase("value"); });
    }
    SUBCASE("an unknown member") {
        refused([](auto& s) { tally_of(s)["quorum"] = 13; });
        refused([](auto& s) { s["speaker"].as_object()["party"] = "X"; });
        refused([](auto& s) { tally_of(s)["counts"].as_array()[0].as_object()["colour"] = "g"; });
    }
    SUBCASE("counts: not four, not objects, out of range, not integers") {
        refused([](auto& s) { tally_of(s)["counts"].as_array().pop_back(); });
        refused([](auto& s) {
            tally_of(s)["counts"].as_array().push_back({{"label", "Kita"}, {"value", 0}});
        });
        refused([](auto& s) { tally_of(s)["counts"] = boost::json::object{}; });
        refused([](auto& s) { tally_of(s)["counts"].as_array()[1] = 4; });
        for (const boost::json::value& bad :
             {boost::json::value(-1), boost::json::value(kMaxOverlayCount + 1),
              boost::json::value(13.0), boost::json::value("13"), boost::json::value(nullptr),
              boost::json::value(std::numeric_limits<std::uint64_t>::max())}) {
            CAPTURE(boost::json::serialize(bad));
            refused(
                [&](auto& s) { tally_of(s)["counts"].as_array()[3].as_object()["value"] = bad; });
        }
    }
    SUBCASE("times: negative, fractional, too large, not numbers") {
        for (const auto* key : {"countdown_ends_unix_ms", "visible_until_unix_ms"}) {
            for (const boost::json::value& bad :
                 {boost::json::value(-1), boost::json::value(1.5e12), boost::json::value("0"),
                  boost::json::value(std::uint64_t{1} << 63)}) {
                CAPTURE(key);
                CAPTURE(boost::json::serialize(bad));
                refused([&](auto& s) { tally_of(s)[key] = bad; });
            }
        }
    }
    SUBCASE("an outcome that is not one of the four words") {
        for (const boost::json::value& bad :
             {boost::json::value("Adopted"), boost::json::value("closed"), boost::json::value(""),
              boost::json::value(1)}) {
            refused([&](auto& s) { tally_of(s)["outcome"] = bad; });
        }
    }
    SUBCASE("texts: too long, not UTF-8, control characters, not strings") {
        for (const boost::json::value& bad :
             {boost::json::value(std::string(kMaxOverlayTextBytes + 1, 'a')),
              boost::json::value("salė\xc4"), boost::json::value("two\nlines"),
              boost::json::value(7)}) {
            refused([&](auto& s) { tally_of(s)["item_title"] = bad; });
            refused([&](auto& s) { tally_of(s)["arithmetic_text"] = bad; });
            refused(
                [&](auto& s) { tally_of(s)["counts"].as_array()[0].as_object()["label"] = bad; });
            refused([&](auto& s) { s["speaker"].as_object()["name"] = bad; });
        }
    }
}

TEST_CASE("the tally's visibility and countdown follow the clock") {
    OverlayTally tally;
    CHECK(tally_visible(tally, 5'000));
    tally.visible_until_unix_ms = 10'000;
    CHECK(tally_visible(tally, 9'999));
    CHECK_FALSE(tally_visible(tally, 10'000));

    CHECK_FALSE(countdown_seconds(tally, 0).has_value());  // no end time: no countdown
    tally.countdown_ends_unix_ms = 100'000;
    CHECK(countdown_seconds(tally, 40'000) == 60);
    CHECK(countdown_seconds(tally, 40'001) == 60);  // rounded up: 1:00 until a whole second went
    CHECK(countdown_seconds(tally, 41'000) == 59);
    CHECK(countdown_seconds(tally, 99'999) == 1);
    CHECK(countdown_seconds(tally, 100'000) == 0);
    CHECK(countdown_seconds(tally, 200'000) == 0);  // over, still open: stays at 0:00
    tally.outcome = OverlayOutcome::kRejected;
    CHECK_FALSE(countdown_seconds(tally, 40'000).has_value());  // closed: no countdown
}

TEST_CASE("the countdown reads as m:ss, capped so it cannot widen the panel") {
    CHECK(countdown_text(0) == "0:00");
    CHECK(countdown_text(9) == "0:09");
    CHECK(countdown_text(65) == "1:05");
    CHECK(countdown_text(600) == "10:00");
    CHECK(countdown_text(99 * 60 + 59) == "99:59");
    CHECK(countdown_text(1'000'000) == "99:59");
    CHECK(countdown_text(-5) == "0:00");
}
