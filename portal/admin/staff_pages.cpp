#include "portal/admin/staff_pages.hpp"

#include <fmt/chrono.h>
#include <fmt/core.h>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <regex>

#include "common/error.hpp"
#include "portal/http/form_data.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = PageCall::Response;

namespace {

constexpr std::size_t kAuditPage = 200;
constexpr std::size_t kMailPage = 100;

constexpr Access kStaff = Access::staff();

// A staff page named after its template: admin/`name`.tpl, with the title message
// `name`_title.
Response staff_page(PageCall& call, std::string_view name, const PageRenderer::FillBody& fill) {
    const std::string page(name);
    return call.staff_page("admin/" + page + ".tpl", call.text(page + "_title"), http::status::ok,
                           fill);
}

}  // namespace

StaffPages::StaffPages(const config::Config& config, AccountStore& store, AuditLog& audit,
                       MailQueue& mail)
    : config_(config), store_(store), audit_(audit), mail_(mail) {}

ModuleEntries StaffPages::entries() {
    auto bind = [this](auto method) { return handler_of(this, method); };
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        {verb::get, "/staff/users", kAdmins, FormKind::kShort, bind(&StaffPages::users)},
        {verb::post, "/staff/users", kAdmins, FormKind::kShort, bind(&StaffPages::save_user)},
        {verb::get, "/staff/audit", kStaff, FormKind::kShort, bind(&StaffPages::audit)},
        {verb::get, "/staff/mail", kAdmins, FormKind::kShort, bind(&StaffPages::mail)},
    };
    // An administrator starts from the accounts, anyone else on staff from the audit log unless
    // another module ranks lower.
    entries.navigation = {
        {"/staff/users", "staff_users_title", kAdmins, 0},
        {"/staff/audit", "staff_audit_title", kStaff, 20},
        {"/staff/mail", "staff_mail_nav", kAdmins, std::nullopt},
    };
    entries.crawlers.disallow = {"/staff/"};
    return entries;
}

asio::awaitable<Response> StaffPages::users(PageCall& call) {
    const std::string csrf = call.csrf_token();
    const auto users = store_.list_users();
    const std::string saved = call.query("saved");
    co_return staff_page(call, "staff_users", [&](ctemplate::TemplateDictionary& body) {
        if (!saved.empty()) {
            body.AddSectionDictionary("SAVED")->SetValue(
                "text", call.text("staff_users_saved", "email", saved));
        }
        for (const auto& user : users) {
            auto* row = body.AddSectionDictionary("USER");
            row->SetValue("id", std::to_string(user.id));
            row->SetValue("email", user.email);
            row->SetValue("csrf", csrf);
            row->SetValue("action", call.path("/staff/users"));
            row->SetValue("council_member", user.council_member);
            row->SetValue("status", call.text(user.disabled   ? "staff_status_disabled"
                                              : user.verified ? "staff_status_active"
                                                              : "staff_status_unverified"));
            if (user.disabled) row->ShowSection("DISABLED");
            for (Role role : kAllRoles) {
                auto* item = row->AddSectionDictionary("ROLE");
                item->SetValue("name", std::string(role_name(role)));
                item->SetValue("label", call.text("role_" + std::string(role_name(role))));
                if (user.roles.has(role)) item->ShowSection("CHECKED");
            }
        }
    });
}

asio::awaitable<Response> StaffPages::save_user(PageCall& call) {
    const auto id = parse_id(call.form().get("user_id"));
    if (!id) throw InvalidInput::text("error_bad_account");
    auto user = store_.find_user(*id);
    if (!user) throw InvalidInput::text("error_no_account");
    std::uint32_t bits = 0;
    for (const auto& name : call.form().all("role")) {
        auto role = parse_role(name);
        if (!role) throw InvalidInput::text("error_unknown_role");
        bits |= static_cast<std::uint32_t>(*role);
    }
    const Roles roles(bits);
    std::string council_member = call.form().get("council_member");
    if (council_member.size() > 200) {
        throw InvalidInput::text("error_member_name_too_long");
    }
    const bool disabled = call.form().get("disabled") == "1";
    // An administrator cannot lock themselves out: the last way back in would be the server's
    // command line.
    if (user->id == call.user().id && (!roles.has(Role::kAdmin) || disabled)) {
        throw InvalidInput::text("error_self_lockout");
    }
    if (roles != user->roles || council_member != user->council_member) {
        auto stored = store_.set_roles(
            user->id, roles, council_member,
            call.audit_entry(
                "user.roles", user->email,
                fmt::format("roles: {} -> {}; council member: {} -> {}",
                            role_names(user->roles).empty() ? "-" : role_names(user->roles),
                            role_names(roles).empty() ? "-" : role_names(roles),
                            user->council_member.empty() ? "-" : user->council_member,
                            council_member.empty() ? "-" : council_member)));
        co_await std::move(stored);
    }
    if (disabled != user->disabled) {
        auto stored = store_.set_disabled(
            user->id, disabled,
            call.audit_entry(disabled ? "user.disable" : "user.enable", user->email, ""));
        co_await std::move(stored);
    }
    co_return call.redirect(
        call.path("/staff/users") +
        "?saved=" + std::string(boost::urls::encode(user->email, boost::urls::unreserved_chars)));
}

