// Sign-up, sign-in, the account page and the staff pages for accounts and the audit log: every
// route that needs to know who is asking, with its access rule checked in one place.
//
// One route table, one gate. Other modules' pages that need to know who is asking (the editor's
// pages for the council's record, portal/council_editor) do not get a dispatcher of their own:
// they hand their routes (PageRoute: method, exact path, access rule, kind of form) to the
// AccountPages constructor, which adds them to the same table as its own. handle() then does for
// every route alike, before any handler runs: the route's access rule, for a POST the form's
// parsing under its kind's limits and the CSRF check. A module's handler gets a PageCall: the
// request, the language, the signed-in account, the parsed form and upload, the CSRF token for
// its own forms, and the helpers its pages share with these (the staff page frame, a redirect,
// an audit entry). It never sees a session or a cookie, so it cannot skip a check or get one
// wrong; and the table is still the one place that says who may reach what.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/database_writer.hpp"
#include "config/config.hpp"
#include "portal/accounts/access.hpp"
#include "portal/accounts/account_store.hpp"
#include "portal/accounts/common_passwords.hpp"
#include "portal/accounts/hashing_pool.hpp"
#include "portal/accounts/one_off_actions.hpp"
#include "portal/accounts/password_hasher.hpp"
#include "portal/accounts/session_manager.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/http/csrf_guard.hpp"
#include "portal/http/http_server.hpp"
#include "portal/http/multipart_form.hpp"
#include "portal/http/rate_limiter.hpp"
#include "portal/mail/mail_queue.hpp"
#include "portal/pages/form_page.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

// Who is asking, as far as the pages care.
struct Visitor {
    std::optional<ActiveSession> session;
    std::string csrf_binding;        // the session's token digest, or the anonymous cookie
    std::string new_csrf_cookie;     // set when this response must give the visitor one
    std::string set_session_cookie;  // a Set-Cookie for a renewed session, if any
};

// What a POST to a route carries; it is parsed, under these limits, before the CSRF check.
enum class FormKind {
    kShort,   // a resident's form: FormData::kShortForm
    kLong,    // an editor's form with pages of Markdown: FormData::kLongForm
    kUpload,  // multipart/form-data with a file, up to [http] max_upload_bytes; else as kLong
};

class PageCall;

// A link of the staff navigation, shown to those `access` admits. A module contributes its own
// with its routes. `start_rank`: where a staff member lands from the header's staff link, the
// admitted entry with the lowest rank (none: never a start page).
struct NavEntry {
    std::string_view path;  // without the /en prefix
    std::string_view text_key;
    Access access;
    std::optional<int> start_rank;
};

// A route of another module, added to AccountPages' table.
struct PageRoute {
    boost::beast::http::verb method;
    std::string_view path;  // exact, without the /en prefix; queries carry ids ("?id=N")
    Access access;          // every route names its rule; there is no default
    FormKind form;
    // Called with a PageCall that outlives the returned coroutine. The function object is kept
    // in the table for the server's lifetime, so a coroutine lambda may capture what it needs.
    std::function<boost::asio::awaitable<
        boost::beast::http::response<boost::beast::http::string_body>>(PageCall&)>
        handler;
};

class AccountPages {
  public:
    struct Services {
        AccountStore& store;
        AuditLog& audit;
        SessionManager& sessions;
        const CsrfGuard& csrf;
        HashingPool& hashing;
        const CommonPasswords& common_passwords;
        // Messages wait here until the relay takes them; the staff pages list them.
        MailQueue& mail;
        // What residents without an account confirm by a mailed link.
        OneOffActions& one_off_actions;
        // Whether the database still takes writes: the staff pages say so when it does not.
        const DatabaseWriter& writer;
    };

    // Non-owning references: the portal keeps each alive while the server runs. `more_routes`
    // join the table; a path and method already in it is a programmer error (the process stops).
    // `more_nav` joins the staff navigation after this module's own entries.
    AccountPages(const config::Config& config, const PageRenderer& renderer, Services services,
                 std::vector<PageRoute> more_routes = {}, std::vector<NavEntry> more_nav = {});

