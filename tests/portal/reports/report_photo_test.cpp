// What becomes of a resident's photo: upright whatever way the camera was held, no position or
// camera data left in it, two sizes, and anything that is not a photo refused with a reason. The
// photos are made here with libvips and tagged with exiftool, as a phone would have tagged them;
// what comes out is read back with exiftool and libvips.
#include "portal/reports/report_photos.hpp"

#include <doctest/doctest.h>
#include <boost/crc.hpp>
#include <boost/json.hpp>
#include <vips/vips8>

#include <array>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "common/error.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/shell_command.hpp"
#include "tests/support/test_certificate.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using namespace councilcast::testing;

namespace {

using Rgb = std::array<std::uint8_t, 3>;

constexpr Rgb kRed{220, 30, 30};
constexpr Rgb kGreen{30, 200, 40};
constexpr Rgb kBlue{30, 40, 220};
constexpr Rgb kYellow{240, 230, 40};

const PhotoLimits kLimits{};

std::filesystem::path scratch_dir() {
    static const auto dir = fresh_directory("report-photo-test");
    return dir;
}

void write_file(const std::filesystem::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string blob_bytes(VipsBlob* blob) {
    const auto* area = VIPS_AREA(blob);
    std::string bytes(static_cast<const char*>(area->data), area->length);
    vips_area_unref(VIPS_AREA(blob));
    return bytes;
}

// A width x height RGB picture whose pixel (x, y) is `colour(x, y)`.
vips::VImage picture(int width, int height, const std::function<Rgb(int, int)>& colour) {
    std::vector<std::uint8_t> pixels;
    pixels.reserve(static_cast<std::size_t>(width) * height * 3);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const Rgb rgb = colour(x, y);
            pixels.insert(pixels.end(), rgb.begin(), rgb.end());
        }
    }
    return vips::VImage::new_from_memory(pixels.data(), pixels.size(), width, height, 3,
                                         VIPS_FORMAT_UCHAR)
        .copy(vips::VImage::option()->set("interpretation", VIPS_INTERPRETATION_sRGB))
        .copy_memory();
}

std::string jpeg(const vips::VImage& image) {
    return blob_bytes(image.jpegsave_buffer(vips::VImage::option()->set("Q", 95)));
}

std::string png(const vips::VImage& image) {
    return blob_bytes(image.pngsave_buffer());
}

// The picture as it should look: four coloured quarters, wider than high.
constexpr int kWide = 160;
constexpr int kHigh = 96;
Rgb upright(int x, int y) {
    if (y < kHigh / 2) return x < kWide / 2 ? kRed : kGreen;
    return x < kWide / 2 ? kBlue : kYellow;
}

// How a camera held in another way stores that picture with EXIF Orientation `orientation`:
// the stored pixel (a, b) is the upright pixel the tag's transformation brings it to.
vips::VImage stored_for(int orientation) {
    const bool turned = orientation >= 5;
    const int width = turned ? kHigh : kWide;
    const int height = turned ? kWide : kHigh;
    return picture(width, height, [orientation](int a, int b) {
        switch (orientation) {
            case 2:
                return upright(kWide - 1 - a, b);
            case 3:
                return upright(kWide - 1 - a, kHigh - 1 - b);
            case 4:
                return upright(a, kHigh - 1 - b);
            case 5:
                return upright(b, a);
            case 6:
                return upright(kWide - 1 - b, a);
            case 7:
                return upright(kWide - 1 - b, kHigh - 1 - a);
            case 8:
                return upright(b, kHigh - 1 - a);
            default:
                return upright(a, b);
        }
    });
}

// `bytes` after `exiftool <arguments>` changed the file as a phone or an editor would have.
std::string tagged(std::string_view bytes, const std::string& extension,
                   const std::string& arguments) {
    const auto path = scratch_dir() / ("tagged." + extension);
    write_file(path, bytes);
    const CommandResult result = run_shell("exiftool -q -overwrite_original " + arguments + " " +
                                           shell_quoted(path.string()));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return read_text_file(path);
}

