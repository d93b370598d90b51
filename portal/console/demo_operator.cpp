#include "portal/console/demo_operator.hpp"

#include <fstream>

#include "common/durable_file.hpp"
#include "common/secret_token.hpp"

namespace councilcast::portal {

std::string demo_operator_password(const std::filesystem::path& data_dir) {
    const std::filesystem::path file = data_dir / "demo-operator-password";
    std::string password;
    if (std::ifstream in(file); in) std::getline(in, password);
    if (password.size() < 16) {
        password = new_secret_token();
        write_file_durably(file, password + "\n", 0600);
    }
    return password;
}

}  // namespace councilcast::portal
