#include "portal/accounts/account_pages.hpp"

#include <spdlog/spdlog.h>
#include <boost/algorithm/string/replace.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>

#include <chrono>

#include "common/error.hpp"
#include "common/secret_token.hpp"
#include "common/unix_time.hpp"
#include "portal/accounts/account_forms.hpp"
#include "portal/http/local_path.hpp"
#include "portal/http/responses.hpp"
#include "portal/mail/email_address.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = PageCall::Response;

namespace {

constexpr std::chrono::hours kSignupWindow{1};

constexpr Access kSignedIn = Access::signed_in();

// Where to go after signing in: a path on this site (local_path), else the account page.
std::string safe_next(std::string_view next, Language language) {
    return local_path(next).value_or(localised(language, "/account"));
}

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
                           const Gate& gate, Services services)
    : config_(config),
      renderer_(renderer),
      gate_(gate),
      services_(services),
      decoy_hash_(hasher_.hash(new_secret_token())),
      mail_(config.accounts, renderer, services.mail),
      sign_in_limits_(config.accounts),
      signups_by_address_(config.accounts.max_signups_per_address, kSignupWindow),
      resets_by_address_(config.accounts.max_password_resets_per_address, kSignupWindow) {
    mail_.set_public_url(config.server.public_url);
}

ModuleEntries AccountPages::entries() {
    auto bind = [this](auto method) { return handler_of(this, method); };
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        {verb::get, "/login", kAnyone, FormKind::kShort, bind(&AccountPages::login_form)},
        {verb::post, "/login", kAnyone, FormKind::kShort, bind(&AccountPages::login)},
        {verb::get, "/signup", kAnyone, FormKind::kShort, bind(&AccountPages::signup_form)},
        {verb::post, "/signup", kAnyone, FormKind::kShort, bind(&AccountPages::signup)},
        {verb::get, "/confirm", kAnyone, FormKind::kShort, bind(&AccountPages::confirm_form)},
        {verb::post, "/confirm", kAnyone, FormKind::kShort, bind(&AccountPages::confirm)},
        {verb::get, "/forgot", kAnyone, FormKind::kShort, bind(&AccountPages::forgot_form)},
        {verb::post, "/forgot", kAnyone, FormKind::kShort, bind(&AccountPages::forgot)},
        {verb::get, "/reset", kAnyone, FormKind::kShort, bind(&AccountPages::reset_form)},
        {verb::post, "/reset", kAnyone, FormKind::kShort, bind(&AccountPages::reset)},
        {verb::get, "/confirm-email", kAnyone, FormKind::kShort,
         bind(&AccountPages::confirm_email_form)},
        {verb::post, "/confirm-email", kAnyone, FormKind::kShort,
         bind(&AccountPages::confirm_email)},
        {verb::get, "/confirm-action", kAnyone, FormKind::kShort,
         bind(&AccountPages::confirm_action_form)},
        {verb::post, "/confirm-action", kAnyone, FormKind::kShort,
         bind(&AccountPages::confirm_action)},
        {verb::post, "/logout", kSignedIn, FormKind::kShort, bind(&AccountPages::logout)},
        {verb::get, "/account", kSignedIn, FormKind::kShort, bind(&AccountPages::account)},
        {verb::post, "/account/password", kSignedIn, FormKind::kShort,
         bind(&AccountPages::change_password)},
        {verb::post, "/account/language", kSignedIn, FormKind::kShort,
         bind(&AccountPages::change_language)},
        {verb::post, "/account/email", kSignedIn, FormKind::kShort,
         bind(&AccountPages::change_email)},
        {verb::post, "/account/logout-everywhere", kSignedIn, FormKind::kShort,
         bind(&AccountPages::logout_everywhere)},
    };
    entries.crawlers.disallow = {"/account", "/login"};
    return entries;
}

asio::awaitable<void> AccountPages::remove_expired() {
    const int removed = co_await services_.sessions.remove_expired(now_unix_ms());
    if (removed > 0) spdlog::debug("sessions: {} expired removed", removed);
    const int links = co_await services_.store.delete_expired_links(now_unix_ms());
    if (links > 0) spdlog::debug("one-time links: {} expired removed", links);
}

// ---- shared by the handlers