// Every tag exiftool finds in `bytes`, by group and name ("GPS:GPSLatitude").
boost::json::object metadata(std::string_view bytes) {
    const auto path = scratch_dir() / "read.jpg";
    write_file(path, bytes);
    const CommandResult result = run_shell("exiftool -j -a -G -n " + shell_quoted(path.string()));
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return boost::json::parse(result.out).as_array().at(0).as_object();
}

// The colour at (x, y) of a decoded JPEG, near enough to compare after compression.
bool looks(const vips::VImage& image, int x, int y, Rgb expected) {
    const std::vector<double> pixel = image.getpoint(x, y);
    for (std::size_t band = 0; band < 3; ++band) {
        if (std::abs(pixel.at(band) - expected.at(band)) > 40) return false;
    }
    return true;
}

vips::VImage decoded(const std::string& jpeg_bytes) {
    return vips::VImage::new_from_buffer(jpeg_bytes, "").copy_memory();
}

std::string refusal(std::string_view bytes, const PhotoLimits& limits = kLimits) {
    try {
        process_photo(bytes, limits);
    } catch (const InvalidInput& e) {
        return e.key();
    }
    return {};
}

// Every "group:name" exiftool reads in `bytes` whose name or value contains `text`.
std::vector<std::string> tags_with(std::string_view bytes, std::string_view text) {
    std::vector<std::string> found;
    for (const auto& [name, value] : metadata(bytes)) {
        const std::string shown = boost::json::serialize(value);
        if (std::string_view(name).find(text) != std::string_view::npos ||
            shown.find(text) != std::string::npos) {
            found.emplace_back(name);
        }
    }
    return found;
}

// A PNG whose header claims `width` x `height` pixels, with one small compressed row behind it:
// what a decompression bomb shows before it is inflated.
std::string png_claiming(std::uint32_t width, std::uint32_t height) {
    const auto big_endian = [](std::uint32_t value) {
        return std::string{static_cast<char>(value >> 24), static_cast<char>(value >> 16),
                           static_cast<char>(value >> 8), static_cast<char>(value)};
    };
    const auto chunk = [&](std::string_view type, std::string_view data) {
        boost::crc_32_type crc;
        crc.process_bytes(type.data(), type.size());
        crc.process_bytes(data.data(), data.size());
        return big_endian(static_cast<std::uint32_t>(data.size())) + std::string(type) +
               std::string(data) + big_endian(crc.checksum());
    };
    // 8-bit grey, deflate, no filter, no interlace.
    const std::string header =
        big_endian(width) + big_endian(height) + std::string("\x08\x00\x00\x00\x00", 5);
    // zlib: a stored empty block.
    const std::string data("\x78\x01\x01\x00\x00\xff\xff\x00\x00\x00\x01", 11);
    return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", header) + chunk("IDAT", data) +
           chunk("IEND", "");
}

}  // namespace

TEST_CASE("A photo shows upright whichever way the camera was held (EXIF Orientation 1 to 8)") {
    for (int orientation = 1; orientation <= 8; ++orientation) {
        CAPTURE(orientation);
        const std::string photo = tagged(jpeg(stored_for(orientation)), "jpg",
                                         "-n -Orientation=" + std::to_string(orientation));
        REQUIRE(metadata(photo).at("EXIF:Orientation").as_int64() == orientation);

        const ProcessedPhoto processed = process_photo(photo, kLimits);
        CHECK(processed.width == kWide);
        CHECK(processed.height == kHigh);
        for (const std::string* size : {&processed.full_jpeg, &processed.small_jpeg}) {
            const vips::VImage out = decoded(*size);
            CHECK(out.width() == kWide);
            CHECK(out.height() == kHigh);
            CHECK(looks(out, kWide / 4, kHigh / 4, kRed));
            CHECK(looks(out, 3 * kWide / 4, kHigh / 4, kGreen));
            CHECK(looks(out, kWide / 4, 3 * kHigh / 4, kBlue));
            CHECK(looks(out, 3 * kWide / 4, 3 * kHigh / 4, kYellow));
            // Upright pixels need no tag: a viewer that obeyed one would turn them again.
            CHECK_FALSE(metadata(*size).contains("EXIF:Orientation"));
        }
    }
}

