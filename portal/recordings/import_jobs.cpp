#include "portal/recordings/import_jobs.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <cctype>
#include <fstream>

#include "common/durable_file.hpp"
#include "common/unix_time.hpp"

namespace councilcast::portal {
namespace {

// The states of finished imports kept for their pages; the oldest go first.
constexpr std::size_t kKeptStates = 64;
// An upload's file name: "upload-<meeting>-<time><extension>".
constexpr std::string_view kUploadPrefix = "upload-";

// A RecordingStore write awaited from this plain thread: on an io_context of its own, which
// the writer resumes when the job is done.
void wait_for(boost::asio::awaitable<void> write) {
    boost::asio::io_context local;
    std::exception_ptr failure;
    boost::asio::co_spawn(local, std::move(write),
                          [&failure](std::exception_ptr error) { failure = error; });
    local.run();
    if (failure) std::rethrow_exception(failure);
}

// Only the extension of the browser's name is kept (libav guesses some containers by it); the
// rest may hold path parts or anything else.
std::string safe_extension(const std::string& file_name) {
    const std::string extension = std::filesystem::path(file_name).extension().string();
    if (extension.size() > 6) return ".media";
    for (char c : extension.substr(std::min<std::size_t>(1, extension.size()))) {
        if (!std::isalnum(static_cast<unsigned char>(c))) return ".media";
    }
    return extension.empty() ? ".media" : extension;
}

}  // namespace

ImportJobs::ImportJobs(ImportService& service, RecordingStore& store,
                       std::filesystem::path upload_folder)
    : service_(service), store_(store), upload_folder_(std::move(upload_folder)) {
    // Uploads a crash left behind: only this process's jobs write them, and none runs yet.
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(upload_folder_, ec)) {
        if (entry.path().filename().string().starts_with(kUploadPrefix)) {
            std::filesystem::remove(entry.path(), ec);
        }
    }
}

ImportJobs::~ImportJobs() {
    cancel_ = true;
    if (worker_.joinable()) worker_.join();
}

bool ImportJobs::start(std::int64_t meeting_id, std::string file_name, std::string bytes,
                       AuditEntry who) {
    std::lock_guard lock(mutex_);
    if (running_) return false;
    running_ = true;
    if (worker_.joinable()) worker_.join();  // the last one has finished: running_ was false
    if (states_.size() >= kKeptStates && !states_.contains(meeting_id)) {
        states_.erase(states_.begin());
    }
    states_[meeting_id] = ImportJobState{};
    states_[meeting_id].files = {file_name};
    worker_ = std::thread([this, meeting_id, file_name = std::move(file_name),
                           bytes = std::move(bytes), who = std::move(who)]() mutable {
        run(meeting_id, std::move(file_name), std::move(bytes), std::move(who));
        std::lock_guard done(mutex_);
        running_ = false;
    });
    return true;
}

std::optional<ImportJobState> ImportJobs::state(std::int64_t meeting_id) const {
    std::lock_guard lock(mutex_);
    auto it = states_.find(meeting_id);
    if (it == states_.end()) return std::nullopt;
    return it->second;
}

void ImportJobs::update(std::int64_t meeting_id,
                        const std::function<void(ImportJobState&)>& change) {
    std::lock_guard lock(mutex_);
    change(states_[meeting_id]);
}

void ImportJobs::run(std::int64_t meeting_id, std::string file_name, std::string bytes,
                     AuditEntry who) {
    std::filesystem::path upload;
    try {
        std::filesystem::create_directories(upload_folder_);
        upload = upload_folder_ / fmt::format("{}{}-{:x}{}", kUploadPrefix, meeting_id,
                                              now_unix_ms(), safe_extension(file_name));
        {
            std::ofstream out(upload, std::ios::binary);
            out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
            if (!out) throw Error("cannot write the upload to " + upload.string());
        }
        bytes = std::string();
        const std::vector<std::filesystem::path> files{upload};
        ImportReport report = service_.import(
            meeting_id, files, who,
            [&](const archive::ImportProgress& progress) {
                update(meeting_id, [&](ImportJobState& state) {
                    state.fraction = progress.fraction;
                    state.seconds_left = progress.seconds_left;
                });
            },
            cancel_);
        // The import wrote through the writer's connection, not through the store.
        wait_for(store_.reload());
        for (auto& skipped : report.outcome.skipped) skipped.source = 0;
        update(meeting_id, [&](ImportJobState& state) {
            state.phase = ImportJobState::Phase::kDone;
            state.fraction = 1;
            state.seconds_left = 0;
            state.skipped = report.outcome.skipped;
        });
        spdlog::info("[import meeting:{}] {} imported: {:.1f} s", meeting_id, file_name,
                     report.outcome.duration_s);
    } catch (const InvalidInput& refusal) {
        update(meeting_id, [&](ImportJobState& state) {
            state.phase = ImportJobState::Phase::kFailed;
            state.error_key = refusal.key().empty() ? "import_error_failed" : refusal.key();
            state.error_arguments = refusal.arguments();
        });
    } catch (const archive::ImportCancelled&) {
        update(meeting_id, [](ImportJobState& state) {
            state.phase = ImportJobState::Phase::kFailed;
            state.error_key = "import_error_failed";
        });
    } catch (const std::exception& e) {
        spdlog::error("[import meeting:{}] {}", meeting_id, e.what());
        update(meeting_id, [](ImportJobState& state) {
            state.phase = ImportJobState::Phase::kFailed;
            state.error_key = "import_error_failed";
        });
    }
    std::error_code ignored;
    if (!upload.empty()) std::filesystem::remove(upload, ignored);
}

}  // namespace councilcast::portal
