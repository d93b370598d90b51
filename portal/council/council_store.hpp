// The council's public record (groups, members, committees, elderships, meetings, agenda items,
// documents, decisions) in SQLite: its tables, its writes, and the snapshot it publishes after
// each.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/council/council_snapshot.hpp"

namespace councilcast::portal {

extern const std::string_view kCouncilTables;

// Thread-safe. Every write is a job of the one DatabaseWriter, and its commit publishes a fresh
// snapshot (on the writer's thread, before the writing caller resumes); readers never wait for
// a writer. The council's record is small (a decade of meetings is a few megabytes) and changes
// a few times a day, so reloading it whole after a write is simpler and faster for readers than
// keeping a cache right.
//
// Writes return an awaitable (a coroutine co_awaits it; a command-line caller uses block_on)
// and take an optional AuditNote: the audit entry is appended in the same transaction as the
// change, so both are kept or neither. Each resolves to the id of the row it changed.
class CouncilStore {
  public:
    // Loads the snapshot from the database file (schema current) and writes through `writer`
    // (not owned; it outlives the store). `data_dir` holds the documents/ and photos/
    // directories.
    CouncilStore(const std::filesystem::path& database_file, std::filesystem::path data_dir,
                 DatabaseWriter& writer);

    std::shared_ptr<const CouncilSnapshot> snapshot() const { return snapshot_.load(); }

    // Told of every snapshot published after a write, on the writer's thread with the store
    // locked: quick, never throwing, never writing here. How other rooms hear of changes without
    // the council including them; the composition root sets it before serving.
    using Listener = std::function<void(const CouncilSnapshot&)>;
    void set_listener(Listener listener) { listener_ = std::move(listener); }

    template <typename T>
    using Write = boost::asio::awaitable<T>;

    // Each resolves to the new row's id. Invalid values (an empty Lithuanian title, an unknown
    // reference, a position already taken, a date that is not YYYY-MM-DD) throw InvalidInput
    // with a catalogue key.
    Write<std::int64_t> add_group(const CouncilGroup& group, AuditNote audit = {});
    // The term is ISO dates, the end empty or not before the start; one serving member (no
    // term end) chairs the council at a time.
    Write<std::int64_t> add_member(const CouncilMember& member, AuditNote audit = {});
    // The chair sits on the committee: added to member_ids when missing there.
    Write<std::int64_t> add_committee(const Committee& committee, AuditNote audit = {});
    Write<std::int64_t> add_eldership(const Eldership& eldership, AuditNote audit = {});
    Write<std::int64_t> add_meeting(const Meeting& meeting, AuditNote audit = {});
    // Appended after the meeting's last item when `item.position` is 0.
    Write<std::int64_t> add_agenda_item(const AgendaItem& item, AuditNote audit = {});
    Write<std::int64_t> add_decision(const Decision& decision, AuditNote audit = {});
    // Writes the bytes (already checked by the caller) under documents/ (temp name, fsync,
    // rename) before the row, so a row never names a missing file.
    Write<std::int64_t> add_document(const Document& document, std::string_view bytes,
                                     AuditNote audit = {});

    // Replace the row with this id, checked as when added; throws InvalidInput when there is
    // none.
    Write<std::int64_t> update_group(const CouncilGroup& group, AuditNote audit = {});
    // Everything but the photo, which changes only through set_member_photo.
    Write<std::int64_t> update_member(const CouncilMember& member, AuditNote audit = {});
    // The committee's seats are replaced too.
    Write<std::int64_t> update_committee(const Committee& committee, AuditNote audit = {});
    Write<std::int64_t> update_meeting(const Meeting& meeting, AuditNote audit = {});
    Write<std::int64_t> update_agenda_item(const AgendaItem& item, AuditNote audit = {});
    Write<std::int64_t> update_decision(const Decision& decision, AuditNote audit = {});
    Write<std::int64_t> set_meeting_status(std::int64_t meeting_id, MeetingStatus status,
                                           AuditNote audit = {});

