// Things a resident may do without an account (sign a petition, send a report): the request
// waits until its owner follows a link mailed to the address given, and counts only then.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "common/database.hpp"
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
    // Throwing leaves the link usable again, so a failure can be retried.
    using Perform = std::function<std::string(const OneOffAction&)>;

    explicit OneOffActions(const std::filesystem::path& database_file);

    // At startup, before requests arrive.
    void define(std::string kind, Perform perform);

    // Stores the request; returns the token for the link to mail to `action.email`. Throws Error
    // for a kind nobody defined (a programmer error in the calling service).
    std::string request(const OneOffAction& action, std::int64_t now_ms,
                        std::chrono::hours lifetime);

    // Performs the action a link names, once, before it expires. Nothing for a link that is
    // unknown, used or expired.
    std::optional<std::string> confirm(std::string_view token, std::int64_t now_ms);

  private:
    std::mutex mutex_;
    Database db_;
    std::map<std::string, Perform, std::less<>> kinds_;
};

}  // namespace councilcast::portal
