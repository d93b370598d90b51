#include "portal/voting/voting_store.hpp"

#include <fmt/core.h>
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "common/error.hpp"
#include "common/require.hpp"
#include "common/secret_token.hpp"
#include "common/typed_text.hpp"
#include "common/unix_time.hpp"
#include "portal/voting/vote_log.hpp"

namespace councilcast::portal {

namespace {

namespace json = boost::json;

constexpr int kMaxCountdownSeconds = 600;
constexpr std::size_t kMaxMotionCharacters = 2000;
constexpr std::size_t kMaxSpeakerCharacters = 100;
constexpr std::size_t kMinKeyLength = 8;
constexpr std::size_t kMaxKeyLength = 64;

bool valid_idempotency_key(std::string_view key) {
    return key.size() >= kMinKeyLength && key.size() <= kMaxKeyLength &&
           std::all_of(key.begin(), key.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-';
           });
}

void check_motion(const LocalizedText& motion) {
    for (const std::string* text : {&motion.lt, &motion.en}) {
        if (characters(*text) > kMaxMotionCharacters) {
            throw InvalidInput::text("voting_error_motion_too_long",
                                     {{"max", std::to_string(kMaxMotionCharacters)}});
        }
    }
}

void check_media_time(const std::optional<double>& media_time_s) {
    if (media_time_s && (!std::isfinite(*media_time_s) || *media_time_s < 0)) {
        throw InvalidInput::text("voting_error_media_time");
    }
}

// "2026-12-06" in UTC, as council_member's term dates are written.
std::string iso_day(std::int64_t unix_ms) {
    const std::chrono::sys_days day = std::chrono::floor<std::chrono::days>(
        std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(unix_ms)));
    const std::chrono::year_month_day date(day);
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

void require_meeting(Database& db, std::int64_t meeting_id) {
    Statement select = db.cached("SELECT 1 FROM meeting WHERE id = ?");
    select.bind(1, meeting_id);
    if (!select.step()) throw InvalidInput::text("voting_error_no_meeting");
}

// The meeting the agenda item is on; refused when it is not on `meeting_id` (0: any meeting).
std::int64_t meeting_of_item(Database& db, std::int64_t agenda_item_id,
                             std::int64_t meeting_id = 0) {
    Statement select = db.cached("SELECT meeting_id FROM agenda_item WHERE id = ?");
    select.bind(1, agenda_item_id);
    if (!select.step() || (meeting_id != 0 && select.column_int(0) != meeting_id)) {
        throw InvalidInput::text("voting_error_no_item");
    }
    return select.column_int(0);
}

// A member with a vote: on the roster, serving on `unix_ms`'s day, and not the chair (the
// mayor chairs the council and has no vote).
void require_council_member(Database& db, std::int64_t member_id, std::int64_t unix_ms) {
    Statement select = db.cached(
        "SELECT position, term_start, term_end FROM council_member "
        "WHERE id = ?");
    select.bind(1, member_id);
    if (!select.step()) throw InvalidInput::text("voting_error_not_member");
    const std::string day = iso_day(unix_ms);
    const std::string term_end = select.column_text(2);
    const bool serving = select.column_text(1) <= day && (term_end.empty() || day <= term_end);
    if (select.column_text(0) == "chair" || !serving) {
        throw InvalidInput::text("voting_error_not_member");
    }
}

std::set<std::int64_t> registered_members(Database& db, std::int64_t meeting_id) {
    Statement select = db.cached("SELECT member_id FROM voting_registration WHERE meeting_id = ?");
    select.bind(1, meeting_id);
    std::set<std::int64_t> members;
    while (select.step()) members.insert(select.column_int(0));
    return members;
}

std::set<std::int64_t> recused_members(Database& db, std::int64_t agenda_item_id) {
    Statement select = db.cached("SELECT member_id FROM voting_recusal WHERE agenda_item_id = ?");
    select.bind(1, agenda_item_id);
    std::set<std::int64_t> members;
    while (select.step()) members.insert(select.column_int(0));
    return members;
}

void ensure_sitting(Database& db, std::int64_t meeting_id) {
    db.cached("INSERT OR IGNORE INTO voting_sitting (meeting_id) VALUES (?)")
        .bind(1, meeting_id)
        .run();
}

std::optional<std::int64_t> open_vote_of(Database& db, std::int64_t meeting_id) {
    Statement select = db.cached("SELECT id FROM vote WHERE meeting_id = ? AND status = 'open'");
    select.bind(1, meeting_id);
    if (!select.step()) return std::nullopt;
    return select.column_int(0);
}

json::value optional_number(const std::optional<double>& value) {
    return value ? json::value(*value) : json::value(nullptr);
}

void append_log(Database& db, std::int64_t meeting_id, std::string_view event,
                const json::object& detail, std::int64_t at_unix_ms) {
    VoteLog::append(db, meeting_id, event, json::serialize(detail), at_unix_ms);
}

std::string_view basis_name(MajorityBasis basis) {
    return basis == MajorityBasis::kAllSeats ? "all_seats" : "participants";
}

// A vote row keeps its question's rule as it was when the vote was taken (seats, basis,
// numerator, denominator, strictly, in that column order from `first`), so a later change of
// the configuration never changes a past result.
Statement& bind_rule(Statement& insert, int first, const QuestionRule& rule, int seats) {
    return insert.bind(first, seats)
        .bind(first + 1, basis_name(rule.basis))
        .bind(first + 2, rule.numerator)
        .bind(first + 3, rule.denominator)
        .bind(first + 4, rule.strictly ? 1 : 0);
}

// A vote as its row stands (counts as stored: final once closed or void, zero while open).
struct VoteRow {
    Vote vote;
    QuestionRule rule;  // as it was when the vote opened
    int seats = 0;
};

constexpr std::string_view kVoteColumns =
    "id, meeting_id, agenda_item_id, motion_lt, motion_en, kind, question, seats, basis, "
    "numerator, denominator, strictly, opened_unix_ms, closes_unix_ms, closed_unix_ms, "
    "media_time_s, status, result, in_favour, against, abstain, not_voting, registered, "
    "required, quorum, manual, announced, replaces_vote_id";

VoteRow read_vote_row(const Statement& row) {
    VoteRow read;
    Vote& vote = read.vote;
    vote.id = row.column_int(0);
    vote.meeting_id = row.column_int(1);
    vote.agenda_item_id = row.column_int(2);
    vote.motion = {row.column_text(3), row.column_text(4)};
    vote.kind = parse_vote_kind(row.column_text(5)).value_or(VoteKind::kNamed);
    vote.question = row.column_text(6);
    read.seats = static_cast<int>(row.column_int(7));
    read.rule.id = vote.question;
    read.rule.basis =
        row.column_text(8) == "all_seats" ? MajorityBasis::kAllSeats : MajorityBasis::kParticipants;
    read.rule.numerator = static_cast<int>(row.column_int(9));
    read.rule.denominator = static_cast<int>(row.column_int(10));
    read.rule.strictly = row.column_int(11) != 0;
    read.rule.secret = vote.kind == VoteKind::kSecret;
    vote.opened_unix_ms = row.column_int(12);
    vote.closes_unix_ms = row.column_int(13);
    vote.closed_unix_ms = row.column_int(14);
    if (!row.column_is_null(15)) vote.media_time_s = row.column_double(15);
    vote.status = parse_vote_status(row.column_text(16)).value_or(VoteStatus::kVoid);
    vote.outcome.result = row.column_is_null(17)
                              ? VoteResult::kNone
                              : parse_vote_result(row.column_text(17)).value_or(VoteResult::kNone);
    vote.counts = {static_cast<int>(row.column_int(18)), static_cast<int>(row.column_int(19)),
                   static_cast<int>(row.column_int(20)), static_cast<int>(row.column_int(21))};
    vote.registered = static_cast<int>(row.column_int(22));
    vote.outcome.required = static_cast<int>(row.column_int(23));
    vote.outcome.quorum = row.column_int(24) != 0;
    vote.outcome.participants = vote.counts.participants();
    vote.manual = row.column_int(25) != 0;
    vote.announced = row.column_int(26) != 0;
    vote.replaces_vote_id = row.column_is_null(27) ? 0 : row.column_int(27);
    return read;
}

VoteRow vote_row(Database& db, std::int64_t vote_id) {
    Statement select = db.cached("SELECT " + std::string(kVoteColumns) + " FROM vote WHERE id = ?");
    select.bind(1, vote_id);
    if (!select.step()) throw InvalidInput::text("voting_error_no_vote");
    return read_vote_row(select);
}

// An open vote's counts as they stand. Taking part: every registered member not recused from
// the item, and whoever has cast a ballot (a member who left after voting still counts).
struct Tally {
    VoteCounts counts;
    int registered = 0;
    std::vector<MemberChoice> members;  // named votes
};

Tally live_tally(Database& db, const Vote& vote) {
    Tally tally;
    const std::set<std::int64_t> registered = registered_members(db, vote.meeting_id);
    const std::set<std::int64_t> recused = recused_members(db, vote.agenda_item_id);
    tally.registered = static_cast<int>(registered.size());
    std::set<std::int64_t> eligible;
    std::set_difference(registered.begin(), registered.end(), recused.begin(), recused.end(),
                        std::inserter(eligible, eligible.end()));
    auto count = [&tally](Choice choice, int n) {
        switch (choice) {
            case Choice::kFor:
                tally.counts.in_favour += n;
                break;
            case Choice::kAgainst:
                tally.counts.against += n;
                break;
            case Choice::kAbstain:
                tally.counts.abstain += n;
                break;
        }
    };
    if (vote.kind == VoteKind::kNamed) {
        std::map<std::int64_t, std::optional<Choice>> ballots;
        for (std::int64_t member_id : eligible) ballots[member_id] = std::nullopt;
        Statement select = db.cached(
            "SELECT member_id, choice FROM vote_ballot WHERE vote_id = ? AND choice IS NOT NULL");
        select.bind(1, vote.id);
        while (select.step()) ballots[select.column_int(0)] = parse_choice(select.column_text(1));
        for (const auto& [member_id, choice] : ballots) {
            tally.members.push_back({member_id, choice});
            if (choice) {
                count(*choice, 1);
            } else {
                ++tally.counts.not_voting;
            }
        }
        return tally;
    }
    Statement choices = db.cached(
        "SELECT choice, count(*) FROM vote_secret_choice WHERE vote_id = ? GROUP BY choice");
    choices.bind(1, vote.id);
    while (choices.step()) {
        if (auto choice = parse_choice(choices.column_text(0))) {
            count(*choice, static_cast<int>(choices.column_int(1)));
        }
    }
    choices.reset();
    Statement cast = db.cached("SELECT member_id FROM vote_secret_participation WHERE vote_id = ?");
    cast.bind(1, vote.id);
    while (cast.step()) eligible.erase(cast.column_int(0));
    tally.counts.not_voting = static_cast<int>(eligible.size());
    return tally;
}

void store_counts(Database& db, std::int64_t vote_id, const Tally& tally) {
    db.cached(
          "UPDATE vote SET in_favour = ?, against = ?, abstain = ?, not_voting = ?, "
          "registered = ? WHERE id = ?")
        .bind(1, tally.counts.in_favour)
        .bind(2, tally.counts.against)
        .bind(3, tally.counts.abstain)
        .bind(4, tally.counts.not_voting)
        .bind(5, tally.registered)
        .bind(6, vote_id)
        .run();
}

json::object counts_json(const VoteCounts& counts) {
    return {{"for", counts.in_favour},
            {"against", counts.against},
            {"abstain", counts.abstain},
            {"not_voting", counts.not_voting}};
}

// One meeting's sitting and votes, as they stand in the database, into `snapshot` (which holds
// nothing of that meeting yet). Every meeting with presence, a recusal, a log entry or a vote
// has a sitting row (ensure_sitting).
void load_meeting(Database& db, std::int64_t meeting_id, VotingSnapshot& snapshot) {
    {
        Statement select = db.cached(
            "SELECT current_item_id, item_media_time_s, speaker_name, speaker_role FROM "
            "voting_sitting WHERE meeting_id = ?");
        select.bind(1, meeting_id);
        if (!select.step()) return;
        Sitting& sitting = snapshot.sittings[meeting_id];
        sitting.meeting_id = meeting_id;
        sitting.current_item_id = select.column_is_null(0) ? 0 : select.column_int(0);
        if (!select.column_is_null(1)) sitting.item_media_time_s = select.column_double(1);
        sitting.speaker_name = select.column_text(2);
        sitting.speaker_role = select.column_text(3);
    }
    Sitting& sitting = snapshot.sittings[meeting_id];
    sitting.registered = registered_members(db, meeting_id);
    {
        Statement select = db.cached(
            "SELECT voting_recusal.agenda_item_id, voting_recusal.member_id FROM voting_recusal "
            "JOIN agenda_item ON agenda_item.id = voting_recusal.agenda_item_id WHERE "
            "agenda_item.meeting_id = ?");
        select.bind(1, meeting_id);
        while (select.step()) sitting.recusals[select.column_int(0)].insert(select.column_int(1));
    }
    {
        Statement select =
            db.cached("SELECT hash FROM vote_log WHERE meeting_id = ? ORDER BY id DESC LIMIT 1");
        select.bind(1, meeting_id);
        if (select.step()) sitting.chain_head = select.column_text(0);
    }
    std::map<std::int64_t, std::vector<MemberChoice>> ballots;
    {
        Statement select = db.cached(
            "SELECT vote_ballot.vote_id, vote_ballot.member_id, vote_ballot.choice FROM vote "
            "JOIN vote_ballot ON vote_ballot.vote_id = vote.id WHERE vote.meeting_id = ? "
            "ORDER BY vote_ballot.vote_id, vote_ballot.member_id");
        select.bind(1, meeting_id);
        while (select.step()) {
            std::optional<Choice> choice;
            if (!select.column_is_null(2)) choice = parse_choice(select.column_text(2));
            ballots[select.column_int(0)].push_back({select.column_int(1), choice});
        }
    }
    std::vector<VoteRow> rows;
    {
        Statement select = db.cached("SELECT " + std::string(kVoteColumns) +
                                     " FROM vote WHERE meeting_id = ? ORDER BY id");
        select.bind(1, meeting_id);
        while (select.step()) rows.push_back(read_vote_row(select));
    }
    for (VoteRow& row : rows) {
        Vote& vote = row.vote;
        if (vote.status == VoteStatus::kOpen) {
            Tally tally = live_tally(db, vote);
            vote.registered = tally.registered;
            vote.members = std::move(tally.members);
            // Where it stands: whether there is quorum now and what passing needs; no result
            // until it closes.
            vote.outcome = decide(row.rule, row.seats, vote.registered, tally.counts);
            vote.outcome.result = VoteResult::kNone;
            vote.counts = tally.counts;
            if (vote.kind == VoteKind::kSecret) {
                // A count that moves as each member's participation is published would tell
                // who chose what: a secret vote's choices are shown at its close only.
                vote.counts = {0, 0, 0, tally.counts.not_voting};
            }
        } else if (vote.kind == VoteKind::kNamed && !vote.manual) {
            if (auto found = ballots.find(vote.id); found != ballots.end()) {
                vote.members = std::move(found->second);
            }
        }
        snapshot.votes.push_back(std::move(vote));
    }
}

}  // namespace

