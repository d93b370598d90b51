#include "portal/council/council_store.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <set>

#include "common/durable_file.hpp"
#include "common/error.hpp"
#include "common/secret_token.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/council/snapshot_loading.hpp"

namespace councilcast::portal {

namespace {

// `missing`: the catalogue text asking for it.
void require_text(const std::string& text, std::string_view missing) {
    if (text.empty()) throw InvalidInput::text(std::string(missing));
}

// "2023-04-20": the form <input type="date"> sends, and a real day.
bool iso_date(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (text[i] < '0' || text[i] > '9') return false;
    }
    const std::chrono::year_month_day day{std::chrono::year(std::stoi(text.substr(0, 4))),
                                          std::chrono::month(std::stoi(text.substr(5, 2))),
                                          std::chrono::day(std::stoi(text.substr(8, 2)))};
    return day.ok();
}

std::optional<std::int64_t> nonzero(std::int64_t id) {
    return id == 0 ? std::nullopt : std::optional<std::int64_t>(id);
}

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Each binds the columns an editor writes, from parameter 1, in the order the table's INSERT and
// UPDATE both list them; what only one of them has (the id, the parent) follows.
Statement& bind_group(Statement&& statement, const CouncilGroup& group) {
    return statement.bind(1, group.name.lt).bind(2, group.name.en).bind(3, group.abbreviation);
}

Statement& bind_member(Statement&& statement, const CouncilMember& member) {
    return statement.bind(1, member.name)
        .bind(2, nonzero(member.group_id))
        .bind(3, position_name(member.position))
        .bind(4, member.term_start)
        .bind(5, member.term_end)
        .bind(6, member.biography.lt)
        .bind(7, member.biography.en);
}

Statement& bind_committee(Statement&& statement, const Committee& committee) {
    return statement.bind(1, committee.name.lt)
        .bind(2, committee.name.en)
        .bind(3, committee.remit.lt)
        .bind(4, committee.remit.en)
        .bind(5, nonzero(committee.chair_member_id));
}

Statement& bind_meeting(Statement&& statement, const Meeting& meeting) {
    return statement.bind(1, kind_name(meeting.kind))
        .bind(2, meeting.kind == MeetingKind::kCommittee ? nonzero(meeting.committee_id)
                                                         : std::nullopt)
        .bind(3, meeting.title.lt)
        .bind(4, meeting.title.en)
        .bind(5, meeting.starts_unix)
        .bind(6, meeting.place.lt)
        .bind(7, meeting.place.en)
        .bind(8, status_name(meeting.status))
        .bind(9, meeting.channel_id);
}

Statement& bind_agenda_item(Statement&& statement, const AgendaItem& item) {
    return statement.bind(1, item.title.lt)
        .bind(2, item.title.en)
        .bind(3, item.rapporteur)
        .bind(4, item.description.lt)
        .bind(5, item.description.en);
}

Statement& bind_decision(Statement&& statement, const Decision& decision) {
    return statement.bind(1, decision.number)
        .bind(2, outcome_name(decision.outcome))
        .bind(3, decision.text.lt)
        .bind(4, decision.text.en)
        .bind(5, decision.decided_unix);
}

}  // namespace

CouncilStore::CouncilStore(const std::filesystem::path& database_file,
                           std::filesystem::path data_dir, DatabaseWriter& writer)
    : writer_(writer), data_dir_(std::move(data_dir)) {
    std::filesystem::create_directories(data_dir_ / "documents");
    std::filesystem::create_directories(data_dir_ / "photos");
    {
        Database reader(database_file, Durability::kNormal, OpenMode::kReadOnly);
        publish(reader);
    }
    // After the commit, on the writer's thread, before the writing caller resumes: it sees its
    // own change in the snapshot, and nobody sees a change a failed commit took back.
    writer_.add_commit_listener([this](Database& db) {
        if (open_batches_.load() == 0 && changed_.exchange(false)) {
            publish(db);
            remove_unreferenced_files(*snapshot_.load());
        }
    });
}

void CouncilStore::publish(Database& db) {
    auto snapshot = load_council_snapshot(db);
    snapshot->version = ++version_;
    snapshot->published_unix = std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
    std::shared_ptr<const CouncilSnapshot> published = std::move(snapshot);
    snapshot_.store(published);
    if (listener_) listener_(*published);
}

