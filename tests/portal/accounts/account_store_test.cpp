// Accounts, sessions, one-time links and the audit log on a real SQLite file.
#include "portal/accounts/account_store.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <string>
#include <thread>
#include <vector>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "common/error.hpp"
#include "common/secret_token.hpp"
#include "portal/accounts/one_off_actions.hpp"
#include "portal/accounts/session_manager.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/schema.hpp"
#include "tests/support/demo_process.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t kNow = 1795867200000;  // 2026-11-28T12:00:00Z
constexpr std::int64_t kMinute = 60'000;

std::filesystem::path fresh_database(const std::string& name) {
    auto path = testing::fresh_database_path(name);
    Database db(path);
    migrate_database(db);
    return path;
}

User resident(std::string email) {
    User user;
    user.email = std::move(email);
    user.password_hash = "$argon2id$placeholder";
    user.verified = true;
    return user;
}

// What resume() changes (last seen, a renewal, an end) is posted to the writer: waited for here,
// so the next look sees it.
std::optional<ActiveSession> settled_resume(SessionManager& sessions, DatabaseWriter& writer,
                                            const std::string& token, std::int64_t now) {
    auto session = sessions.resume(token, now);
    writer.flush();
    return session;
}

}  // namespace

TEST_CASE("an address has one account, and accounts keep what they were given") {
    const auto path = fresh_database("accounts-basic.sqlite");
    DatabaseWriter writer(path);
    AccountStore store(path, writer);
    auto id = block_on(store.create_user(resident("ona@example.lt"), kNow));
    REQUIRE(id);
    CHECK_FALSE(block_on(store.create_user(resident("ona@example.lt"), kNow)));
    auto found = store.find_user_by_email("ona@example.lt");
    REQUIRE(found);
    CHECK(found->id == *id);
    CHECK(found->language == Language::kLt);
    CHECK(found->roles.empty());
    block_on(store.set_roles(*id, Roles(Role::kEditor) | Role::kModerator, "Ona Onaitė"));
    block_on(store.set_language(*id, Language::kEn));
    found = store.find_user(*id);
    CHECK(found->roles.has(Role::kEditor));
    CHECK(found->roles.has(Role::kModerator));
    CHECK_FALSE(found->roles.has(Role::kAdmin));
    CHECK(found->council_member == "Ona Onaitė");
    CHECK(found->language == Language::kEn);
    CHECK(found->authz_version == 1);
    // An address another account has cannot be taken over.
    auto other = block_on(store.create_user(resident("jonas@example.lt"), kNow));
    CHECK_FALSE(block_on(store.set_email(*other, "ona@example.lt")));
    CHECK(block_on(store.set_email(*other, "jonas@kitas.lt")));
    CHECK(store.list_users().size() == 2);
}

TEST_CASE("a one-time link works once, for its purpose, before it expires") {
    const auto path = fresh_database("accounts-links.sqlite");
    DatabaseWriter writer(path);
    AccountStore store(path, writer);
    auto id = block_on(store.create_user(resident("ona@example.lt"), kNow));
    const std::string token = new_secret_token();
    block_on(store.create_link(digest_hex(token), LinkPurpose::kResetPassword, *id, "",
                               kNow + 60 * kMinute));
    CHECK_FALSE(block_on(store.take_link(digest_hex(token), LinkPurpose::kVerifyEmail, kNow)));
    CHECK_FALSE(block_on(
        store.take_link(digest_hex(token), LinkPurpose::kResetPassword, kNow + 61 * kMinute)));
    auto taken = block_on(store.take_link(digest_hex(token), LinkPurpose::kResetPassword, kNow));
    REQUIRE(taken);
    CHECK(taken->user_id == *id);
    CHECK_FALSE(block_on(store.take_link(digest_hex(token), LinkPurpose::kResetPassword, kNow)));
}

