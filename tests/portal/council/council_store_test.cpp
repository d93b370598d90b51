// The council's record on a real SQLite file: what editors write is what pages read, and bad
// values are refused with a message an editor understands.
#include "portal/council/council_store.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "common/error.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/council/demo_council.hpp"
#include "portal/schema.hpp"
#include "tests/support/demo_process.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

constexpr std::int64_t kNow = 1795867200;  // 2026-11-28T12:00:00Z, a Saturday

struct Fixture {
    std::filesystem::path dir;
    std::filesystem::path database;
    std::unique_ptr<DatabaseWriter> writer;

    explicit Fixture(const std::string& name)
        : dir(testing::fresh_directory(name)), database(dir / "councilcast.sqlite") {
        Database db(database);
        migrate_database(db);
        writer = std::make_unique<DatabaseWriter>(database);
    }
};

std::string read_all(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

}  // namespace

TEST_CASE("a meeting with its agenda, documents and decision reads back from the snapshot") {
    Fixture fixture("council-store");
    CouncilStore store(fixture.database, fixture.dir, *fixture.writer);
    const auto before = store.snapshot();

    const auto group =
        block_on(store.add_group({0, {"Liberalų sąjūdis", "Liberal Movement"}, "LS"}));
    CouncilMember member;
    member.name = "Rasa Petrauskienė";
    member.group_id = group;
    member.position = CouncilPosition::kChair;
    member.term_start = "2023-04-20";
    const auto member_id = block_on(store.add_member(member));

    Meeting meeting;
    meeting.title = {"Tarybos posėdis Nr. 1", ""};
    meeting.starts_unix = kNow;
    meeting.channel_id = "hall";
    const auto meeting_id = block_on(store.add_meeting(meeting));
    AgendaItem second{0, meeting_id, 0, {"Dėl biudžeto", "Budget"}, "Asta", {"**Svarbu**", ""}};
    AgendaItem first{0, meeting_id, 0, {"Dėl darbotvarkės", ""}, "", {}};
    const auto first_id = block_on(store.add_agenda_item(first));
    const auto second_id = block_on(store.add_agenda_item(second));
    const std::string pdf = "%PDF-1.4\n%demo\n";
    Document draft{0, second_id, {"Projektas", "Draft"}, "projektas.pdf", "application/pdf"};
    const auto document_id = block_on(store.add_document(draft, pdf));
    const auto decision_id = block_on(store.add_decision(
        {0, second_id, "KS-1", DecisionOutcome::kPostponed, {"Atidėti.", "Postponed."}, kNow}));

    // A reader holding the old snapshot keeps seeing it whole.
    CHECK(before->meetings.empty());
    const auto now = store.snapshot();
    CHECK(now->version > before->version);
    REQUIRE(now->meeting(meeting_id));
    CHECK(now->meeting(meeting_id)->channel_id == "hall");
    CHECK(now->member(member_id)->position == CouncilPosition::kChair);
    CHECK(now->group(group)->abbreviation == "LS");
    auto agenda = now->agenda(meeting_id);
    REQUIRE(agenda.size() == 2);
    CHECK(agenda[0].id == first_id);
    CHECK(agenda[0].position == 1);
    CHECK(agenda[1].position == 2);
    CHECK(now->agenda(meeting_id + 1).empty());
    REQUIRE(now->documents_of(second_id).size() == 1);
    const Document& stored = now->documents_of(second_id)[0];
    CHECK(stored.id == document_id);
    CHECK(stored.size_bytes == static_cast<std::int64_t>(pdf.size()));
    CHECK(read_all(store.document_path(stored)) == pdf);
    CHECK(now->decision_on(second_id)->id == decision_id);
    CHECK(now->decision_on(first_id) == nullptr);
    CHECK(now->decision(decision_id)->outcome == DecisionOutcome::kPostponed);

    // English falls back to Lithuanian where nothing was translated.
    CHECK(now->meeting(meeting_id)->title.in(Language::kEn) == "Tarybos posėdis Nr. 1");
    CHECK_FALSE(now->meeting(meeting_id)->title.translated(Language::kEn));
    CHECK(agenda[1].title.in(Language::kEn) == "Budget");

    block_on(store.remove_agenda_item(second_id));
    CHECK(store.snapshot()->agenda(meeting_id).size() == 1);
    CHECK(store.snapshot()->decision(decision_id) == nullptr);
    CHECK(store.snapshot()->document(document_id) == nullptr);
}

