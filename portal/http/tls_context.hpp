// The HTTPS certificate and key: loaded from the configured PEM files, checked, replaced on reload.
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

namespace councilcast::portal {

// TLS 1.2 and 1.3 only, forward-secret AEAD ciphers, no compression or renegotiation (OWASP ASVS
// 4.0 9.1). A connection takes the current context when it is accepted and keeps it, so a reload
// changes what new connections see without disturbing open ones.
class TlsContext {
  public:
    // Throws InvalidInput naming the file and what to do when a file is missing, unreadable, not
    // PEM, an encrypted key, or a key that does not belong to the certificate.
    TlsContext(std::filesystem::path certificate, std::filesystem::path private_key);

    std::shared_ptr<boost::asio::ssl::context> current() const;
    // Reads both files again into a new context and swaps it in. On failure it throws as the
    // constructor does and the old context stays in use, so a botched renewal keeps the site up.
    void reload();
    // Who the current certificate names and until when, for the log ("CN=tv.elektrenai.lt,
    // valid until Mar  1 12:00:00 2027 GMT").
    std::string summary() const;

  private:
    struct Loaded {
        std::shared_ptr<boost::asio::ssl::context> context;
        std::string summary;
    };
    static Loaded load(const std::filesystem::path& certificate,
                       const std::filesystem::path& private_key);

    const std::filesystem::path certificate_;
    const std::filesystem::path private_key_;
    mutable std::mutex mutex_;
    Loaded loaded_;
};

}  // namespace councilcast::portal
