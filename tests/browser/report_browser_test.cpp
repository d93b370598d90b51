// Problem reports in Debian's Chromium on one real server with the demo's municipality and its
// reports, mail written as files and read on the staff mail page: a resident's report placed on
// the map by keyboard with a photo, confirmed from the mail, and one without JavaScript by typed
// coordinates, axe on every resident page in both languages at 360 px
// (tests/browser/report_journey.mjs); then staff answer the report with a public update
// (tests/browser/report_staff.mjs), and the resident finds it on the report's page
// (report_journey.mjs again, with UPDATE_TEXT).
#include <doctest/doctest.h>

#include <fstream>

#include "tests/support/demo_process.hpp"
#include "tests/support/shell_command.hpp"
#include "tests/support/test_browser.hpp"
#include "tests/support/test_certificate.hpp"
#include "tests/support/test_images.hpp"

using namespace councilcast::testing;

TEST_CASE(
    "a problem is reported in Chromium by keyboard and without JavaScript, and staff answer "
    "it") {
    const auto dir = fresh_directory("browser-reports");
    std::ofstream(dir / "councilcast.toml")
        << "[mail]\ntransport = \"files\"\nfrom_address = \"noreply@example.lt\"\n"
        << read_text_file(source_dir() + "/tests/support/light_channel.toml");
    std::ofstream(dir / "photo.png", std::ios::binary) << png_image(200);
    add_user(dir / "data", "admin@example.lt", "--role admin");
    DemoProcess server({{"serve", "--config", (dir / "councilcast.toml").string(), "--listen",
                         "127.0.0.1:0", "--data-dir", (dir / "data").string(), "--seed-demo"}});
    const std::string update = "Duobė bus užtaisyta šią savaitę.";
    const std::string environment =
        "COUNCILCAST_URL='" + server.base_url() + "' SCREENSHOT_DIR='" + (dir / "shots").string() +
        "' ADMIN_EMAIL=admin@example.lt PASSWORD='" + kTestPassword + "' PHOTO='" +
        (dir / "photo.png").string() + "' REPORT_FILE='" + (dir / "report").string() + "' ";
    REQUIRE(run_in_view(environment + "node '" + source_dir() +
                        "/tests/browser/report_journey.mjs'") == 0);
    REQUIRE(run_in_view(environment + "UPDATE_TEXT='" + update + "' node '" + source_dir() +
                        "/tests/browser/report_staff.mjs'") == 0);
    CHECK(run_in_view(environment + "UPDATE_TEXT='" + update + "' node '" + source_dir() +
                      "/tests/browser/report_journey.mjs'") == 0);
}