TEST_CASE("No position, camera or author data leaves with the photo") {
    const std::string photo =
        tagged(jpeg(stored_for(1)), "jpg",
               "-GPSLatitude=54.7812 -GPSLatitudeRef=N -GPSLongitude=24.6634 "
               "-GPSLongitudeRef=E -Make=PhoneMaker -Model=Phone7 -Artist=Ona "
               "-XMP:Creator=Ona -IPTC:By-line=Ona -Comment=ona@example.lt "
               "-DateTimeOriginal='2026:05:01 10:00:00'");
    REQUIRE_FALSE(tags_with(photo, "GPS").empty());
    REQUIRE_FALSE(tags_with(photo, "Ona").empty());

    const ProcessedPhoto processed = process_photo(photo, kLimits);
    for (const std::string* size : {&processed.full_jpeg, &processed.small_jpeg}) {
        CHECK(tags_with(*size, "GPS").empty());
        CHECK(tags_with(*size, "54.78").empty());
        CHECK(tags_with(*size, "Ona").empty());
        CHECK(tags_with(*size, "ona@").empty());
        CHECK(tags_with(*size, "Phone").empty());
        CHECK(tags_with(*size, "2026:05:01").empty());
        const auto kept = metadata(*size);
        CHECK_FALSE(kept.contains("EXIF:ExifVersion"));
        CHECK_FALSE(kept.contains("XMP:XMPToolkit"));
    }
}

TEST_CASE("A PNG's text chunks and EXIF are dropped; the picture becomes a JPEG") {
    const std::string photo =
        tagged(png(stored_for(1)), "png",
               "-PNG:Comment=ona@example.lt -PNG:Author=Ona -PNG:Description='Ona, Kietaviškės' "
               "-EXIF:GPSLatitude=54.7812 -EXIF:GPSLatitudeRef=N -XMP:Creator=Ona");
    REQUIRE_FALSE(tags_with(photo, "Ona").empty());
    REQUIRE_FALSE(tags_with(photo, "GPS").empty());

    const ProcessedPhoto processed = process_photo(photo, kLimits);
    CHECK(processed.full_jpeg.starts_with("\xFF\xD8\xFF"));
    CHECK(tags_with(processed.full_jpeg, "Ona").empty());
    CHECK(tags_with(processed.full_jpeg, "ona@").empty());
    CHECK(tags_with(processed.full_jpeg, "GPS").empty());
    CHECK(tags_with(processed.full_jpeg, "PNG").empty());
    const vips::VImage out = decoded(processed.full_jpeg);
    CHECK(looks(out, kWide / 4, kHigh / 4, kRed));
    CHECK(looks(out, 3 * kWide / 4, 3 * kHigh / 4, kYellow));
}

TEST_CASE("A transparent PNG and a WebP are taken; transparency shows white") {
    const vips::VImage opaque = stored_for(1);
    const vips::VImage clear = opaque.bandjoin_const({0.0});
    const ProcessedPhoto from_png = process_photo(png(clear), kLimits);
    CHECK(looks(decoded(from_png.full_jpeg), kWide / 4, kHigh / 4, {255, 255, 255}));

    const std::string webp = blob_bytes(opaque.webpsave_buffer());
    const ProcessedPhoto from_webp = process_photo(webp, kLimits);
    CHECK(from_webp.width == kWide);
    CHECK(looks(decoded(from_webp.full_jpeg), kWide / 4, kHigh / 4, kRed));
}

TEST_CASE(
    "A large photo is made at most 2048 and 480 pixels on its longer side; a small one is "
    "not enlarged") {
    const vips::VImage wide =
        picture(3000, 1000, [](int x, int) { return x < 1500 ? kRed : kBlue; });
    const ProcessedPhoto large = process_photo(jpeg(wide), kLimits);
    CHECK(large.width == 2048);
    CHECK(large.height == 683);
    const vips::VImage small = decoded(large.small_jpeg);
    CHECK(small.width() == 480);
    CHECK(small.height() == 160);
    CHECK(looks(small, 100, 80, kRed));
    CHECK(looks(small, 380, 80, kBlue));

    // A phone's 4000-pixel photo: decoded at half its size, within 3/4 of the limit.
    const vips::VImage phone =
        picture(4000, 1500, [](int x, int) { return x < 2000 ? kGreen : kYellow; });
    const ProcessedPhoto halved = process_photo(jpeg(phone), kLimits);
    CHECK(halved.width <= 2048);
    CHECK(halved.width >= 1536);
    CHECK(halved.height * 8 == halved.width * 3);
    CHECK(looks(decoded(halved.full_jpeg), halved.width / 4, 100, kGreen));
    CHECK(looks(decoded(halved.full_jpeg), 3 * halved.width / 4, 100, kYellow));
    CHECK(decoded(halved.small_jpeg).width() == 480);

    const ProcessedPhoto little = process_photo(jpeg(stored_for(1)), kLimits);
    CHECK(decoded(little.full_jpeg).width() == kWide);
    CHECK(decoded(little.small_jpeg).width() == kWide);
}

