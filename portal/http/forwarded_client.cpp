#include "portal/http/forwarded_client.hpp"

#include <boost/algorithm/string/predicate.hpp>

#include <algorithm>
#include <string>
#include <string_view>

namespace councilcast::portal {
namespace http = boost::beast::http;
namespace ip = boost::asio::ip;

namespace {

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return text.substr(first, last - first + 1);
}

// "192.0.2.1", "192.0.2.1:4711", "2001:db8::1", "[2001:db8::1]", "[2001:db8::1]:4711".
std::optional<ip::address> parse_node(std::string_view node) {
    node = trim(node);
    std::string_view host = node;
    if (node.starts_with('[')) {
        const auto close = node.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        host = node.substr(1, close - 1);
    } else if (std::count(node.begin(), node.end(), ':') == 1) {
        host = node.substr(0, node.find(':'));
    }
    boost::system::error_code ec;
    ip::address address = ip::make_address(std::string(host), ec);
    if (ec) return std::nullopt;
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        address = ip::make_address_v4(ip::v4_mapped, address.to_v6());
    }
    return address;
}

// The `for=` of one Forwarded element (RFC 7239: pairs split by ';', a value a token or a
// quoted string), or nothing.
std::optional<ip::address> forwarded_for_of(std::string_view element) {
    while (!element.empty()) {
        const auto semicolon = element.find(';');
        std::string_view pair = trim(element.substr(0, semicolon));
        element = semicolon == std::string_view::npos ? std::string_view()
                                                      : element.substr(semicolon + 1);
        if (pair.size() < 4 || !boost::algorithm::iequals(pair.substr(0, 4), "for=")) continue;
        std::string_view value = trim(pair.substr(4));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
            value = value.substr(1, value.size() - 2);
        }
        return parse_node(value);
    }
    return std::nullopt;
}

}  // namespace

ForwardedClient::ForwardedClient(std::vector<AddressRange> trusted_proxies, Header header)
    : trusted_(std::move(trusted_proxies)), header_(header) {}

bool ForwardedClient::trusts(const ip::address& peer) const {
    return std::any_of(trusted_.begin(), trusted_.end(),
                       [&](const AddressRange& range) { return range.contains(peer); });
}

std::optional<ip::address> ForwardedClient::forwarded_for(const ip::address& peer,
                                                          const http::fields& fields) const {
    if (!trusts(peer)) return std::nullopt;
    // Several header lines are one list, in order (RFC 9110 5.3); only the tail is kept.
    const std::string_view name = header_ == Header::kForwarded ? "Forwarded" : "X-Forwarded-For";
    std::string list;
    for (auto [it, end] = fields.equal_range(name); it != end; ++it) {
        if (!list.empty()) list += ',';
        list.append(it->value());
        if (list.size() > 2 * kMaxBytes) list.erase(0, list.size() - kMaxBytes);
    }
    std::string_view rest(list);
    if (rest.size() > kMaxBytes) rest = rest.substr(rest.size() - kMaxBytes);
    // Hops from the right, split at commas outside quoted strings (a quote is a quote read from
    // either end, and no address holds one).
    std::optional<ip::address> last_trusted;
    for (std::size_t hops = 0; hops < kMaxHops && !rest.empty(); ++hops) {
        bool quoted = false;
        std::size_t start = rest.size();
        while (start > 0 && (quoted || rest[start - 1] != ',')) {
            if (rest[start - 1] == '"') quoted = !quoted;
            --start;
        }
        const std::string_view hop = rest.substr(start);
        rest = rest.substr(0, start == 0 ? 0 : start - 1);
        const std::optional<ip::address> address =
            header_ == Header::kForwarded ? forwarded_for_of(hop) : parse_node(hop);
        if (!address) return std::nullopt;
        if (!trusts(*address)) return address;
        last_trusted = address;
    }
    // Every hop was one of our own machines: the left-most one read sent the request.
    return last_trusted;
}

}  // namespace councilcast::portal
