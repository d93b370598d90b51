#include "portal/recordings/caption_file.hpp"

#include <doctest/doctest.h>

#include <string>

#include "common/error.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

CaptionLimits limits_of(std::int64_t length_ms = 3'600'000) {
    CaptionLimits limits;
    limits.length_ms = length_ms;
    return limits;
}

// The key and line a refusal names.
std::string refusal(std::string_view bytes, const CaptionLimits& limits = limits_of()) {
    try {
        parse_caption_file(bytes, limits);
    } catch (const InvalidInput& e) {
        std::string line;
        for (const auto& [name, value] : e.arguments()) {
            if (name == "line") line = value;
        }
        return e.key() + (line.empty() ? "" : "@" + line);
    }
    return "accepted";
}

}  // namespace

TEST_CASE("a WebVTT file with a BOM, CRLF, identifiers, notes, styles and settings") {
    const std::string file =
        "\xEF\xBB\xBFWEBVTT - posėdis\r\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\r\n\r\n"
        "STYLE\r\n::cue { color: red }\r\n\r\nNOTE a comment\r\n\r\n"
        "1\r\n00:01.000 --> 00:03.500 line:90%\r\n<v Meras>Labas <b>rytas</b></v>\r\n\r\n"
        "01:00:00.000 --> 01:00:02.000\r\nAntra & <i>eilutė</i>\r\ntrečia\r\n";
    const auto cues = parse_caption_file(file, limits_of(4 * 3'600'000));
    REQUIRE(cues.size() == 2);
    CHECK(cues[0].start_ms == 1000);
    CHECK(cues[0].end_ms == 3500);
    CHECK(cues[0].text == "<v Meras>Labas <b>rytas</b></v>");
    CHECK(cues[1].start_ms == 3'600'000);
    CHECK(cues[1].text == "Antra &amp; <i>eilutė</i>\ntrečia");
    CHECK(plain_cue_text(cues[1].text) == "Antra & eilutė trečia");
}

TEST_CASE("an SRT file, its <font> tags dropped and CR line ends") {
    const std::string file =
        "1\r00:00:01,000 --> 00:00:02,000\r<font color=\"red\">Sveiki</font>\r\r"
        "2\r00:00:02,500 --> 00:00:04,000\rDar kartą\r";
    const auto cues = parse_caption_file(file, limits_of());
    REQUIRE(cues.size() == 2);
    CHECK(cues[0].text == "Sveiki");
    CHECK(cues[1].start_ms == 2500);
}

TEST_CASE("times are strict and named by line") {
    CHECK(refusal("WEBVTT\n\n00:01,000 --> 00:02.000\nx\n") == "caption_error_time@3");
    CHECK(refusal("WEBVTT\n\n00:61.000 --> 01:02.000\nx\n") == "caption_error_time@3");
    CHECK(refusal("WEBVTT\n\n0:01.000 --> 00:02.000\nx\n") == "caption_error_time@3");
    CHECK(refusal("WEBVTT\n\n00:01.00 --> 00:02.000\nx\n") == "caption_error_time@3");
    CHECK(refusal("1\n00:00:01.000 --> 00:00:02,000\nx\n") == "caption_error_time@2");
    CHECK(refusal("1\n00:01,000 --> 00:00:02,000\nx\n") == "caption_error_time@2");
    CHECK(refusal("WEBVTT\n\nid\nno timing\n") == "caption_error_timing@4");
    CHECK(refusal("WEBVTT\n\n00:02.000 --> 00:01.000\nx\n") == "caption_error_end_before_start@3");
    CHECK(refusal("WEBVTT\n\n00:01.000 --> 00:02.000\nx\n", limits_of(1500)) ==
          "caption_error_past_end@3");
}

TEST_CASE("cues must come in the order they start; overlaps so ordered are allowed") {
    CHECK(refusal("WEBVTT\n\n00:05.000 --> 00:06.000\na\n\n00:04.000 --> 00:07.000\nb\n") ==
          "caption_error_order@6");
    const auto cues = parse_caption_file(
        "WEBVTT\n\n00:01.000 --> 00:05.000\na\n\n00:02.000 --> 00:03.000\nb\n", limits_of());
    CHECK(cues.size() == 2);
}

