#include "portal/accounts/session_manager.hpp"

#include "common/secret_token.hpp"

namespace councilcast::portal {
namespace {

// last_seen is written at most this often per session: idle expiry needs minutes, not every
// request's millisecond, and a page view should not cost a database write.
constexpr std::int64_t kTouchEveryMs = 60'000;

}  // namespace

SessionManager::SessionManager(AccountStore& store, std::chrono::minutes idle_timeout,
                               std::chrono::hours absolute_timeout)
    : store_(store), idle_timeout_(idle_timeout), absolute_timeout_(absolute_timeout) {}

boost::asio::awaitable<std::string> SessionManager::start(const User& user, std::int64_t now_ms) {
    std::string token = new_secret_token();
    // Made outside the co_await expression: GCC 12 mishandles temporaries there.
    auto stored =
        store_.create_session(digest_hex(token), {user.id, now_ms, now_ms, user.authz_version});
    co_await std::move(stored);
    co_return token;
}

std::optional<ActiveSession> SessionManager::resume(std::string_view token, std::int64_t now_ms) {
    if (!looks_like_token(token)) return std::nullopt;
    const std::string digest = digest_hex(token);
    auto session = store_.find_session(digest);
    if (!session) return std::nullopt;
    const bool idle = now_ms - session->last_seen_unix_ms >= idle_timeout_.count();
    const bool too_old =
        now_ms - session->created_unix_ms >=
        std::chrono::duration_cast<std::chrono::milliseconds>(absolute_timeout_).count();
    auto user = store_.find_user(session->user_id);
    if (idle || too_old || !user || user->disabled) {
        store_.delete_session(digest);
        return std::nullopt;
    }
    ActiveSession active{*user, std::string(token), false, session->created_unix_ms};
    if (session->authz_version != user->authz_version) {
        // Roles changed: the same sign-in continues under a new token, its age unchanged.
        active.token = new_secret_token();
        active.renewed = true;
        store_.replace_session(digest, digest_hex(active.token),
                               {user->id, session->created_unix_ms, now_ms, user->authz_version});
    } else if (now_ms - session->last_seen_unix_ms >= kTouchEveryMs) {
        store_.touch_session(digest, now_ms);
    }
    return active;
}

std::optional<User> SessionManager::peek(std::string_view token, std::int64_t now_ms) const {
    if (!looks_like_token(token)) return std::nullopt;
    auto session = store_.find_session(digest_hex(token));
    if (!session) return std::nullopt;
    if (now_ms - session->last_seen_unix_ms >= idle_timeout_.count() ||
        now_ms - session->created_unix_ms >=
            std::chrono::duration_cast<std::chrono::milliseconds>(absolute_timeout_).count()) {
        return std::nullopt;
    }
    auto user = store_.find_user(session->user_id);
    if (!user || user->disabled) return std::nullopt;
    return user;
}

void SessionManager::end(std::string_view token) {
    if (looks_like_token(token)) store_.delete_session(digest_hex(token));
}

boost::asio::awaitable<void> SessionManager::end_all(std::int64_t user_id) {
    return store_.delete_sessions_of(user_id);
}

boost::asio::awaitable<int> SessionManager::remove_expired(std::int64_t now_ms) {
    return store_.delete_stale_sessions(
        now_ms - idle_timeout_.count(),
        now_ms - std::chrono::duration_cast<std::chrono::milliseconds>(absolute_timeout_).count());
}

}  // namespace councilcast::portal
