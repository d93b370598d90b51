// The petitions' lifecycle through the real store: each step allowed only from the state it
// starts in and only with the token it needs, the events each step hands the mail, and the
// moderators' reads.
#include "portal/petitions/petition_store.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "tests/portal/petitions/petition_fixture.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using namespace councilcast::portal::testing;
using Outcome = PetitionStore::Signed::Outcome;

namespace {

config::Petitions with_sponsors(int sponsors) {
    config::Petitions settings;
    settings.sponsors = sponsors;
    return settings;
}

}  // namespace

TEST_CASE("a petition goes from draft through sponsors and moderation to an answer") {
    PetitionFixture fixture("petition-lifecycle", with_sponsors(2));
    auto& store = *fixture.store;
    const auto created = block_on(store.create(fixture.draft()));
    CHECK(fixture.petition(created.petition_id).state == PetitionState::kDraft);
    REQUIRE(fixture.events_of(PetitionEvent::Kind::kCreated).size() == 1);
    CHECK(fixture.events_of(PetitionEvent::Kind::kCreated)[0].token == created.manage_token);
    CHECK(fixture.events_of(PetitionEvent::Kind::kCreated)[0].creator.email ==
          "ona.petraityte@example.lt");

    // Nobody signs a draft; the creator edits it with their link only.
    CHECK(refusal(store.sign(fixture.signing(created.petition_id, "a@example.lt"))) ==
          "petition_error_not_open");
    CHECK(refusal(store.edit("not-a-token", "Naujas pavadinimas tarybai", fixture.draft().text)) ==
          "petition_error_token");
    CHECK(refusal(store.edit(std::string(43, 'A'), "Naujas pavadinimas tarybai",
                             fixture.draft().text)) == "petition_error_token");
    block_on(
        store.edit(created.manage_token, "Suoliukai prie Elektrėnų marių", fixture.draft().text));
    CHECK(fixture.petition(created.petition_id).title == "Suoliukai prie Elektrėnų marių");

    // The creator's link confirms their address: sponsors are gathered through theirs.
    CHECK(block_on(store.start_gathering(created.manage_token)) == created.petition_id);
    CHECK(fixture.petition(created.petition_id).state == PetitionState::kGathering);
    const auto access = store.by_manage_token(created.manage_token);
    REQUIRE(access.has_value());
    CHECK(access->petition_id == created.petition_id);
    CHECK(store.sponsor_token_valid(created.petition_id, access->sponsor_token));
    CHECK_FALSE(store.sponsor_token_valid(created.petition_id, created.manage_token));
    CHECK_FALSE(store.by_manage_token(access->sponsor_token).has_value());

    auto sponsor = fixture.signing(created.petition_id, "remejas1@example.lt");
    CHECK(refusal(store.sign(sponsor)) == "petition_error_sponsor_token");
    sponsor.sponsor_token = created.manage_token;
    CHECK(refusal(store.sign(sponsor)) == "petition_error_sponsor_token");
    sponsor.sponsor_token = access->sponsor_token;
    auto creator_as_sponsor = sponsor;
    creator_as_sponsor.email = "Ona.Petraityte@Example.LT";
    CHECK(refusal(store.sign(creator_as_sponsor)) == "petition_error_creator_sponsor");

    const auto first = block_on(store.sign(sponsor));
    REQUIRE(first.outcome == Outcome::kPending);
    const auto pending = fixture.events_of(PetitionEvent::Kind::kSignaturePending);
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].sponsor);
    CHECK(pending[0].token == first.confirmation_token);
    CHECK(pending[0].recipients.at(0).email == "remejas1@example.lt");
    block_on(store.confirm(first.confirmation_token));
    CHECK(fixture.petition(created.petition_id).sponsors_confirmed == 1);
    CHECK(fixture.petition(created.petition_id).state == PetitionState::kGathering);
    // Editing is still the creator's until it goes to the moderators.
    block_on(store.edit(created.manage_token, "Suoliukai prie Elektrėnų marių ir parke",
                        fixture.draft().text));

    sponsor.email = "remejas2@example.lt";
    fixture.clock += 1000;
    const auto second = block_on(store.sign(sponsor));
    block_on(store.confirm(second.confirmation_token));
    CHECK(fixture.petition(created.petition_id).state == PetitionState::kModeration);
    CHECK(fixture.petition(created.petition_id).submitted_unix_ms == fixture.clock.load());
    CHECK(fixture.events_of(PetitionEvent::Kind::kSponsorsGathered).size() == 1);
    CHECK(refusal(store.edit(created.manage_token, "Per vėlu taisyti pavadinimą",
                             fixture.draft().text)) == "petition_error_not_editable");
    CHECK(refusal(store.sign(fixture.signing(created.petition_id, "b@example.lt"))) ==
          "petition_error_not_open");
    // A moderator may not stop, hide or answer what is not published.
    CHECK(refusal(store.stop(created.petition_id, "Priežastis", {})) ==
          "petition_error_not_stoppable");
    CHECK(refusal(store.hide(created.petition_id, "Priežastis", {})) ==
          "petition_error_not_published");
    CHECK(refusal(store.respond(created.petition_id, {"Atsakymas", 0, 0, ""}, {})) ==
          "petition_error_not_answerable");

    fixture.clock += 6 * kDayMs;
    const auto queue = store.moderation_queue(fixture.clock.load());
    REQUIRE(queue.size() == 1);
    CHECK(queue[0].petition_id == created.petition_id);
    CHECK(queue[0].age_days == 6);
    CHECK(queue[0].overdue);

    block_on(store.approve(created.petition_id, moderator_note("petition.approve")));
    const Petition open = fixture.petition(created.petition_id);
    CHECK(open.state == PetitionState::kOpen);
    CHECK(open.opened_unix_ms == fixture.clock.load());
    CHECK(open.closes_unix_ms == fixture.clock.load() + 90 * kDayMs);
    CHECK(fixture.events_of(PetitionEvent::Kind::kPublished).size() == 1);
    CHECK(refusal(store.approve(created.petition_id, {})) == "petition_error_not_in_moderation");
    CHECK(refusal(store.reject(created.petition_id, {RejectionReason::kUnclear, "", 0}, {})) ==
          "petition_error_not_in_moderation");
    CHECK(store.moderation_queue(fixture.clock.load()).empty());
    // Once open the sponsor token is not needed; the sponsors' signatures count.
    auto resident = fixture.signing(created.petition_id, "gyventojas@example.lt", 2);
    resident.notify_on_answer = true;
    resident.language = "en";
    block_on(store.confirm(block_on(store.sign(resident)).confirmation_token));
    block_on(store.tally());
    CHECK(fixture.petition(created.petition_id).signature_count == 3);

    const auto before_hiding =
        block_on(store.sign(fixture.signing(created.petition_id, "d@example.lt")));
    block_on(store.hide(created.petition_id, "Skundžiamas turinys tikrinamas", {}));
    CHECK(fixture.petition(created.petition_id).hidden);
    // Hidden, it gathers nothing: no signing, no confirming, until a moderator unhides it.
    CHECK(refusal(store.sign(fixture.signing(created.petition_id, "e@example.lt"))) ==
          "petition_error_not_open");
    CHECK(refusal(store.confirm(before_hiding.confirmation_token)) == "petition_error_not_open");
    CHECK(fixture.petition(created.petition_id).hidden_reason == "Skundžiamas turinys tikrinamas");
    CHECK(refusal(store.hide(created.petition_id, "Dar kartą", {})) ==
          "petition_error_already_hidden");
    block_on(store.unhide(created.petition_id, {}));
    CHECK_FALSE(fixture.petition(created.petition_id).hidden);
    block_on(store.confirm(before_hiding.confirmation_token));
    CHECK(refusal(store.unhide(created.petition_id, {})) == "petition_error_not_hidden");

    // Its time comes: the timer closes it at closes_unix_ms, not when it came round.
    block_on(store.close_due(fixture.clock.load()));
    CHECK(fixture.petition(created.petition_id).state == PetitionState::kOpen);
    fixture.clock += 91 * kDayMs;
    block_on(store.close_due(fixture.clock.load()));
    CHECK(fixture.petition(created.petition_id).state == PetitionState::kClosed);
    CHECK(fixture.petition(created.petition_id).closed_unix_ms == open.closes_unix_ms);
    CHECK(refusal(store.sign(fixture.signing(created.petition_id, "c@example.lt"))) ==
          "petition_error_not_open");

    block_on(store.respond(
        created.petition_id,
        {"Taryba pritarė: suoliukai bus pastatyti pavasarį.", 0, 12, "Pritarta 2027 m. biudžete"},
        moderator_note("petition.respond")));
    const Petition answered = fixture.petition(created.petition_id);
    CHECK(answered.state == PetitionState::kAnswered);
    REQUIRE(answered.response.has_value());
    CHECK(answered.response->meeting_id == 12);
    CHECK(answered.response->decision == "Pritarta 2027 m. biudžete");
    const auto answers = fixture.events_of(PetitionEvent::Kind::kAnswered);
    REQUIRE(answers.size() == 1);
    REQUIRE(answers[0].recipients.size() == 1);  // only the one who opted in
    CHECK(answers[0].recipients[0].email == "gyventojas@example.lt");
    CHECK(answers[0].recipients[0].language == "en");
    CHECK(refusal(store.respond(created.petition_id, {"Vėl", 0, 0, ""}, {})) ==
          "petition_error_not_answerable");

    // The moderators' steps are in the audit log with the change they made.
    AuditLog audit(fixture.database, *fixture.writer);
    const auto entries = audit.entries(10);
    CHECK(std::count_if(entries.begin(), entries.end(), [](const AuditEntry& e) {
              return e.action == "petition.approve" || e.action == "petition.respond";
          }) == 2);
}

