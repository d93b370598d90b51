// The petitions in Debian's Chromium on one real server with the demo's council (its
// elderships) and petitions, mail written as files and read on the staff mail page, and one
// sponsor needed so the journey stays short: first as visitors read them
// (tests/browser/petition_public.mjs: axe, keyboard, no JavaScript), then a petition's journey
// (tests/browser/petition_journey.mjs: started, sponsored, moderated, signed, counted).
#include <doctest/doctest.h>

#include <fstream>

#include "tests/support/demo_process.hpp"
#include "tests/support/shell_command.hpp"
#include "tests/support/test_browser.hpp"
#include "tests/support/test_certificate.hpp"

using namespace councilcast::testing;

TEST_CASE("petitions are read, started, sponsored, moderated, signed and counted in Chromium") {
    const auto dir = fresh_directory("browser-petition");
    std::ofstream(dir / "councilcast.toml")
        << "[mail]\ntransport = \"files\"\nfrom_address = \"noreply@example.lt\"\n"
        << "[petitions]\nsponsors = 1\n"
        << read_text_file(source_dir() + "/tests/support/light_channel.toml");
    DemoProcess server(DemoProcess::Command{
        {"serve", "--config", (dir / "councilcast.toml").string(), "--listen", "127.0.0.1:0",
         "--data-dir", (dir / "data").string(), "--seed-demo"}});
    add_user(dir / "data", "admin@example.lt", "--role admin");
    const std::string environment = "COUNCILCAST_URL='" + server.base_url() + "' SCREENSHOT_DIR='" +
                                    (dir / "shots").string() + "' ";
    CHECK(run_in_view(environment + "node '" + source_dir() +
                      "/tests/browser/petition_public.mjs'") == 0);
    CHECK(run_in_view(environment + "ADMIN_EMAIL=admin@example.lt PASSWORD='" + kTestPassword +
                      "' node '" + source_dir() + "/tests/browser/petition_journey.mjs'") == 0);
}
