#include "portal/pages/page_renderer.hpp"

#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>
#include <fmt/core.h>
#include <toml++/toml.h>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "common/error.hpp"

namespace councilcast::portal {
namespace {

constexpr std::string_view kAutoescapePragma = "{{%AUTOESCAPE context=\"HTML\"}}";
constexpr std::string_view kLayoutTemplate = "layout.tpl";
constexpr std::string_view kMessagePrefix = "msg_";
// The site's main navigation in layout.tpl: each entry's path after the language's home, and
// the variable its aria-current reads.
constexpr std::pair<std::string_view, std::string_view> kSiteNav[] = {
    {"", "nav_home_current"},
    {"meetings", "nav_meetings_current"},
    {"council", "nav_council_current"},
    {"decisions", "nav_decisions_current"},
    {"petitions", "nav_petitions_current"},
    {"consultations", "nav_consultations_current"},
    {"reports", "nav_reports_current"},
    {"search", "nav_search_current"},
};
// Blank lines go, everything else stays: stripping whitespace too would glue words together
// where a line of text is broken in a template.
constexpr ctemplate::Strip kStrip = ctemplate::STRIP_BLANK_LINES;

// Modifiers that let markup through, which ctemplate obeys even in auto-escape mode: `none`
// prints the value as it is, `H=snippet` keeps <b>, <i>, <br> and the like.
constexpr std::array<std::string_view, 3> kRawModifiers = {"none", "H=snippet",
                                                           "html_escape_with_arg=snippet"};
constexpr std::string_view kRawSuffix = "_html";

// Message keys become template variable names, so they keep to what needs no quoting anywhere.
const std::regex kMessageKey("[a-z][a-z0-9_]*");
const std::regex kMessageReference("\\{\\{\\s*msg_([A-Za-z0-9_]+)");

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(fmt::format("cannot read template {}", path.string()));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// What in `text` would print a value unescaped outside the `_html` rule (see page_renderer.hpp),
// or nothing. Tags are found as ctemplate's parser finds them: from "{{" to the next "}}",
// comments ({{!…}}) and pragmas ({{%…}}) skipped. ctemplate itself refuses what this reads
// differently ("{{ x:none }}", "{{x:NONE}}"), so nothing slips between the two.
std::optional<std::string> raw_output_problem(std::string_view text) {
    std::size_t start = text.find("{{");
    while (start != std::string_view::npos) {
        const std::size_t end = text.find("}}", start + 2);
        if (end == std::string_view::npos) break;
        const std::string_view tag = text.substr(start + 2, end - start - 2);
        start = text.find("{{", end + 2);
        if (tag.empty() || tag.front() == '!' || tag.front() == '%') continue;
        if (tag.front() == '=') {
            return fmt::format(
                "{{{{{}}}}} changes the {{{{ }}}} delimiters, which would hide "
                "tags from the escaping check",
                tag);
        }
        const std::size_t colon = tag.find(':');
        if (colon == std::string_view::npos) continue;
        const std::string_view name = tag.substr(0, colon);
        std::string_view modifiers = tag.substr(colon + 1);
        while (!modifiers.empty()) {
            const std::size_t next = modifiers.find(':');
            const std::string_view modifier = modifiers.substr(0, next);
            modifiers = next == std::string_view::npos ? "" : modifiers.substr(next + 1);
            const bool raw = std::find(kRawModifiers.begin(), kRawModifiers.end(), modifier) !=
                             kRawModifiers.end();
            if (raw && !name.ends_with(kRawSuffix)) {
                return fmt::format(
                    "{{{{{}}}}} prints '{}' unescaped; only variables whose names end in {} may "
                    "use :{}",
                    tag, name, kRawSuffix, modifier);
            }
        }
    }
    return std::nullopt;
}

std::string join(const std::vector<std::string>& items, std::string_view separator = ", ") {
    std::string joined;
    for (const auto& item : items) {
        if (!joined.empty()) joined += separator;
        joined += item;
    }
    return joined;
}

std::string catalogue_name(Language language) {
    return std::string(language_code(language)) + "/*.toml";
}

using Catalogue = std::map<std::string, std::string, std::less<>>;

void load_catalogue_file(const std::filesystem::path& path, Catalogue& catalogue,
                         std::map<std::string, std::filesystem::path>& origin) {
    toml::table table;
    try {
        table = toml::parse_file(path.string());
    } catch (const toml::parse_error& e) {
        throw Error(fmt::format("message catalogue {} line {}: {}", path.string(),
                                e.source().begin.line, e.description()));
    }
    for (const auto& [key, value] : table) {
        const std::string name(key.str());
        if (!std::regex_match(name, kMessageKey)) {
            throw Error(fmt::format("message catalogue {}: key '{}' must match [a-z][a-z0-9_]*",
                                    path.string(), name));
        }
        const auto* text = value.as_string();
        if (text == nullptr || text->get().empty()) {
            throw Error(fmt::format("message catalogue {}: '{}' must be a non-empty string",
                                    path.string(), name));
        }
        if (auto [it, added] = origin.emplace(name, path); !added) {
            throw Error(
                fmt::format("message catalogues {} and {} both have '{}': a key belongs "
                            "to one module",
                            it->second.string(), path.string(), name));
        }
        catalogue.emplace(name, text->get());
    }
}

// Every module's file in `messages_dir/<language>/`, in one table.
Catalogue load_catalogue(const std::filesystem::path& messages_dir, Language language) {
    const auto folder = messages_dir / language_code(language);
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
        throw Error(fmt::format("message catalogue folder {} does not exist", folder.string()));
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
        if (entry.is_regular_file() && entry.path().extension() == ".toml") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    Catalogue catalogue;
    std::map<std::string, std::filesystem::path> origin;
    for (const auto& file : files) load_catalogue_file(file, catalogue, origin);
    return catalogue;
}

// The modules (file names) that have a catalogue in `language`.
std::set<std::string> catalogue_modules(const std::filesystem::path& messages_dir,
                                        Language language) {
    std::set<std::string> modules;
    std::error_code ec;
    for (const auto& entry :
         std::filesystem::directory_iterator(messages_dir / language_code(language), ec)) {
        if (entry.path().extension() == ".toml") modules.insert(entry.path().filename().string());
    }
    return modules;
}

}  // namespace

PageRenderer::PageRenderer(std::filesystem::path templates_dir, std::filesystem::path messages_dir)
    : templates_(std::make_unique<ctemplate::TemplateCache>()) {
    for (Language language : kLanguages) {
        catalogues_[static_cast<std::size_t>(language)] = load_catalogue(messages_dir, language);
    }
    // A module's texts in one language only would leave holes in the other's pages.
    if (catalogue_modules(messages_dir, Language::kLt) !=
        catalogue_modules(messages_dir, Language::kEn)) {
        throw Error(
            fmt::format("message catalogues in {}: lt/ and en/ must hold the same "
                        "modules' files",
                        messages_dir.string()));
    }
    // A text missing in one language would show up as a hole in that language's pages.
    std::vector<std::string> differences;
    for (Language language : kLanguages) {
        std::vector<std::string> missing;
        for (const auto& [key, text] : catalogue(other_language(language))) {
            if (!catalogue(language).contains(key)) missing.push_back(key);
        }
        if (!missing.empty()) {
            differences.push_back(
                fmt::format("missing in {}: {}", catalogue_name(language), join(missing)));
        }
    }
    if (!differences.empty()) {
        throw Error(fmt::format("message catalogues in {} differ: {}", messages_dir.string(),
                                join(differences)));
    }
    check_messages(messages_dir);

    std::error_code ec;
    if (!std::filesystem::is_directory(templates_dir, ec)) {
        throw Error(fmt::format("template directory {} does not exist", templates_dir.string()));
    }
    templates_->SetTemplateRootDirectory(templates_dir.string());
    std::vector<std::string> unknown_messages;
    std::vector<std::string> printed_patterns;
    bool has_layout = false;
    // A module's templates may sit in a folder of its own ("publish/home.tpl"), named by
    // their path under the directory.
    for (const auto& entry : std::filesystem::recursive_directory_iterator(templates_dir)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".tpl") continue;
        const std::string name = entry.path().lexically_relative(templates_dir).generic_string();
        const std::string text = read_file(entry.path());
        // Without the pragma ctemplate would print variables unescaped.
        if (!text.starts_with(kAutoescapePragma)) {
            throw Error(fmt::format("template {} must start with {}", entry.path().string(),
                                    kAutoescapePragma));
        }
        if (auto problem = raw_output_problem(text)) {
            throw Error(fmt::format("template {}: {}", entry.path().string(), *problem));
        }
        for (std::sregex_iterator it(text.begin(), text.end(), kMessageReference), end; it != end;
             ++it) {
            const std::string key = (*it)[1].str();
            if (!catalogue(Language::kLt).contains(key)) {
                unknown_messages.push_back(fmt::format("{} in {}", key, name));
            } else if (patterns_.contains(key)) {
                printed_patterns.push_back(fmt::format("{} in {}", key, name));
            }
        }
        // ctemplate prints the parse error itself (file, line) on stderr.
        if (!templates_->LoadTemplate(name, kStrip)) {
            throw Error(fmt::format("template {} failed to load (see the ctemplate error above)",
                                    entry.path().string()));
        }
        has_layout = has_layout || name == kLayoutTemplate;
    }
    if (!unknown_messages.empty()) {
        throw Error(fmt::format("templates use messages that no catalogue has: {}",
                                join(unknown_messages)));
    }
    if (!printed_patterns.empty()) {
        throw Error(fmt::format(
            "templates print message patterns, which mean nothing unformatted: {}; fill a "
            "variable with PageRenderer::format instead",
            join(printed_patterns)));
    }
    if (!has_layout) {
        throw Error(fmt::format("template directory {} has no {}", templates_dir.string(),
                                kLayoutTemplate));
    }
    // From here on the cache is read-only: ExpandNoLoad is const and safe from many threads.
    templates_->Freeze();
}