VotingStore::VotingStore(const std::filesystem::path& database_file, DatabaseWriter& writer,
                         VotingRules rules)
    : writer_(writer), rules_(std::move(rules)) {
    require(!rules_.questions.empty(), "VotingRules needs at least one question");
    {
        Database reader(database_file, Durability::kNormal, OpenMode::kReadOnly);
        ReadTransaction read(reader);
        std::set<std::int64_t> meetings;
        Statement select = reader.cached("SELECT meeting_id FROM voting_sitting");
        while (select.step()) meetings.insert(select.column_int(0));
        select.reset();
        snapshot_.store(load(reader, VotingSnapshot(), meetings));
    }
    // After the commit, on the writer's thread, before the writing caller resumes: it sees its
    // own change, and nobody sees a change a failed commit took back.
    writer_.add_commit_listener([this](Database& db) {
        if (!changed_meetings_.empty()) publish(db);
    });
}

void VotingStore::publish(Database& db) {
    std::set<std::int64_t> changed;
    changed.swap(changed_meetings_);
    std::shared_ptr<VotingSnapshot> loaded;
    {
        ReadTransaction read(db);
        loaded = load(db, *snapshot_.load(), changed);
    }
    loaded->version = ++version_;
    snapshot_.store(loaded);
    if (!listener_) return;
    for (std::int64_t meeting_id : changed) listener_(*loaded, meeting_id);
}

