// Editors' annotations as the store keeps them: every change with its audit entry and its undo,
// the automatic marks leaving an editor's chapter alone, bad input refused, and what the public
// sees of them: the timeline's speaker and note chapters, search, and a member's speeches.
#include "portal/recordings/annotation_store.hpp"

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/search/search_index.hpp"
#include "portal/search/search_query.hpp"
#include "portal/search_documents.hpp"
#include "tests/portal/recordings/recording_fixture.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using councilcast::testing::RecordingFixture;

namespace {

constexpr std::int64_t kStartMs = 1795867200000;  // 2026-11-28T12:00:00.000Z
constexpr std::int64_t kEditor = 41;
constexpr std::int64_t kOtherEditor = 42;

AuditNote audited(std::string action) {
    return [action = std::move(action)](std::int64_t id) {
        AuditEntry entry;
        entry.actor_user_id = kEditor;
        entry.actor = "editor@example.lt";
        entry.action = action;
        entry.target = std::to_string(id);
        entry.peer = "test";
        return entry;
    };
}

// A recording of an hour of 2 s segments' worth (ten of them indexed), an agenda item and a
// council member.
struct Annotated : RecordingFixture {
    std::unique_ptr<AnnotationStore> annotations;
    std::unique_ptr<AuditLog> audit;
    std::int64_t item = 0;
    std::int64_t member = 0;

    explicit Annotated(const std::string& name) : RecordingFixture(name) {
        block_on(store->set_span(meeting, "hall", kStartMs, kStartMs + 3'600'000, {}));
        for (int n = 0; n < 10; ++n) add_segment(n, kStartMs + n * 2000);
        AgendaItem agenda;
        agenda.meeting_id = meeting;
        agenda.position = 1;
        agenda.title = {"Biudžetas", "Budget"};
        item = block_on(council->add_agenda_item(agenda));
        CouncilMember person;
        person.name = "Rasa Petrauskienė";
        person.term_start = "2023-04-20";
        member = block_on(council->add_member(person));
        annotations = std::make_unique<AnnotationStore>(*writer, *store);
        audit = std::make_unique<AuditLog>(database, *writer);
    }

    std::size_t audit_entries() { return audit->entries(1000).size(); }

    std::string refused_key(AnnotationStore::Write<std::int64_t> write) {
        try {
            block_on(std::move(write));
        } catch (const InvalidInput& e) {
            return e.key();
        }
        return {};
    }
};

Chapter chapter_at(std::int64_t meeting, std::int64_t id, LocalizedText title, std::int64_t at) {
    Chapter chapter;
    chapter.id = id;
    chapter.meeting_id = meeting;
    chapter.kind = ChapterKind::kAgenda;
    chapter.title = std::move(title);
    chapter.at_unix_ms = at;
    return chapter;
}

}  // namespace

