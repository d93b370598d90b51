// A report's photos: an upload judged from its bytes, decoded with libvips (EXIF orientation
// applied, every metadata block stripped) into two JPEG sizes named by their content, and the
// files that keep them under the data directory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "portal/http/file_cache.hpp"

namespace councilcast::portal {

struct PhotoLimits {
    std::size_t max_bytes = 10 << 20;       // the upload; [reports] max_photo_bytes
    std::uint64_t max_pixels = 50'000'000;  // width × height from the header, before decoding
    int full_edge = 2048;                   // the full size's longest side at most
    int small_edge = 480;                   // the small size's longest side at most
};

struct ProcessedPhoto {
    std::string hash;        // SHA-256 of full_jpeg, 64 lowercase hex characters
    std::string full_jpeg;   // longest side ≤ PhotoLimits::full_edge, no metadata
    std::string small_jpeg;  // longest side ≤ PhotoLimits::small_edge, no metadata
    int width = 0;           // of full_jpeg, as shown (orientation applied)
    int height = 0;
};

// Accepts JPEG, PNG and WebP, judged from the bytes (never the name or the declared type).
// Throws InvalidInput::text("report_error_photo_…") for anything refused: too many bytes
// (report_error_photo_too_large), another or a broken format (report_error_photo_type), too
// many pixels (report_error_photo_pixels). Slow (decoding): call it off the network thread.
ProcessedPhoto process_photo(std::string_view bytes, const PhotoLimits& limits);

enum class PhotoSize { kFull, kSmall };

// <data_dir>/report_photos/<first two hex of the hash>/<hash>-{full,small}.jpg. Thread-safe.
class PhotoFiles {
  public:
    // `cache` (not owned, outlives this) serves the files without reading them whole on the
    // network thread each time.
    PhotoFiles(const std::filesystem::path& data_dir, FileCache& cache);

    // Writes both sizes, each to a temporary file that is fsynced and renamed (a photo that is
    // already there is left alone). Blocking: call it off the network thread.
    void store(const ProcessedPhoto& photo) const;
    bool has(std::string_view hash) const;
    std::filesystem::path path(std::string_view hash, PhotoSize size) const;
    // The file's bytes for a response; nullptr when there is none (or the hash is not 64 hex).
    std::shared_ptr<const std::string> bytes(std::string_view hash, PhotoSize size) const;

    // 64 lowercase hexadecimal characters.
    static bool valid_hash(std::string_view hash);

  private:
    std::filesystem::path directory_;
    FileCache& cache_;
};

}  // namespace councilcast::portal