std::shared_ptr<VotingSnapshot> VotingStore::load(Database& db, const VotingSnapshot& previous,
                                                  const std::set<std::int64_t>& meetings) const {
    auto snapshot = std::make_shared<VotingSnapshot>();
    snapshot->votes.reserve(previous.votes.size() + 1);
    for (const Vote& vote : previous.votes) {
        if (!meetings.contains(vote.meeting_id)) snapshot->votes.push_back(vote);
    }
    for (const auto& [meeting_id, sitting] : previous.sittings) {
        if (!meetings.contains(meeting_id)) snapshot->sittings.emplace(meeting_id, sitting);
    }
    for (std::int64_t meeting_id : meetings) load_meeting(db, meeting_id, *snapshot);
    std::sort(snapshot->votes.begin(), snapshot->votes.end(),
              [](const Vote& a, const Vote& b) { return a.id < b.id; });
    return snapshot;
}

template <typename Change>
auto VotingStore::write(Change change) {
    return writer_.run(std::move(change), Durability::kFull);
}

VotingStore::Write<void> VotingStore::set_registered(std::int64_t meeting_id,
                                                     std::int64_t member_id, bool present,
                                                     AuditNote audit) {
    return write([this, meeting_id, member_id, present, audit = std::move(audit)](Database& db) {
        const std::int64_t now = now_unix_ms();
        require_meeting(db, meeting_id);
        require_council_member(db, member_id, now);
        if (present) {
            db.cached(
                  "INSERT OR IGNORE INTO voting_registration (meeting_id, member_id, "
                  "registered_unix_ms) VALUES (?, ?, ?)")
                .bind(1, meeting_id)
                .bind(2, member_id)
                .bind(3, now)
                .run();
        } else {
            db.cached("DELETE FROM voting_registration WHERE meeting_id = ? AND member_id = ?")
                .bind(1, meeting_id)
                .bind(2, member_id)
                .run();
        }
        if (db.changes() == 0) return;  // as it was: nothing to record
        ensure_sitting(db, meeting_id);
        append_log(db, meeting_id, "registration", {{"member_id", member_id}, {"present", present}},
                   now);
        if (audit) AuditLog::append(db, audit(member_id));
        changed_meetings_.insert(meeting_id);
    });
}

