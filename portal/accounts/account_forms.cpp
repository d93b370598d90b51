#include "portal/accounts/account_forms.hpp"

namespace councilcast::portal {

namespace {

FormField email_field(const PageRenderer& r, Language language, std::string value,
                      std::string error = {}) {
    return FormField{"email",          r.message(language, "field_email"),
                     "email",          std::move(value),
                     "email",          "",
                     std::move(error), {}};
}

FormField password_field(const PageRenderer& r, Language language, std::string name,
                         std::string_view label_key, std::string autocomplete,
                         std::string error = {}, std::size_t hint_min_characters = 0) {
    return FormField{std::move(name),
                     r.message(language, label_key),
                     "password",
                     "",
                     std::move(autocomplete),
                     hint_min_characters > 0
                         ? r.format(language, "hint_new_password", {{"count", hint_min_characters}})
                         : "",
                     std::move(error),
                     {}};
}

}  // namespace

FormPage login_page(const PageRenderer& r, Language language, std::string next, std::string email,
                    std::string error) {
    FormPage page;
    page.title = r.message(language, "login_title");
    page.forms.push_back(
        HtmlForm{"",
                 localised(language, "/login"),
                 r.message(language, "login_submit"),
                 {{"next", std::move(next)}},
                 {email_field(r, language, std::move(email), std::move(error)),
                  password_field(r, language, "password", "field_password", "current-password")}});
    page.links = {{localised(language, "/forgot"), r.message(language, "link_forgot")},
                  {localised(language, "/signup"), r.message(language, "link_signup")}};
    return page;
}

FormPage signup_page(const PageRenderer& r, Language language, std::size_t min_password,
                     std::string email, std::string email_error, std::string password_error) {
    FormPage page;
    page.title = r.message(language, "signup_title");
    page.intro = r.message(language, "signup_intro");
    page.forms.push_back(
        HtmlForm{"",
                 localised(language, "/signup"),
                 r.message(language, "signup_submit"),
                 {},
                 {email_field(r, language, std::move(email), std::move(email_error)),
                  password_field(r, language, "password", "field_new_password", "new-password",
                                 std::move(password_error), min_password)}});
    page.links = {{localised(language, "/login"), r.message(language, "link_login")}};
    return page;
}

FormPage forgot_page(const PageRenderer& r, Language language, std::string email,
                     std::string error) {
    FormPage page;
    page.title = r.message(language, "forgot_title");
    page.intro = r.message(language, "forgot_intro");
    page.forms.push_back(HtmlForm{"",
                                  localised(language, "/forgot"),
                                  r.message(language, "forgot_submit"),
                                  {},
                                  {email_field(r, language, std::move(email), std::move(error))}});
    return page;
}

// The token moves from the link into the form: the page itself is not the action, so a mail
// scanner opening the link does not use it up.
FormPage reset_page(const PageRenderer& r, Language language, std::size_t min_password,
                    std::string token, std::string error) {
    FormPage page;
    page.title = r.message(language, "reset_title");
    page.forms.push_back(
        HtmlForm{"",
                 localised(language, "/reset"),
                 r.message(language, "reset_submit"),
                 {{"token", std::move(token)}},
                 {password_field(r, language, "password", "field_new_password", "new-password",
                                 std::move(error), min_password)}});
    return page;
}

HtmlForm password_form(const PageRenderer& r, Language language, std::size_t min_password,
                       std::string error) {
    return HtmlForm{r.message(language, "account_password_heading"),
                    localised(language, "/account/password"),
                    r.message(language, "account_password_submit"),
                    {},
                    {password_field(r, language, "current_password", "field_current_password",
                                    "current-password"),
                     password_field(r, language, "password", "field_new_password", "new-password",
                                    std::move(error), min_password)}};
}

HtmlForm email_form(const PageRenderer& r, Language language, std::string email,
                    std::string email_error, std::string password_error) {
    return HtmlForm{r.message(language, "account_email_heading"),
                    localised(language, "/account/email"),
                    r.message(language, "account_email_submit"),
                    {},
                    {FormField{"new_email",
                               r.message(language, "field_new_email"),
                               "email",
                               std::move(email),
                               "email",
                               "",
                               std::move(email_error),
                               {}},
                     password_field(r, language, "email_password", "field_current_password",
                                    "current-password", std::move(password_error))}};
}

// An account form shown again with its error, alone on the page under its heading.
FormPage single_form_page(HtmlForm form) {
    FormPage page;
    page.title = std::move(form.heading);
    form.heading.clear();
    page.forms.push_back(std::move(form));
    return page;
}

}  // namespace councilcast::portal
