#include "portal/bookings/booking_rate_limits.hpp"

namespace councilcast::portal {

BookingRateLimits::BookingRateLimits(const BookingRateSettings& settings)
    : holds_(settings.holds, settings.hold_window),
      bookings_(settings.bookings, settings.booking_window),
      api_(settings.api_requests, settings.api_window) {}

std::chrono::seconds BookingRateLimits::take_hold(const boost::asio::ip::address& client) {
    return holds_.try_take(client, "booking.hold");
}

std::chrono::seconds BookingRateLimits::take_booking(const boost::asio::ip::address& client) {
    return bookings_.try_take(client, "booking.book");
}

std::chrono::seconds BookingRateLimits::take_api(const boost::asio::ip::address& client) {
    return api_.try_take(client, "booking.api");
}

}  // namespace councilcast::portal