TEST_CASE("every change is audited in its transaction, and each editor's last one undone") {
    Annotated fixture("annotation-audit");
    auto& annotations = *fixture.annotations;
    const std::size_t before = fixture.audit_entries();
    const auto version = fixture.store->snapshot()->version;

    const std::int64_t chapter = block_on(annotations.save_chapter(
        kEditor, chapter_at(fixture.meeting, 0, {"Pradžia", "Opening"}, kStartMs + 1000),
        audited("recording.chapter")));
    CHECK(fixture.audit_entries() == before + 1);
    CHECK(fixture.store->snapshot()->version > version);  // the public pages refresh
    block_on(annotations.save_chapter(
        kEditor, chapter_at(fixture.meeting, chapter, {"Atidarymas", "Opening"}, kStartMs + 2000),
        audited("recording.chapter")));
    CHECK(fixture.audit_entries() == before + 2);
    auto snapshot = fixture.store->snapshot();
    REQUIRE(snapshot->chapters_of(fixture.meeting).size() == 1);
    CHECK(snapshot->chapters_of(fixture.meeting)[0]->title.lt == "Atidarymas");
    CHECK(snapshot->chapters_of(fixture.meeting)[0]->edited);
    REQUIRE(snapshot->undo_of(fixture.meeting, kEditor));
    CHECK(snapshot->undo_of(fixture.meeting, kEditor)->subject == "chapter");
    CHECK_FALSE(snapshot->undo_of(fixture.meeting, kOtherEditor));

    // Another editor adds a speaker; the first one's undo takes back only the first one's edit.
    SpeakerRange speaker;
    speaker.meeting_id = fixture.meeting;
    speaker.member_id = fixture.member;
    speaker.from_unix_ms = kStartMs + 4000;
    speaker.to_unix_ms = kStartMs + 9000;
    const std::int64_t speaker_id =
        block_on(annotations.save_speaker(kOtherEditor, speaker, audited("recording.speaker")));
    CHECK(block_on(annotations.undo(kEditor, fixture.meeting, audited("recording.undo"))));
    CHECK(fixture.audit_entries() == before + 4);
    snapshot = fixture.store->snapshot();
    CHECK(snapshot->chapters_of(fixture.meeting)[0]->title.lt == "Pradžia");
    CHECK(snapshot->chapters_of(fixture.meeting)[0]->at_unix_ms == kStartMs + 1000);
    CHECK(snapshot->speakers_of(fixture.meeting).size() == 1);
    // Once: nothing more to undo for that editor.
    CHECK_FALSE(block_on(annotations.undo(kEditor, fixture.meeting, {})));

    // A removal is undone too: the speaker comes back as it was.
    block_on(annotations.remove_speaker(kOtherEditor, fixture.meeting, speaker_id,
                                        audited("recording.speaker.remove")));
    CHECK(fixture.store->snapshot()->speakers_of(fixture.meeting).empty());
    CHECK(block_on(annotations.undo(kOtherEditor, fixture.meeting, {})));
    snapshot = fixture.store->snapshot();
    REQUIRE(snapshot->speakers_of(fixture.meeting).size() == 1);
    CHECK(snapshot->speakers_of(fixture.meeting)[0]->id == speaker_id);
    CHECK(snapshot->speakers_of(fixture.meeting)[0]->member_id == fixture.member);

    // An added note is removed by undo; a removed chapter comes back.
    RecordingNote note;
    note.meeting_id = fixture.meeting;
    note.is_public = true;
    note.text = {"Pertrauka", "Break"};
    note.from_unix_ms = kStartMs + 6000;
    block_on(annotations.save_note(kEditor, note, audited("recording.note")));
    CHECK(fixture.store->snapshot()->notes_of(fixture.meeting).size() == 1);
    CHECK(block_on(annotations.undo(kEditor, fixture.meeting, {})));
    CHECK(fixture.store->snapshot()->notes_of(fixture.meeting).empty());
    block_on(annotations.remove_chapter(kEditor, fixture.meeting, chapter, {}));
    CHECK(fixture.store->snapshot()->chapters_of(fixture.meeting).empty());
    CHECK(block_on(annotations.undo(kEditor, fixture.meeting, {})));
    CHECK(fixture.store->snapshot()->chapters_of(fixture.meeting).size() == 1);

    // Another editor changes that chapter since: the first one's undo would take that change
    // back too, so there is nothing left for the first one to undo.
    block_on(annotations.save_chapter(
        kEditor, chapter_at(fixture.meeting, chapter, {"Įžanga", "Opening"}, kStartMs + 1500), {}));
    block_on(annotations.save_chapter(
        kOtherEditor, chapter_at(fixture.meeting, chapter, {"Pradžia", "Start"}, kStartMs + 1200),
        {}));
    CHECK_FALSE(block_on(annotations.undo(kEditor, fixture.meeting, {})));
    CHECK(fixture.store->snapshot()->chapters_of(fixture.meeting)[0]->title.lt == "Pradžia");
}

