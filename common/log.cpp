#include "common/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <string>

namespace councilcast {

void init_logging(std::string_view level, bool with_time) {
    auto logger = spdlog::stderr_logger_mt("councilcast");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(std::string(level)));
    spdlog::set_pattern(with_time ? "%Y-%m-%d %H:%M:%S.%e %^%l%$ %v" : "%^%l%$ %v");
    spdlog::flush_on(spdlog::level::info);
}

}  // namespace councilcast