VotingStore::Write<void> VotingStore::recuse(std::int64_t agenda_item_id, std::int64_t member_id,
                                             AuditNote audit) {
    return write([this, agenda_item_id, member_id, audit = std::move(audit)](Database& db) {
        const std::int64_t now = now_unix_ms();
        const std::int64_t meeting_id = meeting_of_item(db, agenda_item_id);
        require_council_member(db, member_id, now);
        Statement open =
            db.cached("SELECT 1 FROM vote WHERE agenda_item_id = ? AND status = 'open'");
        open.bind(1, agenda_item_id);
        if (open.step()) throw InvalidInput::text("voting_error_recusal_during_vote");
        open.reset();
        db.cached(
              "INSERT OR IGNORE INTO voting_recusal (agenda_item_id, member_id, "
              "declared_unix_ms) VALUES (?, ?, ?)")
            .bind(1, agenda_item_id)
            .bind(2, member_id)
            .bind(3, now)
            .run();
        if (db.changes() == 0) return;
        ensure_sitting(db, meeting_id);
        append_log(db, meeting_id, "recusal",
                   {{"agenda_item_id", agenda_item_id}, {"member_id", member_id}}, now);
        if (audit) AuditLog::append(db, audit(member_id));
        changed_meetings_.insert(meeting_id);
    });
}

