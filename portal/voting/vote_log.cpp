#include "portal/voting/vote_log.hpp"

#include <fmt/core.h>
#include <boost/json.hpp>

#include "common/secret_token.hpp"

namespace councilcast::portal {

std::string VoteLog::canonical(const VoteLogEntry& entry) {
    // Built by hand around the detail, which is hashed byte for byte as stored: parsing and
    // serialising it again could reorder or reformat it.
    return fmt::format(R"({{"id":{},"at_unix_ms":{},"meeting_id":{},"event":{},"detail":{}}})",
                       entry.id, entry.at_unix_ms, entry.meeting_id,
                       boost::json::serialize(boost::json::string(entry.event)), entry.detail);
}

std::string VoteLog::entry_hash(std::string_view previous_hash, const VoteLogEntry& entry) {
    return sha256_hex(fmt::format("{}\n{}", previous_hash, canonical(entry)));
}

std::string VoteLog::append(Database& db, std::int64_t meeting_id, std::string_view event,
                            std::string detail, std::int64_t at_unix_ms) {
    // Read inside the write transaction: the portal and the command line appending at once
    // still make one chain.
    Statement last = db.cached("SELECT id, hash FROM vote_log ORDER BY id DESC LIMIT 1");
    VoteLogEntry entry{1, at_unix_ms, meeting_id, std::string(event), std::move(detail), {}};
    std::string previous_hash;
    if (last.step()) {
        entry.id = last.column_int(0) + 1;
        previous_hash = last.column_text(1);
    }
    last.reset();
    entry.hash = entry_hash(previous_hash, entry);
    db.cached(
          "INSERT INTO vote_log (id, at_unix_ms, meeting_id, event, detail, hash) "
          "VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, entry.id)
        .bind(2, entry.at_unix_ms)
        .bind(3, entry.meeting_id)
        .bind(4, std::string_view(entry.event))
        .bind(5, std::string_view(entry.detail))
        .bind(6, std::string_view(entry.hash))
        .run();
    return entry.hash;
}

std::optional<std::string> VoteLog::first_broken_entry(Database& db) {
    ReadTransaction read(db);
    Statement select = db.cached(
        "SELECT id, at_unix_ms, meeting_id, event, detail, hash FROM vote_log ORDER BY id");
    std::string previous_hash;
    std::int64_t expected_id = 1;
    while (select.step()) {
        VoteLogEntry entry{select.column_int(0),  select.column_int(1),  select.column_int(2),
                           select.column_text(3), select.column_text(4), select.column_text(5)};
        if (entry.id != expected_id) {
            return fmt::format(
                "vote log entry {} is missing (the entry after it, {}, is there): it was "
                "deleted",
                expected_id, entry.id);
        }
        if (entry_hash(previous_hash, entry) != entry.hash) {
            return fmt::format(
                "vote log entry {} ({}, meeting {}) does not match its hash: it was changed, or "
                "an entry before it was rewritten",
                entry.id, entry.event, entry.meeting_id);
        }
        previous_hash = entry.hash;
        ++expected_id;
    }
    return std::nullopt;
}

}  // namespace councilcast::portal
