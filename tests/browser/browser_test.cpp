#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/support/demo_process.hpp"
#include "tests/support/http_client.hpp"

using namespace councilcast::testing;
using namespace std::chrono_literals;

namespace {

std::string source_dir() {
    const char* dir = std::getenv("COUNCILCAST_SOURCE_DIR");
    REQUIRE(dir != nullptr);
    return dir;
}

// Runs one of the node scripts next to this file against the demo; its exit code is the verdict.
int run_script(const std::string& script, const DemoProcess& demo, const std::string& screenshot) {
    const std::string command = "COUNCILCAST_URL='" + demo.base_url() + "' SCREENSHOT='" +
                                screenshot + "' node '" + source_dir() + "/tests/browser/" +
                                script + "'";
    int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("the home page plays the live broadcast in Chromium, in both languages") {
    const auto data_dir = fresh_directory("browser");
    DemoProcess demo(data_dir);
    HttpClient client;
    // The page is useful from the first segment on; wait for two so the player has a window.
    REQUIRE(wait_for(
        [&] {
            HttpResult playlist = client.get(demo.base_url() + "live/hall/720p/live.m3u8");
            return playlist.status == 200 &&
                   playlist.body.find(".ts\n", playlist.body.find(".ts\n") + 1) !=
                       std::string::npos;
        },
        30s, 200ms));
    CHECK(run_script("live_playback.mjs", demo, (data_dir / "home.png").string()) == 0);
}

TEST_CASE("the account pages are accessible and a real sign-in works in Chromium") {
    const auto data_dir = fresh_directory("browser-accounts");
    const std::string password = "žalias kalnas prie ežero";
    const std::string add = std::string(std::getenv("COUNCILCAST_BINARY")) +
                            " user add --role admin --password-stdin --data-dir '" +
                            data_dir.string() + "' admin@example.lt > /dev/null";
    FILE* pipe = ::popen(add.c_str(), "w");
    REQUIRE(pipe != nullptr);
    std::fputs((password + "\n").c_str(), pipe);
    REQUIRE(::pclose(pipe) == 0);
    DemoProcess demo(data_dir);
    const std::string command = "COUNCILCAST_URL='" + demo.base_url() +
                                "' EMAIL=admin@example.lt PASSWORD='" + password +
                                "' SCREENSHOT_DIR='" + (data_dir / "shots").string() + "' node '" +
                                source_dir() + "/tests/browser/account_pages.mjs'";
    const int status = std::system(command.c_str());
    CHECK((WIFEXITED(status) ? WEXITSTATUS(status) : -1) == 0);
}
