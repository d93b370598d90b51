// The recording on the public pages over HTTP, through the site's router and the real server:
// the demo's council in a scratch database, its held meetings given recordings (chapters from
// their agenda) by plain functions, as the recordings room hands them over. ?t= starts the
// player; a bad t is a 400 page in the visitor's language; the list marks recordings; the
// anonymous page cache follows the recordings' version.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>

#include "common/database.hpp"
#include "portal/accounts/account_store.hpp"
#include "portal/accounts/session_manager.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/council/demo_council.hpp"
#include "portal/http/csrf_guard.hpp"
#include "portal/publish/public_pages.hpp"
#include "portal/schema.hpp"
#include "portal/site/site.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/running_server.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

std::filesystem::path source_dir() {
    const char* dir = std::getenv("COUNCILCAST_SOURCE_DIR");
    REQUIRE(dir != nullptr);
    return dir;
}

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Recordings of the held council meetings, 25 minutes each, a chapter every five minutes for
// each agenda item; `length_s` of the newest can be changed to see the pages follow.
struct Recordings {
    std::shared_ptr<const CouncilSnapshot> council;
    std::mutex mutex;
    double newest_length_s = 1500;
    std::int64_t newest = 0;
    std::atomic<std::int64_t> version{1};

    std::optional<RecordingSummary> of_meeting(std::int64_t meeting_id) {
        const Meeting* meeting = council->meeting(meeting_id);
        if (!meeting || meeting->status != MeetingStatus::kEnded ||
            meeting->kind != MeetingKind::kCouncil) {
            return std::nullopt;
        }
        RecordingSummary summary;
        summary.meeting_id = meeting_id;
        {
            std::lock_guard lock(mutex);
            summary.duration_s = meeting_id == newest ? newest_length_s : 1500;
        }
        summary.master_playlist = "/recordings/" + std::to_string(meeting_id) + "/master.m3u8";
        double at = 5;
        for (const auto& item : council->agenda(meeting_id)) {
            summary.chapters.push_back({"agenda", item.title, at});
            at += 300;
        }
        return summary;
    }
};

struct Fixture {
    std::filesystem::path dir = testing::fresh_directory("recording-pages");
    config::Config config;
    std::unique_ptr<DatabaseWriter> writer;
    std::unique_ptr<CouncilStore> council;
    std::unique_ptr<AccountStore> accounts;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<SessionManager> sessions;
    std::unique_ptr<CsrfGuard> csrf;
    Metrics metrics;
    std::unique_ptr<Site> site;
    Recordings recordings;
    std::unique_ptr<PublicPages> pages;
    std::unique_ptr<testing::RunningServer> server;
    std::string base;
    const Meeting* held = nullptr;  // the newest held council meeting

    Fixture() {
        const auto db_file = dir / "councilcast.sqlite";
        {
            Database db(db_file);
            migrate_database(db);
        }
        writer = std::make_unique<DatabaseWriter>(db_file);
        council = std::make_unique<CouncilStore>(db_file, dir, *writer);
        seed_demo_council(*council, unix_now(), "");
        accounts = std::make_unique<AccountStore>(db_file, *writer);
        audit = std::make_unique<AuditLog>(db_file, *writer);
        sessions = std::make_unique<SessionManager>(*accounts, config.accounts.session_idle_timeout,
                                                    config.accounts.session_absolute_timeout);
        csrf = std::make_unique<CsrfGuard>(dir / "site.key");
        const auto source = source_dir();
        site = std::make_unique<Site>(
            config,
            SharePaths{source / "portal" / "templates", source / "portal" / "messages",
                       source / "portal" / "static", source / "node_modules" / "hls.js" / "dist",
                       source / "portal" / "api" / "openapi.json"},
            metrics, *writer, Gate::Services{*sessions, *csrf, *audit, *writer});
        recordings.council = council->snapshot();
        for (const auto& meeting : recordings.council->meetings) {
            if (meeting.status == MeetingStatus::kEnded && meeting.kind == MeetingKind::kCouncil) {
                held = &meeting;
            }
        }
        REQUIRE(held != nullptr);
        recordings.newest = held->id;
        pages = std::make_unique<PublicPages>(
            PublicPages::Services{config,
                                  site->renderer(),
                                  site->localization(),
                                  *council,
                                  site->files(),
                                  [](const config::Channel&) { return false; },
                                  {},
                                  {[this](std::int64_t id) { return recordings.of_meeting(id); },
                                   [this] { return recordings.version.load(); }}});
        site->add(pages->entries());
        site->set_not_found([this](PageCall& call) { return pages->not_found(call); });
        server = std::make_unique<testing::RunningServer>(
            config.http, [this](Request request, RequestContext context) {
                return site->handle(std::move(request), std::move(context));
            });
        base = "http://127.0.0.1:" + std::to_string(server->port());
    }