    // True when `path` (without the /en prefix) is one of these pages.
    bool owns(std::string_view path) const;

    // True when a POST to `path` (without the /en prefix) may carry a file (FormKind::kUpload):
    // the server lets such a body reach [http] max_upload_bytes.
    bool accepts_upload(std::string_view path) const;

    boost::asio::awaitable<boost::beast::http::response<boost::beast::http::string_body>> handle(
        const Request& request, const RequestContext& context, Language language, std::string path);

    // Finds the visitor's session from the cookie (renewing it when its roles changed). Someone
    // not signed in gets an anonymous CSRF cookie when `for_forms`, so the page's forms work.
    Visitor visitor_of(const Request& request, bool for_forms = true);

    // The header's account links for any page: filled into the layout through PageFrame.
    void describe_visitor(const Visitor& visitor, Language language, PageFrame& frame) const;

    // Cookies the response must carry for this visitor (renewed session, new CSRF cookie).
    void add_cookies(const Visitor& visitor, boost::beast::http::response_header<>& header) const;

    // The address links in mail start with, when the configuration does not set one: known only
    // once the server has bound its port (port 0 picks one).
    void set_public_url(std::string url) { public_url_ = std::move(url); }

    // Removes expired sessions; called now and then by the portal.
    boost::asio::awaitable<void> remove_expired_sessions();

  private:
    friend class PageCall;

    struct Call;
    struct Route;
    using Response = boost::beast::http::response<boost::beast::http::string_body>;

    boost::asio::awaitable<Response> login_form(Call& call);
    boost::asio::awaitable<Response> login(Call& call);
    boost::asio::awaitable<Response> signup_form(Call& call);
    boost::asio::awaitable<Response> signup(Call& call);
    boost::asio::awaitable<Response> confirm(Call& call);
    boost::asio::awaitable<Response> forgot_form(Call& call);
    boost::asio::awaitable<Response> forgot(Call& call);
    boost::asio::awaitable<Response> reset_form(Call& call);
    boost::asio::awaitable<Response> reset(Call& call);
    boost::asio::awaitable<Response> logout(Call& call);
    boost::asio::awaitable<Response> account(Call& call);
    boost::asio::awaitable<Response> change_password(Call& call);
    boost::asio::awaitable<Response> change_language(Call& call);
    boost::asio::awaitable<Response> change_email(Call& call);
    boost::asio::awaitable<Response> confirm_email(Call& call);
    boost::asio::awaitable<Response> confirm_action_form(Call& call);
    boost::asio::awaitable<Response> confirm_action(Call& call);
    boost::asio::awaitable<Response> logout_everywhere(Call& call);
    boost::asio::awaitable<Response> staff_users(Call& call);
    boost::asio::awaitable<Response> save_user(Call& call);
    boost::asio::awaitable<Response> staff_audit(Call& call);
    boost::asio::awaitable<Response> staff_mail(Call& call);

    // Shared by the handlers.
    Response form_page(Call& call, boost::beast::http::status status, const FormPage& page) const;
    Response notice(Call& call, std::string_view title_key, std::string_view text) const;
    Response redirect(Call& call, std::string_view location) const;
    Response too_many(Call& call, std::chrono::seconds wait) const;
    // A staff page named after its template: name.tpl, title message name_title.
    Response staff_page(Call& call, std::string_view name,
                        const PageRenderer::FillBody& fill) const;
    Response staff_page(Call& call, std::string_view body_template, const std::string& title,
                        boost::beast::http::status status,
                        const PageRenderer::FillBody& fill) const;
    // Uses up the mailed link `token` names, if it is one of ours, valid for `purpose`.
    boost::asio::awaitable<std::optional<OneTimeLink>> take_link(std::string_view token,
                                                                 LinkPurpose purpose) const;
    // A redirect home that ends the session cookie.
    Response signed_out(Call& call) const;
    // The Set-Cookie for a session token; an empty token deletes the cookie.
    std::string session_cookie(std::string_view token) const;
    // Resolves once the message is queued on disk.
    boost::asio::awaitable<std::int64_t> mail(const User& user, std::string_view key,
                                              std::string_view link) const;
    std::string link(Language language, std::string_view path, std::string_view token) const;
    boost::asio::awaitable<void> audit(Call& call, std::string_view action, std::string_view target,
                                       std::string_view detail) const;
    // The same entry, for a store to append in the transaction of the change it records.
    AuditEntry audit_entry(Call& call, std::string_view action, std::string_view target,
                           std::string_view detail) const;
    // Verifies a password on the hashing pool.
    boost::asio::awaitable<bool> verify(std::string encoded, std::string password);
    boost::asio::awaitable<std::string> hash(std::string password);
    // The problem with a new password, as a message in the visitor's language, or empty.
    std::string new_password_problem(Language language, std::string_view password) const;

