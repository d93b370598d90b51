#include "portal/accounts/account_pages.hpp"

#include <fmt/chrono.h>
#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <boost/algorithm/string/replace.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <chrono>
#include <regex>

#include "common/database_writer.hpp"
#include "common/error.hpp"
#include "common/require.hpp"
#include "common/secret_token.hpp"
#include "portal/http/form_data.hpp"
#include "portal/http/local_path.hpp"
#include "portal/http/responses.hpp"
#include "portal/mail/email_address.hpp"
#include "portal/pages/form_page.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = http::response<http::string_body>;

namespace {

constexpr std::chrono::hours kVerifyLinkLifetime{48};
constexpr std::chrono::hours kResetLinkLifetime{1};
constexpr std::chrono::hours kWindow{1};
constexpr std::string_view kCsrfField = "csrf";
constexpr std::size_t kAuditPage = 200;
constexpr std::size_t kMailPage = 100;

constexpr Access kAnyone = Access::anyone();
constexpr Access kSignedIn = Access::signed_in();
constexpr Access kStaff = Access::staff();
constexpr Access kAdmins = Access::any_of(Role::kAdmin);

// This module's staff navigation; other modules' entries follow. An administrator starts from
// the accounts, anyone else on staff from the audit log unless another module ranks lower.
const NavEntry kNav[] = {
    {"/staff/users", "staff_users_title", kAdmins, 0},
    {"/staff/audit", "staff_audit_title", kStaff, 20},
    {"/staff/mail", "staff_mail_nav", kAdmins, std::nullopt},
};

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::int64_t ms(std::chrono::hours hours) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(hours).count();
}

// The page's path in `language`: "/login" or "/en/login".
std::string localised(Language language, std::string_view path) {
    return language == Language::kEn ? "/en" + std::string(path) : std::string(path);
}

// Where to go after signing in: a path on this site (local_path), else the account page.
std::string safe_next(std::string_view next, Language language) {
    return local_path(next).value_or(localised(language, "/account"));
}

std::string query_parameter(const Request& request, std::string_view name) {
    auto url = boost::urls::parse_origin_form(request.target());
    if (!url) return {};
    auto params = url->params();
    auto it = params.find(name);
    if (it == params.end() || !(*it).has_value) return {};
    return (*it).value;
}

}  // namespace

// Everything one request's handler needs, gathered once by handle().
struct AccountPages::Call {
    const Request& request;
    const RequestContext& context;
    Language language;
    Visitor visitor;
    FormData form;
    std::optional<MultipartForm> upload;  // a kUpload route's multipart form

    const User& user() const { return visitor.session->user; }
};

struct AccountPages::Route {
    http::verb method;
    std::string_view path;
    Access access;
    asio::awaitable<Response> (AccountPages::*handler)(Call&);
};

const AccountPages::Route AccountPages::kRoutes[] = {
    {http::verb::get, "/login", kAnyone, &AccountPages::login_form},
    {http::verb::post, "/login", kAnyone, &AccountPages::login},
    {http::verb::get, "/signup", kAnyone, &AccountPages::signup_form},
    {http::verb::post, "/signup", kAnyone, &AccountPages::signup},
    {http::verb::get, "/confirm", kAnyone, &AccountPages::confirm},
    {http::verb::get, "/forgot", kAnyone, &AccountPages::forgot_form},
    {http::verb::post, "/forgot", kAnyone, &AccountPages::forgot},
    {http::verb::get, "/reset", kAnyone, &AccountPages::reset_form},
    {http::verb::post, "/reset", kAnyone, &AccountPages::reset},
    {http::verb::get, "/confirm-email", kAnyone, &AccountPages::confirm_email},
    {http::verb::get, "/confirm-action", kAnyone, &AccountPages::confirm_action_form},
    {http::verb::post, "/confirm-action", kAnyone, &AccountPages::confirm_action},
    {http::verb::post, "/logout", kSignedIn, &AccountPages::logout},
    {http::verb::get, "/account", kSignedIn, &AccountPages::account},
    {http::verb::post, "/account/password", kSignedIn, &AccountPages::change_password},
    {http::verb::post, "/account/language", kSignedIn, &AccountPages::change_language},
    {http::verb::post, "/account/email", kSignedIn, &AccountPages::change_email},
    {http::verb::post, "/account/logout-everywhere", kSignedIn, &AccountPages::logout_everywhere},
    {http::verb::get, "/staff/users", kAdmins, &AccountPages::staff_users},
    {http::verb::post, "/staff/users", kAdmins, &AccountPages::save_user},
    {http::verb::get, "/staff/audit", kStaff, &AccountPages::staff_audit},
    {http::verb::get, "/staff/mail", kAdmins, &AccountPages::staff_mail},
};

namespace {

// The parts of a response every account page shares.
class AccountReply {
  public:
    AccountReply(const Request& request, const PageRenderer& renderer, Language language,
                 std::string municipality_name)
        : request_(request),
          renderer_(renderer),
          language_(language),
          municipality_(std::move(municipality_name)) {}

    const std::string& text(std::string_view key) const {
        return renderer_.message(language_, key);
    }

    http::response<http::string_body> html(http::status status, std::string_view body_template,
                                           PageFrame frame,
                                           const PageRenderer::FillBody& fill) const {
        frame.municipality_name = municipality_;
        frame.title = frame.title + " – " + municipality_;
        auto res =
            text_response(request_, status, "text/html; charset=utf-8",
                          renderer_.render(body_template, language_, frame, fill), "no-store");
        res.set("Content-Security-Policy", page_policy(Framing::kNobody));
        res.set(http::field::content_language, language_code(language_));
        return res;
    }

  private:
    const Request& request_;
    const PageRenderer& renderer_;
    Language language_;
    std::string municipality_;
};

std::string password_problem_key(PasswordProblem problem) {
    switch (problem) {
        case PasswordProblem::kTooShort:
            return "password_too_short";
        case PasswordProblem::kTooLong:
            return "password_too_long";
        case PasswordProblem::kNotText:
            return "password_not_text";
        case PasswordProblem::kNone:
            break;
    }
    return {};
}

std::string minutes_text(std::chrono::seconds wait) {
    return std::to_string(std::max<long>(1, (wait.count() + 59) / 60));
}

std::string with_value(std::string text, std::string_view name, std::string_view value) {
    boost::algorithm::replace_all(text, "{" + std::string(name) + "}", value);
    return text;
}

}  // namespace

