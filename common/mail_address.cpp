#include "common/mail_address.hpp"

#include <algorithm>

namespace councilcast {
namespace {

bool allowed(char c) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= ' ' || byte >= 0x7f) return false;
    return std::string_view("\"(),:;<>[\\]").find(c) == std::string_view::npos;
}

}  // namespace

bool is_mail_address(std::string_view address) {
    if (address.empty() || address.size() > kMaxMailAddressBytes) return false;
    if (!std::all_of(address.begin(), address.end(), allowed)) return false;
    const auto at = address.find('@');
    if (at == std::string_view::npos || address.find('@', at + 1) != std::string_view::npos) {
        return false;
    }
    const std::string_view local = address.substr(0, at);
    const std::string_view domain = address.substr(at + 1);
    if (local.empty() || local.size() > kMaxMailLocalPartBytes) return false;
    return !domain.empty() && domain.front() != '.' && domain.back() != '.' &&
           domain.find("..") == std::string_view::npos;
}

}  // namespace councilcast
