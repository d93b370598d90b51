// Residents' petitions in SQLite: their lifecycle, signatures appended and confirmed, counts
// folded in batches, moderation and bulk invalidation, and the snapshot the pages read.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "config/config.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/petitions/petition_record.hpp"

namespace councilcast::portal {

extern const std::string_view kPetitionTables;

// Someone a mail goes to, in their language ("lt" or "en").
struct PetitionRecipient {
    std::string name;
    std::string email;
    std::string language = "lt";
};

// Something that happened to a petition that someone is told of by mail. Handed to the event
// sink inside the writer job's transaction that caused it, so the mail and its cause are kept
// or lost together.
struct PetitionEvent {
    enum class Kind {
        kCreated,           // to the creator: token is the manage token (their private link)
        kSignaturePending,  // to recipients[0], the signer: token is the confirmation token
        kSponsorsGathered,  // to the creator: it went to moderation
        kPublished,         // to the creator: approved, open for signing
        kRejected,          // to the creator: petition.rejection says why
        kResponseThresholdReached,  // to the creator (and the moderators' queue)
        kCouncilThresholdReached,   // to the creator (and the moderators' queue)
        kAnswered,  // to the creator and recipients: the confirmed signers who opted in
    };
    Kind kind = Kind::kCreated;
    // The petition as the job leaves it (counts as of the last tally, or of this one); never
    // null, valid during the sink's call only: copy what a mail needs.
    const Petition* petition = nullptr;
    PetitionRecipient creator;
    std::vector<PetitionRecipient> recipients;
    std::string token;     // see Kind; empty otherwise
    bool sponsor = false;  // kSignaturePending: the signer signed as a sponsor (gathering)
    bool resent = false;   // kSignaturePending: they had signed before without confirming
};

// Thread-safe. Every write is one job of the one DatabaseWriter (Durability::kFull: a
// signature or confirmation acknowledged is on disk); moderators' writes append their audit
// entry in the same transaction. A write that changes what the pages show (a state, a text,
// the counts) publishes a fresh PetitionsSnapshot before its caller resumes; a signature or a
// confirmation changes no snapshot: the next tally() brings it into the counts.
//
// Refusals throw InvalidInput::text with a key of portal/messages/<lt|en>/petitions.toml
// ("petition_error_…"). Who is a moderator is the pages' business (the Gate); the store checks
// the petition's state and the tokens: the creator acts with the manage token (mailed to them
// at creation), a sponsor signs with the sponsor token (the link the creator shares).
//
// Counts are never a hot row: a confirmation appends a row to petition_confirmation (an
// invalidation appends a negative one), and tally() folds every row past its watermark into
// petition_count in one transaction with the new watermark, so a crash never counts twice and
// never loses a confirmation that was acknowledged.
class PetitionStore {
  public:
    // The council record's elderships, asked on the caller's thread at each signing and by
    // elderships(); the composition root wires it to the council's snapshot (petitions never
    // include portal/council). Unset: no eldership but outside.
    using Elderships = std::function<std::vector<PetitionEldership>()>;
    // The time in unix ms; tests set one, `serve` keeps the clock.
    using Clock = std::function<std::int64_t()>;

    // Reads through its own connection; `writer` is not owned and outlives the store.
    PetitionStore(const std::filesystem::path& database_file, DatabaseWriter& writer,
                  config::Petitions settings, Elderships elderships = {}, Clock clock = {});
    PetitionStore(const PetitionStore&) = delete;
    PetitionStore& operator=(const PetitionStore&) = delete;

    std::shared_ptr<const PetitionsSnapshot> snapshot() const { return snapshot_.load(); }
    const config::Petitions& settings() const { return settings_; }
    // What a signer may choose, in the council record's order; with allow_outside the last is
    // kOutsideEldership (name empty: the pages say petition_eldership_outside in the reader's
    // language).
    std::vector<PetitionEldership> elderships() const;

    // Called on the writer's thread inside the job's transaction for every event (see
    // PetitionEvent): it may write (enqueue mail) through `db`; it throws to refuse the whole
    // write. Set before the first write. Unset: events are dropped.
    using EventSink = std::function<void(Database& db, const PetitionEvent& event)>;
    void set_event_sink(EventSink sink) { event_sink_ = std::move(sink); }
    // Told of every snapshot published, on the writer's thread: quick, never throwing, never
    // writing (the feed and search may listen).
    using Listener = std::function<void(const PetitionsSnapshot&)>;
    void set_listener(Listener listener) { listener_ = std::move(listener); }

    template <typename T>
    using Write = boost::asio::awaitable<T>;

    // ---- the creator ----

