// The clip, download, thumbnail and storyboard addresses over real segments made by the ffmpeg
// command line, through the real site (router, gate, catalogues) and server, with a real client.
#include "portal/recordings/recording_media_routes.hpp"

#include <doctest/doctest.h>
#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "config/config_loader.hpp"
#include "portal/accounts/account_store.hpp"
#include "portal/accounts/session_manager.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/http/csrf_guard.hpp"
#include "portal/schema.hpp"
#include "portal/site/metrics.hpp"
#include "portal/site/site.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/running_server.hpp"
#include "tests/support/test_segments.hpp"

using namespace councilcast;
using namespace councilcast::portal;
namespace json = boost::json;

namespace {

constexpr std::int64_t kMeeting = 5;
constexpr std::int64_t kStartedMs = 1772697600000;  // 2026-03-05 10:00 in Vilnius

std::filesystem::path source_dir() {
    const char* dir = std::getenv("COUNCILCAST_SOURCE_DIR");
    REQUIRE(dir != nullptr);
    return dir;
}

// Two renditions of the same ten seconds (with a restart at six), best first.
struct Renditions {
    std::vector<archive::MediaPiece> large;
    std::vector<archive::MediaPiece> small;
};

const Renditions& renditions() {
    static const Renditions made = [] {
        const auto dir = testing::fresh_directory("recording-media-routes");
        testing::SegmentSpec large;
        large.width = 640;
        large.height = 360;
        return Renditions{testing::make_test_segments(dir / "360p", large),
                          testing::make_test_segments(dir / "180p")};
    }();
    return made;
}

// The source a recordings store would give: meeting 5 has a recording, nothing else does.
// Records the renditions it is asked for.
class Source {
  public:
    RecordingMediaSource function() {
        return [this](std::int64_t meeting_id,
                      std::string_view rendition) -> std::optional<RecordingMedia> {
            {
                std::lock_guard lock(mutex_);
                asked_.emplace_back(rendition);
            }
            if (meeting_id != kMeeting) return std::nullopt;
            RecordingMedia media;
            media.meeting_id = kMeeting;
            media.title = {"Posėdis", "Meeting"};
            media.start_unix_ms = kStartedMs;
            media.renditions = {"360p", "180p"};
            media.rendition = rendition.empty() ? "360p" : std::string(rendition);
            if (media.rendition != "360p" && media.rendition != "180p") return std::nullopt;
            media.pieces = media.rendition == "360p" ? renditions().large : renditions().small;
            media.duration_s = media.pieces.back().start_s + media.pieces.back().duration_s;
            return media;
        };
    }
    std::vector<std::string> asked() {
        std::lock_guard lock(mutex_);
        return asked_;
    }

  private:
    std::mutex mutex_;
    std::vector<std::string> asked_;
};

config::Config test_config(const std::filesystem::path& data_dir) {
    config::Config config = config::demo_config();
    config.server.data_dir = data_dir;
    config.recordings.max_clip = std::chrono::hours{1};
    config.recordings.thumbnail_width = 160;
    return config;
}

// The site with only these routes, served on 127.0.0.1:0.
class MediaSite {
  public:
    explicit MediaSite(RecordingMediaSource source, RecordingVisibilitySource visibility = {})
        : data_dir_(testing::fresh_directory("recording-media-site")),
          config_(test_config(data_dir_)),
          db_(data_dir_ / "councilcast.sqlite"),
          migrated_(migrate_database(db_)),
          writer_(data_dir_ / "councilcast.sqlite"),
          accounts_(data_dir_ / "councilcast.sqlite", writer_),
          audit_(data_dir_ / "councilcast.sqlite", writer_),
          sessions_(accounts_, config_.accounts.session_idle_timeout,
                    config_.accounts.session_absolute_timeout),
          csrf_(data_dir_ / "site.key"),
          site_(config_,
                {source_dir() / "portal" / "templates", source_dir() / "portal" / "messages",
                 source_dir() / "portal" / "static", source_dir() / "node_modules" / "hls.js",
                 source_dir() / "portal" / "api" / "openapi.json"},
                metrics_, writer_, {sessions_, csrf_, audit_, writer_}),
          routes_(config_.recordings, site_.renderer(), site_.localization(), std::move(source),
                  std::move(visibility)),
          server_(config_.http, [this](Request request, RequestContext context) {
              return site_.handle(std::move(request), std::move(context));
          }) {
        site_.add(routes_.entries());
        renditions();  // made now, not inside the first request, which would time out
    }
    // The libav work posts its results to the server's event loop: it ends while that runs.
    ~MediaSite() { routes_.stop(); }
    MediaSite(const MediaSite&) = delete;
    MediaSite& operator=(const MediaSite&) = delete;

    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(server_.port()) + path;
    }

