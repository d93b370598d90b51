#include "portal/pages/language.hpp"

namespace councilcast::portal {

std::string_view language_code(Language language) {
    return language == Language::kLt ? "lt" : "en";
}

Language other_language(Language language) {
    return language == Language::kLt ? Language::kEn : Language::kLt;
}

std::string_view home_path(Language language) {
    return language == Language::kLt ? "/" : "/en/";
}

}  // namespace councilcast::portal
