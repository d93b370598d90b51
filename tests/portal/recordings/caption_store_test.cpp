// Caption tracks on a real SQLite file through the real writer: an upload replaces its
// language's track with its audit entry in the same transaction; a cue is edited or removed
// only within its meeting; and the tracks as HLS subtitles and WebVTT text.
#include "portal/recordings/caption_store.hpp"

#include <doctest/doctest.h>

#include <string>

#include "common/error.hpp"
#include "portal/recordings/caption_playlists.hpp"
#include "tests/portal/recordings/recording_fixture.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

constexpr std::int64_t kStart = 1795867200000;

AuditEntry entry(std::string action) {
    AuditEntry audit;
    audit.actor = "editor@example.lt";
    audit.action = std::move(action);
    audit.target = "meeting";
    return audit;
}

std::int64_t audit_rows(const std::filesystem::path& database, const std::string& action) {
    Database db(database, Durability::kNormal, OpenMode::kReadOnly);
    Statement count = db.cached("SELECT count(*) FROM audit_log WHERE action = ?");
    count.bind(1, action);
    count.step();
    return count.column_int(0);
}

}  // namespace

TEST_CASE("an upload replaces its language's track, with its audit entry") {
    testing::RecordingFixture fixture("caption-store");
    CaptionStore store(fixture.database, *fixture.writer);
    const auto note = [](std::string action) {
        return [action](std::int64_t) { return entry(action); };
    };
    // No recording yet: nothing to caption.
    CHECK_THROWS_AS(
        block_on(store.replace_track(fixture.meeting, Language::kLt, "a.vtt",
                                     {{0, kStart, kStart + 1000, "a"}}, note("caption.upload"))),
        InvalidInput);
    block_on(fixture.store->start(fixture.meeting, "hall", kStart));

    const std::int64_t first = block_on(store.replace_track(
        fixture.meeting, Language::kLt, "a.vtt",
        {{0, kStart, kStart + 1000, "a"}, {0, kStart + 2000, kStart + 3000, "b"}},
        note("caption.upload")));
    block_on(store.replace_track(fixture.meeting, Language::kEn, "e.vtt",
                                 {{0, kStart, kStart + 1000, "one"}}, note("caption.upload")));
    const std::int64_t second = block_on(
        store.replace_track(fixture.meeting, Language::kLt, "b.srt",
                            {{0, kStart + 500, kStart + 900, "c"}}, note("caption.upload")));
    CHECK(second != first);
    const auto snapshot = store.snapshot();
    REQUIRE(snapshot->tracks_of(fixture.meeting).size() == 2);
    const CaptionTrack* lt = snapshot->track(fixture.meeting, Language::kLt);
    REQUIRE(lt != nullptr);
    CHECK(lt->file_name == "b.srt");
    CHECK(lt->cues == 1);
    CHECK(store.cues(first)->empty());
    REQUIRE(store.cues(second)->size() == 1);
    CHECK(store.cues(second)->front().text == "c");
    CHECK(audit_rows(fixture.database, "caption.upload") == 3);
    CHECK(store.all_cues().size() == 2);

    // A cue changes or goes only within its own meeting, each write with its entry.
    const std::int64_t cue = store.cues(second)->front().id;
    CHECK_THROWS_AS(block_on(store.edit_cue(fixture.meeting + 1, {cue, kStart, kStart + 10, "x"},
                                            note("caption.edit"))),
                    InvalidInput);
    block_on(store.edit_cue(fixture.meeting, {cue, kStart + 100, kStart + 200, "d"},
                            note("caption.edit")));
    CHECK(store.cues(second)->front().text == "d");
    CHECK(store.cues(second)->front().start_unix_ms == kStart + 100);
    CHECK(audit_rows(fixture.database, "caption.edit") == 1);
    block_on(store.delete_cue(fixture.meeting, cue, note("caption.remove")));
    CHECK(store.cues(second)->empty());
    CHECK(store.snapshot()->track(fixture.meeting, Language::kLt)->cues == 0);
    CHECK_THROWS_AS(block_on(store.delete_cue(fixture.meeting, cue, note("caption.remove"))),
                    InvalidInput);
    CHECK(audit_rows(fixture.database, "caption.remove") == 1);
}

TEST_CASE("the master playlist names each track; the subtitles follow the video's segments") {
    const std::string master =
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n"
        "#EXT-X-STREAM-INF:BANDWIDTH=1000\n720p/index.m3u8\n"
        "#EXT-X-STREAM-INF:BANDWIDTH=500\n360p/index.m3u8\n";
    const std::vector<SubtitleEntry> entries = {{Language::kLt, "Lietuvių", true},
                                                {Language::kEn, "Eng\"lish", false}};
    CHECK(master_with_subtitles(master, entries) ==
          "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n"
          "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",LANGUAGE=\"lt\",NAME=\"Lietuvių\","
          "DEFAULT=YES,AUTOSELECT=YES,URI=\"subtitles/lt/index.m3u8\"\n"
          "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"subs\",LANGUAGE=\"en\",NAME=\"Eng lish\","
          "DEFAULT=NO,AUTOSELECT=YES,URI=\"subtitles/en/index.m3u8\"\n"
          "#EXT-X-STREAM-INF:BANDWIDTH=1000,SUBTITLES=\"subs\"\n720p/index.m3u8\n"
          "#EXT-X-STREAM-INF:BANDWIDTH=500,SUBTITLES=\"subs\"\n360p/index.m3u8\n");
    CHECK(master_with_subtitles(master, {}) == master);

    const std::string video =
        "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.000,\na1-000001.ts\n"
        "#EXT-X-DISCONTINUITY\n#EXTINF:1.500,\nb2-000002.ts\n#EXT-X-ENDLIST\n";
    CHECK(subtitle_media_playlist(video) ==
          "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.000,\na1-000001.vtt\n"
          "#EXT-X-DISCONTINUITY\n#EXTINF:1.500,\nb2-000002.vtt\n#EXT-X-ENDLIST\n");

    const std::vector<TimedCue> cues = {
        {0.5, 1.0, "a"}, {1.5, 2.5, "spans"}, {2.0, 3.0, "<i>b</i>"}, {4.0, 5.0, "c"}};
    CHECK(subtitle_segment_vtt(cues, 2.0, 4.0, 8589934000) ==
          "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:8589934000,LOCAL:00:00:02.000\n"
          "\n00:00:01.500 --> 00:00:02.500\nspans\n"
          "\n00:00:02.000 --> 00:00:03.000\n<i>b</i>\n");
    CHECK(caption_track_vtt(cues).starts_with("WEBVTT\n\n00:00:00.500 --> 00:00:01.000\na\n"));
}
