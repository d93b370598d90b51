// The audit log: every staff action (who, what, when, from where), append-only and hash-chained.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "common/database.hpp"
#include "common/database_writer.hpp"

namespace councilcast::portal {

extern const std::string_view kAuditTables;

struct AuditEntry {
    std::int64_t id = 0;
    std::int64_t at_unix_ms = 0;
    std::int64_t actor_user_id = 0;  // 0: the command line on the server itself
    std::string actor;               // the actor's address at the time, or "councilcast user"
    std::string action;              // "user.roles", "user.disable", "session.login", ...
    std::string target;              // what was acted on, e.g. the account's address
    std::string detail;              // what changed, e.g. "roles: editor -> editor,moderator"
    std::string peer;                // the client address, or "cli"
    std::string hash;                // BLAKE2b over the previous entry's hash and this entry
};

// The audit entry for a change, made once the change knows the id of the row it touched; the
// store appends it in the change's own transaction (CouncilStore, AccountStore).
using AuditNote = std::function<AuditEntry(std::int64_t id)>;

// Nobody can edit the log through SQL either: triggers refuse UPDATE and DELETE. Each entry's
// hash covers the one before it, so removing or changing a row with another tool shows up in
// chain_intact(). Thread-safe: appends go through the one writer, whose transactions are one at
// a time (and BEGIN IMMEDIATE against other processes), so the chain stays one chain.
class AuditLog {
  public:
    // Reads through its own read-only connection; appends through `writer` (not owned).
    AuditLog(const std::filesystem::path& database_file, DatabaseWriter& writer);

    // Appends inside a writer job (or any open write transaction), with the change it records:
    // both are kept or neither. Fills in id, hash and (when zero) the time.
    static void append(Database& db, AuditEntry entry);
    // Appends on its own, synchronous=FULL.
    boost::asio::awaitable<void> record(AuditEntry entry);
    // Newest first; entries with an id below `before_id` (0: from the newest).
    std::vector<AuditEntry> entries(std::size_t limit, std::int64_t before_id = 0);
    // The id of the first entry whose hash does not follow, or nothing when every one does.
    std::optional<std::int64_t> first_broken_entry();
    // The same through any connection (`councilcast audit verify` has no writer).
    static std::optional<std::int64_t> first_broken_entry(Database& db);

  private:
    DatabaseWriter& writer_;
    std::mutex mutex_;
    Database reader_;
};

}  // namespace councilcast::portal
