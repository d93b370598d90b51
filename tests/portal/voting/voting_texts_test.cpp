// The voting catalogue as a viewer reads it: the arithmetic of a result in correct Lithuanian
// plural forms and in English, formatted by the real renderer from the real catalogues.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

#include "portal/pages/page_renderer.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

const PageRenderer& renderer() {
    const char* dir = std::getenv("COUNCILCAST_SOURCE_DIR");
    REQUIRE_MESSAGE(dir != nullptr, "COUNCILCAST_SOURCE_DIR is set by CTest; run through ctest");
    static const PageRenderer instance(std::filesystem::path(dir) / "portal" / "templates",
                                       std::filesystem::path(dir) / "portal" / "messages");
    return instance;
}

std::string arithmetic(Language language, int in_favour, int participants, int required) {
    return renderer().format(
        language, "voting_arithmetic",
        {{"for", in_favour}, {"participants", participants}, {"required", required}});
}

}  // namespace

TEST_CASE("a result's arithmetic reads right in Lithuanian and English") {
    CHECK(arithmetic(Language::kLt, 13, 21, 11) == "13 už iš 21 dalyvavusio; reikėjo 11");
    CHECK(arithmetic(Language::kLt, 12, 22, 12) == "12 už iš 22 dalyvavusių; reikėjo 12");
    CHECK(arithmetic(Language::kLt, 9, 15, 8) == "9 už iš 15 dalyvavusių; reikėjo 8");
    CHECK(arithmetic(Language::kLt, 1, 1, 1) == "1 už iš 1 dalyvavusio; reikėjo 1");
    CHECK(arithmetic(Language::kEn, 13, 21, 11) ==
          "13 for out of 21 members taking part; 11 needed");
    CHECK(arithmetic(Language::kEn, 1, 1, 1) == "1 for out of 1 member taking part; 1 needed");
    CHECK(renderer().format(Language::kLt, "voting_arithmetic_all_seats",
                            {{"for", 16}, {"required", 17}, {"seats", 25}}) ==
          "16 už; reikėjo 17 iš 25 tarybos narių");
    CHECK(renderer().format(Language::kLt, "voting_arithmetic_all_seats",
                            {{"for", 16}, {"required", 11}, {"seats", 21}}) ==
          "16 už; reikėjo 11 iš 21 tarybos nario");
    CHECK(renderer().format(Language::kEn, "voting_arithmetic_all_seats",
                            {{"for", 16}, {"required", 17}, {"seats", 25}}) ==
          "16 for; 17 of 25 members of the council needed");
}

TEST_CASE("choices and results have their words in both languages") {
    CHECK(renderer().message(Language::kLt, "voting_choice_for") == "Už");
    CHECK(renderer().message(Language::kLt, "voting_choice_not_voting") == "Nebalsavo");
    CHECK(renderer().message(Language::kEn, "voting_choice_abstain") == "Abstain");
    CHECK(renderer().message(Language::kLt, "voting_result_adopted") == "PRIIMTA");
    CHECK(renderer().message(Language::kLt, "voting_result_rejected") == "NEPRIIMTA");
    CHECK(renderer().message(Language::kEn, "voting_result_no_quorum") == "NO QUORUM");
    CHECK(renderer().format(Language::kLt, "voting_error_no_quorum",
                            {{"registered", "12"}, {"quorum", "13"}}) ==
          "Nėra kvorumo: užsiregistravo 12, reikia bent 13.");
}