asio::awaitable<Response> StaffPages::audit(PageCall& call) {
    const auto before = parse_id(call.query("before"));
    const auto entries = audit_.entries(kAuditPage, before.value_or(0));
    const auto broken = audit_.first_broken_entry();
    co_return staff_page(call, "staff_audit", [&](ctemplate::TemplateDictionary& body) {
        if (broken) {
            body.AddSectionDictionary("BROKEN")->SetValue(
                "text", call.text("staff_audit_broken", "id", std::to_string(*broken)));
        } else {
            body.ShowSection("INTACT");
        }
        if (entries.empty()) body.ShowSection("EMPTY");
        for (const auto& entry : entries) {
            auto* row = body.AddSectionDictionary("ENTRY");
            const auto seconds = entry.at_unix_ms / 1000;
            row->SetValue("time", fmt::format("{:%Y-%m-%d %H:%M:%S} UTC",
                                              fmt::gmtime(static_cast<std::time_t>(seconds))));
            row->SetValue("actor", entry.actor.empty() ? "councilcast user" : entry.actor);
            row->SetValue("action", entry.action);
            row->SetValue("target", entry.target);
            row->SetValue("detail", entry.detail);
            row->SetValue("peer", entry.peer);
        }
        if (entries.size() == kAuditPage) {
            body.AddSectionDictionary("OLDER")->SetValue(
                "href", call.path("/staff/audit") + "?before=" + std::to_string(entries.back().id));
        }
    });
}

// The outgoing mail: what is queued, sent or failed, and with the demo's file transport one
// message read back in full: that is how a newcomer follows a confirmation link. A real relay's
// messages are residents' mail, with links that act for them while they live: not shown.
asio::awaitable<Response> StaffPages::mail(PageCall& call) {
    const bool bodies = config_.mail.transport == "files";
    std::optional<MailMessage> shown;
    if (const auto id = parse_id(call.query("id")); id && bodies) {
        if (auto mime = mail_.mime(*id)) shown = read_mime(*mime);
    }
    const auto messages = mail_.recent(kMailPage);
    const std::string self = call.path("/staff/mail");
    co_return staff_page(call, "staff_mail", [&](ctemplate::TemplateDictionary& body) {
        body.ShowSection(bodies ? "FILES" : "PRIVATE");
        if (messages.empty()) body.ShowSection("EMPTY");
        for (const auto& message : messages) {
            auto* row = body.AddSectionDictionary("MESSAGE");
            if (bodies) {
                row->AddSectionDictionary("OPEN")->SetValue(
                    "href", self + "?id=" + std::to_string(message.id));
            } else {
                row->ShowSection("CLOSED");
            }
            row->SetValue(
                "time",
                fmt::format("{:%Y-%m-%d %H:%M:%S} UTC",
                            fmt::gmtime(static_cast<std::time_t>(message.created_unix_ms / 1000))));
            row->SetValue("recipient", message.recipient);
            row->SetValue("subject", message.subject);
            row->SetValue("status",
                          call.text(message.status == MailStatus::kSent     ? "mail_sent"
                                    : message.status == MailStatus::kFailed ? "mail_failed"
                                                                            : "mail_queued"));
            row->SetValue("attempts", std::to_string(message.attempts));
            row->SetValue("error", message.last_error);
        }
        if (shown) {
            auto* message = body.AddSectionDictionary("SHOWN");
            message->SetValue("recipient", shown->to);
            message->SetValue("subject", shown->subject);
            message->SetValue("text", shown->text);
            // The message's links, clickable: the text part is shown as text, never as HTML.
            static const std::regex kLink(R"(https?://[^\s<>"]+)");
            for (std::sregex_iterator it(shown->text.begin(), shown->text.end(), kLink), end;
                 it != end; ++it) {
                message->AddSectionDictionary("LINK")->SetValue("href", it->str());
            }
        }
    });
}

}  // namespace councilcast::portal
