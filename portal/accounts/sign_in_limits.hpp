// The limits that keep password guessing slow: failed sign-ins per client address, per account
// from one client, and per account from everyone, each attempt counted before its password is
// checked.
#pragma once

#include <boost/asio/ip/address.hpp>

#include <chrono>
#include <string>

#include "config/config.hpp"
#include "portal/http/client_rate_limiter.hpp"
#include "portal/http/rate_limiter.hpp"

namespace councilcast::portal {

// A stranger guessing at an account from one address meets the limit per account and client long
// before the account's own, higher one, which stays as the ceiling for guesses from many
// addresses (ASVS V2.2.1): one guesser cannot lock the owner out. Thread-safe.
// An attempt is counted as a failure when it begins and uncounted if it turns out
// not to be one: checking a password awaits a hash (tens of milliseconds), and attempts that
// only checked the counts before it and counted themselves after it could all pass the check
// at once, however many there were.
class SignInLimits {
  public:
    using Clock = RateLimiter::Clock;

    struct Attempt {
        std::string account;  // the address typed, normalised when it is a mail address
        boost::asio::ip::address client;
        Clock::time_point at = Clock::now();
    };

    explicit SignInLimits(const config::Accounts& accounts);

    // Zero when the attempt may check its password, and it is counted in every limit at once;
    // otherwise how long it must wait, and nothing is counted.
    std::chrono::seconds begin(const Attempt& attempt);
    // The password was never checked (the hashing pool was full): the attempt is uncounted.
    void abandoned(const Attempt& attempt);
    // The password was right: the attempt is uncounted, and the account's failures from this
    // client forgotten (not those from others: they may be a guesser's).
    void succeeded(const Attempt& attempt);

  private:
    ClientRateLimiter by_address_;
    ClientRateLimiter by_account_and_address_;  // counted about the account
    RateLimiter by_account_;
};

}  // namespace councilcast::portal