  private:
    std::filesystem::path data_dir_;
    config::Config config_;
    Database db_;
    int migrated_;
    DatabaseWriter writer_;
    AccountStore accounts_;
    AuditLog audit_;
    SessionManager sessions_;
    CsrfGuard csrf_;
    Metrics metrics_;
    Site site_;
    RecordingMediaRoutes routes_;
    testing::RunningServer server_;  // last: stopped first
};

std::filesystem::path saved(const std::string& name, const std::string& bytes) {
    static const auto dir = testing::fresh_directory("recording-media-got");
    std::ofstream(dir / name, std::ios::binary) << bytes;
    return dir / name;
}

// The problem details of a refusal: its status and detail.
std::string refusal(testing::HttpClient& client, const std::string& url,
                    const std::string& language = "") {
    const auto result =
        language.empty() ? client.get(url) : client.get(url, {{"Accept-Language", language}});
    CHECK(result.status == 400);
    CHECK(result.header("content-type") == "application/problem+json");
    const auto problem = json::parse(result.body);
    CHECK(problem.at("status") == 400);
    return std::string(problem.at("detail").as_string());
}

}  // namespace

TEST_CASE("a clip streams as an MP4 named after the meeting and its times") {
    Source source;
    MediaSite site(source.function());
    testing::HttpClient client;
    const auto got = client.get(site.url("/recordings/5/clip.mp4?from=2.5&to=5"));
    REQUIRE(got.status == 200);
    CHECK(got.header("content-type") == "video/mp4");
    CHECK(got.header("transfer-encoding") == "chunked");
    CHECK(got.header("content-disposition") ==
          "attachment; filename=\"posedis-2026-03-05_00-00-02_00-00-05.mp4\"");
    const auto video = testing::decode_video(saved("clip.mp4", got.body));
    CHECK(video.first_is_key);
    CHECK(video.width == 640);  // the best rendition
    CHECK(video.duration_s >= 2.5 - 0.05);
    CHECK(video.duration_s <= 2.5 + 1.0 + 0.05);  // within a GOP of what was asked

    const auto whole = client.get(site.url("/recordings/5/meeting.mp4"));
    REQUIRE(whole.status == 200);
    CHECK(whole.header("content-disposition") == "attachment; filename=\"posedis-2026-03-05.mp4\"");
    CHECK(testing::decode_video(saved("meeting.mp4", whole.body)).duration_s ==
          doctest::Approx(10).epsilon(0.01));

    const auto head = client.head(site.url("/recordings/5/clip.mp4?from=0&to=1"));
    CHECK(head.status == 200);
    CHECK(head.body.empty());
}

TEST_CASE("thumbnails come from the smallest rendition, once, and at the width configured") {
    Source source;
    MediaSite site(source.function());
    testing::HttpClient client;
    const auto first = client.get(site.url("/recordings/5/thumbnail.jpg?t=0"));
    const auto last = client.get(site.url("/recordings/5/thumbnail.jpg?t=9"));
    for (const auto* got : {&first, &last}) {
        REQUIRE(got->status == 200);
        CHECK(got->header("content-type") == "image/jpeg");
        const auto picture = testing::decode_video(saved("thumbnail.jpg", got->body));
        CHECK(picture.width == 160);
        CHECK(picture.height == 90);
    }
    CHECK(first.body != last.body);
    const auto asked = source.asked();
    CHECK(std::count(asked.begin(), asked.end(), "180p") == 2);
    // 9.2 rounds to the second already made: answered from memory, the source not asked.
    const auto again = client.get(site.url("/recordings/5/thumbnail.jpg?t=9.2"));
    CHECK(again.body == last.body);
    CHECK(source.asked().size() == asked.size());
}

