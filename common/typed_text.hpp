// What people type into forms, checked and tidied the same way in every room: valid UTF-8,
// characters as a person counts them, control characters, white space.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace councilcast {

// Valid UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF), by GLib.
bool valid_utf8(std::string_view text);

// Code points of text that is valid UTF-8: every byte that does not continue a sequence starts
// one.
std::size_t characters(std::string_view utf8);

// A C0 control other than those in `allowed`, DEL, or a C1 control (U+0080..U+009F).
bool has_control(std::string_view text, std::string_view allowed = {});

// Without the spaces, tabs and line ends around it.
std::string_view trimmed(std::string_view text);

// One line: runs of white space made one space, ends trimmed.
std::string tidy_line(std::string_view text);

// A one-line field as stored: trimmed; valid UTF-8 without control characters, `min`..`max`
// characters. Otherwise InvalidInput::text(`key`) with {min} and {max} for its message.
std::string checked_line(std::string_view text, std::size_t min, std::size_t max,
                         const std::string& key);

// A text of paragraphs as stored: "\r\n" and "\r" made "\n", trimmed; valid UTF-8 whose only
// control characters are line feeds and tabs, `min`..`max` characters. Otherwise as
// checked_line.
std::string checked_paragraphs(std::string_view text, std::size_t min, std::size_t max,
                               const std::string& key);

// Paragraphs: lines trimmed, runs of blank lines made one ("\n\n"), line ends "\n"; the ends of
// the whole text trimmed.
std::string tidy_paragraphs(std::string_view text);

}  // namespace councilcast