    // Moves every meeting and decision by `seconds` (the demo keeps its calendar around today).
    Write<std::int64_t> shift_calendar(std::int64_t seconds);

    // With its documents and decision; the items after it move up, so positions stay 1..n.
    Write<std::int64_t> remove_agenda_item(std::int64_t agenda_item_id, AuditNote audit = {});
    Write<std::int64_t> remove_document(std::int64_t document_id, AuditNote audit = {});
    Write<std::int64_t> remove_decision(std::int64_t decision_id, AuditNote audit = {});

    // Swaps the item with the one before (kUp) or after (kDown) it, in one transaction, so the
    // agenda is never seen with two items in one place. At either end nothing changes.
    Write<std::int64_t> move_agenda_item(std::int64_t agenda_item_id, AgendaMove move,
                                         AuditNote audit = {});

    // Stores a member's photo (bytes already checked to be `content_type`, "image/jpeg" or
    // "image/png") under photos/ (temp name, fsync, rename), named photo_name(), and points the
    // member at it. The previous file is deleted after the commit unless another member has the
    // same picture (see remove_unreferenced_files).
    Write<std::int64_t> set_member_photo(std::int64_t member_id, std::string_view bytes,
                                         std::string_view content_type, AuditNote audit = {});
    Write<std::int64_t> remove_member_photo(std::int64_t member_id, AuditNote audit = {});
    // The file name a photo is stored under: its SHA-256 and the type's extension. Throws
    // InvalidInput for a type other than JPEG or PNG.
    static std::string photo_name(std::string_view bytes, std::string_view content_type);
    // The SHA-256 (hex) a document's bytes are stored and listed under.
    static std::string content_digest(std::string_view bytes);

    // Where a stored document's bytes are.
    std::filesystem::path document_path(const Document& document) const;
    // Where a member's photo is, for CouncilMember::photo.
    std::filesystem::path photo_path(std::string_view photo) const;

    // Several changes as one: a single snapshot is published when the last one has been made.
    // Used by the demo seed, which writes hundreds of rows. Ends by waiting for the writer:
    // not on a network thread.
    class Batch {
      public:
        explicit Batch(CouncilStore& store);
        ~Batch();
        Batch(const Batch&) = delete;
        Batch& operator=(const Batch&) = delete;

      private:
        CouncilStore& store_;
    };

  private:
    // Runs on the writer's thread only (the constructor aside).
    void publish(Database& db);
    // Deletes every file under documents/ and photos/ that `snapshot` names nowhere: a removed
    // photo or document must not stay public, nor its bytes on disk. Called after a commit on
    // the writer's thread, where no job is between writing a file and committing the row that
    // names it, so only files no committed row names (and leftovers of jobs that failed) go;
    // deleting before the commit could lose a file whose removal a crash then undid.
    void remove_unreferenced_files(const CouncilSnapshot& snapshot) const;
    // One writer job: `change` returns the id of the row it changed; the audit entry `audit`
    // makes for that id goes in the same transaction.
    template <typename Change>
    Write<std::int64_t> write(Change change, AuditNote audit);
    static std::int64_t inserted(Database& db, Transaction& transaction);
    // An UPDATE that must have found its row; `missing` says it did not.
    static void updated(Database& db, Transaction& transaction, std::string_view missing);
    // `table` is one of this file's table names, never user data.
    static bool exists(Database& db, std::string_view table, std::int64_t id);
    static void check_references(Database& db, const Meeting& meeting);
    static void check_references(Database& db, const CouncilMember& member);
    // Also adds the chair to the members and drops repeated members.
    static void check_references(Database& db, Committee& committee);
    static void write_seats(Database& db, const Committee& committee);

    DatabaseWriter& writer_;
    std::filesystem::path data_dir_;
    std::atomic<int> open_batches_ = 0;
    std::atomic<bool> changed_ = false;  // set by a job, cleared when published
    std::int64_t version_ = 0;           // writer's thread only
    std::atomic<std::shared_ptr<const CouncilSnapshot>> snapshot_;
    Listener listener_;
};

}  // namespace councilcast::portal
