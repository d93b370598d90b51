#include "portal/http/file_response.hpp"

#include <doctest/doctest.h>

#include <fstream>

using namespace councilcast::portal;

namespace {

std::filesystem::path make_tree() {
    auto base = std::filesystem::temp_directory_path() / "councilcast-tests" / "files";
    std::filesystem::remove_all(base);
    std::filesystem::create_directories(base / "root" / "css");
    std::filesystem::create_directories(base / "outside");
    std::ofstream(base / "root" / "css" / "site.css") << "body{}";
    std::ofstream(base / "root" / ".hidden") << "x";
    std::ofstream(base / "outside" / "secret.txt") << "secret";
    std::filesystem::create_symlink(base / "outside" / "secret.txt", base / "root" / "link.txt");
    std::filesystem::create_directory_symlink(base / "outside", base / "root" / "linkdir");
    return base;
}

}  // namespace

TEST_CASE("files resolve only inside their root") {
    auto base = make_tree();
    auto root = base / "root";
    using V = std::vector<std::string>;
    CHECK(resolve_under(root, V{"css", "site.css"}).has_value());
    CHECK_FALSE(resolve_under(root, V{"..", "outside", "secret.txt"}));
    CHECK_FALSE(resolve_under(root, V{"css", "..", "..", "outside", "secret.txt"}));
    CHECK_FALSE(resolve_under(root, V{"../outside/secret.txt"}));
    CHECK_FALSE(resolve_under(root, V{"..\\outside\\secret.txt"}));
    CHECK_FALSE(resolve_under(root, V{".hidden"}));
    CHECK_FALSE(resolve_under(root, V{std::string("css\0x", 5)}));
    CHECK_FALSE(resolve_under(root, V{"link.txt"}));
    CHECK_FALSE(resolve_under(root, V{"linkdir", "secret.txt"}));
    CHECK_FALSE(resolve_under(root, V{"missing.css"}));
    CHECK_FALSE(resolve_under(root, V{}));
}

TEST_CASE("byte ranges follow RFC 9110") {
    ByteRange r;
    CHECK(parse_byte_range("bytes=0-9", 100, r) == RangeResult::kSatisfiable);
    CHECK((r.first == 0 && r.length == 10));
    CHECK(parse_byte_range("bytes=90-", 100, r) == RangeResult::kSatisfiable);
    CHECK((r.first == 90 && r.length == 10));
    CHECK(parse_byte_range("bytes=-30", 100, r) == RangeResult::kSatisfiable);
    CHECK((r.first == 70 && r.length == 30));
    CHECK(parse_byte_range("bytes=95-200", 100, r) == RangeResult::kSatisfiable);
    CHECK((r.first == 95 && r.length == 5));
    CHECK(parse_byte_range("bytes=100-", 100, r) == RangeResult::kUnsatisfiable);
    CHECK(parse_byte_range("bytes=5-1", 100, r) == RangeResult::kNone);
    CHECK(parse_byte_range("bytes=0-1,5-6", 100, r) == RangeResult::kNone);
    CHECK(parse_byte_range("items=0-1", 100, r) == RangeResult::kNone);
    CHECK(parse_byte_range("bytes=x-1", 100, r) == RangeResult::kNone);
    CHECK(parse_byte_range("bytes=-99999999999999999999999", 100, r) == RangeResult::kNone);
}

TEST_CASE("content types are right for media") {
    CHECK(content_type_for("a/live.m3u8") == "application/vnd.apple.mpegurl");
    CHECK(content_type_for("a/x-000001.ts") == "video/mp2t");
    CHECK(content_type_for("hls.min.js").starts_with("text/javascript"));
    CHECK(content_type_for("noext") == "application/octet-stream");
}