TEST_CASE("sessions expire when idle and when old, and end with the account") {
    const auto path = fresh_database("accounts-sessions.sqlite");
    DatabaseWriter writer(path);
    AccountStore store(path, writer);
    SessionManager sessions(store, 30min, 12h);
    auto resume = [&](const std::string& token, std::int64_t now) {
        return settled_resume(sessions, writer, token, now);
    };
    auto id = block_on(store.create_user(resident("ona@example.lt"), kNow));
    User user = *store.find_user(*id);

    SUBCASE("idle") {
        const std::string token = block_on(sessions.start(user, kNow));
        CHECK(resume(token, kNow + 29 * kMinute));
        // Each request counts as activity: 29 more minutes are fine again.
        CHECK(resume(token, kNow + 58 * kMinute));
        CHECK_FALSE(resume(token, kNow + 90 * kMinute));
        // Once expired it stays expired.
        CHECK_FALSE(resume(token, kNow + 59 * kMinute));
    }
    SUBCASE("absolute") {
        const std::string token = block_on(sessions.start(user, kNow));
        std::int64_t now = kNow;
        for (int i = 0; i < 12 * 3; ++i) {
            now += 20 * kMinute;
            if (!resume(token, now)) break;
        }
        CHECK(now - kNow == 12 * 60 * kMinute);
    }
    SUBCASE("disabled account") {
        const std::string token = block_on(sessions.start(user, kNow));
        block_on(store.set_disabled(user.id, true));
        CHECK_FALSE(resume(token, kNow + kMinute));
    }
    SUBCASE("log out everywhere") {
        const std::string phone = block_on(sessions.start(user, kNow));
        const std::string laptop = block_on(sessions.start(user, kNow));
        sessions.end(phone);
        writer.flush();
        CHECK_FALSE(resume(phone, kNow));
        CHECK(resume(laptop, kNow));
        block_on(sessions.end_all(user.id));
        CHECK_FALSE(resume(laptop, kNow));
    }
    SUBCASE("a token that is not ours never reaches the database") {
        CHECK_FALSE(resume("", kNow));
        CHECK_FALSE(resume("' OR 1=1 --", kNow));
        CHECK_FALSE(resume(new_secret_token(), kNow));
    }
}

TEST_CASE("a change of roles renews the session under a new token") {
    const auto path = fresh_database("accounts-renew.sqlite");
    DatabaseWriter writer(path);
    AccountStore store(path, writer);
    SessionManager sessions(store, 30min, 12h);
    auto resume = [&](const std::string& token, std::int64_t now) {
        return settled_resume(sessions, writer, token, now);
    };
    auto id = block_on(store.create_user(resident("ona@example.lt"), kNow));
    const std::string token = block_on(sessions.start(*store.find_user(*id), kNow));
    auto same = resume(token, kNow + kMinute);
    REQUIRE(same);
    CHECK_FALSE(same->renewed);
    block_on(store.set_roles(*id, Role::kEditor, ""));
    auto renewed = resume(token, kNow + 2 * kMinute);
    REQUIRE(renewed);
    CHECK(renewed->renewed);
    CHECK(renewed->token != token);
    CHECK(renewed->user.roles.has(Role::kEditor));
    // The old token is gone; the new one carries on with the original sign-in time.
    CHECK_FALSE(resume(token, kNow + 3 * kMinute));
    auto next = resume(renewed->token, kNow + 3 * kMinute);
    REQUIRE(next);
    CHECK(next->created_unix_ms == kNow);
}

TEST_CASE("expired sessions are swept from the database") {
    const auto path = fresh_database("accounts-sweep.sqlite");
    DatabaseWriter writer(path);
    AccountStore store(path, writer);
    SessionManager sessions(store, 30min, 12h);
    auto resume = [&](const std::string& token, std::int64_t now) {
        return settled_resume(sessions, writer, token, now);
    };
    auto id = block_on(store.create_user(resident("ona@example.lt"), kNow));
    block_on(sessions.start(*store.find_user(*id), kNow));
    block_on(sessions.start(*store.find_user(*id), kNow + 40 * kMinute));
    CHECK(block_on(sessions.remove_expired(kNow + 45 * kMinute)) == 1);
}