TEST_CASE("editors get a clear refusal for missing or wrong values") {
    Fixture fixture("council-store-refusals");
    CouncilStore store(fixture.database, fixture.dir, *fixture.writer);
    Meeting untitled;
    CHECK_THROWS_AS(block_on(store.add_meeting(untitled)), InvalidInput);
    Meeting committee_meeting;
    committee_meeting.title = {"Komiteto posėdis", ""};
    committee_meeting.kind = MeetingKind::kCommittee;
    committee_meeting.committee_id = 99;
    CHECK_THROWS_WITH_AS(block_on(store.add_meeting(committee_meeting)),
                         doctest::Contains("council_choose_committee"), InvalidInput);
    CHECK_THROWS_AS(block_on(store.add_agenda_item({0, 42, 0, {"Dėl nieko", ""}, "", {}})),
                    InvalidInput);
    Meeting meeting;
    meeting.title = {"Posėdis", ""};
    const auto meeting_id = block_on(store.add_meeting(meeting));
    block_on(store.add_agenda_item({0, meeting_id, 3, {"Trečias", ""}, "", {}}));
    CHECK_THROWS_WITH_AS(block_on(store.add_agenda_item({0, meeting_id, 3, {"Kitas", ""}, "", {}})),
                         doctest::Contains("3"), InvalidInput);
    const auto item = store.snapshot()->agenda(meeting_id)[0].id;
    block_on(store.add_decision({0, item, "KS-1", DecisionOutcome::kAdopted, {}, kNow}));
    CHECK_THROWS_AS(
        block_on(store.add_decision({0, item, "KS-2", DecisionOutcome::kAdopted, {}, kNow})),
        InvalidInput);
    Meeting missing = meeting;
    missing.id = 777;
    CHECK_THROWS_AS(block_on(store.update_meeting(missing)), InvalidInput);
    CHECK_THROWS_AS(block_on(store.set_meeting_status(777, MeetingStatus::kLive)), InvalidInput);
    CouncilMember member;
    member.name = "Be frakcijos";
    member.group_id = 5;
    CHECK_THROWS_AS(block_on(store.add_member(member)), InvalidInput);
}