AccountPages::AccountPages(const config::Config& config, const PageRenderer& renderer,
                           Services services, std::vector<PageRoute> more_routes,
                           std::vector<NavEntry> more_nav)
    : config_(config),
      renderer_(renderer),
      services_(std::move(services)),
      decoy_hash_(hasher_.hash(new_secret_token())),
      secure_cookies_(!config.tls.certificate.empty() ||
                      config.server.public_url.starts_with("https://")),
      failed_logins_by_account_(config.accounts.max_failed_logins_per_account, kWindow),
      failed_logins_by_address_(config.accounts.max_failed_logins_per_address, kWindow),
      signups_by_address_(config.accounts.max_signups_per_address, kWindow),
      mails_by_account_(config.accounts.max_mails_per_account, kWindow),
      resets_by_address_(config.accounts.max_password_resets_per_address, kWindow) {
    public_url_ = config.server.public_url;
    nav_ = std::move(more_nav);
    nav_.insert(nav_.end(), std::begin(kNav), std::end(kNav));
    // This module's own handlers take the private Call; the table holds them as PageRoutes too.
    for (const Route& route : kRoutes) {
        routes_.push_back({route.method, route.path, route.access, FormKind::kShort,
                           [this, handler = route.handler](PageCall& call) {
                               return (this->*handler)(call.call_);
                           }});
    }
    for (auto& route : more_routes) {
        for (const auto& existing : routes_) {
            require(existing.path != route.path || existing.method != route.method,
                    "two page routes for one method and path");
        }
        routes_.push_back(std::move(route));
    }
}

namespace {

// __Host- cookies must be Secure; over plain HTTP (the loopback demo) the names go without it.
std::string session_cookie_name(bool secure) {
    return secure ? "__Host-session" : "session";
}

std::string csrf_cookie_name(bool secure) {
    return secure ? "__Host-csrf" : "csrf";
}

}  // namespace

bool AccountPages::owns(std::string_view path) const {
    return std::any_of(routes_.begin(), routes_.end(),
                       [&](const PageRoute& route) { return route.path == path; });
}

bool AccountPages::accepts_upload(std::string_view path) const {
    return std::any_of(routes_.begin(), routes_.end(), [&](const PageRoute& route) {
        return route.path == path && route.method == http::verb::post &&
               route.form == FormKind::kUpload;
    });
}

Visitor AccountPages::visitor_of(const Request& request, bool for_forms) {
    Visitor visitor;
    if (auto token = cookie_value(request, session_cookie_name(secure_cookies_))) {
        visitor.session = services_.sessions.resume(*token, now_ms());
        if (visitor.session) {
            visitor.csrf_binding = digest_hex(visitor.session->token);
            if (visitor.session->renewed) {
                visitor.set_session_cookie = session_cookie(visitor.session->token);
            }
            return visitor;
        }
    }
    auto anonymous = cookie_value(request, csrf_cookie_name(secure_cookies_));
    if (anonymous && looks_like_token(*anonymous)) {
        visitor.csrf_binding = *anonymous;
    } else if (for_forms) {
        visitor.new_csrf_cookie = new_secret_token();
        visitor.csrf_binding = visitor.new_csrf_cookie;
    }
    return visitor;
}

void AccountPages::describe_visitor(const Visitor& visitor, Language language,
                                    PageFrame& frame) const {
    if (!visitor.session) {
        frame.account_links.push_back(
            {localised(language, "/login"), renderer_.message(language, "nav_login")});
        return;
    }
    const User& user = visitor.session->user;
    frame.account_links.push_back({localised(language, "/account"), user.email});
    // The staff page this account starts from: the admitted entry of the lowest rank.
    const NavEntry* start = nullptr;
    for (const NavEntry& entry : nav_) {
        if (entry.start_rank && entry.access.admits(&user) &&
            (start == nullptr || *entry.start_rank < *start->start_rank)) {
            start = &entry;
        }
    }
    if (start != nullptr) {
        frame.account_links.push_back(
            {localised(language, start->path), renderer_.message(language, "nav_staff")});
    }
    frame.logout_action = localised(language, "/logout");
    frame.csrf_token = services_.csrf.token_for(visitor.csrf_binding);
}

void AccountPages::add_cookies(const Visitor& visitor, http::response_header<>& header) const {
    if (!visitor.set_session_cookie.empty()) {
        header.insert(http::field::set_cookie, visitor.set_session_cookie);
    }
    if (!visitor.new_csrf_cookie.empty()) {
        header.insert(http::field::set_cookie,
                      set_cookie(csrf_cookie_name(secure_cookies_), visitor.new_csrf_cookie, 0,
                                 secure_cookies_));
    }
}

asio::awaitable<void> AccountPages::remove_expired_sessions() {
    const int removed = co_await services_.sessions.remove_expired(now_ms());
    if (removed > 0) spdlog::debug("sessions: {} expired removed", removed);
}

