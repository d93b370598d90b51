#include "portal/pages/markdown.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>

#include "common/error.hpp"
#include "portal/pages/page_renderer.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

std::string html(std::string_view markdown) {
    return markdown_to_html(markdown);
}

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// Every href and src either is empty, has no scheme (a path, a fragment) or a harmless one.
void check_urls_are_harmless(const std::string& out) {
    const std::regex url_attribute("(href|src)=\"([^\"]*)\"");
    for (std::sregex_iterator it(out.begin(), out.end(), url_attribute), end; it != end; ++it) {
        const std::string url = lower((*it)[2].str());
        CAPTURE(url);
        const auto colon = url.find(':');
        const bool has_scheme = colon != std::string::npos && url.find_first_of("/?#") > colon &&
                                std::all_of(url.begin(), url.begin() + colon, [](char c) {
                                    return std::isalnum(static_cast<unsigned char>(c)) ||
                                           c == '+' || c == '-' || c == '.';
                                });
        if (!has_scheme) continue;
        const std::string scheme = url.substr(0, colon);
        CHECK((scheme == "http" || scheme == "https" || scheme == "mailto" ||
               url.starts_with("data:image/png")));
    }
}

std::string excerpt(std::string_view markdown, std::size_t max_characters) {
    return markdown_excerpt(markdown, max_characters);
}

// What an editor reads when `markdown` is refused, from the real catalogues.
std::string invalid_input_message(std::string_view markdown, Language language) {
    const char* source = std::getenv("COUNCILCAST_SOURCE_DIR");
    REQUIRE_MESSAGE(source != nullptr, "COUNCILCAST_SOURCE_DIR is set by CTest; run through ctest");
    const std::filesystem::path portal = std::filesystem::path(source) / "portal";
    static const PageRenderer renderer(portal / "templates", portal / "messages");
    try {
        markdown_to_html(markdown);
    } catch (const InvalidInput& e) {
        return renderer.explain(language, e);
    }
    return {};
}

}  // namespace

TEST_CASE("an editor's Markdown becomes HTML") {
    CHECK(html("Posėdis vyks **salėje**.\n\n- pirmas\n- antras\n") ==
          "<p>Posėdis vyks <strong>salėje</strong>.</p>\n"
          "<ul>\n<li>pirmas</li>\n<li>antras</li>\n</ul>\n");
    CHECK(html("[Sprendimas](https://www.elektrenai.lt/sprendimai/1?a=1&b=2)") ==
          "<p><a href=\"https://www.elektrenai.lt/sprendimai/1?a=1&amp;b=2\">Sprendimas</a></p>\n");
    CHECK(html("1 < 2 & \"cituota\"") == "<p>1 &lt; 2 &amp; &quot;cituota&quot;</p>\n");
    CHECK(html("") == "");
    // Quotes stay as typed: no English curly quotes in a Lithuanian text.
    CHECK(html("„Taip“ -- \"ne\"") == "<p>„Taip“ -- &quot;ne&quot;</p>\n");
}

TEST_CASE("headings move below the page's own h1 and h2") {
    CHECK(html("# Darbotvarkė") == "<h3>Darbotvarkė</h3>\n");
    CHECK(html("## Klausimas") == "<h4>Klausimas</h4>\n");
    CHECK(html("### Trečias") == "<h5>Trečias</h5>\n");
    CHECK(html("#### Ketvirtas") == "<h6>Ketvirtas</h6>\n");
    CHECK(html("###### Šeštas") == "<h6>Šeštas</h6>\n");
    CHECK(html("Pabrauktas\n==========") == "<h3>Pabrauktas</h3>\n");
    CHECK(html("> # Cituota") == "<blockquote>\n<h3>Cituota</h3>\n</blockquote>\n");
    const std::string out = html("# A\n\n## B\n\ntext\n\n# C");
    CHECK_FALSE(contains(out, "<h1"));
    CHECK_FALSE(contains(out, "<h2"));
}