TEST_CASE("the audit log is append-only and its chain shows tampering") {
    const auto path = fresh_database("audit.sqlite");
    DatabaseWriter writer(path);
    AuditLog audit(path, writer);
    for (int i = 0; i < 3; ++i) {
        block_on(audit.record({0, kNow + i, 7, "admin@example.lt", "user.roles", "ona@example.lt",
                               "roles: - -> editor", "192.0.2.1", ""}));
    }
    auto entries = audit.entries(10);
    REQUIRE(entries.size() == 3);
    CHECK(entries.front().id == 3);  // newest first
    CHECK(audit.entries(10, 3).size() == 2);
    CHECK_FALSE(audit.first_broken_entry());

    Database db(path);
    CHECK_THROWS_AS(db.exec("UPDATE audit_log SET detail = 'nothing' WHERE id = 2"), Error);
    CHECK_THROWS_AS(db.exec("DELETE FROM audit_log WHERE id = 2"), Error);
    // Someone with the file and sqlite3 drops the triggers and edits a row: the chain says where.
    db.exec("DROP TRIGGER audit_log_no_update");
    db.exec("UPDATE audit_log SET actor = 'someone@else.lt' WHERE id = 2");
    CHECK(audit.first_broken_entry() == 2);
}

TEST_CASE("a resident's one-off request counts once, when its mailed link is confirmed") {
    DatabaseWriter writer(fresh_database("one-off.sqlite"));
    OneOffActions actions(writer);
    std::vector<std::string> signatures;
    bool fail_next = false;
    actions.define("petition.sign", [&](Database&, const OneOffAction& action) {
        if (fail_next) {
            fail_next = false;
            throw Error("the petition store is busy");
        }
        signatures.push_back(action.email + " " + action.payload);
        return std::string("Parašas įskaitytas.");
    });
    const OneOffAction sign{"ona@example.lt", "petition.sign", R"({"petition":7})", Language::kLt};
    CHECK_THROWS_AS(
        block_on(actions.request({"ona@example.lt", "no.such", "", Language::kLt}, kNow, 48h)),
        Error);

    const std::string token = block_on(actions.request(sign, kNow, 48h));
    // Nothing counts before the link is followed.
    CHECK(signatures.empty());
    fail_next = true;
    CHECK_THROWS_AS(block_on(actions.confirm(token, kNow + kMinute)), Error);
    CHECK(signatures.empty());
    // The failure left the link usable; now it works, once.
    CHECK(block_on(actions.confirm(token, kNow + 2 * kMinute)) == "Parašas įskaitytas.");
    CHECK_FALSE(block_on(actions.confirm(token, kNow + 3 * kMinute)));
    CHECK(signatures == std::vector<std::string>{R"(ona@example.lt {"petition":7})"});

    const std::string late = block_on(actions.request(sign, kNow, 48h));
    CHECK_FALSE(block_on(actions.confirm(late, kNow + 49 * 60 * kMinute)));
    CHECK_FALSE(block_on(actions.confirm("not a token", kNow)));
    CHECK(signatures.size() == 1);
}

TEST_CASE("a change and its audit entry are one transaction, and the chain holds under load") {
    const auto path = fresh_database("accounts-audited.sqlite");
    DatabaseWriter writer(path);
    AccountStore store(path, writer);
    AuditLog audit(path, writer);
    const auto id = block_on(store.create_user(resident("ona@example.lt"), kNow));
    REQUIRE(id);
    const AuditEntry entry{0,
                           kNow,
                           7,
                           "admin@example.lt",
                           "user.roles",
                           "ona@example.lt",
                           "roles: - -> editor",
                           "192.0.2.1",
                           ""};
    block_on(store.set_roles(*id, Role::kEditor, "", entry));
    CHECK(store.find_user(*id)->roles.has(Role::kEditor));
    REQUIRE(audit.entries(10).size() == 1);

    // A job that writes a change and its entry and then fails keeps neither.
    CHECK_THROWS_AS(writer.execute([&](Database& db) {
        db.cached("UPDATE user SET roles = 0 WHERE id = ?").bind(1, *id).run();
        AuditLog::append(db, entry);
        throw Error("failed after writing both");
    }),
                    Error);
    CHECK(store.find_user(*id)->roles.has(Role::kEditor));
    CHECK(audit.entries(10).size() == 1);

    // Many appends at once, from coroutines on two threads: one unbroken chain.
    boost::asio::io_context io;
    for (int i = 0; i < 100; ++i) {
        boost::asio::co_spawn(io, audit.record(entry), boost::asio::detached);
    }
    std::thread second([&io] { io.run(); });
    io.run();
    second.join();
    CHECK(audit.entries(200).size() == 101);
    CHECK_FALSE(audit.first_broken_entry());
}

