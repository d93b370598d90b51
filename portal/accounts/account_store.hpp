// Accounts, their sessions and their mailed one-time links, in SQLite.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "portal/accounts/roles.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

extern const std::string_view kAccountTables;
extern const std::string_view kOneTimeLinkIndexes;

struct User {
    std::int64_t id = 0;
    std::string email;          // normalised (email_address.hpp)
    std::string password_hash;  // argon2id encoded; empty until a password is set
    Language language = Language::kLt;
    Roles roles;
    std::string council_member;  // the roster entry this account speaks for; empty for none
    bool verified = false;       // the owner has followed a link mailed to `email`
    bool disabled = false;
    std::int64_t created_unix_ms = 0;
    // Rises with every change of roles or status; a session made under an older value is
    // renewed (or ended) on its next request.
    std::int64_t authz_version = 0;
};

struct Session {
    std::int64_t user_id = 0;
    std::int64_t created_unix_ms = 0;
    std::int64_t last_seen_unix_ms = 0;
    std::int64_t authz_version = 0;
};

enum class LinkPurpose {
    kVerifyEmail,    // confirms the address of a new account
    kResetPassword,  // sets a new password (also the administrator's set-password link)
    kChangeEmail,    // confirms a new address; `data` holds it
};

struct OneTimeLink {
    std::int64_t user_id = 0;
    std::string data;
};

// Thread-safe. Reads go through the store's own read-only connection behind a mutex (every
// statement is short: a row or a few). Writes are jobs of the one DatabaseWriter: a coroutine
// co_awaits them (a command-line caller uses block_on), and a write that an audit entry records
// takes the entry and appends it in the same transaction. The few writes nobody needs to wait
// for (a session's last-seen time, an ended session) are posted and only logged if they fail.
class AccountStore {
  public:
    template <typename T>
    using Write = boost::asio::awaitable<T>;

    // Reads through its own connection to the database file (schema current); writes through
    // `writer` (not owned; it outlives the store).
    AccountStore(const std::filesystem::path& database_file, DatabaseWriter& writer);

    // Resolves to the new account's id, or nothing when the address is taken. `audit` is
    // appended with the new account, in its transaction.
    Write<std::optional<std::int64_t>> create_user(const User& user, std::int64_t now_ms,
                                                   std::optional<AuditEntry> audit = {});
    std::optional<User> find_user(std::int64_t id);
    std::optional<User> find_user_by_email(std::string_view email);
    std::vector<User> list_users();

    // The same password in a newer encoding (a rehash at sign-in): nothing else changes.
    Write<void> set_password_hash(std::int64_t user_id, std::string_view hash);
    // A new password (a change or a reset): every link still outstanding for the account is
    // revoked in the same transaction, so a link mailed before cannot undo the change.
    Write<void> replace_password(std::int64_t user_id, std::string_view hash,
                                 std::optional<AuditEntry> audit = {});
    Write<void> set_verified(std::int64_t user_id);
    Write<void> set_language(std::int64_t user_id, Language language);
    // False when another account has the address. A change revokes every link still
    // outstanding for the account, in the same transaction: they were mailed to the old address.
    Write<bool> set_email(std::int64_t user_id, std::string_view email);
    // Both raise authz_version; disabling also ends every session of the account.
    Write<void> set_roles(std::int64_t user_id, Roles roles, std::string_view council_member,
                          std::optional<AuditEntry> audit = {});
    Write<void> set_disabled(std::int64_t user_id, bool disabled,
                             std::optional<AuditEntry> audit = {});

    // Sessions, by the digest of their token (secret_token.hpp).
    Write<void> create_session(std::string_view digest, const Session& session);
    std::optional<Session> find_session(std::string_view digest);
    // Posted: the caller goes on at once.
    void touch_session(std::string_view digest, std::int64_t now_ms);
    void delete_session(std::string_view digest);
    // One posted job: the old session goes and the new one comes in the same transaction.
    void replace_session(std::string_view old_digest, std::string_view new_digest,
                         const Session& session);
    Write<void> delete_sessions_of(std::int64_t user_id);
    // Idle or too old: removed so the table does not grow. Resolves to how many.
    Write<int> delete_stale_sessions(std::int64_t idle_before_ms, std::int64_t created_before_ms);

    // Links mailed to the account's owner, by the digest of their token. take_link succeeds
    // once, before `expires`, for the purpose the link was made for.
    Write<void> create_link(std::string_view digest, LinkPurpose purpose, std::int64_t user_id,
                            std::string_view data, std::int64_t expires_unix_ms);
    Write<std::optional<OneTimeLink>> take_link(std::string_view digest, LinkPurpose purpose,
                                                std::int64_t now_ms);
    // create_link's insert, for a job that stores the link together with something else (the
    // mail that carries it).
    static void insert_link(Database& db, std::string_view digest, LinkPurpose purpose,
                            std::int64_t user_id, std::string_view data,
                            std::int64_t expires_unix_ms);
    // Links past their expiry, used or not: nothing can follow them any more. Resolves to how
    // many went.
    Write<int> delete_expired_links(std::int64_t now_ms);
    // Whether take_link would take the link now; it stays unused. A read: answering a made-up
    // token costs no write.
    bool has_live_link(std::string_view digest, LinkPurpose purpose, std::int64_t now_ms);

  private:
    DatabaseWriter& writer_;
    std::mutex mutex_;
    Database reader_;
};

}  // namespace councilcast::portal
