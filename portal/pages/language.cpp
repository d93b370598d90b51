#include "portal/pages/language.hpp"

#include <unicode/uenum.h>
#include <unicode/uloc.h>

#include <array>
#include <string>

#include "common/c_ptr.hpp"

namespace councilcast::portal {

std::string_view language_code(Language language) {
    return language == Language::kLt ? "lt" : "en";
}

std::optional<Language> language_of(std::string_view code) {
    if (code == "lt") return Language::kLt;
    if (code == "en") return Language::kEn;
    return std::nullopt;
}

Language stored_language(std::string_view code) {
    return language_of(code).value_or(Language::kLt);
}

Language other_language(Language language) {
    return language == Language::kLt ? Language::kEn : Language::kLt;
}

std::string_view home_path(Language language) {
    return language == Language::kLt ? "/" : "/en/";
}

Language preferred_language(std::string_view accept_language) {
    // Real headers are a few dozen bytes; a longer one is someone's experiment.
    constexpr std::size_t kMaxHeader = 256;
    if (accept_language.empty() || accept_language.size() > kMaxHeader) return Language::kLt;
    // ICU weighs the q-values and matches "en-GB" to "en", as RFC 4647 lookup does.
    static constexpr std::array<const char*, 2> kOffered = {"lt", "en"};
    UErrorCode status = U_ZERO_ERROR;
    CPtr<&uenum_close> offered(
        uenum_openCharStringsEnumeration(kOffered.data(), kOffered.size(), &status));
    if (U_FAILURE(status)) return Language::kLt;
    const std::string header(accept_language);
    std::array<char, 16> chosen{};
    UAcceptResult outcome = ULOC_ACCEPT_FAILED;
    uloc_acceptLanguageFromHTTP(chosen.data(), chosen.size() - 1, &outcome, header.c_str(),
                                offered.get(), &status);
    if (U_FAILURE(status) || outcome == ULOC_ACCEPT_FAILED) return Language::kLt;
    return std::string_view(chosen.data()) == "en" ? Language::kEn : Language::kLt;
}

}  // namespace councilcast::portal
