// GMime's one-time set-up, shared by every part of the portal that uses GMime (mail, forms).
#pragma once

#include <gmime/gmime.h>

#include <mutex>

namespace councilcast {

// g_mime_init is not safe to call twice at once, and any thread may build a message or parse a
// form: one flag for the whole process (an inline function's static is one object everywhere).
inline void init_gmime() {
    static std::once_flag once;
    std::call_once(once, [] { g_mime_init(); });
}

}  // namespace councilcast