Response AccountPages::form_page(PageCall& call, http::status status, const FormPage& page) const {
    PageFrame frame;
    frame.title = page.title;
    // The same page in the other language, without the query (a one-time token stays out of
    // the language switch).
    frame.alternate_path = localised(other_language(call.language()), call.target().path);
    const std::string csrf = call.csrf_token();
    return call.page(
        status, "form_page.tpl", std::move(frame),
        [&](ctemplate::TemplateDictionary& body) { fill_form_page(body, page, csrf); });
}

// What a mailed link opens: a button that posts its token to `action`. Mail scanners open
// links to look at them; only people press buttons, so opening the link uses nothing up.
Response AccountPages::button_page(PageCall& call, std::string_view title_key,
                                   std::string_view intro_key, std::string_view submit_key,
                                   std::string_view action) const {
    FormPage page;
    page.title = renderer_.message(call.language(), title_key);
    page.intro = renderer_.message(call.language(), intro_key);
    page.forms.push_back(HtmlForm{"",
                                  localised(call.language(), action),
                                  renderer_.message(call.language(), submit_key),
                                  {{"token", call.query("token")}},
                                  {}});
    return form_page(call, http::status::ok, page);
}

Response AccountPages::notice(PageCall& call, std::string_view title_key,
                              std::string_view text) const {
    FormPage page;
    page.title = renderer_.message(call.language(), title_key);
    page.notice = std::string(text);
    page.links.push_back(
        {std::string(home_path(call.language())), renderer_.message(call.language(), "link_home")});
    return form_page(call, http::status::ok, page);
}

asio::awaitable<std::optional<OneTimeLink>> AccountPages::take_link(std::string_view token,
                                                                    LinkPurpose purpose) const {
    // Looked up first with a read: a made-up token costs no durable write on the one writer.
    const std::string digest = looks_like_token(token) ? digest_hex(token) : std::string();
    if (digest.empty() || !services_.store.has_live_link(digest, purpose, now_unix_ms())) {
        co_return std::nullopt;
    }
    auto taken = services_.store.take_link(digest, purpose, now_unix_ms());
    co_return co_await std::move(taken);
}

Response AccountPages::signed_out(PageCall& call) const {
    call.visitor().set_session_cookie.clear();
    Response res = call.redirect(home_path(call.language()));
    res.insert(http::field::set_cookie, gate_.session_cookie(""));
    return res;
}

// A page that says how long to wait, like every other account page, with Retry-After.
Response AccountPages::too_many(PageCall& call, std::chrono::seconds wait) const {
    Response res = notice(call, "error_page_title",
                          with_value(renderer_.message(call.language(), "error_too_many"),
                                     "minutes", minutes_text(wait)));
    res.result(http::status::too_many_requests);
    res.set(http::field::retry_after, std::to_string(wait.count()));
    return res;
}

// Plain functions returning the pool's awaitable: see HashingPool::run about GCC 12.
asio::awaitable<bool> AccountPages::verify(std::string encoded, std::string password) {
    return services_.hashing.run<bool>(
        [this, encoded = std::move(encoded), password = std::move(password)] {
            return hasher_.verify(encoded, password);
        });
}

// An attempt whose password could not be checked (the pool was full: a 503) is no failure.
asio::awaitable<bool> AccountPages::verify(SignInLimits::Attempt attempt, std::string encoded,
                                           std::string password) {
    try {
        co_return co_await verify(std::move(encoded), std::move(password));
    } catch (...) {
        sign_in_limits_.abandoned(attempt);
        throw;
    }
}

asio::awaitable<std::string> AccountPages::hash(std::string password) {
    return services_.hashing.run<std::string>(
        [this, password = std::move(password)] { return hasher_.hash(password); });
}

std::string AccountPages::new_password_problem(Language language, std::string_view password) const {
    const PasswordProblem problem = check_password(password, min_password());
    if (problem != PasswordProblem::kNone) {
        return renderer_.format(language, password_problem_key(problem),
                                {{"count", min_password()}});
    }
    if (services_.common_passwords.contains(password)) {
        return renderer_.message(language, "password_too_common");
    }
    return {};
}

// ---- sign in and out

asio::awaitable<Response> AccountPages::login_form(PageCall& call) {
    co_return form_page(call, http::status::ok,
                        login_page(renderer_, call.language(), call.query("next"), ""));
}

