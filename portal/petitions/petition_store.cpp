#include "portal/petitions/petition_store.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <tuple>

#include "common/error.hpp"
#include "common/require.hpp"
#include "common/secret_token.hpp"
#include "common/typed_text.hpp"
#include "common/unix_time.hpp"
#include "portal/petitions/canonical_email.hpp"
#include "portal/petitions/petition_input.hpp"

namespace councilcast::portal {

namespace {

constexpr std::size_t kMinTitle = 10;
constexpr std::size_t kMaxTitle = 150;
constexpr std::size_t kMinText = 50;
constexpr std::size_t kMaxText = 10'000;
constexpr std::size_t kMinName = 2;
constexpr std::size_t kMaxName = 100;
constexpr std::size_t kMaxReason = 2'000;
constexpr std::size_t kMaxResponse = 20'000;
constexpr std::size_t kMaxDecision = 2'000;

// The address as typed (trimmed) when it has a canonical form; refused otherwise.
struct Email {
    std::string as_typed;
    std::string canonical;
    std::string domain;
};

Email checked_email(std::string_view text) {
    std::string_view typed = text;
    while (!typed.empty() && typed.front() == ' ') typed.remove_prefix(1);
    while (!typed.empty() && typed.back() == ' ') typed.remove_suffix(1);
    auto canonical = canonical_email(typed);
    if (!canonical) throw InvalidInput::text("petition_error_email");
    return {std::string(typed), std::move(*canonical), email_domain(typed)};
}

// Optional text up to `max` characters (may be empty).
std::string optional_paragraphs(std::string_view text, std::size_t max, const std::string& key) {
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return {};
    return checked_paragraphs(text, 0, max, key);
}

constexpr std::string_view kPetitionColumns =
    "id, title, text, creator_name, creator_email, language, state, created_unix_ms, "
    "gathering_unix_ms, submitted_unix_ms, opened_unix_ms, closes_unix_ms, closed_unix_ms, "
    "answered_unix_ms, rejected_unix_ms, rejection_reason, rejection_text, duplicate_of, "
    "hidden, hidden_reason, stop_reason, response_text, response_meeting_id, response_decision, "
    "response_threshold_unix_ms, council_threshold_unix_ms";

Petition read_petition_row(const Statement& row) {
    Petition p;
    p.id = row.column_int(0);
    p.title = row.column_text(1);
    p.text = row.column_text(2);
    p.creator_name = row.column_text(3);
    p.creator_email = row.column_text(4);
    p.language = row.column_text(5);
    p.state = parse_petition_state(row.column_text(6)).value_or(PetitionState::kDraft);
    p.created_unix_ms = row.column_int(7);
    p.gathering_unix_ms = row.column_int(8);
    p.submitted_unix_ms = row.column_int(9);
    p.opened_unix_ms = row.column_int(10);
    p.closes_unix_ms = row.column_int(11);
    p.closed_unix_ms = row.column_int(12);
    p.answered_unix_ms = row.column_int(13);
    p.rejected_unix_ms = row.column_int(14);
    if (p.state == PetitionState::kRejected) {
        p.rejection = PetitionRejection{
            parse_rejection_reason(row.column_is_null(15) ? "" : row.column_text(15))
                .value_or(RejectionReason::kOther),
            row.column_text(16), row.column_is_null(17) ? 0 : row.column_int(17)};
    }
    p.hidden = row.column_int(18) != 0;
    p.hidden_reason = row.column_text(19);
    p.stop_reason = row.column_text(20);
    if (p.state == PetitionState::kAnswered) {
        p.response = PetitionResponse{row.column_text(21), p.answered_unix_ms, row.column_int(22),
                                      row.column_text(23)};
    }
    p.response_threshold_unix_ms = row.column_int(24);
    p.council_threshold_unix_ms = row.column_int(25);
    return p;
}

// The petition as it stands in `db`, counts included; nothing when there is none.
std::optional<Petition> read_petition(Database& db, std::int64_t petition_id) {
    static const std::string select_sql =
        "SELECT " + std::string(kPetitionColumns) + " FROM petition WHERE id = ?";
    Petition petition;
    {
        Statement select = db.cached(select_sql);
        select.bind(1, petition_id);
        if (!select.step()) return std::nullopt;
        petition = read_petition_row(select);
    }
    {
        Statement counts =
            db.cached("SELECT eldership_id, signatures FROM petition_count WHERE petition_id = ?");
        counts.bind(1, petition_id);
        while (counts.step()) {
            if (counts.column_int(1) == 0) continue;
            petition.signatures_by_eldership[counts.column_int(0)] = counts.column_int(1);
            petition.signature_count += counts.column_int(1);
        }
    }
    Statement sponsors = db.cached(
        "SELECT count(*) FROM petition_signature WHERE petition_id = ? AND sponsor = 1 AND "
        "confirmed_unix_ms <> 0 AND invalidated_unix_ms = 0");
    sponsors.bind(1, petition_id);
    sponsors.step();
    petition.sponsors_confirmed = static_cast<int>(sponsors.column_int(0));
    return petition;
}

Petition require_petition(Database& db, std::int64_t petition_id) {
    auto petition = read_petition(db, petition_id);
    if (!petition) throw InvalidInput::text("petition_error_not_found");
    return std::move(*petition);
}

// The petition's state alone: the signing path reads no more than it needs.
struct SigningTarget {
    PetitionState state = PetitionState::kDraft;
    std::string sponsor_token;
    std::string creator_email;
    bool hidden = false;
};

SigningTarget require_signing_target(Database& db, std::int64_t petition_id) {
    Statement select =
        db.cached("SELECT state, sponsor_token, creator_email, hidden FROM petition WHERE id = ?");
    select.bind(1, petition_id);
    if (!select.step()) throw InvalidInput::text("petition_error_not_found");
    return {parse_petition_state(select.column_text(0)).value_or(PetitionState::kDraft),
            select.column_text(1), select.column_text(2), select.column_int(3) != 0};
}

// The petition the manage token opens; refused for anything else.
std::int64_t petition_of_manage_token(Database& db, std::string_view manage_token) {
    if (!looks_like_token(manage_token)) throw InvalidInput::text("petition_error_token");
    Statement select = db.cached("SELECT id FROM petition WHERE manage_token_digest = ?");
    select.bind(1, digest_hex(manage_token));
    if (!select.step()) throw InvalidInput::text("petition_error_token");
    return select.column_int(0);
}

PetitionRecipient creator_of(const Petition& petition) {
    return {petition.creator_name, petition.creator_email, petition.language};
}

// Constant time in the length of `expected`: a sponsor token is compared without telling how
// much of it matched.
bool same_token(std::string_view given, std::string_view expected) {
    if (given.size() != expected.size()) return false;
    unsigned char difference = 0;
    for (std::size_t i = 0; i < given.size(); ++i) {
        difference |= static_cast<unsigned char>(given[i] ^ expected[i]);
    }
    return difference == 0;
}

boost::asio::awaitable<int> nothing_to_tally() {
    co_return 0;
}

}  // namespace

PetitionStore::PetitionStore(const std::filesystem::path& database_file, DatabaseWriter& writer,
                             config::Petitions settings, Elderships elderships, Clock clock)
    : writer_(writer),
      settings_(std::move(settings)),
      elderships_(std::move(elderships)),
      clock_(clock ? std::move(clock) : Clock(now_unix_ms)),
      reader_(database_file, Durability::kNormal, OpenMode::kReadOnly) {
    {
        std::lock_guard lock(reader_mutex_);
        ReadTransaction read(reader_);
        std::set<std::int64_t> all;
        {
            Statement select = reader_.cached("SELECT id FROM petition");
            while (select.step()) all.insert(select.column_int(0));
        }
        auto loaded = load(reader_, PetitionsSnapshot(), all);
        snapshot_.store(std::move(loaded));
    }
    // After the commit, on the writer's thread, before the writing caller resumes: it sees its
    // own change, and nobody sees a change a failed commit took back.
    writer_.add_commit_listener([this](Database& db) {
        if (!changed_.empty()) publish(db);
    });
}

std::int64_t PetitionStore::now() const {
    return clock_();
}

std::vector<PetitionEldership> PetitionStore::elderships() const {
    std::vector<PetitionEldership> list =
        elderships_ ? elderships_() : std::vector<PetitionEldership>{};
    if (settings_.allow_outside) list.push_back({kOutsideEldership, ""});
    return list;
}

void PetitionStore::publish(Database& db) {
    std::set<std::int64_t> changed;
    changed.swap(changed_);
    std::shared_ptr<PetitionsSnapshot> loaded;
    {
        ReadTransaction read(db);
        loaded = load(db, *snapshot_.load(), changed);
    }
    loaded->version = ++version_;
    snapshot_.store(loaded);
    if (listener_) listener_(*loaded);
}

std::shared_ptr<PetitionsSnapshot> PetitionStore::load(
    Database& db, const PetitionsSnapshot& previous,
    const std::set<std::int64_t>& petitions) const {
    auto snapshot = std::make_shared<PetitionsSnapshot>();
    snapshot->petitions.reserve(previous.petitions.size() + 1);
    for (const Petition& petition : previous.petitions) {
        if (!petitions.contains(petition.id)) snapshot->petitions.push_back(petition);
    }
    for (std::int64_t id : petitions) {
        if (auto petition = read_petition(db, id))
            snapshot->petitions.push_back(std::move(*petition));
    }
    std::sort(snapshot->petitions.begin(), snapshot->petitions.end(),
              [](const Petition& a, const Petition& b) { return a.id < b.id; });
    Statement tally = db.cached("SELECT tallied_unix_ms FROM petition_tally WHERE id = 1");
    if (tally.step()) snapshot->tallied_unix_ms = tally.column_int(0);
    return snapshot;
}

template <typename Change>
auto PetitionStore::write(Change change) {
    return writer_.run(std::move(change), Durability::kFull);
}

void PetitionStore::emit(Database& db, const PetitionEvent& event) const {
    if (event_sink_) event_sink_(db, event);
}

// ---- the creator ----

PetitionStore::Write<PetitionStore::Created> PetitionStore::create(Draft draft) {
    return write([this, draft = std::move(draft)](Database& db) {
        const std::string title =
            checked_line(draft.title, kMinTitle, kMaxTitle, "petition_error_title");
        const std::string text =
            checked_paragraphs(draft.text, kMinText, kMaxText, "petition_error_text");
        const std::string name =
            checked_line(draft.creator_name, kMinName, kMaxName, "petition_error_name");
        const Email email = checked_email(draft.creator_email);
        const std::string lang = language(draft.language);
        const std::string address = client_address(draft.client_address);
        Created created;
        created.manage_token = new_secret_token();
        db.cached(
              "INSERT INTO petition (title, text, creator_name, creator_email, language, "
              "creator_address, manage_token_digest, sponsor_token, state, created_unix_ms) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?)")
            .bind(1, title)
            .bind(2, text)
            .bind(3, name)
            .bind(4, email.as_typed)
            .bind(5, lang)
            .bind(6, address)
            .bind(7, digest_hex(created.manage_token))
            .bind(8, new_secret_token())
            .bind(9, now())
            .run();
        created.petition_id = db.last_insert_rowid();
        changed_.insert(created.petition_id);
        creator_event(db, created.petition_id, PetitionEvent::Kind::kCreated,
                      [&](PetitionEvent& event) { event.token = created.manage_token; });
        return created;
    });
}

PetitionStore::Write<void> PetitionStore::edit(std::string manage_token, std::string title,
                                               std::string text) {
    return write([this, manage_token = std::move(manage_token), title = std::move(title),
                  text = std::move(text)](Database& db) {
        const std::int64_t petition_id = petition_of_manage_token(db, manage_token);
        const SigningTarget target = require_signing_target(db, petition_id);
        if (target.state != PetitionState::kDraft && target.state != PetitionState::kGathering) {
            throw InvalidInput::text("petition_error_not_editable");
        }
        db.cached("UPDATE petition SET title = ?, text = ? WHERE id = ?")
            .bind(1, checked_line(title, kMinTitle, kMaxTitle, "petition_error_title"))
            .bind(2, checked_paragraphs(text, kMinText, kMaxText, "petition_error_text"))
            .bind(3, petition_id)
            .run();
        changed_.insert(petition_id);
    });
}

PetitionStore::Write<std::int64_t> PetitionStore::start_gathering(std::string manage_token) {
    return write([this, manage_token = std::move(manage_token)](Database& db) {
        const std::int64_t petition_id = petition_of_manage_token(db, manage_token);
        if (require_signing_target(db, petition_id).state != PetitionState::kDraft) {
            return petition_id;
        }
        const std::int64_t at = now();
        db.cached("UPDATE petition SET state = 'gathering', gathering_unix_ms = ? WHERE id = ?")
            .bind(1, at)
            .bind(2, petition_id)
            .run();
        changed_.insert(petition_id);
        if (settings_.sponsors == 0) submit(db, petition_id, at);
        return petition_id;
    });
}

void PetitionStore::submit(Database& db, std::int64_t petition_id, std::int64_t at) {
    db.cached("UPDATE petition SET state = 'moderation', submitted_unix_ms = ? WHERE id = ?")
        .bind(1, at)
        .bind(2, petition_id)
        .run();
    changed_.insert(petition_id);
    creator_event(db, petition_id, PetitionEvent::Kind::kSponsorsGathered);
}

std::optional<PetitionStore::ManageAccess> PetitionStore::by_manage_token(
    std::string_view manage_token) const {
    if (!looks_like_token(manage_token)) return std::nullopt;
    std::lock_guard lock(reader_mutex_);
    Statement select =
        reader_.cached("SELECT id, sponsor_token FROM petition WHERE manage_token_digest = ?");
    select.bind(1, digest_hex(manage_token));
    if (!select.step()) return std::nullopt;
    return ManageAccess{select.column_int(0), select.column_text(1)};
}

bool PetitionStore::sponsor_token_valid(std::int64_t petition_id,
                                        std::string_view sponsor_token) const {
    if (!looks_like_token(sponsor_token)) return false;
    std::lock_guard lock(reader_mutex_);
    Statement select = reader_.cached("SELECT sponsor_token FROM petition WHERE id = ?");
    select.bind(1, petition_id);
    return select.step() && same_token(sponsor_token, select.column_text(0));
}

// ---- signing ----

PetitionStore::Write<PetitionStore::Signed> PetitionStore::sign(Signing signing) {
    // Asked here, on the caller's thread: the council's snapshot is theirs to read.
    std::vector<PetitionEldership> choices = elderships();
    return write([this, signing = std::move(signing), choices = std::move(choices)](Database& db) {
        const std::string name =
            checked_line(signing.name, kMinName, kMaxName, "petition_error_name");
        const Email email = checked_email(signing.email);
        const std::string lang = language(signing.language);
        const std::string address = client_address(signing.client_address);
        if (signing.eldership_id == kOutsideEldership && !settings_.allow_outside) {
            throw InvalidInput::text("petition_error_outside");
        }
        if (std::none_of(choices.begin(), choices.end(), [&](const PetitionEldership& e) {
                return e.id == signing.eldership_id;
            })) {
            throw InvalidInput::text("petition_error_eldership");
        }
        if (!signing.declared_eligible) throw InvalidInput::text("petition_error_eligible");
        if (!signing.consent) throw InvalidInput::text("petition_error_consent");

        const SigningTarget target = require_signing_target(db, signing.petition_id);
        const bool sponsor = target.state == PetitionState::kGathering;
        if (sponsor) {
            if (!same_token(signing.sponsor_token, target.sponsor_token)) {
                throw InvalidInput::text("petition_error_sponsor_token");
            }
            if (canonical_email(target.creator_email) == email.canonical) {
                throw InvalidInput::text("petition_error_creator_sponsor");
            }
        } else if (target.state != PetitionState::kOpen || target.hidden) {
            // A hidden petition's page says why it was hidden; it gathers nothing meanwhile.
            throw InvalidInput::text("petition_error_not_open");
        }
        const std::int64_t at = now();
        Signed result;
        {
            Statement existing = db.cached(
                "SELECT id, name, email, language, confirmed_unix_ms, invalidated_unix_ms "
                "FROM petition_signature WHERE petition_id = ? AND email_canonical = ?");
            existing.bind(1, signing.petition_id).bind(2, email.canonical);
            if (existing.step()) {
                result.outcome = Signed::Outcome::kAlreadySigned;
                // Pending: the mail goes again to the address that signed (its owner, whoever
                // asks), with a fresh link; the caller learns nothing either way.
                if (existing.column_int(4) == 0 && existing.column_int(5) == 0) {
                    const std::int64_t signature_id = existing.column_int(0);
                    PetitionRecipient recipient{existing.column_text(1), existing.column_text(2),
                                                existing.column_text(3)};
                    existing.reset();
                    const std::string token = new_secret_token();
                    db.cached("UPDATE petition_signature SET token_digest = ? WHERE id = ?")
                        .bind(1, digest_hex(token))
                        .bind(2, signature_id)
                        .run();
                    pending_event(db, signing.petition_id, std::move(recipient), token, sponsor,
                                  true);
                }
                return result;
            }
        }
        const bool confirmed = signing.email_verified;
        std::string token;
        if (!confirmed) token = new_secret_token();
        db.cached(
              "INSERT INTO petition_signature (petition_id, email_canonical, email, email_domain, "
              "name, eldership_id, declared_eligible, consent, notify_on_answer, language, "
              "client_address, sponsor, signed_unix_ms, token_digest, confirmed_unix_ms) "
              "VALUES (?, ?, ?, ?, ?, ?, 1, 1, ?, ?, ?, ?, ?, ?, ?)")
            .bind(1, signing.petition_id)
            .bind(2, email.canonical)
            .bind(3, email.as_typed)
            .bind(4, email.domain)
            .bind(5, name)
            .bind(6, signing.eldership_id)
            .bind(7, signing.notify_on_answer ? 1 : 0)
            .bind(8, lang)
            .bind(9, address)
            .bind(10, sponsor ? 1 : 0)
            .bind(11, at)
            .bind(12, confirmed ? std::optional<std::string>() : digest_hex(token))
            .bind(13, confirmed ? at : 0)
            .run();
        const std::int64_t signature_id = db.last_insert_rowid();
        if (confirmed) {
            result.outcome = Signed::Outcome::kConfirmed;
            confirmed_now(db, signature_id, signing.petition_id, signing.eldership_id, sponsor, at);
        } else {
            result.outcome = Signed::Outcome::kPending;
            result.confirmation_token = token;
            pending_event(db, signing.petition_id, {name, email.as_typed, lang}, token, sponsor,
                          false);
        }
        return result;
    });
}

void PetitionStore::pending_event(Database& db, std::int64_t petition_id, PetitionRecipient signer,
                                  const std::string& token, bool sponsor, bool resent) {
    creator_event(db, petition_id, PetitionEvent::Kind::kSignaturePending,
                  [&](PetitionEvent& event) {
                      event.recipients.push_back(std::move(signer));
                      event.token = token;
                      event.sponsor = sponsor;
                      event.resent = resent;
                  });
}

void PetitionStore::confirmed_now(Database& db, std::int64_t signature_id, std::int64_t petition_id,
                                  std::int64_t eldership_id, bool sponsor, std::int64_t at) {
    db.cached(
          "INSERT INTO petition_confirmation (signature_id, petition_id, eldership_id, delta, "
          "at_unix_ms) VALUES (?, ?, ?, 1, ?)")
        .bind(1, signature_id)
        .bind(2, petition_id)
        .bind(3, eldership_id)
        .bind(4, at)
        .run();
    untallied_.store(true);
    if (!sponsor) return;
    changed_.insert(petition_id);  // its sponsors_confirmed
    if (require_signing_target(db, petition_id).state != PetitionState::kGathering) return;
    Statement sponsors = db.cached(
        "SELECT count(*) FROM petition_signature WHERE petition_id = ? AND sponsor = 1 AND "
        "confirmed_unix_ms <> 0 AND invalidated_unix_ms = 0");
    sponsors.bind(1, petition_id);
    sponsors.step();
    const std::int64_t confirmed = sponsors.column_int(0);
    sponsors.reset();
    if (confirmed >= settings_.sponsors) submit(db, petition_id, at);
}

PetitionStore::Write<PetitionStore::Confirmed> PetitionStore::confirm(
    std::string confirmation_token) {
    return write([this, confirmation_token = std::move(confirmation_token)](Database& db) {
        if (!looks_like_token(confirmation_token)) {
            throw InvalidInput::text("petition_error_confirmation");
        }
        Statement select = db.cached(
            "SELECT s.id, s.petition_id, s.eldership_id, s.sponsor, s.confirmed_unix_ms, "
            "s.invalidated_unix_ms, p.state, p.hidden FROM petition_signature s "
            "JOIN petition p ON p.id = s.petition_id WHERE s.token_digest = ?");
        select.bind(1, digest_hex(confirmation_token));
        if (!select.step()) throw InvalidInput::text("petition_error_confirmation");
        const std::int64_t signature_id = select.column_int(0);
        Confirmed confirmed{select.column_int(1), false};
        const std::int64_t eldership_id = select.column_int(2);
        const bool sponsor = select.column_int(3) != 0;
        const bool already = select.column_int(4) != 0;
        const bool invalidated = select.column_int(5) != 0;
        const auto state = parse_petition_state(select.column_text(6));
        const bool hidden = select.column_int(7) != 0;
        select.reset();
        if (invalidated) throw InvalidInput::text("petition_error_invalidated");
        if (already) {
            confirmed.already = true;
            return confirmed;
        }
        // A sponsor's link still counts while the petition waits for the moderators.
        if (hidden || (state != PetitionState::kOpen && state != PetitionState::kGathering &&
                       state != PetitionState::kModeration)) {
            throw InvalidInput::text("petition_error_not_open");
        }
        const std::int64_t at = now();
        db.cached("UPDATE petition_signature SET confirmed_unix_ms = ? WHERE id = ?")
            .bind(1, at)
            .bind(2, signature_id)
            .run();
        confirmed_now(db, signature_id, confirmed.petition_id, eldership_id, sponsor, at);
        return confirmed;
    });
}

std::optional<PetitionStore::SignatureLookup> PetitionStore::by_confirmation_token(
    std::string_view token) const {
    if (!looks_like_token(token)) return std::nullopt;
    std::lock_guard lock(reader_mutex_);
    Statement select = reader_.cached(
        "SELECT petition_id, confirmed_unix_ms <> 0, invalidated_unix_ms <> 0, sponsor "
        "FROM petition_signature WHERE token_digest = ?");
    select.bind(1, digest_hex(token));
    if (!select.step()) return std::nullopt;
    return SignatureLookup{select.column_int(0), select.column_int(1) != 0,
                           select.column_int(2) != 0, select.column_int(3) != 0};
}

// ---- moderators ----

namespace {

void audit_in(Database& db, const AuditNote& audit, std::int64_t petition_id) {
    if (audit) AuditLog::append(db, audit(petition_id));
}

}  // namespace

PetitionStore::Write<void> PetitionStore::approve(std::int64_t petition_id, AuditNote audit) {
    return write([this, petition_id, audit = std::move(audit)](Database& db) {
        if (require_signing_target(db, petition_id).state != PetitionState::kModeration) {
            throw InvalidInput::text("petition_error_not_in_moderation");
        }
        const std::int64_t at = now();
        db.cached(
              "UPDATE petition SET state = 'open', opened_unix_ms = ?, closes_unix_ms = ? "
              "WHERE id = ?")
            .bind(1, at)
            .bind(2, at + settings_.open_days * kDayMs)
            .bind(3, petition_id)
            .run();
        audit_in(db, audit, petition_id);
        changed_.insert(petition_id);
        // Sponsors' signatures may already reach a threshold when it is set low.
        note_thresholds(db, petition_id, at);
        creator_event(db, petition_id, PetitionEvent::Kind::kPublished);
    });
}

PetitionStore::Write<void> PetitionStore::reject(std::int64_t petition_id,
                                                 PetitionRejection rejection, AuditNote audit) {
    return write([this, petition_id, rejection = std::move(rejection),
                  audit = std::move(audit)](Database& db) {
        if (require_signing_target(db, petition_id).state != PetitionState::kModeration) {
            throw InvalidInput::text("petition_error_not_in_moderation");
        }
        const std::string text =
            optional_paragraphs(rejection.text, kMaxReason, "petition_error_reason_text");
        std::optional<std::int64_t> duplicate_of;
        if (rejection.reason == RejectionReason::kDuplicate) {
            const auto original = read_petition(db, rejection.duplicate_of);
            if (rejection.duplicate_of == petition_id || !original || !original->published()) {
                throw InvalidInput::text("petition_error_duplicate_of");
            }
            duplicate_of = rejection.duplicate_of;
        } else if (rejection.duplicate_of != 0) {
            throw InvalidInput::text("petition_error_duplicate_of");
        }
        db.cached(
              "UPDATE petition SET state = 'rejected', rejected_unix_ms = ?, "
              "rejection_reason = ?, rejection_text = ?, duplicate_of = ? WHERE id = ?")
            .bind(1, now())
            .bind(2, rejection_reason_name(rejection.reason))
            .bind(3, text)
            .bind(4, duplicate_of)
            .bind(5, petition_id)
            .run();
        audit_in(db, audit, petition_id);
        changed_.insert(petition_id);
        creator_event(db, petition_id, PetitionEvent::Kind::kRejected);
    });
}

PetitionStore::Write<void> PetitionStore::hide(std::int64_t petition_id, std::string reason,
                                               AuditNote audit) {
    return write(
        [this, petition_id, reason = std::move(reason), audit = std::move(audit)](Database& db) {
            const Petition petition = require_petition(db, petition_id);
            if (!petition.published()) throw InvalidInput::text("petition_error_not_published");
            if (petition.hidden) throw InvalidInput::text("petition_error_already_hidden");
            db.cached("UPDATE petition SET hidden = 1, hidden_reason = ? WHERE id = ?")
                .bind(1, checked_paragraphs(reason, 1, kMaxReason, "petition_error_hidden_reason"))
                .bind(2, petition_id)
                .run();
            audit_in(db, audit, petition_id);
            changed_.insert(petition_id);
        });
}

PetitionStore::Write<void> PetitionStore::unhide(std::int64_t petition_id, AuditNote audit) {
    return write([this, petition_id, audit = std::move(audit)](Database& db) {
        if (!require_petition(db, petition_id).hidden) {
            throw InvalidInput::text("petition_error_not_hidden");
        }
        db.cached("UPDATE petition SET hidden = 0, hidden_reason = '' WHERE id = ?")
            .bind(1, petition_id)
            .run();
        audit_in(db, audit, petition_id);
        changed_.insert(petition_id);
    });
}

PetitionStore::Write<void> PetitionStore::stop(std::int64_t petition_id, std::string reason,
                                               AuditNote audit) {
    return write(
        [this, petition_id, reason = std::move(reason), audit = std::move(audit)](Database& db) {
            if (require_signing_target(db, petition_id).state != PetitionState::kOpen) {
                throw InvalidInput::text("petition_error_not_stoppable");
            }
            db.cached(
                  "UPDATE petition SET state = 'closed', closed_unix_ms = ?, stop_reason = ? "
                  "WHERE id = ?")
                .bind(1, now())
                .bind(2, checked_paragraphs(reason, 1, kMaxReason, "petition_error_stop_reason"))
                .bind(3, petition_id)
                .run();
            audit_in(db, audit, petition_id);
            changed_.insert(petition_id);
        });
}

PetitionStore::Write<void> PetitionStore::respond(std::int64_t petition_id,
                                                  PetitionResponse response, AuditNote audit) {
    return write([this, petition_id, response = std::move(response),
                  audit = std::move(audit)](Database& db) {
        const PetitionState state = require_signing_target(db, petition_id).state;
        if (state != PetitionState::kOpen && state != PetitionState::kClosed) {
            throw InvalidInput::text("petition_error_not_answerable");
        }
        const std::string text =
            checked_paragraphs(response.text, 1, kMaxResponse, "petition_error_response");
        const std::string decision =
            optional_paragraphs(response.decision, kMaxDecision, "petition_error_decision");
        if (response.meeting_id < 0) throw InvalidInput::text("petition_error_meeting");
        const std::int64_t at = now();
        db.cached(
              "UPDATE petition SET state = 'answered', answered_unix_ms = ?, "
              "closed_unix_ms = CASE closed_unix_ms WHEN 0 THEN ? ELSE closed_unix_ms END, "
              "response_text = ?, response_meeting_id = ?, response_decision = ? WHERE id = ?")
            .bind(1, at)
            .bind(2, at)
            .bind(3, text)
            .bind(4, response.meeting_id)
            .bind(5, decision)
            .bind(6, petition_id)
            .run();
        audit_in(db, audit, petition_id);
        changed_.insert(petition_id);
        creator_event(db, petition_id, PetitionEvent::Kind::kAnswered, [&](PetitionEvent& event) {
            Statement signers = db.cached(
                "SELECT name, email, language FROM petition_signature WHERE petition_id = ? AND "
                "notify_on_answer = 1 AND confirmed_unix_ms <> 0 AND invalidated_unix_ms = 0 "
                "ORDER BY id");
            signers.bind(1, petition_id);
            while (signers.step()) {
                event.recipients.push_back(
                    {signers.column_text(0), signers.column_text(1), signers.column_text(2)});
            }
            signers.reset();
        });
    });
}

void PetitionStore::creator_event(Database& db, std::int64_t petition_id, PetitionEvent::Kind kind,
                                  const std::function<void(PetitionEvent&)>& more) {
    if (!event_sink_) return;
    const Petition petition = require_petition(db, petition_id);
    PetitionEvent event;
    event.kind = kind;
    event.petition = &petition;
    event.creator = creator_of(petition);
    if (more) more(event);
    emit(db, event);
}

PetitionStore::Write<int> PetitionStore::invalidate(Invalidation invalidation, AuditNote audit) {
    return write(
        [this, invalidation = std::move(invalidation), audit = std::move(audit)](Database& db) {
            const bool by_address = !invalidation.client_address.empty();
            const bool by_domain = !invalidation.email_domain.empty();
            const bool by_time = invalidation.from_unix_ms != 0 || invalidation.to_unix_ms != 0;
            if (!by_address && !by_domain && !by_time) {
                throw InvalidInput::text("petition_error_invalidation_criteria");
            }
            if (invalidation.from_unix_ms < 0 || invalidation.to_unix_ms < 0 ||
                (invalidation.to_unix_ms != 0 &&
                 invalidation.to_unix_ms <= invalidation.from_unix_ms)) {
                throw InvalidInput::text("petition_error_invalidation_criteria");
            }
            const std::string address =
                by_address ? client_address(invalidation.client_address) : std::string();
            std::string domain;
            if (by_domain) {
                domain = email_domain("x@" + invalidation.email_domain);
                if (domain.empty())
                    throw InvalidInput::text("petition_error_invalidation_criteria");
            }
            const std::string reason = checked_paragraphs(invalidation.reason, 1, kMaxReason,
                                                          "petition_error_invalidation_reason");
            require_signing_target(db, invalidation.petition_id);
            const std::int64_t at = now();
            db.cached(
                  "INSERT INTO petition_invalidation (petition_id, client_address, email_domain, "
                  "from_unix_ms, to_unix_ms, reason, signatures, at_unix_ms) "
                  "VALUES (?, ?, ?, ?, ?, ?, 0, ?)")
                .bind(1, invalidation.petition_id)
                .bind(2, address)
                .bind(3, domain)
                .bind(4, invalidation.from_unix_ms)
                .bind(5, invalidation.to_unix_ms)
                .bind(6, reason)
                .bind(7, at)
                .run();
            const std::int64_t batch = db.last_insert_rowid();
            struct Match {
                std::int64_t id;
                std::int64_t eldership_id;
                bool confirmed;
            };
            std::vector<Match> matches;
            {
                Statement select = db.cached(
                    "SELECT id, eldership_id, confirmed_unix_ms FROM petition_signature "
                    "WHERE petition_id = ?1 AND invalidated_unix_ms = 0 "
                    "AND (?2 = '' OR client_address = ?2) AND (?3 = '' OR email_domain = ?3) "
                    "AND (?4 = 0 OR signed_unix_ms >= ?4) AND (?5 = 0 OR signed_unix_ms < ?5)");
                select.bind(1, invalidation.petition_id)
                    .bind(2, address)
                    .bind(3, domain)
                    .bind(4, invalidation.from_unix_ms)
                    .bind(5, invalidation.to_unix_ms);
                while (select.step()) {
                    matches.push_back(
                        {select.column_int(0), select.column_int(1), select.column_int(2) != 0});
                }
            }
            for (const Match& match : matches) {
                db.cached(
                      "UPDATE petition_signature SET invalidated_unix_ms = ?, invalidation_id = ? "
                      "WHERE id = ?")
                    .bind(1, at)
                    .bind(2, batch)
                    .bind(3, match.id)
                    .run();
                if (!match.confirmed) continue;
                db.cached(
                      "INSERT INTO petition_confirmation (signature_id, petition_id, eldership_id, "
                      "delta, at_unix_ms) VALUES (?, ?, ?, -1, ?)")
                    .bind(1, match.id)
                    .bind(2, invalidation.petition_id)
                    .bind(3, match.eldership_id)
                    .bind(4, at)
                    .run();
            }
            const int count = static_cast<int>(matches.size());
            db.cached("UPDATE petition_invalidation SET signatures = ? WHERE id = ?")
                .bind(1, count)
                .bind(2, batch)
                .run();
            if (audit) {
                // How many went is known only now: the record says it with the criteria.
                AuditEntry entry = audit(invalidation.petition_id);
                entry.detail += fmt::format("{}{} signature(s) invalidated",
                                            entry.detail.empty() ? "" : "; ", count);
                AuditLog::append(db, entry);
            }
            changed_.insert(invalidation.petition_id);
            tally_in(db);
            return count;
        });
}

// ---- timers ----

PetitionStore::Write<void> PetitionStore::close_due(std::int64_t now_unix_ms) {
    // Run four times a second: only a petition whose time is up is worth a job (and its fsync).
    const std::int64_t due_by = now_unix_ms;
    const auto current = snapshot();
    const bool due = std::any_of(
        current->petitions.begin(), current->petitions.end(), [due_by](const Petition& p) {
            return p.state == PetitionState::kOpen && p.closes_unix_ms <= due_by;
        });
    if (!due) co_return;
    auto job = write([this, due_by](Database& db) {
        std::vector<std::int64_t> closing;
        {
            Statement select =
                db.cached("SELECT id FROM petition WHERE state = 'open' AND closes_unix_ms <= ?");
            select.bind(1, due_by);
            while (select.step()) closing.push_back(select.column_int(0));
        }
        for (std::int64_t petition_id : closing) {
            // Closed when its time was up, not when the timer came round.
            db.cached(
                  "UPDATE petition SET state = 'closed', closed_unix_ms = closes_unix_ms "
                  "WHERE id = ?")
                .bind(1, petition_id)
                .run();
            changed_.insert(petition_id);
        }
    });
    co_await std::move(job);
}

PetitionStore::Write<int> PetitionStore::tally() {
    if (!untallied_.exchange(false)) return nothing_to_tally();
    return write([this](Database& db) {
        // Set again at once: should this job fail, the next timer tries again.
        untallied_.store(true);
        const int folded = tally_in(db);
        untallied_.store(false);
        return folded;
    });
}

int PetitionStore::tally_in(Database& db) {
    std::int64_t watermark = 0;
    {
        Statement select = db.cached("SELECT watermark FROM petition_tally WHERE id = 1");
        select.step();
        watermark = select.column_int(0);
    }
    struct Fold {
        std::int64_t petition_id;
        std::int64_t eldership_id;
        std::int64_t delta;
    };
    std::vector<Fold> folds;
    std::int64_t last = watermark;
    int rows = 0;
    {
        Statement select = db.cached(
            "SELECT petition_id, eldership_id, sum(delta), max(seq), count(*) "
            "FROM petition_confirmation WHERE seq > ? GROUP BY petition_id, eldership_id");
        select.bind(1, watermark);
        while (select.step()) {
            folds.push_back({select.column_int(0), select.column_int(1), select.column_int(2)});
            last = std::max(last, select.column_int(3));
            rows += static_cast<int>(select.column_int(4));
        }
    }
    if (rows == 0) return 0;
    std::set<std::int64_t> petitions;
    for (const Fold& fold : folds) {
        db.cached(
              "INSERT INTO petition_count (petition_id, eldership_id, signatures) "
              "VALUES (?, ?, ?) ON CONFLICT (petition_id, eldership_id) "
              "DO UPDATE SET signatures = signatures + excluded.signatures")
            .bind(1, fold.petition_id)
            .bind(2, fold.eldership_id)
            .bind(3, fold.delta)
            .run();
        petitions.insert(fold.petition_id);
    }
    const std::int64_t at = now();
    db.cached("UPDATE petition_tally SET watermark = ?, tallied_unix_ms = ? WHERE id = 1")
        .bind(1, last)
        .bind(2, at)
        .run();
    for (std::int64_t petition_id : petitions) {
        changed_.insert(petition_id);
        note_thresholds(db, petition_id, at);
    }
    return rows;
}

void PetitionStore::note_thresholds(Database& db, std::int64_t petition_id, std::int64_t at) {
    Statement select = db.cached(
        "SELECT p.state, p.response_threshold_unix_ms, p.council_threshold_unix_ms, "
        "(SELECT coalesce(sum(signatures), 0) FROM petition_count c WHERE c.petition_id = p.id) "
        "FROM petition p WHERE p.id = ?");
    select.bind(1, petition_id);
    if (!select.step()) return;
    const bool open = select.column_text(0) == "open";
    const bool response_due =
        open && select.column_int(1) == 0 && select.column_int(3) >= settings_.response_threshold;
    const bool council_due =
        open && select.column_int(2) == 0 && select.column_int(3) >= settings_.council_threshold;
    select.reset();
    if (response_due) {
        db.cached("UPDATE petition SET response_threshold_unix_ms = ? WHERE id = ?")
            .bind(1, at)
            .bind(2, petition_id)
            .run();
        creator_event(db, petition_id, PetitionEvent::Kind::kResponseThresholdReached);
    }
    if (council_due) {
        db.cached("UPDATE petition SET council_threshold_unix_ms = ? WHERE id = ?")
            .bind(1, at)
            .bind(2, petition_id)
            .run();
        creator_event(db, petition_id, PetitionEvent::Kind::kCouncilThresholdReached);
    }
}

// ---- reads ----

std::vector<PetitionStore::QueueEntry> PetitionStore::moderation_queue(
    std::int64_t now_unix_ms) const {
    std::vector<QueueEntry> queue;
    for (const Petition* petition : snapshot()->in_state(PetitionState::kModeration)) {
        QueueEntry entry;
        entry.petition_id = petition->id;
        entry.waiting_since_unix_ms = petition->submitted_unix_ms;
        const std::int64_t waited =
            std::max<std::int64_t>(0, now_unix_ms - petition->submitted_unix_ms);
        entry.age_days = static_cast<int>(waited / kDayMs);
        entry.overdue = waited > settings_.moderation_overdue_days * kDayMs;
        queue.push_back(entry);
    }
    std::sort(queue.begin(), queue.end(), [](const QueueEntry& a, const QueueEntry& b) {
        return std::tie(a.waiting_since_unix_ms, a.petition_id) <
               std::tie(b.waiting_since_unix_ms, b.petition_id);
    });
    return queue;
}

std::vector<PetitionStore::FlaggedAddress> PetitionStore::flagged_addresses(
    std::int64_t petition_id) const {
    const std::int64_t window =
        std::chrono::duration_cast<std::chrono::milliseconds>(settings_.flag_window).count();
    std::vector<FlaggedAddress> flagged;
    std::lock_guard lock(reader_mutex_);
    ReadTransaction read(reader_);
    Statement select = reader_.cached(
        "SELECT client_address, signed_unix_ms FROM petition_signature "
        "WHERE petition_id = ? AND invalidated_unix_ms = 0 ORDER BY client_address, "
        "signed_unix_ms");
    select.bind(1, petition_id);
    // One address's times, oldest first: the most that fall within any window of `window`.
    FlaggedAddress current;
    std::deque<std::int64_t> in_window;
    std::size_t most = 0;
    auto finish = [&] {
        if (current.signatures > 0 && most > static_cast<std::size_t>(settings_.flag_signatures)) {
            flagged.push_back(current);
        }
    };
    while (select.step()) {
        const std::string address = select.column_text(0);
        const std::int64_t at = select.column_int(1);
        if (address != current.client_address || current.signatures == 0) {
            finish();
            current = FlaggedAddress{address, 0, at, at};
            in_window.clear();
            most = 0;
        }
        ++current.signatures;
        current.last_unix_ms = at;
        in_window.push_back(at);
        while (in_window.front() <= at - window) in_window.pop_front();
        most = std::max(most, in_window.size());
    }
    finish();
    std::sort(flagged.begin(), flagged.end(), [](const FlaggedAddress& a, const FlaggedAddress& b) {
        return a.signatures > b.signatures;
    });
    return flagged;
}

PetitionStore::SignatureTotals PetitionStore::signature_totals(std::int64_t petition_id) const {
    std::lock_guard lock(reader_mutex_);
    Statement select = reader_.cached(
        "SELECT coalesce(sum(confirmed_unix_ms = 0 AND invalidated_unix_ms = 0), 0), "
        "coalesce(sum(confirmed_unix_ms <> 0 AND invalidated_unix_ms = 0), 0), "
        "coalesce(sum(invalidated_unix_ms <> 0), 0) FROM petition_signature "
        "WHERE petition_id = ?");
    select.bind(1, petition_id);
    select.step();
    return {select.column_int(0), select.column_int(1), select.column_int(2)};
}

}  // namespace councilcast::portal
