// Finding petitions as a visitor types: case and diacritics never matter, parts of words find
// Lithuanian words whatever their ending, and a hostile query is refused, never run.
#include "portal/petitions/petition_search.hpp"

#include <doctest/doctest.h>

#include <string>

#include "common/error.hpp"
#include "portal/petitions/petition_views.hpp"

using namespace councilcast;
using namespace councilcast::portal;

TEST_CASE("folding drops case and every diacritic of Lithuanian and other Latin letters") {
    CHECK(folded_text("ĄČĘĖĮŠŲŪŽ ąčęėįšųūž") == "aceeisuuz aceeisuuz");
    CHECK(folded_text("Elektrėnų Šviesa") == "elektrenu sviesa");
    CHECK(folded_text("Größe Ærø café") == "grosse ærø cafe");
}

TEST_CASE("every word must occur, in the title or the text, without diacritics or case") {
    const PetitionSearch search("SVIESA elektrenu");
    CHECK(search.matches("Šviesa Elektrėnų gatvėse", ""));
    CHECK(search.matches("Šviesa", "Prašome apšviesti Elektrėnų takus"));
    CHECK_FALSE(search.matches("Šviesa", "Vievio takai"));
    CHECK(PetitionSearch("apšviet").matches("Apšvietimas Semeliškėse", ""));
    CHECK(PetitionSearch("   ").empty());
    CHECK(PetitionSearch("").matches("anything", "at all"));
}

TEST_CASE("a query too long, with control characters or broken UTF-8 is refused") {
    CHECK_NOTHROW(PetitionSearch(std::string(kMaxPetitionQueryCharacters, 'a')));
    // 200 Lithuanian letters are 400 bytes and still allowed: the limit counts characters.
    std::string letters;
    for (std::size_t i = 0; i < kMaxPetitionQueryCharacters; ++i) letters += "ž";
    CHECK_NOTHROW(PetitionSearch{letters});
    CHECK_THROWS_AS(PetitionSearch(std::string(kMaxPetitionQueryCharacters + 1, 'a')),
                    InvalidInput);
    CHECK_THROWS_AS(PetitionSearch("a\x01"), InvalidInput);
    CHECK_THROWS_AS(PetitionSearch("line\nbreak"), InvalidInput);
    CHECK_THROWS_AS(PetitionSearch("\xC3\x28"), InvalidInput);
    CHECK_THROWS_AS(PetitionSearch("\xF0\x9F\x98"), InvalidInput);
}

TEST_CASE("a petition's text becomes paragraphs at blank lines, its lines joined") {
    CHECK(petition_paragraphs("") == std::vector<std::string>{});
    CHECK(petition_paragraphs("One.\nStill one.\n\n\n  Two.  \r\n") ==
          std::vector<std::string>{"One. Still one.", "Two."});
    CHECK(petition_paragraphs("\n\n<b>x</b>\n\n") == std::vector<std::string>{"<b>x</b>"});
}