TEST_CASE("the storyboard is a sprite and a WebVTT track of its tiles") {
    Source source;
    MediaSite site(source.function());
    testing::HttpClient client;
    const auto track = client.get(site.url("/recordings/5/storyboard.vtt"));
    REQUIRE(track.status == 200);
    CHECK(track.header("content-type") == "text/vtt; charset=utf-8");
    CHECK(
        track.body.starts_with("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n"
                               "/recordings/5/storyboard.jpg#xywh=0,0,160,90\n"));
    const auto sprite = client.get(site.url("/recordings/5/storyboard.jpg"));
    REQUIRE(sprite.status == 200);
    const auto picture = testing::decode_video(saved("sprite.jpg", sprite.body));
    CHECK(picture.width == 5 * 160);  // ten seconds, a tile every two
    CHECK(picture.height == 90);
}

TEST_CASE("bad times are refused in the visitor's language") {
    Source source;
    MediaSite site(source.function());
    testing::HttpClient client;
    CHECK(refusal(client, site.url("/recordings/5/thumbnail.jpg?t=abc"), "en") ==
          "“t” must be a time in seconds from the start of the recording, such as 90 or 90.5.");
    CHECK(refusal(client, site.url("/recordings/5/thumbnail.jpg?t=abc")) ==
          "„t“ turi būti laikas sekundėmis nuo įrašo pradžios, pavyzdžiui, 90 arba 90.5.");
    CHECK(refusal(client, site.url("/recordings/5/thumbnail.jpg?t=-1"), "en")
              .find("cannot be negative") != std::string::npos);
    CHECK(refusal(client, site.url("/recordings/5/thumbnail.jpg?t=11"), "en") ==
          "“t” is past the end of the recording, which is 0:10 long.");
    CHECK(refusal(client, site.url("/recordings/5/clip.mp4?from=5&to=3"), "en") ==
          "“from” must come before “to”.");
    CHECK(refusal(client, site.url("/recordings/5/clip.mp4?from=5&to=12"), "en")
              .find("“to” is past the end") != std::string::npos);
    CHECK(refusal(client, site.url("/recordings/5/clip.mp4?from=10&to=10.0005"), "en") ==
          "“from” is past the end of the recording, which is 0:10 long.");
    CHECK(refusal(client, site.url("/recordings/5/clip.mp4?from=0&to=3601"), "en")
              .find("at most 1 h") != std::string::npos);
    for (const char* bad :
         {"/recordings/5/clip.mp4?from=1", "/recordings/5/clip.mp4?from=1e1&to=20",
          "/recordings/5/clip.mp4?from=nan&to=2", "/recordings/5/thumbnail.jpg",
          "/recordings/5/thumbnail.jpg?t=1&t=2", "/recordings/5/thumbnail.jpg?t=1&size=9"}) {
        CAPTURE(bad);
        refusal(client, site.url(bad), "en");
    }
}

TEST_CASE("a meeting without a recording, or no source at all, is not found") {
    Source source;
    MediaSite site(source.function());
    testing::HttpClient client;
    CHECK(client.get(site.url("/recordings/6/thumbnail.jpg?t=1")).status == 404);
    CHECK(client.get(site.url("/recordings/6/clip.mp4?from=0&to=1")).status == 404);
    MediaSite empty(RecordingMediaSource{});
    for (const char* path : {"/recordings/5/thumbnail.jpg?t=1",
                             "/recordings/5/clip.mp4?from=0&to=1", "/recordings/5/meeting.mp4",
                             "/recordings/5/storyboard.vtt", "/recordings/5/storyboard.jpg"}) {
        CAPTURE(path);
        CHECK(client.get(empty.url(path)).status == 404);
    }
}