TEST_CASE("the automatic marks never overwrite an editor's chapter nor bring back a removed one") {
    Annotated fixture("annotation-marks");
    auto& store = *fixture.store;
    block_on(store.mark(fixture.meeting, ChapterKind::kAgenda, fixture.item,
                        {"Biudžetas", "Budget"}, kStartMs + 5000));
    block_on(store.mark(fixture.meeting, ChapterKind::kVote, 7, {"Pritarti", "Approve"},
                        kStartMs + 8000));
    auto chapters = store.snapshot()->chapters_of(fixture.meeting);
    REQUIRE(chapters.size() == 2);
    CHECK_FALSE(chapters[0]->edited);
    Chapter edited = *chapters[0];
    edited.title = {"Biudžeto svarstymas", "The budget"};
    edited.at_unix_ms = kStartMs + 3000;
    block_on(fixture.annotations->save_chapter(kEditor, edited, {}));
    block_on(fixture.annotations->remove_chapter(kEditor, fixture.meeting, chapters[1]->id, {}));

    // The voting listener marks them again, as it does on every change while live.
    block_on(store.mark(fixture.meeting, ChapterKind::kAgenda, fixture.item,
                        {"Biudžetas (2)", "Budget (2)"}, kStartMs + 9000));
    block_on(store.mark(fixture.meeting, ChapterKind::kVote, 7,
                        {"Pritarti — PRIIMTA", "Approve — ADOPTED"}, kStartMs + 8000));
    chapters = store.snapshot()->chapters_of(fixture.meeting);
    REQUIRE(chapters.size() == 1);
    CHECK(chapters[0]->title.lt == "Biudžeto svarstymas");
    CHECK(chapters[0]->at_unix_ms == kStartMs + 3000);
    CHECK(chapters[0]->ref_id == fixture.item);
}

TEST_CASE("bad annotations are refused and change nothing") {
    Annotated fixture("annotation-refused");
    auto& annotations = *fixture.annotations;
    const auto version = fixture.store->snapshot()->version;
    const std::size_t entries = fixture.audit_entries();
    CHECK(fixture.refused_key(annotations.save_chapter(
              kEditor, chapter_at(fixture.meeting, 0, {"  ", ""}, kStartMs + 1000), {})) ==
          "annotation_error_title");
    CHECK(fixture.refused_key(annotations.save_chapter(
              kEditor, chapter_at(fixture.meeting, 0, {"Per vėlai", ""}, kStartMs + 3'600'001),
              {})) == "annotation_error_outside");
    CHECK(fixture.refused_key(annotations.save_chapter(
              kEditor, chapter_at(fixture.meeting, 999, {"Nėra", ""}, kStartMs + 1000), {})) ==
          "annotation_error_not_found");
    Chapter linked = chapter_at(fixture.meeting, 0, {"Kitas", ""}, kStartMs + 1000);
    linked.ref_id = fixture.item + 100;
    CHECK(fixture.refused_key(annotations.save_chapter(kEditor, linked, {})) ==
          "annotation_error_agenda_item");
    Chapter elsewhere = chapter_at(fixture.meeting + 50, 0, {"Kitur", ""}, kStartMs + 1000);
    CHECK(fixture.refused_key(annotations.save_chapter(kEditor, elsewhere, {})) ==
          "annotation_error_no_recording");

    SpeakerRange speaker;
    speaker.meeting_id = fixture.meeting;
    speaker.member_id = fixture.member + 100;
    speaker.from_unix_ms = kStartMs + 1000;
    speaker.to_unix_ms = kStartMs + 2000;
    CHECK(fixture.refused_key(annotations.save_speaker(kEditor, speaker, {})) ==
          "annotation_error_member");
    speaker.member_id = fixture.member;
    speaker.guest_name = "Svečias";
    CHECK(fixture.refused_key(annotations.save_speaker(kEditor, speaker, {})) ==
          "annotation_error_speaker");
    speaker.member_id = 0;
    speaker.to_unix_ms = speaker.from_unix_ms;
    CHECK(fixture.refused_key(annotations.save_speaker(kEditor, speaker, {})) ==
          "annotation_error_order");
    speaker.guest_name = " ";
    speaker.to_unix_ms = kStartMs + 2000;
    CHECK(fixture.refused_key(annotations.save_speaker(kEditor, speaker, {})) ==
          "annotation_error_speaker");

    RecordingNote note;
    note.meeting_id = fixture.meeting;
    note.text = {"", "Only English"};
    note.from_unix_ms = kStartMs + 1000;
    CHECK(fixture.refused_key(annotations.save_note(kEditor, note, {})) ==
          "annotation_error_note_text");
    note.text = {"Pastaba", ""};
    note.to_unix_ms = kStartMs + 500;
    CHECK(fixture.refused_key(annotations.save_note(kEditor, note, {})) ==
          "annotation_error_order");
    note.text.lt = std::string(5000, 'a');
    note.to_unix_ms = 0;
    CHECK(fixture.refused_key(annotations.save_note(kEditor, note, {})) ==
          "annotation_error_too_long");

    CHECK(fixture.store->snapshot()->version == version);
    CHECK(fixture.audit_entries() == entries);
    CHECK_FALSE(fixture.store->snapshot()->undo_of(fixture.meeting, kEditor));
}

