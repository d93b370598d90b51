#include "portal/accounts/form_checks.hpp"

#include "common/typed_text.hpp"

namespace councilcast::portal {

namespace {

std::string bounded(std::string value, std::string_view field, FieldBounds bounds,
                    std::string_view problem_key, FieldProblems& problems) {
    const auto length = static_cast<std::int64_t>(characters(value));
    if (length < bounds.min || length > bounds.max) {
        problems[std::string(field)] = {std::string(problem_key), bounds};
    }
    return value;
}

}  // namespace

std::string read_line(const FormData& form, std::string_view field, FieldBounds bounds,
                      std::string_view problem_key, FieldProblems& problems) {
    return bounded(tidy_line(form.get(field)), field, bounds, problem_key, problems);
}

std::string read_paragraphs(const FormData& form, std::string_view field, FieldBounds bounds,
                            std::string_view problem_key, FieldProblems& problems) {
    return bounded(tidy_paragraphs(form.get(field)), field, bounds, problem_key, problems);
}

namespace staff_forms {

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
                      const FieldProblems& problems) {
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

}  // namespace staff_forms

}  // namespace councilcast::portal
