#include "portal/accounts/staff_forms.hpp"

#include <algorithm>

namespace councilcast::portal {
namespace {

std::string_view input_type(Control control) {
    switch (control) {
        case Control::kDate:
            return "date";
        case Control::kDateTimeLocal:
            return "datetime-local";
        case Control::kFile:
            return "file";
        default:
            return "text";
    }
}

// The person's own values replace the stored ones, so nothing typed is lost to an error.
void take_back(StaffField& field, const FormData& values) {
    switch (field.control) {
        case Control::kFile:
            break;  // a browser never refills a file input
        case Control::kCheckboxes:
            field.values = values.all(field.name);
            break;
        case Control::kCheckbox:
            field.value = std::string(values.get(field.name) == "1" ? 1 : 0, '1');
            break;
        default:
            field.value = values.get(field.name);
    }
}

void fill_field(ctemplate::TemplateDictionary& item, const StaffField& field,
                const std::string& field_id) {
    item.SetValue("name", field.name);
    item.SetValue("label", field.label);
    item.SetValue("field_id", field_id);
    if (field.required) item.ShowSection("REQUIRED");
    if (!field.lang.empty()) item.AddSectionDictionary("LANG")->SetValue("lang", field.lang);
    std::string described_by;
    if (!field.hint.empty()) {
        item.AddSectionDictionary("HINT")->SetValue("text", field.hint);
        described_by = field_id + "-hint";
    }
    if (!field.error.empty()) {
        item.AddSectionDictionary("FIELD_ERROR")->SetValue("text", field.error);
        item.ShowSection("INVALID");
        described_by += (described_by.empty() ? "" : " ") + field_id + "-error";
    }
    if (!described_by.empty())
        item.AddSectionDictionary("DESCRIBED")->SetValue("ids", described_by);

    if (field.control == Control::kCheckboxes) {
        auto* group = item.AddSectionDictionary("GROUP");
        for (const auto& [value, label] : field.options) {
            auto* box = group->AddSectionDictionary("BOX");
            box->SetValue("value", value);
            box->SetValue("box_label", label);
            box->SetValue("box_id", field_id + "-" + value);
            if (std::find(field.values.begin(), field.values.end(), value) != field.values.end()) {
                box->ShowSection("CHECKED");
            }
        }
        return;
    }
    if (field.control == Control::kCheckbox) {
        auto* box = item.AddSectionDictionary("TICK");
        if (field.value == "1") box->ShowSection("CHECKED");
        return;
    }
    auto* single = item.AddSectionDictionary("SINGLE");
    if (field.control == Control::kTextarea) {
        auto* area = single->AddSectionDictionary("TEXTAREA");
        area->SetValue("value", field.value);
    } else if (field.control == Control::kSelect) {
        auto* select = single->AddSectionDictionary("SELECT");
        for (const auto& [value, label] : field.options) {
            auto* option = select->AddSectionDictionary("OPTION");
            option->SetValue("value", value);
            option->SetValue("option_label", label);
            if (value == field.value) option->ShowSection("SELECTED");
        }
    } else {
        auto* input = single->AddSectionDictionary("INPUT");
        input->SetValue("type", std::string(input_type(field.control)));
        input->SetValue("value", field.control == Control::kFile ? "" : field.value);
        if (!field.accept.empty())
            input->AddSectionDictionary("ACCEPT")->SetValue("accept", field.accept);
    }
}

}  // namespace

bool StaffForms::place(ctemplate::TemplateDictionary& parent, std::string_view include_name,
                       StaffForm form) {
    const bool refused = problems_ != nullptr && problems_->form_id == form.id;
    if (refused) {
        form.error = problems_->form_error;
        for (auto& field : form.fields) {
            take_back(field, problems_->values);
            if (auto it = problems_->field_errors.find(field.name);
                it != problems_->field_errors.end()) {
                field.error = it->second;
            }
        }
    }
    auto* dict = parent.AddIncludeDictionary(std::string(include_name));
    dict->SetFilename("staff_form.tpl");
    dict->SetValue("form_id", form.id);
    dict->SetValue("action", form.action);
    dict->SetValue("submit", form.submit);
    dict->SetValue("csrf", csrf_token_);
    if (form.multipart) dict->ShowSection("MULTIPART");
    if (form.compact) dict->ShowSection("COMPACT");
    for (const auto& [name, value] : form.hidden) {
        auto* hidden = dict->AddSectionDictionary("HIDDEN");
        hidden->SetValue("name", name);
        hidden->SetValue("value", value);
    }
    if (!form.error.empty()) {
        dict->AddSectionDictionary("FORM_ERROR")->SetValue("text", form.error);
        errors_.emplace_back(form.id + "-error", form.error);
    }
    for (const auto& field : form.fields) {
        const std::string field_id = form.id + "-" + field.name;
        fill_field(*dict->AddSectionDictionary("FIELD"), field, field_id);
        if (!field.error.empty()) errors_.emplace_back(field_id, field.error);
    }
    return refused;
}

void StaffForms::summarise(ctemplate::TemplateDictionary& body) const {
    if (errors_.empty()) return;
    auto* summary = body.AddIncludeDictionary("ERROR_SUMMARY");
    summary->SetFilename("staff_errors.tpl");
    for (const auto& [target, text] : errors_) {
        auto* error = summary->AddSectionDictionary("ERROR");
        error->SetValue("target", target);
        error->SetValue("text", text);
    }
}

}  // namespace councilcast::portal
