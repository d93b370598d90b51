#include "common/typed_text.hpp"

#include <doctest/doctest.h>

#include <string>

#include "common/error.hpp"

using namespace councilcast;

TEST_CASE("only well-formed UTF-8 is text, counted as a person counts characters") {
    CHECK(valid_utf8("Elektrėnų seniūnija"));
    CHECK(characters("Elektrėnų seniūnija") == 19);
    CHECK_FALSE(valid_utf8("\xC0\xAF"));          // an overlong "/"
    CHECK_FALSE(valid_utf8("\xED\xA0\x80"));      // a UTF-16 surrogate
    CHECK_FALSE(valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    CHECK_FALSE(valid_utf8("Elektr\xC4"));        // cut short
}

TEST_CASE("control characters are found, C1 included, except those allowed") {
    CHECK_FALSE(has_control("Vievis, Kietaviškės"));
    CHECK(has_control("a\x1b[31mb"));
    CHECK(has_control("a\x7f"));
    CHECK(has_control("a\xC2\x85"));  // U+0085, NEXT LINE
    CHECK_FALSE(has_control("eilutė\nkita\tstulpelis", "\n\t"));
    CHECK(has_control("eilutė\r\nkita", "\n\t"));
}

TEST_CASE("text is tidied as a person would expect") {
    CHECK(trimmed(" \t\r\n Vievis \n") == "Vievis");
    CHECK(tidy_line("  Dviračių\t\ttakas\r\n į  Vievį ") == "Dviračių takas į Vievį");
    CHECK(tidy_paragraphs("  Pirma eilutė  \r\nantra\r\n\r\n\r\n\r\n  Kita pastraipa \n") ==
          "Pirma eilutė\nantra\n\nKita pastraipa");
}

TEST_CASE("a stored line and paragraphs are bounded, and the refusal names the bounds") {
    CHECK(checked_line("  Ona Petrauskienė ", 2, 100, "error_name") == "Ona Petrauskienė");
    CHECK(checked_paragraphs("Pirma.\r\nAntra.\r\r", 1, 50, "error_text") == "Pirma.\nAntra.");
    CHECK_THROWS_AS(checked_line("A", 2, 100, "error_name"), InvalidInput);
    CHECK_THROWS_AS(checked_line("tab\there", 0, 100, "error_name"), InvalidInput);
    CHECK_THROWS_AS(checked_line(std::string(1'000'000, 'x'), 0, 100, "error_name"), InvalidInput);
    CHECK_THROWS_AS(checked_paragraphs("\xC0\xAF", 0, 100, "error_text"), InvalidInput);
    CHECK(checked_paragraphs("  ", 0, 100, "error_text").empty());
    try {
        checked_line(std::string(101, 'x'), 2, 100, "error_name");
        FAIL("a line over its bound was taken");
    } catch (const InvalidInput& refusal) {
        CHECK(refusal.key() == "error_name");
        CHECK(refusal.arguments() == InvalidInput::Arguments{{"min", "2"}, {"max", "100"}});
    }
}
