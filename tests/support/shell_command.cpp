#include "tests/support/shell_command.hpp"

#include <sys/wait.h>

#include <cstdlib>

#include "tests/support/demo_process.hpp"
#include "tests/support/test_certificate.hpp"

namespace councilcast::testing {

std::string shell_quoted(const std::string& text) {
    std::string result = "'";
    for (char c : text) result += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return result + "'";
}

CommandResult run_shell(const std::string& command) {
    static int run = 0;
    const auto dir = fresh_directory("shell-command");
    const auto out = dir / ("out-" + std::to_string(++run));
    const auto err = dir / ("err-" + std::to_string(run));
    const int status = std::system(
        (command + " > " + shell_quoted(out.string()) + " 2> " + shell_quoted(err.string()))
            .c_str());
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_text_file(out);
    result.err = read_text_file(err);
    return result;
}

int run_in_view(const std::string& command) {
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace councilcast::testing
