#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdlib>

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
