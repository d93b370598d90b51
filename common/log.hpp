// Process-wide logging setup; modules log with spdlog directly, once, where an error is handled.
#pragma once

#include <string_view>

namespace councilcast {

// level: trace, debug, info, warn, error. Logs go to stderr (journald adds timestamps under
// systemd, so `with_time` is off there).
void init_logging(std::string_view level, bool with_time);

}  // namespace councilcast