PageRenderer::~PageRenderer() = default;

void PageRenderer::check_messages(const std::filesystem::path& messages_dir) {
    std::vector<std::string> problems;
    for (const auto& entry : catalogue(Language::kLt)) {
        const std::string& key = entry.first;
        std::array<MessageSyntax, kLanguages.size()> syntax;
        bool readable = true;
        for (Language language : kLanguages) {
            try {
                syntax[static_cast<std::size_t>(language)] =
                    inspect_message(language, text(language, key));
            } catch (const Error& e) {
                problems.push_back(
                    fmt::format("{} '{}': {}", catalogue_name(language), key, e.what()));
                readable = false;
            }
        }
        if (!readable) continue;
        const MessageSyntax& lt = syntax[static_cast<std::size_t>(Language::kLt)];
        const MessageSyntax& en = syntax[static_cast<std::size_t>(Language::kEn)];
        // Pages format a key the same way whatever the language, so the texts must agree on
        // what they take.
        if (lt.is_pattern != en.is_pattern) {
            problems.push_back(
                fmt::format("'{}' is a pattern in {} but plain text in {}", key,
                            catalogue_name(lt.is_pattern ? Language::kLt : Language::kEn),
                            catalogue_name(lt.is_pattern ? Language::kEn : Language::kLt)));
        } else if (lt.arguments != en.arguments) {
            problems.push_back(fmt::format("'{}' takes {{{}}} in lt.toml but {{{}}} in en.toml",
                                           key, join(lt.arguments), join(en.arguments)));
        } else if (lt.is_pattern) {
            patterns_.insert(key);
        }
    }
    if (!problems.empty()) {
        throw Error(fmt::format("message catalogues in {}: {}", messages_dir.string(),
                                join(problems, "; ")));
    }
}

