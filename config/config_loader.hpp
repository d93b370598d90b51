// Reading a Config from TOML: every error in a file reported at once, with its line and key path.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace councilcast::config {

// One thing wrong with a configuration file, positioned so an editor can jump to it.
struct ConfigError {
    std::string source;    // file name (or the name given to parse_config)
    int line = 0;          // 1-based; 0 when the error has no position (e.g. unreadable file)
    int column = 0;        // 1-based; 0 together with line
    std::string key_path;  // e.g. "channel[0].rendition[1].width"; empty for syntax errors
    std::string message;   // what is wrong and what to do about it

    // "file:line:column: key.path: message"; the position and key path are left out when unknown.
    std::string to_string() const;
};

// `config` is set only when `errors` is empty: a half-valid configuration is never used.
struct LoadResult {
    std::optional<Config> config;
    std::vector<ConfigError> errors;  // ordered by position in the file
};

// A file larger than this is refused unread; a real configuration is a few kilobytes.
inline constexpr std::uintmax_t kMaxConfigFileBytes = 1024 * 1024;

// Parses and validates TOML text. A syntax error stops toml++ at the first one, so it is reported
// alone; otherwise every unknown key, wrong type and invalid value is reported.
LoadResult parse_config(std::string_view toml_text, std::string_view source_name);

// Reads and parses a file; a missing, unreadable or oversized file is one error.
LoadResult load_config_file(const std::filesystem::path& file);

// Command-line overrides (`--listen`, `--data-dir`), validated like the file's values.
// Throws councilcast::InvalidInput on a bad value.
void apply_overrides(Config& config, std::optional<std::string> listen,
                     std::optional<std::filesystem::path> data_dir);

// The secrets systemd passed (LoadCredential=councilcast-tls-key, =councilcast-smtp-password)
// replace the configured key and password files, so those files can stay readable by root alone.
// `credentials_dir`: $CREDENTIALS_DIRECTORY, or null outside systemd.
inline constexpr const char* kTlsKeyCredential = "councilcast-tls-key";
inline constexpr const char* kSmtpPasswordCredential = "councilcast-smtp-password";
void apply_credentials(Config& config, const char* credentials_dir);

// A camera's sign-in, read at start from its credentials_file: one line "user:password" (the
// password may contain ':'). Throws councilcast::Error naming the file when it cannot be read,
// is larger than a line could be, or has no "user:" part.
struct CameraCredentials {
    std::string user;
    std::string password;
};
CameraCredentials read_camera_credentials(const std::filesystem::path& file);

// Checks a HOST:PORT listen address (IPv4, or IPv6 in brackets; port 0..65535).
// Returns what is wrong, or nothing when it is valid.
std::optional<std::string> listen_address_problem(std::string_view listen);

// The text of config/demo.toml, compiled into the binary.
std::string_view demo_config_text();

// The parsed demo configuration; aborts with the errors if the built-in file is invalid, which is
// a programmer error caught by the tests.
Config demo_config();

}  // namespace councilcast::config