TEST_CASE("the public sees speakers and public notes: timeline, search, the member's speeches") {
    Annotated fixture("annotation-public");
    auto& annotations = *fixture.annotations;
    SpeakerRange member;
    member.meeting_id = fixture.meeting;
    member.member_id = fixture.member;
    member.from_unix_ms = kStartMs + 4000;
    member.to_unix_ms = kStartMs + 10'000;
    block_on(annotations.save_speaker(kEditor, member, {}));
    SpeakerRange guest;
    guest.meeting_id = fixture.meeting;
    guest.guest_name = "Jonas Svečias";
    guest.from_unix_ms = kStartMs + 12'000;
    guest.to_unix_ms = kStartMs + 14'000;
    block_on(annotations.save_speaker(kEditor, guest, {}));
    RecordingNote shown;
    shown.meeting_id = fixture.meeting;
    shown.is_public = true;
    shown.text = {"Techninė pertrauka", "Technical break"};
    shown.from_unix_ms = kStartMs + 6000;
    block_on(annotations.save_note(kEditor, shown, {}));
    RecordingNote internal = shown;
    internal.is_public = false;
    internal.text = {"Slaptas komentaras", "Secret remark"};
    block_on(annotations.save_note(kEditor, internal, {}));

    const auto timeline = fixture.archive->timeline(fixture.meeting);
    REQUIRE(timeline);
    std::vector<std::string> seen;
    for (const auto& chapter : timeline->chapters) {
        seen.push_back(std::string(chapter_kind_name(chapter.kind)) + " " + chapter.title.lt + " " +
                       std::to_string(static_cast<int>(chapter.start_s)));
    }
    CHECK(seen == std::vector<std::string>{"speaker Rasa Petrauskienė 4",
                                           "note Techninė pertrauka 6",
                                           "speaker Jonas Svečias 12"});

    const auto documents = annotation_documents(*fixture.store->snapshot(),
                                                *fixture.council->snapshot(), *fixture.archive);
    const SearchIndex index(documents, {});
    auto found = [&](const char* words) {
        return index.search(*fts_query(words), Language::kLt, 10, 0).hits;
    };
    const auto speaker_hits = found("Petrauskienė");
    REQUIRE(speaker_hits.size() == 1);
    CHECK(speaker_hits[0].kind == "speaker");
    CHECK(speaker_hits[0].t == doctest::Approx(4));
    const auto note_hits = found("pertrauka");
    REQUIRE(note_hits.size() == 1);
    CHECK(note_hits[0].kind == "note");
    CHECK(note_hits[0].t == doctest::Approx(6));
    CHECK(found("Slaptas").empty());

    const auto speeches = fixture.archive->speeches_of(fixture.member);
    REQUIRE(speeches.size() == 1);
    CHECK(speeches[0].meeting_id == fixture.meeting);
    CHECK(speeches[0].start_s == doctest::Approx(4));
    CHECK(speeches[0].end_s == doctest::Approx(10));
    CHECK(fixture.archive->speeches_of(fixture.member + 1).empty());
}
