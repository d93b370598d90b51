// The council's public record (groups, members, committees, elderships, meetings, agenda items,
// documents, decisions) in SQLite, and the immutable in-memory snapshot every page reads.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

extern const std::string_view kCouncilTables;

// A text editors write in Lithuanian and may translate. English pages fall back to the
// Lithuanian text (and mark it lang="lt") where no translation exists.
struct LocalizedText {
    std::string lt;
    std::string en;

    bool translated(Language language) const { return language == Language::kLt || !en.empty(); }
    const std::string& in(Language language) const {
        return translated(language) ? pick(language) : lt;
    }

  private:
    const std::string& pick(Language language) const { return language == Language::kLt ? lt : en; }
};

enum class CouncilPosition { kMember, kChair, kDeputyChair };
enum class MeetingKind { kCouncil, kCommittee };
enum class MeetingStatus { kPlanned, kLive, kEnded, kCancelled };
enum class DecisionOutcome { kAdopted, kRejected, kPostponed };
enum class AgendaMove { kUp, kDown };  // towards the start or the end of the meeting

// The names stored in the database and used in URLs, filters and the open-data API.
std::string_view position_name(CouncilPosition position);
std::string_view kind_name(MeetingKind kind);
std::string_view status_name(MeetingStatus status);
std::string_view outcome_name(DecisionOutcome outcome);
std::optional<MeetingKind> parse_kind(std::string_view name);
std::optional<MeetingStatus> parse_status(std::string_view name);
std::optional<DecisionOutcome> parse_outcome(std::string_view name);

// A party or an electoral committee's group in the council.
struct CouncilGroup {
    std::int64_t id = 0;
    LocalizedText name;
    std::string abbreviation;  // "LSDP"; may be empty
};

struct CouncilMember {
    std::int64_t id = 0;
    std::string name;           // as the person writes it: "Rasa Petrauskienė"
    std::int64_t group_id = 0;  // 0: not in a group
    CouncilPosition position = CouncilPosition::kMember;
    std::string term_start;   // ISO date, "2023-04-20"
    std::string term_end;     // ISO date; empty while serving
    LocalizedText biography;  // Markdown
    // File name under <data_dir>/photos, "<sha256>.jpg" or ".png": the extension says the type
    // (checked from the bytes when uploaded). Empty for none.
    std::string photo;
};

struct Committee {
    std::int64_t id = 0;
    LocalizedText name;
    LocalizedText remit;  // what it deals with, one sentence
    std::int64_t chair_member_id = 0;
    std::vector<std::int64_t> member_ids;  // the chair included, by name
};

struct Eldership {
    std::int64_t id = 0;
    std::string name;  // a proper name: the same in both languages
};

struct Meeting {
    std::int64_t id = 0;
    MeetingKind kind = MeetingKind::kCouncil;
    std::int64_t committee_id = 0;  // for committee meetings
    LocalizedText title;
    std::int64_t starts_unix = 0;  // UTC seconds
    LocalizedText place;
    MeetingStatus status = MeetingStatus::kPlanned;
    std::string channel_id;  // the broadcast channel ([[channel]] id); empty: not broadcast
};

struct AgendaItem {
    std::int64_t id = 0;
    std::int64_t meeting_id = 0;
    int position = 0;  // 1, 2, ... in the order the meeting takes them
    LocalizedText title;
    std::string rapporteur;     // who presents it: a name and office
    LocalizedText description;  // Markdown
};

// An attached file (decision drafts as PDF). The bytes live under <data_dir>/documents, named by
// their SHA-256, outside any web root.
struct Document {
    std::int64_t id = 0;
    std::int64_t agenda_item_id = 0;
    LocalizedText title;
    std::string file_name;  // offered to the browser when downloading
    std::string content_type;
    std::int64_t size_bytes = 0;
    std::string sha256;  // hex; also the stored file's name
    std::int64_t uploaded_unix = 0;
};

// What the council decided on an agenda item. The voting issue adds the vote behind it (for,
// against, abstained and each member's vote) in a table of its own keyed by the decision's id,
// so this row and the editor's form for it stay as they are.
struct Decision {
    std::int64_t id = 0;
    std::int64_t agenda_item_id = 0;
    std::string number;  // the register number, "TS-123"
    DecisionOutcome outcome = DecisionOutcome::kAdopted;
    LocalizedText text;  // Markdown
    std::int64_t decided_unix = 0;
};

// Everything public at one moment, never changed after it is published: readers on any thread
// hold it by shared_ptr for as long as they render. Lists are in display order.
struct CouncilSnapshot {
    std::int64_t version = 0;              // rises with every change
    std::int64_t published_unix = 0;       // when this snapshot replaced the last (UTC seconds)
    std::vector<CouncilGroup> groups;      // by name
    std::vector<CouncilMember> members;    // chair first, then by surname order as entered
    std::vector<Committee> committees;     // by name
    std::vector<Eldership> elderships;     // by name
    std::vector<Meeting> meetings;         // by start, oldest first
    std::vector<AgendaItem> agenda_items;  // by meeting, then position
    std::vector<Document> documents;       // by agenda item, then id
    std::vector<Decision> decisions;       // by decided_unix, oldest first

    const CouncilGroup* group(std::int64_t id) const;
    const CouncilMember* member(std::int64_t id) const;
    const Committee* committee(std::int64_t id) const;
    const Meeting* meeting(std::int64_t id) const;
    const AgendaItem* agenda_item(std::int64_t id) const;
    const Document* document(std::int64_t id) const;
    const Decision* decision(std::int64_t id) const;
    std::span<const AgendaItem> agenda(std::int64_t meeting_id) const;
    std::span<const Document> documents_of(std::int64_t agenda_item_id) const;
    const Decision* decision_on(std::int64_t agenda_item_id) const;
    // Committees a member sits on, by name.
    std::vector<const Committee*> committees_of(std::int64_t member_id) const;

    // Built once after loading; every lookup above goes through these.
    void index();

  private:
    std::map<std::int64_t, std::size_t> group_index_, member_index_, committee_index_,
        meeting_index_, agenda_index_, document_index_, decision_index_, decision_by_item_;
    std::map<std::int64_t, std::pair<std::size_t, std::size_t>> agenda_ranges_, document_ranges_;
};

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
    // member at it. The previous file stays: another member may have the same picture.
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
