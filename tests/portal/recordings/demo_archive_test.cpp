// The demo's archive as a newcomer finds it: the latest held meetings have short recordings of
// the archive's own channel, each on its timeline with chapters for the agenda and decisions,
// playable segment files; a second start makes nothing again.
#include "portal/recordings/demo_archive.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <regex>

#include "archive/segment_start.hpp"
#include "common/database.hpp"
#include "common/unix_time.hpp"
#include "portal/council/demo_council.hpp"
#include "portal/recordings/recording_archive.hpp"
#include "portal/schema.hpp"
#include "tests/support/demo_process.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

constexpr auto kMade = std::chrono::seconds(120);

struct Fixture {
    std::filesystem::path dir = testing::fresh_directory("demo-archive");
    std::filesystem::path db_file = dir / "councilcast.sqlite";
    config::Config config;
    std::unique_ptr<DatabaseWriter> writer;
    std::optional<archive::SegmentIndex> index;
    std::unique_ptr<RecordingStore> recordings;
    std::unique_ptr<CaptionStore> captions;
    std::unique_ptr<CouncilStore> council;
    config::Channel channel;

    Fixture() {
        {
            Database db(db_file);
            migrate_database(db);
        }
        writer = std::make_unique<DatabaseWriter>(db_file);
        writer->execute([this](Database& db) { index.emplace(db); });
        recordings = std::make_unique<RecordingStore>(db_file, *writer);
        captions = std::make_unique<CaptionStore>(db_file, *writer);
        council = std::make_unique<CouncilStore>(db_file, dir, *writer);
        seed_demo_council(*council, now_unix_ms() / 1000, "hall");
        config::Channel live;
        live.id = "hall";
        live.renditions = {config::Rendition{.name = "720p"}};
        channel = demo_archive_channel(live);
        config.server.data_dir = dir;
        config.channels = {channel};
    }
    ~Fixture() {
        writer->flush();
        writer->execute([this](Database&) { index.reset(); });
    }

    void make_archive() {
        DemoArchive archive(
            {channel, dir / "media", *writer, *index, *recordings, *council, *captions},
            {.meetings = 2, .length = std::chrono::seconds(6)});
        archive.start();
        REQUIRE(archive.wait(kMade));
    }

    std::size_t segment_files() const {
        std::size_t count = 0;
        for (const auto& entry :
             std::filesystem::directory_iterator(dir / "media" / "archyvas" / "360p")) {
            if (entry.path().extension() == ".ts") ++count;
        }
        return count;
    }
};

}  // namespace

TEST_CASE("the archive's channel has one low rendition named for its height") {
    config::Channel live;
    live.id = "hall";
    live.renditions = {config::Rendition{.name = "720p", .width = 1280, .height = 720},
                       config::Rendition{.name = "360p"}};
    const auto archive = demo_archive_channel(live);
    CHECK(archive.id == "archyvas");
    REQUIRE(archive.renditions.size() == 1);
    CHECK(archive.renditions[0].name == "360p");
    CHECK(archive.renditions[0].width == 640);
    CHECK(archive.renditions[0].height == 360);
}

TEST_CASE_FIXTURE(Fixture, "the latest held meetings get recordings with chapters, once") {
    make_archive();
    const auto snapshot = recordings->snapshot();
    REQUIRE(snapshot->recordings.size() == 2);
    RecordingArchive archive(config, db_file, *recordings, *index, *council);
    const auto record = council->snapshot();
    for (const auto& recording : snapshot->recordings) {
        CAPTURE(recording.meeting_id);
        CHECK(recording.channel == "archyvas");
        CHECK(recording.state == RecordingState::kReady);
        const Meeting* meeting = record->meeting(recording.meeting_id);
        REQUIRE(meeting != nullptr);
        CHECK(meeting->status == MeetingStatus::kEnded);
        // In the meeting's own past, where its chapters' times are.
        CHECK(recording.start_unix_ms == meeting->starts_unix * 1000);
        CHECK(recording.end_unix_ms - recording.start_unix_ms ==
              doctest::Approx(6000).epsilon(0.1));

        const auto summary = archive.timeline(recording.meeting_id);
        REQUIRE(summary);
        CHECK_FALSE(summary->live);
        CHECK(summary->duration_s == doctest::Approx(6.0).epsilon(0.1));
        const auto agenda = record->agenda(recording.meeting_id);
        std::size_t decided = 0;
        for (const auto& item : agenda) decided += record->decision_on(item.id) ? 1 : 0;
        // The agenda's and votes' chapters, and what an editor would add: a speaker range of
        // the chair and a public note, so a newcomer sees them.
        std::size_t marks = 0;
        std::size_t speakers = 0;
        std::size_t notes = 0;
        for (const auto& chapter : summary->chapters) {
            marks += chapter.kind == ChapterKind::kAgenda || chapter.kind == ChapterKind::kVote;
            speakers += chapter.kind == ChapterKind::kSpeaker;
            notes += chapter.kind == ChapterKind::kNote;
        }
        REQUIRE(marks == agenda.size() + decided);
        CHECK(speakers == 1);
        CHECK(notes == 1);
        CHECK(summary->chapters.front().kind == ChapterKind::kAgenda);
        CHECK(summary->chapters.front().title.lt == agenda.front().title.lt);
        double previous = -1;
        for (const auto& chapter : summary->chapters) {
            CHECK(chapter.start_s >= previous);
            CHECK(chapter.start_s < summary->duration_s);
            previous = chapter.start_s;
        }
        // Two-second segments on disk, MPEG-TS from their first byte.
        const auto media = archive.media(recording.meeting_id, "");
        REQUIRE(media);
        REQUIRE(media->pieces.size() == 3);
        for (const auto& piece : media->pieces) {
            CHECK(piece.duration_s == doctest::Approx(2.0).epsilon(0.05));
            // Named as the streamer names segments: what the segment routes serve.
            CHECK(std::regex_match(piece.file.filename().string(),
                                   std::regex("[0-9a-f]{1,16}-[0-9]{6,10}\\.ts")));
            std::ifstream file(piece.file, std::ios::binary);
            CHECK(file.get() == 0x47);
        }
    }
    const std::size_t files = segment_files();
    CHECK(files == 6);

    // The latest meeting has captions in both languages (the cues that fit six seconds), and
    // its segments' first timestamps, which subtitle segments are mapped to, run on by two
    // seconds each on the 90 kHz clock.
    const auto tracks = captions->snapshot()->tracks;
    REQUIRE(tracks.size() == 2);
    CHECK(tracks[0].meeting_id == tracks[1].meeting_id);
    CHECK(tracks[0].language == Language::kLt);
    CHECK(tracks[1].language == Language::kEn);
    CHECK(tracks[0].cues == 1);
    const auto media = archive.media(tracks[0].meeting_id, "");
    REQUIRE(media);
    std::optional<std::int64_t> previous;
    for (const auto& piece : media->pieces) {
        const auto pts = archive::segment_start_pts(piece.file);
        REQUIRE(pts);
        if (previous) CHECK(*pts - *previous == doctest::Approx(180000).epsilon(0.02));
        previous = pts;
    }

    // A restart of the demo finds the archive made and leaves it alone.
    make_archive();
    CHECK(recordings->snapshot()->recordings.size() == 2);
    CHECK(segment_files() == files);
}
