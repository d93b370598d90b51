#include "portal/accounts/sign_in_limits.hpp"

namespace councilcast::portal {
namespace {

constexpr std::chrono::hours kSignInWindow{1};

}  // namespace

SignInLimits::SignInLimits(const config::Accounts& accounts)
    : by_address_(accounts.max_failed_logins_per_address, kSignInWindow),
      by_account_and_address_(accounts.max_failed_logins_per_account_and_address, kSignInWindow),
      by_account_(accounts.max_failed_logins_per_account, kSignInWindow) {}

std::chrono::seconds SignInLimits::begin(const Attempt& attempt) {
    if (auto wait = by_address_.try_take(attempt.client, {}, attempt.at); wait.count() > 0) {
        return wait;
    }
    auto wait = by_account_and_address_.try_take(attempt.client, attempt.account, attempt.at);
    if (wait.count() == 0) {
        wait = by_account_.try_take(attempt.account, attempt.at);
        if (wait.count() > 0) {
            by_account_and_address_.give_back(attempt.client, attempt.account, attempt.at);
        }
    }
    if (wait.count() > 0) by_address_.give_back(attempt.client, {}, attempt.at);
    return wait;
}

void SignInLimits::abandoned(const Attempt& attempt) {
    by_address_.give_back(attempt.client, {}, attempt.at);
    by_account_and_address_.give_back(attempt.client, attempt.account, attempt.at);
    by_account_.give_back(attempt.account, attempt.at);
}

void SignInLimits::succeeded(const Attempt& attempt) {
    abandoned(attempt);
    by_account_and_address_.clear(attempt.client, attempt.account);
}

}  // namespace councilcast::portal
