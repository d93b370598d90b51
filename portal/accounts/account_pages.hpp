// Sign-up, sign-in, forgotten passwords, the account page and the confirmations residents
// follow from mail: the accounts module's pages, contributed to the router as routes.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "portal/accounts/account_mail.hpp"
#include "portal/accounts/account_store.hpp"
#include "portal/accounts/common_passwords.hpp"
#include "portal/accounts/gate.hpp"
#include "portal/accounts/hashing_pool.hpp"
#include "portal/accounts/one_off_actions.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/accounts/password_hasher.hpp"
#include "portal/accounts/session_manager.hpp"
#include "portal/accounts/sign_in_limits.hpp"
#include "portal/http/client_rate_limiter.hpp"
#include "portal/http/rate_limiter.hpp"
#include "portal/mail/mail_queue.hpp"
#include "portal/pages/form_page.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

class AccountPages {
  public:
    struct Services {
        AccountStore& store;
        SessionManager& sessions;
        HashingPool& hashing;
        const CommonPasswords& common_passwords;
        // Messages wait here until the relay takes them; this module's go through AccountMail.
        MailQueue& mail;
        // What residents without an account confirm by a mailed link.
        OneOffActions& one_off_actions;
    };

    // Non-owning references: the portal keeps each alive while the server runs.
    AccountPages(const config::Config& config, const PageRenderer& renderer, const Gate& gate,
                 Services services);

    // The routes of these pages (kept by the router while the server runs, pointing into this
    // object) and what crawlers should leave alone.
    ModuleEntries entries();

    // The address links in mail start with, when the configuration does not set one: known only
    // once the server has bound its port (port 0 picks one).
    void set_public_url(std::string url) { mail_.set_public_url(std::move(url)); }

    // Removes expired sessions and one-time links; called now and then by the portal.
    boost::asio::awaitable<void> remove_expired();

  private:
    using Response = PageCall::Response;

    boost::asio::awaitable<Response> login_form(PageCall& call);
    boost::asio::awaitable<Response> login(PageCall& call);
    boost::asio::awaitable<Response> signup_form(PageCall& call);
    boost::asio::awaitable<Response> signup(PageCall& call);
    boost::asio::awaitable<Response> confirm_form(PageCall& call);
    boost::asio::awaitable<Response> confirm(PageCall& call);
    boost::asio::awaitable<Response> forgot_form(PageCall& call);
    boost::asio::awaitable<Response> forgot(PageCall& call);
    boost::asio::awaitable<Response> reset_form(PageCall& call);
    boost::asio::awaitable<Response> reset(PageCall& call);
    boost::asio::awaitable<Response> logout(PageCall& call);
    boost::asio::awaitable<Response> account(PageCall& call);
    boost::asio::awaitable<Response> change_password(PageCall& call);
    boost::asio::awaitable<Response> change_language(PageCall& call);
    boost::asio::awaitable<Response> change_email(PageCall& call);
    boost::asio::awaitable<Response> confirm_email_form(PageCall& call);
    boost::asio::awaitable<Response> confirm_email(PageCall& call);
    boost::asio::awaitable<Response> confirm_action_form(PageCall& call);
    boost::asio::awaitable<Response> confirm_action(PageCall& call);
    boost::asio::awaitable<Response> logout_everywhere(PageCall& call);

    // Shared by the handlers.
    Response form_page(PageCall& call, boost::beast::http::status status,
                       const FormPage& page) const;
    Response notice(PageCall& call, std::string_view title_key, std::string_view text) const;
    Response button_page(PageCall& call, std::string_view title_key, std::string_view intro_key,
                         std::string_view submit_key, std::string_view action) const;
    Response too_many(PageCall& call, std::chrono::seconds wait) const;
    // Uses up the mailed link `token` names, if it is one of ours, valid for `purpose`.
    boost::asio::awaitable<std::optional<OneTimeLink>> take_link(std::string_view token,
                                                                 LinkPurpose purpose) const;
    // A redirect home that ends the session cookie.
    Response signed_out(PageCall& call) const;
    // /forgot's work, done after its answer: a link for `email`, if it has an account.
    boost::asio::awaitable<void> mail_reset_link(std::string email);
    // Mails a notice of a change to `user`'s address.
    boost::asio::awaitable<void> notify(AccountMailKind kind, const User& user);
    // Verifies a password on the hashing pool.
    boost::asio::awaitable<bool> verify(std::string encoded, std::string password);
    boost::asio::awaitable<std::string> hash(std::string password);
    // The same for a counted sign-in attempt, uncounted if its password cannot be checked.
    boost::asio::awaitable<bool> verify(SignInLimits::Attempt attempt, std::string encoded,
                                        std::string password);
    // The problem with a new password, as a message in the visitor's language, or empty.
    std::string new_password_problem(Language language, std::string_view password) const;
    std::size_t min_password() const { return config_.accounts.min_password_length; }

    const config::Config& config_;
    const PageRenderer& renderer_;
    const Gate& gate_;
    Services services_;
    PasswordHasher hasher_;
    // Verified against when an address has no account, so a wrong address takes as long as a
    // wrong password and sign-in does not reveal who has an account.
    std::string decoy_hash_;
    AccountMail mail_;
    SignInLimits sign_in_limits_;
    ClientRateLimiter signups_by_address_;
    ClientRateLimiter resets_by_address_;
};

}  // namespace councilcast::portal
