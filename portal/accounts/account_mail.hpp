// Every mail about an account goes out through here: the one place its per-recipient limit is
// checked and a one-time link is made, stored and mailed.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <string>
#include <string_view>

#include "config/config.hpp"
#include "portal/accounts/account_store.hpp"
#include "portal/mail/mail_queue.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

// What a message says; its texts are the catalogue's `mail_<name>_subject` and `_body`.
enum class AccountMailKind {
    kVerify,             // a link that confirms a new account's address
    kAlreadyRegistered,  // someone signed up again with the address; a link to /forgot
    kReset,              // a link that sets a new password
    kChangeEmail,        // a link that makes a new address the account's; sent to that address
    kPasswordChanged,    // notice: the password was changed
    kEmailChanged,       // notice to the address the account had: it was replaced
};

enum class Repeat {
    kWithinLimit,    // up to [accounts] max_mails_per_account an hour to the address
    kOncePerWindow,  // besides, at most one of this kind an hour (a sign-in resending a link)
};

// Thread-safe (the queue counts and stores on the writer's one thread). Mail that carries a
// link anyone can ask for (sign-up, a forgotten password, a new address) and notices of a change
// only the account's holder can make have an allowance each, so a flood of requested links
// cannot use up the room a notice needs.
class AccountMail {
  public:
    // Non-owning references: each outlives this.
    AccountMail(const config::Accounts& settings, const PageRenderer& renderer, MailQueue& queue);

    // The address links start with.
    void set_public_url(std::string url) { public_url_ = std::move(url); }

    // Mails `kind` to `user`'s address in the user's language. A kind with a one-time link
    // stores the link in the transaction that queues its message. Resolves to a refusal (and
    // stores nothing) when the address has had its allowance; throws what MailQueue::enqueue
    // throws.
    boost::asio::awaitable<Enqueued> send(AccountMailKind kind, const User& user,
                                          Repeat repeat = Repeat::kWithinLimit) const;
    // The link that makes `new_address` the account's, mailed to that address.
    boost::asio::awaitable<Enqueued> send_address_link(const User& user,
                                                       std::string_view new_address) const;

  private:
    boost::asio::awaitable<Enqueued> queue(AccountMailKind kind, const User& user,
                                           const std::string& to, std::string_view data,
                                           Repeat repeat) const;

    const config::Accounts& settings_;
    const PageRenderer& renderer_;
    MailQueue& queue_;
    std::string public_url_;
};

}  // namespace councilcast::portal
