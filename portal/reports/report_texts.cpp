#include "portal/reports/report_texts.hpp"

#include <algorithm>

namespace councilcast::portal {

const std::string& category_name(const config::ReportCategory& category, Language language) {
    return language == Language::kEn && !category.name_en.empty() ? category.name_en
                                                                  : category.name_lt;
}

std::string category_name(const config::Reports& settings, std::string_view code,
                          Language language) {
    const auto found = std::find_if(settings.categories.begin(), settings.categories.end(),
                                    [&](const auto& category) { return category.code == code; });
    return found != settings.categories.end() ? category_name(*found, language) : std::string(code);
}

const std::string& question_text(const config::ReportQuestion& question, Language language) {
    return language == Language::kEn && !question.text_en.empty() ? question.text_en
                                                                  : question.text_lt;
}

std::string report_state_key(ReportState state) {
    return "report_state_" + std::string(report_state_name(state));
}

Language report_language(std::string_view code) {
    return code == "en" ? Language::kEn : Language::kLt;
}

}  // namespace councilcast::portal
