// The limits on signing and starting petitions, counted at the HTTP boundary before anything is
// written, and the bursts they refused, kept for the moderators' page.
#pragma once

#include <boost/asio/ip/address.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "portal/http/client_rate_limiter.hpp"
#include "portal/http/rate_limiter.hpp"

namespace councilcast::portal {

// What a limit allows.
struct PetitionRateSettings {
    std::uint32_t signatures_per_address = 10;  // per client address (and its IPv6 network)
    std::chrono::seconds address_window{3600};
    std::uint32_t signatures_per_petition = 120;  // per petition, from everyone together
    std::chrono::seconds petition_window{60};
    std::uint32_t starts_per_address = 5;  // new petitions per client address
    std::chrono::seconds start_window{3600};
};

// Why a signature was refused, and for how long.
struct RateRefusal {
    enum class Limit { kNone, kAddress, kPetition };
    Limit limit = Limit::kNone;
    std::chrono::seconds retry_after{0};
    bool refused() const { return limit != Limit::kNone; }
};

// Signatures from one address that a limit refused, for the moderators: a burst a person would
// not make, shown beside the store's flagged addresses.
struct RefusedBurst {
    std::string address;
    std::uint32_t refused = 0;
    std::int64_t last_unix_ms = 0;
};

// In memory, like every other rate limit (RateLimiter says why); thread-safe. What it keeps is
// bounded: kMaxPetitions petitions with kMaxAddresses addresses each, the quietest forgotten
// first, so a flood from made-up addresses cannot grow it.
class PetitionRateLimits {
  public:
    static constexpr std::size_t kMaxPetitions = 1000;
    static constexpr std::size_t kMaxAddresses = 200;

    explicit PetitionRateLimits(const PetitionRateSettings& settings);

    // Counts a signature of `petition_id` from `client` when both limits have room; otherwise
    // counts nothing, remembers the refusal and says which limit refused.
    RateRefusal take_signature(const boost::asio::ip::address& client, std::int64_t petition_id,
                               RateLimiter::Clock::time_point now = RateLimiter::Clock::now());
    // The same for starting a petition: zero, or how long to wait.
    std::chrono::seconds take_start(const boost::asio::ip::address& client,
                                    RateLimiter::Clock::time_point now = RateLimiter::Clock::now());

    // The refused bursts of a petition, the most refused first.
    std::vector<RefusedBurst> refused(std::int64_t petition_id) const;

  private:
    void remember(const boost::asio::ip::address& client, std::int64_t petition_id);

    ClientRateLimiter by_address_;
    RateLimiter by_petition_;
    ClientRateLimiter starts_;
    mutable std::mutex mutex_;  // guards refused_ and order_
    std::map<std::int64_t, std::map<std::string, RefusedBurst>> refused_;
    std::deque<std::int64_t> order_;  // petitions in refused_, the least recently refused first
};

}  // namespace councilcast::portal
