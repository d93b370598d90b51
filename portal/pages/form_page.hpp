// The shape of a page of forms (sign-in, sign-up, the account page) and how it fills the
// form_page.tpl template: labels, hints and errors tied to their fields for screen readers.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

struct FormField {
    std::string name;
    std::string label;
    std::string type = "text";
    std::string value;
    std::string autocomplete;
    std::string hint;
    std::string error;
    std::vector<std::pair<std::string, std::string>> options;  // value, label (select)
};

struct HtmlForm {
    std::string heading;
    std::string action;
    std::string submit;
    std::vector<std::pair<std::string, std::string>> hidden;
    std::vector<FormField> fields;
};

// Forms (each with its own action), an optional lead text and notice, and links below.
struct FormPage {
    std::string title;
    std::string intro;
    std::string notice;
    std::vector<HtmlForm> forms;
    std::vector<std::pair<std::string, std::string>> links;  // href, text
};

// Every form gets `csrf_token` as its hidden csrf field.
void fill_form_page(ctemplate::TemplateDictionary& body, const FormPage& page,
                    std::string_view csrf_token);

}  // namespace councilcast::portal
