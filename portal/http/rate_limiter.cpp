#include "portal/http/rate_limiter.hpp"

#include <algorithm>

namespace councilcast::portal {

void RateLimiter::prune(std::deque<Clock::time_point>& events, Clock::time_point now) const {
    while (!events.empty() && events.front() + window_ <= now) events.pop_front();
}

std::chrono::seconds RateLimiter::wait_of(std::deque<Clock::time_point>& events,
                                          Clock::time_point now) const {
    prune(events, now);
    if (events.size() < limit_) return std::chrono::seconds(0);
    return std::chrono::ceil<std::chrono::seconds>(events.front() + window_ - now);
}

void RateLimiter::sweep(Clock::time_point now) {
    if (events_.size() < kSweepAtKeys) return;
    for (auto it = events_.begin(); it != events_.end();) {
        prune(it->second, now);
        it = it->second.empty() ? events_.erase(it) : std::next(it);
    }
}

std::chrono::seconds RateLimiter::retry_after(std::string_view key, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto it = events_.find(std::string(key));
    if (it == events_.end()) return std::chrono::seconds(0);
    return wait_of(it->second, now);
}

void RateLimiter::record(std::string_view key, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    sweep(now);
    auto& events = events_[std::string(key)];
    prune(events, now);
    events.push_back(now);
    // Events beyond the limit add nothing: the key is blocked until the oldest one leaves.
    while (events.size() > limit_) events.pop_front();
}

std::chrono::seconds RateLimiter::try_take(std::string_view key, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    sweep(now);
    auto& events = events_[std::string(key)];
    if (auto wait = wait_of(events, now); wait.count() > 0) return wait;
    events.push_back(now);
    return std::chrono::seconds(0);
}

void RateLimiter::give_back(std::string_view key, Clock::time_point taken) {
    std::lock_guard lock(mutex_);
    auto it = events_.find(std::string(key));
    if (it == events_.end()) return;
    auto& events = it->second;
    // Events are in time order; the newest one taken at that moment goes.
    auto found = std::find(events.rbegin(), events.rend(), taken);
    if (found != events.rend()) events.erase(std::next(found).base());
    if (events.empty()) events_.erase(it);
}

void RateLimiter::clear(std::string_view key) {
    std::lock_guard lock(mutex_);
    events_.erase(std::string(key));
}

}  // namespace councilcast::portal
