#include "portal/page_renderer.hpp"

#include <doctest/doctest.h>
#include <toml++/toml.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/error.hpp"
#include "portal/home_page.hpp"
#include "portal/markdown.hpp"
#include "tests/support/demo_process.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

std::filesystem::path source_dir() {
    const char* dir = std::getenv("COUNCILCAST_SOURCE_DIR");
    REQUIRE_MESSAGE(dir != nullptr, "COUNCILCAST_SOURCE_DIR is set by CTest; run through ctest");
    return dir;
}

std::filesystem::path templates_dir() {
    return source_dir() / "portal" / "templates";
}
std::filesystem::path messages_dir() {
    return source_dir() / "portal" / "messages";
}

const PageRenderer& renderer() {
    static const PageRenderer instance(templates_dir(), messages_dir());
    return instance;
}

HomePage sample_home() {
    return HomePage{"Elektrėnų savivaldybė",
                    {{"hall", "Tarybos posėdžių salė", "/live/hall/master.m3u8", true},
                     {"small-hall", "Mažoji salė", "/live/small-hall/master.m3u8", false}}};
}

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

std::set<std::string> keys_of(const std::filesystem::path& path) {
    std::set<std::string> keys;
    for (const auto& [key, value] : toml::parse_file(path.string())) keys.emplace(key.str());
    return keys;
}

