#include "portal/accounts/sign_in_limits.hpp"

#include "portal/http/http_server.hpp"

namespace councilcast::portal {
namespace {

constexpr std::chrono::hours kWindow{1};

std::string address_key(const boost::asio::ip::address& client) {
    return ConnectionLimiter::client_of(client).to_string();
}

}  // namespace

SignInLimits::SignInLimits(const config::Accounts& accounts)
    : by_address_(accounts.max_failed_logins_per_address, kWindow),
      by_account_(accounts.max_failed_logins_per_account, kWindow) {}

std::chrono::seconds SignInLimits::begin(const Attempt& attempt) {
    const std::string address = address_key(attempt.client);
    if (auto wait = by_address_.try_take(address, attempt.at); wait.count() > 0) return wait;
    if (auto wait = by_account_.try_take(attempt.account, attempt.at); wait.count() > 0) {
        by_address_.give_back(address, attempt.at);
        return wait;
    }
    return std::chrono::seconds(0);
}

void SignInLimits::abandoned(const Attempt& attempt) {
    by_address_.give_back(address_key(attempt.client), attempt.at);
    by_account_.give_back(attempt.account, attempt.at);
}

void SignInLimits::succeeded(const Attempt& attempt) {
    by_address_.give_back(address_key(attempt.client), attempt.at);
    by_account_.clear(attempt.account);
}

}  // namespace councilcast::portal
