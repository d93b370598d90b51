// Turns a page template, the visitor's language and the page's data into HTML: the one place
// where every page of the site gets its layout, its translated texts and its escaping.
#pragma once

// Debian's ctemplate 2.3 str_ref.h calls strlen without including <cstring> itself.
#include <cstring>

#include <ctemplate/template_dictionary.h>

#include <array>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "portal/pages/language.hpp"
#include "portal/pages/localization.hpp"

namespace ctemplate {
class TemplateCache;
}

namespace councilcast::portal {

// What the shared layout (templates/layout.tpl) needs from a page besides its body.
struct PageFrame {
    std::string title;              // the whole <title>, in the page's language
    std::string municipality_name;  // site header and footer, in the page's language
    // The same page in the other language, for the language switch; and its absolute address
    // for <link rel="alternate" hreflang> (search engines take only absolute ones), when the
    // site's address is known (else the path stands there).
    std::string alternate_path;
    std::string alternate_url;
    // For search engines and link previews (Open Graph): a sentence or two, plain text.
    std::string description;
    // The page's absolute address (<link rel="canonical">, og:url); empty when unknown.
    std::string canonical_url;
    // The link preview's title (the page's own, without the site's name) and type.
    std::string og_title;
    std::string og_type = "website";
    // The main navigation entry this page belongs to, marked aria-current: one of kSiteNav's
    // paths ("", "meetings", "council", "decisions", "petitions", "consultations", "reports",
    // "search"), or nothing.
    std::optional<std::string> nav_current;
    // <link rel="alternate"> to feeds and the oEmbed description of the page.
    struct HeadLink {
        std::string type;
        std::string href;
        std::string title;
    };
    std::vector<HeadLink> head_links;
    // Same-origin scripts the page needs, loaded with `defer` in this order. Pages never carry
    // inline script or style: the Content-Security-Policy forbids both.
    std::vector<std::string> scripts;
    // The header's account links (sign in; or the account and staff pages), href and text.
    std::vector<std::pair<std::string, std::string>> account_links;
    // When someone is signed in: where the sign-out button posts, with its CSRF token.
    std::string logout_action;
    std::string csrf_token;
};

// Loads every template and both message catalogues once, at construction, and renders from
// several threads at once afterwards.
//
// Templates: every `*.tpl` file under `templates_dir`, the shared ones at its top and each
// module's in a folder named after it (`publish/home.tpl`), each starting with
// `{{%AUTOESCAPE context="HTML"}}`, so every variable is escaped for where it lands (text,
// attribute, URL, script). A page is `layout.tpl` with its body template included as `{{>BODY}}`.
// Raw HTML: even in auto-escape mode ctemplate obeys `{{x:none}}`, printing the value as it is
// in any context (text, attribute, URL, script), and `{{x:H=snippet}}`, which lets some tags
// through. Those modifiers are therefore allowed only on variables whose names end in `_html`
// (`{{description_html:none}}`), and a template breaking the rule, or changing the `{{ }}`
// delimiters so the check could not see its tags, is refused at load. Fill an `_html` variable
// only with HTML the C++ code vouches for (markdown_to_html in portal/markdown.hpp, or markup
// built from escaped parts), and place it only where elements may stand, between tags: never
// inside an attribute, a URL or a script.
//
// The parsed templates are kept in a frozen ctemplate cache: editing a file on disk has no
// effect until the server restarts (or a new PageRenderer is built), which keeps rendering
// lock-free and a half-written template from ever reaching a visitor.
//
// Messages: one catalogue per module and language, `messages_dir/<lt|en>/<module>.toml`, flat
// tables of `key = "text"`. A module contributes its texts by adding its file to both folders; a
// key in two files, or a module's file in one language only, stops the server at start.
// Every text is read as an ICU MessageFormat pattern at load (plain text is one; see
// inspect_message in portal/localization.hpp), so a broken plural stops the server at start
// instead of a page at request time. Two kinds of message:
// - Patterns: a text with a plural, selectordinal, select or number argument,
//   `votes_count = "{count, plural, one {# balsas} few {# balsai} other {# balsų}}"`. The text
//   alone is meaningless to a reader, so it is no template global, a template naming it is
//   refused at load, and message() refuses it: format() it in C++ and hand the result to the
//   template as an ordinary (escaped) variable. Recognised by content, not by a key suffix, so
//   no naming slip can leak a raw pattern into a page.
// - Everything else is visible to every template as `{{msg_key}}`, escaped like any other
//   variable; `{name}` slots in it (`{email}`) are filled by C++ before use.
// A key is a pattern in both languages or in neither, with the same argument names in both.
//
// Throws councilcast::Error if a template is missing its AUTOESCAPE pragma, breaks the `_html`
// rule or fails to parse, if a catalogue cannot be read, if two files have one key, if the
// languages do not have the same modules or keys (the message lists them), if a text is not a valid
// pattern (the message names the key and what is wrong), or if a template names a message no
// catalogue has, or a pattern.
class PageRenderer {
  public:
    // Fills the body template's own dictionary: the page's data, sections, repeated blocks.
    using FillBody = std::function<void(ctemplate::TemplateDictionary& body)>;

    PageRenderer(std::filesystem::path templates_dir, std::filesystem::path messages_dir);
    ~PageRenderer();
    PageRenderer(const PageRenderer&) = delete;
    PageRenderer& operator=(const PageRenderer&) = delete;

    // `body_template` is a file name relative to the templates directory ("publish/home.tpl").
    // Besides the messages, the body sees `{{lang}}`, `{{municipality_name}}` and `{{home_href}}`.
    // Throws councilcast::Error if the template is unknown or fails to expand.
    // `layout_template` frames the body: the site's layout.tpl, or embed_layout.tpl for the
    // widgets other sites embed.
    std::string render(std::string_view body_template, Language language, const PageFrame& frame,
                       const FillBody& fill_body,
                       std::string_view layout_template = "layout.tpl") const;

    // The catalogue text for `key`. Throws councilcast::Error for an unknown key or a pattern.
    const std::string& message(Language language, std::string_view key) const;

    // The message `key` formatted by ICU in the language's locale with named arguments:
    // format(Language::kLt, "votes_count", {{"count", 22}}) is "22 balsai". Works for plain
    // messages too, filling their `{name}` slots. Throws councilcast::Error for an unknown key
    // or an argument the message uses but `arguments` lacks.
    std::string format(Language language, std::string_view key,
                       const MessageArguments& arguments) const;

    // What a refusal says in `language`: the InvalidInput's catalogue text with its arguments.
    // One without a key (its text meant for a terminal, never a visitor) reads as the
    // catalogue's general "error_bad_request".
    std::string explain(Language language, const InvalidInput& problem) const;

  private:
    using Catalogue = std::map<std::string, std::string, std::less<>>;

    const Catalogue& catalogue(Language language) const;

    // Reads every text with ICU; fills patterns_. Throws naming every broken key.
    void check_messages(const std::filesystem::path& messages_dir);
    const std::string& text(Language language, std::string_view key) const;

    std::unique_ptr<ctemplate::TemplateCache> templates_;
    std::array<Catalogue, kLanguages.size()> catalogues_;
    // Keys whose texts are patterns (the same in both languages).
    std::set<std::string, std::less<>> patterns_;
};

}  // namespace councilcast::portal
