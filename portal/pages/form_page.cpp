#include "portal/pages/form_page.hpp"

namespace councilcast::portal {

void fill_form_page(ctemplate::TemplateDictionary& body, const FormPage& page,
                    std::string_view csrf_token) {
    body.SetValue("heading", page.title);
    if (!page.intro.empty()) body.AddSectionDictionary("INTRO")->SetValue("text", page.intro);
    if (!page.notice.empty()) body.AddSectionDictionary("NOTICE")->SetValue("text", page.notice);
    ctemplate::TemplateDictionary* errors = nullptr;
    for (const auto& form : page.forms) {
        for (const auto& field : form.fields) {
            if (field.error.empty()) continue;
            if (errors == nullptr) errors = body.AddSectionDictionary("ERRORS");
            auto* error = errors->AddSectionDictionary("ERROR");
            error->SetValue("field", field.name);
            error->SetValue("text", field.error);
        }
    }
    for (const auto& form : page.forms) {
        auto* section = body.AddSectionDictionary("FORM");
        if (!form.heading.empty()) {
            section->AddSectionDictionary("FORM_HEADING")->SetValue("text", form.heading);
        }
        section->SetValue("action", form.action);
        section->SetValue("submit", form.submit);
        section->SetValue("csrf", std::string(csrf_token));
        for (const auto& [name, value] : form.hidden) {
            auto* hidden = section->AddSectionDictionary("HIDDEN");
            hidden->SetValue("name", name);
            hidden->SetValue("value", value);
        }
        for (const auto& field : form.fields) {
            auto* item = section->AddSectionDictionary("FIELD");
            item->SetValue("name", field.name);
            item->SetValue("label", field.label);
            std::string described_by;
            if (!field.hint.empty()) {
                item->AddSectionDictionary("HINT")->SetValue("text", field.hint);
                described_by = field.name + "-hint";
            }
            if (!field.error.empty()) {
                item->AddSectionDictionary("FIELD_ERROR")->SetValue("text", field.error);
                item->ShowSection("INVALID");
                described_by += (described_by.empty() ? "" : " ") + field.name + "-error";
            }
            if (!described_by.empty()) {
                item->AddSectionDictionary("DESCRIBED")->SetValue("ids", described_by);
            }
            if (field.type == "select") {
                auto* select = item->AddSectionDictionary("SELECT");
                for (const auto& [value, label] : field.options) {
                    auto* option = select->AddSectionDictionary("OPTION");
                    option->SetValue("value", value);
                    option->SetValue("label", label);
                    if (value == field.value) option->ShowSection("SELECTED");
                }
            } else {
                auto* input = item->AddSectionDictionary("INPUT");
                input->SetValue("type", field.type);
                input->SetValue("value", field.type == "password" ? "" : field.value);
                input->SetValue("autocomplete", field.autocomplete);
            }
        }
    }
    for (const auto& [href, text] : page.links) {
        auto* link = body.AddSectionDictionary("LINK");
        link->SetValue("href", href);
        link->SetValue("text", text);
    }
}

}  // namespace councilcast::portal