    struct Draft {
        std::string title;          // 10..150 characters, one line
        std::string text;           // 50..10,000 characters, plain text
        std::string creator_name;   // 2..100 characters, one line
        std::string creator_email;  // a mail address, at most 254 characters
        std::string language = "lt";
        std::string client_address;  // the creator's address, kept with the row (at most 64)
    };
    struct Created {
        std::int64_t petition_id = 0;
        std::string manage_token;  // the creator's private link; also in the kCreated event
    };
    // A draft; its kCreated event mails the creator the manage link.
    Write<Created> create(Draft draft);
    // A new title and text, only in draft or gathering. Refused with a wrong token.
    Write<void> edit(std::string manage_token, std::string title, std::string text);
    // The creator followed the manage link: their email is confirmed and the petition gathers
    // sponsors (with [petitions] sponsors = 0 it goes to moderation at once). Resolves to the
    // petition's id; a petition past draft is left as it is.
    Write<std::int64_t> start_gathering(std::string manage_token);

    // What the manage token opens: the petition and the link sponsors sign with.
    struct ManageAccess {
        std::int64_t petition_id = 0;
        std::string sponsor_token;
    };
    std::optional<ManageAccess> by_manage_token(std::string_view manage_token) const;
    bool sponsor_token_valid(std::int64_t petition_id, std::string_view sponsor_token) const;

    // ---- signing ----

    struct Signing {
        std::int64_t petition_id = 0;
        std::string name;   // 2..100 characters, one line
        std::string email;  // a mail address, at most 254 characters
        std::int64_t eldership_id = kOutsideEldership;
        bool declared_eligible = false;  // must be true: "I live, work or study here…"
        bool consent = false;            // must be true: processing of the signature's data
        bool notify_on_answer = false;   // mail when the petition is answered
        std::string language = "lt";     // of their mails
        std::string client_address;      // at most 64 characters
        // While the petition gathers sponsors: the sponsor token from the creator's link
        // (required then, ignored once open).
        std::string sponsor_token;
        // The signer is signed in and `email` is their verified account address: confirmed
        // at once, no mail.
        bool email_verified = false;
    };
    struct Signed {
        enum class Outcome {
            kPending,    // a new signature: confirmation_token was mailed (kSignaturePending)
            kConfirmed,  // a new signature, confirmed at once (email_verified)
            // This canonical email signed before. Says nothing of whether it was confirmed;
            // if it was not, a fresh confirmation mail went to that address (resent).
            kAlreadySigned,
        };
        Outcome outcome = Outcome::kPending;
        std::string confirmation_token;  // kPending only (the sink has it too)
    };
    // One signature per canonical email per petition (canonical_email). Refused unless the
    // petition is open and not hidden (or gathering, with the sponsor token), and for any
    // field out of bounds.
    Write<Signed> sign(Signing signing);

    struct Confirmed {
        std::int64_t petition_id = 0;
        bool already = false;  // confirmed before: nothing changed
    };
    // The link from the mail. Refused for an unknown token, an invalidated signature, or a
    // petition no longer open (or gathering, or in moderation for a sponsor's), or hidden. A
    // sponsor's confirmation that completes [petitions] sponsors moves the petition to moderation
    // (kSponsorsGathered).
    Write<Confirmed> confirm(std::string confirmation_token);

    // What a confirmation link opens, for a page that asks before it confirms (a mail
    // scanner fetching the link must not sign for anyone); nothing for an unknown token.
    struct SignatureLookup {
        std::int64_t petition_id = 0;
        bool confirmed = false;
        bool invalidated = false;
        bool sponsor = false;
    };
    std::optional<SignatureLookup> by_confirmation_token(std::string_view token) const;

    // ---- moderators (each with its audit entry; `audit` is called with the petition id) ----

    // moderation → open, closing after [petitions] open_days (kPublished).
    Write<void> approve(std::int64_t petition_id, AuditNote audit);
    // moderation → rejected (kRejected). kDuplicate needs duplicate_of, a published petition.
    Write<void> reject(std::int64_t petition_id, PetitionRejection rejection, AuditNote audit);
    // A published petition off the public pages, its page saying why (reason 1..2,000
    // characters); unhide puts it back.
    Write<void> hide(std::int64_t petition_id, std::string reason, AuditNote audit);
    Write<void> unhide(std::int64_t petition_id, AuditNote audit);
    // open → closed early, for a reason (1..2,000 characters).
    Write<void> stop(std::int64_t petition_id, std::string reason, AuditNote audit);
    // open or closed → answered (an open one is closed now); kAnswered with the opted-in
    // signers. Text 1..20,000 characters, decision at most 2,000.
    Write<void> respond(std::int64_t petition_id, PetitionResponse response, AuditNote audit);

