#include "common/network_address.hpp"

#include <fmt/core.h>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <cctype>
#include <optional>

#include "common/error.hpp"

namespace councilcast {
namespace {

constexpr unsigned kMaxPort = 65535;
constexpr std::size_t kMaxPortDigits = 5;

// The port as written, or nothing when it is not a number up to 65535.
std::optional<std::uint16_t> port_number(std::string_view port) {
    if (port.empty() || port.size() > kMaxPortDigits ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    unsigned value = 0;
    for (char c : port) value = value * 10 + static_cast<unsigned>(c - '0');
    if (value > kMaxPort) return std::nullopt;
    return static_cast<std::uint16_t>(value);
}

}  // namespace

ListenAddress parse_listen_address(std::string_view listen) {
    const auto colon = listen.rfind(':');
    if (colon == std::string_view::npos) {
        throw InvalidInput(
            "expected HOST:PORT, e.g. \"127.0.0.1:8080\", \"0.0.0.0:8080\" or \"[::]:8080\"");
    }
    const auto port = port_number(listen.substr(colon + 1));
    if (!port) {
        throw InvalidInput(fmt::format(
            "the port after the last ':' must be a number from 0 to {} (0 picks a free port), "
            "e.g. \"127.0.0.1:8080\"",
            kMaxPort));
    }
    const std::string_view host = listen.substr(0, colon);
    if (host.empty()) {
        throw InvalidInput(
            "the host before ':' is missing; use 0.0.0.0 to listen on every address or "
            "127.0.0.1 for this machine only");
    }
    const auto authority = boost::urls::parse_authority(listen);
    if (host.front() == '[') {
        if (!authority || authority->host_type() != boost::urls::host_type::ipv6) {
            throw InvalidInput(fmt::format(
                "\"{}\" is not an IPv6 address in brackets, e.g. \"[::1]:8080\"", host));
        }
        return {authority->host_ipv6_address().to_string(), *port};
    }
    if (host.find(':') != std::string_view::npos) {
        throw InvalidInput("an IPv6 address must be written in brackets, e.g. \"[::]:8080\"");
    }
    if (!authority || authority->has_userinfo() ||
        authority->host_type() != boost::urls::host_type::ipv4) {
        throw InvalidInput(fmt::format(
            "\"{}\" is not an IP address; host names are not resolved, so use an address such "
            "as 0.0.0.0 or 127.0.0.1",
            host));
    }
    return {authority->host_ipv4_address().to_string(), *port};
}

WebOrigin parse_web_origin(std::string_view url) {
    const auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed || (parsed->scheme() != "https" && parsed->scheme() != "http")) {
        throw InvalidInput(fmt::format("\"{}\" must start with https:// (or http://)", url));
    }
    const bool only_origin =
        parsed->has_authority() && !parsed->has_userinfo() && parsed->encoded_path().empty() &&
        !parsed->has_query() && !parsed->has_fragment() && !parsed->encoded_host().empty() &&
        parsed->host_type() != boost::urls::host_type::ipvfuture &&
        // A host name of letters, digits, dots and hyphens only: an origin goes into the
        // Content-Security-Policy header, where ';', ',' or a quote would end it.
        (parsed->host_type() != boost::urls::host_type::name ||
         std::all_of(parsed->encoded_host().begin(), parsed->encoded_host().end(),
                     [](char c) {
                         return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
                     })) &&
        (!parsed->has_port() || port_number(parsed->port()));
    if (!only_origin) {
        throw InvalidInput(
            fmt::format("\"{}\" must be a scheme and host with an optional port and no path, "
                        "e.g. \"https://www.elektrenai.lt\"",
                        url));
    }
    std::string host(parsed->encoded_host());
    std::transform(host.begin(), host.end(), host.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return {std::string(parsed->scheme()), std::move(host), std::string(parsed->port())};
}

AddressRange parse_address_range(std::string_view cidr) {
    namespace ip = boost::asio::ip;
    boost::system::error_code ec;
    const std::string text(cidr);
    if (text.find(':') == std::string::npos) {
        const ip::network_v4 network = ip::make_network_v4(text, ec);
        if (ec || network.canonical() != network) {
            throw InvalidInput(fmt::format(
                "'{}' is no IPv4 range: write the network and its prefix, as \"10.0.0.0/8\"",
                cidr));
        }
        return {network.address(), network.prefix_length()};
    }
    const ip::network_v6 network = ip::make_network_v6(text, ec);
    if (ec || network.canonical() != network) {
        throw InvalidInput(fmt::format(
            "'{}' is no IPv6 range: write the network and its prefix, as \"fd00::/8\"", cidr));
    }
    return {network.address(), network.prefix_length()};
}

bool AddressRange::contains(const boost::asio::ip::address& address) const {
    namespace ip = boost::asio::ip;
    ip::address candidate = address;
    if (candidate.is_v6() && candidate.to_v6().is_v4_mapped()) {
        candidate = ip::make_address_v4(ip::v4_mapped, candidate.to_v6());
    }
    if (candidate.is_v4() != network.is_v4()) return false;
    if (network.is_v4()) {
        return ip::network_v4(candidate.to_v4(), prefix_length).canonical().address() ==
               network.to_v4();
    }
    return ip::network_v6(candidate.to_v6(), prefix_length).canonical().address() ==
           network.to_v6();
}

}  // namespace councilcast
