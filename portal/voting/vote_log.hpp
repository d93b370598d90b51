// The vote log: every change to a sitting or a vote, append-only and hash-chained with SHA-256.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/database.hpp"

namespace councilcast::portal {

struct VoteLogEntry {
    std::int64_t id = 0;
    std::int64_t at_unix_ms = 0;
    std::int64_t meeting_id = 0;
    std::string event;   // "registration", "vote.open", "ballot", "vote.close", ...
    std::string detail;  // a JSON object, written once with its keys in a fixed order
    std::string hash;    // SHA-256 (hex) of the previous entry's hash and canonical()
};

// The table (in kVotingTables) refuses UPDATE and DELETE through triggers; an entry changed or
// removed by other means (the triggers dropped first) no longer follows the chain.
class VoteLog {
  public:
    // Appends inside an open write transaction (a writer job), with the change it records.
    // Returns the new entry's hash: the meeting's chain head.
    static std::string append(Database& db, std::int64_t meeting_id, std::string_view event,
                              std::string detail, std::int64_t at_unix_ms);

    // Walks the whole log in one read: nothing when every entry follows its predecessor, else
    // what is wrong with the first that does not, naming it ("vote log entry 12 ...").
    static std::optional<std::string> first_broken_entry(Database& db);

    // The JSON the hash covers: every column but the hash, in a fixed order, the detail as
    // stored. Anyone can recompute a hash from an export of the table:
    //   sha256(previous hash (hex; empty for the first entry) + "\n" + canonical(entry)).
    static std::string canonical(const VoteLogEntry& entry);
    static std::string entry_hash(std::string_view previous_hash, const VoteLogEntry& entry);
};

}  // namespace councilcast::portal
