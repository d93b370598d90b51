#include "portal/reports/report_photos.hpp"

#include <spdlog/spdlog.h>
#include <vips/vips8>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>

#include "common/c_ptr.hpp"
#include "common/durable_file.hpp"
#include "common/error.hpp"
#include "common/secret_token.hpp"
#include "common/unique_fd.hpp"

namespace councilcast::portal {
namespace {

// Small files for phones on mobile data, with no artefacts a resident would notice.
constexpr int kPhotoJpegQuality = 85;

enum class UploadFormat { kJpeg, kPng, kWebp };

void unref_vips_blob(VipsBlob* blob) {
    vips_area_unref(VIPS_AREA(blob));
}
using VipsBlobPtr = CPtr<&unref_vips_blob>;

// libvips warns on stderr about what it made of a broken upload (a JPEG cut short), which the
// refusal already answered: worth a line at debug level, no more.
void log_vips_warning(const gchar*, GLogLevelFlags, const gchar* message, gpointer) noexcept {
    try {
        spdlog::debug("[photos] libvips: {}", message != nullptr ? message : "");
    } catch (...) {
    }
}

// libvips is started once per process, by whichever thread needs it first. Its operation cache
// is turned off: it would keep decoded uploads (and the caller's bytes, which the loaders read
// in place) after the call returns. Only the loaders of trusted formats may run.
void start_vips() {
    static std::once_flag started;
    std::call_once(started, [] {
        if (VIPS_INIT("councilcast") != 0) {
            throw Error("libvips cannot start: " + std::string(vips_error_buffer()));
        }
        g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, log_vips_warning, nullptr);
        vips_cache_set_max(0);
        vips_block_untrusted_set(TRUE);
    });
}

// The type from the first bytes, whatever name or Content-Type came with them.
UploadFormat upload_format(std::string_view bytes) {
    if (bytes.starts_with("\xFF\xD8\xFF")) return UploadFormat::kJpeg;
    if (bytes.starts_with("\x89PNG\r\n\x1A\n")) return UploadFormat::kPng;
    if (bytes.size() >= 12 && bytes.starts_with("RIFF") && bytes.substr(8, 4) == "WEBP") {
        return UploadFormat::kWebp;
    }
    throw InvalidInput::text("report_error_photo_type");
}

// The photo, decoded only as far as its pixels are asked for (the header at first, so a bomb
// is refused before a byte of it is inflated), by the loader of the type its bytes showed: no
// other loader ever sees an upload. A JPEG can be decoded at 1/`shrink` of its size.
vips::VImage open_upload(UploadFormat format, VipsBlob* blob, int shrink) {
    auto* options = vips::VImage::option()
                        ->set("access", VIPS_ACCESS_SEQUENTIAL)
                        ->set("fail_on", VIPS_FAIL_ON_TRUNCATED);
    switch (format) {
        case UploadFormat::kJpeg:
            return vips::VImage::jpegload_buffer(blob, options->set("shrink", shrink));
        case UploadFormat::kPng:
            return vips::VImage::pngload_buffer(blob, options);
        case UploadFormat::kWebp:
            return vips::VImage::webpload_buffer(blob, options);
    }
    throw Error("unknown photo type");
}

// A JPEG is decoded at 1/2, 1/4 or 1/8 of its size (libjpeg's DCT scaling: a fraction of the
// work of decoding it whole) while that leaves at least 3/4 of the full size's edge: a phone's
// 4000-pixel photo is kept at 2000 pixels rather than decoded whole and resampled to 2048.
int jpeg_shrink(UploadFormat format, const vips::VImage& header, const PhotoLimits& limits) {
    const int longest = std::max(header.width(), header.height());
    int shrink = 1;
    while (format == UploadFormat::kJpeg && shrink < 8 &&
           longest / (shrink * 2) >= limits.full_edge * 3 / 4) {
        shrink *= 2;
    }
    return shrink;
}

std::string photo_jpeg(const vips::VImage& image) {
    VipsBlobPtr saved(image.jpegsave_buffer(vips::VImage::option()
                                                ->set("Q", kPhotoJpegQuality)
                                                ->set("strip", true)
                                                ->set("optimize_coding", true)));
    const auto* area = VIPS_AREA(saved.get());
    return std::string(static_cast<const char*>(area->data), area->length);
}

// 8-bit sRGB or grey with no transparency, as a JPEG holds it: transparent parts on white.
vips::VImage jpeg_ready(vips::VImage image) {
    if (image.has_alpha()) {
        image =
            image.flatten(vips::VImage::option()->set("background", std::vector<double>{255.0}));
    }
    if (image.interpretation() != VIPS_INTERPRETATION_B_W &&
        image.interpretation() != VIPS_INTERPRETATION_sRGB) {
        image = image.colourspace(VIPS_INTERPRETATION_sRGB);
    }
    if (image.format() != VIPS_FORMAT_UCHAR) image = image.cast(VIPS_FORMAT_UCHAR);
    return image;
}

ProcessedPhoto process_upload(std::string_view bytes, const PhotoLimits& limits) {
    const UploadFormat format = upload_format(bytes);
    VipsBlobPtr blob(vips_blob_new(nullptr, bytes.data(), bytes.size()));
    ProcessedPhoto photo;
    try {
        const vips::VImage header = open_upload(format, blob.get(), 1);
        if (static_cast<std::uint64_t>(header.width()) *
                static_cast<std::uint64_t>(header.height()) >
            limits.max_pixels) {
            throw InvalidInput::text("report_error_photo_pixels");
        }
        const int shrink = jpeg_shrink(format, header, limits);
        const vips::VImage decoded = shrink == 1 ? header : open_upload(format, blob.get(), shrink);
        // Turned upright by its EXIF orientation, and an embedded colour profile converted to
        // sRGB, since the profile is stripped with the rest.
        auto* options =
            vips::VImage::option()->set("height", limits.full_edge)->set("size", VIPS_SIZE_DOWN);
        if (header.get_typeof(VIPS_META_ICC_NAME) != 0) options->set("export_profile", "srgb");
        const vips::VImage full =
            jpeg_ready(decoded.thumbnail_image(limits.full_edge, options)).copy_memory();
        const vips::VImage small = full.thumbnail_image(
            limits.small_edge,
            vips::VImage::option()->set("height", limits.small_edge)->set("size", VIPS_SIZE_DOWN));
        photo.full_jpeg = photo_jpeg(full);
        photo.small_jpeg = photo_jpeg(small);
        photo.width = full.width();
        photo.height = full.height();
    } catch (const vips::VError&) {
        // Not what its first bytes said, or broken part way.
        throw InvalidInput::text("report_error_photo_type");
    }
    photo.hash = sha256_hex(photo.full_jpeg);
    return photo;
}

// A folder made for a new hash prefix is on disk only once its parent is synced.
void sync_photo_folder(const std::filesystem::path& directory) {
    UniqueFd fd(::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd || ::fsync(fd.get()) != 0) {
        throw Error("cannot sync the folder " + directory.string());
    }
}

std::string_view photo_file_suffix(PhotoSize size) {
    return size == PhotoSize::kFull ? "-full.jpg" : "-small.jpg";
}

}  // namespace

