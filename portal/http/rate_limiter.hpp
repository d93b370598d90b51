// Counts events per key (an account, a client address) in a sliding hour and says when a key
// may act again.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace councilcast::portal {

// In memory: a restart forgets the counts, which at worst grants one more hour's allowance;
// keeping them in the database would put a write on every failed sign-in. Thread-safe.
class RateLimiter {
  public:
    using Clock = std::chrono::steady_clock;

    // At most `limit` events per key within `window`.
    RateLimiter(std::uint32_t limit, std::chrono::seconds window)
        : limit_(limit), window_(window) {}

    // Zero when the key may act now; otherwise how long until its oldest event leaves the window
    // (the Retry-After a client is given), rounded up to whole seconds.
    std::chrono::seconds retry_after(std::string_view key, Clock::time_point now = Clock::now());
    void record(std::string_view key, Clock::time_point now = Clock::now());
    // Counts an event now if the key has one left: zero then; otherwise how long to wait, and
    // nothing is counted. Checking and counting in one step, so that attempts running at once
    // (each awaiting a password hash) cannot all pass the check before any of them is counted.
    std::chrono::seconds try_take(std::string_view key, Clock::time_point now = Clock::now());
    // Uncounts the event try_take counted at `taken`: what it was taken for turned out not to
    // count (the password was right, the server was too busy to check it).
    void give_back(std::string_view key, Clock::time_point taken);
    // Forgets a key's events: a successful sign-in clears the account's failures.
    void clear(std::string_view key);

  private:
    // Under mutex_.
    std::chrono::seconds wait_of(std::deque<Clock::time_point>& events,
                                 Clock::time_point now) const;
    void sweep(Clock::time_point now);
    void prune(std::deque<Clock::time_point>& events, Clock::time_point now) const;

    // Past this many keys, keys with no event left in the window are dropped, so a flood of
    // made-up addresses cannot grow the map without bound.
    static constexpr std::size_t kSweepAtKeys = 100'000;

    const std::uint32_t limit_;
    const std::chrono::seconds window_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::deque<Clock::time_point>> events_;
};

}  // namespace councilcast::portal