void write_file(const std::filesystem::path& path, std::string_view text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

// A templates and a messages directory with the smallest valid content, to break one at a time.
struct Scratch {
    std::filesystem::path root = testing::fresh_directory("pages");
    std::filesystem::path templates = root / "templates";
    std::filesystem::path messages = root / "messages";

    Scratch() {
        std::filesystem::create_directories(templates);
        std::filesystem::create_directories(messages);
        write_file(templates / "layout.tpl",
                   "{{%AUTOESCAPE context=\"HTML\"}}<html lang=\"{{lang}}\">{{>BODY}}</html>");
        write_file(templates / "body.tpl",
                   "{{%AUTOESCAPE context=\"HTML\"}}<p>{{msg_hello}} {{name}}</p>");
        write_file(messages / "lt.toml", "hello = \"Labas\"\n");
        write_file(messages / "en.toml", "hello = \"Hello\"\n");
    }
    ~Scratch() {
        std::error_code ignored;
        std::filesystem::remove_all(root, ignored);
    }
};

std::string with_minutes(std::string text, std::string_view minutes) {
    const std::string slot = "{minutes}";
    text.replace(text.find(slot), slot.size(), minutes);
    return text;
}

std::string construction_error(const Scratch& scratch) {
    try {
        PageRenderer renderer(scratch.templates, scratch.messages);
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

}  // namespace

TEST_CASE("both message catalogues have the same keys") {
    const auto lt = keys_of(messages_dir() / "lt.toml");
    const auto en = keys_of(messages_dir() / "en.toml");
    for (const auto& key : lt) CHECK_MESSAGE(en.contains(key), "missing in en.toml: " << key);
    for (const auto& key : en) CHECK_MESSAGE(lt.contains(key), "missing in lt.toml: " << key);
    CHECK_FALSE(lt.empty());
}

TEST_CASE("the Lithuanian home page is Lithuanian and links to the English one") {
    const std::string html = render_home_page(renderer(), Language::kLt, sample_home());
    CHECK(contains(html, "<html lang=\"lt\">"));
    CHECK(contains(html, "<title>Elektrėnų savivaldybė – Tarybos posėdžių transliacijos</title>"));
    CHECK(contains(html, "<h1>Elektrėnų savivaldybė</h1>"));
    CHECK(contains(html, "<a href=\"/en/\" hreflang=\"en\" lang=\"en\">English</a>"));
    CHECK(contains(html, ">TIESIOGIAI<"));
    CHECK(contains(html, ">Transliacija nevyksta<"));
    CHECK(contains(html, "class=\"skip-link\" href=\"#main\""));
    CHECK(contains(html, "<header"));
    CHECK(contains(html, "<main id=\"main\""));
    CHECK(contains(html, "<footer"));
    CHECK(contains(html, "data-hls-src=\"/live/hall/master.m3u8\""));
    CHECK(contains(html, "data-hls-src=\"/live/small-hall/master.m3u8\""));
    CHECK(contains(html, "<video class=\"player__video\" controls muted playsinline"));
    CHECK(contains(
        html, "data-error-text=\"" + renderer().message(Language::kLt, "player_error") + "\""));
    CHECK(contains(html, "<a href=\"/live/hall/master.m3u8\""));
    CHECK_FALSE(contains(html, "LIVE<"));
    CHECK_FALSE(contains(html, "{{"));
}

TEST_CASE("the English home page is English and links to the Lithuanian one") {
    HomePage page = sample_home();
    page.municipality_name = "Elektrėnai District Municipality";
    const std::string html = render_home_page(renderer(), Language::kEn, page);
    CHECK(contains(html, "<html lang=\"en\">"));
    CHECK(contains(html, "<title>Elektrėnai District Municipality – Council meeting broadcasts"));
    CHECK(contains(html, "<a href=\"/\" hreflang=\"lt\" lang=\"lt\">Lietuviškai</a>"));
    CHECK(contains(html, ">LIVE<"));
    CHECK(contains(html, ">No broadcast now<"));
    CHECK(contains(html, ">Skip to main content<"));
    CHECK_FALSE(contains(html, "TIESIOGIAI"));
    CHECK_FALSE(contains(html, "nevyksta"));
}

TEST_CASE("pages load scripts and styles only from files, never inline") {
    const std::string html = render_home_page(renderer(), Language::kLt, sample_home());
    CHECK(contains(html, "<script src=\"/assets/vendor/hls.min.js\" defer></script>"));
    CHECK(contains(html, "<script src=\"/assets/js/player.js\" defer></script>"));
    CHECK(contains(html, "<link rel=\"stylesheet\" href=\"/assets/css/site.css\">"));
    CHECK(html.find("<script src=\"/assets/vendor/hls.min.js\"") <
          html.find("<script src=\"/assets/js/player.js\""));
    CHECK_FALSE(contains(html, "<script>"));
    CHECK_FALSE(contains(html, "<style"));
    CHECK_FALSE(contains(html, "style="));
    CHECK_FALSE(std::regex_search(html, std::regex("\\son[a-z]+\\s*=")));  // no onclick=
}

TEST_CASE("hostile channel data is escaped in text, attribute and URL context") {
    HomePage page = sample_home();
    page.municipality_name = "<b>Savivaldybė</b>";
    page.channels = {
        {"\"onmouseover=x", "<script>alert(1)</script>", "javascript:alert(1)", true},
        {"hall", "\"onmouseover=alert(2) x=\"", " JavaScript:alert(3)", false},
        {"ok", "Salė & kiemas", "/live/ok/master.m3u8?a=1&b=\"2\"", true},
    };
    for (Language language : kLanguages) {
        const std::string html = render_home_page(renderer(), language, page);
        // Text: the title and municipality show as written, not as markup.
        CHECK_FALSE(contains(html, "<script>alert(1)</script>"));
        CHECK(contains(html, ">&lt;script&gt;alert(1)&lt;/script&gt;</h2>"));
        CHECK_FALSE(contains(html, "<b>Savivaldybė"));
        CHECK(contains(html, "<h1>&lt;b&gt;Savivaldybė&lt;/b&gt;</h1>"));
        CHECK(contains(html, "Salė &amp; kiemas"));
        // Attribute: a quote cannot end the attribute and start an event handler.
        CHECK_FALSE(contains(html, "\"onmouseover"));
        CHECK(contains(html, "id=\"channel-&quot;onmouseover=x\""));
        CHECK(contains(html, "– &quot;onmouseover=alert(2) x=&quot;\""));
        // URL: a javascript: playlist never reaches the player or a link.
        CHECK_FALSE(contains(html, "javascript:"));
        CHECK_FALSE(contains(html, "JavaScript:"));
        CHECK(contains(html, "data-hls-src=\"#\""));
        CHECK(contains(html, "<a href=\"#\""));
        CHECK(contains(html, "data-hls-src=\"/live/ok/master.m3u8?a=1&amp;b=&quot;2&quot;\""));
    }
}

TEST_CASE("a home page without channels says so") {
    HomePage page{"Elektrėnų savivaldybė", {}};
    const std::string html = render_home_page(renderer(), Language::kLt, page);
    CHECK(contains(html, renderer().message(Language::kLt, "no_channels")));
    CHECK_FALSE(contains(html, "<video"));
}

TEST_CASE("messages are looked up by language and key") {
    CHECK(renderer().message(Language::kLt, "status_live") == "TIESIOGIAI");
    CHECK(renderer().message(Language::kEn, "status_live") == "LIVE");
    CHECK_THROWS_AS(renderer().message(Language::kEn, "no_such_message"), Error);
    CHECK(language_code(Language::kLt) == "lt");
    CHECK(language_code(Language::kEn) == "en");
    CHECK(home_path(Language::kLt) == "/");
    CHECK(home_path(Language::kEn) == "/en/");
    CHECK(other_language(Language::kLt) == Language::kEn);
}

TEST_CASE("plural messages are formatted in C++, never printed raw") {
    CHECK(renderer().format(Language::kLt, "votes_count", {{"count", 1}}) == "1 balsas");
    CHECK(renderer().format(Language::kLt, "votes_count", {{"count", 22}}) == "22 balsai");
    CHECK(renderer().format(Language::kLt, "votes_count", {{"count", 11}}) == "11 balsų");
    CHECK(renderer().format(Language::kEn, "votes_count", {{"count", 1}}) == "1 vote");
    CHECK(renderer().format(Language::kEn, "votes_count", {{"count", 25000}}) == "25,000 votes");
    CHECK_THROWS_WITH_AS(renderer().message(Language::kLt, "votes_count"),
                         doctest::Contains("is a pattern"), Error);
    CHECK_THROWS_WITH_AS(renderer().format(Language::kLt, "votes_count", {}),
                         doctest::Contains("'count' is missing"), Error);
    CHECK_THROWS_AS(renderer().format(Language::kLt, "no_such_message", {}), Error);
    // Plain messages format too, with their {name} slots filled.
    CHECK(renderer().format(Language::kEn, "error_too_many", {{"minutes", 5}}) ==
          with_minutes(renderer().message(Language::kEn, "error_too_many"), "5"));
    for (Language language : kLanguages) {
        CHECK_FALSE(contains(render_home_page(renderer(), language, sample_home()), "plural"));
    }
}

TEST_CASE("rendering from several threads at once gives the same page") {
    const std::string expected = render_home_page(renderer(), Language::kLt, sample_home());
    std::vector<std::thread> threads;
    std::vector<int> mismatches(4, 0);
    for (std::size_t t = 0; t < mismatches.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) {
                const Language language = i % 2 == 0 ? Language::kLt : Language::kEn;
                const std::string html = render_home_page(renderer(), language, sample_home());
                if (language == Language::kLt && html != expected) ++mismatches[t];
            }
        });
    }
    for (auto& thread : threads) thread.join();
    for (int count : mismatches) CHECK(count == 0);
}

