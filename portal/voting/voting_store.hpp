// The council's voting in SQLite: sittings (presence, recusals, the current item, the speaker),
// votes and ballots, the hash-chained vote log, and the snapshot it publishes after each write.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/voting/vote_rules.hpp"
#include "portal/voting/voting_record.hpp"

namespace councilcast::portal {

extern const std::string_view kVotingTables;

// Thread-safe. Every write is one job of the one DatabaseWriter with Durability::kFull (a vote
// acknowledged is on disk), appends its vote-log entry (SHA-256 over the previous entry and the
// entry's own canonical JSON) and its audit entry in the same transaction, and publishes a fresh
// VotingSnapshot before the caller resumes. Refusals throw InvalidInput::text with a key of the
// voting catalogue (portal/messages/<lt|en>/voting.toml), e.g. "voting_error_recused"
// (catalogue keys are flat: lower case, digits and underscores).
//
// Who may do what (a council member votes only for their own roster entry, the chair opens
// votes) is the pages' business; the store checks what makes a vote valid: the meeting and item
// exist, the member sits on the council and is registered and not recused, the vote is open,
// one ballot per member per vote.
class VotingStore {
  public:
    // Reads through its own connection; `writer` is not owned and outlives the store. Meetings,
    // items and members are checked in SQL within each write's own transaction, so a check and
    // the write it allows see the same record.
    VotingStore(const std::filesystem::path& database_file, DatabaseWriter& writer,
                VotingRules rules);

    std::shared_ptr<const VotingSnapshot> snapshot() const { return snapshot_.load(); }
    const VotingRules& rules() const { return rules_; }

    // Told of every snapshot published, with the meeting the write was about, on the writer's
    // thread: quick, never throwing, never writing. The composition root wires it to the
    // meeting's event stream (events "vote" and "agenda") and to the broadcast overlay.
    using Listener = std::function<void(const VotingSnapshot&, std::int64_t meeting_id)>;
    void set_listener(Listener listener) { listener_ = std::move(listener); }

    // Where the meeting's recording is now (seconds on its timeline), or nothing: asked, on the
    // caller's thread, for an opening, a manual result or a current item given no media time.
    // The composition root wires it to the recordings; unset, none is recorded.
    using MediaClock = std::function<std::optional<double>(std::int64_t meeting_id)>;
    void set_media_clock(MediaClock clock) { media_clock_ = std::move(clock); }

    template <typename T>
    using Write = boost::asio::awaitable<T>;

    // Presence for the meeting; `present` false takes it back. Registering twice is no change.
    Write<void> set_registered(std::int64_t meeting_id, std::int64_t member_id, bool present,
                               AuditNote audit);
    // A declared conflict of interest: the member is left out of the item's counts and cannot
    // vote on it. Refused while a vote on the item is open.
    Write<void> recuse(std::int64_t agenda_item_id, std::int64_t member_id, AuditNote audit);
    // Moves the sitting to an item of the meeting, recording where in the recording that was
    // (a chapter mark for the archive).
    Write<void> set_current_item(std::int64_t meeting_id, std::int64_t agenda_item_id,
                                 std::optional<double> media_time_s, AuditNote audit);
    // Empty name: no speaker shown. Each at most 100 characters, no control characters.
    Write<void> set_speaker(std::int64_t meeting_id, std::string name, std::string role,
                            AuditNote audit);

    struct Opening {
        std::int64_t meeting_id = 0;
        std::int64_t agenda_item_id = 0;
        LocalizedText motion;
        std::string question;          // a QuestionRule id; empty: the first
        std::optional<VoteKind> kind;  // empty: the question's default
        int countdown_seconds = 0;     // 0: closed by hand; at most 600
        std::optional<double> media_time_s;
        std::int64_t replaces_vote_id = 0;  // a re-vote of a void vote on the same item
    };
    // Resolves to the new vote's id. Refused without quorum, or when the meeting already has an
    // open vote.
    Write<std::int64_t> open_vote(Opening opening, AuditNote audit);

    enum class Cast {
        kCounted,   // a first ballot
        kReplaced,  // a changed ballot (change_allowed, named votes)
        kRepeated,  // the same idempotency key again: nothing changed, the ballot stands
    };
    // One ballot. `idempotency_key` (8..64 characters of [A-Za-z0-9_-], made by the member's
    // page) makes a retried request a no-op answered as the first one was.
    Write<Cast> cast(std::int64_t vote_id, std::int64_t member_id, Choice choice,
                     std::string idempotency_key, AuditNote audit);
    // Closes with the result (decide()).
    Write<void> close_vote(std::int64_t vote_id, AuditNote audit);
    // Closes every open vote whose countdown has ended by `now_unix_ms`; the portal calls it
    // from a timer (every 250 ms), so a countdown ends the vote without anyone pressing Close.
    Write<void> close_due_votes(std::int64_t now_unix_ms);
    // Cancelled after a technical fault: kept, marked void, never counted.
    Write<void> void_vote(std::int64_t vote_id, AuditNote audit);
    Write<void> announce(std::int64_t vote_id, AuditNote audit);

    struct ManualResult {
        std::int64_t meeting_id = 0;
        std::int64_t agenda_item_id = 0;
        LocalizedText motion;
        std::string question;
        VoteCounts counts;  // as counted by hand
        int registered = 0;
        std::optional<double> media_time_s;
    };
    // A show of hands entered by the secretary when the equipment fails: a closed vote marked
    // manual everywhere it is shown.
    Write<std::int64_t> enter_manual_result(ManualResult result, AuditNote audit);

    // Walks the whole vote log: empty when every entry's hash is right, else a description
    // naming the first broken entry. `councilcast audit verify` prints it.
    static std::string verify_chain(Database& db);

  private:
    // `previous` with `meetings` read afresh from `db` (inside a read transaction). Only the
    // meetings a write changed are read again: a council's years of votes are not reloaded for
    // each ballot.
    std::shared_ptr<VotingSnapshot> load(Database& db, const VotingSnapshot& previous,
                                         const std::set<std::int64_t>& meetings) const;
    // On the writer's thread after a commit: a fresh snapshot, then the listener once for each
    // meeting the committed jobs changed.
    void publish(Database& db);
    // One writer job with synchronous=FULL; `change` notes the meeting it changed.
    template <typename Change>
    auto write(Change change);
    // Closes an open vote with its result; `by` ("hand", "countdown") goes in the log.
    void close_open_vote(Database& db, std::int64_t vote_id, std::int64_t closed_unix_ms,
                         std::string_view by);

    DatabaseWriter& writer_;
    VotingRules rules_;
    std::int64_t version_ = 0;                 // writer's thread only
    std::set<std::int64_t> changed_meetings_;  // writer's thread only
    std::atomic<std::shared_ptr<const VotingSnapshot>> snapshot_;
    Listener listener_;
    MediaClock media_clock_;
};

}  // namespace councilcast::portal
