// A meeting's event stream over the real server: a change the council store publishes reaches
// a client watching that meeting, and only that meeting's changes do.
#include "portal/publish/meeting_events.hpp"

#include <doctest/doctest.h>

#include <boost/beast/http.hpp>

#include <chrono>
#include <string>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "portal/council/demo_council.hpp"
#include "portal/http/form_data.hpp"
#include "portal/pages/target.hpp"
#include "portal/schema.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/raw_http.hpp"
#include "tests/support/running_server.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using councilcast::testing::RawConnection;
namespace http = boost::beast::http;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t kNow = 1795867200;  // 2026-11-28T12:00:00Z

std::filesystem::path source_dir() {
    const char* dir = std::getenv("COUNCILCAST_SOURCE_DIR");
    REQUIRE(dir != nullptr);
    return dir;
}

// The demo's council in a scratch database, its snapshots wired to the meetings' streams as
// the portal wires them, behind the real server.
struct Fixture {
    std::filesystem::path dir = testing::fresh_directory("meeting-events");
    std::unique_ptr<DatabaseWriter> writer;
    std::unique_ptr<CouncilStore> council;
    PageRenderer messages{source_dir() / "portal" / "templates",
                          source_dir() / "portal" / "messages"};
    std::unique_ptr<MeetingEvents> events;
    std::unique_ptr<testing::RunningServer> server;

    Fixture() {
        {
            Database db(dir / "councilcast.sqlite");
            migrate_database(db);
        }
        writer = std::make_unique<DatabaseWriter>(dir / "councilcast.sqlite");
        council = std::make_unique<CouncilStore>(dir / "councilcast.sqlite", dir, *writer);
        seed_demo_council(*council, kNow, "hall");
        events = std::make_unique<MeetingEvents>(*council, messages);
        council->set_listener(
            [this](const CouncilSnapshot& snapshot) { events->publish(snapshot); });
        server = std::make_unique<testing::RunningServer>(
            config::HttpLimits{}, [this](Request request, RequestContext) {
                return answer(*events, std::move(request));
            });
    }

    // What the router does for this module's one route: the id from the path, then the stream.
    static boost::asio::awaitable<Reply> answer(MeetingEvents& events, Request request) {
        const auto target = Target::parse(request.target());
        const auto& segments = target->segments;
        const auto id = segments.size() == 5 ? parse_id(segments[3]) : std::nullopt;
        if (!id) co_return http::response<http::string_body>{http::status::not_found, 11};
        co_return events.stream(request, *id);
    }

    // Two planned meetings of the demo.
    std::pair<std::int64_t, std::int64_t> planned() const {
        std::vector<std::int64_t> ids;
        for (const auto& meeting : council->snapshot()->meetings) {
            if (meeting.status == MeetingStatus::kPlanned) ids.push_back(meeting.id);
        }
        REQUIRE(ids.size() >= 2);
        return {ids[0], ids[1]};
    }

    RawConnection connect() const { return RawConnection("127.0.0.1", server->port()); }
};

void ask(RawConnection& c, const std::string& target, const std::string& extra = "") {
    c.send("GET " + target + " HTTP/1.1\r\nHost: a\r\n" + extra + "\r\n");
}

// Everything read until `marker`.
std::string read_to(RawConnection& c, const std::string& marker) {
    std::string seen;
    const auto until = std::chrono::steady_clock::now() + 5s;
    while (seen.find(marker) == std::string::npos && std::chrono::steady_clock::now() < until) {
        seen += c.read_until(marker, 1s);
    }
    return seen;
}

// The id of the first event in `text`.
std::string event_id(const std::string& text) {
    const auto start = text.find("\nid: ");
    REQUIRE(start != std::string::npos);
    return text.substr(start + 5, text.find('\n', start + 5) - start - 5);
}

}  // namespace

TEST_CASE_FIXTURE(Fixture, "a watched meeting's changes arrive as events, and no other's do") {
    const auto [watched, other] = planned();
    const std::string target = "/api/v1/meetings/" + std::to_string(watched) + "/events";
    RawConnection c = connect();
    ask(c, target);
    const std::string head = read_to(c, "retry: 5000\n\n");
    CHECK(head.starts_with("HTTP/1.1 200 OK\r\n"));
    CHECK(head.find("Content-Type: text/event-stream") != std::string::npos);
    CHECK(head.find("Access-Control-Allow-Origin: *") != std::string::npos);

    block_on(council->set_meeting_status(watched, MeetingStatus::kLive));
    const std::string started = read_to(c, "\n\n");
    CHECK(started.find("event: meeting\n") != std::string::npos);
    CHECK(started.find("\"status\":\"live\"") != std::string::npos);
    const std::string first_id = event_id("\n" + started);

    block_on(council->set_meeting_status(other, MeetingStatus::kCancelled));
    block_on(council->set_meeting_status(watched, MeetingStatus::kEnded));
    const std::string ended = read_to(c, "\"status\":\"ended\"");
    CHECK(ended.find("\"status\":\"ended\"") != std::string::npos);
    CHECK(ended.find("cancelled") == std::string::npos);

    // A client that saw the first event and comes back gets the second.
    RawConnection back = connect();
    ask(back, target, "Last-Event-ID: " + first_id + "\r\n");
    const std::string missed = read_to(back, "\"status\":\"ended\"");
    CHECK(missed.find("\"status\":\"ended\"") != std::string::npos);
    CHECK(missed.find("\"status\":\"live\"") == std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "an unknown meeting is 404") {
    RawConnection c = connect();
    ask(c, "/api/v1/meetings/999999/events");
    const std::string missing = read_to(c, "}");
    CHECK(missing.starts_with("HTTP/1.1 404"));
    CHECK(missing.find("Tokio posėdžio nėra.") != std::string::npos);
}