const PageRenderer::Catalogue& PageRenderer::catalogue(Language language) const {
    return catalogues_[static_cast<std::size_t>(language)];
}

const std::string& PageRenderer::message(Language language, std::string_view key) const {
    if (patterns_.contains(key)) {
        throw Error(fmt::format("message '{}' is a pattern: use PageRenderer::format", key));
    }
    return text(language, key);
}

std::string PageRenderer::format(Language language, std::string_view key,
                                 const MessageArguments& arguments) const {
    try {
        return format_message(language, text(language, key), arguments);
    } catch (const Error& e) {
        throw Error(fmt::format("message '{}' ({}): {}", key, language_code(language), e.what()));
    }
}

std::string PageRenderer::explain(Language language, const InvalidInput& problem) const {
    if (problem.key().empty()) return text(language, "error_bad_request");
    MessageArguments arguments;
    for (const auto& [name, value] : problem.arguments()) arguments.emplace_back(name, value);
    return format(language, problem.key(), arguments);
}

const std::string& PageRenderer::text(Language language, std::string_view key) const {
    const auto& messages = catalogue(language);
    auto it = messages.find(key);
    // A wrong key is a programmer error, but one broken page must not take the server down:
    // the request handler turns this into a 500 and logs it.
    if (it == messages.end()) {
        throw Error(fmt::format("unknown message '{}' ({})", key, language_code(language)));
    }
    return it->second;
}

