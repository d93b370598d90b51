// What the publish views' tests share: the real templates and catalogues, a view at a fixed
// moment in either language, and text checks.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/publish/council_views.hpp"

namespace councilcast::portal::view_fixture {

constexpr std::int64_t kNow = 1795867200;  // Saturday 2026-11-28 12:00 UTC, 14:00 in Vilnius

inline std::filesystem::path source_dir() {
    const char* dir = std::getenv("COUNCILCAST_SOURCE_DIR");
    REQUIRE_MESSAGE(dir != nullptr, "COUNCILCAST_SOURCE_DIR is set by CTest; run through ctest");
    return dir;
}

inline const PageRenderer& renderer() {
    static const PageRenderer instance(source_dir() / "portal" / "templates",
                                       source_dir() / "portal" / "messages");
    return instance;
}

inline const Localization& localization() {
    static const Localization instance;
    return instance;
}

inline ViewContext view(Language language) {
    return {renderer(),
            localization(),
            language,
            kNow,
            language == Language::kLt ? "Elektrėnų savivaldybė" : "Elektrėnai Municipality",
            "https://tv.elektrenai.lt"};
}

inline bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

}  // namespace councilcast::portal::view_fixture