TEST_CASE("links past their expiry are removed, used or not; live ones stay") {
    const auto path = fresh_database("accounts-links-expired.sqlite");
    DatabaseWriter writer(path);
    AccountStore store(path, writer);
    auto id = block_on(store.create_user(resident("ona@example.lt"), kNow));
    const std::string used = new_secret_token();
    const std::string unused = new_secret_token();
    const std::string live = new_secret_token();
    block_on(store.create_link(digest_hex(used), LinkPurpose::kResetPassword, *id, "",
                               kNow + 60 * kMinute));
    block_on(store.create_link(digest_hex(unused), LinkPurpose::kVerifyEmail, *id, "",
                               kNow + 60 * kMinute));
    block_on(store.create_link(digest_hex(live), LinkPurpose::kVerifyEmail, *id, "",
                               kNow + 48 * 60 * kMinute));
    REQUIRE(block_on(store.take_link(digest_hex(used), LinkPurpose::kResetPassword, kNow)));
    CHECK(block_on(store.delete_expired_links(kNow)) == 0);
    CHECK(block_on(store.delete_expired_links(kNow + 61 * kMinute)) == 2);
    CHECK(block_on(
        store.take_link(digest_hex(live), LinkPurpose::kVerifyEmail, kNow + 61 * kMinute)));
}

TEST_CASE("a new password or address revokes the account's outstanding links, and only its own") {
    const auto path = fresh_database("accounts-links-revoked.sqlite");
    DatabaseWriter writer(path);
    AccountStore store(path, writer);
    auto ona = block_on(store.create_user(resident("ona@example.lt"), kNow));
    auto jonas = block_on(store.create_user(resident("jonas@example.lt"), kNow));
    auto link = [&](std::int64_t user_id, LinkPurpose purpose) {
        std::string token = new_secret_token();
        block_on(store.create_link(digest_hex(token), purpose, user_id, "ona.nauja@example.lt",
                                   kNow + 60 * kMinute));
        return token;
    };
    const auto reset = link(*ona, LinkPurpose::kResetPassword);
    const auto address = link(*ona, LinkPurpose::kChangeEmail);
    const auto others = link(*jonas, LinkPurpose::kResetPassword);
    block_on(store.replace_password(*ona, "$argon2id$new"));
    CHECK_FALSE(block_on(store.take_link(digest_hex(reset), LinkPurpose::kResetPassword, kNow)));
    CHECK_FALSE(block_on(store.take_link(digest_hex(address), LinkPurpose::kChangeEmail, kNow)));
    CHECK(block_on(store.take_link(digest_hex(others), LinkPurpose::kResetPassword, kNow)));
    // A rehash at sign-in is no new password: links survive it.
    const auto after = link(*ona, LinkPurpose::kResetPassword);
    block_on(store.set_password_hash(*ona, "$argon2id$rehashed"));
    CHECK(block_on(store.take_link(digest_hex(after), LinkPurpose::kResetPassword, kNow)));
    const auto pending = link(*ona, LinkPurpose::kResetPassword);
    const auto verify = link(*ona, LinkPurpose::kVerifyEmail);
    REQUIRE(block_on(store.set_email(*ona, "ona.nauja@example.lt")));
    CHECK_FALSE(block_on(store.take_link(digest_hex(pending), LinkPurpose::kResetPassword, kNow)));
    CHECK_FALSE(block_on(store.take_link(digest_hex(verify), LinkPurpose::kVerifyEmail, kNow)));
}