asio::awaitable<Response> AccountPages::login(PageCall& call) {
    const std::string typed_email = call.form().get("email");
    const std::string password = call.form().get("password");
    auto email = normalise_email(typed_email);
    const SignInLimits::Attempt attempt{email.value_or(typed_email), call.context().client()};
    if (auto wait = sign_in_limits_.begin(attempt); wait.count() > 0) {
        co_return too_many(call, wait);
    }

    std::optional<User> user;
    if (email) user = services_.store.find_user_by_email(*email);
    const bool has_password = user && !user->password_hash.empty();
    const bool correct =
        co_await verify(attempt, has_password ? user->password_hash : decoy_hash_, password);

    auto refuse = [&](std::string_view key) {
        return form_page(call, http::status::unauthorized,
                         login_page(renderer_, call.language(), call.form().get("next"),
                                    typed_email, renderer_.message(call.language(), key)));
    };
    if (!has_password || !correct) co_return refuse("error_login_failed");
    sign_in_limits_.succeeded(attempt);
    // The password was right: now it is safe to say why the account cannot sign in.
    if (user->disabled) co_return refuse("error_account_disabled");
    if (!user->verified) {
        // Whoever knows the password may sign in again and again: the address gets a new link
        // at most once an hour, however often they try.
        auto queued = mail_.send(AccountMailKind::kVerify, *user, Repeat::kOncePerWindow);
        co_await std::move(queued);
        co_return refuse("error_not_verified");
    }
    if (hasher_.needs_rehash(user->password_hash)) {
        const std::string rehashed = co_await hash(password);
        co_await services_.store.set_password_hash(user->id, rehashed);
    }
    // A new token at sign-in: whatever session cookie the browser had before is ended.
    if (call.visitor().session) services_.sessions.end(call.visitor().session->token);
    const std::string token = co_await services_.sessions.start(*user, now_unix_ms());
    if (user->roles.staff()) {
        ActiveSession signed_in{*user, token, false, now_unix_ms()};
        call.visitor().session = signed_in;
        co_await call.audit("session.login", user->email, "");
    }
    call.visitor().new_csrf_cookie.clear();
    Response res = call.redirect(safe_next(call.form().get("next"), user->language));
    res.insert(http::field::set_cookie, gate_.session_cookie(token));
    co_return res;
}

asio::awaitable<Response> AccountPages::logout(PageCall& call) {
    if (call.user().roles.staff()) co_await call.audit("session.logout", call.user().email, "");
    services_.sessions.end(call.visitor().session->token);
    co_return signed_out(call);
}

asio::awaitable<Response> AccountPages::logout_everywhere(PageCall& call) {
    if (call.user().roles.staff()) {
        co_await call.audit("session.logout_all", call.user().email, "");
    }
    co_await services_.sessions.end_all(call.user().id);
    co_return signed_out(call);
}

// ---- sign up and confirm

asio::awaitable<Response> AccountPages::signup_form(PageCall& call) {
    co_return form_page(call, http::status::ok,
                        signup_page(renderer_, call.language(), min_password(), ""));
}

asio::awaitable<Response> AccountPages::signup(PageCall& call) {
    const auto& address = call.context().client();
    if (auto wait = signups_by_address_.retry_after(address); wait.count() > 0) {
        co_return too_many(call, wait);
    }
    const std::string typed_email = call.form().get("email");
    const std::string password = call.form().get("password");
    auto email = normalise_email(typed_email);
    std::string email_error =
        email ? "" : renderer_.message(call.language(), "error_email_invalid");
    std::string password_error = new_password_problem(call.language(), password);
    if (!email_error.empty() || !password_error.empty()) {
        co_return form_page(call, http::status::unprocessable_entity,
                            signup_page(renderer_, call.language(), min_password(), typed_email,
                                        email_error, password_error));
    }
    signups_by_address_.record(address);
    User user;
    user.email = *email;
    user.language = call.language();
    user.password_hash = co_await hash(password);
    auto id = co_await services_.store.create_user(user, now_unix_ms());
    // Past the address's allowance no mail goes, and the answer stays the same: it must not
    // reveal whether the address has an account.
    if (id) {
        user.id = *id;
        auto queued = mail_.send(AccountMailKind::kVerify, user);
        co_await std::move(queued);
    } else if (auto existing = services_.store.find_user_by_email(*email)) {
        // The same answer as for a new address, so sign-up does not reveal who has an account;
        // the owner learns of the attempt by mail.
        auto queued = mail_.send(AccountMailKind::kAlreadyRegistered, *existing);
        co_await std::move(queued);
    }
    co_return notice(
        call, "signup_title",
        with_value(renderer_.message(call.language(), "signup_sent"), "email", *email));
}

