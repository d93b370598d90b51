// Throwaway self-signed certificates for 127.0.0.1, made at test time with the openssl command.
#pragma once

#include <filesystem>
#include <string>

namespace councilcast::testing {

class TestCertificate {
  public:
    // Writes DIR/NAME.crt and DIR/NAME.key: an ECDSA P-256 certificate with CN=NAME, valid for a
    // day, for IP 127.0.0.1 and DNS localhost. Throws if openssl fails.
    TestCertificate(const std::filesystem::path& dir, const std::string& name);

    const std::filesystem::path& certificate() const { return certificate_; }
    const std::filesystem::path& private_key() const { return private_key_; }
    std::string certificate_pem() const;
    // Copies this pair over `target`'s files, as a certificate renewal replaces them.
    void install_as(const TestCertificate& target) const;

  private:
    std::filesystem::path certificate_;
    std::filesystem::path private_key_;
};

// The whole content of a file.
std::string read_text_file(const std::filesystem::path& path);

}  // namespace councilcast::testing
