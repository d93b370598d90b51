// The limits on what one client address does with problem reports, counted at the HTTP
// boundary before anything is written: reports sent (each mails someone and may carry photos
// decoded off the network thread) and subscriptions asked for (each mails a confirmation).
#pragma once

#include <boost/asio/ip/address.hpp>

#include <chrono>
#include <cstdint>

#include "portal/http/client_rate_limiter.hpp"

namespace councilcast::portal {

// What each limit allows a client address (an IPv6 /64, see ClientRateLimiter): a resident
// reports a few problems on a walk, a family shares an address; nobody needs more.
struct ReportRateSettings {
    std::uint32_t reports = 10;  // report forms sent, per hour
    std::chrono::seconds report_window{3600};
    std::uint32_t subscriptions = 10;  // subscription forms and questionnaire answers, per hour
    std::chrono::seconds subscription_window{3600};
};

// In memory, like every other rate limit (RateLimiter says why); thread-safe.
class ReportRateLimits {
  public:
    explicit ReportRateLimits(const ReportRateSettings& settings = {});

    // Each counts one event when the client has room: zero then; otherwise how long to wait,
    // and nothing is counted.
    std::chrono::seconds take_report(const boost::asio::ip::address& client);
    std::chrono::seconds take_subscription(const boost::asio::ip::address& client);

  private:
    ClientRateLimiter reports_;
    ClientRateLimiter subscriptions_;
};

}  // namespace councilcast::portal
