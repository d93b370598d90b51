#include "portal/petitions/petition_form_problems.hpp"

namespace councilcast::portal {

FormProblems petition_form_problems(PageCall& call, const PageRenderer& renderer,
                                    std::string form_id, const petition_forms::Problems& problems) {
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

}  // namespace councilcast::portal
