#include "portal/accounts/account_store.hpp"

#include "common/enum_names.hpp"
#include "common/error.hpp"

namespace councilcast::portal {

const std::string_view kAccountTables = R"sql(
CREATE TABLE user (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL CHECK (language IN ('lt', 'en')),
    roles INTEGER NOT NULL DEFAULT 0,
    council_member TEXT NOT NULL DEFAULT '',
    verified INTEGER NOT NULL DEFAULT 0,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_unix_ms INTEGER NOT NULL,
    authz_version INTEGER NOT NULL DEFAULT 0
);

-- Keyed by the digest of the cookie's token, never the token itself.
CREATE TABLE session (
    token_digest TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
    created_unix_ms INTEGER NOT NULL,
    last_seen_unix_ms INTEGER NOT NULL,
    authz_version INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX session_by_user ON session (user_id);

CREATE TABLE one_time_link (
    token_digest TEXT PRIMARY KEY,
    purpose TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES user (id) ON DELETE CASCADE,
    data TEXT NOT NULL DEFAULT '',
    expires_unix_ms INTEGER NOT NULL,
    used_unix_ms INTEGER
) WITHOUT ROWID;
)sql";

// Revoking an account's links and removing expired ones, without reading the whole table.
const std::string_view kOneTimeLinkIndexes = R"sql(
CREATE INDEX one_time_link_by_user ON one_time_link (user_id);
CREATE INDEX one_time_link_by_expiry ON one_time_link (expires_unix_ms);
)sql";

namespace {

constexpr std::string_view kUserColumns =
    "id, email, password_hash, language, roles, council_member, verified, disabled, "
    "created_unix_ms, authz_version";

User read_user(const Statement& row) {
    User user;
    user.id = row.column_int(0);
    user.email = row.column_text(1);
    user.password_hash = row.column_text(2);
    user.language = stored_language(row.column_text(3));
    user.roles = Roles(static_cast<std::uint32_t>(row.column_int(4)));
    user.council_member = row.column_text(5);
    user.verified = row.column_int(6) != 0;
    user.disabled = row.column_int(7) != 0;
    user.created_unix_ms = row.column_int(8);
    user.authz_version = row.column_int(9);
    return user;
}

// As stored in one_time_link.purpose.
constexpr auto kPurposeNames = std::to_array<EnumName<LinkPurpose>>({
    {LinkPurpose::kVerifyEmail, "verify_email"},
    {LinkPurpose::kResetPassword, "reset_password"},
    {LinkPurpose::kChangeEmail, "change_email"},
});

std::string_view purpose_name(LinkPurpose purpose) {
    return name_of(kPurposeNames, purpose);
}

std::optional<User> first_user(Statement& select) {
    std::optional<User> user;
    if (select.step()) user = read_user(select);
    return user;
}

void write_password_hash(Database& db, std::int64_t user_id, std::string_view hash) {
    db.cached("UPDATE user SET password_hash = ? WHERE id = ?")
        .bind(1, hash)
        .bind(2, user_id)
        .run();
}

void revoke_links(Database& db, std::int64_t user_id) {
    db.cached("DELETE FROM one_time_link WHERE user_id = ? AND used_unix_ms IS NULL")
        .bind(1, user_id)
        .run();
}

std::string select_users(std::string_view where) {
    return "SELECT " + std::string(kUserColumns) + " FROM user " + std::string(where);
}

}  // namespace

AccountStore::AccountStore(const std::filesystem::path& database_file, DatabaseWriter& writer)
    : writer_(writer), reader_(database_file, Durability::kNormal, OpenMode::kReadOnly) {}