void CouncilStore::remove_unreferenced_files(const CouncilSnapshot& snapshot) const {
    std::set<std::string, std::less<>> named;
    for (const Document& document : snapshot.documents) named.insert(document.sha256);
    for (const CouncilMember& member : snapshot.members) {
        if (!member.photo.empty()) named.insert(member.photo);
    }
    for (const char* folder : {"documents", "photos"}) {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(data_dir_ / folder, ec)) {
            if (named.contains(entry.path().filename().native())) continue;
            std::error_code removed;
            std::filesystem::remove(entry.path(), removed);
            if (removed) {
                spdlog::warn("[council] cannot delete {}, which no record names: {}",
                             entry.path().string(), removed.message());
            }
        }
        if (ec) spdlog::warn("[council] cannot list {}: {}", folder, ec.message());
    }
}

template <typename Change>
boost::asio::awaitable<std::int64_t> CouncilStore::write(Change change, AuditNote audit) {
    return writer_.run([this, change = std::move(change), audit = std::move(audit)](Database& db) {
        const std::int64_t id = change(db);
        if (audit) AuditLog::append(db, audit(id));
        changed_ = true;
        return id;
    });
}

std::int64_t CouncilStore::inserted(Database& db, Transaction& transaction) {
    const std::int64_t id = db.last_insert_rowid();
    transaction.commit();
    return id;
}

void CouncilStore::updated(Database& db, Transaction& transaction, std::string_view missing) {
    if (db.changes() == 0) throw InvalidInput::text(std::string(missing));
    transaction.commit();
}

CouncilStore::Batch::Batch(CouncilStore& store) : store_(store) {
    ++store_.open_batches_;
}

CouncilStore::Batch::~Batch() {
    // An empty job: its commit runs the listener, which publishes what the batch changed.
    if (--store_.open_batches_ == 0) store_.writer_.execute([](Database&) {});
}

// Asks the database rather than the snapshot: inside a Batch the snapshot lags behind.
bool CouncilStore::exists(Database& db, std::string_view table, std::int64_t id) {
    auto select = db.cached(fmt::format("SELECT 1 FROM {} WHERE id = ?", table));
    select.bind(1, id);
    return select.step();
}

void CouncilStore::check_references(Database& db, const CouncilMember& member) {
    require_text(member.name, "council_required_member_name");
    if (member.group_id != 0 && !exists(db, "council_group", member.group_id)) {
        throw InvalidInput::text("council_no_group");
    }
    if (!iso_date(member.term_start)) {
        throw InvalidInput::text("council_term_start");
    }
    if (!member.term_end.empty() &&
        (!iso_date(member.term_end) || member.term_end < member.term_start)) {
        throw InvalidInput::text("council_term_end");
    }
    if (member.position == CouncilPosition::kChair && member.term_end.empty()) {
        auto chairs = db.cached(
            "SELECT name FROM council_member WHERE position = 'chair' AND term_end = '' "
            "AND id <> ?");
        chairs.bind(1, member.id);
        const bool taken = chairs.step();
        const std::string chair = taken ? chairs.column_text(0) : std::string();
        chairs.reset();
        if (taken) {
            throw InvalidInput::text("council_chair_taken", {{"name", chair}});
        }
    }
}

void CouncilStore::check_references(Database& db, Committee& committee) {
    require_text(committee.name.lt, "council_required_committee_name");
    if (committee.chair_member_id != 0) {
        if (!exists(db, "council_member", committee.chair_member_id)) {
            throw InvalidInput::text("council_no_committee_chair");
        }
        committee.member_ids.push_back(committee.chair_member_id);
    }
    std::sort(committee.member_ids.begin(), committee.member_ids.end());
    committee.member_ids.erase(
        std::unique(committee.member_ids.begin(), committee.member_ids.end()),
        committee.member_ids.end());
    for (std::int64_t member_id : committee.member_ids) {
        if (!exists(db, "council_member", member_id)) {
            throw InvalidInput::text("council_no_council_member");
        }
    }
}

void CouncilStore::write_seats(Database& db, const Committee& committee) {
    db.cached("DELETE FROM committee_member WHERE committee_id = ?").bind(1, committee.id).run();
    auto seat = db.cached("INSERT INTO committee_member (committee_id, member_id) VALUES (?, ?)");
    for (std::int64_t member_id : committee.member_ids) {
        seat.bind(1, committee.id).bind(2, member_id).run();
    }
}

