#include "portal/pages/page_renderer.hpp"

#include <doctest/doctest.h>
#include <toml++/toml.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "common/error.hpp"
#include "portal/pages/markdown.hpp"
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

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

// Every key of every module's catalogue in `folder` (messages/lt or messages/en).
std::set<std::string> keys_of(const std::filesystem::path& folder) {
    std::set<std::string> keys;
    for (const auto& file : std::filesystem::directory_iterator(folder)) {
        for (const auto& [key, value] : toml::parse_file(file.path().string())) {
            keys.emplace(key.str());
        }
    }
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
        std::filesystem::create_directories(messages / "lt");
        std::filesystem::create_directories(messages / "en");
        write_file(templates / "layout.tpl",
                   "{{%AUTOESCAPE context=\"HTML\"}}<html lang=\"{{lang}}\">{{>BODY}}</html>");
        write_file(templates / "body.tpl",
                   "{{%AUTOESCAPE context=\"HTML\"}}<p>{{msg_hello}} {{name}}</p>");
        write_file(messages / "lt" / "site.toml", "hello = \"Labas\"\n");
        write_file(messages / "en" / "site.toml", "hello = \"Hello\"\n");
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
    const auto lt = keys_of(messages_dir() / "lt");
    const auto en = keys_of(messages_dir() / "en");
    for (const auto& key : lt) CHECK_MESSAGE(en.contains(key), "missing in en/: " << key);
    for (const auto& key : en) CHECK_MESSAGE(lt.contains(key), "missing in lt/: " << key);
    CHECK_FALSE(lt.empty());
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
            body.SetValue("description_html", markdown_to_html("# Darbotvarkė\n\n" + hostile));
        });
    CHECK(html ==
          "<html lang=\"lt\"><h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"
          "<h3>Darbotvarkė</h3>\n<!-- raw HTML omitted -->\n</html>");
}

TEST_CASE("startup fails with a clear message when templates or catalogues are wrong") {
    SUBCASE("a key missing in one language is listed") {
        Scratch scratch;
        write_file(scratch.messages / "lt" / "site.toml",
                   "hello = \"Labas\"\nbye = \"Viso gero\"\n");
        write_file(scratch.messages / "en" / "site.toml",
                   "hello = \"Hello\"\nthanks = \"Thanks\"\n");
        const std::string error = construction_error(scratch);
        CHECK(contains(error, "missing in en/*.toml: bye"));
        CHECK(contains(error, "missing in lt/*.toml: thanks"));
    }
    SUBCASE("a catalogue that is not valid TOML") {
        Scratch scratch;
        write_file(scratch.messages / "en" / "site.toml", "hello = \"Hello\n");
        CHECK(contains(construction_error(scratch), "en/site.toml"));
    }
    SUBCASE("a message that is not text") {
        Scratch scratch;
        write_file(scratch.messages / "en" / "site.toml", "hello = 3\n");
        CHECK(contains(construction_error(scratch), "'hello' must be a non-empty string"));
    }
    SUBCASE("a missing catalogue") {
        Scratch scratch;
        std::filesystem::remove(scratch.messages / "lt" / "site.toml");
        CHECK(contains(construction_error(scratch), "lt/ and en/ must hold the same"));
    }
    SUBCASE("a key in two modules' catalogues names both files") {
        Scratch scratch;
        write_file(scratch.messages / "lt" / "other.toml", "hello = \"Sveiki\"\n");
        write_file(scratch.messages / "en" / "other.toml", "hello = \"Hi\"\n");
        const std::string error = construction_error(scratch);
        CHECK(contains(error, "lt/other.toml"));
        CHECK(contains(error, "lt/site.toml"));
        CHECK(contains(error, "both have 'hello'"));
    }
    SUBCASE("a module's texts in one language only") {
        Scratch scratch;
        write_file(scratch.messages / "lt" / "other.toml", "bye = \"Viso gero\"\n");
        CHECK(contains(construction_error(scratch), "lt/ and en/ must hold the same"));
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
            scratch.messages / "lt" / "site.toml",
            "hello = \"Labas\"\nvotes = \"{count, plural, one {# balsas} other {# balsų}\"\n");
        write_file(
            scratch.messages / "en" / "site.toml",
            "hello = \"Hello\"\nvotes = \"{count, plural, one {# vote} other {# votes}}\"\n");
        const std::string error = construction_error(scratch);
        CHECK(contains(error, "lt/*.toml 'votes': not a valid ICU message pattern"));
    }
    SUBCASE("a plural keyword the language does not have") {
        Scratch scratch;
        write_file(scratch.messages / "lt" / "site.toml",
                   "hello = \"Labas\"\nvotes = \"{count, plural, one {# balsas} fwe {# balsai} "
                   "other {# balsų}}\"\n");
        write_file(scratch.messages / "en" / "site.toml",
                   "hello = \"Hello\"\nvotes = \"{count, plural, one {# vote} few {# votes} "
                   "other {# votes}}\"\n");
        const std::string error = construction_error(scratch);
        CHECK(contains(error, "lt/*.toml 'votes': argument 'count': 'fwe' is not one of"));
        CHECK(contains(error, "en/*.toml 'votes': argument 'count': 'few' is not one of"));
    }
    SUBCASE("a pattern in one language and plain text in the other") {
        Scratch scratch;
        write_file(scratch.messages / "lt" / "site.toml",
                   "hello = \"{count, plural, one {# balsas} other {# balsų}}\"\n");
        CHECK(contains(construction_error(scratch),
                       "'hello' is a pattern in lt/*.toml but plain text in en/*.toml"));
    }
    SUBCASE("texts of one key that take different arguments") {
        Scratch scratch;
        write_file(scratch.messages / "lt" / "site.toml",
                   "hello = \"{count, plural, one {# balsas} other {# balsų}}\"\n");
        write_file(scratch.messages / "en" / "site.toml",
                   "hello = \"{n, plural, one {# vote} other {# votes}}\"\n");
        CHECK(contains(construction_error(scratch), "'hello' takes {count} in lt.toml but {n}"));
    }
    SUBCASE("a template printing a pattern") {
        Scratch scratch;
        write_file(scratch.messages / "lt" / "site.toml",
                   "hello = \"{count, plural, one {# balsas} other {# balsų}}\"\n");
        write_file(scratch.messages / "en" / "site.toml",
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
