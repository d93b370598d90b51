#include "portal/accounts/account_mail.hpp"

#include <fmt/core.h>
#include <boost/algorithm/string/replace.hpp>

#include <array>
#include <chrono>
#include <optional>

#include "common/require.hpp"
#include "common/secret_token.hpp"
#include "common/unix_time.hpp"
#include "portal/http/responses.hpp"
#include "portal/pages/target.hpp"

namespace councilcast::portal {
namespace {

constexpr std::chrono::hours kWindow{1};

// One kind of account mail: its catalogue name, which allowance it draws on, and the link it
// carries (a one-time link when it has a purpose).
struct KindInfo {
    AccountMailKind kind;
    std::string_view name;
    bool notice;
    std::optional<LinkPurpose> purpose;
    std::string_view path;  // empty: no link
    std::chrono::hours lifetime{0};
};

constexpr auto kKinds = std::to_array<KindInfo>({
    {AccountMailKind::kVerify, "verify", false, LinkPurpose::kVerifyEmail, "/confirm",
     std::chrono::hours{48}},
    {AccountMailKind::kAlreadyRegistered, "already_registered", false, std::nullopt, "/forgot"},
    {AccountMailKind::kReset, "reset", false, LinkPurpose::kResetPassword, "/reset",
     std::chrono::hours{1}},
    {AccountMailKind::kChangeEmail, "change_email", false, LinkPurpose::kChangeEmail,
     "/confirm-email", std::chrono::hours{48}},
    {AccountMailKind::kPasswordChanged, "password_changed", true, std::nullopt, "/forgot"},
    {AccountMailKind::kEmailChanged, "email_changed", true, std::nullopt, ""},
});

// kKinds lists the kinds in the enum's order.
const KindInfo& info(AccountMailKind kind) {
    const auto& entry = kKinds.at(static_cast<std::size_t>(kind));
    require(entry.kind == kind, "kKinds lists every AccountMailKind in order");
    return entry;
}

std::string group(const KindInfo& kind) {
    return kind.notice ? "account.notice." : "account.link.";
}

}  // namespace

AccountMail::AccountMail(const config::Accounts& settings, const PageRenderer& renderer,
                         MailQueue& queue)
    : settings_(settings), renderer_(renderer), queue_(queue) {}

boost::asio::awaitable<Enqueued> AccountMail::send(AccountMailKind kind, const User& user,
                                                   Repeat repeat) const {
    return queue(kind, user, user.email, "", repeat);
}

boost::asio::awaitable<Enqueued> AccountMail::send_address_link(
    const User& user, std::string_view new_address) const {
    return queue(AccountMailKind::kChangeEmail, user, std::string(new_address), new_address,
                 Repeat::kWithinLimit);
}

// Texts come from the catalogue: {link} in the body is the link; the HTML part is the same
// text, escaped, with the link made clickable.
boost::asio::awaitable<Enqueued> AccountMail::queue(AccountMailKind kind, const User& user,
                                                    const std::string& to, std::string_view data,
                                                    Repeat repeat) const {
    const KindInfo& about = info(kind);
    const std::string prefix = "mail_" + std::string(about.name);
    MailHandling handling;
    handling.kind = group(about) + std::string(about.name);
    handling.limits.push_back({group(about), settings_.max_mails_per_account, kWindow});
    if (repeat == Repeat::kOncePerWindow) handling.limits.push_back({handling.kind, 1, kWindow});

    std::string link;
    if (!about.path.empty()) link = public_url_ + localised(user.language, about.path);
    if (about.purpose) {
        const std::string token = new_secret_token();
        link += "?token=" + token;
        handling.secrets.push_back(token);
        const std::int64_t expires = unix_ms(std::chrono::system_clock::now() + about.lifetime);
        handling.with = [digest = digest_hex(token), purpose = *about.purpose, user_id = user.id,
                         data = std::string(data), expires](Database& db) {
            AccountStore::insert_link(db, digest, purpose, user_id, data, expires);
        };
    }

    MailMessage message;
    message.to = to;
    message.subject = renderer_.message(user.language, prefix + "_subject");
    const std::string body = renderer_.message(user.language, prefix + "_body");
    message.text = body;
    boost::algorithm::replace_all(message.text, "{link}", link);
    std::string html = "<p>" + html_escape(body) + "</p>";
    boost::algorithm::replace_all(html, "\n\n", "</p><p>");
    boost::algorithm::replace_all(html, "\n", "<br>");
    boost::algorithm::replace_all(html, "{link}",
                                  fmt::format("<a href=\"{0}\">{0}</a>", html_escape(link)));
    message.html = "<!DOCTYPE html><html lang=\"" + std::string(language_code(user.language)) +
                   "\"><meta charset=\"utf-8\"><body>" + html + "</body></html>";
    // Waits for the queue's fsync: a link the page says was sent survives a crash.
    return queue_.enqueue(message, std::move(handling));
}

}  // namespace councilcast::portal