    static const Route kRoutes[];

    // kRoutes and every module's routes: the one table handle() dispatches on.
    std::vector<PageRoute> routes_;
    // Every module's staff navigation, in order.
    std::vector<NavEntry> nav_;

    const config::Config& config_;
    const PageRenderer& renderer_;
    Services services_;
    PasswordHasher hasher_;
    // Verified against when an address has no account, so a wrong address takes as long as a
    // wrong password and sign-in does not reveal who has an account.
    std::string decoy_hash_;
    bool secure_cookies_;
    std::string public_url_;
    RateLimiter failed_logins_by_account_;
    RateLimiter failed_logins_by_address_;
    RateLimiter signups_by_address_;
    RateLimiter mails_by_account_;
    RateLimiter resets_by_address_;
};

// One request to a page route, as a module's handler sees it once the route's access rule and,
// for a POST, the CSRF check have passed. Lives for the handler's whole run (handle() keeps it).
class PageCall {
  public:
    using Response = boost::beast::http::response<boost::beast::http::string_body>;

    const Request& request() const;
    const RequestContext& context() const;
    Language language() const;
    // The signed-in account: every route but kAnyone ones has one.
    const User& user() const;
    // A POST's text fields (a multipart form's too); empty for GET.
    const FormData& form() const;
    // The file chosen for `field` in a kUpload route's multipart form, or nothing.
    const UploadedFile* file(std::string_view field) const;
    // The token the page's own forms carry in their csrf field.
    std::string csrf_token() const;
    // A query parameter's value, or empty.
    std::string query(std::string_view name) const;
    // `path` ("/staff/meetings") in the request's language: "/en/staff/meetings" in English.
    std::string path(std::string_view path) const;
    // A message of the catalogue in the request's language.
    const std::string& text(std::string_view key) const;
    // What a refusal says, in the request's language (PageRenderer::explain).
    std::string explain(const InvalidInput& problem) const;
    // The same with "{name}" in it replaced by `value`.
    std::string text(std::string_view key, std::string_view name, std::string_view value) const;

    // A staff page: `body_template` in the layout under `title`, with the staff navigation
    // (a {{>STAFF_NAV}} include) filled in for what this account may reach.
    Response staff_page(std::string_view body_template, const std::string& title,
                        boost::beast::http::status status,
                        const PageRenderer::FillBody& fill) const;
    // 303 See Other: where a form goes after it has done its work.
    Response redirect(std::string_view location) const;
    // An audit log entry with who (this account) and from where.
    boost::asio::awaitable<void> audit(std::string_view action, std::string_view target,
                                       std::string_view detail) const;
    // The same entry, for a store to append in the transaction of the change it records.
    AuditEntry audit_entry(std::string_view action, std::string_view target,
                           std::string_view detail) const;

  private:
    friend class AccountPages;
    PageCall(const AccountPages& pages, AccountPages::Call& call) : pages_(pages), call_(call) {}
    const AccountPages& pages_;
    AccountPages::Call& call_;
};

}  // namespace councilcast::portal
