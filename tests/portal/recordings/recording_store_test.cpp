// Recordings as the store keeps them and the archive places them on their timeline: spans that
// start, finish and continue, an editor's span with its audit entry, an operator's stop and start
// with theirs, chapters, and media times across a worker restart.
#include "portal/recordings/recording_store.hpp"
#include "portal/recordings/redaction_store.hpp"

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>

#include <stdexcept>

#include "common/error.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/recording_lifecycle.hpp"
#include "tests/portal/recordings/recording_fixture.hpp"
#include "tests/support/test_browser.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using councilcast::testing::RecordingFixture;

namespace {

constexpr std::int64_t kStartMs = 1795867200000;  // 2026-11-28T12:00:00.000Z

}  // namespace

TEST_CASE("a recording starts, finishes, and continues when its meeting goes live again") {
    RecordingFixture fixture("recording-lifecycle");
    auto& store = *fixture.store;
    CHECK(store.snapshot()->recordings.empty());
    block_on(store.start(fixture.meeting, "hall", kStartMs));
    auto snapshot = store.snapshot();
    REQUIRE(snapshot->recording(fixture.meeting));
    CHECK(snapshot->recording(fixture.meeting)->state == RecordingState::kRecording);
    CHECK(snapshot->recording(fixture.meeting)->end_unix_ms == 0);
    const auto version = snapshot->version;

    // Starting again changes nothing: the opening stays.
    block_on(store.start(fixture.meeting, "hall", kStartMs + 5000));
    CHECK(store.snapshot()->recording(fixture.meeting)->start_unix_ms == kStartMs);

    block_on(store.finish(fixture.meeting, kStartMs + 60'000));
    snapshot = store.snapshot();
    CHECK(snapshot->version > version);
    CHECK(snapshot->recording(fixture.meeting)->state == RecordingState::kReady);
    CHECK(snapshot->recording(fixture.meeting)->end_unix_ms == kStartMs + 60'000);

    block_on(store.start(fixture.meeting, "hall", kStartMs + 90'000));
    snapshot = store.snapshot();
    CHECK(snapshot->recording(fixture.meeting)->state == RecordingState::kRecording);
    CHECK(snapshot->recording(fixture.meeting)->start_unix_ms == kStartMs);
    CHECK(snapshot->recording(fixture.meeting)->end_unix_ms == 0);

    block_on(store.stop_all(kStartMs + 120'000, "the disk is full"));
    snapshot = store.snapshot();
    CHECK(snapshot->recording(fixture.meeting)->state == RecordingState::kStopped);
    CHECK(snapshot->recording(fixture.meeting)->error == "the disk is full");
    CHECK(snapshot->recording(fixture.meeting)->stopped_by == StopReason::kDiskGuard);
    CHECK(snapshot->recording(fixture.meeting)->end_unix_ms == kStartMs + 120'000);
    // Finishing a stopped recording leaves it as the guard left it.
    block_on(store.finish(fixture.meeting, kStartMs + 200'000));
    CHECK(store.snapshot()->recording(fixture.meeting)->state == RecordingState::kStopped);
}

TEST_CASE("an editor's span: checked, stored with its audit entry") {
    RecordingFixture fixture("recording-span");
    auto& store = *fixture.store;
    auto refused = [&](std::int64_t meeting, std::string channel, std::int64_t from,
                       std::int64_t to) {
        try {
            block_on(store.set_span(meeting, channel, from, to, {}));
        } catch (const InvalidInput& e) {
            return e.key();
        }
        return std::string();
    };
    CHECK(refused(fixture.meeting, "hall", kStartMs, kStartMs) == "recording_error_span");
    CHECK(refused(fixture.meeting, "hall", kStartMs, kStartMs - 1) == "recording_error_span");
    CHECK(refused(fixture.meeting, "", kStartMs, kStartMs + 1) == "recording_error_channel");
    CHECK(refused(fixture.meeting + 99, "hall", kStartMs, kStartMs + 1) ==
          "recording_error_no_meeting");
    CHECK(store.snapshot()->recordings.empty());

    block_on(store.set_span(fixture.meeting, "hall", kStartMs, kStartMs + 3'600'000,
                            [](std::int64_t id) {
                                AuditEntry entry;
                                entry.actor = "editor@example.lt";
                                entry.action = "recording.span";
                                entry.target = "meeting " + std::to_string(id);
                                entry.peer = "test";
                                return entry;
                            }));
    const Recording* recording = store.snapshot()->recording(fixture.meeting);
    REQUIRE(recording);
    CHECK(recording->state == RecordingState::kReady);
    CHECK(recording->end_unix_ms == kStartMs + 3'600'000);
    AuditLog audit(fixture.database, *fixture.writer);
    const auto entries = audit.entries(10);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].action == "recording.span");
    CHECK(entries[0].target == "meeting " + std::to_string(fixture.meeting));
}

TEST_CASE(
    "an operator stops a live meeting's recording, a restart leaves it stopped, and starts it") {
    const std::string kHidden = "Įrašymas buvo sustabdytas pulte.";
    RecordingFixture fixture("recording-operator");
    auto& store = *fixture.store;
    block_on(store.start(fixture.meeting, "hall", kStartMs));
    AuditLog audit(fixture.database, *fixture.writer);
    const auto operator_note = [](std::int64_t id) {
        AuditEntry entry;
        entry.actor = "operatore@example.lt";
        entry.action = "hall.recording";
        entry.target = "meeting " + std::to_string(id);
        entry.peer = "test";
        return entry;
    };

    // The audit entry is written with the change: one that cannot be written takes the stop back.
    CHECK_THROWS(block_on(store.switch_recording(
        fixture.meeting, "hall", false, kStartMs + 60'000, kHidden,
        [](std::int64_t) -> AuditEntry { throw std::runtime_error("no audit entry"); })));
    CHECK(store.snapshot()->recording(fixture.meeting)->state == RecordingState::kRecording);
    CHECK(audit.entries(10).empty());

    CHECK(block_on(store.switch_recording(fixture.meeting, "hall", false, kStartMs + 60'000,
                                          kHidden, operator_note)));
    const Recording* stopped = store.snapshot()->recording(fixture.meeting);
    REQUIRE(stopped);
    CHECK(stopped->state == RecordingState::kStopped);
    CHECK(stopped->stopped_by == StopReason::kOperator);
    CHECK(stopped->error.empty());
    CHECK(stopped->start_unix_ms == kStartMs);
    CHECK(stopped->end_unix_ms == kStartMs + 60'000);
    auto entries = audit.entries(10);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].action == "hall.recording");
    CHECK(entries[0].actor == "operatore@example.lt");
    CHECK(entries[0].target == "meeting " + std::to_string(fixture.meeting));
    // A second operator's stop finds it stopped: nothing changes, nothing is audited.
    CHECK_FALSE(block_on(store.switch_recording(fixture.meeting, "hall", false, kStartMs + 61'000,
                                                kHidden, operator_note)));
    CHECK(store.snapshot()->recording(fixture.meeting)->end_unix_ms == kStartMs + 60'000);
    CHECK(audit.entries(10).size() == 1);

    // A restart of the portal: its lifecycle reconciles the live meeting with its recording,
    // which stays stopped (a finished one would start again).
    {
        const PageRenderer renderer(
            std::filesystem::path(testing::source_dir()) / "portal" / "templates",
            std::filesystem::path(testing::source_dir()) / "portal" / "messages");
        boost::asio::io_context io;
        RecordingLifecycle lifecycle(store, renderer, io.get_executor());
        lifecycle.reconcile(*fixture.council->snapshot());
        io.run();
        fixture.writer->flush();
    }
    CHECK(store.snapshot()->recording(fixture.meeting)->state == RecordingState::kStopped);
    CHECK(store.snapshot()->recording(fixture.meeting)->stopped_by == StopReason::kOperator);

    // Started again, the meeting's one recording continues: its opening stays.
    CHECK(block_on(store.switch_recording(fixture.meeting, "hall", true, kStartMs + 120'000,
                                          kHidden, operator_note)));
    const Recording* again = store.snapshot()->recording(fixture.meeting);
    CHECK(again->state == RecordingState::kRecording);
    CHECK(again->stopped_by == StopReason::kNone);
    CHECK(again->start_unix_ms == kStartMs);
    CHECK(again->end_unix_ms == 0);
    entries = audit.entries(10);
    CHECK(entries.size() == 2);
    // What was broadcast while it was stopped is hidden from the public, by the operator.
    const RedactionStore redactions(fixture.database, *fixture.writer);
    const auto hidden = redactions.snapshot()->active_of(fixture.meeting);
    REQUIRE(hidden.size() == 1);
    CHECK(hidden[0]->from_unix_ms == kStartMs + 60'000);
    CHECK(hidden[0]->to_unix_ms == kStartMs + 120'000);
    CHECK(hidden[0]->reason == kHidden);
    CHECK(hidden[0]->created_by == "operatore@example.lt");

    // A meeting that is not there is refused, as an editor's span is.
    CHECK_THROWS_AS(block_on(store.switch_recording(fixture.meeting + 99, "hall", false,
                                                    kStartMs + 130'000, kHidden, operator_note)),
                    InvalidInput);
}

TEST_CASE("chapters: one per agenda item or vote, retitled in place; speakers add up") {
    RecordingFixture fixture("recording-chapters");
    auto& store = *fixture.store;
    block_on(store.mark(fixture.meeting, ChapterKind::kVote, 7, {"Pritarti", "Approve"},
                        kStartMs + 10'000));
    block_on(store.mark(fixture.meeting, ChapterKind::kAgenda, 3, {"Biudžetas", "Budget"},
                        kStartMs + 5000));
    block_on(store.mark(fixture.meeting, ChapterKind::kVote, 7,
                        {"Pritarti — PRIIMTA", "Approve — ADOPTED"}, kStartMs + 30'000));
    block_on(
        store.mark(fixture.meeting, ChapterKind::kSpeaker, 0, {"Asta", "Asta"}, kStartMs + 12'000));
    block_on(
        store.mark(fixture.meeting, ChapterKind::kSpeaker, 0, {"Asta", "Asta"}, kStartMs + 14'000));
    const auto chapters = store.snapshot()->chapters_of(fixture.meeting);
    REQUIRE(chapters.size() == 4);
    CHECK(chapters[0]->kind == ChapterKind::kAgenda);
    CHECK(chapters[1]->kind == ChapterKind::kVote);
    CHECK(chapters[1]->title.en == "Approve — ADOPTED");
    CHECK(chapters[1]->at_unix_ms == kStartMs + 10'000);  // the opening's time stays
    CHECK(chapters[2]->kind == ChapterKind::kSpeaker);
    CHECK(chapter_kind_name(chapters[3]->kind) == "speaker");
    CHECK(store.snapshot()->chapters_of(fixture.meeting + 1).empty());
}

TEST_CASE("the archive: a recording's segments, media times across a restart, its summary") {
    RecordingFixture fixture("recording-archive");
    // Three segments, then a worker restart that loses 9 s, then three more.
    for (int n = 0; n < 3; ++n) fixture.add_segment(n, kStartMs + n * 2000);
    fixture.writer->execute([&](Database&) { fixture.index->mark_discontinuity("hall"); });
    for (int n = 3; n < 6; ++n) fixture.add_segment(n, kStartMs + 9000 + n * 2000);
    // A segment before the meeting went live is not its recording's.
    fixture.add_segment(99, kStartMs - 60'000);

    auto& archive = *fixture.archive;
    CHECK_FALSE(archive.media_time(fixture.meeting, kStartMs));
    block_on(fixture.store->start(fixture.meeting, "hall", kStartMs));
    CHECK(archive.segments(fixture.meeting, "")->size() == 6);
    CHECK(archive.segments(fixture.meeting, "1080p")->empty());
    CHECK(*archive.media_time(fixture.meeting, kStartMs + 3000) == doctest::Approx(3));
    CHECK(*archive.media_time(fixture.meeting, kStartMs + 10'000) == doctest::Approx(6));
    CHECK(*archive.media_time(fixture.meeting, kStartMs + 16'000) == doctest::Approx(7));
    CHECK_FALSE(archive.media_time(fixture.meeting, kStartMs - 1));
    // An editor's typed time is stored as the moment it shows.
    CHECK(*archive.unix_ms_at(fixture.meeting, 7) == kStartMs + 16'000);
    CHECK_FALSE(archive.unix_ms_at(fixture.meeting + 1, 7));

    // Growing: a segment that arrives joins the recording's timeline.
    const auto before_growth = archive.segments(fixture.meeting, "");
    const archive::Segment arrived = fixture.add_segment(6, kStartMs + 9000 + 6 * 2000);
    const auto grown = archive.segments(fixture.meeting, "");
    REQUIRE(grown->size() == 7);
    CHECK(std::equal(before_growth->begin(), before_growth->end(), grown->begin(),
                     [](const auto& a, const auto& b) { return a.file == b.file; }));
    CHECK(grown->back().file == arrived.file);

    block_on(fixture.store->mark(fixture.meeting, ChapterKind::kAgenda, 1, {"Pirmas", "First"},
                                 kStartMs + 1000));
    block_on(fixture.store->mark(fixture.meeting, ChapterKind::kVote, 2, {"Balsavimas", "Vote"},
                                 kStartMs + 17'000));
    auto summary = archive.timeline(fixture.meeting);
    REQUIRE(summary);
    CHECK(summary->live);
    CHECK(summary->duration_s == doctest::Approx(14));
    REQUIRE(summary->chapters.size() == 2);
    CHECK(summary->chapters[0].start_s == doctest::Approx(1));
    CHECK(summary->chapters[1].kind == ChapterKind::kVote);
    CHECK(summary->chapters[1].start_s == doctest::Approx(8));

    auto media = archive.media_source()(fixture.meeting, "");
    REQUIRE(media);
    CHECK(media->rendition == "720p");
    REQUIRE(media->pieces.size() == 7);
    CHECK(media->pieces[3].discontinuity);
    CHECK_FALSE(media->pieces[2].discontinuity);
    CHECK(media->pieces[3].start_s == doctest::Approx(6));
    CHECK(media->title.en == "Council meeting");
    CHECK(std::filesystem::exists(media->pieces[0].file));
    CHECK_FALSE(archive.media_source()(fixture.meeting, "1080p"));
    CHECK_FALSE(archive.media_source()(fixture.meeting + 1, ""));

    // Finished: the span ends, and so does the summary's liveness; the version moved.
    const auto before = archive.version();
    block_on(fixture.store->finish(fixture.meeting, kStartMs + 13'000));
    CHECK(archive.version() != before);
    CHECK(archive.segments(fixture.meeting, "")->size() == 3);
    CHECK_FALSE(archive.timeline(fixture.meeting)->live);
}