namespace {

// Seconds 2..4 hidden (a redaction): the archive leaves that piece out and marks the next one.
RecordingMediaSource redacted(Source& source) {
    return
        [whole = source.function()](std::int64_t meeting_id,
                                    std::string_view rendition) -> std::optional<RecordingMedia> {
            auto media = whole(meeting_id, rendition);
            if (!media) return media;
            media->pieces.erase(media->pieces.begin() + 1);
            media->pieces[1].discontinuity = true;
            return media;
        };
}

}  // namespace

TEST_CASE("a hidden range is in no clip, download or thumbnail") {
    Source source;
    MediaSite site(redacted(source));
    testing::HttpClient client;
    // The whole meeting is two seconds shorter, and plays on over the gap without a pause.
    const auto whole = client.get(site.url("/recordings/5/meeting.mp4"));
    REQUIRE(whole.status == 200);
    const auto video = testing::decode_video(saved("redacted.mp4", whole.body));
    CHECK(video.duration_s == doctest::Approx(8).epsilon(0.01));
    CHECK(video.frames == 8 * 25);  // not one frame of the hidden two seconds
    CHECK(video.largest_step_s < 0.1);
    // A clip across it is shorter by it; one wholly inside it is refused, saying why.
    const auto across = client.get(site.url("/recordings/5/clip.mp4?from=1&to=5"));
    REQUIRE(across.status == 200);
    const auto clip = testing::decode_video(saved("redacted-clip.mp4", across.body));
    CHECK(clip.duration_s <= 2 + 1 + 0.05);  // 4 s asked, 2 s hidden, within a GOP
    CHECK(clip.duration_s >= 2 - 0.05);
    CHECK(refusal(client, site.url("/recordings/5/clip.mp4?from=2.2&to=3.8"), "en") ==
          "All of this part of the recording is hidden, so it cannot be downloaded. Choose "
          "another time.");
    CHECK(client.get(site.url("/recordings/5/thumbnail.jpg?t=3")).status == 404);
    CHECK(client.get(site.url("/recordings/5/thumbnail.jpg?t=5")).status == 200);
    // The storyboard still has a tile every two seconds: the hidden one shows what came before.
    const auto track = client.get(site.url("/recordings/5/storyboard.vtt"));
    REQUIRE(track.status == 200);
    CHECK(track.body.find("00:00:08.000 --> 00:00:10.000") != std::string::npos);
}

TEST_CASE("an unpublished recording's files are not found; a redaction renews thumbnails") {
    Source source;
    RecordingVisibility visibility{false, 1};
    std::mutex mutex;
    MediaSite site(source.function(), [&](std::int64_t) {
        std::lock_guard lock(mutex);
        return visibility;
    });
    testing::HttpClient client;
    for (const char* path : {"/recordings/5/thumbnail.jpg?t=1",
                             "/recordings/5/clip.mp4?from=0&to=1", "/recordings/5/meeting.mp4",
                             "/recordings/5/storyboard.vtt", "/recordings/5/storyboard.jpg"}) {
        CAPTURE(path);
        CHECK(client.get(site.url(path)).status == 404);
    }
    {
        std::lock_guard lock(mutex);
        visibility.published = true;
    }
    const auto first = client.get(site.url("/recordings/5/thumbnail.jpg?t=1"));
    REQUIRE(first.status == 200);
    CHECK(first.header("cache-control") == "public, max-age=3600");
    const auto asked = source.asked().size();
    CHECK(client.get(site.url("/recordings/5/thumbnail.jpg?t=1")).status == 200);
    CHECK(source.asked().size() == asked);  // from memory
    {
        std::lock_guard lock(mutex);
        ++visibility.version;
    }
    CHECK(client.get(site.url("/recordings/5/thumbnail.jpg?t=1")).status == 200);
    CHECK(source.asked().size() > asked);  // made again: a redaction may have hidden it
}
