// The staff upload's imports: each one run on a worker thread of its own (never a network
// thread: the uploaded bytes are written, fsynced and imported there), one at a time, its
// progress kept for the page that shows it.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "common/error.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/recordings/import_service.hpp"
#include "portal/recordings/recording_store.hpp"

namespace councilcast::portal {

struct ImportJobState {
    enum class Phase { kRunning, kDone, kFailed };
    Phase phase = Phase::kRunning;
    double fraction = 0;
    std::optional<double> seconds_left;
    std::string error_key;  // a catalogue key (import_error_…) when failed
    InvalidInput::Arguments error_arguments;
    std::vector<archive::SkippedEnd> skipped;  // what could not be read, once done
    std::vector<std::string> files;
};

class ImportJobs {
  public:
    // Non-owning: each outlives the jobs. Uploads are written under `upload_folder` (on the
    // media disk) and removed once imported.
    ImportJobs(ImportService& service, RecordingStore& store, std::filesystem::path upload_folder);
    ImportJobs(const ImportJobs&) = delete;
    ImportJobs& operator=(const ImportJobs&) = delete;
    // Cancels the import in hand (nothing of it is kept) and waits for it.
    ~ImportJobs();

    // Starts importing `bytes` (named `file_name`, its extension kept so libav sees the
    // container) as the meeting's recording; false when an import is running already.
    bool start(std::int64_t meeting_id, std::string file_name, std::string bytes, AuditEntry who);

    // The meeting's latest import started here, if any.
    std::optional<ImportJobState> state(std::int64_t meeting_id) const;

  private:
    void run(std::int64_t meeting_id, std::string file_name, std::string bytes, AuditEntry who);
    void update(std::int64_t meeting_id, const std::function<void(ImportJobState&)>& change);

    ImportService& service_;
    RecordingStore& store_;
    const std::filesystem::path upload_folder_;
    mutable std::mutex mutex_;
    std::map<std::int64_t, ImportJobState> states_;  // by meeting
    bool running_ = false;
    std::atomic<bool> cancel_{false};
    std::thread worker_;
};

}  // namespace councilcast::portal
