// The voting pages in Debian's Chromium (tests/browser/voting_pages.mjs) on a real server with the
// demo's council and no simulated sitting: twelve members registered by the secretary, so the
// one the browser plays makes a quorum.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/database_writer.hpp"
#include "portal/council/council_store.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/test_browser.hpp"

using namespace councilcast;
using namespace councilcast::testing;

namespace {

struct Council {
    std::int64_t meeting_id = 0;
    std::vector<std::int64_t> members;
};

Council council_of(const std::filesystem::path& data_dir) {
    DatabaseWriter writer(data_dir / "councilcast.sqlite");
    portal::CouncilStore store(data_dir / "councilcast.sqlite", data_dir, writer);
    Council council;
    for (const auto& meeting : store.snapshot()->meetings) {
        if (meeting.status == portal::MeetingStatus::kLive) council.meeting_id = meeting.id;
    }
    // The mayor chairs and has no vote.
    for (const auto& member : store.snapshot()->members) {
        if (member.position != portal::CouncilPosition::kChair)
            council.members.push_back(member.id);
    }
    return council;
}

int run_voting_pages(const DemoProcess& server, const Council& council,
                     const std::filesystem::path& dir) {
    const std::string command =
        "COUNCILCAST_URL='" + server.base_url() +
        "' MEETING_ID=" + std::to_string(council.meeting_id) +
        " MEMBER_EMAIL=narys@example.lt CHAIR_EMAIL=pirmininkas@example.lt PASSWORD='" +
        kTestPassword + "' SCREENSHOT_DIR='" + (dir / "shots").string() + "' node '" +
        source_dir() + "/tests/browser/voting_pages.mjs'";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("a member votes from the keyboard and the voting pages pass axe in Chromium") {
    const auto dir = fresh_directory("browser-voting");
    std::ifstream channel(source_dir() + "/tests/support/light_channel.toml");
    std::stringstream light;
    light << channel.rdbuf();
    std::ofstream(dir / "councilcast.toml") << light.str();
    DemoProcess server(DemoProcess::Command{
        {"serve", "--config", (dir / "councilcast.toml").string(), "--listen", "127.0.0.1:0",
         "--data-dir", (dir / "data").string(), "--seed-demo"}});
    const Council council = council_of(dir / "data");
    REQUIRE(council.meeting_id != 0);
    add_user(dir / "data", "narys@example.lt",
             "--role council_member --member " + std::to_string(council.members[0]));
    add_user(dir / "data", "pirmininkas@example.lt", "--role chair");
    add_user(dir / "data", "sekretore@example.lt", "--role secretary");
    Browser secretary(server);
    REQUIRE(secretary.sign_in("sekretore@example.lt").status == 303);
    for (std::size_t i = 1; i <= 12; ++i) {
        secretary.get("/staff/sitting?meeting=" + std::to_string(council.meeting_id));
        REQUIRE(secretary
                    .post("/staff/sitting/presence",
                          "meeting_id=" + std::to_string(council.meeting_id) +
                              "&member_id=" + std::to_string(council.members[i]) + "&present=1")
                    .status == 303);
    }
    CHECK(run_voting_pages(server, council, dir) == 0);
}
