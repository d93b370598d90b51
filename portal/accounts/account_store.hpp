// Accounts, their sessions and their mailed one-time links, in SQLite.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/database.hpp"
#include "portal/accounts/roles.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

extern const std::string_view kAccountTables;

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

// Thread-safe: one connection behind a mutex. Every statement is short (a row or a few), so
// requests wait for each other only briefly; the store never runs a statement while hashing.
class AccountStore {
  public:
    // Opens its own connection to the database file; the schema must be current.
    explicit AccountStore(const std::filesystem::path& database_file);

    // Returns the new account's id, or nothing when the address is taken.
    std::optional<std::int64_t> create_user(const User& user, std::int64_t now_ms);
    std::optional<User> find_user(std::int64_t id);
    std::optional<User> find_user_by_email(std::string_view email);
    std::vector<User> list_users();

    void set_password_hash(std::int64_t user_id, std::string_view hash);
    void set_verified(std::int64_t user_id);
    void set_language(std::int64_t user_id, Language language);
    // False when another account has the address.
    bool set_email(std::int64_t user_id, std::string_view email);
    // Both raise authz_version; disabling also ends every session of the account.
    void set_roles(std::int64_t user_id, Roles roles, std::string_view council_member);
    void set_disabled(std::int64_t user_id, bool disabled);

    // Sessions, by the digest of their token (secret_token.hpp).
    void create_session(std::string_view digest, const Session& session);
    std::optional<Session> find_session(std::string_view digest);
    void touch_session(std::string_view digest, std::int64_t now_ms);
    void delete_session(std::string_view digest);
    void delete_sessions_of(std::int64_t user_id);
    // Idle or too old: removed so the table does not grow. Returns how many.
    int delete_stale_sessions(std::int64_t idle_before_ms, std::int64_t created_before_ms);

    // Links mailed to the account's owner, by the digest of their token. take_link succeeds
    // once, before `expires`, for the purpose the link was made for.
    void create_link(std::string_view digest, LinkPurpose purpose, std::int64_t user_id,
                     std::string_view data, std::int64_t expires_unix_ms);
    std::optional<OneTimeLink> take_link(std::string_view digest, LinkPurpose purpose,
                                         std::int64_t now_ms);

  private:
    std::mutex mutex_;
    Database db_;
};

}  // namespace councilcast::portal
