#include "portal/http/csrf_guard.hpp"

#include <sodium.h>

#include <boost/url/parse.hpp>

#include <cstring>
#include <fstream>

#include "common/durable_file.hpp"

namespace councilcast::portal {
namespace {

using Mac = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;

Mac mac_of(const std::array<unsigned char, 32>& key, std::string_view binding) {
    Mac mac;
    crypto_auth_hmacsha256(mac.data(), reinterpret_cast<const unsigned char*>(binding.data()),
                           binding.size(), key.data());
    return mac;
}

}  // namespace

CsrfGuard::CsrfGuard(const std::filesystem::path& key_file) {
    static_assert(sizeof(key_) == crypto_auth_hmacsha256_KEYBYTES);
    std::ifstream in(key_file, std::ios::binary);
    if (in && in.read(reinterpret_cast<char*>(key_.data()), key_.size()) &&
        in.gcount() == static_cast<std::streamsize>(key_.size())) {
        return;
    }
    crypto_auth_hmacsha256_keygen(key_.data());
    // A crash never leaves a short key behind. Written once, at start, before any connection.
    write_file_durably(
        key_file, std::string_view(reinterpret_cast<const char*>(key_.data()), key_.size()), 0600);
}

std::string CsrfGuard::token_for(std::string_view binding) const {
    const Mac mac = mac_of(key_, binding);
    std::string text(
        sodium_base64_ENCODED_LEN(mac.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(text.data(), text.size(), mac.data(), mac.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    text.resize(std::strlen(text.c_str()));
    return text;
}

bool CsrfGuard::token_matches(std::string_view binding, std::string_view submitted) const {
#ifdef COUNCILCAST_FUZZ_CSRF_TOKEN
    // The fuzzing build only (CMakeLists.txt): its inputs reach the handlers behind the check.
    if (submitted == COUNCILCAST_FUZZ_CSRF_TOKEN) return true;
#endif
    if (binding.empty()) return false;
    const std::string expected = token_for(binding);
    return submitted.size() == expected.size() &&
           sodium_memcmp(expected.data(), submitted.data(), expected.size()) == 0;
}

bool CsrfGuard::same_origin(std::string_view origin, std::string_view fetch_site,
                            std::string_view host) {
    if (!fetch_site.empty() && fetch_site != "same-origin" && fetch_site != "none") return false;
    if (origin.empty()) return true;
    auto url = boost::urls::parse_absolute_uri(origin);
    if (!url || !url->has_authority()) return false;
    return url->encoded_authority() == host;
}

}  // namespace councilcast::portal
