#include "portal/bookings/booking_staff_forms.hpp"

namespace councilcast::portal::booking_staff_forms {

StaffField field(std::string name, std::string label, Control control, bool required,
                 std::string hint) {
    StaffField field;
    field.name = std::move(name);
    field.label = std::move(label);
    field.control = control;
    field.required = required;
    field.hint = std::move(hint);
    return field;
}

StaffForm button(std::string id, std::string action, std::string submit) {
    StaffForm form;
    form.id = std::move(id);
    form.action = std::move(action);
    form.submit = std::move(submit);
    return form;
}

FormProblems problems(PageCall& call, const PageRenderer& renderer, std::string form_id,
                      const booking_staff_checks::Problems& problems) {
    FormProblems result;
    result.form_id = std::move(form_id);
    result.values = call.form();
    for (const auto& [name, problem] : problems) {
        result.field_errors[name] =
            renderer.format(call.language(), problem.key,
                            {{"min", problem.bounds.min}, {"max", problem.bounds.max}});
    }
    return result;
}

}  // namespace councilcast::portal::booking_staff_forms