TEST_CASE("the demo municipality is believable and stays current") {
    Fixture fixture("council-demo");
    CouncilStore store(fixture.database, fixture.dir, *fixture.writer);
    seed_demo_council(store, kNow, "hall");
    auto demo = store.snapshot();
    CHECK(demo->members.size() == 26);  // the mayor and the council's 25 members
    CHECK(demo->groups.size() >= 3);
    CHECK(demo->elderships.size() == 8);
    CHECK(demo->members.front().position == CouncilPosition::kChair);
    CHECK(std::count_if(demo->members.begin(), demo->members.end(),
                        [](const auto& m) { return m.position == CouncilPosition::kChair; }) == 1);
    const auto live =
        std::find_if(demo->meetings.begin(), demo->meetings.end(),
                     [](const Meeting& m) { return m.status == MeetingStatus::kLive; });
    REQUIRE(live != demo->meetings.end());
    CHECK(live->channel_id == "hall");
    CHECK(live->starts_unix < kNow);
    CHECK_FALSE(demo->agenda(live->id).empty());
    int past_with_decisions = 0;
    for (const auto& meeting : demo->meetings) {
        CHECK(demo->agenda(meeting.id).size() <= 7);
        if (meeting.status == MeetingStatus::kEnded && meeting.kind == MeetingKind::kCouncil) {
            CHECK(meeting.starts_unix < kNow);
            for (const auto& item : demo->agenda(meeting.id)) {
                CHECK(demo->decision_on(item.id) != nullptr);
            }
            ++past_with_decisions;
        }
    }
    CHECK(past_with_decisions >= 6);
    CHECK(std::any_of(demo->meetings.begin(), demo->meetings.end(), [&](const Meeting& m) {
        return m.status == MeetingStatus::kPlanned && m.starts_unix > kNow;
    }));
    // The seeded drafts are real PDFs.
    REQUIRE_FALSE(demo->documents.empty());
    CHECK(read_all(store.document_path(demo->documents.front())).starts_with("%PDF-"));

    // A second start changes nothing; a start five weeks later moves the calendar along.
    seed_demo_council(store, kNow, "hall");
    CHECK(store.snapshot()->meetings.size() == demo->meetings.size());
    constexpr std::int64_t kLater = kNow + 35 * 24 * 3600 + 3600;
    keep_demo_calendar_current(store, kLater);
    auto later = store.snapshot();
    const Meeting* moved = later->meeting(live->id);
    CHECK(moved->starts_unix == kLater - 30 * 60);
    const Meeting& first = later->meetings.front();
    CHECK(first.starts_unix - demo->meetings.front().starts_unix == 35 * 24 * 3600);
}

TEST_CASE("groups are renamed; committees keep their chair among their members") {
    Fixture fixture("council-store-roster");
    CouncilStore store(fixture.database, fixture.dir, *fixture.writer);
    const auto group = block_on(store.add_group({0, {"Frakcija", ""}, ""}));
    block_on(store.update_group({group, {"Liberalų sąjūdis", "Liberal Movement"}, "LS"}));
    CHECK(store.snapshot()->group(group)->name.en == "Liberal Movement");
    CHECK_THROWS_AS(block_on(store.update_group({group, {"", ""}, ""})), InvalidInput);
    CHECK_THROWS_AS(block_on(store.update_group({group + 5, {"Kita", ""}, ""})), InvalidInput);

    CouncilMember member;
    member.term_start = "2023-04-20";
    member.name = "Rasa Petrauskienė";
    const auto rasa = block_on(store.add_member(member));
    member.name = "Tomas Kazlauskas";
    const auto tomas = block_on(store.add_member(member));
    member.name = "Vida Paulauskienė";
    const auto vida = block_on(store.add_member(member));

    Committee committee{0, {"Kontrolės komitetas", "Audit Committee"}, {}, rasa, {tomas}};
    const auto id = block_on(store.add_committee(committee));
    auto members = store.snapshot()->committee(id)->member_ids;
    std::sort(members.begin(), members.end());
    CHECK(members == std::vector<std::int64_t>{rasa, tomas});
    block_on(
        store.update_committee({id, {"Kontrolės komitetas", ""}, {}, vida, {vida, vida, tomas}}));
    members = store.snapshot()->committee(id)->member_ids;
    std::sort(members.begin(), members.end());
    CHECK(members == std::vector<std::int64_t>{tomas, vida});
    CHECK(store.snapshot()->committee(id)->chair_member_id == vida);
    CHECK_THROWS_AS(block_on(store.add_committee({0, {"Kitas", ""}, {}, 0, {999}})), InvalidInput);
    CHECK_THROWS_AS(block_on(store.add_committee({0, {"Kitas", ""}, {}, 999, {}})), InvalidInput);
    CHECK_THROWS_AS(block_on(store.update_committee({id + 9, {"Kitas", ""}, {}, 0, {}})),
                    InvalidInput);
    // A refused change leaves the seats as they were.
    CHECK(store.snapshot()->committee(id)->member_ids.size() == 2);
}

