// Programmer errors: an invariant the code itself broke stops the process with a message, in every
// build type (assert is compiled out of release builds).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <source_location>

namespace councilcast {

inline void require(bool condition, const char* message,
                    std::source_location where = std::source_location::current()) {
    if (condition) return;
    std::fprintf(stderr, "councilcast: %s:%u: %s\n", where.file_name(),
                 static_cast<unsigned>(where.line()), message);
    std::abort();
}

}  // namespace councilcast