void CouncilStore::check_references(Database& db, const Meeting& meeting) {
    require_text(meeting.title.lt, "council_required_meeting_title");
    if (meeting.kind == MeetingKind::kCommittee && !exists(db, "committee", meeting.committee_id)) {
        throw InvalidInput::text("council_choose_committee");
    }
}

boost::asio::awaitable<std::int64_t> CouncilStore::add_group(const CouncilGroup& group,
                                                             AuditNote audit) {
    require_text(group.name.lt, "council_required_group_name");
    return write(
        [this, group](Database& db) {
            Transaction transaction(db);
            bind_group(db.cached("INSERT INTO council_group (name_lt, name_en, abbreviation) "
                                 "VALUES (?, ?, ?)"),
                       group)
                .run();
            return inserted(db, transaction);
        },
        std::move(audit));
}

boost::asio::awaitable<std::int64_t> CouncilStore::update_group(const CouncilGroup& group,
                                                                AuditNote audit) {
    require_text(group.name.lt, "council_required_group_name");
    return write(
        [this, group](Database& db) {
            Transaction transaction(db);
            bind_group(db.cached("UPDATE council_group SET name_lt = ?, name_en = ?, "
                                 "abbreviation = ? WHERE id = ?"),
                       group)
                .bind(4, group.id)
                .run();
            updated(db, transaction, "council_no_group");
            return group.id;
        },
        std::move(audit));
}

