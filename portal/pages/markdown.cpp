#include "portal/pages/markdown.hpp"

#include <cmark.h>
#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>

#include "common/c_ptr.hpp"
#include "common/error.hpp"

namespace councilcast::portal {
namespace {

// Safe mode is cmark's default; the UTF-8 check is not.
constexpr int kOptions = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;
constexpr int kDeepestHeadingLevel = 6;
constexpr std::u16string_view kEllipsis = u"…";

// One owner per cmark allocation: the document tree, an iterator over it, a rendered string.
void free_rendered(char* text) {
    cmark_get_default_mem_allocator()->free(text);
}
using CmarkNodePtr = CPtr<&cmark_node_free>;
using CmarkIterPtr = CPtr<&cmark_iter_free>;
using CmarkTextPtr = CPtr<&free_rendered>;

// The catalogue's markdown_too_long writes the limit out, so each language reads naturally;
// the assertion keeps it honest.
static_assert(kMaxMarkdownBytes == 20'000);

CmarkNodePtr parse(std::string_view markdown) {
    if (markdown.size() > kMaxMarkdownBytes) throw InvalidInput::text("markdown_too_long");
    CmarkNodePtr document(cmark_parse_document(markdown.data(), markdown.size(), kOptions));
    if (!document) throw Error("cmark failed to parse a Markdown text");
    return document;
}

// The iterator walks the tree without recursion, so a text of 10,000 nested quotes costs
// no stack.
template <typename Visit>
void walk(cmark_node* document, Visit visit) {
    CmarkIterPtr iterator(cmark_iter_new(document));
    for (cmark_event_type event; (event = cmark_iter_next(iterator.get())) != CMARK_EVENT_DONE;) {
        visit(iterator.get(), event, cmark_iter_get_node(iterator.get()));
    }
}

bool is_block(cmark_node_type type) {
    return type >= CMARK_NODE_FIRST_BLOCK && type <= CMARK_NODE_LAST_BLOCK;
}

// Leaf blocks get only an enter event; containers get enter and exit.
bool is_leaf_block(cmark_node_type type) {
    return type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK ||
           type == CMARK_NODE_THEMATIC_BREAK;
}

std::string plain_text(cmark_node* document) {
    std::string text;
    walk(document, [&](cmark_iter* iterator, cmark_event_type event, cmark_node* node) {
        const cmark_node_type type = cmark_node_get_type(node);
        if (event == CMARK_EVENT_EXIT) {
            if (is_block(type)) text += ' ';
            return;
        }
        switch (type) {
            case CMARK_NODE_TEXT:
            case CMARK_NODE_CODE:
            case CMARK_NODE_CODE_BLOCK:
                text += cmark_node_get_literal(node);
                break;
            case CMARK_NODE_SOFTBREAK:
            case CMARK_NODE_LINEBREAK:
                text += ' ';
                break;
            case CMARK_NODE_IMAGE:
                // Its alt text describes a picture the excerpt does not show.
                cmark_iter_reset(iterator, node, CMARK_EVENT_EXIT);
                break;
            default:
                break;
        }
        if (is_leaf_block(type)) text += ' ';
    });
    return text;
}

icu::UnicodeString collapse_whitespace(std::string_view text) {
    const icu::UnicodeString raw = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())));
    icu::UnicodeString collapsed;
    bool pending_space = false;
    for (std::int32_t i = 0; i < raw.length(); i = raw.moveIndex32(i, 1)) {
        const UChar32 c = raw.char32At(i);
        if (u_isUWhiteSpace(c)) {
            pending_space = !collapsed.isEmpty();
            continue;
        }
        if (pending_space) collapsed.append(u' ');
        pending_space = false;
        collapsed.append(c);
    }
    return collapsed;
}

// Punctuation that would dangle before the ellipsis ("posėdis, …", "(…"); closing brackets and
// quotes stay, they end what they close.
bool dangles(UChar32 c) {
    const auto category = static_cast<UCharCategory>(u_charType(c));
    return u_isUWhiteSpace(c) || category == U_OTHER_PUNCTUATION ||
           category == U_DASH_PUNCTUATION || category == U_START_PUNCTUATION ||
           category == U_INITIAL_PUNCTUATION;
}

// Word boundaries by ICU's rules rather than a search for spaces: they also fall around
// dashes, slashes and other punctuation. A BreakIterator holds the text it walks, so each
// thread keeps its own, built once: building one costs more than a whole excerpt.
icu::BreakIterator& word_boundaries() {
    thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<icu::BreakIterator> words(
            icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
        if (U_FAILURE(status)) throw Error("ICU: word break iterator unavailable");
        return words;
    }();
    return *iterator;
}

}  // namespace

std::string markdown_to_html(std::string_view markdown) {
    CmarkNodePtr document = parse(markdown);
    walk(document.get(), [](cmark_iter*, cmark_event_type event, cmark_node* node) {
        if (event == CMARK_EVENT_ENTER && cmark_node_get_type(node) == CMARK_NODE_HEADING) {
            cmark_node_set_heading_level(
                node, std::min(kDeepestHeadingLevel,
                               cmark_node_get_heading_level(node) + kTopMarkdownHeadingLevel - 1));
        }
    });
    CmarkTextPtr html(cmark_render_html(document.get(), kOptions));
    return html.get();
}

std::string markdown_excerpt(std::string_view markdown, std::size_t max_characters) {
    CmarkNodePtr document = parse(markdown);
    const icu::UnicodeString text = collapse_whitespace(plain_text(document.get()));
    std::string excerpt;
    if (static_cast<std::size_t>(text.countChar32()) <= max_characters) {
        text.toUTF8String(excerpt);
        return excerpt;
    }
    if (max_characters == 0) return excerpt;
    // Room for the ellipsis; moveIndex32 counts code points, never splitting a surrogate pair.
    const std::int32_t limit = text.moveIndex32(0, static_cast<std::int32_t>(max_characters - 1));
    icu::BreakIterator& words = word_boundaries();
    words.setText(text);
    std::int32_t end = words.isBoundary(limit) ? limit : words.preceding(limit);
    while (end > 0 && dangles(text.char32At(text.moveIndex32(end, -1)))) {
        end = text.moveIndex32(end, -1);
    }
    if (end <= 0) end = limit;
    icu::UnicodeString cut(text, 0, end);
    cut.append(icu::UnicodeString(kEllipsis.data(), static_cast<std::int32_t>(kEllipsis.size())));
    cut.toUTF8String(excerpt);
    return excerpt;
}

}  // namespace councilcast::portal
