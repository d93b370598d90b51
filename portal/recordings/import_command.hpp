// `councilcast import --meeting ID FILE…`: an older recording brought into the archive from the
// command line, with a progress bar, while the portal runs or not.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace councilcast::portal {

struct ImportCommand {
    std::int64_t meeting_id = 0;
    std::vector<std::string> files;  // one recording, in order
};

// The meeting id as typed; throws InvalidInput for anything but a positive number.
std::int64_t parse_meeting_id(const std::string& text);

// Imports through a writer of its own (BEGIN IMMEDIATE and the busy timeout queue its one
// transaction behind a running portal's writes; the portal notices within a second). Progress
// goes to standard error: a bar on a terminal, else a line per tenth. Returns the exit code:
// 0 done, 1 refused or failed (the reason on standard error).
int run_import_command(const ImportCommand& command, const config::Config& config);

}  // namespace councilcast::portal
