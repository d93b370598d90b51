#include "portal/mail/email_address.hpp"

#include <boost/algorithm/string/trim.hpp>

#include <algorithm>

#include "common/mail_address.hpp"

namespace councilcast::portal {

std::optional<std::string> normalise_email(std::string_view typed) {
    std::string address = boost::algorithm::trim_copy(std::string(typed));
    std::transform(address.begin(), address.end(), address.begin(), [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    });
    if (!is_mail_address(address)) return std::nullopt;
    // A resident's mailbox is on the internet: a domain without a dot ("ona@gmail") is a typo
    // that would only bounce the confirmation mail.
    if (address.find('.', address.find('@')) == std::string::npos) return std::nullopt;
    return address;
}

}  // namespace councilcast::portal