TEST_CASE("a scratch renderer renders its body inside its layout") {
    Scratch scratch;
    PageRenderer renderer(scratch.templates, scratch.messages);
    const std::string html =
        renderer.render("body.tpl", Language::kEn, PageFrame{},
                        [](ctemplate::TemplateDictionary& body) { body.SetValue("name", "<i>"); });
    CHECK(html == "<html lang=\"en\"><p>Hello &lt;i&gt;</p></html>");
    CHECK_THROWS_AS(renderer.render("missing.tpl", Language::kLt, PageFrame{}, nullptr), Error);
}

TEST_CASE("a variable named *_html prints unescaped with :none while the rest stay escaped") {
    Scratch scratch;
    write_file(scratch.templates / "body.tpl",
               "{{%AUTOESCAPE context=\"HTML\"}}<h1>{{name}}</h1>{{description_html:none}}"
               "{{!-- comments may mention {{x:none --}}");
    PageRenderer renderer(scratch.templates, scratch.messages);
    const std::string hostile = "<script>alert(1)</script>";
    const std::string html = renderer.render(
        "body.tpl", Language::kLt, PageFrame{}, [&](ctemplate::TemplateDictionary& body) {
            body.SetValue("name", hostile);
            body.SetValue("description_html",
                          markdown_to_html("# Darbotvarkė\n\n" + hostile, Language::kLt));
        });
    CHECK(html ==
          "<html lang=\"lt\"><h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"
          "<h3>Darbotvarkė</h3>\n<!-- raw HTML omitted -->\n</html>");
}