TEST_CASE("a petition is rejected with a standard reason, a duplicate naming the original") {
    PetitionFixture fixture("petition-reject");
    auto& store = *fixture.store;
    const std::int64_t original = fixture.open_petition();
    const auto created = block_on(store.create(fixture.draft("Suoliukai prie marių, antra")));
    block_on(store.start_gathering(created.manage_token));
    CHECK(fixture.petition(created.petition_id).state == PetitionState::kModeration);

    CHECK(refusal(store.reject(created.petition_id, {RejectionReason::kDuplicate, "", 0}, {})) ==
          "petition_error_duplicate_of");
    CHECK(refusal(store.reject(created.petition_id,
                               {RejectionReason::kDuplicate, "", created.petition_id}, {})) ==
          "petition_error_duplicate_of");
    CHECK(refusal(store.reject(created.petition_id, {RejectionReason::kUnclear, "", original},
                               {})) == "petition_error_duplicate_of");
    CHECK(refusal(store.reject(created.petition_id,
                               {RejectionReason::kOther, std::string(2001, 'x'), 0}, {})) ==
          "petition_error_reason_text");
    block_on(store.reject(created.petition_id,
                          {RejectionReason::kDuplicate, "Pasirašykite jau paskelbtą.", original},
                          moderator_note("petition.reject")));
    const Petition rejected = fixture.petition(created.petition_id);
    CHECK(rejected.state == PetitionState::kRejected);
    REQUIRE(rejected.rejection.has_value());
    CHECK(rejected.rejection->reason == RejectionReason::kDuplicate);
    CHECK(rejected.rejection->duplicate_of == original);
    CHECK(rejected.rejection->text == "Pasirašykite jau paskelbtą.");
    CHECK(fixture.events_of(PetitionEvent::Kind::kRejected).size() == 1);
    CHECK(refusal(store.approve(created.petition_id, {})) == "petition_error_not_in_moderation");
    CHECK(refusal(store.sign(fixture.signing(created.petition_id, "a@example.lt"))) ==
          "petition_error_not_open");

    // Stopping closes an open petition early, with the reason on its page.
    CHECK(refusal(store.stop(original, "   ", {})) == "petition_error_stop_reason");
    block_on(store.stop(original, "Klausimas jau išspręstas.", moderator_note("petition.stop")));
    CHECK(fixture.petition(original).state == PetitionState::kClosed);
    CHECK(fixture.petition(original).stop_reason == "Klausimas jau išspręstas.");
    CHECK(refusal(store.stop(original, "Vėl", {})) == "petition_error_not_stoppable");
}