TEST_CASE("The photo is named by the SHA-256 of its full size, the same for the same upload") {
    const std::string photo = jpeg(stored_for(3));
    const ProcessedPhoto first = process_photo(photo, kLimits);
    const ProcessedPhoto again = process_photo(photo, kLimits);
    CHECK(first.hash == again.hash);
    CHECK(first.full_jpeg == again.full_jpeg);
    const auto path = scratch_dir() / "full.jpg";
    write_file(path, first.full_jpeg);
    const CommandResult sum = run_shell("sha256sum " + shell_quoted(path.string()));
    CHECK(sum.out.substr(0, 64) == first.hash);
    CHECK(first.hash != process_photo(jpeg(stored_for(4)), kLimits).hash);
}

TEST_CASE("Photos are made on several threads at once, each as it is made alone") {
    std::vector<std::string> photos;
    std::vector<std::string> alone;
    for (int orientation = 1; orientation <= 4; ++orientation) {
        photos.push_back(tagged(jpeg(stored_for(orientation)), "jpg",
                                "-n -Orientation=" + std::to_string(orientation)));
        alone.push_back(process_photo(photos.back(), kLimits).hash);
    }
    std::vector<std::vector<std::string>> together(4);
    {
        std::vector<std::jthread> threads;
        for (std::size_t thread = 0; thread < together.size(); ++thread) {
            threads.emplace_back([&, thread] {
                for (int round = 0; round < 5; ++round) {
                    for (const std::string& photo : photos) {
                        together[thread].push_back(process_photo(photo, kLimits).hash);
                    }
                }
            });
        }
    }
    for (const auto& hashes : together) {
        REQUIRE(hashes.size() == 20);
        for (std::size_t i = 0; i < hashes.size(); ++i) CHECK(hashes[i] == alone[i % 4]);
    }
}

TEST_CASE("What is not a JPEG, PNG or WebP photo is refused with a reason") {
    const std::string real = jpeg(stored_for(1));
    SUBCASE("text named .jpg") {
        CHECK(refusal("not a photo at all") == "report_error_photo_type");
    }
    SUBCASE("a GIF") {
        const std::string gif = blob_bytes(stored_for(1).gifsave_buffer());
        CHECK(refusal(gif) == "report_error_photo_type");
    }
    SUBCASE("nothing") {
        CHECK(refusal("") == "report_error_photo_type");
    }
    SUBCASE("a JPEG's first bytes and then text") {
        CHECK(refusal(std::string("\xFF\xD8\xFF\xE0", 4) + "JFIF but not really a photo") ==
              "report_error_photo_type");
    }
    SUBCASE("a JPEG cut off half way") {
        CHECK(refusal(std::string_view(real).substr(0, real.size() / 2)) ==
              "report_error_photo_type");
    }
    SUBCASE("a PNG with a broken header") {
        std::string broken = png(stored_for(1));
        broken[20] ^= 0x55;
        CHECK(refusal(broken) == "report_error_photo_type");
    }
}

