#include "portal/mail/email_address.hpp"

#include <boost/algorithm/string/trim.hpp>

#include <algorithm>

namespace councilcast::portal {
namespace {

constexpr std::size_t kMaxAddress = 254;
constexpr std::size_t kMaxLocalPart = 64;

bool allowed(char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= ' ' || byte >= 0x7f) return false;
    return std::string_view("\"(),:;<>[\\]").find(c) == std::string_view::npos;
}

}  // namespace

std::optional<std::string> normalise_email(std::string_view typed) {
    std::string address = boost::algorithm::trim_copy(std::string(typed));
    if (address.empty() || address.size() > kMaxAddress) return std::nullopt;
    std::transform(address.begin(), address.end(), address.begin(), [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    });
    if (!std::all_of(address.begin(), address.end(), allowed)) return std::nullopt;
    const auto at = address.find('@');
    if (at == std::string::npos || address.find('@', at + 1) != std::string::npos) {
        return std::nullopt;
    }
    const std::string_view local = std::string_view(address).substr(0, at);
    const std::string_view domain = std::string_view(address).substr(at + 1);
    if (local.empty() || local.size() > kMaxLocalPart) return std::nullopt;
    const auto dot = domain.find('.');
    if (dot == std::string_view::npos || dot == 0 || domain.back() == '.' ||
        domain.find("..") != std::string_view::npos) {
        return std::nullopt;
    }
    return address;
}

}  // namespace councilcast::portal