VotingStore::Write<void> VotingStore::set_current_item(std::int64_t meeting_id,
                                                       std::int64_t agenda_item_id,
                                                       std::optional<double> media_time_s,
                                                       AuditNote audit) {
    if (!media_time_s && media_clock_) media_time_s = media_clock_(meeting_id);
    return write([this, meeting_id, agenda_item_id, media_time_s,
                  audit = std::move(audit)](Database& db) {
        check_media_time(media_time_s);
        meeting_of_item(db, agenda_item_id, meeting_id);
        db.cached(
              "INSERT INTO voting_sitting (meeting_id, current_item_id, item_media_time_s) "
              "VALUES (?, ?, ?) ON CONFLICT (meeting_id) DO UPDATE SET current_item_id = "
              "excluded.current_item_id, item_media_time_s = excluded.item_media_time_s")
            .bind(1, meeting_id)
            .bind(2, agenda_item_id)
            .bind(3, media_time_s)
            .run();
        append_log(
            db, meeting_id, "item",
            {{"agenda_item_id", agenda_item_id}, {"media_time_s", optional_number(media_time_s)}},
            now_unix_ms());
        if (audit) AuditLog::append(db, audit(agenda_item_id));
        changed_meetings_.insert(meeting_id);
    });
}

VotingStore::Write<void> VotingStore::set_speaker(std::int64_t meeting_id, std::string name,
                                                  std::string role, AuditNote audit) {
    return write([this, meeting_id, name = std::move(name), role = std::move(role),
                  audit = std::move(audit)](Database& db) {
        for (const std::string* text : {&name, &role}) {
            if (characters(*text) > kMaxSpeakerCharacters || has_control(*text)) {
                throw InvalidInput::text("voting_error_speaker",
                                         {{"max", std::to_string(kMaxSpeakerCharacters)}});
            }
        }
        require_meeting(db, meeting_id);
        // No name, no lower third: a role alone would be shown under nobody.
        const std::string_view shown_role = name.empty() ? std::string_view() : role;
        db.cached(
              "INSERT INTO voting_sitting (meeting_id, speaker_name, speaker_role) VALUES "
              "(?, ?, ?) ON CONFLICT (meeting_id) DO UPDATE SET speaker_name = "
              "excluded.speaker_name, speaker_role = excluded.speaker_role")
            .bind(1, meeting_id)
            .bind(2, std::string_view(name))
            .bind(3, shown_role)
            .run();
        append_log(db, meeting_id, "speaker", {{"name", name}, {"role", shown_role}},
                   now_unix_ms());
        if (audit) AuditLog::append(db, audit(meeting_id));
        changed_meetings_.insert(meeting_id);
    });
}