TEST_CASE("A decompression bomb is refused from its header, before it is inflated") {
    PhotoLimits limits = kLimits;
    limits.max_pixels = 40'000'000;
    SUBCASE("a header claiming 60000 x 60000 pixels") {
        CHECK(refusal(png_claiming(60000, 60000), limits) == "report_error_photo_pixels");
    }
    SUBCASE("a real 1-bit PNG of 8000 x 8000 pixels in a few kilobytes") {
        const std::string bomb = blob_bytes(
            vips::VImage::black(8000, 8000)
                .pngsave_buffer(vips::VImage::option()->set("bitdepth", 1)->set("compression", 9)));
        REQUIRE(bomb.size() < limits.max_bytes);
        CHECK(refusal(bomb, limits) == "report_error_photo_pixels");
    }
    SUBCASE("just under the limit is taken") {
        const std::string fine = blob_bytes(
            vips::VImage::black(6000, 6000)
                .pngsave_buffer(vips::VImage::option()->set("bitdepth", 1)->set("compression", 9)));
        CHECK(process_photo(fine, limits).width == 2048);
    }
}

TEST_CASE("A photo over the byte limit is refused before it is looked at") {
    const std::string photo = jpeg(stored_for(1));
    PhotoLimits limits = kLimits;
    limits.max_bytes = photo.size() - 1;
    CHECK(refusal(photo, limits) == "report_error_photo_too_large");
    limits.max_bytes = photo.size();
    CHECK(refusal(photo, limits).empty());
}

TEST_CASE("A photo's two sizes are kept under the data directory by their hash, once") {
    const auto data_dir = fresh_directory("report-photo-files");
    FileCache cache(1 << 20, 1 << 20);
    const PhotoFiles files(data_dir, cache);
    const ProcessedPhoto photo = process_photo(jpeg(stored_for(2)), kLimits);
    const ProcessedPhoto other = process_photo(jpeg(stored_for(7)), kLimits);
    CHECK_FALSE(files.has(photo.hash));
    CHECK(files.bytes(photo.hash, PhotoSize::kFull) == nullptr);

    // Several uploads of the same photo at once, as two residents reporting one pothole.
    {
        std::vector<std::jthread> threads;
        for (int thread = 0; thread < 4; ++thread) {
            threads.emplace_back([&, thread] { files.store(thread % 2 == 0 ? photo : other); });
        }
    }
    const auto folder = data_dir / "report_photos" / photo.hash.substr(0, 2);
    CHECK(files.path(photo.hash, PhotoSize::kFull) == folder / (photo.hash + "-full.jpg"));
    CHECK(files.path(photo.hash, PhotoSize::kSmall) == folder / (photo.hash + "-small.jpg"));
    CHECK(read_text_file(folder / (photo.hash + "-full.jpg")) == photo.full_jpeg);
    CHECK(read_text_file(folder / (photo.hash + "-small.jpg")) == photo.small_jpeg);
    CHECK(files.has(photo.hash));
    CHECK(files.has(other.hash));
    REQUIRE(files.bytes(photo.hash, PhotoSize::kFull) != nullptr);
    CHECK(*files.bytes(photo.hash, PhotoSize::kFull) == photo.full_jpeg);
    CHECK(*files.bytes(other.hash, PhotoSize::kSmall) == other.small_jpeg);
    // Nothing half-written is left beside them.
    std::size_t kept = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(data_dir)) {
        if (entry.is_regular_file()) {
            CHECK(entry.path().extension() == ".jpg");
            ++kept;
        }
    }
    CHECK(kept == 4);

    const auto written = std::filesystem::last_write_time(folder / (photo.hash + "-full.jpg"));
    files.store(photo);
    CHECK(std::filesystem::last_write_time(folder / (photo.hash + "-full.jpg")) == written);
}

TEST_CASE("A photo's address that is not a hash reaches no file") {
    const auto data_dir = fresh_directory("report-photo-names");
    write_file(data_dir / "secret.txt", "not a photo");
    FileCache cache(1 << 20, 1 << 20);
    const PhotoFiles files(data_dir, cache);
    const ProcessedPhoto photo = process_photo(jpeg(stored_for(1)), kLimits);
    files.store(photo);
    std::string upper = photo.hash;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (const std::string& name :
         {std::string("../secret.txt"), std::string("../../secret"), upper,
          photo.hash.substr(0, 63), photo.hash + "0", std::string(64, '.'), std::string()}) {
        CAPTURE(name);
        CHECK_FALSE(PhotoFiles::valid_hash(name));
        CHECK_FALSE(files.has(name));
        CHECK(files.bytes(name, PhotoSize::kFull) == nullptr);
    }
    CHECK(PhotoFiles::valid_hash(photo.hash));
}