ProcessedPhoto process_photo(std::string_view bytes, const PhotoLimits& limits) {
    if (bytes.size() > limits.max_bytes) throw InvalidInput::text("report_error_photo_too_large");
    start_vips();
    return process_upload(bytes, limits);
}

PhotoFiles::PhotoFiles(const std::filesystem::path& data_dir, FileCache& cache)
    : directory_(data_dir / "report_photos"), cache_(cache) {
    std::filesystem::create_directories(directory_);
}

void PhotoFiles::store(const ProcessedPhoto& photo) const {
    if (!valid_hash(photo.hash)) throw Error("a photo's hash is not SHA-256 hex: " + photo.hash);
    const std::scoped_lock lock(storing_);
    if (has(photo.hash)) return;
    const auto folder = path(photo.hash, PhotoSize::kFull).parent_path();
    if (std::filesystem::create_directory(folder)) sync_photo_folder(directory_);
    // The small size first: has() looks for the full one, so it is true only once both are.
    write_file_durably(path(photo.hash, PhotoSize::kSmall), photo.small_jpeg);
    write_file_durably(path(photo.hash, PhotoSize::kFull), photo.full_jpeg);
}

bool PhotoFiles::has(std::string_view hash) const {
    return valid_hash(hash) && std::filesystem::is_regular_file(path(hash, PhotoSize::kFull));
}

std::filesystem::path PhotoFiles::path(std::string_view hash, PhotoSize size) const {
    return directory_ / hash.substr(0, 2) /
           (std::string(hash) + std::string(photo_file_suffix(size)));
}

std::shared_ptr<const std::string> PhotoFiles::bytes(std::string_view hash, PhotoSize size) const {
    if (!valid_hash(hash)) return nullptr;
    return cache_.get(path(hash, size));
}

bool PhotoFiles::valid_hash(std::string_view hash) {
    return hash.size() == 64 &&
           hash.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace councilcast::portal
