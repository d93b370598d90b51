// A list of passwords too common to allow (OWASP ASVS 2.1.7), read once from a Debian package.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>

namespace councilcast::portal {

class CommonPasswords {
  public:
    // No list: nothing is refused for being common.
    CommonPasswords() = default;
    // One password a line; lines starting "#!comment" (john's header) are skipped. A missing
    // file gives an empty list (logged by the caller); an unreadable or oversized one throws
    // Error, because a configured list that silently does nothing is worse than none.
    explicit CommonPasswords(const std::filesystem::path& file);

    // Compared without regard to case, after the same NFKC the hasher applies.
    bool contains(std::string_view password) const;
    std::size_t size() const { return passwords_.size(); }

  private:
    std::unordered_set<std::string> passwords_;
};

}  // namespace councilcast::portal
