// Redactions and publishing as the store keeps them and every output of the archive leaves
// them out: a reason required and every change audited, hidden ranges rounded out to whole
// segments, the playlist's gaps, the clip pieces, chapters, search, restore, and the legal
// retention that keeps hidden segments on disk.
#include "portal/recordings/redaction_store.hpp"

#include <doctest/doctest.h>

#include "archive/playlist.hpp"
#include "common/error.hpp"
#include "common/unix_time.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/recordings/redaction_staff_page.hpp"
#include "portal/search_documents.hpp"
#include "tests/portal/recordings/recording_fixture.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using councilcast::testing::RecordingFixture;

namespace {

// Now-ish, so a redaction made now is inside the legal retention and one of old is not.
const std::int64_t kStartMs = now_unix_ms() - 3'600'000;

AuditNote note(std::string action) {
    return [action = std::move(action)](std::int64_t id) {
        AuditEntry entry;
        entry.actor = "editor@example.lt";
        entry.action = action;
        entry.target = std::to_string(id);
        entry.peer = "test";
        return entry;
    };
}

// A meeting recorded on ten 2 s segments, with redactions and the audit log.
struct Redacted {
    RecordingFixture fixture{"redaction"};
    RedactionStore redactions{fixture.database, *fixture.writer};
    AuditLog audit{fixture.database, *fixture.writer};

