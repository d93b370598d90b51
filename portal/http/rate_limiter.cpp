#include "portal/http/rate_limiter.hpp"

namespace councilcast::portal {

void RateLimiter::prune(std::deque<Clock::time_point>& events, Clock::time_point now) const {
    while (!events.empty() && events.front() + window_ <= now) events.pop_front();
}

std::chrono::seconds RateLimiter::retry_after(std::string_view key, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    auto it = events_.find(std::string(key));
    if (it == events_.end()) return std::chrono::seconds(0);
    prune(it->second, now);
    if (it->second.size() < limit_) return std::chrono::seconds(0);
    const auto wait = it->second.front() + window_ - now;
    return std::chrono::ceil<std::chrono::seconds>(wait);
}

void RateLimiter::record(std::string_view key, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    if (events_.size() >= kSweepAtKeys) {
        for (auto it = events_.begin(); it != events_.end();) {
            prune(it->second, now);
            it = it->second.empty() ? events_.erase(it) : std::next(it);
        }
    }
    auto& events = events_[std::string(key)];
    prune(events, now);
    events.push_back(now);
    // Events beyond the limit add nothing: the key is blocked until the oldest one leaves.
    while (events.size() > limit_) events.pop_front();
}

void RateLimiter::clear(std::string_view key) {
    std::lock_guard lock(mutex_);
    events_.erase(std::string(key));
}

}  // namespace councilcast::portal