    std::string meeting_path() const { return "/meetings/" + std::to_string(held->id); }
};

}  // namespace

TEST_CASE_FIXTURE(Fixture, "a held meeting's page plays its recording from ?t=") {
    testing::HttpClient client;
    const auto page = client.get(base + meeting_path());
    REQUIRE(page.status == 200);
    CHECK(contains(page.body, "data-recording-src=\"/recordings/" + std::to_string(held->id) +
                                  "/master.m3u8\""));
    CHECK(contains(page.body, "data-start=\"0\""));
    // A chapter per agenda item, titled as the record has it.
    const auto agenda = recordings.council->agenda(held->id);
    REQUIRE_FALSE(agenda.empty());
    CHECK(contains(page.body, ">" + agenda.front().title.lt + "</span>"));
    CHECK(contains(page.body, "<a class=\"chapter__link\" href=\"?t=305\""));

    const auto moment = client.get(base + meeting_path() + "?t=310");
    REQUIRE(moment.status == 200);
    CHECK(contains(moment.body, "data-start=\"310\""));
    CHECK(
        contains(moment.body, "<a class=\"chapter__link\" href=\"?t=305\" aria-current=\"true\">"));
    CHECK(client.get(base + meeting_path() + "?t=12.5").status == 200);
    CHECK(client.get(base + "/en" + meeting_path() + "?t=1500").status == 200);
    // The widget starts there too.
    const auto widget = client.get(base + "/embed/meeting/" + std::to_string(held->id) + "?t=605");
    REQUIRE(widget.status == 200);
    CHECK(contains(widget.body, "data-start=\"605\""));
}

TEST_CASE_FIXTURE(Fixture, "a bad t is a 400 page in the visitor's language") {
    testing::HttpClient client;
    for (const std::string bad : {"abc", "-5", "1e3", "%20", "0x10", "12.", "1.2345", "99999999"}) {
        CAPTURE(bad);
        const auto lt = client.get(base + meeting_path() + "?t=" + bad);
        CHECK(lt.status == 400);
        CHECK(lt.header("content-type") == "text/html; charset=utf-8");
        CHECK(contains(lt.body, "Laikas t – tai sekundės nuo įrašo pradžios, pvz., t=90."));
        const auto en = client.get(base + "/en" + meeting_path() + "?t=" + bad);
        CHECK(en.status == 400);
        CHECK(contains(en.body, "The time t is seconds from the start of the recording"));
        CHECK(
            client.get(base + "/embed/meeting/" + std::to_string(held->id) + "?t=" + bad).status ==
            400);
    }
    // Past the end of a recording that has ended.
    const auto past = client.get(base + meeting_path() + "?t=1501");
    CHECK(past.status == 400);
    CHECK(contains(past.body, "Įrašas trumpesnis: t gali būti daugiausia 1500."));
    CHECK(contains(client.get(base + "/en" + meeting_path() + "?t=2000").body,
                   "The recording is shorter: t can be at most 1500."));
}

TEST_CASE_FIXTURE(Fixture, "the meetings list marks recordings with their length") {
    testing::HttpClient client;
    const int year = site->localization().local_date(held->starts_unix).year;
    const auto lt = client.get(base + "/meetings?year=" + std::to_string(year));
    REQUIRE(lt.status == 200);
    CHECK(contains(lt.body, "<time datetime=\"PT25M0S\">Įrašas 25:00</time>"));
    const auto en = client.get(base + "/en/meetings?year=" + std::to_string(year));
    CHECK(contains(en.body, "<time datetime=\"PT25M0S\">Recording 25:00</time>"));
}

TEST_CASE_FIXTURE(Fixture, "the anonymous page cache follows the recordings' version") {
    testing::HttpClient client;
    const int year = site->localization().local_date(held->starts_unix).year;
    const std::string list = base + "/meetings?year=" + std::to_string(year);
    REQUIRE(contains(client.get(list).body, "Įrašas 25:00"));
    {
        std::lock_guard lock(recordings.mutex);
        recordings.newest_length_s = 3725;
    }
    // Same version: the cached page (made a moment ago) is what visitors get.
    CHECK(contains(client.get(list).body, "Įrašas 25:00"));
    ++recordings.version;
    const auto fresh = client.get(list);
    CHECK(contains(fresh.body, "Įrašas 1:02:05"));
}
