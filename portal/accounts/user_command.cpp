#include "portal/accounts/user_command.hpp"

#include <termios.h>
#include <unistd.h>

#include <fmt/chrono.h>
#include <fmt/core.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "common/error.hpp"
#include "common/secret_token.hpp"
#include "common/unix_time.hpp"
#include "portal/accounts/account_store.hpp"
#include "portal/accounts/common_passwords.hpp"
#include "portal/accounts/password_hasher.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/http/form_data.hpp"
#include "portal/mail/email_address.hpp"

namespace councilcast::portal {
namespace {

constexpr std::chrono::hours kSetPasswordLinkLifetime{24};
constexpr std::string_view kActor = "councilcast user";

std::filesystem::path database_file(const config::Config& config) {
    return config.server.data_dir / "councilcast.sqlite";
}

// Echo off while the password is typed, restored whatever happens.
class HiddenInput {
  public:
    HiddenInput() {
        if (tcgetattr(STDIN_FILENO, &saved_) != 0) return;
        termios quiet = saved_;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        active_ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
    ~HiddenInput() {
        if (active_) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
    }

  private:
    termios saved_{};
    bool active_ = false;
};

std::string read_line_from_stdin() {
    std::string line;
    if (!std::getline(std::cin, line)) throw InvalidInput("no password on standard input");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

std::string ask_password() {
    std::string first, second;
    {
        HiddenInput hidden;
        std::fputs("Password: ", stderr);
        first = read_line_from_stdin();
        std::fputs("\nThe same password again: ", stderr);
        second = read_line_from_stdin();
        std::fputs("\n", stderr);
    }
    if (first != second) throw InvalidInput("the two passwords differ; nothing was changed");
    return first;
}

void check_new_password(const config::Config& config, std::string_view password) {
    const std::size_t min = config.accounts.min_password_length;
    switch (check_password(password, min)) {
        case PasswordProblem::kTooShort:
            throw InvalidInput(
                fmt::format("the password is too short: use at least {} characters", min));
        case PasswordProblem::kTooLong:
            throw InvalidInput("the password is too long: use at most 128 characters");
        case PasswordProblem::kNotText:
            throw InvalidInput("the password contains characters that cannot be used");
        case PasswordProblem::kNone:
            break;
    }
    if (!config.accounts.common_passwords.empty() &&
        CommonPasswords(config.accounts.common_passwords).contains(password)) {
        throw InvalidInput("this password is among the most common ones; choose another");
    }
}

std::string public_url(const config::Config& config) {
    if (!config.server.public_url.empty()) return config.server.public_url;
    return (config.tls.certificate.empty() ? "http://" : "https://") + config.server.listen;
}

AuditEntry cli_entry(std::string_view action, std::string_view target, std::string_view detail) {
    AuditEntry entry;
    entry.actor = kActor;
    entry.action = action;
    entry.target = target;
    entry.detail = detail;
    entry.peer = "cli";
    return entry;
}

std::string one_email(const UserCommand& command) {
    if (command.emails.size() != 1) {
        throw InvalidInput(fmt::format("user {} needs exactly one EMAIL", command.action));
    }
    auto email = normalise_email(command.emails[0]);
    if (!email) throw InvalidInput(command.emails[0] + " is not an email address");
    return *email;
}

int add_user(const UserCommand& command, const config::Config& config, AccountStore& store) {
    const std::string email = one_email(command);
    std::uint32_t bits = 0;
    for (const auto& name : command.roles) {
        auto role = parse_role(name);
        if (!role) {
            throw InvalidInput(fmt::format(
                "unknown role \"{}\"; the roles are admin, editor, moderator, official, "
                "council_member, chair, secretary, operator",
                name));
        }
        bits |= static_cast<std::uint32_t>(*role);
    }
    if (command.password_stdin && command.link) {
        throw InvalidInput("choose one of --password-stdin and --link");
    }
    if (!command.password_stdin && !command.link && isatty(STDIN_FILENO) == 0) {
        throw InvalidInput(
            "standard input is not a terminal: give --password-stdin to read the password from "
            "it, or --link to print a one-time set-password link");
    }
    User user;
    user.email = email;
    user.roles = Roles(bits);
    if (!command.member.empty()) {
        if (!user.roles.has(Role::kCouncilMember)) {
            throw InvalidInput(
                "--member is for a council member's account: add --role council_member");
        }
        const auto member_id = parse_id(command.member);
        if (!member_id) {
            throw InvalidInput(
                "--member takes the member's id in the council's roster, a number as "
                "/council/<id> shows it");
        }
        if (command.roster_has && !command.roster_has(*member_id)) {
            throw InvalidInput(fmt::format(
                "the council's roster has no member {}; /council lists the members and their ids",
                *member_id));
        }
        user.council_member = std::to_string(*member_id);
    } else if (user.roles.has(Role::kCouncilMember)) {
        std::fprintf(stderr,
                     "councilcast: note: the account votes only once it names its roster entry "
                     "(--member ID, or on /staff/users)\n");
    }
    // The administrator vouches for the address.
    user.verified = true;
    if (!command.link) {
        const std::string password =
            command.password_stdin ? read_line_from_stdin() : ask_password();
        check_new_password(config, password);
        user.password_hash = PasswordHasher().hash(password);
    }
    auto id = block_on(store.create_user(
        user, now_unix_ms(), cli_entry("user.add", email, "roles: " + role_names(user.roles))));
    if (!id) {
        std::fprintf(stderr, "councilcast: %s already has an account; nothing was changed\n",
                     email.c_str());
        return 1;
    }
    std::printf("%s: account made%s%s\n", email.c_str(), bits != 0 ? " with roles " : "",
                role_names(user.roles).c_str());
    if (command.link) {
        const std::string token = new_secret_token();
        block_on(store.create_link(
            digest_hex(token), LinkPurpose::kResetPassword, *id, "",
            now_unix_ms() +
                std::chrono::duration_cast<std::chrono::milliseconds>(kSetPasswordLinkLifetime)
                    .count()));
        std::printf("Set the password within 24 hours at:\n%s/reset?token=%s\n",
                    public_url(config).c_str(), token.c_str());
    }
    return 0;
}

int list_users(AccountStore& store) {
    const auto users = store.list_users();
    std::printf("%-40s %-36s %-12s %s\n", "EMAIL", "ROLES", "STATUS", "CREATED (UTC)");
    for (const auto& user : users) {
        const std::string roles = role_names(user.roles);
        std::printf("%-40s %-36s %-12s %s\n", user.email.c_str(),
                    roles.empty() ? "-" : roles.c_str(),
                    user.disabled ? "disabled" : (user.verified ? "active" : "unverified"),
                    fmt::format("{:%Y-%m-%d %H:%M}",
                                fmt::gmtime(static_cast<std::time_t>(user.created_unix_ms / 1000)))
                        .c_str());
    }
    std::printf("%zu account(s)\n", users.size());
    return 0;
}

int set_disabled(const UserCommand& command, bool disabled, AccountStore& store) {
    const std::string email = one_email(command);
    auto user = store.find_user_by_email(email);
    if (!user) {
        std::fprintf(stderr, "councilcast: %s has no account\n", email.c_str());
        return 1;
    }
    block_on(store.set_disabled(user->id, disabled,
                                cli_entry(disabled ? "user.disable" : "user.enable", email, "")));
    std::printf("%s: %s\n", email.c_str(),
                disabled ? "disabled, and signed out everywhere" : "enabled");
    return 0;
}

}  // namespace

int run_user_command(const UserCommand& command, const config::Config& config) {
    // Its own writer: BEGIN IMMEDIATE and the busy timeout queue its few writes behind a
    // running portal's.
    DatabaseWriter writer(database_file(config));
    AccountStore store(database_file(config), writer);
    if (command.action == "add") return add_user(command, config, store);
    if (command.action == "list") return list_users(store);
    if (command.action == "disable") return set_disabled(command, true, store);
    if (command.action == "enable") return set_disabled(command, false, store);
    throw InvalidInput("unknown user command \"" + command.action +
                       "\"; use add, list, disable or enable");
}

}  // namespace councilcast::portal
