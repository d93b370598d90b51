// Things a resident may do without an account (sign a petition, send a report): the request
// waits until its owner follows a link mailed to the address given, and counts only then.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

extern const std::string_view kOneOffActionTables;

struct OneOffAction {
    std::string email;    // normalised; proven by following the link
    std::string kind;     // what to do, e.g. "petition.sign"
    std::string payload;  // the service's own data (JSON), opaque here
    Language language = Language::kLt;
};

// Thread-safe. Services define their kinds at startup; the account pages serve the link
// (/confirm-action), which shows a button first, so a mail scanner opening the link performs
// nothing.
class OneOffActions {
  public:
    // Performs a confirmed action and returns what to tell the resident, in their language.
    // Runs on the writer's thread, in the transaction that marks the link used: the service
    // writes its rows through `db`, and throwing rolls back both, so the link stays usable and
    // a failure can be retried.
    using Perform = std::function<std::string(Database& db, const OneOffAction&)>;

    // Writes through `writer` (not owned; it outlives this).
    explicit OneOffActions(DatabaseWriter& writer);

    // At startup, before requests arrive.
    void define(std::string kind, Perform perform);

    // Stores the request; resolves to the token for the link to mail to `action.email`. Throws
    // Error for a kind nobody defined (a programmer error in the calling service).
    boost::asio::awaitable<std::string> request(const OneOffAction& action, std::int64_t now_ms,
                                                std::chrono::hours lifetime);

    // Performs the action a link names, once, before it expires. Nothing for a link that is
    // unknown, used or expired.
    boost::asio::awaitable<std::optional<std::string>> confirm(std::string_view token,
                                                               std::int64_t now_ms);

  private:
    DatabaseWriter& writer_;
    std::mutex mutex_;  // guards kinds_
    std::map<std::string, Perform, std::less<>> kinds_;
};

}  // namespace councilcast::portal