TEST_CASE("state and reason names round-trip, as the catalogue keys and the database use them") {
    for (PetitionState state :
         {PetitionState::kDraft, PetitionState::kGathering, PetitionState::kModeration,
          PetitionState::kOpen, PetitionState::kClosed, PetitionState::kAnswered,
          PetitionState::kRejected}) {
        CHECK(parse_petition_state(petition_state_name(state)) == state);
    }
    CHECK(rejection_reasons().size() == 7);
    for (RejectionReason reason : rejection_reasons()) {
        CHECK(parse_rejection_reason(rejection_reason_name(reason)) == reason);
    }
    CHECK_FALSE(parse_petition_state("hidden").has_value());
}

TEST_CASE("the thresholds are noted once, when the tallied count reaches them") {
    config::Petitions settings = quick_settings();
    settings.response_threshold = 3;
    settings.council_threshold = 5;
    PetitionFixture fixture("petition-thresholds", settings);
    const std::int64_t id = fixture.open_petition();
    for (int i = 0; i < 3; ++i) fixture.sign_and_confirm(id, fmt::format("s{}@example.lt", i));
    CHECK(fixture.petition(id).response_threshold_unix_ms == 0);  // not tallied yet
    CHECK(block_on(fixture.store->tally()) == 3);
    CHECK(fixture.petition(id).response_threshold_unix_ms == fixture.clock.load());
    CHECK(fixture.petition(id).council_threshold_unix_ms == 0);
    CHECK(block_on(fixture.store->tally()) == 0);
    for (int i = 3; i < 6; ++i) fixture.sign_and_confirm(id, fmt::format("s{}@example.lt", i));
    block_on(fixture.store->tally());
    CHECK(fixture.petition(id).council_threshold_unix_ms != 0);
    CHECK(fixture.events_of(PetitionEvent::Kind::kResponseThresholdReached).size() == 1);
    CHECK(fixture.events_of(PetitionEvent::Kind::kCouncilThresholdReached).size() == 1);
}

TEST_CASE("an event whose mail cannot be queued takes its cause back with it") {
    PetitionFixture fixture("petition-sink");
    auto& store = *fixture.store;
    const std::int64_t id = fixture.open_petition();
    // The sink writes in the job's transaction (as the mail queue does), then fails.
    store.set_event_sink([](Database& db, const PetitionEvent& event) {
        db.exec("CREATE TABLE IF NOT EXISTS sink_probe (kind INTEGER)");
        db.cached("INSERT INTO sink_probe (kind) VALUES (?)")
            .bind(1, static_cast<int>(event.kind))
            .run();
        throw Error("the mail queue is full");
    });
    CHECK_THROWS_AS(block_on(store.sign(fixture.signing(id, "jonas@example.lt"))), Error);
    CHECK(store.signature_totals(id).pending == 0);
    Database db(fixture.database, Durability::kNormal, OpenMode::kReadOnly);
    Statement probe = db.cached("SELECT count(*) FROM sqlite_master WHERE name = 'sink_probe'");
    REQUIRE(probe.step());
    CHECK(probe.column_int(0) == 0);
}
