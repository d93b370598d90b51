// The operator's console in Debian's Chromium on one real server and worker with a hall of three
// test cameras and the interpreter's corner, the demo's meeting live on it: axe in both languages
// at 360 px, a cut by keyboard followed by a second operator's open console, the meeting's
// recording stopped and started by keyboard, the corner turned on without JavaScript
// (tests/browser/console.mjs).
#include <doctest/doctest.h>

#include <fstream>

#include "tests/support/demo_process.hpp"
#include "tests/support/shell_command.hpp"
#include "tests/support/test_browser.hpp"
#include "tests/support/test_certificate.hpp"

using namespace councilcast::testing;

TEST_CASE(
    "the operator's console in Chromium: axe, a cut by keyboard seen by a second operator, "
    "the recording stopped and started by keyboard, the corner without JavaScript") {
    const auto dir = fresh_directory("browser-console");
    add_user(dir / "data", "operatore@example.lt", "--role operator");
    add_user(dir / "data", "redaktore@example.lt", "--role editor");
    std::ofstream(dir / "councilcast.toml")
        << read_text_file(source_dir() + "/tests/support/light_hall.toml");
    // A snapshot for each preview, as the worker writes them (a real JPEG, by GStreamer's
    // encoder), so the page shows pictures whichever mixer the worker has.
    const auto previews = dir / "data" / "media" / "hall" / "preview";
    std::filesystem::create_directories(previews);
    for (const char* name : {"program", "wide", "rostrum", "interpreter"}) {
        REQUIRE(run_in_view("gst-launch-1.0 -q videotestsrc num-buffers=1 ! "
                            "video/x-raw,width=320,height=180 ! jpegenc ! filesink location='" +
                            (previews / (std::string(name) + ".jpg")).string() + "'") == 0);
    }
    DemoProcess server(DemoProcess::Command{
        {"serve", "--config", (dir / "councilcast.toml").string(), "--listen", "127.0.0.1:0",
         "--data-dir", (dir / "data").string(), "--seed-demo"}});
    const std::string environment = "COUNCILCAST_URL='" + server.base_url() + "' SCREENSHOT_DIR='" +
                                    (dir / "shots").string() +
                                    "' OPERATOR_EMAIL=operatore@example.lt "
                                    "EDITOR_EMAIL=redaktore@example.lt PASSWORD='" +
                                    kTestPassword + "' ";
    CHECK(run_in_view(environment + "node '" + source_dir() + "/tests/browser/console.mjs'") == 0);
}