TEST_CASE("raw HTML never reaches the page") {
    for (const std::string hostile : {
             "<script>alert(1)</script>",
             "<img src=x onerror=alert(1)>",
             "text <img src=x onerror=alert(1)> inline",
             "<iframe src=\"https://evil.example\"></iframe>",
             "<a href=\"javascript:alert(1)\">a</a>",
             "<style>body{display:none}</style>",
             "<div onclick=\"alert(1)\">\n\n*markdown*\n\n</div>",
             "<!-- --><script>alert(1)</script>",
             "<svg/onload=alert(1)>",
         }) {
        CAPTURE(hostile);
        const std::string out = lower(html(hostile));
        CHECK_FALSE(contains(out, "<script"));
        CHECK_FALSE(contains(out, "<img"));
        CHECK_FALSE(contains(out, "<iframe"));
        CHECK_FALSE(contains(out, "<style"));
        CHECK_FALSE(contains(out, "<svg"));
        CHECK_FALSE(contains(out, "<div"));
        CHECK_FALSE(std::regex_search(out, std::regex("<[a-z]+[^>]*\\son[a-z]+\\s*=")));
        CHECK_FALSE(contains(out, "javascript:"));
    }
    CHECK(html("<script>alert(1)</script>") == "<!-- raw HTML omitted -->\n");
}

TEST_CASE("links and images with dangerous URLs lose them") {
    for (const std::string hostile : {
             "[a](javascript:alert(1))",
             "[a](JaVaScRiPt:alert(1))",
             "[a]( javascript:alert(1) )",
             "[a](<javascript:alert(1)>)",
             "[a](&#106;avascript:alert(1))",
             "[a](&#x6A;avascript:alert(1))",
             "[a](javascript&colon;alert(1))",
             "[a](<java\tscript:alert(1)>)",
             "[a](vbscript:msgbox(1))",
             "[a](file:///etc/passwd)",
             "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
             "![x](javascript:x)",
             "![x](JAVASCRIPT:x)",
             "![x](data:text/html,<script>alert(1)</script>)",
             "<javascript:alert(1)>",
             "<JavaScript:alert(1)>",
             "<vbscript:msgbox(1)>",
             "[a][ref]\n\n[ref]: javascript:alert(1)",
             "[a]\n\n[a]: <javascript:alert(1)> \"title\"",
         }) {
        CAPTURE(hostile);
        const std::string out = html(hostile);
        CAPTURE(out);
        check_urls_are_harmless(out);
    }
    // An autolink still shows its text; only the URL goes.
    CHECK(html("<javascript:alert(1)>") == "<p><a href=\"\">javascript:alert(1)</a></p>\n");
    CHECK(html("[a](javascript:alert(1))") == "<p><a href=\"\">a</a></p>\n");
    // A tab hidden in the scheme is percent-encoded, and "java%09script" is no scheme at all: a
    // browser reads a relative path.
    CHECK(html("[a](<java\tscript:alert(1)>)") ==
          "<p><a href=\"java%09script:alert(1)\">a</a></p>\n");
    CHECK(html("![x](javascript:x)") == "<p><img src=\"\" alt=\"x\" /></p>\n");
}

TEST_CASE("harmless links, autolinks and image data stay") {
    CHECK(html("<https://www.elektrenai.lt>") ==
          "<p><a href=\"https://www.elektrenai.lt\">https://www.elektrenai.lt</a></p>\n");
    CHECK(html("<taryba@elektrenai.lt>") ==
          "<p><a href=\"mailto:taryba@elektrenai.lt\">taryba@elektrenai.lt</a></p>\n");
    CHECK(html("[posėdis](/posedziai/12#balsavimas)") ==
          "<p><a href=\"/posedziai/12#balsavimas\">posėdis</a></p>\n");
    CHECK(html("![planas](data:image/png;base64,iVBORw0KGgo=)") ==
          "<p><img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"planas\" /></p>\n");
    // A quote cannot leave the attribute.
    const std::string out = html("[a](https://x.example/\"onmouseover=\"alert(1))");
    CHECK_FALSE(contains(out, "\"onmouseover"));
    check_urls_are_harmless(out);
}

TEST_CASE("invalid UTF-8 and NUL bytes become replacement characters") {
    const std::string out = html(std::string_view("a\xff\xfe b\0c", 7));
    CHECK(out ==
          "<p>a\xEF\xBF\xBD\xEF\xBF\xBD b\xEF\xBF\xBD"
          "c</p>\n");
}

