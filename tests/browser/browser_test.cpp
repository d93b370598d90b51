#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/demo_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/smtp_sink.hpp"  // free_port
#include "tests/support/test_browser.hpp"

using namespace councilcast::testing;
using namespace std::chrono_literals;

namespace {

// Runs one of the node scripts next to this file against the demo; its exit code is the verdict.
int run_script(const std::string& script, const DemoProcess& demo, const std::string& screenshot) {
    const std::string command = "COUNCILCAST_URL='" + demo.base_url() + "' SCREENSHOT='" +
                                screenshot + "' node '" + source_dir() + "/tests/browser/" +
                                script + "'";
    int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Makes an account with the command an administrator would use, the password on standard input.
void add_account(const std::filesystem::path& data_dir, const std::string& role,
                 const std::string& email, const std::string& password) {
    const std::string add = std::string(std::getenv("COUNCILCAST_BINARY")) + " user add --role " +
                            role + " --password-stdin --data-dir '" + data_dir.string() + "' " +
                            email + " > /dev/null";
    FILE* pipe = ::popen(add.c_str(), "w");
    REQUIRE(pipe != nullptr);
    std::fputs((password + "\n").c_str(), pipe);
    REQUIRE(::pclose(pipe) == 0);
}

}  // namespace

TEST_CASE("the public pages are accessible, play, switch language, update and embed in Chromium") {
    const auto dir = fresh_directory("browser-public");
    const unsigned short framer_port = free_port();
    std::ifstream channel(source_dir() + "/tests/support/light_channel.toml");
    std::stringstream light;
    light << channel.rdbuf();
    const auto config = dir / "councilcast.toml";
    std::ofstream(config) << "[municipality]\nembed_framers = [\"http://localhost:" << framer_port
                          << "\"]\n"
                          << light.str();
    const std::string password = "redaktorė prie ežero";
    add_account(dir / "data", "editor", "editor@example.lt", password);
    DemoProcess serve(
        DemoProcess::Command{{"serve", "--config", config.string(), "--listen", "127.0.0.1:0",
                              "--data-dir", (dir / "data").string(), "--seed-demo"}});
    REQUIRE(wait_for([&] { return live_has_two_segments(serve); }, 30s, 200ms));
    const std::string command =
        "COUNCILCAST_URL='" + serve.base_url() + "' FRAMER_PORT=" + std::to_string(framer_port) +
        " EDITOR_EMAIL=editor@example.lt EDITOR_PASSWORD='" + password + "' SCREENSHOT_DIR='" +
        (dir / "shots").string() + "' node '" + source_dir() + "/tests/browser/public_pages.mjs'";
    const int status = std::system(command.c_str());
    CHECK((WIFEXITED(status) ? WEXITSTATUS(status) : -1) == 0);
}

TEST_CASE("the home page plays the live broadcast in Chromium, in both languages") {
    const auto data_dir = fresh_directory("browser");
    DemoProcess demo(data_dir);
    // The page is useful from the first segment on; wait for two so the player has a window.
    REQUIRE(wait_for([&] { return live_has_two_segments(demo); }, 30s, 200ms));
    CHECK(run_script("live_playback.mjs", demo, (data_dir / "home.png").string()) == 0);
}

TEST_CASE("the account pages are accessible and a real sign-in works in Chromium") {
    const auto data_dir = fresh_directory("browser-accounts");
    const std::string password = "žalias kalnas prie ežero";
    add_account(data_dir, "admin", "admin@example.lt", password);
    DemoProcess demo(data_dir);
    const std::string command = "COUNCILCAST_URL='" + demo.base_url() +
                                "' EMAIL=admin@example.lt PASSWORD='" + password +
                                "' SCREENSHOT_DIR='" + (data_dir / "shots").string() + "' node '" +
                                source_dir() + "/tests/browser/account_pages.mjs'";
    const int status = std::system(command.c_str());
    CHECK((WIFEXITED(status) ? WEXITSTATUS(status) : -1) == 0);
}