TEST_CASE("startup fails with a clear message when templates or catalogues are wrong") {
    SUBCASE("a key missing in one language is listed") {
        Scratch scratch;
        write_file(scratch.messages / "lt.toml", "hello = \"Labas\"\nbye = \"Viso gero\"\n");
        write_file(scratch.messages / "en.toml", "hello = \"Hello\"\nthanks = \"Thanks\"\n");
        const std::string error = construction_error(scratch);
        CHECK(contains(error, "missing in en.toml: bye"));
        CHECK(contains(error, "missing in lt.toml: thanks"));
    }
    SUBCASE("a catalogue that is not valid TOML") {
        Scratch scratch;
        write_file(scratch.messages / "en.toml", "hello = \"Hello\n");
        CHECK(contains(construction_error(scratch), "en.toml"));
    }
    SUBCASE("a message that is not text") {
        Scratch scratch;
        write_file(scratch.messages / "en.toml", "hello = 3\n");
        CHECK(contains(construction_error(scratch), "'hello' must be a non-empty string"));
    }
    SUBCASE("a missing catalogue") {
        Scratch scratch;
        std::filesystem::remove(scratch.messages / "lt.toml");
        CHECK(contains(construction_error(scratch), "lt.toml"));
    }
    SUBCASE("a template without auto-escaping") {
        Scratch scratch;
        write_file(scratch.templates / "body.tpl", "<p>{{name}}</p>");
        CHECK(contains(construction_error(scratch), "must start with {{%AUTOESCAPE"));
    }
    SUBCASE("a template that does not parse") {
        Scratch scratch;
        write_file(scratch.templates / "body.tpl",
                   "{{%AUTOESCAPE context=\"HTML\"}}{{#OPEN}}<p>never closed</p>");
        CHECK(contains(construction_error(scratch), "body.tpl failed to load"));
    }
    SUBCASE("a template naming a message no catalogue has") {
        Scratch scratch;
        write_file(scratch.templates / "body.tpl",
                   "{{%AUTOESCAPE context=\"HTML\"}}<p>{{msg_goodbye}}</p>");
        CHECK(contains(construction_error(scratch), "goodbye in body.tpl"));
    }
    SUBCASE("a plural pattern that does not parse names its key and catalogue") {
        Scratch scratch;
        write_file(
            scratch.messages / "lt.toml",
            "hello = \"Labas\"\nvotes = \"{count, plural, one {# balsas} other {# balsų}\"\n");
        write_file(
            scratch.messages / "en.toml",
            "hello = \"Hello\"\nvotes = \"{count, plural, one {# vote} other {# votes}}\"\n");
        const std::string error = construction_error(scratch);
        CHECK(contains(error, "lt.toml 'votes': not a valid ICU message pattern"));
    }
    SUBCASE("a plural keyword the language does not have") {
        Scratch scratch;
        write_file(scratch.messages / "lt.toml",
                   "hello = \"Labas\"\nvotes = \"{count, plural, one {# balsas} fwe {# balsai} "
                   "other {# balsų}}\"\n");
        write_file(scratch.messages / "en.toml",
                   "hello = \"Hello\"\nvotes = \"{count, plural, one {# vote} few {# votes} "
                   "other {# votes}}\"\n");
        const std::string error = construction_error(scratch);
        CHECK(contains(error, "lt.toml 'votes': argument 'count': 'fwe' is not one of"));
        CHECK(contains(error, "en.toml 'votes': argument 'count': 'few' is not one of"));
    }
    SUBCASE("a pattern in one language and plain text in the other") {
        Scratch scratch;
        write_file(scratch.messages / "lt.toml",
                   "hello = \"{count, plural, one {# balsas} other {# balsų}}\"\n");
        CHECK(contains(construction_error(scratch),
                       "'hello' is a pattern in lt.toml but plain text in en.toml"));
    }
    SUBCASE("texts of one key that take different arguments") {
        Scratch scratch;
        write_file(scratch.messages / "lt.toml",
                   "hello = \"{count, plural, one {# balsas} other {# balsų}}\"\n");
        write_file(scratch.messages / "en.toml",
                   "hello = \"{n, plural, one {# vote} other {# votes}}\"\n");
        CHECK(contains(construction_error(scratch), "'hello' takes {count} in lt.toml but {n}"));
    }
    SUBCASE("a template printing a pattern") {
        Scratch scratch;
        write_file(scratch.messages / "lt.toml",
                   "hello = \"{count, plural, one {# balsas} other {# balsų}}\"\n");
        write_file(scratch.messages / "en.toml",
                   "hello = \"{count, plural, one {# vote} other {# votes}}\"\n");
        CHECK(contains(construction_error(scratch), "print message patterns"));
        CHECK(contains(construction_error(scratch), "hello in body.tpl"));
    }
    SUBCASE("a variable printed raw whose name does not end in _html") {
        for (const char* tag :
             {"{{name:none}}", "{{name:H=snippet}}", "{{name:html_escape_with_arg=snippet}}",
              "{{name:x-foo:none}}", "{{name:h:none}}", "{{name_htm:none}}", "{{html:none}}",
              "{{>BODY:none}}"}) {
            CAPTURE(tag);
            Scratch scratch;
            write_file(scratch.templates / "body.tpl",
                       std::string("{{%AUTOESCAPE context=\"HTML\"}}<p>") + tag + "</p>");
            const std::string error = construction_error(scratch);
            CHECK(contains(error, "body.tpl"));
            CHECK(contains(error, "only variables whose names end in _html"));
        }
    }
    SUBCASE("a raw variable in the layout, inside a section") {
        Scratch scratch;
        write_file(scratch.templates / "layout.tpl",
                   "{{%AUTOESCAPE context=\"HTML\"}}<html>{{#S}}<a title=\"{{title:none}}\">"
                   "{{/S}}{{>BODY}}</html>");
        CHECK(contains(construction_error(scratch), "layout.tpl: {{title:none}} prints 'title'"));
    }
    SUBCASE("changed delimiters, which would hide tags from the check") {
        Scratch scratch;
        write_file(scratch.templates / "body.tpl",
                   "{{%AUTOESCAPE context=\"HTML\"}}{{=<% %>=}}<p><%name:none%></p>");
        CHECK(contains(construction_error(scratch), "changes the {{ }} delimiters"));
    }
    SUBCASE("no template directory") {
        Scratch scratch;
        std::filesystem::remove_all(scratch.templates);
        CHECK(contains(construction_error(scratch), "does not exist"));
    }
}