asio::awaitable<Response> AccountPages::confirm_form(PageCall& call) {
    co_return button_page(call, "confirm_title", "confirm_intro", "confirm_submit", "/confirm");
}

asio::awaitable<Response> AccountPages::confirm(PageCall& call) {
    const std::string token = call.form().get("token");
    const std::optional<OneTimeLink> taken = co_await take_link(token, LinkPurpose::kVerifyEmail);
    if (!taken) {
        co_return notice(call, "confirm_title",
                         renderer_.message(call.language(), "error_link_invalid"));
    }
    co_await services_.store.set_verified(taken->user_id);
    co_return notice(call, "confirm_title", renderer_.message(call.language(), "confirm_done"));
}

// ---- forgotten password

asio::awaitable<Response> AccountPages::forgot_form(PageCall& call) {
    co_return form_page(call, http::status::ok, forgot_page(renderer_, call.language(), ""));
}

asio::awaitable<Response> AccountPages::forgot(PageCall& call) {
    const auto& address = call.context().client();
    auto email = normalise_email(call.form().get("email"));
    if (!email) {
        co_return form_page(call, http::status::unprocessable_entity,
                            forgot_page(renderer_, call.language(), call.form().get("email"),
                                        renderer_.message(call.language(), "error_email_invalid")));
    }
    if (auto wait = resets_by_address_.retry_after(address); wait.count() > 0) {
        co_return too_many(call, wait);
    }
    resets_by_address_.record(address);
    // Answered first, the work done after: storing and mailing a link takes an fsync, and even
    // the look-up takes time, so waiting for them would tell by the time the answer takes that
    // the address has an account.
    asio::co_spawn(co_await asio::this_coro::executor, mail_reset_link(*email),
                   [](std::exception_ptr error) {
                       if (!error) return;
                       try {
                           std::rethrow_exception(error);
                       } catch (const std::exception& e) {
                           spdlog::error("[forgot] no reset link mailed: {}", e.what());
                       } catch (...) {
                           spdlog::error("[forgot] no reset link mailed: unknown error");
                       }
                   });
    co_return notice(
        call, "forgot_title",
        with_value(renderer_.message(call.language(), "forgot_sent"), "email", *email));
}

asio::awaitable<void> AccountPages::mail_reset_link(std::string email) {
    auto user = services_.store.find_user_by_email(email);
    if (!user || user->disabled) co_return;
    auto queued = mail_.send(AccountMailKind::kReset, *user);
    co_await std::move(queued);
}

asio::awaitable<Response> AccountPages::reset_form(PageCall& call) {
    co_return form_page(
        call, http::status::ok,
        reset_page(renderer_, call.language(), min_password(), call.query("token")));
}

