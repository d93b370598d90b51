// A visitor's text as an FTS5 query: every word quoted, so nothing they type is FTS5 syntax,
// the last word also a prefix while typed, punctuation alone no query at all.
#include "portal/search/search_query.hpp"

#include <doctest/doctest.h>

#include "common/error.hpp"

using namespace councilcast;
using namespace councilcast::portal;

TEST_CASE("words are quoted and all required; the word being typed is also a prefix") {
    CHECK(fts_query("žemės sklypas ") == FtsQuery{"\"žemės\" AND \"sklypas\"", 2, false});
    CHECK(fts_query("žemės sklyp") ==
          FtsQuery{"\"žemės\" AND (\"sklyp\" OR \"sklyp\" *)", 2, true});
    CHECK(fts_query("  biudžetas") == FtsQuery{"(\"biudžetas\" OR \"biudžetas\" *)", 1, true});
}

TEST_CASE("FTS5 syntax in a query is only words") {
    CHECK(fts_query("a\" OR title:x* NEAR(b) ")->match ==
          "\"a \" AND \"OR\" AND \"title:x*\" AND \"NEAR(b)\"");
    CHECK(fts_query(std::string("x\0y ", 4))->match == "\"x y\"");
}

TEST_CASE("a query of punctuation alone is no query") {
    CHECK_FALSE(fts_query(""));
    CHECK_FALSE(fts_query("   "));
    CHECK_FALSE(fts_query("\"\" ** () - ? "));
}

TEST_CASE("a query is at most 200 characters of UTF-8") {
    CHECK_NOTHROW(check_query(std::string(200, 'a')));
    // Two hundred Lithuanian letters are 400 bytes and allowed.
    std::string letters;
    for (int i = 0; i < 200; ++i) letters += "ž";
    CHECK_NOTHROW(check_query(letters));
    CHECK_THROWS_AS(check_query(std::string(201, 'a')), InvalidInput);
    CHECK_THROWS_AS(check_query(letters + "ž"), InvalidInput);
    CHECK_THROWS_AS(check_query("\xff\xfe"), InvalidInput);
    CHECK_THROWS_AS(check_query(std::string(10'000, 'a')), InvalidInput);
}
