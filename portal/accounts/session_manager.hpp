// Sign-in sessions: made on sign-in, found from the cookie, renewed, expired and ended.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "portal/accounts/account_store.hpp"

namespace councilcast::portal {

struct ActiveSession {
    User user;
    std::string token;  // what the cookie must now hold (a new one when renewed)
    bool renewed = false;
    std::int64_t created_unix_ms = 0;
};

// Tokens are 256-bit random values (secret_token.hpp); the database holds only their digests.
// OWASP ASVS 3.2-3.3: a new token at every sign-in and every change of the account's roles or
// status, idle and absolute expiry checked on every request, logout here and everywhere.
class SessionManager {
  public:
    // `store` is not owned and must outlive the manager.
    SessionManager(AccountStore& store, std::chrono::minutes idle_timeout,
                   std::chrono::hours absolute_timeout);

    // A new session for `user`; resolves to its token once the session is stored. The caller
    // ends the visitor's previous session, if any, so a token planted before sign-in is worth
    // nothing after it.
    boost::asio::awaitable<std::string> start(const User& user, std::int64_t now_ms);

    // The session a cookie names, if it is still valid: not idle too long, not too old, its
    // account enabled. A session whose account's roles changed since is renewed. Reads only;
    // what it changes (last seen, an expired session's removal, a renewal) is posted to the
    // writer, so it never waits for a disk.
    std::optional<ActiveSession> resume(std::string_view token, std::int64_t now_ms);
    // The account of the session a cookie names, if resume() would find it valid, changing
    // nothing: for what is decided from a request's header before its body is read (whether it
    // may carry an upload); resume() still runs for the request itself.
    std::optional<User> peek(std::string_view token, std::int64_t now_ms) const;

    // Posted: the visitor's cookie is cleared at once anyway.
    void end(std::string_view token);
    boost::asio::awaitable<void> end_all(std::int64_t user_id);
    // Removes expired sessions from the database; resolves to how many.
    boost::asio::awaitable<int> remove_expired(std::int64_t now_ms);

    std::chrono::seconds absolute_timeout() const { return absolute_timeout_; }

  private:
    AccountStore& store_;
    const std::chrono::milliseconds idle_timeout_;
    const std::chrono::seconds absolute_timeout_;
};

}  // namespace councilcast::portal
