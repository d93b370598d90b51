// Older recordings brought into the archive: a file probed with libav, then either remuxed
// without re-encoding into MPEG-TS segments (H.264 video with AAC audio or none) or transcoded
// by a GStreamer pipeline to the channel's renditions (anything else), segments like the live
// ones. No HTTP, no SQLite: the caller registers what this writes.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace councilcast::archive {

// A rendition the transcoder encodes, with the figures of the live one it stands for
// (config::Rendition: the archive includes no configuration).
struct EncodeRendition {
    std::string name;
    int width = 1280;
    int height = 720;
    int framerate = 30;
    int video_bitrate_kbps = 2500;
    std::string profile = "main";
    int audio_bitrate_kbps = 128;
};

struct ImportSettings {
    std::chrono::milliseconds segment{2000};  // the channel's segment length
    // A remuxed segment longer than this (the file's keyframes are too far apart for the
    // recording playlist's TARGETDURATION) sends the file to the transcoder instead.
    std::chrono::milliseconds max_segment{3000};
    std::vector<EncodeRendition> renditions;  // the transcoder's, best first; not empty
    std::string speed_preset = "veryfast";    // x264enc's, the live streamer's
    // The one rendition of a remuxed file: the file's own picture, at its own size.
    std::string source_rendition = "source";
};

enum class ImportMethod { kRemux, kTranscode };

// What libav learns of a file before anything is written.
struct MediaProbe {
    double duration_s = 0;    // the container's word for it (a truncated file's is too long)
    std::string video_codec;  // libav's names, e.g. "h264", "mpeg2video", "wmv2"
    std::string audio_codec;  // empty: no audio
    int width = 0;
    int height = 0;
    double framerate = 0;  // frames a second, as the container states it (0: unknown)
    // The RFC 6381 codecs of an H.264 file ("avc1.64001f,mp4a.40.2"), what a master playlist's
    // CODECS says of it when it is remuxed; empty for other codecs.
    std::string codecs;
    ImportMethod method = ImportMethod::kTranscode;
};

// Throws InvalidInput when the file is no media libav can open or has no video.
MediaProbe probe_media(const std::filesystem::path& file);

struct ImportedSegment {
    std::string file;            // name inside <folder>/<rendition>/
    std::int64_t offset_us = 0;  // from the start of the recording (all files in order)
    std::int64_t duration_us = 0;
    std::int64_t bytes = 0;
    std::size_t source = 0;  // index of the file it came from: a new file is a break
};

struct ImportedRendition {
    std::string name;
    int width = 0;
    int height = 0;
    std::vector<ImportedSegment> segments;  // in order
};

// What could not be read at the end of a file (a truncated or corrupt one).
struct SkippedEnd {
    std::size_t source = 0;
    double seconds = 0;
};

struct ImportOutcome {
    ImportMethod method = ImportMethod::kRemux;
    // A remuxed import's picture as the files have it (the most demanding profile and level
    // of them); transcoded ones have the channel's renditions instead, and these are empty.
    double framerate = 0;
    std::string codecs;
    std::vector<ImportedRendition> renditions;  // each with the same timeline
    double duration_s = 0;                      // of the imported timeline
    std::vector<SkippedEnd> skipped;            // files whose end was lost, in order
};

struct ImportProgress {
    double fraction = 0;                 // 0..1 of all the files' length
    std::optional<double> seconds_left;  // once there is enough to estimate from
};
using ImportProgressCallback = std::function<void(const ImportProgress&)>;

// Thrown out of import_media when `cancel` became true; what was written stays in `folder`
// for the caller to remove.
struct ImportCancelled {};

// Imports `files` (one recording, in order) into `folder`/<rendition>/<run>-NNNNNN.ts. Every
// file is remuxed when all of them can be (same picture size, H.264 with AAC or no audio, and
// keyframes close enough); otherwise all are transcoded to `settings.renditions`. A file whose
// end cannot be read gives what could be read and a SkippedEnd. Throws InvalidInput for a file
// that is not media or gives nothing, ImportCancelled, Error for a failing pipeline.
// `progress` is called on this thread.
ImportOutcome import_media(std::span<const std::filesystem::path> files,
                           const std::filesystem::path& folder, std::string_view run,
                           const ImportSettings& settings, const ImportProgressCallback& progress,
                           const std::atomic<bool>& cancel);

}  // namespace councilcast::archive
