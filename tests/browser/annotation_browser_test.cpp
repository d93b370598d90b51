// The annotation page in Debian's Chromium (tests/browser/annotation_pages.mjs) on
// `councilcast demo`, whose archive of held meetings is made at its first start; the editor is
// added with `councilcast user add` while it runs.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdlib>

#include "tests/support/demo_process.hpp"
#include "tests/support/test_browser.hpp"

using namespace councilcast::testing;

TEST_CASE(
    "an editor marks a chapter by keyboard at a typed time and hides a range; the public page "
    "follows") {
    const auto data_dir = fresh_directory("browser-annotation");
    DemoProcess demo(data_dir);
    add_user(data_dir, "editor@example.lt", "--role editor");
    const std::string command = "COUNCILCAST_URL='" + demo.base_url() +
                                "' EMAIL=editor@example.lt PASSWORD='" + kTestPassword +
                                "' SCREENSHOT_DIR='" + data_dir.string() + "' node '" +
                                source_dir() + "/tests/browser/annotation_pages.mjs'";
    const int status = std::system(command.c_str());
    CHECK((WIFEXITED(status) ? WEXITSTATUS(status) : -1) == 0);
}