asio::awaitable<Response> AccountPages::handle(const Request& request,
                                               const RequestContext& context, Language language,
                                               std::string path) {
    const PageRoute* match = nullptr;
    bool path_known = false;
    const http::verb method =
        request.method() == http::verb::head ? http::verb::get : request.method();
    for (const auto& route : routes_) {
        if (route.path != path) continue;
        path_known = true;
        if (route.method == method) match = &route;
    }
    AccountReply reply(
        request, renderer_, language,
        language == Language::kLt ? config_.municipality.name_lt : config_.municipality.name_en);
    Call call{request, context, language, visitor_of(request), {}, {}};
    auto finish = [&](Response res) {
        add_cookies(call.visitor, res.base());
        return res;
    };
    if (!path_known || match == nullptr) {
        auto res =
            plain_response(request, http::status::method_not_allowed, reply.text("error_method"));
        res.set(http::field::allow, "GET, HEAD, POST");
        co_return finish(std::move(res));
    }

    // Authorisation: the route's rule, before anything else looks at the request.
    const User* user = call.visitor.session ? &call.visitor.session->user : nullptr;
    if (!match->access.admits(user)) {
        if (user != nullptr) {
            co_return finish(
                plain_response(request, http::status::forbidden, reply.text("error_forbidden")));
        }
        if (method == http::verb::get) {
            co_return finish(
                redirect(call, localised(language, "/login") + "?next=" +
                                   std::string(boost::urls::encode(
                                       request.target(), boost::urls::unreserved_chars))));
        }
        co_return finish(
            plain_response(request, http::status::unauthorized, reply.text("error_sign_in_first")));
    }

    if (method == http::verb::post) {
        // CSRF: the browser says the request is our own, and it carries our token.
        auto header = [&](http::field field) {
            auto it = request.find(field);
            return it == request.end() ? std::string_view() : std::string_view(it->value());
        };
        // Parsed under the route's limits before anything trusts it; only a route that takes
        // files reads multipart bodies (and only it gets a body past max_body_bytes).
        const std::string_view content_type = header(http::field::content_type);
        if (match->form == FormKind::kUpload && MultipartForm::is_multipart(content_type)) {
            call.upload = MultipartForm::parse(content_type, request.body(), FormData::kLongForm);
            call.form = call.upload->fields();
        } else {
            call.form = FormData::parse(request.body(), match->form == FormKind::kShort
                                                            ? FormData::kShortForm
                                                            : FormData::kLongForm);
        }
        const bool same_origin = CsrfGuard::same_origin(
            header(http::field::origin), request["Sec-Fetch-Site"], header(http::field::host));
        if (!same_origin ||
            !services_.csrf.token_matches(call.visitor.csrf_binding, call.form.get(kCsrfField))) {
            co_return finish(
                plain_response(request, http::status::forbidden, reply.text("error_csrf")));
        }
    }
    // Kept here, in this coroutine's frame, for as long as the handler runs.
    PageCall page_call(*this, call);
    std::string_view problem = "error_busy";
    try {
        co_return finish(co_await match->handler(page_call));
    } catch (const HashingBusy&) {
    } catch (const WriterBusy&) {
    } catch (const StorageFailing&) {
        problem = "error_storage";
    }
    auto busy = plain_response(request, http::status::service_unavailable, reply.text(problem));
    busy.set(http::field::retry_after, "5");
    co_return finish(std::move(busy));
}

// ---- shared by the handlers

Response AccountPages::form_page(Call& call, http::status status, const FormPage& page) const {
    AccountReply reply(call.request, renderer_, call.language,
                       call.language == Language::kLt ? config_.municipality.name_lt
                                                      : config_.municipality.name_en);
    PageFrame frame;
    frame.title = page.title;
    // The same page in the other language: the path without or with /en, without the query
    // (a one-time token stays out of the language switch).
    auto url = boost::urls::parse_origin_form(call.request.target());
    std::string path = url ? std::string(url->path()) : "/";
    if (path.starts_with("/en/")) path = path.substr(3);
    frame.alternate_path = localised(other_language(call.language), path);
    describe_visitor(call.visitor, call.language, frame);
    const std::string csrf = services_.csrf.token_for(call.visitor.csrf_binding);
    return reply.html(status, "form_page.tpl", frame, [&](ctemplate::TemplateDictionary& body) {
        fill_form_page(body, page, csrf);
    });
}

Response AccountPages::notice(Call& call, std::string_view title_key, std::string_view text) const {
    FormPage page;
    page.title = renderer_.message(call.language, title_key);
    page.notice = std::string(text);
    page.links.push_back(
        {std::string(home_path(call.language)), renderer_.message(call.language, "link_home")});
    return form_page(call, http::status::ok, page);
}

Response AccountPages::redirect(Call& call, std::string_view location) const {
    auto res = text_response(call.request, http::status::see_other, "text/plain; charset=utf-8", "",
                             "no-store");
    res.set(http::field::location, location);
    return res;
}

asio::awaitable<std::optional<OneTimeLink>> AccountPages::take_link(std::string_view token,
                                                                    LinkPurpose purpose) const {
    if (!looks_like_token(token)) co_return std::nullopt;
    auto taken = services_.store.take_link(digest_hex(token), purpose, now_ms());
    co_return co_await std::move(taken);
}

Response AccountPages::signed_out(Call& call) const {
    call.visitor.set_session_cookie.clear();
    Response res = redirect(call, home_path(call.language));
    res.insert(http::field::set_cookie, session_cookie(""));
    return res;
}

std::string AccountPages::session_cookie(std::string_view token) const {
    return set_cookie(session_cookie_name(secure_cookies_), token,
                      token.empty() ? -1 : services_.sessions.absolute_timeout().count(),
                      secure_cookies_);
}

Response AccountPages::too_many(Call& call, std::chrono::seconds wait) const {
    auto res = plain_response(call.request, http::status::too_many_requests,
                              with_value(renderer_.message(call.language, "error_too_many"),
                                         "minutes", minutes_text(wait)));
    res.set(http::field::retry_after, std::to_string(wait.count()));
    return res;
}

std::string AccountPages::link(Language language, std::string_view path,
                               std::string_view token) const {
    return public_url_ + localised(language, path) + "?token=" + std::string(token);
}

// Mail texts come from the catalogue: `<key>_subject` and `<key>_body`, where {link} is the
// link; the HTML part is the same text, escaped, with the link made clickable.
asio::awaitable<std::int64_t> AccountPages::mail(const User& user, std::string_view key,
                                                 std::string_view link) const {
    const std::string prefix(key);
    MailMessage message;
    message.to = user.email;
    message.subject = renderer_.message(user.language, prefix + "_subject");
    const std::string body = renderer_.message(user.language, prefix + "_body");
    message.text = with_value(body, "link", link);
    std::string html = "<p>" + html_escape(body) + "</p>";
    boost::algorithm::replace_all(html, "\n\n", "</p><p>");
    boost::algorithm::replace_all(html, "\n", "<br>");
    message.html =
        with_value(html, "link", fmt::format("<a href=\"{0}\">{0}</a>", html_escape(link)));
    message.html = "<!DOCTYPE html><html lang=\"" + std::string(language_code(user.language)) +
                   "\"><meta charset=\"utf-8\"><body>" + message.html + "</body></html>";
    // Waits for the queue's fsync: a link the page says was sent survives a crash.
    return services_.mail.enqueue(message);
}