asio::awaitable<Response> AccountPages::reset(PageCall& call) {
    const std::string token = call.form().get("token");
    const std::string password = call.form().get("password");
    // The link is looked at before anything is hashed, and a client's dead links are counted:
    // made-up tokens would otherwise each cost an argon2id hash and, sent in a loop, keep the
    // hashing pool too busy for anyone to sign in.
    const auto& address = call.context().client();
    const auto tried = RateLimiter::Clock::now();
    if (auto wait = resets_by_address_.try_take(address, {}, tried); wait.count() > 0) {
        co_return too_many(call, wait);
    }
    if (!looks_like_token(token) ||
        !services_.store.has_live_link(digest_hex(token), LinkPurpose::kResetPassword,
                                       now_unix_ms())) {
        co_return notice(call, "reset_title",
                         renderer_.message(call.language(), "error_link_invalid"));
    }
    if (std::string problem = new_password_problem(call.language(), password); !problem.empty()) {
        resets_by_address_.give_back(address, {}, tried);
        co_return form_page(call, http::status::unprocessable_entity,
                            reset_page(renderer_, call.language(), min_password(), token, problem));
    }
    // Counted until the link is taken: many posts of one live link at once each pass the look-up
    // and each cost a hash, so they stay within the client's allowance.
    std::string new_hash = co_await hash(password);
    const std::optional<OneTimeLink> taken = co_await take_link(token, LinkPurpose::kResetPassword);
    if (!taken) {
        co_return notice(call, "reset_title",
                         renderer_.message(call.language(), "error_link_invalid"));
    }
    resets_by_address_.give_back(address, {}, tried);
    co_await services_.store.replace_password(taken->user_id, new_hash);
    // Following the mailed link proved the address too.
    co_await services_.store.set_verified(taken->user_id);
    co_await services_.sessions.end_all(taken->user_id);
    if (auto user = services_.store.find_user(taken->user_id)) {
        if (user->roles.staff()) co_await call.audit("user.password_reset", user->email, "");
        co_await notify(AccountMailKind::kPasswordChanged, *user);
    }
    co_return notice(call, "reset_title", renderer_.message(call.language(), "reset_done"));
}

// A notice is worth less than the change it reports: one the allowance refuses, or the queue
// cannot take, is logged and the change stands.
asio::awaitable<void> AccountPages::notify(AccountMailKind kind, const User& user) {
    try {
        auto queued = mail_.send(kind, user);
        if (!(co_await std::move(queued)).queued()) {
            spdlog::warn(
                "[account:{}] notice of a change not mailed: the address's hourly "
                "allowance is used up",
                user.id);
        }
    } catch (const std::exception& e) {
        spdlog::error("[account:{}] notice of a change not mailed: {}", user.id, e.what());
    }
}

// ---- the account page

asio::awaitable<Response> AccountPages::account(PageCall& call) {
    const User& user = call.user();
    FormPage page;
    page.title = renderer_.message(call.language(), "account_title");
    page.intro =
        with_value(renderer_.message(call.language(), "account_intro"), "email", user.email);
    if (!user.roles.empty()) {
        page.intro += " " + with_value(renderer_.message(call.language(), "account_roles"), "roles",
                                       role_names(user.roles));
    }
    const std::string changed = call.query("changed");
    if (changed == "password" || changed == "language" || changed == "email") {
        page.notice = renderer_.message(call.language(), "account_changed_" + changed);
    }
    page.forms.push_back(password_form(renderer_, call.language(), min_password()));
    page.forms.push_back(
        HtmlForm{renderer_.message(call.language(), "account_language_heading"),
                 localised(call.language(), "/account/language"),
                 renderer_.message(call.language(), "account_language_submit"),
                 {},
                 {FormField{"language",
                            renderer_.message(call.language(), "field_language"),
                            "select",
                            std::string(language_code(user.language)),
                            "",
                            "",
                            "",
                            {{"lt", renderer_.message(call.language(), "language_name_lt")},
                             {"en", renderer_.message(call.language(), "language_name_en")}}}}});
    page.forms.push_back(email_form(renderer_, call.language(), ""));
    page.forms.push_back(HtmlForm{renderer_.message(call.language(), "account_sessions_heading"),
                                  localised(call.language(), "/account/logout-everywhere"),
                                  renderer_.message(call.language(), "account_logout_everywhere"),
                                  {},
                                  {}});
    co_return form_page(call, http::status::ok, page);
}

asio::awaitable<Response> AccountPages::change_password(PageCall& call) {
    const User& user = call.user();
    const std::string current = call.form().get("current_password");
    const std::string password = call.form().get("password");
    const SignInLimits::Attempt attempt{user.email, call.context().client()};
    if (auto wait = sign_in_limits_.begin(attempt); wait.count() > 0) {
        co_return too_many(call, wait);
    }
    std::string problem;
    if (!co_await verify(attempt, user.password_hash, current)) {
        problem = renderer_.message(call.language(), "error_current_password");
    } else {
        sign_in_limits_.succeeded(attempt);
        problem = new_password_problem(call.language(), password);
    }
    if (!problem.empty()) {
        co_return form_page(
            call, http::status::unprocessable_entity,
            single_form_page(password_form(renderer_, call.language(), min_password(), problem)));
    }
    std::optional<AuditEntry> entry;
    if (user.roles.staff()) entry = call.audit_entry("user.password_change", user.email, "");
    const std::string new_hash = co_await hash(password);
    auto stored = services_.store.replace_password(user.id, new_hash, std::move(entry));
    co_await std::move(stored);
    co_await notify(AccountMailKind::kPasswordChanged, user);
    // Every other sign-in of this account ends; this one continues under a new token.
    co_await services_.sessions.end_all(user.id);
    const std::string token = co_await services_.sessions.start(user, now_unix_ms());
    Response res = call.redirect(localised(call.language(), "/account") + "?changed=password");
    res.insert(http::field::set_cookie, gate_.session_cookie(token));
    co_return res;
}