TEST_CASE("a member's term is two dates in order, and the council has one chair") {
    Fixture fixture("council-store-members");
    CouncilStore store(fixture.database, fixture.dir, *fixture.writer);
    CouncilMember member;
    member.name = "Kęstutis Vaitkus";
    member.position = CouncilPosition::kChair;
    for (const char* bad : {"", "2023-4-20", "2023-02-30", "20.04.2023", "2023-04-20x"}) {
        CAPTURE(bad);
        member.term_start = bad;
        CHECK_THROWS_AS(block_on(store.add_member(member)), InvalidInput);
    }
    member.term_start = "2023-04-20";
    member.term_end = "2023-04-19";
    CHECK_THROWS_AS(block_on(store.add_member(member)), InvalidInput);
    member.term_end = "";
    const auto chair = block_on(store.add_member(member));
    member.name = "Rasa Petrauskienė";
    CHECK_THROWS_WITH_AS(block_on(store.add_member(member)), doctest::Contains("Kęstutis Vaitkus"),
                         InvalidInput);
    // A chair whose term has ended does not count; nor does the chair when editing themselves.
    member.term_end = "2027-04-19";
    const auto former = block_on(store.add_member(member));
    CouncilMember again = *store.snapshot()->member(chair);
    again.biography = {"Meras.", "Mayor."};
    block_on(store.update_member(again));
    CHECK(store.snapshot()->member(former)->term_end == "2027-04-19");
    CHECK(store.snapshot()->member(chair)->biography.en == "Mayor.");
}

TEST_CASE("a photo is stored by its digest and survives edits of the member") {
    Fixture fixture("council-store-photo");
    CouncilStore store(fixture.database, fixture.dir, *fixture.writer);
    CouncilMember member;
    member.name = "Rasa Petrauskienė";
    member.term_start = "2023-04-20";
    const auto id = block_on(store.add_member(member));
    const std::string png = "\x89PNG\r\n\x1a\nrest of the picture";
    CHECK(block_on(store.set_member_photo(id, png, "image/png")) == id);
    const std::string photo = store.snapshot()->member(id)->photo;
    CHECK(photo == CouncilStore::photo_name(png, "image/png"));
    CHECK(photo.size() == 64 + 4);
    CHECK(photo.ends_with(".png"));
    CHECK(read_all(store.photo_path(photo)) == png);
    CHECK(store.snapshot()->member(id)->photo == photo);
    // Editing the rest leaves the photo where it is.
    CouncilMember edited = *store.snapshot()->member(id);
    edited.photo.clear();
    edited.name = "Rasa Petrauskienė-Jonaitienė";
    block_on(store.update_member(edited));
    CHECK(store.snapshot()->member(id)->photo == photo);
    block_on(store.set_member_photo(id, "\xff\xd8\xff jpeg", "image/jpeg"));
    CHECK(store.snapshot()->member(id)->photo.ends_with(".jpg"));
    CHECK_THROWS_AS(block_on(store.set_member_photo(id, "<svg/>", "image/svg+xml")), InvalidInput);
    CHECK_THROWS_AS(block_on(store.set_member_photo(id + 1, png, "image/png")), InvalidInput);
    block_on(store.remove_member_photo(id));
    CHECK(store.snapshot()->member(id)->photo.empty());
}

