// `councilcast demo`'s hall operator, so a newcomer can try the console at once.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace councilcast::portal {

inline constexpr std::string_view kDemoOperatorEmail = "operatorius@example.lt";

// The demo operator's password: made once and kept in <data_dir>/demo-operator-password (0600),
// so it stays the same across the demo's restarts. Blocks on the disk: start-up only.
std::string demo_operator_password(const std::filesystem::path& data_dir);

}  // namespace councilcast::portal