AccountStore::Write<std::optional<std::int64_t>> AccountStore::create_user(
    const User& user, std::int64_t now_ms, std::optional<AuditEntry> audit) {
    return writer_.run(
        [user, now_ms, audit = std::move(audit)](Database& db) -> std::optional<std::int64_t> {
            db.cached(
                  "INSERT INTO user (email, password_hash, language, roles, council_member, "
                  "verified, disabled, created_unix_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                  "ON CONFLICT (email) DO NOTHING")
                .bind(1, std::string_view(user.email))
                .bind(2, std::string_view(user.password_hash))
                .bind(3, language_code(user.language))
                .bind(4, static_cast<std::int64_t>(user.roles.bits()))
                .bind(5, std::string_view(user.council_member))
                .bind(6, user.verified ? 1 : 0)
                .bind(7, user.disabled ? 1 : 0)
                .bind(8, now_ms)
                .run();
            if (db.changes() == 0) return std::nullopt;
            const std::int64_t id = db.last_insert_rowid();
            if (audit) AuditLog::append(db, *audit);
            return id;
        },
        Durability::kFull);
}

std::optional<User> AccountStore::find_user(std::int64_t id) {
    std::lock_guard lock(mutex_);
    Statement select = reader_.cached(select_users("WHERE id = ?"));
    select.bind(1, id);
    return first_user(select);
}

std::optional<User> AccountStore::find_user_by_email(std::string_view email) {
    std::lock_guard lock(mutex_);
    Statement select = reader_.cached(select_users("WHERE email = ?"));
    select.bind(1, email);
    return first_user(select);
}

std::vector<User> AccountStore::list_users() {
    std::lock_guard lock(mutex_);
    Statement select = reader_.cached(select_users("ORDER BY roles = 0, email"));
    std::vector<User> users;
    while (select.step()) users.push_back(read_user(select));
    return users;
}

AccountStore::Write<void> AccountStore::set_password_hash(std::int64_t user_id,
                                                          std::string_view hash) {
    return writer_.run([user_id, hash = std::string(hash)](
                           Database& db) { write_password_hash(db, user_id, hash); },
                       Durability::kFull);
}

AccountStore::Write<void> AccountStore::replace_password(std::int64_t user_id,
                                                         std::string_view hash,
                                                         std::optional<AuditEntry> audit) {
    return writer_.run(
        [user_id, hash = std::string(hash), audit = std::move(audit)](Database& db) {
            write_password_hash(db, user_id, hash);
            revoke_links(db, user_id);
            if (audit) AuditLog::append(db, *audit);
        },
        Durability::kFull);
}

AccountStore::Write<void> AccountStore::set_verified(std::int64_t user_id) {
    return writer_.run(
        [user_id](Database& db) {
            db.cached("UPDATE user SET verified = 1 WHERE id = ?").bind(1, user_id).run();
        },
        Durability::kFull);
}

AccountStore::Write<void> AccountStore::set_language(std::int64_t user_id, Language language) {
    return writer_.run([user_id, language](Database& db) {
        db.cached("UPDATE user SET language = ? WHERE id = ?")
            .bind(1, language_code(language))
            .bind(2, user_id)
            .run();
    });
}

AccountStore::Write<bool> AccountStore::set_email(std::int64_t user_id, std::string_view email) {
    return writer_.run(
        [user_id, email = std::string(email)](Database& db) {
            db.cached(
                  "UPDATE user SET email = ?1, verified = 1 WHERE id = ?2 AND NOT EXISTS "
                  "(SELECT 1 FROM user WHERE email = ?1 AND id != ?2)")
                .bind(1, std::string_view(email))
                .bind(2, user_id)
                .run();
            const bool changed = db.changes() > 0;
            if (changed) revoke_links(db, user_id);
            return changed;
        },
        Durability::kFull);
}

AccountStore::Write<void> AccountStore::set_roles(std::int64_t user_id, Roles roles,
                                                  std::string_view council_member,
                                                  std::optional<AuditEntry> audit) {
    return writer_.run(
        [user_id, roles, council_member = std::string(council_member),
         audit = std::move(audit)](Database& db) {
            db.cached(
                  "UPDATE user SET roles = ?, council_member = ?, "
                  "authz_version = authz_version + 1 WHERE id = ?")
                .bind(1, static_cast<std::int64_t>(roles.bits()))
                .bind(2, std::string_view(council_member))
                .bind(3, user_id)
                .run();
            if (audit) AuditLog::append(db, *audit);
        },
        Durability::kFull);
}

AccountStore::Write<void> AccountStore::set_disabled(std::int64_t user_id, bool disabled,
                                                     std::optional<AuditEntry> audit) {
    return writer_.run(
        [user_id, disabled, audit = std::move(audit)](Database& db) {
            db.cached(
                  "UPDATE user SET disabled = ?, authz_version = authz_version + 1 "
                  "WHERE id = ?")
                .bind(1, disabled ? 1 : 0)
                .bind(2, user_id)
                .run();
            if (disabled) db.cached("DELETE FROM session WHERE user_id = ?").bind(1, user_id).run();
            if (audit) AuditLog::append(db, *audit);
        },
        Durability::kFull);
}

namespace {

void insert_session(Database& db, std::string_view digest, const Session& session) {
    db.cached(
          "INSERT INTO session (token_digest, user_id, created_unix_ms, last_seen_unix_ms, "
          "authz_version) VALUES (?, ?, ?, ?, ?)")
        .bind(1, digest)
        .bind(2, session.user_id)
        .bind(3, session.created_unix_ms)
        .bind(4, session.last_seen_unix_ms)
        .bind(5, session.authz_version)
        .run();
}

}  // namespace

AccountStore::Write<void> AccountStore::create_session(std::string_view digest,
                                                       const Session& session) {
    return writer_.run([digest = std::string(digest), session](Database& db) {
        insert_session(db, digest, session);
    });
}

std::optional<Session> AccountStore::find_session(std::string_view digest) {
    std::lock_guard lock(mutex_);
    Statement select = reader_.cached(
        "SELECT user_id, created_unix_ms, last_seen_unix_ms, authz_version FROM session "
        "WHERE token_digest = ?");
    select.bind(1, digest);
    std::optional<Session> session;
    if (select.step()) {
        session = Session{select.column_int(0), select.column_int(1), select.column_int(2),
                          select.column_int(3)};
    }
    return session;
}

void AccountStore::touch_session(std::string_view digest, std::int64_t now_ms) {
    writer_.post(
        [digest = std::string(digest), now_ms](Database& db) {
            db.cached("UPDATE session SET last_seen_unix_ms = ? WHERE token_digest = ?")
                .bind(1, now_ms)
                .bind(2, std::string_view(digest))
                .run();
        },
        "[session] last seen");
}

void AccountStore::delete_session(std::string_view digest) {
    writer_.post(
        [digest = std::string(digest)](Database& db) {
            db.cached("DELETE FROM session WHERE token_digest = ?")
                .bind(1, std::string_view(digest))
                .run();
        },
        "[session] end");
}

void AccountStore::replace_session(std::string_view old_digest, std::string_view new_digest,
                                   const Session& session) {
    writer_.post(
        [old_digest = std::string(old_digest), new_digest = std::string(new_digest),
         session](Database& db) {
            db.cached("DELETE FROM session WHERE token_digest = ?")
                .bind(1, std::string_view(old_digest))
                .run();
            insert_session(db, new_digest, session);
        },
        "[session] renewal");
}

AccountStore::Write<void> AccountStore::delete_sessions_of(std::int64_t user_id) {
    return writer_.run([user_id](Database& db) {
        db.cached("DELETE FROM session WHERE user_id = ?").bind(1, user_id).run();
    });
}

AccountStore::Write<int> AccountStore::delete_stale_sessions(std::int64_t idle_before_ms,
                                                             std::int64_t created_before_ms) {
    return writer_.run([idle_before_ms, created_before_ms](Database& db) {
        db.cached("DELETE FROM session WHERE last_seen_unix_ms < ? OR created_unix_ms < ?")
            .bind(1, idle_before_ms)
            .bind(2, created_before_ms)
            .run();
        return db.changes();
    });
}

AccountStore::Write<void> AccountStore::create_link(std::string_view digest, LinkPurpose purpose,
                                                    std::int64_t user_id, std::string_view data,
                                                    std::int64_t expires_unix_ms) {
    return writer_.run(
        [digest = std::string(digest), purpose, user_id, data = std::string(data), expires_unix_ms](
            Database& db) { insert_link(db, digest, purpose, user_id, data, expires_unix_ms); },
        Durability::kFull);
}

void AccountStore::insert_link(Database& db, std::string_view digest, LinkPurpose purpose,
                               std::int64_t user_id, std::string_view data,
                               std::int64_t expires_unix_ms) {
    db.cached(
          "INSERT INTO one_time_link (token_digest, purpose, user_id, data, expires_unix_ms) "
          "VALUES (?, ?, ?, ?, ?)")
        .bind(1, digest)
        .bind(2, purpose_name(purpose))
        .bind(3, user_id)
        .bind(4, data)
        .bind(5, expires_unix_ms)
        .run();
}

AccountStore::Write<int> AccountStore::delete_expired_links(std::int64_t now_ms) {
    return writer_.run([now_ms](Database& db) {
        db.cached("DELETE FROM one_time_link WHERE expires_unix_ms <= ?").bind(1, now_ms).run();
        return db.changes();
    });
}

AccountStore::Write<std::optional<OneTimeLink>> AccountStore::take_link(std::string_view digest,
                                                                        LinkPurpose purpose,
                                                                        std::int64_t now_ms) {
    return writer_.run(
        [digest = std::string(digest), purpose, now_ms](Database& db) {
            // One statement marks it used and returns it, so two clicks cannot both succeed.
            Statement take = db.cached(
                "UPDATE one_time_link SET used_unix_ms = ?1 WHERE token_digest = ?2 AND "
                "purpose = ?3 AND used_unix_ms IS NULL AND expires_unix_ms > ?1 "
                "RETURNING user_id, data");
            take.bind(1, now_ms).bind(2, std::string_view(digest)).bind(3, purpose_name(purpose));
            std::optional<OneTimeLink> link;
            if (take.step()) link = OneTimeLink{take.column_int(0), take.column_text(1)};
            return link;
        },
        Durability::kFull);
}

bool AccountStore::has_live_link(std::string_view digest, LinkPurpose purpose,
                                 std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    Statement select = reader_.cached(
        "SELECT 1 FROM one_time_link WHERE token_digest = ?1 AND purpose = ?2 AND "
        "used_unix_ms IS NULL AND expires_unix_ms > ?3");
    select.bind(1, digest).bind(2, purpose_name(purpose)).bind(3, now_ms);
    return select.step();
}

}  // namespace councilcast::portal