boost::asio::awaitable<std::int64_t> CouncilStore::add_member(const CouncilMember& member,
                                                              AuditNote audit) {
    return write(
        [this, member](Database& db) {
            check_references(db, member);
            Transaction transaction(db);
            bind_member(db.cached("INSERT INTO council_member (name, group_id, position, "
                                  "term_start, term_end, biography_lt, biography_en, photo) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                        member)
                .bind(8, member.photo)
                .run();
            return inserted(db, transaction);
        },
        std::move(audit));
}

boost::asio::awaitable<std::int64_t> CouncilStore::update_member(const CouncilMember& member,
                                                                 AuditNote audit) {
    return write(
        [this, member](Database& db) {
            check_references(db, member);
            Transaction transaction(db);
            bind_member(db.cached("UPDATE council_member SET name = ?, group_id = ?, "
                                  "position = ?, term_start = ?, term_end = ?, biography_lt = ?, "
                                  "biography_en = ? WHERE id = ?"),
                        member)
                .bind(8, member.id)
                .run();
            updated(db, transaction, "council_no_member");
            return member.id;
        },
        std::move(audit));
}

boost::asio::awaitable<std::int64_t> CouncilStore::add_committee(const Committee& committee,
                                                                 AuditNote audit) {
    return write(
        [this, committee](Database& db) {
            Committee checked = committee;
            check_references(db, checked);
            Transaction transaction(db);
            bind_committee(db.cached("INSERT INTO committee (name_lt, name_en, remit_lt, "
                                     "remit_en, chair_member_id) VALUES (?, ?, ?, ?, ?)"),
                           checked)
                .run();
            checked.id = db.last_insert_rowid();
            write_seats(db, checked);
            transaction.commit();
            return checked.id;
        },
        std::move(audit));
}

boost::asio::awaitable<std::int64_t> CouncilStore::update_committee(const Committee& committee,
                                                                    AuditNote audit) {
    return write(
        [this, committee](Database& db) {
            Committee checked = committee;
            check_references(db, checked);
            Transaction transaction(db);
            bind_committee(db.cached("UPDATE committee SET name_lt = ?, name_en = ?, "
                                     "remit_lt = ?, remit_en = ?, chair_member_id = ? "
                                     "WHERE id = ?"),
                           checked)
                .bind(6, checked.id)
                .run();
            if (db.changes() == 0) {
                throw InvalidInput::text("council_no_committee");
            }
            write_seats(db, checked);
            transaction.commit();
            return checked.id;
        },
        std::move(audit));
}

boost::asio::awaitable<std::int64_t> CouncilStore::add_eldership(const Eldership& eldership,
                                                                 AuditNote audit) {
    require_text(eldership.name, "council_required_eldership_name");
    return write(
        [this, eldership](Database& db) {
            Transaction transaction(db);
            db.cached("INSERT INTO eldership (name) VALUES (?)").bind(1, eldership.name).run();
            return inserted(db, transaction);
        },
        std::move(audit));
}

boost::asio::awaitable<std::int64_t> CouncilStore::add_meeting(const Meeting& meeting,
                                                               AuditNote audit) {
    return write(
        [this, meeting](Database& db) {
            check_references(db, meeting);
            Transaction transaction(db);
            bind_meeting(db.cached("INSERT INTO meeting (kind, committee_id, title_lt, "
                                   "title_en, starts_unix, place_lt, place_en, status, "
                                   "channel_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                         meeting)
                .run();
            return inserted(db, transaction);
        },
        std::move(audit));
}

boost::asio::awaitable<std::int64_t> CouncilStore::update_meeting(const Meeting& meeting,
                                                                  AuditNote audit) {
    return write(
        [this, meeting](Database& db) {
            check_references(db, meeting);
            Transaction transaction(db);
            bind_meeting(db.cached("UPDATE meeting SET kind = ?, committee_id = ?, title_lt = ?, "
                                   "title_en = ?, starts_unix = ?, place_lt = ?, place_en = ?, "
                                   "status = ?, channel_id = ? WHERE id = ?"),
                         meeting)
                .bind(10, meeting.id)
                .run();
            updated(db, transaction, "council_no_meeting");
            return meeting.id;
        },
        std::move(audit));
}

boost::asio::awaitable<std::int64_t> CouncilStore::set_meeting_status(std::int64_t meeting_id,
                                                                      MeetingStatus status,
                                                                      AuditNote audit) {
    return write(
        [this, meeting_id, status](Database& db) {
            Transaction transaction(db);
            db.cached("UPDATE meeting SET status = ? WHERE id = ?")
                .bind(1, status_name(status))
                .bind(2, meeting_id)
                .run();
            updated(db, transaction, "council_no_meeting");
            return meeting_id;
        },
        std::move(audit));
}

boost::asio::awaitable<std::int64_t> CouncilStore::add_agenda_item(const AgendaItem& item,
                                                                   AuditNote audit) {
    require_text(item.title.lt, "council_required_item_title");
    return write(
        [this, item](Database& db) {
            if (!exists(db, "meeting", item.meeting_id)) {
                throw InvalidInput::text("council_no_meeting");
            }
            Transaction transaction(db);
            int position = item.position;
            if (position <= 0) {
                auto last = db.cached(
                    "SELECT coalesce(max(position), 0) FROM agenda_item WHERE meeting_id = ?");
                last.bind(1, item.meeting_id);
                last.step();
                position = static_cast<int>(last.column_int(0)) + 1;
            }
            bind_agenda_item(db.cached("INSERT OR IGNORE INTO agenda_item (title_lt, title_en, "
                                       "rapporteur, description_lt, description_en, meeting_id, "
                                       "position) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                             item)
                .bind(6, item.meeting_id)
                .bind(7, position)
                .run();
            if (db.changes() == 0) {
                throw InvalidInput::text("council_item_exists",
                                         {{"position", std::to_string(position)}});
            }
            return inserted(db, transaction);
        },
        std::move(audit));
}

boost::asio::awaitable<std::int64_t> CouncilStore::update_agenda_item(const AgendaItem& item,
                                                                      AuditNote audit) {
    require_text(item.title.lt, "council_required_item_title");
    return write(
        [this, item](Database& db) {
            Transaction transaction(db);
            bind_agenda_item(db.cached("UPDATE agenda_item SET title_lt = ?, title_en = ?, "
                                       "rapporteur = ?, description_lt = ?, description_en = ? "
                                       "WHERE id = ?"),
                             item)
                .bind(6, item.id)
                .run();
            updated(db, transaction, "council_no_item");
            return item.id;
        },
        std::move(audit));
}

boost::asio::awaitable<std::int64_t> CouncilStore::shift_calendar(std::int64_t seconds) {
    return write(
        [seconds](Database& db) {
            Transaction transaction(db);
            db.cached("UPDATE meeting SET starts_unix = starts_unix + ?").bind(1, seconds).run();
            db.cached("UPDATE decision SET decided_unix = decided_unix + ?").bind(1, seconds).run();
            transaction.commit();
            return std::int64_t{0};
        },
        {});
}

// UNIQUE (meeting_id, position) is checked row by row as an UPDATE goes, in no set order, so
// renumbering lifts the rows clear of every position in use first and sets them down after.
constexpr std::int64_t kPositionLift = 1'000'000;

boost::asio::awaitable<std::int64_t> CouncilStore::remove_agenda_item(std::int64_t agenda_item_id,
                                                                      AuditNote audit) {
    return write(
        [agenda_item_id](Database& db) {
            Transaction transaction(db);
            auto find = db.cached("SELECT meeting_id, position FROM agenda_item WHERE id = ?");
            find.bind(1, agenda_item_id);
            if (!find.step()) return agenda_item_id;
            const std::int64_t meeting_id = find.column_int(0);
            const std::int64_t position = find.column_int(1);
            find.reset();
            try {
                db.cached("DELETE FROM agenda_item WHERE id = ?").bind(1, agenda_item_id).run();
            } catch (const DatabaseError& e) {
                // Another room's rows name the item (a vote on it): its record must stay whole,
                // so the item stays, and the editor is told why.
                if ((e.code() & 0xff) != SQLITE_CONSTRAINT) throw;
                throw InvalidInput::text("council_item_in_use");
            }
            db.cached(
                  "UPDATE agenda_item SET position = position + ? WHERE meeting_id = ? AND "
                  "position > ?")
                .bind(1, kPositionLift)
                .bind(2, meeting_id)
                .bind(3, position)
                .run();
            db.cached(
                  "UPDATE agenda_item SET position = position - ? WHERE meeting_id = ? AND "
                  "position > ?")
                .bind(1, kPositionLift + 1)
                .bind(2, meeting_id)
                .bind(3, kPositionLift)
                .run();
            transaction.commit();
            return agenda_item_id;
        },
        std::move(audit));
}

boost::asio::awaitable<std::int64_t> CouncilStore::move_agenda_item(std::int64_t agenda_item_id,
                                                                    AgendaMove move,
                                                                    AuditNote audit) {
    return write(
        [agenda_item_id, move](Database& db) {
            Transaction transaction(db);
            auto find = db.cached("SELECT meeting_id, position FROM agenda_item WHERE id = ?");
            find.bind(1, agenda_item_id);
            if (!find.step()) throw InvalidInput::text("council_no_item");
            const std::int64_t meeting_id = find.column_int(0);
            const std::int64_t position = find.column_int(1);
            find.reset();
            auto neighbour = db.cached(
                move == AgendaMove::kUp
                    ? "SELECT id, position FROM agenda_item WHERE meeting_id = ? AND position < ? "
                      "ORDER BY position DESC LIMIT 1"
                    : "SELECT id, position FROM agenda_item WHERE meeting_id = ? AND position > ? "
                      "ORDER BY position LIMIT 1");
            neighbour.bind(1, meeting_id).bind(2, position);
            if (!neighbour.step()) return agenda_item_id;
            const std::int64_t other_id = neighbour.column_int(0);
            const std::int64_t other_position = neighbour.column_int(1);
            neighbour.reset();
            // Through a free position: the unique (meeting, position) pair holds after every
            // statement.
            auto place = db.cached("UPDATE agenda_item SET position = ? WHERE id = ?");
            place.bind(1, kPositionLift + position).bind(2, agenda_item_id).run();
            place.bind(1, position).bind(2, other_id).run();
            place.bind(1, other_position).bind(2, agenda_item_id).run();
            transaction.commit();
            return agenda_item_id;
        },
        std::move(audit));
}

boost::asio::awaitable<std::int64_t> CouncilStore::add_decision(const Decision& decision,
                                                                AuditNote audit) {
    return write(
        [this, decision](Database& db) {
            if (!exists(db, "agenda_item", decision.agenda_item_id)) {
                throw InvalidInput::text("council_no_item");
            }
            Transaction transaction(db);
            bind_decision(db.cached("INSERT OR IGNORE INTO decision (number, outcome, text_lt, "
                                    "text_en, decided_unix, agenda_item_id) "
                                    "VALUES (?, ?, ?, ?, ?, ?)"),
                          decision)
                .bind(6, decision.agenda_item_id)
                .run();
            if (db.changes() == 0) {
                throw InvalidInput::text("council_decision_exists");
            }
            return inserted(db, transaction);
        },
        std::move(audit));
}

boost::asio::awaitable<std::int64_t> CouncilStore::update_decision(const Decision& decision,
                                                                   AuditNote audit) {
    return write(
        [this, decision](Database& db) {
            Transaction transaction(db);
            bind_decision(db.cached("UPDATE decision SET number = ?, outcome = ?, text_lt = ?, "
                                    "text_en = ?, decided_unix = ? WHERE id = ?"),
                          decision)
                .bind(6, decision.id)
                .run();
            updated(db, transaction, "council_no_decision");
            return decision.id;
        },
        std::move(audit));
}

boost::asio::awaitable<std::int64_t> CouncilStore::add_document(const Document& document,
                                                                std::string_view bytes,
                                                                AuditNote audit) {
    require_text(document.title.lt, "council_required_document_title");
    require_text(document.file_name, "council_required_file_name");
    Document stored = document;
    stored.sha256 = sha256_hex(bytes);
    stored.size_bytes = static_cast<std::int64_t>(bytes.size());
    stored.uploaded_unix = unix_now();
    // The file is written (and fsynced) on the writer's thread, never a network thread, before
    // the row that names it. The same bytes uploaded twice share one file, named by their digest.
    return write(
        [this, stored, bytes = std::string(bytes)](Database& db) {
            if (!exists(db, "agenda_item", stored.agenda_item_id)) {
                throw InvalidInput::text("council_no_item");
            }
            const auto path = document_path(stored);
            if (!std::filesystem::exists(path)) write_file_durably(path, bytes);
            Transaction transaction(db);
            db.cached(
                  "INSERT INTO document (agenda_item_id, title_lt, title_en, file_name, "
                  "content_type, size_bytes, sha256, uploaded_unix) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(1, stored.agenda_item_id)
                .bind(2, stored.title.lt)
                .bind(3, stored.title.en)
                .bind(4, stored.file_name)
                .bind(5, stored.content_type)
                .bind(6, stored.size_bytes)
                .bind(7, stored.sha256)
                .bind(8, stored.uploaded_unix)
                .run();
            return inserted(db, transaction);
        },
        std::move(audit));
}

boost::asio::awaitable<std::int64_t> CouncilStore::remove_document(std::int64_t document_id,
                                                                   AuditNote audit) {
    return write(
        [document_id](Database& db) {
            db.cached("DELETE FROM document WHERE id = ?").bind(1, document_id).run();
            return document_id;
        },
        std::move(audit));
}

boost::asio::awaitable<std::int64_t> CouncilStore::remove_decision(std::int64_t decision_id,
                                                                   AuditNote audit) {
    return write(
        [decision_id](Database& db) {
            db.cached("DELETE FROM decision WHERE id = ?").bind(1, decision_id).run();
            return decision_id;
        },
        std::move(audit));
}

std::string CouncilStore::content_digest(std::string_view bytes) {
    return sha256_hex(bytes);
}

std::string CouncilStore::photo_name(std::string_view bytes, std::string_view content_type) {
    const std::string_view extension = content_type == "image/jpeg"  ? ".jpg"
                                       : content_type == "image/png" ? ".png"
                                                                     : "";
    if (extension.empty() || bytes.empty()) {
        throw InvalidInput::text("council_photo_type");
    }
    return sha256_hex(bytes) + std::string(extension);
}

boost::asio::awaitable<std::int64_t> CouncilStore::set_member_photo(std::int64_t member_id,
                                                                    std::string_view bytes,
                                                                    std::string_view content_type,
                                                                    AuditNote audit) {
    const std::string photo = photo_name(bytes, content_type);
    return write(
        [this, member_id, photo, bytes = std::string(bytes)](Database& db) {
            if (!exists(db, "council_member", member_id)) {
                throw InvalidInput::text("council_no_member");
            }
            // The same picture uploaded twice is one file, named by its digest.
            const auto path = photo_path(photo);
            if (!std::filesystem::exists(path)) write_file_durably(path, bytes);
            db.cached("UPDATE council_member SET photo = ? WHERE id = ?")
                .bind(1, photo)
                .bind(2, member_id)
                .run();
            return member_id;
        },
        std::move(audit));
}

boost::asio::awaitable<std::int64_t> CouncilStore::remove_member_photo(std::int64_t member_id,
                                                                       AuditNote audit) {
    return write(
        [this, member_id](Database& db) {
            Transaction transaction(db);
            db.cached("UPDATE council_member SET photo = '' WHERE id = ?").bind(1, member_id).run();
            updated(db, transaction, "council_no_member");
            return member_id;
        },
        std::move(audit));
}

std::filesystem::path CouncilStore::document_path(const Document& document) const {
    return data_dir_ / "documents" / document.sha256;
}

std::filesystem::path CouncilStore::photo_path(std::string_view photo) const {
    return data_dir_ / "photos" / std::string(photo);
}

}  // namespace councilcast::portal