VotingStore::Write<std::int64_t> VotingStore::open_vote(Opening opening, AuditNote audit) {
    if (!opening.media_time_s && media_clock_)
        opening.media_time_s = media_clock_(opening.meeting_id);
    return write([this, opening = std::move(opening), audit = std::move(audit)](Database& db) {
        const std::int64_t now = now_unix_ms();
        check_motion(opening.motion);
        check_media_time(opening.media_time_s);
        if (opening.countdown_seconds < 0 || opening.countdown_seconds > kMaxCountdownSeconds) {
            throw InvalidInput::text("voting_error_countdown",
                                     {{"max", std::to_string(kMaxCountdownSeconds)}});
        }
        const QuestionRule* rule = opening.question.empty() ? &rules_.questions.front()
                                                            : rules_.question(opening.question);
        if (rule == nullptr) throw InvalidInput::text("voting_error_question");
        const VoteKind kind =
            opening.kind.value_or(rule->secret ? VoteKind::kSecret : VoteKind::kNamed);
        require_meeting(db, opening.meeting_id);
        meeting_of_item(db, opening.agenda_item_id, opening.meeting_id);
        if (open_vote_of(db, opening.meeting_id))
            throw InvalidInput::text("voting_error_vote_open");
        const int registered = static_cast<int>(registered_members(db, opening.meeting_id).size());
        if (registered < quorum(rules_.seats)) {
            throw InvalidInput::text("voting_error_no_quorum",
                                     {{"registered", std::to_string(registered)},
                                      {"quorum", std::to_string(quorum(rules_.seats))}});
        }
        if (opening.replaces_vote_id != 0) {
            Statement replaced = db.cached("SELECT status, agenda_item_id FROM vote WHERE id = ?");
            replaced.bind(1, opening.replaces_vote_id);
            if (!replaced.step() || replaced.column_text(0) != "void" ||
                replaced.column_int(1) != opening.agenda_item_id) {
                throw InvalidInput::text("voting_error_replaces");
            }
        }
        const std::int64_t closes =
            opening.countdown_seconds == 0 ? 0 : now + opening.countdown_seconds * 1000LL;
        Statement insert = db.cached(
            "INSERT INTO vote (meeting_id, agenda_item_id, motion_lt, motion_en, kind, question, "
            "seats, basis, numerator, denominator, strictly, opened_unix_ms, closes_unix_ms, "
            "media_time_s, status, registered, replaces_vote_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
            "?, ?, ?, ?, ?, ?, 'open', ?, ?)");
        insert.bind(1, opening.meeting_id)
            .bind(2, opening.agenda_item_id)
            .bind(3, std::string_view(opening.motion.lt))
            .bind(4, std::string_view(opening.motion.en))
            .bind(5, vote_kind_name(kind))
            .bind(6, std::string_view(rule->id));
        bind_rule(insert, 7, *rule, rules_.seats)
            .bind(12, now)
            .bind(13, closes)
            .bind(14, opening.media_time_s)
            .bind(15, registered)
            .bind(16, opening.replaces_vote_id == 0
                          ? std::nullopt
                          : std::optional<std::int64_t>(opening.replaces_vote_id))
            .run();
        const std::int64_t vote_id = db.last_insert_rowid();
        ensure_sitting(db, opening.meeting_id);
        append_log(db, opening.meeting_id, "vote.open",
                   {{"vote_id", vote_id},
                    {"agenda_item_id", opening.agenda_item_id},
                    {"motion_lt", opening.motion.lt},
                    {"motion_en", opening.motion.en},
                    {"kind", vote_kind_name(kind)},
                    {"question", rule->id},
                    {"seats", rules_.seats},
                    {"basis", basis_name(rule->basis)},
                    {"numerator", rule->numerator},
                    {"denominator", rule->denominator},
                    {"strictly", rule->strictly},
                    {"registered", registered},
                    {"closes_unix_ms", closes},
                    {"media_time_s", optional_number(opening.media_time_s)},
                    {"replaces_vote_id", opening.replaces_vote_id}},
                   now);
        if (audit) AuditLog::append(db, audit(vote_id));
        changed_meetings_.insert(opening.meeting_id);
        return vote_id;
    });
}

VotingStore::Write<VotingStore::Cast> VotingStore::cast(std::int64_t vote_id,
                                                        std::int64_t member_id, Choice choice,
                                                        std::string idempotency_key,
                                                        AuditNote audit) {
    return write([this, vote_id, member_id, choice, key = std::move(idempotency_key),
                  audit = std::move(audit)](Database& db) {
        if (!valid_idempotency_key(key)) throw InvalidInput::text("voting_error_idempotency_key");
        {
            // Before anything else: a retry after the vote closed is still told it counted.
            Statement earlier =
                db.cached("SELECT vote_id, member_id FROM vote_cast_key WHERE idempotency_key = ?");
            earlier.bind(1, std::string_view(key));
            if (earlier.step()) {
                if (earlier.column_int(0) == vote_id && earlier.column_int(1) == member_id) {
                    return Cast::kRepeated;
                }
                throw InvalidInput::text("voting_error_idempotency_key");
            }
        }
        const std::int64_t now = now_unix_ms();
        const Vote vote = vote_row(db, vote_id).vote;
        require_council_member(db, member_id, now);
        if (vote.status != VoteStatus::kOpen ||
            (vote.closes_unix_ms != 0 && now >= vote.closes_unix_ms)) {
            throw InvalidInput::text("voting_error_closed");
        }
        if (!registered_members(db, vote.meeting_id).contains(member_id)) {
            throw InvalidInput::text("voting_error_not_registered");
        }
        if (recused_members(db, vote.agenda_item_id).contains(member_id)) {
            throw InvalidInput::text("voting_error_recused");
        }
        Cast cast = Cast::kCounted;
        if (vote.kind == VoteKind::kNamed) {
            Statement earlier =
                db.cached("SELECT 1 FROM vote_ballot WHERE vote_id = ? AND member_id = ?");
            earlier.bind(1, vote_id).bind(2, member_id);
            const bool replacing = earlier.step();
            earlier.reset();
            if (replacing && !rules_.change_allowed) {
                throw InvalidInput::text("voting_error_already_voted");
            }
            // UNIQUE (vote_id, member_id) holds one ballot per member whatever the code does.
            db.cached(
                  "INSERT INTO vote_ballot (vote_id, member_id, choice, cast_unix_ms) VALUES "
                  "(?, ?, ?, ?) ON CONFLICT (vote_id, member_id) DO UPDATE SET choice = "
                  "excluded.choice, cast_unix_ms = excluded.cast_unix_ms")
                .bind(1, vote_id)
                .bind(2, member_id)
                .bind(3, choice_name(choice))
                .bind(4, now)
                .run();
            cast = replacing ? Cast::kReplaced : Cast::kCounted;
            append_log(db, vote.meeting_id, "ballot",
                       {{"vote_id", vote_id},
                        {"member_id", member_id},
                        {"choice", choice_name(choice)},
                        {"replaced", replacing}},
                       now);
        } else {
            db.cached(
                  "INSERT OR IGNORE INTO vote_secret_participation (vote_id, member_id) VALUES "
                  "(?, ?)")
                .bind(1, vote_id)
                .bind(2, member_id)
                .run();
            if (db.changes() == 0) throw InvalidInput::text("voting_error_secret_cast");
            db.cached("INSERT INTO vote_secret_choice (vote_id, token, choice) VALUES (?, ?, ?)")
                .bind(1, vote_id)
                .bind(2, new_secret_token())
                .bind(3, choice_name(choice))
                .run();
            // Who took part, never what they chose: the choices are in the counts at the close.
            append_log(db, vote.meeting_id, "ballot",
                       {{"vote_id", vote_id}, {"member_id", member_id}}, now);
        }
        db.cached(
              "INSERT INTO vote_cast_key (idempotency_key, vote_id, member_id) VALUES (?, ?, ?)")
            .bind(1, std::string_view(key))
            .bind(2, vote_id)
            .bind(3, member_id)
            .run();
        if (audit) AuditLog::append(db, audit(vote_id));
        changed_meetings_.insert(vote.meeting_id);
        return cast;
    });
}

