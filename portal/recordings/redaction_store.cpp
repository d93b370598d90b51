#include "portal/recordings/redaction_store.hpp"

#include <algorithm>
#include <utility>

#include "common/error.hpp"
#include "common/unix_time.hpp"

namespace councilcast::portal {
namespace {

std::shared_ptr<RedactionsSnapshot> load_redactions(Database& db) {
    auto snapshot = std::make_shared<RedactionsSnapshot>();
    ReadTransaction read(db);
    Statement redactions = db.cached(
        "SELECT id, meeting_id, from_unix_ms, to_unix_ms, reason, created_by, created_unix_ms, "
        "restored_by, restored_unix_ms FROM recording_redaction ORDER BY meeting_id, "
        "from_unix_ms, id");
    while (redactions.step()) {
        snapshot->redactions.push_back(
            {redactions.column_int(0), redactions.column_int(1), redactions.column_int(2),
             redactions.column_int(3), redactions.column_text(4), redactions.column_text(5),
             redactions.column_int(6), redactions.column_text(7), redactions.column_int(8)});
    }
    redactions.reset();
    Statement unpublished =
        db.cached("SELECT meeting_id FROM recording WHERE published = 0 ORDER BY meeting_id");
    while (unpublished.step()) snapshot->unpublished.push_back(unpublished.column_int(0));
    unpublished.reset();
    return snapshot;
}

bool has_recording(Database& db, std::int64_t meeting_id) {
    Statement select = db.cached("SELECT 1 FROM recording WHERE meeting_id = ?");
    select.bind(1, meeting_id);
    const bool found = select.step();
    select.reset();
    return found;
}

// A reason is one or more lines a person typed: blank is no reason.
std::string trimmed(std::string text) {
    const auto blank = [](unsigned char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    };
    while (!text.empty() && blank(text.back())) text.pop_back();
    std::size_t first = 0;
    while (first < text.size() && blank(text[first])) ++first;
    return text.substr(first);
}

}  // namespace

std::vector<const Redaction*> RedactionsSnapshot::of(std::int64_t meeting_id) const {
    auto first = std::lower_bound(
        redactions.begin(), redactions.end(), meeting_id,
        [](const Redaction& redaction, std::int64_t id) { return redaction.meeting_id < id; });
    std::vector<const Redaction*> found;
    for (auto it = first; it != redactions.end() && it->meeting_id == meeting_id; ++it) {
        found.push_back(&*it);
    }
    return found;
}

std::vector<const Redaction*> RedactionsSnapshot::active_of(std::int64_t meeting_id) const {
    auto found = of(meeting_id);
    std::erase_if(found, [](const Redaction* redaction) { return !redaction->active(); });
    return found;
}

const Redaction* RedactionsSnapshot::redaction(std::int64_t id) const {
    auto found = std::find_if(redactions.begin(), redactions.end(),
                              [id](const Redaction& redaction) { return redaction.id == id; });
    return found == redactions.end() ? nullptr : &*found;
}

bool RedactionsSnapshot::published(std::int64_t meeting_id) const {
    return !std::binary_search(unpublished.begin(), unpublished.end(), meeting_id);
}

RedactionStore::RedactionStore(const std::filesystem::path& db_file, DatabaseWriter& writer)
    : db_file_(db_file), writer_(writer) {
    {
        Database reader(db_file_, Durability::kNormal, OpenMode::kReadOnly);
        snapshot_.store(load_redactions(reader));
    }
    // As RecordingStore: after the commit, before the writing caller resumes.
    writer_.add_commit_listener([this](Database& db) {
        if (changed_) publish(db);
    });
}

void RedactionStore::set_listener(std::function<void(const RedactionsSnapshot&)> listener) {
    listener_ = std::move(listener);
}

void RedactionStore::publish(Database& db) {
    changed_ = false;
    auto loaded = load_redactions(db);
    loaded->version = ++version_;
    snapshot_.store(loaded);
    if (listener_) listener_(*loaded);
}

std::int64_t insert_redaction(Database& db, std::int64_t meeting_id, std::int64_t from_unix_ms,
                              std::int64_t to_unix_ms, const std::string& reason,
                              const std::string& who) {
    db.cached(
          "INSERT INTO recording_redaction (meeting_id, from_unix_ms, to_unix_ms, reason, "
          "created_by, created_unix_ms) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, meeting_id)
        .bind(2, from_unix_ms)
        .bind(3, to_unix_ms)
        .bind(4, reason)
        .bind(5, who)
        .bind(6, now_unix_ms())
        .run();
    return db.last_insert_rowid();
}

RedactionStore::Write<std::int64_t> RedactionStore::hide(std::int64_t meeting_id,
                                                         std::int64_t from_unix_ms,
                                                         std::int64_t to_unix_ms,
                                                         std::string reason, std::string who,
                                                         AuditNote audit) {
    reason = trimmed(std::move(reason));
    if (reason.empty()) throw InvalidInput::text("redaction_error_reason");
    if (reason.size() > kMaxReasonBytes) throw InvalidInput::text("redaction_error_reason_long");
    if (from_unix_ms <= 0 || to_unix_ms <= from_unix_ms) {
        throw InvalidInput::text("redaction_error_range");
    }
    return writer_.run([this, meeting_id, from_unix_ms, to_unix_ms, reason = std::move(reason),
                        who = std::move(who), audit = std::move(audit)](Database& db) {
        if (!has_recording(db, meeting_id))
            throw InvalidInput::text("redaction_error_no_recording");
        Statement count = db.cached(
            "SELECT count(*) FROM recording_redaction WHERE meeting_id = ? AND restored_unix_ms "
            "= 0");
        count.bind(1, meeting_id);
        count.step();
        const auto active = static_cast<std::size_t>(count.column_int(0));
        count.reset();
        if (active >= kMaxActivePerRecording) throw InvalidInput::text("redaction_error_too_many");
        const std::int64_t id =
            insert_redaction(db, meeting_id, from_unix_ms, to_unix_ms, reason, who);
        if (audit) AuditLog::append(db, audit(id));
        changed_ = true;
        return id;
    });
}

RedactionStore::Write<> RedactionStore::restore(std::int64_t redaction_id, std::string who,
                                                AuditNote audit) {
    return writer_.run([this, redaction_id, who = std::move(who),
                        audit = std::move(audit)](Database& db) {
        Statement select =
            db.cached("SELECT restored_unix_ms FROM recording_redaction WHERE id = ?");
        select.bind(1, redaction_id);
        const bool found = select.step();
        const bool restored = found && select.column_int(0) != 0;
        select.reset();
        if (!found) throw InvalidInput::text("redaction_error_unknown");
        if (restored) throw InvalidInput::text("redaction_error_restored");
        db.cached(
              "UPDATE recording_redaction SET restored_by = ?, restored_unix_ms = ? WHERE id = ?")
            .bind(1, who)
            .bind(2, now_unix_ms())
            .bind(3, redaction_id)
            .run();
        if (audit) AuditLog::append(db, audit(redaction_id));
        changed_ = true;
    });
}

RedactionStore::Write<> RedactionStore::set_published(std::int64_t meeting_id, bool published,
                                                      AuditNote audit) {
    return writer_.run([this, meeting_id, published, audit = std::move(audit)](Database& db) {
        if (!has_recording(db, meeting_id))
            throw InvalidInput::text("redaction_error_no_recording");
        db.cached("UPDATE recording SET published = ? WHERE meeting_id = ?")
            .bind(1, published ? 1 : 0)
            .bind(2, meeting_id)
            .run();
        if (audit) AuditLog::append(db, audit(meeting_id));
        changed_ = true;
    });
}

RedactionStore::Write<> RedactionStore::reload() {
    return writer_.run([this](Database&) { changed_ = true; });
}

}  // namespace councilcast::portal
