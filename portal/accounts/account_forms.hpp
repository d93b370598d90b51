// The forms of the sign-in, sign-up, password and account pages, each built in one place for
// the first view and for a view with its errors. `min_password`: the characters a new password
// needs, said in its hint.
#pragma once

#include <string>

#include "portal/pages/form_page.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/pages/target.hpp"

namespace councilcast::portal {

FormPage login_page(const PageRenderer& r, Language language, std::string next, std::string email,
                    std::string error = {});

FormPage signup_page(const PageRenderer& r, Language language, std::size_t min_password,
                     std::string email, std::string email_error = {},
                     std::string password_error = {});

FormPage forgot_page(const PageRenderer& r, Language language, std::string email,
                     std::string error = {});

FormPage reset_page(const PageRenderer& r, Language language, std::size_t min_password,
                    std::string token, std::string error = {});

HtmlForm password_form(const PageRenderer& r, Language language, std::size_t min_password,
                       std::string error = {});

HtmlForm email_form(const PageRenderer& r, Language language, std::string email,
                    std::string email_error = {}, std::string password_error = {});

FormPage single_form_page(HtmlForm form);

}  // namespace councilcast::portal