TEST_CASE("hostile text: huge cue, many lines, markup, arrows, wrong encoding") {
    CHECK(refusal("WEBVTT\n\n00:01.000 --> 00:02.000\n" + std::string(5000, 'a') + "\n") ==
          "caption_error_cue_too_long@4");
    CHECK(refusal("WEBVTT\n\n00:01.000 --> 00:02.000\na\nb\nc\nd\ne\n") == "caption_error_lines@8");
    CHECK(refusal("WEBVTT\n\n00:01.000 --> 00:02.000\n<b unclosed\n") == "caption_error_markup@4");
    CHECK(refusal("WEBVTT\n\n00:01.000 --> 00:02.000\n<c.a\"b>x</c>\n") ==
          "caption_error_markup@4");
    CHECK(refusal("WEBVTT\n\n00:01.000 --> 00:02.000\n<00:05.000>late\n") ==
          "caption_error_markup@4");
    CHECK(refusal("1\n00:00:01,000 --> 00:00:02,000\na\n00:00:03,000 --> 00:00:04,000\n") ==
          "caption_error_arrow@4");
    // Latin-1 "ė" is not UTF-8; an overlong "/" neither.
    CHECK(refusal("WEBVTT\n\n00:01.000 --> 00:02.000\npos\xEB"
                  "dis\n") == "caption_error_encoding@4");
    CHECK(refusal("WEBVTT\n\nNOTE \xC0\xAF\n") == "caption_error_encoding@3");
    CHECK(refusal("WEBVTT\n\n00:01.000 --> 00:02.000\na\x01\n") == "caption_error_control@4");
    // A UTF-16 file is neither.
    CHECK(refusal(std::string("\xFF\xFEW\0E\0", 6)) == "caption_error_encoding@1");

    const auto cues = parse_caption_file(
        "WEBVTT\n\n00:01.000 --> 00:04.000\n<script>alert(1)</script> <c.yellow.big>a</c> "
        "<00:02.000>b <lang en>c</lang> <ruby>d<rt>e</rt></ruby> 1 > 0 &lt; &bogus\n",
        limits_of());
    REQUIRE(cues.size() == 1);
    CHECK(cues[0].text ==
          "alert(1) <c.yellow.big>a</c> <00:02.000>b <lang en>c</lang> <ruby>d<rt>e</rt></ruby> "
          "1 &gt; 0 &lt; &amp;bogus");
}

TEST_CASE("size, format and emptiness") {
    CaptionLimits small = limits_of();
    small.max_bytes = 10;
    CHECK(refusal("WEBVTT\n\n00:01.000 --> 00:02.000\na\n", small) == "caption_error_too_large");
    CHECK(refusal("") == "caption_error_empty");
    CHECK(refusal("WEBVTT\n") == "caption_error_empty");
    CHECK(refusal("WEBVTTX\n") == "caption_error_format@1");
    CHECK(refusal("<html>\n") == "caption_error_format@1");
    CHECK(refusal("WEBVTT\n00:01.000 --> 00:02.000\na\n") == "caption_error_header@2");
    CHECK(refusal("x\n00:00:01,000 --> 00:00:02,000\na\n") == "caption_error_format@1");
    CaptionLimits few = limits_of();
    few.max_cues = 1;
    CHECK(refusal("WEBVTT\n\n00:01.000 --> 00:02.000\na\n\n00:02.000 --> 00:03.000\nb\n", few) ==
          "caption_error_too_many_cues@6");
    // An empty cue says nothing and is skipped.
    CHECK(parse_caption_file("WEBVTT\n\n00:01.000 --> 00:02.000\n\n00:02.000 --> 00:03.000\nb\n",
                             limits_of())
              .size() == 1);
}

TEST_CASE("an editor's cue text, and cue times as WebVTT writes them") {
    CHECK(vtt_timestamp(3'723'500) == "01:02:03.500");
    CHECK(clean_cue_text("a\r\n\r\n<font>b</font>", 0, 1000, limits_of()) == "a\nb");
    CHECK_THROWS_AS(clean_cue_text(" \n ", 0, 1000, limits_of()), InvalidInput);
}
