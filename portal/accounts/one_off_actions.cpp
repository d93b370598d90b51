#include "portal/accounts/one_off_actions.hpp"

#include "common/error.hpp"
#include "common/secret_token.hpp"

namespace councilcast::portal {

const std::string_view kOneOffActionTables = R"sql(
CREATE TABLE one_off_action (
    token_digest TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('lt', 'en')),
    created_unix_ms INTEGER NOT NULL,
    expires_unix_ms INTEGER NOT NULL,
    confirmed_unix_ms INTEGER
) WITHOUT ROWID;
)sql";

OneOffActions::OneOffActions(DatabaseWriter& writer) : writer_(writer) {}

void OneOffActions::define(std::string kind, Perform perform) {
    std::lock_guard lock(mutex_);
    kinds_[std::move(kind)] = std::move(perform);
}

boost::asio::awaitable<std::string> OneOffActions::request(const OneOffAction& action,
                                                           std::int64_t now_ms,
                                                           std::chrono::hours lifetime) {
    {
        std::lock_guard lock(mutex_);
        if (!kinds_.contains(action.kind)) {
            throw Error("no one-off action \"" + action.kind + "\"");
        }
    }
    std::string token = new_secret_token();
    const std::int64_t expires =
        now_ms + std::chrono::duration_cast<std::chrono::milliseconds>(lifetime).count();
    return writer_.run(
        [action, token = std::move(token), now_ms, expires](Database& db) {
            db.cached(
                  "INSERT INTO one_off_action (token_digest, email, kind, payload, language, "
                  "created_unix_ms, expires_unix_ms) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .bind(1, std::string_view(digest_hex(token)))
                .bind(2, std::string_view(action.email))
                .bind(3, std::string_view(action.kind))
                .bind(4, std::string_view(action.payload))
                .bind(5, language_code(action.language))
                .bind(6, now_ms)
                .bind(7, expires)
                .run();
            return token;
        },
        Durability::kFull);
}

boost::asio::awaitable<std::optional<std::string>> OneOffActions::confirm(std::string_view token,
                                                                          std::int64_t now_ms) {
    using Outcome = std::optional<std::string>;
    if (!looks_like_token(token)) {
        return [](Outcome none) -> boost::asio::awaitable<Outcome> { co_return none; }({});
    }
    return writer_.run(
        [this, digest = digest_hex(token), now_ms](Database& db) -> Outcome {
            // Marked and read in one statement: two clicks cannot both perform it.
            Statement take = db.cached(
                "UPDATE one_off_action SET confirmed_unix_ms = ?1 WHERE token_digest = ?2 AND "
                "confirmed_unix_ms IS NULL AND expires_unix_ms > ?1 "
                "RETURNING email, kind, payload, language");
            take.bind(1, now_ms).bind(2, std::string_view(digest));
            if (!take.step()) return std::nullopt;
            const OneOffAction action{take.column_text(0), take.column_text(1), take.column_text(2),
                                      stored_language(take.column_text(3))};
            take.reset();
            Perform perform;
            {
                std::lock_guard lock(mutex_);
                auto kind = kinds_.find(action.kind);
                if (kind == kinds_.end()) return std::nullopt;
                perform = kind->second;
            }
            return perform(db, action);
        },
        Durability::kFull);
}

}  // namespace councilcast::portal
