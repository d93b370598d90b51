// The petitions as visitors read them, in Debian's Chromium (tests/browser/petition_public.mjs),
// on a real server seeded with the demo's municipality and petitions (one light channel).
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tests/support/demo_process.hpp"
#include "tests/support/test_browser.hpp"

using namespace councilcast::testing;

TEST_CASE("the petition list, page and widget pass axe and work from the keyboard and without JS") {
    const auto dir = fresh_directory("browser-petitions");
    std::ifstream channel(source_dir() + "/tests/support/light_channel.toml");
    std::stringstream light;
    light << channel.rdbuf();
    std::ofstream(dir / "councilcast.toml") << light.str();
    DemoProcess server(DemoProcess::Command{
        {"serve", "--config", (dir / "councilcast.toml").string(), "--listen", "127.0.0.1:0",
         "--data-dir", (dir / "data").string(), "--seed-demo"}});
    const std::string command = "COUNCILCAST_URL='" + server.base_url() + "' SCREENSHOT_DIR='" +
                                (dir / "shots").string() + "' node '" + source_dir() +
                                "/tests/browser/petition_public.mjs'";
    const int status = std::system(command.c_str());
    CHECK((WIFEXITED(status) ? WEXITSTATUS(status) : -1) == 0);
}