TEST_CASE("agenda items move up and down one place at a time and stay numbered 1..n") {
    Fixture fixture("council-store-agenda-order");
    CouncilStore store(fixture.database, fixture.dir, *fixture.writer);
    Meeting meeting;
    meeting.title = {"Posėdis", ""};
    const auto meeting_id = block_on(store.add_meeting(meeting));
    std::vector<std::int64_t> items;
    for (const char* title : {"Pirmas", "Antras", "Trečias", "Ketvirtas"}) {
        items.push_back(block_on(store.add_agenda_item({0, meeting_id, 0, {title, ""}, "", {}})));
    }
    auto order = [&] {
        std::vector<std::string> titles;
        int expected_position = 1;
        for (const auto& item : store.snapshot()->agenda(meeting_id)) {
            CHECK(item.position == expected_position++);
            titles.push_back(item.title.lt);
        }
        return titles;
    };
    block_on(store.move_agenda_item(items[2], AgendaMove::kUp));
    CHECK(order() == std::vector<std::string>{"Pirmas", "Trečias", "Antras", "Ketvirtas"});
    block_on(store.move_agenda_item(items[0], AgendaMove::kDown));
    CHECK(order() == std::vector<std::string>{"Trečias", "Pirmas", "Antras", "Ketvirtas"});
    // At the ends nothing moves.
    block_on(store.move_agenda_item(items[2], AgendaMove::kUp));
    block_on(store.move_agenda_item(items[3], AgendaMove::kDown));
    CHECK(order() == std::vector<std::string>{"Trečias", "Pirmas", "Antras", "Ketvirtas"});
    CHECK_THROWS_AS(block_on(store.move_agenda_item(9999, AgendaMove::kUp)), InvalidInput);

    const auto decision = block_on(store.add_decision(
        {0, items[1], "KS-1", DecisionOutcome::kAdopted, {"Pritarti.", ""}, kNow}));
    block_on(store.remove_decision(decision));
    CHECK(store.snapshot()->decision_on(items[1]) == nullptr);
    // Removing closes the gap; the next item added goes last.
    block_on(store.remove_agenda_item(items[0]));
    CHECK(order() == std::vector<std::string>{"Trečias", "Antras", "Ketvirtas"});
    block_on(store.add_agenda_item({0, meeting_id, 0, {"Penktas", ""}, "", {}}));
    CHECK(order() == std::vector<std::string>{"Trečias", "Antras", "Ketvirtas", "Penktas"});
}

TEST_CASE("an edit and its audit entry are kept together, or neither") {
    Fixture fixture("council-store-audited");
    CouncilStore store(fixture.database, fixture.dir, *fixture.writer);
    AuditLog audit(fixture.database, *fixture.writer);
    auto entry = [](std::int64_t id) {
        return AuditEntry{0,
                          0,
                          7,
                          "editor@example.lt",
                          "council.group.add",
                          "group " + std::to_string(id),
                          "",
                          "192.0.2.1",
                          ""};
    };
    const auto group = block_on(store.add_group({0, {"Frakcija", ""}, ""}, entry));
    const auto entries = audit.entries(10);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].target == "group " + std::to_string(group));
    // The entry cannot be made: the change it records goes too.
    CHECK_THROWS_AS(block_on(store.add_group(
                        {0, {"Kita", ""}, ""},
                        [](std::int64_t) -> AuditEntry { throw Error("the entry failed"); })),
                    Error);
    CHECK(store.snapshot()->groups.size() == 1);
    CHECK(audit.entries(10).size() == 1);
}

TEST_CASE("with the disk full an edit fails with StorageFailing and the record stays readable") {
    Fixture fixture("council-store-full");
    CouncilStore store(fixture.database, fixture.dir, *fixture.writer);
    block_on(store.add_group({0, {"Frakcija", ""}, ""}));
    // A real SQLITE_FULL: the file may not grow past the pages it has.
    fixture.writer->execute([](Database& db) {
        Statement pages = db.cached("PRAGMA page_count");
        pages.step();
        db.exec("PRAGMA max_page_count = " + std::to_string(pages.column_int(0)));
    });
    Meeting meeting;
    meeting.title = {std::string(200'000, 'x'), ""};
    CHECK_THROWS_AS(block_on(store.add_meeting(meeting)), StorageFailing);
    CHECK_FALSE(fixture.writer->writable());
    CHECK(store.snapshot()->groups.size() == 1);
    CHECK(store.snapshot()->meetings.empty());
    // Room again: the same edit goes through.
    fixture.writer->execute([](Database& db) { db.exec("PRAGMA max_page_count = 1000000"); });
    CHECK(block_on(store.add_meeting(meeting)) > 0);
    CHECK(fixture.writer->writable());
    CHECK(store.snapshot()->meetings.size() == 1);
}
