#include "portal/http/client_rate_limiter.hpp"

#include <algorithm>
#include <limits>

#include "portal/http/http_server.hpp"

namespace councilcast::portal {
namespace {

// An address cannot hold a newline: "about" and the address cannot run together ambiguously.
std::string key(std::string_view about, const boost::asio::ip::address& address) {
    return std::string(about) + "\n" + address.to_string();
}

std::uint32_t network_limit(std::uint32_t limit) {
    const std::uint64_t product = std::uint64_t{limit} * ClientRateLimiter::kClientsPerNetwork;
    return static_cast<std::uint32_t>(
        std::min<std::uint64_t>(product, std::numeric_limits<std::uint32_t>::max()));
}

}  // namespace

ClientRateLimiter::ClientRateLimiter(std::uint32_t limit, std::chrono::seconds window)
    : per_client_(limit, window), per_network_(network_limit(limit), window) {}

std::optional<boost::asio::ip::address> ClientRateLimiter::network_of(
    const boost::asio::ip::address& client) {
    const boost::asio::ip::address address = ConnectionLimiter::client_of(client);
    if (!address.is_v6()) return std::nullopt;
    auto bytes = address.to_v6().to_bytes();
    std::fill(bytes.begin() + 6, bytes.end(), 0);
    return boost::asio::ip::address_v6(bytes);
}

std::chrono::seconds ClientRateLimiter::retry_after(const boost::asio::ip::address& client,
                                                    std::string_view about, Clock::time_point now) {
    auto wait = per_client_.retry_after(key(about, ConnectionLimiter::client_of(client)), now);
    if (auto network = network_of(client)) {
        wait = std::max(wait, per_network_.retry_after(key(about, *network), now));
    }
    return wait;
}

void ClientRateLimiter::record(const boost::asio::ip::address& client, std::string_view about,
                               Clock::time_point now) {
    per_client_.record(key(about, ConnectionLimiter::client_of(client)), now);
    if (auto network = network_of(client)) per_network_.record(key(about, *network), now);
}

std::chrono::seconds ClientRateLimiter::try_take(const boost::asio::ip::address& client,
                                                 std::string_view about, Clock::time_point now) {
    const std::string client_key = key(about, ConnectionLimiter::client_of(client));
    if (auto wait = per_client_.try_take(client_key, now); wait.count() > 0) return wait;
    if (auto network = network_of(client)) {
        if (auto wait = per_network_.try_take(key(about, *network), now); wait.count() > 0) {
            per_client_.give_back(client_key, now);
            return wait;
        }
    }
    return std::chrono::seconds(0);
}

void ClientRateLimiter::give_back(const boost::asio::ip::address& client, std::string_view about,
                                  Clock::time_point taken) {
    per_client_.give_back(key(about, ConnectionLimiter::client_of(client)), taken);
    if (auto network = network_of(client)) per_network_.give_back(key(about, *network), taken);
}

void ClientRateLimiter::clear(const boost::asio::ip::address& client, std::string_view about) {
    per_client_.clear(key(about, ConnectionLimiter::client_of(client)));
}

}  // namespace councilcast::portal
