#include "portal/http/file_cache.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace councilcast::portal;

namespace {

std::filesystem::path fresh_directory() {
    auto base = std::filesystem::temp_directory_path() / "councilcast-tests" / "file-cache";
    std::filesystem::remove_all(base);
    std::filesystem::create_directories(base);
    return base;
}

}  // namespace

TEST_CASE("a file read once is found again by the key it was kept under, without reading") {
    const auto base = fresh_directory();
    const auto real = base / "segment.ts";
    std::ofstream(real) << "segment bytes";
    const auto key = base / "by-name" / "segment.ts";  // never exists on disk

    FileCache cache(1024, 1024);
    CHECK(cache.find(key) == nullptr);
    const auto read = cache.get(real, key);
    REQUIRE(read != nullptr);
    CHECK(*read == "segment bytes");
    // Removed from disk, the file is still in memory under its key; the caller decides whether
    // to check the disk (the live segments do, with one stat).
    std::filesystem::remove(real);
    CHECK(cache.find(key) == read);
    CHECK(cache.find(real) == nullptr);
}

TEST_CASE(
    "the cache keeps at most its byte budget; a file over the per-file limit is only opened") {
    const auto base = fresh_directory();
    std::ofstream(base / "a") << std::string(600, 'a');
    std::ofstream(base / "b") << std::string(600, 'b');
    std::ofstream(base / "big") << std::string(2000, 'x');

    FileCache cache(1024, 1024);
    REQUIRE(cache.get(base / "a") != nullptr);
    REQUIRE(cache.get(base / "b") != nullptr);
    CHECK(cache.bytes() == 600);  // "a" made way for "b"
    CHECK(cache.find(base / "a") == nullptr);
    CHECK(cache.find(base / "b") != nullptr);
    // Opened, never read: served from the descriptor, a range at a time.
    const auto big = cache.get_cached(base / "big", base / "big");
    CHECK(big.found());
    CHECK(big.data == nullptr);
    REQUIRE(big.file != nullptr);
    CHECK(big.size == 2000);
    CHECK(cache.get(base / "big") == nullptr);
    CHECK_FALSE(cache.find_cached(base / "big").found());
    CHECK(cache.bytes() == 600);
    CHECK(cache.get(base / "missing") == nullptr);
}
