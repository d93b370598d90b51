// Older recordings brought into the archive (`councilcast import`, the staff upload): a
// meeting's files made into segments in a staging folder (archive/media_import), then moved into
// place and registered (segment rows, the recording, its import row and audit entry) in one
// transaction, so nothing half-imported is ever visible.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "archive/media_import.hpp"
#include "common/database_writer.hpp"
#include "config/config.hpp"
#include "portal/audit/audit_log.hpp"

namespace councilcast::portal {

// Imported recordings are of channels of their own, so a live channel's sequence numbers and
// live playlist never see their past segments: transcoded files have the live channel's
// renditions (kImportChannel), remuxed ones their own picture as one rendition
// (kImportSourceChannel, rendition kSourceRendition).
inline constexpr std::string_view kImportChannel = "import";
inline constexpr std::string_view kImportSourceChannel = "import-source";
inline constexpr std::string_view kSourceRendition = "source";

// Those two channels, made from the live channel `live`. No worker streams them; the
// composition root adds them to the configuration only the recordings read. A remuxed import
// keeps its files' picture, stated by its own master playlist (Recording::source).
std::vector<config::Channel> import_channels(const config::Channel& live);

// What an import made, for its report.
struct ImportReport {
    std::int64_t meeting_id = 0;
    std::string channel;
    archive::ImportOutcome outcome;
    std::vector<std::string> files;  // the file names, in order
};

// "the last 12.4 s of b.mp4 could not be read; ..." (the command line's and the log's words).
std::string describe_skipped(const ImportReport& report);

class ImportService {
  public:
    // Non-owning: `config` (with import_channels among its channels, or its first channel used to
    // make them) and `writer` outlive the service. `media_root` is <data>/media.
    ImportService(const config::Config& config, std::filesystem::path media_root,
                  DatabaseWriter& writer);

    // What runs interrupted by a crash left (a run moves its segments into place before the
    // transaction that registers them): their staging folders, and their segment files when
    // the transaction never came. Runs in progress, in any process, are left alone. Blocks on
    // the writer: for the command line and the portal's start.
    void remove_leftovers();

    // The refusals an import would meet before any work: a meeting that does not exist or has a
    // recording already. Throws InvalidInput::text("import_error_…").
    void check(std::int64_t meeting_id);

    // Imports `files` (one recording, in order) as meeting `meeting_id`'s recording, starting at
    // its scheduled start. `who` is the audit entry's actor and peer. Throws
    // InvalidInput::text("import_error_…") for a refusal or a file that is no media,
    // archive::ImportCancelled, Error; whatever it throws, nothing of the import is left
    // (staging folder removed, no row written). A crash leaves what remove_leftovers(), run
    // first by the next import, takes away.
    ImportReport import(std::int64_t meeting_id, std::span<const std::filesystem::path> files,
                        const AuditEntry& who, const archive::ImportProgressCallback& progress,
                        const std::atomic<bool>& cancel);

  private:
    archive::ImportSettings settings_;
    std::filesystem::path media_root_;
    DatabaseWriter& writer_;
};

}  // namespace councilcast::portal
