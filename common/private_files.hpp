// Who may read what the server keeps: its data directory (password hashes, sessions, the audit
// log) and its secrets (the TLS key, the SMTP password).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace councilcast {

// New files 0600 and directories 0700, for this process and the workers it starts, whatever
// umask it was started with (the data directory itself is 0750, see below).
void keep_new_files_private();

// Creates the data directory (0750) or narrows an existing one to it, and narrows the database
// and key files already in it to 0600, so a data directory made by an older version, or with a
// careless umask, stops showing password hashes to other users.
void make_data_dir_private(const std::filesystem::path& data_dir);

// What is wrong when `file` (a key or password) may be read by its group or by anyone, e.g.
// "/etc/councilcast/smtp-password is readable by group or others (mode 0644)"; nothing otherwise
// or when it cannot be looked at (reading it reports that).
std::optional<std::string> exposed_secret(const std::filesystem::path& file);

// $CREDENTIALS_DIRECTORY/<name> when the service manager passed a credential of that name
// (systemd's LoadCredential=), else nothing. `credentials_dir` is the variable's value, or null.
std::optional<std::filesystem::path> passed_credential(const char* credentials_dir,
                                                       const std::string& name);

}  // namespace councilcast
