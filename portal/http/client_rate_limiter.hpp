// Counts events per client address in a sliding hour, an IPv6 client also with its neighbours,
// so that holding many addresses does not multiply an allowance.
#pragma once

#include <boost/asio/ip/address.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "portal/http/rate_limiter.hpp"

namespace councilcast::portal {

// A client is an IPv4 address or an IPv6 /64 (ConnectionLimiter::client_of). One IPv6 site (a
// home, an office, a school) is usually given a /48, which holds 65,536 /64s: counted per /64
// alone, it would have 65,536 allowances. So each /48 is also counted, with the allowance of
// kClientsPerNetwork clients: enough for neighbours behind one provider, not for one holder
// of many /64s. An IPv4 address is scarce enough to count alone. Thread-safe.
//
// `about` narrows what is counted (an account): the counts are then per client and per network
// for that one thing. Empty: everything the client does.
class ClientRateLimiter {
  public:
    using Clock = RateLimiter::Clock;
    static constexpr std::uint32_t kClientsPerNetwork = 8;

    // At most `limit` events per client, and kClientsPerNetwork times that per IPv6 /48, within
    // `window`.
    ClientRateLimiter(std::uint32_t limit, std::chrono::seconds window);

    // As RateLimiter's, for the client and its network: the longer wait of the two.
    std::chrono::seconds retry_after(const boost::asio::ip::address& client,
                                     std::string_view about = {},
                                     Clock::time_point now = Clock::now());
    void record(const boost::asio::ip::address& client, std::string_view about = {},
                Clock::time_point now = Clock::now());
    // Counts the event in both or neither.
    std::chrono::seconds try_take(const boost::asio::ip::address& client,
                                  std::string_view about = {},
                                  Clock::time_point now = Clock::now());
    void give_back(const boost::asio::ip::address& client, std::string_view about,
                   Clock::time_point taken);
    // Forgets the client's own events; its network's stay counted.
    void clear(const boost::asio::ip::address& client, std::string_view about = {});

    // The IPv6 /48 the address lies in; nothing for IPv4 (also when mapped into IPv6).
    static std::optional<boost::asio::ip::address> network_of(
        const boost::asio::ip::address& client);

  private:
    RateLimiter per_client_;
    RateLimiter per_network_;
};

}  // namespace councilcast::portal
