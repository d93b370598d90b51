// A petition form's problems as its page shows them again: each field's message in the visitor's
// language with its bounds, and what was typed kept (the start, sign and moderation pages).
#pragma once

#include <string>

#include "portal/accounts/page_call.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/petitions/petition_form_checks.hpp"

namespace councilcast::portal {

FormProblems petition_form_problems(PageCall& call, const PageRenderer& renderer,
                                    std::string form_id, const petition_forms::Problems& problems);

}  // namespace councilcast::portal