void VotingStore::close_open_vote(Database& db, std::int64_t vote_id, std::int64_t closed_unix_ms,
                                  std::string_view by) {
    const VoteRow row = vote_row(db, vote_id);
    if (row.vote.status != VoteStatus::kOpen) throw InvalidInput::text("voting_error_not_open");
    const Tally tally = live_tally(db, row.vote);
    const Outcome outcome = decide(row.rule, row.seats, tally.registered, tally.counts);
    store_counts(db, vote_id, tally);
    db.cached(
          "UPDATE vote SET status = 'closed', closed_unix_ms = ?, result = ?, required = ?, "
          "quorum = ? WHERE id = ?")
        .bind(1, closed_unix_ms)
        .bind(2, vote_result_name(outcome.result))
        .bind(3, outcome.required)
        .bind(4, outcome.quorum ? 1 : 0)
        .bind(5, vote_id)
        .run();
    // Who took part and cast nothing stays on the record as such, once presence moves on.
    for (const MemberChoice& member : tally.members) {
        if (member.choice) continue;
        db.cached(
              "INSERT INTO vote_ballot (vote_id, member_id, choice, cast_unix_ms) VALUES "
              "(?, ?, NULL, ?)")
            .bind(1, vote_id)
            .bind(2, member.member_id)
            .bind(3, closed_unix_ms)
            .run();
    }
    json::object detail{{"vote_id", vote_id},
                        {"result", vote_result_name(outcome.result)},
                        {"counts", counts_json(tally.counts)},
                        {"registered", tally.registered},
                        {"required", outcome.required},
                        {"quorum", outcome.quorum},
                        {"by", by}};
    append_log(db, row.vote.meeting_id, "vote.close", detail, closed_unix_ms);
    changed_meetings_.insert(row.vote.meeting_id);
}

VotingStore::Write<void> VotingStore::close_vote(std::int64_t vote_id, AuditNote audit) {
    return write([this, vote_id, audit = std::move(audit)](Database& db) {
        close_open_vote(db, vote_id, now_unix_ms(), "hand");
        if (audit) AuditLog::append(db, audit(vote_id));
    });
}

VotingStore::Write<void> VotingStore::close_due_votes(std::int64_t now_unix_ms) {
    // Called four times a second: only a countdown that has ended is worth a job (and its
    // fsync).
    const auto current = snapshot();
    const bool due =
        std::any_of(current->votes.begin(), current->votes.end(), [now_unix_ms](const Vote& vote) {
            return vote.status == VoteStatus::kOpen && vote.closes_unix_ms != 0 &&
                   vote.closes_unix_ms <= now_unix_ms;
        });
    if (!due) co_return;
    co_await write([this, now_unix_ms](Database& db) {
        std::vector<std::pair<std::int64_t, std::int64_t>> ending;
        {
            Statement select = db.cached(
                "SELECT id, closes_unix_ms FROM vote WHERE status = 'open' AND "
                "closes_unix_ms <> 0 AND closes_unix_ms <= ?");
            select.bind(1, now_unix_ms);
            while (select.step()) ending.emplace_back(select.column_int(0), select.column_int(1));
        }
        // Closed when the countdown ended, not when the timer came round: the record does not
        // depend on the timer's timing.
        for (const auto& [vote_id, closes] : ending)
            close_open_vote(db, vote_id, closes, "countdown");
    });
}

