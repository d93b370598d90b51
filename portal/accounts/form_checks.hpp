// What every room's forms share before the store is asked: a field's text tidied and bounded in
// characters, each problem named by its field, a refused form's problems as its page shows them
// again (each message in the visitor's language with its bounds, what was typed kept), and a
// field or a one-button form made in one line.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "portal/accounts/page_call.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/http/form_data.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

// A field's bounds: characters for text, the value for a number.
struct FieldBounds {
    std::int64_t min;
    std::int64_t max;
};

// A field's problem: the catalogue key saying what is wrong, with the bounds its {min} and {max}
// name.
struct FieldProblem {
    std::string key;
    FieldBounds bounds{0, 0};
};
using FieldProblems = std::map<std::string, FieldProblem, std::less<>>;  // by field name

// The field as one line (common/typed_text's tidy_line); `problem_key` at the field when it is
// outside `bounds`.
std::string read_line(const FormData& form, std::string_view field, FieldBounds bounds,
                      std::string_view problem_key, FieldProblems& problems);
// The field as paragraphs (tidy_paragraphs), bounded the same way.
std::string read_paragraphs(const FormData& form, std::string_view field, FieldBounds bounds,
                            std::string_view problem_key, FieldProblems& problems);

namespace staff_forms {

StaffField field(std::string name, std::string label, Control control = Control::kText,
                 bool required = true, std::string hint = {});
StaffForm button(std::string id, std::string action, std::string submit);
// The refused form `form_id` as its page shows it again.
FormProblems problems(PageCall& call, const PageRenderer& renderer, std::string form_id,
                      const FieldProblems& problems);

}  // namespace staff_forms

}  // namespace councilcast::portal
