// The site's two languages and what depends on nothing but the language: codes and home paths.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace councilcast::portal {

// Lithuanian is the first language of every page, English the second.
enum class Language { kLt, kEn };

inline constexpr std::array<Language, 2> kLanguages = {Language::kLt, Language::kEn};

// "lt" or "en": the lang attribute, Content-Language and the catalogue's file name.
std::string_view language_code(Language language);

// The language a code names ("lt" or "en"), or none for anything else (a query's, a form's).
std::optional<Language> language_of(std::string_view code);
// A code the site stored itself: "en" is English, anything else Lithuanian, the first language.
Language stored_language(std::string_view code);

// The language the language switch leads to.
Language other_language(Language language);

// Where the home page of a language lives: "/" for Lithuanian, "/en/" for English.
std::string_view home_path(Language language);

// The language a client asks for in an Accept-Language header ("en-GB,en;q=0.9"), for answers
// whose address names none (the API, oEmbed): English when it prefers English to Lithuanian,
// else Lithuanian, the first language.
Language preferred_language(std::string_view accept_language);

}  // namespace councilcast::portal