VotingStore::Write<void> VotingStore::void_vote(std::int64_t vote_id, AuditNote audit) {
    return write([this, vote_id, audit = std::move(audit)](Database& db) {
        const std::int64_t now = now_unix_ms();
        const VoteRow row = vote_row(db, vote_id);
        if (row.vote.status == VoteStatus::kVoid) throw InvalidInput::text("voting_error_void");
        // An open vote keeps the counts it stood at; a closed one keeps its own.
        if (row.vote.status == VoteStatus::kOpen)
            store_counts(db, vote_id, live_tally(db, row.vote));
        db.cached("UPDATE vote SET status = 'void', result = NULL, closed_unix_ms = ? WHERE id = ?")
            .bind(1, row.vote.status == VoteStatus::kOpen ? now : row.vote.closed_unix_ms)
            .bind(2, vote_id)
            .run();
        append_log(db, row.vote.meeting_id, "vote.void",
                   {{"vote_id", vote_id}, {"was", vote_status_name(row.vote.status)}}, now);
        if (audit) AuditLog::append(db, audit(vote_id));
        changed_meetings_.insert(row.vote.meeting_id);
    });
}

VotingStore::Write<void> VotingStore::announce(std::int64_t vote_id, AuditNote audit) {
    return write([this, vote_id, audit = std::move(audit)](Database& db) {
        const VoteRow row = vote_row(db, vote_id);
        if (row.vote.status != VoteStatus::kClosed) {
            throw InvalidInput::text("voting_error_not_closed");
        }
        if (row.vote.announced) return;
        db.cached("UPDATE vote SET announced = 1 WHERE id = ?").bind(1, vote_id).run();
        append_log(db, row.vote.meeting_id, "vote.announce", {{"vote_id", vote_id}}, now_unix_ms());
        if (audit) AuditLog::append(db, audit(vote_id));
        changed_meetings_.insert(row.vote.meeting_id);
    });
}

VotingStore::Write<std::int64_t> VotingStore::enter_manual_result(ManualResult result,
                                                                  AuditNote audit) {
    if (!result.media_time_s && media_clock_) result.media_time_s = media_clock_(result.meeting_id);
    return write([this, result = std::move(result), audit = std::move(audit)](Database& db) {
        const std::int64_t now = now_unix_ms();
        check_motion(result.motion);
        check_media_time(result.media_time_s);
        const QuestionRule* rule =
            result.question.empty() ? &rules_.questions.front() : rules_.question(result.question);
        if (rule == nullptr) throw InvalidInput::text("voting_error_question");
        const VoteCounts& counts = result.counts;
        if (counts.in_favour < 0 || counts.against < 0 || counts.abstain < 0 ||
            counts.not_voting < 0 || result.registered < counts.participants() ||
            result.registered > rules_.seats) {
            throw InvalidInput::text("voting_error_manual_counts",
                                     {{"seats", std::to_string(rules_.seats)}});
        }
        require_meeting(db, result.meeting_id);
        meeting_of_item(db, result.agenda_item_id, result.meeting_id);
        if (open_vote_of(db, result.meeting_id)) throw InvalidInput::text("voting_error_vote_open");
        const Outcome outcome = decide(*rule, rules_.seats, result.registered, counts);
        Statement insert = db.cached(
            "INSERT INTO vote (meeting_id, agenda_item_id, motion_lt, motion_en, kind, question, "
            "seats, basis, numerator, denominator, strictly, opened_unix_ms, closed_unix_ms, "
            "media_time_s, status, result, in_favour, against, abstain, not_voting, registered, "
            "required, quorum, manual) VALUES (?, ?, ?, ?, 'named', ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "'closed', ?, ?, ?, ?, ?, ?, ?, ?, 1)");
        insert.bind(1, result.meeting_id)
            .bind(2, result.agenda_item_id)
            .bind(3, std::string_view(result.motion.lt))
            .bind(4, std::string_view(result.motion.en))
            .bind(5, std::string_view(rule->id));
        bind_rule(insert, 6, *rule, rules_.seats)
            .bind(11, now)
            .bind(12, now)
            .bind(13, result.media_time_s)
            .bind(14, vote_result_name(outcome.result))
            .bind(15, counts.in_favour)
            .bind(16, counts.against)
            .bind(17, counts.abstain)
            .bind(18, counts.not_voting)
            .bind(19, result.registered)
            .bind(20, outcome.required)
            .bind(21, outcome.quorum ? 1 : 0)
            .run();
        const std::int64_t vote_id = db.last_insert_rowid();
        ensure_sitting(db, result.meeting_id);
        append_log(db, result.meeting_id, "vote.manual",
                   {{"vote_id", vote_id},
                    {"agenda_item_id", result.agenda_item_id},
                    {"motion_lt", result.motion.lt},
                    {"motion_en", result.motion.en},
                    {"question", rule->id},
                    {"result", vote_result_name(outcome.result)},
                    {"counts", counts_json(counts)},
                    {"registered", result.registered},
                    {"required", outcome.required},
                    {"quorum", outcome.quorum},
                    {"media_time_s", optional_number(result.media_time_s)}},
                   now);
        if (audit) AuditLog::append(db, audit(vote_id));
        changed_meetings_.insert(result.meeting_id);
        return vote_id;
    });
}

std::string VotingStore::verify_chain(Database& db) {
    return VoteLog::first_broken_entry(db).value_or(std::string());
}

}  // namespace councilcast::portal
