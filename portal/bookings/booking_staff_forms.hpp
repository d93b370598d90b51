// What the consultation staff pages share about their forms: a field and a button made in one
// line, and a refused form's problems as its page shows them again (each field's message in the
// visitor's language with its bounds, what was typed kept).
#pragma once

#include <string>

#include "portal/accounts/page_call.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/bookings/booking_staff_checks.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal::booking_staff_forms {

StaffField field(std::string name, std::string label, Control control = Control::kText,
                 bool required = true, std::string hint = {});
StaffForm button(std::string id, std::string action, std::string submit);
FormProblems problems(PageCall& call, const PageRenderer& renderer, std::string form_id,
                      const booking_staff_checks::Problems& problems);

}  // namespace councilcast::portal::booking_staff_forms
