// Editors' Markdown (agenda item descriptions, decision texts) as an HTML fragment safe to print
// unescaped, and as plain-text excerpts for lists, feeds and <meta name="description">.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace councilcast::portal {

// The longest Markdown text accepted, in bytes of UTF-8 (a letter such as "ė" takes two): room
// for a long decision many times over, and a bound on the parser's work, since cmark 0.30.2
// still has inputs that take time quadratic in their length.
inline constexpr std::size_t kMaxMarkdownBytes = 20'000;

// The level an editor's `#` heading gets on the page, whose own title and sections are h1/h2.
inline constexpr int kTopMarkdownHeadingLevel = 3;

// CommonMark (cmark) to an HTML fragment meant for a template variable whose name ends in
// `_html` (see PageRenderer), the one kind that may be printed unescaped:
// - raw HTML in the input never passes: cmark's safe mode (its default; CMARK_OPT_UNSAFE is
//   never set) puts an HTML comment in its place;
// - link and image URLs with javascript:, vbscript:, file: or data: schemes are emptied by the
//   same safe mode (data:image/png, gif, jpeg and webp stay: they cannot run script);
// - invalid UTF-8 becomes U+FFFD, so the page stays valid UTF-8;
// - headings move down so that `#` is <h3>, `##` <h4> and so on, never past <h6>.
// Quotes and dashes stay as typed: cmark's smart punctuation knows only English quotes (“…”),
// which would be wrong in Lithuanian („…“).
// Throws councilcast::InvalidInput (markdown_too_long) if `markdown` is longer than
// kMaxMarkdownBytes.
std::string markdown_to_html(std::string_view markdown);

// The words of `markdown` without markup: text of paragraphs, headings, lists, quotes, link
// texts and code, blocks separated and all whitespace collapsed to single spaces; images and raw
// HTML are left out, as on the page. At most `max_characters` characters (code points) long:
// a longer text is cut at the last word boundary that fits, trailing punctuation dropped, and
// ends in "…" (counted in the limit); a single word longer than the limit is cut inside.
// The result is plain text, to be escaped like any other value.
// Throws councilcast::InvalidInput as markdown_to_html does.
std::string markdown_excerpt(std::string_view markdown, std::size_t max_characters);

}  // namespace councilcast::portal
