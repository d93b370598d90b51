// What the public may not see of the meetings' recordings: the ranges editors hid (redactions,
// with why and who) and which recordings are published at all. Its tables are schema step 14.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/database_writer.hpp"
#include "portal/audit/audit_log.hpp"

namespace councilcast::portal {

// A redaction: wall-clock time of a meeting's recording the public may not see or hear. Stored
// like a chapter's moment, so it covers the same seconds whatever happens to the timeline.
struct Redaction {
    std::int64_t id = 0;
    std::int64_t meeting_id = 0;
    std::int64_t from_unix_ms = 0;
    std::int64_t to_unix_ms = 0;  // after from_unix_ms
    std::string reason;           // why (required: the record of a hidden public meeting)
    std::string created_by;       // the editor's address
    std::int64_t created_unix_ms = 0;
    std::string restored_by;            // the admin who showed it again; empty while active
    std::int64_t restored_unix_ms = 0;  // 0 while active
    bool active() const { return restored_unix_ms == 0; }
};

// Immutable once published: any thread reads it without locks.
struct RedactionsSnapshot {
    std::int64_t version = 0;
    std::vector<Redaction> redactions;      // by meeting id, then from_unix_ms
    std::vector<std::int64_t> unpublished;  // meetings whose recording is staff only, ascending
    // The meeting's redactions, active and restored, by from_unix_ms.
    std::vector<const Redaction*> of(std::int64_t meeting_id) const;
    // Only the active ones: what the public may not see.
    std::vector<const Redaction*> active_of(std::int64_t meeting_id) const;
    const Redaction* redaction(std::int64_t id) const;
    bool published(std::int64_t meeting_id) const;
};

// Inside a writer's job: the row of a redaction of [from, to) (to > from, a reason) by `who`;
// its id. RedactionStore::hide's, and RecordingStore's for what an operator's stop kept out.
std::int64_t insert_redaction(Database& db, std::int64_t meeting_id, std::int64_t from_unix_ms,
                              std::int64_t to_unix_ms, const std::string& reason,
                              const std::string& who);

// Thread-safe. Every write is one job of the one DatabaseWriter with its audit entry in the
// same transaction, and publishes a new snapshot.
class RedactionStore {
  public:
    template <typename T = void>
    using Write = boost::asio::awaitable<T>;

    // Active redactions one recording may have: a bound on what every output checks.
    static constexpr std::size_t kMaxActivePerRecording = 200;
    static constexpr std::size_t kMaxReasonBytes = 1000;

    // `writer` is not owned and must outlive the store. Loads the snapshot.
    RedactionStore(const std::filesystem::path& db_file, DatabaseWriter& writer);

    std::shared_ptr<const RedactionsSnapshot> snapshot() const { return snapshot_.load(); }

    // Hides [from, to) of the meeting's recording, by `who` for `reason`; the new redaction's
    // id. Throws InvalidInput("redaction_error_…"): no recording, an empty or reversed range,
    // no reason (or one too long), too many redactions.
    Write<std::int64_t> hide(std::int64_t meeting_id, std::int64_t from_unix_ms,
                             std::int64_t to_unix_ms, std::string reason, std::string who,
                             AuditNote audit);
    // Shows a redaction's range again (an admin's decision); the row stays as the record.
    // Throws InvalidInput("redaction_error_…") for an unknown or already restored one.
    Write<> restore(std::int64_t redaction_id, std::string who, AuditNote audit);
    // Publishes or unpublishes the meeting's recording (an unpublished one is staff only).
    // Throws InvalidInput("redaction_error_no_recording") when the meeting has none.
    Write<> set_published(std::int64_t meeting_id, bool published, AuditNote audit);
    // A fresh snapshot after recordings were added by another store or process (an import
    // writes its recording unpublished in its own transaction).
    Write<> reload();

    // Told of every snapshot published, on the writer's thread.
    void set_listener(std::function<void(const RedactionsSnapshot&)> listener);

  private:
    void publish(Database& db);

    std::filesystem::path db_file_;
    DatabaseWriter& writer_;
    std::atomic<std::shared_ptr<const RedactionsSnapshot>> snapshot_;
    std::function<void(const RedactionsSnapshot&)> listener_;
    bool changed_ = false;      // writer's thread only
    std::int64_t version_ = 0;  // writer's thread only
};

}  // namespace councilcast::portal