asio::awaitable<Response> AccountPages::change_language(PageCall& call) {
    const std::string code = call.form().get("language");
    if (code != "lt" && code != "en") {
        throw InvalidInput::text("error_unknown_language");
    }
    const Language language = stored_language(code);
    co_await services_.store.set_language(call.user().id, language);
    co_return call.redirect(localised(language, "/account") + "?changed=language");
}

asio::awaitable<Response> AccountPages::change_email(PageCall& call) {
    const User& user = call.user();
    auto email = normalise_email(call.form().get("new_email"));
    std::string email_error, password_error;
    if (!email) email_error = renderer_.message(call.language(), "error_email_invalid");
    const SignInLimits::Attempt attempt{user.email, call.context().client()};
    if (auto wait = sign_in_limits_.begin(attempt); wait.count() > 0) {
        co_return too_many(call, wait);
    }
    if (!co_await verify(attempt, user.password_hash, call.form().get("email_password"))) {
        password_error = renderer_.message(call.language(), "error_current_password");
    } else {
        sign_in_limits_.succeeded(attempt);
    }
    if (!email_error.empty() || !password_error.empty()) {
        co_return form_page(
            call, http::status::unprocessable_entity,
            single_form_page(email_form(renderer_, call.language(), call.form().get("new_email"),
                                        email_error, password_error)));
    }
    // The new address counts once its owner follows the link sent to it. Anyone signed in may
    // name any address, so the address's allowance caps what it gets from us.
    auto queued = mail_.send_address_link(user, *email);
    if (const Enqueued sent = co_await std::move(queued); !sent.queued()) {
        co_return too_many(call, sent.retry_after);
    }
    co_return notice(
        call, "account_email_heading",
        with_value(renderer_.message(call.language(), "account_email_sent"), "email", *email));
}

asio::awaitable<Response> AccountPages::confirm_email_form(PageCall& call) {
    co_return button_page(call, "confirm_title", "confirm_email_intro", "confirm_submit",
                          "/confirm-email");
}

asio::awaitable<Response> AccountPages::confirm_email(PageCall& call) {
    const std::string token = call.form().get("token");
    const std::optional<OneTimeLink> taken = co_await take_link(token, LinkPurpose::kChangeEmail);
    std::optional<User> before;
    if (taken) before = services_.store.find_user(taken->user_id);
    bool changed = false;
    if (before) changed = co_await services_.store.set_email(taken->user_id, taken->data);
    if (!changed) {
        co_return notice(call, "confirm_title",
                         renderer_.message(call.language(), "error_link_invalid"));
    }
    // To the address the account had: if someone else made the change, its owner learns of it.
    co_await notify(AccountMailKind::kEmailChanged, *before);
    co_return notice(call, "confirm_title",
                     renderer_.message(call.language(), "account_changed_email"));
}

// ---- one-off actions of residents without an account

asio::awaitable<Response> AccountPages::confirm_action_form(PageCall& call) {
    co_return button_page(call, "confirm_action_title", "confirm_action_intro",
                          "confirm_action_submit", "/confirm-action");
}

asio::awaitable<Response> AccountPages::confirm_action(PageCall& call) {
    const std::string token = call.form().get("token");
    auto confirmed = services_.one_off_actions.confirm(token, now_unix_ms());
    auto outcome = co_await std::move(confirmed);
    co_return notice(call, "confirm_action_title",
                     outcome ? *outcome : renderer_.message(call.language(), "error_link_invalid"));
}
}  // namespace councilcast::portal
