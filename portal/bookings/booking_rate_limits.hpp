// The limits on what one client address does with consultations, counted at the HTTP boundary
// before anything is written: holding times (each hold blocks a time for everyone else for a
// few minutes), booking (each booking mails someone) and asking the API for free times (each
// answer runs the slot finder).
#pragma once

#include <boost/asio/ip/address.hpp>

#include <chrono>
#include <cstdint>

#include "portal/http/client_rate_limiter.hpp"

namespace councilcast::portal {

// What each limit allows a client address (an IPv6 /64, see ClientRateLimiter). A person books
// one or two consultations; these leave room for mistakes and a family at one address, not for
// someone holding a day's times.
struct BookingRateSettings {
    std::uint32_t holds = 30;  // times held, per hour
    std::chrono::seconds hold_window{3600};
    std::uint32_t bookings = 10;  // details forms sent, per hour
    std::chrono::seconds booking_window{3600};
    std::uint32_t api_requests = 120;  // /api/v1/consultations/slots, per minute
    std::chrono::seconds api_window{60};
};

// In memory, like every other rate limit (RateLimiter says why); thread-safe.
class BookingRateLimits {
  public:
    explicit BookingRateLimits(const BookingRateSettings& settings = {});

    // Each counts one event when the client has room: zero then; otherwise how long to wait,
    // and nothing is counted.
    std::chrono::seconds take_hold(const boost::asio::ip::address& client);
    std::chrono::seconds take_booking(const boost::asio::ip::address& client);
    std::chrono::seconds take_api(const boost::asio::ip::address& client);

  private:
    ClientRateLimiter holds_;
    ClientRateLimiter bookings_;
    ClientRateLimiter api_;
};

}  // namespace councilcast::portal