asio::awaitable<void> AccountPages::audit(Call& call, std::string_view action,
                                          std::string_view target, std::string_view detail) const {
    return services_.audit.record(audit_entry(call, action, target, detail));
}

AuditEntry AccountPages::audit_entry(Call& call, std::string_view action, std::string_view target,
                                     std::string_view detail) const {
    AuditEntry entry;
    if (call.visitor.session) {
        entry.actor_user_id = call.user().id;
        entry.actor = call.user().email;
    }
    entry.action = action;
    entry.target = target;
    entry.detail = detail;
    entry.peer = call.context.peer.to_string();
    return entry;
}

// Plain functions returning the pool's awaitable: see HashingPool::run about GCC 12.
asio::awaitable<bool> AccountPages::verify(std::string encoded, std::string password) {
    return services_.hashing.run<bool>(
        [this, encoded = std::move(encoded), password = std::move(password)] {
            return hasher_.verify(encoded, password);
        });
}

asio::awaitable<std::string> AccountPages::hash(std::string password) {
    return services_.hashing.run<std::string>(
        [this, password = std::move(password)] { return hasher_.hash(password); });
}

std::string AccountPages::new_password_problem(Language language, std::string_view password) const {
    const PasswordProblem problem = check_password(password);
    if (problem != PasswordProblem::kNone) {
        return renderer_.message(language, password_problem_key(problem));
    }
    if (services_.common_passwords.contains(password)) {
        return renderer_.message(language, "password_too_common");
    }
    return {};
}

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
                         std::string error = {}, bool with_hint = false) {
    return FormField{std::move(name),
                     r.message(language, label_key),
                     "password",
                     "",
                     std::move(autocomplete),
                     with_hint ? r.message(language, "hint_new_password") : "",
                     std::move(error),
                     {}};
}

// Each page of forms is built in one place, for the first view and for a view with errors.
FormPage login_page(const PageRenderer& r, Language language, std::string next, std::string email,
                    std::string error = {}) {
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

FormPage signup_page(const PageRenderer& r, Language language, std::string email,
                     std::string email_error = {}, std::string password_error = {}) {
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
                                 std::move(password_error), true)}});
    page.links = {{localised(language, "/login"), r.message(language, "link_login")}};
    return page;
}

