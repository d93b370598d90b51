// Who sent a request that came through a reverse proxy: the right-most address in its
// X-Forwarded-For or Forwarded header that is not one of the proxies the configuration trusts.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/fields.hpp>

#include <cstddef>
#include <optional>
#include <vector>

#include "common/network_address.hpp"

namespace councilcast::portal {

// Each proxy appends the address it received the request from, so the right end of the list
// is written by our own proxies and the left by whoever the client is, who may write anything:
// read from the right, the first address that is not a trusted proxy is the client. Only a
// request whose peer is a trusted proxy is read at all; any other sender's header is ignored.
// Reading is bounded (the last kMaxBytes of the header, kMaxHops hops): whatever lies further
// left could only have been written by the client. A hop that is no address ("unknown", an
// obfuscated name, garbage) where the client should be leaves the peer as the client.
class ForwardedClient {
  public:
    enum class Header { kXForwardedFor, kForwarded };

    static constexpr std::size_t kMaxBytes = 4096;
    static constexpr std::size_t kMaxHops = 16;

    // No ranges: no proxy is trusted and the peer is always the client.
    ForwardedClient(std::vector<AddressRange> trusted_proxies, Header header);

    bool trusts(const boost::asio::ip::address& peer) const;
    // The address the request was forwarded for, or nothing when the peer is the client.
    std::optional<boost::asio::ip::address> forwarded_for(
        const boost::asio::ip::address& peer, const boost::beast::http::fields& fields) const;

  private:
    std::vector<AddressRange> trusted_;
    Header header_;
};

}  // namespace councilcast::portal
