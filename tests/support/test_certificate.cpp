#include "tests/support/test_certificate.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace councilcast::testing {

TestCertificate::TestCertificate(const std::filesystem::path& dir, const std::string& name)
    : certificate_(dir / (name + ".crt")), private_key_(dir / (name + ".key")) {
    const std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=" +
        name + " -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout '" +
        private_key_.string() + "' -out '" + certificate_.string() + "' 2>/dev/null";
    if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
}

std::string TestCertificate::certificate_pem() const {
    return read_text_file(certificate_);
}

void TestCertificate::install_as(const TestCertificate& target) const {
    const auto overwrite = std::filesystem::copy_options::overwrite_existing;
    std::filesystem::copy_file(certificate_, target.certificate_, overwrite);
    std::filesystem::copy_file(private_key_, target.private_key_, overwrite);
}

std::string read_text_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace councilcast::testing
