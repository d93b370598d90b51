// Programmer errors: an invariant the code itself broke stops the process with a message, in every
// build type (assert is compiled out of release builds).
#pragma once

#include <cstdio>
#include <cstdlib>

namespace councilcast {

// The caller's position comes from __builtin_FILE/__builtin_LINE rather than std::source_location:
// libstdc++ 12 offers std::source_location only to compilers with __builtin_source_location,
// which clang 14 (the fuzzing build) lacks; GCC and clang both have these two builtins.
inline void require(bool condition, const char* message, const char* file = __builtin_FILE(),
                    unsigned line = __builtin_LINE()) {
    if (condition) return;
    std::fprintf(stderr, "councilcast: %s:%u: %s\n", file, line, message);
    std::abort();
}

}  // namespace councilcast
