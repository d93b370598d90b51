// Running a command line as an administrator would, and what it printed: for the tests of the
// councilcast command and of tools run on its files (sqlite3).
#pragma once

#include <string>

namespace councilcast::testing {

struct CommandResult {
    int exit_code = -1;  // -1: killed by a signal
    std::string out;
    std::string err;
};

// `text` as one word for /bin/sh, whatever it holds.
std::string shell_quoted(const std::string& text);

// Runs `command` with /bin/sh, its standard output and error kept in files of a fresh directory
// and read back once it has ended.
CommandResult run_shell(const std::string& command);

// Runs `command` with /bin/sh, its output going to the test's own (a browser runner's log shows
// in ctest's output); its exit code, -1 when a signal killed it.
int run_in_view(const std::string& command);

}  // namespace councilcast::testing
