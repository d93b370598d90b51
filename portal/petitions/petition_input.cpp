#include "portal/petitions/petition_input.hpp"

#include <algorithm>

#include "common/error.hpp"

namespace councilcast::portal {

namespace {

constexpr std::size_t kMaxClientAddress = 64;

}  // namespace

std::string language(std::string_view text) {
    if (text != "lt" && text != "en") throw InvalidInput::text("petition_error_language");
    return std::string(text);
}

std::string client_address(std::string_view text) {
    // Digits, hex letters, dots and colons; an IPv6 zone ("%eth0") adds letters, '_', '-'
    // (ASCII only, whatever the locale).
    const bool plausible = !text.empty() && text.size() <= kMaxClientAddress &&
                           std::all_of(text.begin(), text.end(), [](char c) {
                               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                                      (c >= 'A' && c <= 'Z') ||
                                      std::string_view(".:%_-").find(c) != std::string_view::npos;
                           });
    if (!plausible) throw InvalidInput::text("petition_error_address");
    return std::string(text);
}

}  // namespace councilcast::portal
