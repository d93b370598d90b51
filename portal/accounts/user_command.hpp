// `councilcast user …`: the administrator's accounts tool on the server itself (the first
// administrator is made here, before anyone can sign in).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace councilcast::portal {

struct UserCommand {
    std::string action;               // "add", "list", "disable", "enable"
    std::vector<std::string> roles;   // --role, for add
    bool password_stdin = false;      // --password-stdin: the password is standard input's line
    bool link = false;                // --link: print a one-time set-password link instead
    std::vector<std::string> emails;  // the accounts acted on
    // --member, for add with the council_member role: the roster entry (the member's id, as
    // /council/<id> shows it) the account votes as.
    std::string member;
    // Whether the council's roster has that member; the composition root knows the roster.
    std::function<bool(std::int64_t member_id)> roster_has;
};

// Returns the exit code; prints results on stdout and problems on stderr. Throws InvalidInput
// for a wrong command line. Every change is written to the audit log as done by
// "councilcast user" from "cli". The database must be migrated first (migrate_data_dir).
int run_user_command(const UserCommand& command, const config::Config& config);

}  // namespace councilcast::portal
