// Consultations in Debian's Chromium on one real server with the demo's municipality, mail
// written as files and read on the staff mail page, and a topic with an official's free times
// seeded through the store between the demo's first start and the one the browser uses
// (tests/support/booking_seed): a resident's booking without JavaScript and with it by
// keyboard, axe in both languages at 360 px (tests/browser/booking_journey.mjs); then one of the
// demo's officials works through their day and week, marks a booking attended, axe again
// (tests/browser/booking_staff.mjs).
#include <doctest/doctest.h>

#include <fstream>

#include "portal/bookings/demo_bookings.hpp"
#include "tests/support/booking_seed.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/shell_command.hpp"
#include "tests/support/test_browser.hpp"
#include "tests/support/test_certificate.hpp"

using namespace councilcast::testing;

TEST_CASE(
    "a consultation is booked in Chromium without JavaScript and with it, by keyboard, and an "
    "official works through it") {
    const auto dir = fresh_directory("browser-booking");
    std::ofstream(dir / "councilcast.toml")
        << "[mail]\ntransport = \"files\"\nfrom_address = \"noreply@example.lt\"\n"
        << read_text_file(source_dir() + "/tests/support/light_channel.toml");
    const DemoProcess::Command serve{{"serve", "--config", (dir / "councilcast.toml").string(),
                                      "--listen", "127.0.0.1:0", "--data-dir",
                                      (dir / "data").string(), "--seed-demo"}};
    // The demo's own record first (its consultations too, which it seeds only into an empty
    // room, giving its first official, whose account exists already, a password to sign in
    // with), then the topic this journey books, added while no server runs.
    const std::string official{councilcast::portal::kDemoOfficialEmails[0]};
    add_user(dir / "data", "admin@example.lt", "--role admin");
    add_user(dir / "data", official, "--role official");
    CHECK(DemoProcess(serve).stop() == 0);
    add_user(dir / "data", "valdininke@example.lt", "--role official");
    const BookingSeed seeded = seed_bookings(dir / "data", "valdininke@example.lt");
    DemoProcess server(serve);
    const std::string environment =
        "COUNCILCAST_URL='" + server.base_url() + "' SCREENSHOT_DIR='" + (dir / "shots").string() +
        "' ADMIN_EMAIL=admin@example.lt PASSWORD='" + kTestPassword +
        "' SERVICE_PATH=/consultations/" + std::to_string(seeded.service) + " ";
    CHECK(run_in_view(environment + "node '" + source_dir() +
                      "/tests/browser/booking_journey.mjs'") == 0);
    CHECK(run_in_view(environment + "OFFICIAL_EMAIL='" + official + "' node '" + source_dir() +
                      "/tests/browser/booking_staff.mjs'") == 0);
}
