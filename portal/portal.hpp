// The `serve` process: database, segment index, HTTP server and one streamer worker per channel.
#pragma once

#include <filesystem>

#include "config/config.hpp"

namespace councilcast::portal {

// Runs until SIGTERM or SIGINT; returns the process exit code. `executable` is this program,
// started again as `councilcast stream` for each channel's worker.
// `demo`: fill an empty database with the demo municipality (demo_council.hpp) and keep its
// calendar around today.
int serve(const config::Config& config, const std::filesystem::path& executable, bool demo = false);

// Brings the database in the data directory to the current schema; returns migrations applied.
int migrate_data_dir(const std::filesystem::path& data_dir);

}  // namespace councilcast::portal