    // Which signatures of one petition to invalidate: any of the criteria given, all must
    // match; at least one is required.
    struct Invalidation {
        std::int64_t petition_id = 0;
        std::string client_address;     // exactly this address
        std::string email_domain;       // the part after '@', lower case ("example.com")
        std::int64_t from_unix_ms = 0;  // signed at or after; 0: no bound
        std::int64_t to_unix_ms = 0;    // signed before; 0: no bound
        std::string reason;             // 1..2,000 characters, kept with the batch
    };
    // Marks every matching signature not already invalidated; the counts are corrected in the
    // same transaction (a tally runs inside it). Resolves to how many signatures (confirmed or
    // not) were invalidated.
    Write<int> invalidate(Invalidation invalidation, AuditNote audit);

    // ---- timers (the composition root runs them) ----

    // Closes every open petition whose closes_unix_ms is at or before `now_unix_ms`. Writes
    // nothing when none is due (reads the snapshot first).
    Write<void> close_due(std::int64_t now_unix_ms);
    // Folds the confirmations past the watermark into the counts, notes thresholds reached
    // (their events) and publishes the snapshot. Writes nothing when none is new. Resolves to
    // how many confirmation rows were folded.
    Write<int> tally();

    // ---- reads for the moderators ----

    struct QueueEntry {
        std::int64_t petition_id = 0;
        std::int64_t waiting_since_unix_ms = 0;  // submitted_unix_ms
        int age_days = 0;                        // whole days waiting
        bool overdue = false;                    // more than [petitions] moderation_overdue_days
    };
    // Petitions in moderation, oldest first.
    std::vector<QueueEntry> moderation_queue(std::int64_t now_unix_ms) const;

    // An address that signed a petition more than [petitions] flag_signatures times within
    // any flag_window_minutes.
    struct FlaggedAddress {
        std::string client_address;
        int signatures = 0;  // all its signatures of the petition, invalidated ones not counted
        std::int64_t first_unix_ms = 0;
        std::int64_t last_unix_ms = 0;
    };
    std::vector<FlaggedAddress> flagged_addresses(std::int64_t petition_id) const;

    // Signatures of a petition by state, for the moderators' page (tallied or not).
    struct SignatureTotals {
        std::int64_t pending = 0;
        std::int64_t confirmed = 0;
        std::int64_t invalidated = 0;
    };
    SignatureTotals signature_totals(std::int64_t petition_id) const;

  private:
    template <typename Change>
    auto write(Change change);
    // On the writer's thread after a commit that changed `changed_`: a fresh snapshot.
    void publish(Database& db);
    std::shared_ptr<PetitionsSnapshot> load(Database& db, const PetitionsSnapshot& previous,
                                            const std::set<std::int64_t>& petitions) const;
    // Inside a job: folds confirmations past the watermark; returns how many rows.
    int tally_in(Database& db);
    // Inside a job: the thresholds an open petition's tallied count has reached, noted once.
    void note_thresholds(Database& db, std::int64_t petition_id, std::int64_t at);
    // Inside a job: gathering → moderation (kSponsorsGathered).
    void submit(Database& db, std::int64_t petition_id, std::int64_t at);
    // Inside a job: a signature confirmed now appends its confirmation; a sponsor's may
    // complete the sponsors.
    void confirmed_now(Database& db, std::int64_t signature_id, std::int64_t petition_id,
                       std::int64_t eldership_id, bool sponsor, std::int64_t at);
    void pending_event(Database& db, std::int64_t petition_id, PetitionRecipient signer,
                       const std::string& token, bool sponsor, bool resent);
    // Inside a job: an event about the petition as the job leaves it, to its creator; `more`
    // adds what the kind carries (a token, the recipients). Nothing without an event sink.
    void creator_event(Database& db, std::int64_t petition_id, PetitionEvent::Kind kind,
                       const std::function<void(PetitionEvent&)>& more = {});
    void emit(Database& db, const PetitionEvent& event) const;
    std::int64_t now() const;

    DatabaseWriter& writer_;
    const config::Petitions settings_;
    Elderships elderships_;
    Clock clock_;
    EventSink event_sink_;
    Listener listener_;
    std::int64_t version_ = 0;        // writer's thread only
    std::set<std::int64_t> changed_;  // writer's thread only: petitions to reload
    // A confirmation (or invalidation) may wait for the tally: set by the jobs that append
    // one, and at start (a crash may have left some); tally() writes nothing while false.
    std::atomic<bool> untallied_ = true;
    std::atomic<std::shared_ptr<const PetitionsSnapshot>> snapshot_;
    mutable std::mutex reader_mutex_;  // guards reader_
    mutable Database reader_;
};

}  // namespace councilcast::portal
