#include "portal/petitions/petition_form_checks.hpp"

#include <doctest/doctest.h>

#include <cctype>

using namespace councilcast;
using namespace councilcast::portal;
using namespace councilcast::portal::petition_forms;

namespace {

FormData form(const std::string& body) {
    return FormData::parse(body);
}

const std::vector<std::int64_t> kElderships{3, 4, 9};
// Percent-encodes a text for a form body.
std::string form_text(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string encoded;
    for (unsigned char c : text) {
        if (std::isalnum(c)) {
            encoded += static_cast<char>(c);
        } else {
            encoded += '%';
            encoded += kHex[c >> 4];
            encoded += kHex[c & 15];
        }
    }
    return encoded;
}

const std::string kGoodText =
    "Kelyje į Vievį nėra dviračių tako. Prašome tarybą jį nutiesti kuo greičiau.";

}  // namespace

TEST_CASE("a petition's text is split into its paragraphs") {
    CHECK(split_paragraphs("Viena\n\n\nDvi\neilutės\n\nTrys") ==
          std::vector<std::string>{"Viena", "Dvi\neilutės", "Trys"});
    CHECK(split_paragraphs(" \n \n").empty());
}

TEST_CASE("a good start form is read whole, its address normalised") {
    Problems problems;
    const DraftInput draft = read_draft(
        form("title=Dvira%C4%8Di%C5%B3+takas+%C4%AF+Viev%C4%AF&text=" + form_text(kGoodText) +
             "&name=Ona+Petraitien%C4%97&email=+Ona%40Example.LT+&language=en&consent=1"),
        true, problems);
    CHECK(problems.empty());
    CHECK(draft.title == "Dviračių takas į Vievį");
    CHECK(draft.text == kGoodText);
    CHECK(draft.creator_name == "Ona Petraitienė");
    CHECK(draft.email == "ona@example.lt");
    CHECK(draft.language == Language::kEn);
}

TEST_CASE("every field of the start form refuses what it must, each at its own field") {
    Problems problems;
    const std::string long_title(kTitle.max + 1, 'a');
    read_draft(form("title=" + long_title +
                    "&text=+%0D%0A+&name=X&email=ona%40example.lt%0D%0ABcc%3A+x%40y.lt"
                    "&language=de"),
               true, problems);
    CHECK(problems.size() == 6);
    CHECK(problems.at("title").key == "petition_error_title");
    CHECK(problems.at("title").bounds.max == kTitle.max);
    CHECK(problems.at("text").key == "petition_error_text");
    CHECK(problems.at("name").key == "petition_error_name");
    CHECK(problems.at("email").key == "petition_error_email");
    CHECK(problems.at("language").key == "petition_error_language");
    CHECK(problems.at("consent").key == "petition_start_error_consent");
    // Exactly at the bound is fine, counted in characters: 150 two-byte letters are 300 bytes.
    std::string at_bound;
    for (std::size_t i = 0; i < kTitle.max; ++i) at_bound += "%C5%BE";
    Problems edit;
    read_draft(form("title=" + at_bound + "&text=" + form_text(kGoodText)), false, edit);
    CHECK(edit.empty());
}

TEST_CASE("the sign form takes only known elderships, and outside only when allowed") {
    const auto read = [](const std::string& body, bool outside) {
        Problems problems;
        read_signature(form(body), kElderships, outside, std::nullopt, problems);
        return problems;
    };
    const std::string rest = "&name=Jonas&email=jonas%40example.lt&eligible=1&consent=1";
    CHECK(read("eldership=4" + rest, false).empty());
    CHECK(read("eldership=0" + rest, true).empty());
    CHECK(read("eldership=0" + rest, false).count("eldership") == 1);
    for (const char* hostile : {"5", "-1", "4x", "", "99999999999999999999999", "4%0A"}) {
        CAPTURE(hostile);
        CHECK(read("eldership=" + std::string(hostile) + rest, true).count("eldership") == 1);
    }
    Problems problems;
    const SignatureInput input =
        read_signature(form("eldership=9&name=%3Cscript%3E&email=x&eligible=yes"), kElderships,
                       true, std::nullopt, problems);
    CHECK(input.name == "<script>");
    CHECK(problems.count("email") == 1);
    CHECK(problems.count("eligible") == 1);
    CHECK(problems.count("consent") == 1);
    CHECK_FALSE(input.notify);
}

TEST_CASE("a signed-in resident's own address is used, whatever the form says") {
    Problems problems;
    const SignatureInput input = read_signature(
        form("eldership=3&name=Ona&email=kitas%40example.lt&eligible=1&consent=1&notify=1"),
        kElderships, true, std::string("ona@example.lt"), problems);
    CHECK(problems.empty());
    CHECK(input.email == "ona@example.lt");
    CHECK(input.notify);
}

TEST_CASE("bulk invalidation takes any of address, domain and window, and a reason") {
    const Localization localization("Europe/Vilnius");
    const auto read = [&](const std::string& body) {
        Problems problems;
        auto input = read_invalidation(form(body + "&reason=Robotas"), localization, problems);
        return std::pair(input, problems);
    };
    const auto [address, address_problems] = read("address=+2001:DB8::7+&domain=&from=&to=");
    CHECK(address_problems.empty());
    CHECK(address.address == "2001:db8::7");
    const auto [both, both_problems] = read("address=192.0.2.1&domain=%40Spam.Example");
    CHECK(both_problems.empty());
    CHECK(both.domain == "spam.example");
    const auto [window, window_problems] = read("from=2026-12-07T10:00&to=2026-12-07T10:30");
    CHECK(window_problems.empty());
    CHECK(window.to_unix_ms - window.from_unix_ms == 30 * 60 * 1000);
    const auto [open_end, open_problems] = read("from=2026-12-07T10:00");
    CHECK(open_problems.empty());
    CHECK(open_end.to_unix_ms == 0);
    CHECK(read("").second.at("address").key == "petition_error_invalidation_criteria");
    CHECK(read("address=192.0.2.999").second.at("address").key ==
          "petition_moderation_error_address");
    CHECK(read("domain=exa%20mple.lt").second.count("domain") == 1);
    CHECK(read("domain=localhost").second.count("domain") == 1);
    CHECK(read("from=2026-12-07T10:30&to=2026-12-07T10:00").second.count("to") == 1);
    CHECK(read("from=yesterday").second.count("from") == 1);
    Problems problems;
    read_invalidation(form("domain=spam.example&reason=+"), localization, problems);
    CHECK(problems.at("reason").key == "petition_error_invalidation_reason");
}

TEST_CASE("optional ids are digits and positive; texts are bounded") {
    Problems problems;
    CHECK_FALSE(read_optional_id(form("duplicate_of="), "duplicate_of", "k", problems));
    CHECK(*read_optional_id(form("duplicate_of=+12+"), "duplicate_of", "k", problems) == 12);
    CHECK(problems.empty());
    CHECK_FALSE(read_optional_id(form("duplicate_of=0"), "duplicate_of", "k", problems));
    CHECK(problems.at("duplicate_of").key == "k");
    Problems texts;
    CHECK(read_paragraphs(form("text="), "text", kExplanation, "e", texts).empty());
    CHECK(texts.empty());
    read_paragraphs(form("text=" + std::string(kExplanation.max + 1, 'x')), "text", kExplanation,
                    "e", texts);
    CHECK(texts.at("text").key == "e");
}