std::string PageRenderer::render(std::string_view body_template, Language language,
                                 const PageFrame& frame, const FillBody& fill_body,
                                 std::string_view layout_template) const {
    ctemplate::TemplateDictionary layout("layout");
    // Template-global values are seen by the layout, the body and all their sections.
    const std::string_view code = language_code(language);
    layout.SetTemplateGlobalValue("lang", ctemplate::TemplateString(code.data(), code.size()));
    layout.SetTemplateGlobalValue("municipality_name", frame.municipality_name);
    const std::string_view home = home_path(language);
    layout.SetTemplateGlobalValue("home_href", ctemplate::TemplateString(home.data(), home.size()));
    std::string variable(kMessagePrefix);
    for (const auto& [key, text] : catalogue(language)) {
        if (patterns_.contains(key)) continue;
        variable.resize(kMessagePrefix.size());
        variable += key;
        layout.SetTemplateGlobalValue(variable, text);
    }

    const std::string_view other = language_code(other_language(language));
    layout.SetValue("other_lang", ctemplate::TemplateString(other.data(), other.size()));
    layout.SetValue("page_title", frame.title);
    layout.SetValue("alternate_href",
                    frame.alternate_url.empty() ? frame.alternate_path : frame.alternate_url);
    // The switch goes through /language, which remembers the choice (public_pages.hpp).
    layout.SetValue("switch_href",
                    fmt::format("/language?to={}&next={}", other,
                                std::string(boost::urls::encode(frame.alternate_path,
                                                                boost::urls::unreserved_chars))));
    layout.SetValue("og_title", frame.og_title.empty() ? frame.title : frame.og_title);
    layout.SetValue("og_type", frame.og_type);
    layout.SetValue("og_locale", language == Language::kLt ? "lt_LT" : "en_GB");
    if (!frame.description.empty()) {
        layout.AddSectionDictionary("DESCRIPTION")->SetValue("text", frame.description);
    }
    if (!frame.canonical_url.empty()) {
        layout.AddSectionDictionary("CANONICAL")->SetValue("url", frame.canonical_url);
    }
    for (const auto& link : frame.head_links) {
        auto* section = layout.AddSectionDictionary("HEAD_LINK");
        section->SetValue("type", link.type);
        section->SetValue("href", link.href);
        section->SetValue("title", link.title);
    }
    for (const auto& [path, variable] : kSiteNav) {
        layout.SetValue(ctemplate::TemplateString(variable.data(), variable.size()),
                        frame.nav_current == path ? "page" : "false");
    }
    for (const auto& script : frame.scripts) {
        layout.AddSectionDictionary("SCRIPT")->SetValue("src", script);
    }
    for (const auto& [href, text] : frame.account_links) {
        auto* link = layout.AddSectionDictionary("ACCOUNT_LINK");
        link->SetValue("href", href);
        link->SetValue("text", text);
    }
    if (!frame.logout_action.empty()) {
        auto* logout = layout.AddSectionDictionary("LOGOUT");
        logout->SetValue("action", frame.logout_action);
        logout->SetValue("csrf", frame.csrf_token);
    }

    ctemplate::TemplateDictionary* body = layout.AddIncludeDictionary("BODY");
    body->SetFilename(ctemplate::TemplateString(body_template.data(), body_template.size()));
    if (fill_body) fill_body(*body);

    std::string html;
    if (!templates_->ExpandNoLoad(std::string(layout_template), kStrip, &layout, nullptr, &html)) {
        throw Error(
            fmt::format("template {} (in {}) failed to expand", body_template, layout_template));
    }
    return html;
}

}  // namespace councilcast::portal