TEST_CASE("texts longer than the limit are refused in the editor's language") {
    const std::string longest(kMaxMarkdownBytes, 'a');
    CHECK(html(longest).size() > kMaxMarkdownBytes);
    const std::string too_long(kMaxMarkdownBytes + 1, 'a');
    CHECK(too_long.size() == 20'001);
    CHECK(contains(invalid_input_message(too_long, Language::kLt), "Tekstas per ilgas"));
    CHECK(contains(invalid_input_message(too_long, Language::kLt), "20 000 baitų"));
    CHECK(contains(invalid_input_message(too_long, Language::kEn), "The text is too long"));
    CHECK(contains(invalid_input_message(too_long, Language::kEn), "20,000 bytes"));
    CHECK_THROWS_AS(markdown_excerpt(too_long, 100), InvalidInput);
}

TEST_CASE("pathological nesting does not crash") {
    SUBCASE("10,000 nested quotes") {
        const std::string quotes = std::string(10'000, '>') + " deep";
        const std::string out = html(quotes);
        CHECK(contains(out, "deep"));
        CHECK(excerpt(quotes, 100) == "deep");
    }
    SUBCASE("nearly 10,000 nested lists") {
        std::string items;
        for (int i = 0; i < 9'990; ++i) items += "- ";
        items += "deep";
        CHECK(contains(html(items), "deep"));
    }
    SUBCASE("brackets and emphasis up to the limit") {
        CHECK_FALSE(html(std::string(kMaxMarkdownBytes, '[')).empty());
        CHECK_FALSE(html(std::string(kMaxMarkdownBytes / 2, '*') + "a").empty());
        std::string emphasis;
        while (emphasis.size() + 4 < kMaxMarkdownBytes) emphasis += "*a _";
        CHECK_FALSE(html(emphasis).empty());
    }
}

TEST_CASE("an excerpt is the text without markup") {
    CHECK(excerpt("# Darbotvarkė\n\n**Sprendimas** dėl [biudžeto](https://x.example) "
                  "`2027`\nm. tvirtinimo.\n\n- pirmas\n- antras",
                  200) == "Darbotvarkė Sprendimas dėl biudžeto 2027 m. tvirtinimo. pirmas antras");
    CHECK(excerpt("Planas: ![salės planas](/planas.png) žr. priede.", 200) ==
          "Planas: žr. priede.");
    CHECK(excerpt("<script>alert(1)</script>\n\nTekstas <b>paryškintas</b>", 200) ==
          "Tekstas paryškintas");
    CHECK(excerpt("> cituota\n\n---\n\n    kodas\n", 200) == "cituota kodas");
    CHECK(excerpt("  \n\n  ", 200) == "");
}

TEST_CASE("a long excerpt is cut at a word boundary and ends in an ellipsis") {
    const std::string text = "Savivaldybės tarybos posėdis vyks didžiojoje salėje";
    // Short enough: unchanged, no ellipsis. Characters, not bytes, are counted.
    CHECK(excerpt(text, 51) == text);
    CHECK(excerpt(text, 50) == "Savivaldybės tarybos posėdis vyks didžiojoje…");
    CHECK(excerpt(text, 30) == "Savivaldybės tarybos posėdis…");
    CHECK(excerpt(text, 29) == "Savivaldybės tarybos posėdis…");
    CHECK(excerpt(text, 28) == "Savivaldybės tarybos…");
    // Punctuation before the cut does not dangle before the ellipsis.
    CHECK(excerpt("Posėdis, darbotvarkė ir balsavimas", 22) == "Posėdis, darbotvarkė…");
    CHECK(excerpt("Posėdis, darbotvarkė ir balsavimas", 12) == "Posėdis…");
    CHECK(excerpt("Sprendimas (projektas) priimtas", 24) == "Sprendimas (projektas)…");
    // One word longer than the limit is cut inside.
    CHECK(excerpt("Nekiškiakopūstaudavome", 10) == "Nekiškiak…");
    CHECK(excerpt("Ąžuolas", 1) == "…");
    CHECK(excerpt("Ąžuolas", 0) == "");
}
