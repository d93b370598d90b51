#include "portal/recordings/import_service.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>

#include "archive/segment_index.hpp"
#include "common/durable_file.hpp"
#include "common/error.hpp"
#include "common/unix_time.hpp"

namespace councilcast::portal {
namespace {

// Staging folders live on the media disk, so moving a segment into place is a rename.
constexpr std::string_view kStagingFolder = ".import";

const config::Channel& live_channel(const config::Config& config) {
    require(!config.channels.empty(), "imports need a configured channel");
    return config.channels.front();
}

archive::ImportSettings settings_of(const config::Config& config) {
    archive::ImportSettings settings;
    settings.segment = config.hls.segment_duration;
    // The recording playlists' TARGETDURATION (RecordingArchive::target_duration_s).
    settings.max_segment = config.hls.segment_duration + std::chrono::seconds(1);
    for (const auto& r : live_channel(config).renditions) {
        settings.renditions.push_back({r.name, r.width, r.height, r.framerate, r.video_bitrate_kbps,
                                       r.profile, r.audio_bitrate_kbps});
    }
    settings.source_rendition = kSourceRendition;
    return settings;
}

// The meeting's scheduled start, in ms; refuses a meeting that is missing or has a recording.
std::int64_t importable_start(Database& db, std::int64_t meeting_id) {
    Statement meeting = db.cached("SELECT starts_unix FROM meeting WHERE id = ?");
    const bool found = meeting.bind(1, meeting_id).step();
    const std::int64_t starts_unix = found ? meeting.column_int(0) : 0;
    meeting.reset();
    if (!found) throw InvalidInput::text("import_error_no_meeting");
    Statement recording = db.cached("SELECT 1 FROM recording WHERE meeting_id = ?");
    const bool has_recording = recording.bind(1, meeting_id).step();
    recording.reset();
    if (has_recording) throw InvalidInput::text("import_error_has_recording");
    return starts_unix * 1000;
}

std::string_view method_name(archive::ImportMethod method) {
    return method == archive::ImportMethod::kRemux ? "remux" : "transcode";
}

std::string file_list(const std::vector<std::string>& files) {
    std::string text;
    for (const auto& file : files) text += (text.empty() ? "" : "\n") + file;
    return text;
}

// An import run's claim on its staging folder: a flock on "<run>.lock" beside it, taken before
// the folder is made and held until it is gone; the kernel drops it when the process dies. A
// folder whose lock nobody holds is what a crashed run left.
class RunClaim {
  public:
    // Claims run `lock`; `wait` false gives up at once when another process holds it.
    RunClaim(std::filesystem::path lock, bool wait)
        : lock_(std::move(lock)), fd_(::open(lock_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600)) {
        if (fd_ < 0) throw Error("cannot open " + lock_.string());
        if (::flock(fd_, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }
    // The lock file goes while still held: nobody waits on a run's lock but that run.
    ~RunClaim() {
        if (fd_ < 0) return;
        std::error_code ignored;
        std::filesystem::remove(lock_, ignored);
        ::close(fd_);
    }
    RunClaim(const RunClaim&) = delete;
    RunClaim& operator=(const RunClaim&) = delete;
    bool held() const { return fd_ >= 0; }

  private:
    std::filesystem::path lock_;
    int fd_;
};

std::filesystem::path lock_of(const std::filesystem::path& staging) {
    return std::filesystem::path(staging).concat(".lock");
}

// Whether run `run`'s segments were registered (its commit happened before the crash).
bool registered(Database& db, const std::string& run) {
    Statement select = db.cached(
        "SELECT 1 FROM segment WHERE channel IN (?, ?) AND file >= ? AND file < ? LIMIT 1");
    const bool found = select.bind(1, kImportChannel)
                           .bind(2, kImportSourceChannel)
                           .bind(3, run + "-")
                           .bind(4, run + ".")  // '.' follows '-': every "<run>-…" name
                           .step();
    select.reset();
    return found;
}

}  // namespace

std::vector<config::Channel> import_channels(const config::Channel& live) {
    config::Channel transcoded = live;
    transcoded.id = kImportChannel;
    config::Channel source = live;
    source.id = kImportSourceChannel;
    source.renditions.resize(1);
    source.renditions.front().name = kSourceRendition;
    return {transcoded, source};
}

std::string describe_skipped(const ImportReport& report) {
    std::string text;
    for (const auto& skipped : report.outcome.skipped) {
        text += fmt::format("{}the last {:.1f} s of {} could not be read", text.empty() ? "" : "; ",
                            skipped.seconds, report.files.at(skipped.source));
    }
    return text;
}

ImportService::ImportService(const config::Config& config, std::filesystem::path media_root,
                             DatabaseWriter& writer)
    : settings_(settings_of(config)), media_root_(std::move(media_root)), writer_(writer) {}

void ImportService::remove_leftovers() {
    std::error_code ec;
    for (const auto& entry :
         std::filesystem::directory_iterator(media_root_ / kStagingFolder, ec)) {
        if (!entry.is_directory(ec)) continue;
        const RunClaim claim(lock_of(entry.path()), false);
        if (!claim.held()) continue;  // a run in progress, in this process or another
        const std::string run = entry.path().filename().string();
        // Moved into place but never registered: files nobody can reach, nor retention see.
        if (!writer_.execute([&run](Database& db) { return registered(db, run); })) {
            for (const auto channel : {kImportChannel, kImportSourceChannel}) {
                for (const auto& rendition :
                     std::filesystem::directory_iterator(media_root_ / channel, ec)) {
                    for (const auto& file : std::filesystem::directory_iterator(rendition, ec)) {
                        if (file.path().filename().string().starts_with(run + "-")) {
                            std::filesystem::remove(file.path(), ec);
                        }
                    }
                }
            }
        }
        spdlog::info("[import] removed what the interrupted run {} left", run);
        std::filesystem::remove_all(entry.path(), ec);
    }
}

void ImportService::check(std::int64_t meeting_id) {
    writer_.execute([meeting_id](Database& db) { importable_start(db, meeting_id); });
}

ImportReport ImportService::import(std::int64_t meeting_id,
                                   std::span<const std::filesystem::path> files,
                                   const AuditEntry& who,
                                   const archive::ImportProgressCallback& progress,
                                   const std::atomic<bool>& cancel) {
    const std::int64_t start_ms =
        writer_.execute([meeting_id](Database& db) { return importable_start(db, meeting_id); });
    remove_leftovers();
    // Named as the streamer names segments (a run id in hex, a number), never reused.
    const std::string run = fmt::format("i{:x}{:04x}", now_unix_ms(), meeting_id & 0xffff);
    const auto staging = media_root_ / kStagingFolder / run;
    std::filesystem::create_directories(staging.parent_path());
    // Held until the staging folder is gone: remove_leftovers() leaves this run alone.
    const RunClaim claim(lock_of(staging), true);
    ImportReport report;
    report.meeting_id = meeting_id;
    for (const auto& file : files) report.files.push_back(file.filename().string());
    std::vector<std::filesystem::path> placed;
    try {
        try {
            report.outcome =
                archive::import_media(files, staging, run, settings_, progress, cancel);
        } catch (const InvalidInput& e) {
            spdlog::warn("[import meeting:{}] {}", meeting_id, e.what());
            throw InvalidInput::text("import_error_not_media", {{"reason", e.what()}});
        }
        report.channel = report.outcome.method == archive::ImportMethod::kRemux
                             ? std::string(kImportSourceChannel)
                             : std::string(kImportChannel);
        // Into place before the rows: a segment file no row names is served to nobody, while a
        // row naming a missing file would be half an import.
        for (const auto& rendition : report.outcome.renditions) {
            const auto folder = media_root_ / report.channel / rendition.name;
            std::filesystem::create_directories(folder);
            for (const auto& segment : rendition.segments) {
                publish_file_durably(staging / rendition.name / segment.file,
                                     folder / segment.file);
                placed.push_back(folder / segment.file);
            }
        }
        const std::int64_t length_ms =
            std::max<std::int64_t>(1, std::llround(report.outcome.duration_s * 1000));
        const std::string skipped = describe_skipped(report);
        AuditEntry entry = who;
        entry.action = "recording.import";
        entry.target = fmt::format("meeting {}", meeting_id);
        entry.detail = fmt::format("{} ({}, {:.1f} s){}", fmt::join(report.files, ", "),
                                   method_name(report.outcome.method), length_ms / 1000.0,
                                   skipped.empty() ? "" : "; " + skipped);
        writer_.execute([&](Database& db) {
            // Again inside the transaction: another import or the meeting going live may have
            // come first.
            if (importable_start(db, meeting_id) != start_ms) {
                throw InvalidInput::text("import_error_has_recording");
            }
            Statement overlap = db.cached(
                "SELECT 1 FROM segment WHERE channel = ? AND start_unix_ms < ? AND "
                "start_unix_ms + duration_us / 1000 > ? LIMIT 1");
            const bool overlaps = overlap.bind(1, report.channel)
                                      .bind(2, start_ms + length_ms)
                                      .bind(3, start_ms)
                                      .step();
            overlap.reset();
            // A recording is a span of its channel's time: two imports at one time would mix.
            if (overlaps) throw InvalidInput::text("import_error_overlap");
            archive::SegmentIndex index(db);
            for (std::size_t s = 0; s < files.size(); ++s) {
                // Each file's timestamps start afresh: its first segment follows a break.
                index.mark_discontinuity(report.channel);
                for (const auto& rendition : report.outcome.renditions) {
                    for (const auto& segment : rendition.segments) {
                        if (segment.source != s) continue;
                        index.write(report.channel, rendition.name,
                                    {segment.file, start_ms + segment.offset_us / 1000,
                                     segment.duration_us, segment.bytes});
                    }
                }
            }
            // Unpublished: the public sees it once an editor has looked it over and published it.
            db.cached(
                  "INSERT INTO recording (meeting_id, channel, start_unix_ms, end_unix_ms, "
                  "state, published) VALUES (?, ?, ?, ?, 'ready', 0)")
                .bind(1, meeting_id)
                .bind(2, report.channel)
                .bind(3, start_ms)
                .bind(4, start_ms + length_ms)
                .run();
            const archive::ImportedRendition& first = report.outcome.renditions.front();
            const bool remuxed = report.outcome.method == archive::ImportMethod::kRemux;
            db.cached(
                  "INSERT INTO recording_import (meeting_id, method, files, duration_ms, "
                  "skipped, imported_unix_ms, width, height, framerate, codecs) VALUES (?, ?, ?, "
                  "?, ?, ?, ?, ?, ?, ?)")
                .bind(1, meeting_id)
                .bind(2, method_name(report.outcome.method))
                .bind(3, file_list(report.files))
                .bind(4, length_ms)
                .bind(5, skipped)
                .bind(6, now_unix_ms())
                .bind(7, remuxed ? first.width : 0)
                .bind(8, remuxed ? first.height : 0)
                .bind(9, report.outcome.framerate)
                .bind(10, report.outcome.codecs)
                .run();
            AuditLog::append(db, entry);
        });
    } catch (...) {
        for (const auto& file : placed) {
            std::error_code ignored;
            std::filesystem::remove(file, ignored);
        }
        std::error_code ignored;
        std::filesystem::remove_all(staging, ignored);
        throw;
    }
    std::error_code ignored;
    std::filesystem::remove_all(staging, ignored);
    return report;
}

}  // namespace councilcast::portal
