// The archive in Debian's Chromium (tests/browser/recording_pages.mjs) on `councilcast demo`,
// which makes its archive of held meetings at its first start while a meeting is live.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdlib>

#include "tests/support/demo_process.hpp"
#include "tests/support/test_browser.hpp"

using namespace councilcast::testing;
using namespace std::chrono_literals;

TEST_CASE("a resident rewinds the live meeting, picks a chapter and follows ?t= links") {
    const auto data_dir = fresh_directory("browser-recordings");
    DemoProcess demo(data_dir);
    REQUIRE(wait_for([&] { return live_has_two_segments(demo); }, 30s, 200ms));
    const std::string command = "COUNCILCAST_URL='" + demo.base_url() + "' SCREENSHOT_DIR='" +
                                data_dir.string() + "' node '" + source_dir() +
                                "/tests/browser/recording_pages.mjs'";
    const int status = std::system(command.c_str());
    CHECK((WIFEXITED(status) ? WEXITSTATUS(status) : -1) == 0);
}
