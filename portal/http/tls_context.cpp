#include "portal/http/tls_context.hpp"

#include <fmt/core.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#include "common/c_ptr.hpp"
#include "common/error.hpp"

namespace councilcast::portal {
namespace ssl = boost::asio::ssl;
namespace {

// A certificate chain or a key is a few KiB; anything much larger is the wrong file.
constexpr std::uintmax_t kMaxPemBytes = 1024 * 1024;
// TLS 1.2 suites: ECDHE key exchange (forward secrecy) and AEAD ciphers only, ECDSA before RSA,
// the server's order wins. TLS 1.3 keeps OpenSSL's defaults, which are all AEAD.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

using BioPtr = CPtr<&BIO_free>;
using PkeyPtr = CPtr<&EVP_PKEY_free>;

// What the file is, in the words of the config ("[tls] certificate"), and how to make one.
struct PemFile {
    const std::filesystem::path& path;
    const char* key;
    const char* convert_hint;
};

std::string read_pem(const PemFile& file) {
    const std::string where = fmt::format("[tls] {} \"{}\"", file.key, file.path.string());
    std::error_code ec;
    auto status = std::filesystem::status(file.path, ec);
    if (!std::filesystem::exists(status)) {
        throw InvalidInput(
            fmt::format("{} does not exist; check the path, or leave certificate and private_key "
                        "both empty for plain HTTP",
                        where));
    }
    if (!std::filesystem::is_regular_file(status)) {
        throw InvalidInput(fmt::format("{} is not a regular file", where));
    }
    if (std::filesystem::file_size(file.path, ec) > kMaxPemBytes) {
        throw InvalidInput(
            fmt::format("{} is larger than {} bytes; it is not a PEM file", where, kMaxPemBytes));
    }
    std::FILE* stream = std::fopen(file.path.c_str(), "rb");
    if (!stream) {
        throw InvalidInput(
            fmt::format("{} cannot be read: {}; make it readable by the user councilcast runs as",
                        where, std::strerror(errno)));
    }
    std::string text;
    char chunk[4096];
    for (std::size_t n; (n = std::fread(chunk, 1, sizeof chunk, stream)) > 0;)
        text.append(chunk, n);
    const bool failed = std::ferror(stream);
    std::fclose(stream);
    if (failed) throw InvalidInput(fmt::format("{} cannot be read", where));
    if (text.find("-----BEGIN ") == std::string::npos) {
        throw InvalidInput(fmt::format("{} is not PEM (no \"-----BEGIN\" line); convert it with {}",
                                       where, file.convert_hint));
    }
    return text;
}

// OpenSSL would otherwise ask for a passphrase on the terminal and block the reload.
int refuse_passphrase(char*, int, int, void* asked) {
    *static_cast<bool*>(asked) = true;
    return 0;
}

std::string describe(const X509* certificate) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), X509_get_subject_name(certificate), 0, XN_FLAG_RFC2253);
    BIO_puts(bio.get(), ", valid until ");
    ASN1_TIME_print(bio.get(), X509_get0_notAfter(certificate));
    if (X509_cmp_current_time(X509_get0_notAfter(certificate)) < 0)
        BIO_puts(bio.get(), " (EXPIRED)");
    char* data = nullptr;
    long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace

TlsContext::TlsContext(std::filesystem::path certificate, std::filesystem::path private_key)
    : certificate_(std::move(certificate)),
      private_key_(std::move(private_key)),
      loaded_(load(certificate_, private_key_)) {}

std::shared_ptr<ssl::context> TlsContext::current() const {
    std::lock_guard lock(mutex_);
    return loaded_.context;
}

std::string TlsContext::summary() const {
    std::lock_guard lock(mutex_);
    return loaded_.summary;
}

void TlsContext::reload() {
    // Read outside the lock: new connections keep getting the old context meanwhile.
    Loaded fresh = load(certificate_, private_key_);
    std::lock_guard lock(mutex_);
    loaded_ = std::move(fresh);
}

TlsContext::Loaded TlsContext::load(const std::filesystem::path& certificate,
                                    const std::filesystem::path& private_key) {
    const std::string chain_pem =
        read_pem({certificate, "certificate", "`openssl x509 -inform DER -in FILE -out FILE.pem`"});
    const std::string key_pem =
        read_pem({private_key, "private_key", "`openssl pkey -inform DER -in FILE -out FILE.pem`"});

    auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
    context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                         ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                         ssl::context::no_tlsv1_1 | ssl::context::no_compression |
                         ssl::context::single_dh_use);
    SSL_CTX* native = context->native_handle();
    SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
    SSL_CTX_set_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION);
    if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
        throw Error("OpenSSL offers none of the TLS 1.2 ciphers councilcast uses");
    }

    boost::system::error_code ec;
    context->use_certificate_chain(boost::asio::buffer(chain_pem), ec);
    if (ec) {
        throw InvalidInput(fmt::format(
            "[tls] certificate \"{}\" holds no usable certificate chain ({}); it must be PEM, the "
            "server's certificate first, then the intermediates",
            certificate.string(), ec.message()));
    }

    BioPtr key_bio(BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())));
    bool asked_passphrase = false;
    PkeyPtr key(
        PEM_read_bio_PrivateKey(key_bio.get(), nullptr, refuse_passphrase, &asked_passphrase));
    ERR_clear_error();
    if (!key) {
        throw InvalidInput(
            asked_passphrase
                ? fmt::format(
                      "[tls] private_key \"{}\" is encrypted and councilcast cannot ask for "
                      "its passphrase; store it decrypted (`openssl pkey -in FILE -out "
                      "FILE`), readable only by the service",
                      private_key.string())
                : fmt::format("[tls] private_key \"{}\" holds no PEM private key",
                              private_key.string()));
    }
    X509* leaf = SSL_CTX_get0_certificate(native);
    if (X509_check_private_key(leaf, key.get()) != 1) {
        ERR_clear_error();
        throw InvalidInput(fmt::format(
            "[tls] private_key \"{}\" does not belong to the certificate \"{}\"; point both at the "
            "files of the same issuance",
            private_key.string(), certificate.string()));
    }
    if (SSL_CTX_use_PrivateKey(native, key.get()) != 1) {
        ERR_clear_error();
        throw InvalidInput(fmt::format("[tls] private_key \"{}\" cannot be used with \"{}\"",
                                       private_key.string(), certificate.string()));
    }
    return {std::move(context), describe(leaf)};
}

}  // namespace councilcast::portal