    Redacted() {
        for (int n = 0; n < 10; ++n) fixture.add_segment(n, kStartMs + n * 2000);
        block_on(fixture.store->start(fixture.meeting, "hall", kStartMs));
        block_on(fixture.store->finish(fixture.meeting, kStartMs + 20'000));
        fixture.archive->use_redactions(redactions);
    }
    std::int64_t hide(std::int64_t from_ms, std::int64_t to_ms) {
        return block_on(redactions.hide(fixture.meeting, kStartMs + from_ms, kStartMs + to_ms,
                                        "Asmens duomenys", "editor@example.lt",
                                        note("recording.redact")));
    }
    std::vector<std::string> actions() {
        std::vector<std::string> found;
        for (const auto& entry : audit.entries(100)) found.push_back(entry.action);
        return found;
    }
};

}  // namespace

TEST_CASE("a redaction needs a reason and a range; every change is audited with it") {
    Redacted r;
    auto refused = [&](std::string reason, std::int64_t from, std::int64_t to) {
        try {
            block_on(r.redactions.hide(r.fixture.meeting, from, to, std::move(reason), "e",
                                       note("recording.redact")));
        } catch (const InvalidInput& e) {
            return e.key();
        }
        return std::string("accepted");
    };
    CHECK(refused("  \n ", kStartMs, kStartMs + 1000) == "redaction_error_reason");
    CHECK(refused(std::string(1001, 'x'), kStartMs, kStartMs + 1000) ==
          "redaction_error_reason_long");
    CHECK(refused("why", kStartMs + 1000, kStartMs + 1000) == "redaction_error_range");
    CHECK(refused("why", 0, 0) == "redaction_error_range");
    try {
        block_on(
            r.redactions.hide(r.fixture.meeting + 99, kStartMs, kStartMs + 10, "why", "e", {}));
        FAIL("a meeting without a recording was redacted");
    } catch (const InvalidInput& e) {
        CHECK(e.key() == "redaction_error_no_recording");
    }
    CHECK(r.actions().empty());

    const std::int64_t id = r.hide(3000, 5000);
    auto snapshot = r.redactions.snapshot();
    REQUIRE(snapshot->of(r.fixture.meeting).size() == 1);
    const Redaction& made = *snapshot->redaction(id);
    CHECK(made.reason == "Asmens duomenys");
    CHECK(made.created_by == "editor@example.lt");
    CHECK(made.active());
    CHECK(r.actions() == std::vector<std::string>{"recording.redact"});

    block_on(r.redactions.restore(id, "admin@example.lt", note("recording.restore")));
    snapshot = r.redactions.snapshot();
    CHECK_FALSE(snapshot->redaction(id)->active());
    CHECK(snapshot->redaction(id)->restored_by == "admin@example.lt");
    CHECK(snapshot->active_of(r.fixture.meeting).empty());
    CHECK(snapshot->of(r.fixture.meeting).size() == 1);  // the record stays
    try {
        block_on(r.redactions.restore(id, "admin@example.lt", note("recording.restore")));
        FAIL("restored twice");
    } catch (const InvalidInput& e) {
        CHECK(e.key() == "redaction_error_restored");
    }

    CHECK(r.fixture.archive->published(r.fixture.meeting));
    block_on(r.redactions.set_published(r.fixture.meeting, false, note("recording.unpublish")));
    CHECK_FALSE(r.fixture.archive->published(r.fixture.meeting));
    block_on(r.redactions.set_published(r.fixture.meeting, true, note("recording.publish")));
    CHECK(r.fixture.archive->published(r.fixture.meeting));
    const auto actions = r.actions();
    CHECK(actions.size() == 4);
    CHECK(std::find(actions.begin(), actions.end(), "recording.unpublish") != actions.end());
}

TEST_CASE("a hidden range is whole segments, left out of the playlist, pieces and chapters") {
    Redacted r;
    auto& archive = *r.fixture.archive;
    block_on(r.fixture.store->mark(r.fixture.meeting, ChapterKind::kNote, 0, {"Prieš", "Before"},
                                   kStartMs + 1000));
    block_on(r.fixture.store->mark(r.fixture.meeting, ChapterKind::kSpeaker, 0,
                                   {"Paslėpta", "Hidden"}, kStartMs + 6500));
    const auto version = archive.version();
    // 5.5 .. 8.2 s touches the segments of 4-6, 6-8 and 8-10 s.
    const std::int64_t id = r.hide(5500, 8200);
    CHECK(archive.version() != version);
    const auto ranges = archive.hidden_ranges(r.fixture.meeting);
    REQUIRE(ranges.size() == 1);
    CHECK(ranges[0].from_s == doctest::Approx(4));
    CHECK(ranges[0].to_s == doctest::Approx(10));

    const auto segments = archive.segments(r.fixture.meeting, "");
    const auto flags = archive.hidden(r.fixture.meeting, *segments);
    CHECK(flags ==
          std::vector<bool>{false, false, true, true, true, false, false, false, false, false});
    const std::string playlist =
        archive::recording_media_playlist(*segments, archive.target_duration_s(), true, flags);
    CHECK(playlist.find("#EXT-X-VERSION:8\n") != std::string::npos);
    // Each hidden segment keeps its place, marked a gap; the one after starts afresh.
    std::size_t gaps = 0;
    for (auto at = playlist.find("#EXT-X-GAP\n#EXTINF:2.000,\n"); at != std::string::npos;
         at = playlist.find("#EXT-X-GAP\n#EXTINF:2.000,\n", at + 1)) {
        ++gaps;
    }
    CHECK(gaps == 3);
    CHECK(playlist.find("#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:") != std::string::npos);
    CHECK(archive::recording_media_playlist(*segments, archive.target_duration_s(), true)
              .find("#EXT-X-VERSION:3\n") != std::string::npos);

    auto media = archive.media_source()(r.fixture.meeting, "");
    REQUIRE(media);
    REQUIRE(media->pieces.size() == 7);
    CHECK(media->pieces[2].start_s == doctest::Approx(10));
    CHECK(media->pieces[2].discontinuity);
    CHECK(media->duration_s == doctest::Approx(20));

    auto timeline = archive.timeline(r.fixture.meeting);
    REQUIRE(timeline);
    CHECK(timeline->duration_s == doctest::Approx(20));  // a gap, not a cut
    REQUIRE(timeline->chapters.size() == 1);
    CHECK(timeline->chapters[0].title.en == "Before");

    // Search: the chapter inside is gone, a vote there keeps the record but loses its moment.
    std::vector<SearchDocument> documents{
        {.meeting_id = r.fixture.meeting, .kind = "chapter", .title = {}, .body = {}, .t = 6.5},
        {.meeting_id = r.fixture.meeting, .kind = "note", .title = {}, .body = {}, .t = 1},
        {.meeting_id = r.fixture.meeting, .kind = "vote", .title = {}, .body = {}, .t = 7}};
    auto visible = visible_documents(documents, archive);
    REQUIRE(visible.size() == 2);
    CHECK(visible[0].kind == "note");
    CHECK(visible[1].kind == "vote");
    CHECK_FALSE(visible[1].t);

    // Restored: everything comes back.
    block_on(r.redactions.restore(id, "admin@example.lt", {}));
    CHECK(archive.hidden_ranges(r.fixture.meeting).empty());
    CHECK(archive.media_source()(r.fixture.meeting, "")->pieces.size() == 10);
    CHECK(archive.timeline(r.fixture.meeting)->chapters.size() == 2);
    CHECK(visible_documents(documents, archive).size() == 3);

    // Unpublished: nothing of the recording in search but the vote, without its moment.
    block_on(r.redactions.set_published(r.fixture.meeting, false, {}));
    visible = visible_documents(documents, archive);
    REQUIRE(visible.size() == 1);
    CHECK(visible[0].kind == "vote");
    CHECK_FALSE(visible[0].t);
}

TEST_CASE("hidden segments stay on disk until the legal retention has passed") {
    Redacted r;
    r.hide(4000, 8000);
    auto spans = r.fixture.archive->kept_spans();
    REQUIRE(spans.size() == 1);  // within retention: the whole recording is kept
    CHECK(spans[0].start_unix_ms == kStartMs);
    CHECK(spans[0].end_unix_ms == kStartMs + 20'000);

    // The same redaction made longer ago than redaction_retention_days: its range may go.
    r.fixture.config.recordings.redaction_retention_days = 1;
    r.fixture.writer->execute([](Database& db) {
        db.cached("UPDATE recording_redaction SET created_unix_ms = ?")
            .bind(1, now_unix_ms() - 2 * 86'400'000LL)
            .run();
    });
    // The store reads its rows again with its next write.
    block_on(r.redactions.set_published(r.fixture.meeting, true, {}));
    spans = r.fixture.archive->kept_spans();
    REQUIRE(spans.size() == 2);
    CHECK(spans[0].end_unix_ms == kStartMs + 4000);
    CHECK(spans[1].start_unix_ms == kStartMs + 8000);
    CHECK(spans[1].end_unix_ms == kStartMs + 20'000);
    // Retention then takes the hidden segments and nothing else of the recording.
    const auto expired = r.fixture.writer->execute([&](Database&) {
        return r.fixture.index->expired(std::chrono::system_clock::now(), 100, spans);
    });
    std::vector<std::int64_t> starts;
    for (const auto& segment : expired) starts.push_back(segment.start_unix_ms - kStartMs);
    CHECK(starts == std::vector<std::int64_t>{4000, 6000});
}