FormPage forgot_page(const PageRenderer& r, Language language, std::string email,
                     std::string error = {}) {
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
FormPage reset_page(const PageRenderer& r, Language language, std::string token,
                    std::string error = {}) {
    FormPage page;
    page.title = r.message(language, "reset_title");
    page.forms.push_back(HtmlForm{"",
                                  localised(language, "/reset"),
                                  r.message(language, "reset_submit"),
                                  {{"token", std::move(token)}},
                                  {password_field(r, language, "password", "field_new_password",
                                                  "new-password", std::move(error), true)}});
    return page;
}

HtmlForm password_form(const PageRenderer& r, Language language, std::string error = {}) {
    return HtmlForm{r.message(language, "account_password_heading"),
                    localised(language, "/account/password"),
                    r.message(language, "account_password_submit"),
                    {},
                    {password_field(r, language, "current_password", "field_current_password",
                                    "current-password"),
                     password_field(r, language, "password", "field_new_password", "new-password",
                                    std::move(error), true)}};
}

HtmlForm email_form(const PageRenderer& r, Language language, std::string email,
                    std::string email_error = {}, std::string password_error = {}) {
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

}  // namespace

// ---- sign in and out

asio::awaitable<Response> AccountPages::login_form(Call& call) {
    co_return form_page(
        call, http::status::ok,
        login_page(renderer_, call.language, query_parameter(call.request, "next"), ""));
}

asio::awaitable<Response> AccountPages::login(Call& call) {
    const std::string typed_email = call.form.get("email");
    const std::string password = call.form.get("password");
    const std::string address = ConnectionLimiter::client_of(call.context.peer).to_string();
    auto email = normalise_email(typed_email);
    const std::string account_key = email.value_or(typed_email);

    auto wait = std::max(failed_logins_by_address_.retry_after(address),
                         failed_logins_by_account_.retry_after(account_key));
    if (wait.count() > 0) co_return too_many(call, wait);

    std::optional<User> user;
    if (email) user = services_.store.find_user_by_email(*email);
    const bool has_password = user && !user->password_hash.empty();
    const bool correct =
        co_await verify(has_password ? user->password_hash : decoy_hash_, password);

    auto refuse = [&](std::string_view key) {
        return form_page(call, http::status::unauthorized,
                         login_page(renderer_, call.language, call.form.get("next"), typed_email,
                                    renderer_.message(call.language, key)));
    };
    if (!has_password || !correct) {
        failed_logins_by_address_.record(address);
        failed_logins_by_account_.record(account_key);
        co_return refuse("error_login_failed");
    }
    // The password was right: now it is safe to say why the account cannot sign in.
    if (user->disabled) co_return refuse("error_account_disabled");
    if (!user->verified) {
        const std::string token = new_secret_token();
        auto stored = services_.store.create_link(digest_hex(token), LinkPurpose::kVerifyEmail,
                                                  user->id, "", now_ms() + ms(kVerifyLinkLifetime));
        co_await std::move(stored);
        auto queued = mail(*user, "mail_verify", link(user->language, "/confirm", token));
        co_await std::move(queued);
        co_return refuse("error_not_verified");
    }
    failed_logins_by_account_.clear(account_key);
    if (hasher_.needs_rehash(user->password_hash)) {
        const std::string rehashed = co_await hash(password);
        co_await services_.store.set_password_hash(user->id, rehashed);
    }
    // A new token at sign-in: whatever session cookie the browser had before is ended.
    if (call.visitor.session) services_.sessions.end(call.visitor.session->token);
    const std::string token = co_await services_.sessions.start(*user, now_ms());
    if (user->roles.staff()) {
        ActiveSession signed_in{*user, token, false, now_ms()};
        call.visitor.session = signed_in;
        co_await audit(call, "session.login", user->email, "");
    }
    call.visitor.new_csrf_cookie.clear();
    Response res = redirect(call, safe_next(call.form.get("next"), user->language));
    res.insert(http::field::set_cookie, session_cookie(token));
    co_return res;
}

asio::awaitable<Response> AccountPages::logout(Call& call) {
    if (call.user().roles.staff()) co_await audit(call, "session.logout", call.user().email, "");
    services_.sessions.end(call.visitor.session->token);
    co_return signed_out(call);
}

asio::awaitable<Response> AccountPages::logout_everywhere(Call& call) {
    if (call.user().roles.staff()) {
        co_await audit(call, "session.logout_all", call.user().email, "");
    }
    co_await services_.sessions.end_all(call.user().id);
    co_return signed_out(call);
}

// ---- sign up and confirm

asio::awaitable<Response> AccountPages::signup_form(Call& call) {
    co_return form_page(call, http::status::ok, signup_page(renderer_, call.language, ""));
}

asio::awaitable<Response> AccountPages::signup(Call& call) {
    const std::string address = ConnectionLimiter::client_of(call.context.peer).to_string();
    if (auto wait = signups_by_address_.retry_after(address); wait.count() > 0) {
        co_return too_many(call, wait);
    }
    const std::string typed_email = call.form.get("email");
    const std::string password = call.form.get("password");
    auto email = normalise_email(typed_email);
    std::string email_error = email ? "" : renderer_.message(call.language, "error_email_invalid");
    std::string password_error = new_password_problem(call.language, password);
    if (!email_error.empty() || !password_error.empty()) {
        co_return form_page(
            call, http::status::unprocessable_entity,
            signup_page(renderer_, call.language, typed_email, email_error, password_error));
    }
    if (auto wait = mails_by_account_.retry_after(*email); wait.count() > 0) {
        co_return too_many(call, wait);
    }
    signups_by_address_.record(address);
    mails_by_account_.record(*email);
    User user;
    user.email = *email;
    user.language = call.language;
    user.password_hash = co_await hash(password);
    auto id = co_await services_.store.create_user(user, now_ms());
    if (id) {
        user.id = *id;
        const std::string token = new_secret_token();
        auto stored = services_.store.create_link(digest_hex(token), LinkPurpose::kVerifyEmail,
                                                  user.id, "", now_ms() + ms(kVerifyLinkLifetime));
        co_await std::move(stored);
        auto queued = mail(user, "mail_verify", link(user.language, "/confirm", token));
        co_await std::move(queued);
    } else if (auto existing = services_.store.find_user_by_email(*email)) {
        // The same answer as for a new address, so sign-up does not reveal who has an account;
        // the owner learns of the attempt by mail.
        auto queued = mail(*existing, "mail_already_registered",
                           public_url_ + localised(existing->language, "/forgot"));
        co_await std::move(queued);
    }
    co_return notice(call, "signup_title",
                     with_value(renderer_.message(call.language, "signup_sent"), "email", *email));
}

asio::awaitable<Response> AccountPages::confirm(Call& call) {
    const std::string token = query_parameter(call.request, "token");
    const std::optional<OneTimeLink> taken = co_await take_link(token, LinkPurpose::kVerifyEmail);
    if (!taken) {
        co_return notice(call, "confirm_title",
                         renderer_.message(call.language, "error_link_invalid"));
    }
    co_await services_.store.set_verified(taken->user_id);
    co_return notice(call, "confirm_title", renderer_.message(call.language, "confirm_done"));
}

// ---- forgotten password

asio::awaitable<Response> AccountPages::forgot_form(Call& call) {
    co_return form_page(call, http::status::ok, forgot_page(renderer_, call.language, ""));
}

asio::awaitable<Response> AccountPages::forgot(Call& call) {
    const std::string address = ConnectionLimiter::client_of(call.context.peer).to_string();
    auto email = normalise_email(call.form.get("email"));
    if (!email) {
        co_return form_page(call, http::status::unprocessable_entity,
                            forgot_page(renderer_, call.language, call.form.get("email"),
                                        renderer_.message(call.language, "error_email_invalid")));
    }
    auto wait =
        std::max(resets_by_address_.retry_after(address), mails_by_account_.retry_after(*email));
    if (wait.count() > 0) co_return too_many(call, wait);
    resets_by_address_.record(address);
    mails_by_account_.record(*email);
    if (auto user = services_.store.find_user_by_email(*email); user && !user->disabled) {
        const std::string token = new_secret_token();
        auto stored = services_.store.create_link(digest_hex(token), LinkPurpose::kResetPassword,
                                                  user->id, "", now_ms() + ms(kResetLinkLifetime));
        co_await std::move(stored);
        auto queued = mail(*user, "mail_reset", link(user->language, "/reset", token));
        co_await std::move(queued);
    }
    co_return notice(call, "forgot_title",
                     with_value(renderer_.message(call.language, "forgot_sent"), "email", *email));
}

asio::awaitable<Response> AccountPages::reset_form(Call& call) {
    co_return form_page(
        call, http::status::ok,
        reset_page(renderer_, call.language, query_parameter(call.request, "token")));
}

asio::awaitable<Response> AccountPages::reset(Call& call) {
    const std::string token = call.form.get("token");
    const std::string password = call.form.get("password");
    if (std::string problem = new_password_problem(call.language, password); !problem.empty()) {
        co_return form_page(call, http::status::unprocessable_entity,
                            reset_page(renderer_, call.language, token, problem));
    }
    std::string new_hash = co_await hash(password);
    const std::optional<OneTimeLink> taken = co_await take_link(token, LinkPurpose::kResetPassword);
    if (!taken) {
        co_return notice(call, "reset_title",
                         renderer_.message(call.language, "error_link_invalid"));
    }
    co_await services_.store.set_password_hash(taken->user_id, new_hash);
    // Following the mailed link proved the address too.
    co_await services_.store.set_verified(taken->user_id);
    co_await services_.sessions.end_all(taken->user_id);
    if (auto user = services_.store.find_user(taken->user_id); user && user->roles.staff()) {
        co_await audit(call, "user.password_reset", user->email, "");
    }
    co_return notice(call, "reset_title", renderer_.message(call.language, "reset_done"));
}

// ---- the account page

asio::awaitable<Response> AccountPages::account(Call& call) {
    const User& user = call.user();
    FormPage page;
    page.title = renderer_.message(call.language, "account_title");
    page.intro = with_value(renderer_.message(call.language, "account_intro"), "email", user.email);
    if (!user.roles.empty()) {
        page.intro += " " + with_value(renderer_.message(call.language, "account_roles"), "roles",
                                       role_names(user.roles));
    }
    const std::string changed = query_parameter(call.request, "changed");
    if (changed == "password" || changed == "language" || changed == "email") {
        page.notice = renderer_.message(call.language, "account_changed_" + changed);
    }
    page.forms.push_back(password_form(renderer_, call.language));
    page.forms.push_back(
        HtmlForm{renderer_.message(call.language, "account_language_heading"),
                 localised(call.language, "/account/language"),
                 renderer_.message(call.language, "account_language_submit"),
                 {},
                 {FormField{"language",
                            renderer_.message(call.language, "field_language"),
                            "select",
                            std::string(language_code(user.language)),
                            "",
                            "",
                            "",
                            {{"lt", renderer_.message(call.language, "language_name_lt")},
                             {"en", renderer_.message(call.language, "language_name_en")}}}}});
    page.forms.push_back(email_form(renderer_, call.language, ""));
    page.forms.push_back(HtmlForm{renderer_.message(call.language, "account_sessions_heading"),
                                  localised(call.language, "/account/logout-everywhere"),
                                  renderer_.message(call.language, "account_logout_everywhere"),
                                  {},
                                  {}});
    co_return form_page(call, http::status::ok, page);
}

asio::awaitable<Response> AccountPages::change_password(Call& call) {
    const User& user = call.user();
    const std::string current = call.form.get("current_password");
    const std::string password = call.form.get("password");
    if (auto wait = failed_logins_by_account_.retry_after(user.email); wait.count() > 0) {
        co_return too_many(call, wait);
    }
    std::string problem;
    if (!co_await verify(user.password_hash, current)) {
        failed_logins_by_account_.record(user.email);
        problem = renderer_.message(call.language, "error_current_password");
    } else {
        problem = new_password_problem(call.language, password);
    }
    if (!problem.empty()) {
        co_return form_page(call, http::status::unprocessable_entity,
                            single_form_page(password_form(renderer_, call.language, problem)));
    }
    std::optional<AuditEntry> entry;
    if (user.roles.staff()) entry = audit_entry(call, "user.password_change", user.email, "");
    const std::string new_hash = co_await hash(password);
    auto stored = services_.store.set_password_hash(user.id, new_hash, std::move(entry));
    co_await std::move(stored);
    // Every other sign-in of this account ends; this one continues under a new token.
    co_await services_.sessions.end_all(user.id);
    const std::string token = co_await services_.sessions.start(user, now_ms());
    Response res = redirect(call, localised(call.language, "/account") + "?changed=password");
    res.insert(http::field::set_cookie, session_cookie(token));
    co_return res;
}

asio::awaitable<Response> AccountPages::change_language(Call& call) {
    const std::string code = call.form.get("language");
    if (code != "lt" && code != "en") {
        throw InvalidInput::text("error_unknown_language");
    }
    const Language language = code == "en" ? Language::kEn : Language::kLt;
    co_await services_.store.set_language(call.user().id, language);
    co_return redirect(call, localised(language, "/account") + "?changed=language");
}

asio::awaitable<Response> AccountPages::change_email(Call& call) {
    const User& user = call.user();
    auto email = normalise_email(call.form.get("new_email"));
    std::string email_error, password_error;
    if (!email) email_error = renderer_.message(call.language, "error_email_invalid");
    if (auto wait = failed_logins_by_account_.retry_after(user.email); wait.count() > 0) {
        co_return too_many(call, wait);
    }
    if (!co_await verify(user.password_hash, call.form.get("email_password"))) {
        failed_logins_by_account_.record(user.email);
        password_error = renderer_.message(call.language, "error_current_password");
    }
    if (!email_error.empty() || !password_error.empty()) {
        co_return form_page(
            call, http::status::unprocessable_entity,
            single_form_page(email_form(renderer_, call.language, call.form.get("new_email"),
                                        email_error, password_error)));
    }
    // The new address counts once its owner follows the link sent to it.
    const std::string token = new_secret_token();
    auto stored = services_.store.create_link(digest_hex(token), LinkPurpose::kChangeEmail, user.id,
                                              *email, now_ms() + ms(kVerifyLinkLifetime));
    co_await std::move(stored);
    User recipient = user;
    recipient.email = *email;
    auto queued =
        mail(recipient, "mail_change_email", link(user.language, "/confirm-email", token));
    co_await std::move(queued);
    co_return notice(
        call, "account_email_heading",
        with_value(renderer_.message(call.language, "account_email_sent"), "email", *email));
}

asio::awaitable<Response> AccountPages::confirm_email(Call& call) {
    const std::string token = query_parameter(call.request, "token");
    const std::optional<OneTimeLink> taken = co_await take_link(token, LinkPurpose::kChangeEmail);
    bool changed = false;
    if (taken) changed = co_await services_.store.set_email(taken->user_id, taken->data);
    if (!changed) {
        co_return notice(call, "confirm_title",
                         renderer_.message(call.language, "error_link_invalid"));
    }
    co_return notice(call, "confirm_title",
                     renderer_.message(call.language, "account_changed_email"));
}

// ---- one-off actions of residents without an account

asio::awaitable<Response> AccountPages::confirm_action_form(Call& call) {
    FormPage page;
    page.title = renderer_.message(call.language, "confirm_action_title");
    page.intro = renderer_.message(call.language, "confirm_action_intro");
    // A button, not the link itself: mail scanners open links, only people press buttons.
    page.forms.push_back(HtmlForm{"",
                                  localised(call.language, "/confirm-action"),
                                  renderer_.message(call.language, "confirm_action_submit"),
                                  {{"token", query_parameter(call.request, "token")}},
                                  {}});
    co_return form_page(call, http::status::ok, page);
}

asio::awaitable<Response> AccountPages::confirm_action(Call& call) {
    const std::string token = call.form.get("token");
    auto confirmed = services_.one_off_actions.confirm(token, now_ms());
    auto outcome = co_await std::move(confirmed);
    co_return notice(call, "confirm_action_title",
                     outcome ? *outcome : renderer_.message(call.language, "error_link_invalid"));
}

// ---- staff pages

// A staff page named after its template: `name`.tpl, with the title message `name`_title.
Response AccountPages::staff_page(Call& call, std::string_view name,
                                  const PageRenderer::FillBody& fill) const {
    const std::string page(name);
    return staff_page(call, page + ".tpl", renderer_.message(call.language, page + "_title"),
                      http::status::ok, fill);
}

namespace {}  // namespace

// Every staff page shares its frame and its navigation (staff_nav.tpl, included as STAFF_NAV);
// the language switch leads to the same page and query in the other language.
Response AccountPages::staff_page(Call& call, std::string_view body_template,
                                  const std::string& title, http::status status,
                                  const PageRenderer::FillBody& fill) const {
    AccountReply reply(call.request, renderer_, call.language,
                       call.language == Language::kLt ? config_.municipality.name_lt
                                                      : config_.municipality.name_en);
    auto url = boost::urls::parse_origin_form(call.request.target());
    std::string path = url ? std::string(url->path()) : "/";
    if (path.starts_with("/en/")) path = path.substr(3);
    const std::string query =
        url && url->has_query() ? "?" + std::string(url->encoded_query()) : "";
    PageFrame frame;
    frame.title = title;
    frame.alternate_path = localised(other_language(call.language), path) + query;
    describe_visitor(call.visitor, call.language, frame);
    return reply.html(status, body_template, frame, [&](ctemplate::TemplateDictionary& body) {
        auto* nav = body.AddIncludeDictionary("STAFF_NAV");
        nav->SetFilename("staff_nav.tpl");
        for (const NavEntry& link : nav_) {
            if (!link.access.admits(&call.user())) continue;
            auto* item = nav->AddSectionDictionary("LINK");
            item->SetValue("href", localised(call.language, link.path));
            item->SetValue("text", renderer_.message(call.language, link.text_key));
            if (link.path == path) item->ShowSection("CURRENT");
        }
        if (!services_.writer.writable()) {
            nav->SetValueAndShowSection(
                "problem",
                with_value(renderer_.message(call.language, "staff_storage_failing"), "problem",
                           services_.writer.storage_problem()),
                "STORAGE_FAILING");
        }
        fill(body);
    });
}

asio::awaitable<Response> AccountPages::staff_users(Call& call) {
    const std::string csrf = services_.csrf.token_for(call.visitor.csrf_binding);
    const auto users = services_.store.list_users();
    const std::string saved = query_parameter(call.request, "saved");
    co_return staff_page(call, "staff_users", [&](ctemplate::TemplateDictionary& body) {
        if (!saved.empty()) {
            body.AddSectionDictionary("SAVED")->SetValue(
                "text",
                with_value(renderer_.message(call.language, "staff_users_saved"), "email", saved));
        }
        for (const auto& user : users) {
            auto* row = body.AddSectionDictionary("USER");
            row->SetValue("id", std::to_string(user.id));
            row->SetValue("email", user.email);
            row->SetValue("csrf", csrf);
            row->SetValue("action", localised(call.language, "/staff/users"));
            row->SetValue("council_member", user.council_member);
            row->SetValue("status", renderer_.message(call.language,
                                                      user.disabled   ? "staff_status_disabled"
                                                      : user.verified ? "staff_status_active"
                                                                      : "staff_status_unverified"));
            if (user.disabled) row->ShowSection("DISABLED");
            for (Role role : kAllRoles) {
                auto* item = row->AddSectionDictionary("ROLE");
                item->SetValue("name", std::string(role_name(role)));
                item->SetValue("label", renderer_.message(call.language,
                                                          "role_" + std::string(role_name(role))));
                if (user.roles.has(role)) item->ShowSection("CHECKED");
            }
        }
    });
}

asio::awaitable<Response> AccountPages::save_user(Call& call) {
    const auto id = parse_id(call.form.get("user_id"));
    if (!id) throw InvalidInput::text("error_bad_account");
    auto user = services_.store.find_user(*id);
    if (!user) throw InvalidInput::text("error_no_account");
    std::uint32_t bits = 0;
    for (const auto& name : call.form.all("role")) {
        auto role = parse_role(name);
        if (!role) throw InvalidInput::text("error_unknown_role");
        bits |= static_cast<std::uint32_t>(*role);
    }
    const Roles roles(bits);
    std::string council_member = call.form.get("council_member");
    if (council_member.size() > 200) {
        throw InvalidInput::text("error_member_name_too_long");
    }
    const bool disabled = call.form.get("disabled") == "1";
    // An administrator cannot lock themselves out: the last way back in would be the server's
    // command line.
    if (user->id == call.user().id && (!roles.has(Role::kAdmin) || disabled)) {
        throw InvalidInput::text("error_self_lockout");
    }
    if (roles != user->roles || council_member != user->council_member) {
        auto stored = services_.store.set_roles(
            user->id, roles, council_member,
            audit_entry(call, "user.roles", user->email,
                        fmt::format("roles: {} -> {}; council member: {} -> {}",
                                    role_names(user->roles).empty() ? "-" : role_names(user->roles),
                                    role_names(roles).empty() ? "-" : role_names(roles),
                                    user->council_member.empty() ? "-" : user->council_member,
                                    council_member.empty() ? "-" : council_member)));
        co_await std::move(stored);
    }
    if (disabled != user->disabled) {
        auto stored = services_.store.set_disabled(
            user->id, disabled,
            audit_entry(call, disabled ? "user.disable" : "user.enable", user->email, ""));
        co_await std::move(stored);
    }
    co_return redirect(
        call, localised(call.language, "/staff/users") + "?saved=" +
                  std::string(boost::urls::encode(user->email, boost::urls::unreserved_chars)));
}

asio::awaitable<Response> AccountPages::staff_audit(Call& call) {
    const auto before = parse_id(query_parameter(call.request, "before"));
    const auto entries = services_.audit.entries(kAuditPage, before.value_or(0));
    const auto broken = services_.audit.first_broken_entry();
    co_return staff_page(call, "staff_audit", [&](ctemplate::TemplateDictionary& body) {
        if (broken) {
            body.AddSectionDictionary("BROKEN")->SetValue(
                "text", with_value(renderer_.message(call.language, "staff_audit_broken"), "id",
                                   std::to_string(*broken)));
        } else {
            body.ShowSection("INTACT");
        }
        if (entries.empty()) body.ShowSection("EMPTY");
        for (const auto& entry : entries) {
            auto* row = body.AddSectionDictionary("ENTRY");
            const auto seconds = entry.at_unix_ms / 1000;
            row->SetValue("time", fmt::format("{:%Y-%m-%d %H:%M:%S} UTC",
                                              fmt::gmtime(static_cast<std::time_t>(seconds))));
            row->SetValue("actor", entry.actor.empty() ? "councilcast user" : entry.actor);
            row->SetValue("action", entry.action);
            row->SetValue("target", entry.target);
            row->SetValue("detail", entry.detail);
            row->SetValue("peer", entry.peer);
        }
        if (entries.size() == kAuditPage) {
            body.AddSectionDictionary("OLDER")->SetValue(
                "href", localised(call.language, "/staff/audit") +
                            "?before=" + std::to_string(entries.back().id));
        }
    });
}

// The outgoing mail: what is queued, sent or failed, and one message read back in full. In the
// demo (transport "files") this is how a newcomer follows a confirmation link.
asio::awaitable<Response> AccountPages::staff_mail(Call& call) {
    std::optional<MailMessage> shown;
    if (const auto id = parse_id(query_parameter(call.request, "id"))) {
        if (auto mime = services_.mail.mime(*id)) shown = read_mime(*mime);
    }
    const auto messages = services_.mail.recent(kMailPage);
    const std::string self = localised(call.language, "/staff/mail");
    co_return staff_page(call, "staff_mail", [&](ctemplate::TemplateDictionary& body) {
        if (config_.mail.transport == "files") body.ShowSection("FILES");
        if (messages.empty()) body.ShowSection("EMPTY");
        for (const auto& message : messages) {
            auto* row = body.AddSectionDictionary("MESSAGE");
            row->SetValue("href", self + "?id=" + std::to_string(message.id));
            row->SetValue(
                "time",
                fmt::format("{:%Y-%m-%d %H:%M:%S} UTC",
                            fmt::gmtime(static_cast<std::time_t>(message.created_unix_ms / 1000))));
            row->SetValue("recipient", message.recipient);
            row->SetValue("subject", message.subject);
            row->SetValue("status", renderer_.message(
                                        call.language,
                                        message.status == MailStatus::kSent     ? "mail_sent"
                                        : message.status == MailStatus::kFailed ? "mail_failed"
                                                                                : "mail_queued"));
            row->SetValue("attempts", std::to_string(message.attempts));
            row->SetValue("error", message.last_error);
        }
        if (shown) {
            auto* message = body.AddSectionDictionary("SHOWN");
            message->SetValue("recipient", shown->to);
            message->SetValue("subject", shown->subject);
            message->SetValue("text", shown->text);
            // The message's links, clickable: the text part is shown as text, never as HTML.
            static const std::regex kLink(R"(https?://[^\s<>"]+)");
            for (std::sregex_iterator it(shown->text.begin(), shown->text.end(), kLink), end;
                 it != end; ++it) {
                message->AddSectionDictionary("LINK")->SetValue("href", it->str());
            }
        }
    });
}

