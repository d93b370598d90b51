#include "portal/accounts/common_passwords.hpp"

#include <glib.h>

#include <fstream>

#include "common/error.hpp"
#include "common/gst_ptr.hpp"

namespace councilcast::portal {
namespace {

constexpr std::uintmax_t kMaxFileBytes = 256 * 1024 * 1024;

// Case-folded NFKC: "Password" and "PASSWORD" are as common as "password".
std::string folded(std::string_view text) {
    if (!g_utf8_validate_len(text.data(), text.size(), nullptr)) return {};
    GCharPtr normal(
        g_utf8_normalize(text.data(), static_cast<gssize>(text.size()), G_NORMALIZE_NFKC));
    GCharPtr fold(g_utf8_casefold(normal.get(), -1));
    return fold.get();
}

}  // namespace

CommonPasswords::CommonPasswords(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec || size > kMaxFileBytes) {
        throw Error(file.string() +
                    ": cannot use it as the common password list (unreadable or "
                    "larger than 256 MiB); fix accounts.common_passwords");
    }
    std::ifstream in(file);
    if (!in) throw Error(file.string() + ": cannot read the common password list");
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line.starts_with("#!comment")) continue;
        std::string password = folded(line);
        if (!password.empty()) passwords_.insert(std::move(password));
    }
}

bool CommonPasswords::contains(std::string_view password) const {
    return !passwords_.empty() && passwords_.contains(folded(password));
}

}  // namespace councilcast::portal
