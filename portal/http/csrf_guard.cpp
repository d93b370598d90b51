#include "portal/http/csrf_guard.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <boost/url/parse.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "common/error.hpp"

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
    // Written under a temporary name and renamed: a crash never leaves a short key behind.
    const std::string temp = key_file.string() + ".new";
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw Error(temp + ": cannot create the site key: " + std::strerror(errno));
    const bool written =
        ::write(fd, key_.data(), key_.size()) == static_cast<ssize_t>(key_.size()) &&
        ::fsync(fd) == 0;
    ::close(fd);
    if (!written || ::rename(temp.c_str(), key_file.c_str()) != 0) {
        throw Error(key_file.string() + ": cannot write the site key: " + std::strerror(errno));
    }
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
