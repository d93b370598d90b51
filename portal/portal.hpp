// The `serve` process: database, segment index, HTTP server and one streamer worker per channel.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace councilcast::portal {

// Runs until SIGTERM or SIGINT; returns the process exit code. `executable` is this program,
// started again as `councilcast stream` for each channel's worker.
// `demo`: fill an empty database with the demo municipality (demo_council.hpp) and keep its
// calendar around today. `simulate_sitting` (`councilcast demo`): the demo council sits on its
// live meeting, moving through the agenda and voting every few minutes (demo_sitting.hpp).
int serve(const config::Config& config, const std::filesystem::path& executable, bool demo = false,
          bool simulate_sitting = false);

// What is wrong with who may read the configured secrets (the TLS key, the SMTP password file):
// one line each, for check-config and the log.
std::vector<std::string> exposed_secrets(const config::Config& config);

// Makes the data directory private (common/private_files.hpp), then brings its database to the
// current schema; returns migrations applied.
int migrate_data_dir(const std::filesystem::path& data_dir);

// `councilcast audit verify`: walks the vote log's chain and the audit log's, read-only. Prints a
// one-line summary and returns 0 when both hold; else names the first broken entry on standard
// error and returns 1.
int verify_logs(const std::filesystem::path& data_dir);

// Whether the council's roster in the data directory (migrated) has the member `member_id`:
// `councilcast user add --member` checks it.
bool roster_has_member(const std::filesystem::path& data_dir, std::int64_t member_id);

}  // namespace councilcast::portal
