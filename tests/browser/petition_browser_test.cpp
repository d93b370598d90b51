// A petition's journey in Debian's Chromium (tests/browser/petition_journey.mjs) on a real
// server with the demo's council (its elderships), mail written as files and read on the staff
// mail page, and one sponsor needed, so the journey stays short.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>

#include "tests/support/demo_process.hpp"
#include "tests/support/test_browser.hpp"
#include "tests/support/test_certificate.hpp"

using namespace councilcast::testing;

TEST_CASE("a petition is started, sponsored, moderated, signed and counted in Chromium") {
    const auto dir = fresh_directory("browser-petition");
    std::ofstream(dir / "councilcast.toml")
        << "[mail]\ntransport = \"files\"\nfrom_address = \"noreply@example.lt\"\n"
        << "[petitions]\nsponsors = 1\n"
        << read_text_file(source_dir() + "/tests/support/light_channel.toml");
    DemoProcess server(DemoProcess::Command{
        {"serve", "--config", (dir / "councilcast.toml").string(), "--listen", "127.0.0.1:0",
         "--data-dir", (dir / "data").string(), "--seed-demo"}});
    add_user(dir / "data", "admin@example.lt", "--role admin");
    const std::string command = "COUNCILCAST_URL='" + server.base_url() +
                                "' ADMIN_EMAIL=admin@example.lt PASSWORD='" + kTestPassword +
                                "' SCREENSHOT_DIR='" + (dir / "shots").string() + "' node '" +
                                source_dir() + "/tests/browser/petition_journey.mjs'";
    const int status = std::system(command.c_str());
    CHECK((WIFEXITED(status) ? WEXITSTATUS(status) : -1) == 0);
}