// ---- what other modules' handlers see

const Request& PageCall::request() const {
    return call_.request;
}

const RequestContext& PageCall::context() const {
    return call_.context;
}

Language PageCall::language() const {
    return call_.language;
}

const User& PageCall::user() const {
    return call_.user();
}

const FormData& PageCall::form() const {
    return call_.form;
}

const UploadedFile* PageCall::file(std::string_view field) const {
    return call_.upload ? call_.upload->file(field) : nullptr;
}

std::string PageCall::csrf_token() const {
    return pages_.services_.csrf.token_for(call_.visitor.csrf_binding);
}

std::string PageCall::query(std::string_view name) const {
    return query_parameter(call_.request, name);
}

std::string PageCall::path(std::string_view path) const {
    return localised(call_.language, path);
}

std::string PageCall::explain(const InvalidInput& problem) const {
    return pages_.renderer_.explain(call_.language, problem);
}

const std::string& PageCall::text(std::string_view key) const {
    return pages_.renderer_.message(call_.language, key);
}

std::string PageCall::text(std::string_view key, std::string_view name,
                           std::string_view value) const {
    return with_value(text(key), name, value);
}

PageCall::Response PageCall::staff_page(std::string_view body_template, const std::string& title,
                                        http::status status,
                                        const PageRenderer::FillBody& fill) const {
    return pages_.staff_page(call_, body_template, title, status, fill);
}

PageCall::Response PageCall::redirect(std::string_view location) const {
    return pages_.redirect(call_, location);
}

asio::awaitable<void> PageCall::audit(std::string_view action, std::string_view target,
                                      std::string_view detail) const {
    return pages_.audit(call_, action, target, detail);
}

AuditEntry PageCall::audit_entry(std::string_view action, std::string_view target,
                                 std::string_view detail) const {
    return pages_.audit_entry(call_, action, target, detail);
}

}  // namespace councilcast::portal
