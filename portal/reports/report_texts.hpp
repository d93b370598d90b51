// What the reports' pages and mails say of configured things, in the reader's language: a
// category's name, a question's text, the catalogue key of a state.
#pragma once

#include <string>
#include <string_view>

#include "config/config.hpp"
#include "portal/pages/language.hpp"
#include "portal/reports/report_record.hpp"

namespace councilcast::portal {

// name_en in English when it is set, else name_lt.
const std::string& category_name(const config::ReportCategory& category, Language language);
// The category with `code`'s name; the code itself for one no longer configured.
std::string category_name(const config::Reports& settings, std::string_view code,
                          Language language);
const std::string& question_text(const config::ReportQuestion& question, Language language);
// "report_state_in_progress".
std::string report_state_key(ReportState state);
// "lt" → Language::kLt, "en" → Language::kEn (a stored language code; anything else is lt).
Language report_language(std::string_view code);

}  // namespace councilcast::portal
