// The forms of staff pages (and residents' forms like them) and how they fill staff_form.tpl:
// every control has a visible label, hints and errors are tied to it with aria-describedby, ids
// are unique on the page, and a refused form comes back with what was typed and what was wrong.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "portal/http/form_data.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

enum class Control {
    kText,
    kTextarea,       // Markdown and other long text
    kDate,           // <input type="date">: YYYY-MM-DD
    kDateTimeLocal,  // <input type="datetime-local">: YYYY-MM-DDTHH:MM, Europe/Vilnius
    kSelect,
    kFile,
    kCheckboxes,  // several values of one name, in a fieldset
    kCheckbox,    // one box; checked sends "1"
};

struct StaffField {
    std::string name;
    std::string label;
    Control control = Control::kText;
    std::string value;                                         // kCheckbox: "1" when checked
    std::vector<std::string> values;                           // kCheckboxes: those checked
    std::vector<std::pair<std::string, std::string>> options;  // value, label
    bool required = false;
    std::string hint;
    std::string error;
    std::string lang;    // the language the value is written in, when not the page's
    std::string accept;  // kFile: what the file chooser offers
};

struct StaffForm {
    std::string id;  // unique on the page; a field's id is "<id>-<name>"
    std::string action;
    std::string submit;
    bool multipart = false;
    bool compact = false;  // a row of buttons (move, remove), not a form to fill in
    std::vector<std::pair<std::string, std::string>> hidden;
    std::vector<StaffField> fields;
    std::string error;  // about the form as a whole
};

// What a refused POST brings back to its page: which form, what was typed, what was wrong.
struct FormProblems {
    std::string form_id;
    FormData values;
    std::map<std::string, std::string, std::less<>> field_errors;  // by field name
    std::string form_error;

    bool empty() const { return field_errors.empty() && form_error.empty(); }
};

// Places a page's forms into its dictionaries and gathers their errors for the summary at the
// top of the page.
class StaffForms {
  public:
    // `problems`: a refused POST's, shown on the form with that id; nothing for a plain view.
    StaffForms(std::string csrf_token, const FormProblems* problems)
        : csrf_token_(std::move(csrf_token)), problems_(problems) {}

    // Fills `include_name` of `parent` (a {{>NAME}} in its template) with staff_form.tpl for
    // `form`. Returns true when the form is shown with errors (so a <details> around it opens).
    bool place(ctemplate::TemplateDictionary& parent, std::string_view include_name,
               StaffForm form);

    // The list of errors, linked to their fields, as the page's ERROR_SUMMARY include.
    void summarise(ctemplate::TemplateDictionary& body) const;

  private:
    std::string csrf_token_;
    const FormProblems* problems_;
    std::vector<std::pair<std::string, std::string>> errors_;  // element id, text
};

}  // namespace councilcast::portal
