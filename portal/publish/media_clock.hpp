// Moments and lengths of recordings as people and machines read them.
#pragma once

#include <string>

namespace councilcast::portal {

// "1:42:05", or "2:05" under an hour; whole seconds, rounded down.
std::string clock_text(double seconds);
// The same as an HTML duration for <time datetime>: "PT1H42M5S".
std::string duration_iso(double seconds);

}  // namespace councilcast::portal
