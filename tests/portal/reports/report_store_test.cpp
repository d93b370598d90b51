// The reports store's rules as a resident and the staff meet them: the mailed confirmation that
// acts once, open at once when signed in or posted through Open311, hostile values refused with
// the field's text, who may take each step of the state machine, the duplicate search at the
// edges of its 250 m, subscriptions, the fixed-questionnaire and the statistics.
#include "portal/reports/report_store.hpp"

#include <doctest/doctest.h>

#include <limits>

#include "tests/portal/reports/report_fixture.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using namespace councilcast::portal::testing;

namespace {

std::int64_t audit_entries(const std::filesystem::path& database, std::string_view action) {
    Database db(database, Durability::kNormal, OpenMode::kReadOnly);
    Statement statement = db.cached("SELECT count(*) FROM audit_log WHERE action = ?");
    statement.bind(1, action);
    statement.step();
    return statement.column_int(0);
}

ReportStore::StaffUpdate staff_change(std::int64_t id, ReportState to, std::string text = {}) {
    ReportStore::StaffUpdate update;
    update.report_id = id;
    update.new_state = to;
    update.text = std::move(text);
    return update;
}

}  // namespace

TEST_CASE("a report made without signing in waits for its mailed link, which acts once") {
    ReportFixture fixture("report-confirm");
    const auto created = block_on(fixture.store->create(fixture.pothole()));
    CHECK(created.state == ReportState::kUnconfirmed);
    CHECK(created.token.size() == 43);
    CHECK(fixture.store->list({}).total == 0);  // nobody sees it yet
    CHECK(fixture.store->nearby("roads", kCentreLat, kCentreLon).empty());

    const auto asked = fixture.events_of(ReportEvent::Kind::kConfirmationRequested);
    REQUIRE(asked.size() == 1);
    CHECK(asked[0].recipient.email == "ona.petraityte@example.lt");
    CHECK(asked[0].report.eldership == "Elektrėnų seniūnija");
    CHECK(asked[0].report.answers.size() == 1);
    const auto lookup = fixture.store->by_confirmation_token(asked[0].token);
    REQUIRE(lookup);
    CHECK(!lookup->used);

    fixture.clock += 60'000;
    CHECK(block_on(fixture.store->confirm(asked[0].token)) == created.report_id);
    const auto report = fixture.store->report(created.report_id);
    REQUIRE(report);
    CHECK(report->state == ReportState::kOpen);
    CHECK(report->confirmed_unix_ms == kReportStartMs + 60'000);
    CHECK(fixture.events_of(ReportEvent::Kind::kConfirmed).size() == 1);
    CHECK(fixture.store->list({}).total == 1);
    CHECK(fixture.store->by_confirmation_token(asked[0].token)->used);

    CHECK(refusal(fixture.store->confirm(asked[0].token)) == "report_error_link_used");
    CHECK(refusal(fixture.store->confirm("x")) == "report_error_link_unknown");
    CHECK(refusal(fixture.store->confirm(std::string(43, 'A'))) == "report_error_link_unknown");
    CHECK(fixture.events_of(ReportEvent::Kind::kConfirmed).size() == 1);
}

TEST_CASE(
    "signed in with a verified address, or posted through Open311, a report is open at once") {
    ReportFixture fixture("report-open-at-once");
    auto signed_in = fixture.pothole();
    signed_in.account_id = 42;
    signed_in.email_verified = true;
    const auto first = block_on(fixture.store->create(signed_in));
    CHECK(first.state == ReportState::kOpen);

    auto unverified = fixture.pothole();
    unverified.account_id = 43;
    CHECK(block_on(fixture.store->create(unverified)).state == ReportState::kUnconfirmed);

    auto program = fixture.pothole();
    program.api_key_name = "city_app";
    const auto posted = block_on(fixture.store->create(program));
    CHECK(posted.state == ReportState::kOpen);
    CHECK(fixture.store->report_of_token(posted.token) == posted.report_id);
    CHECK(fixture.store->report(posted.report_id)->reporter.api_key_name == "city_app");
    CHECK(!fixture.store->report_of_token("not a token"));

    CHECK(fixture.events_of(ReportEvent::Kind::kConfirmed).size() == 2);
    CHECK(fixture.events_of(ReportEvent::Kind::kConfirmationRequested).size() == 1);
}

TEST_CASE("hostile and wrong values are refused with the field's text, and nothing is stored") {
    config::Reports settings;
    settings.categories[2].anonymous_allowed = false;  // waste
    ReportFixture fixture("report-hostile", settings);
    const auto refused = [&](auto edit) {
        auto report = fixture.pothole();
        edit(report);
        return refusal(fixture.store->create(report));
    };
    using R = ReportStore::NewReport;
    CHECK(refused([](R& r) { r.category = "roads'; DROP TABLE report; --"; }) ==
          "report_error_category");
    CHECK(refused([](R& r) { r.title = "ab"; }) == "report_error_title");
    CHECK(refused([](R& r) { r.title = std::string(121, 'a'); }) == "report_error_title");
    CHECK(refused([](R& r) { r.title = "Duobė\x01kelyje"; }) == "report_error_title");
    CHECK(refused([](R& r) { r.title = "Duob\xC4 kelyje"; }) == "report_error_title");
    CHECK(refused([](R& r) { r.details = std::string(5'001, 'x'); }) == "report_error_details");
    CHECK(refused([](R& r) { r.lat = std::numeric_limits<double>::quiet_NaN(); }) ==
          "report_error_location");
    CHECK(refused([](R& r) { r.lon = std::numeric_limits<double>::infinity(); }) ==
          "report_error_location");
    CHECK(refused([](R& r) { r.lat = 91; }) == "report_error_location");
    // Vilnius, outside the municipality.
    CHECK(refused([](R& r) {
              r.lat = 54.687;
              r.lon = 25.279;
          }) == "report_error_location");
    CHECK(refused([](R& r) { r.address = std::string(201, 'a'); }) == "report_error_address");
    CHECK(refused([](R& r) { r.answers.clear(); }) == "report_error_answer_missing");
    CHECK(refused([](R& r) { r.answers = {{"dangerous", ""}}; }) == "report_error_answer_missing");
    CHECK(refused([](R& r) { r.answers = {{"dangerous", "maybe"}}; }) == "report_error_answer");
    CHECK(refused([](R& r) {
              r.answers.push_back({"pole_number", "7"});
          }) == "report_error_question");
    CHECK(refused([](R& r) {
              r.answers.push_back({"dangerous", "no"});
          }) == "report_error_question");
    CHECK(refused([](R& r) {
              r.photo_hashes = std::vector<std::string>(6, std::string(64, 'a'));
          }) == "report_error_photos");
    CHECK(refused([](R& r) { r.photo_hashes = {"../../etc/passwd"}; }) == "report_error_photos");
    CHECK(refused([](R& r) { r.photo_hashes = {std::string(64, 'A')}; }) == "report_error_photos");
    CHECK(refused([](R& r) {
              r.photo_hashes = {std::string(64, 'a'), std::string(64, 'a')};
          }) == "report_error_photos");
    CHECK(refused([](R& r) { r.email = "ona@"; }) == "report_error_email");
    CHECK(refused([](R& r) { r.email = "ona@example.lt\r\nBcc: all@example.lt"; }) ==
          "report_error_email");
    CHECK(refused([](R& r) { r.name = "O"; }) == "report_error_name");
    CHECK(refused([](R& r) { r.language = "de"; }) == "report_error_language");
    CHECK(refused([](R& r) {
              r.category = "waste";
              r.answers.clear();
              r.anonymous = true;
          }) == "report_error_anonymous");
    CHECK(fixture.events.empty());

    // What is merely odd is kept as written, never interpreted.
    auto odd = fixture.pothole();
    odd.title = "<script>alert(1)</script> '; DROP TABLE report; --";
    odd.photo_hashes = {std::string(64, 'f')};
    const auto made = block_on(fixture.store->create(odd));
    const auto stored = fixture.store->report(made.report_id);
    REQUIRE(stored);
    CHECK(stored->title == odd.title);
    REQUIRE(stored->photos.size() == 1);
    CHECK(stored->photos[0].hash == std::string(64, 'f'));
}

TEST_CASE("who may take each step: handlers of the category, moderators, administrators") {
    ReportFixture fixture("report-steps");
    const std::int64_t id = fixture.open_report();
    const auto note = report_note("report.update");
    const auto allowed = [&](const ReportActor& actor, ReportState to) {
        return fixture.store->may_change_state(actor, "roads", fixture.state_of(id), to);
    };
    CHECK(allowed(kRoadsHandler, ReportState::kInvestigating));
    CHECK(!allowed(kOtherOfficial, ReportState::kInvestigating));
    CHECK(!allowed(kResident, ReportState::kInvestigating));
    CHECK(!allowed(kRoadsHandler, ReportState::kHidden));
    CHECK(!allowed(kModerator, ReportState::kUnconfirmed));
    CHECK(fixture.store->may_handle(kAdministrator, "waste"));
    CHECK(!fixture.store->may_handle(kRoadsHandler, "waste"));
    CHECK(fixture.store->categories_handled_by(kRoadsHandler.account_id) ==
          std::vector<std::string>{"roads"});

    CHECK(refusal(fixture.store->add_update(
              kOtherOfficial, staff_change(id, ReportState::kFixed, "Sutvarkyta."), note)) ==
          "report_error_not_allowed");
    CHECK(refusal(fixture.store->add_update(kResident, staff_change(id, ReportState::kFixed),
                                            note)) == "report_error_not_allowed");
    CHECK(fixture.state_of(id) == ReportState::kOpen);

    block_on(fixture.store->add_update(
        kRoadsHandler, staff_change(id, ReportState::kInvestigating, "Apžiūrėsime."), note));
    fixture.clock += 3 * kReportDayMs;
    block_on(fixture.store->add_update(kRoadsHandler, staff_change(id, ReportState::kFixed), note));
    auto report = fixture.store->report(id);
    CHECK(report->state == ReportState::kFixed);
    CHECK(report->fixed_unix_ms == kReportStartMs + 3 * kReportDayMs);
    // A closed report may be reopened by its handlers.
    block_on(fixture.store->add_update(
        kRoadsHandler, staff_change(id, ReportState::kInProgress, "Vėl atsivėrė."), note));
    CHECK(fixture.state_of(id) == ReportState::kInProgress);

    // An update without a change needs words.
    ReportStore::StaffUpdate empty;
    empty.report_id = id;
    CHECK(refusal(fixture.store->add_update(kRoadsHandler, empty, note)) ==
          "report_error_update_text");

    // Hiding is moderation, told to nobody; a hidden report comes back as open only.
    fixture.forget_events();
    CHECK(refusal(fixture.store->add_update(kRoadsHandler, staff_change(id, ReportState::kHidden),
                                            note)) == "report_error_not_allowed");
    block_on(fixture.store->add_update(kModerator, staff_change(id, ReportState::kHidden), note));
    CHECK(fixture.store->list({}).total == 0);
    CHECK(refusal(fixture.store->add_update(kModerator, staff_change(id, ReportState::kFixed),
                                            note)) == "report_error_not_allowed");
    block_on(fixture.store->add_update(kModerator, staff_change(id, ReportState::kOpen), note));
    CHECK(fixture.events_of(ReportEvent::Kind::kUpdated).empty());

    // Staff notes: words needed, the state stays, nobody is told, the public never sees them.
    ReportStore::StaffUpdate internal;
    internal.report_id = id;
    internal.internal = true;
    internal.new_state = ReportState::kClosed;
    internal.text = "Rangovas informuotas telefonu.";
    block_on(fixture.store->add_update(kRoadsHandler, internal, note));
    CHECK(fixture.state_of(id) == ReportState::kOpen);
    CHECK(fixture.events_of(ReportEvent::Kind::kUpdated).empty());
    CHECK(fixture.store->updates(id, false).size() + 1 == fixture.store->updates(id, true).size());
    CHECK(fixture.store->updates(id, true).back().text == "Rangovas informuotas telefonu.");

    // Every staff act has its audit entry, written with it.
    CHECK(audit_entries(fixture.database, "report.update") == 6);
    CHECK(audit_entries(fixture.database, "report.handlers") == 1);
}

TEST_CASE("a duplicate names another public report; an unconfirmed one cannot be touched") {
    ReportFixture fixture("report-duplicate");
    const std::int64_t first = fixture.open_report();
    const std::int64_t second = fixture.open_report();
    const auto pending = block_on(fixture.store->create(fixture.pothole())).report_id;
    const auto note = report_note("report.update");
    auto update = staff_change(second, ReportState::kDuplicate, "Jau pranešta.");
    update.duplicate_of = second;
    CHECK(refusal(fixture.store->add_update(kRoadsHandler, update, note)) ==
          "report_error_duplicate_of");
    update.duplicate_of = pending;
    CHECK(refusal(fixture.store->add_update(kRoadsHandler, update, note)) ==
          "report_error_duplicate_of");
    update.duplicate_of = 999'999;
    CHECK(refusal(fixture.store->add_update(kRoadsHandler, update, note)) ==
          "report_error_duplicate_of");
    update.duplicate_of = first;
    block_on(fixture.store->add_update(kRoadsHandler, update, note));
    const auto report = fixture.store->report(second);
    CHECK(report->state == ReportState::kDuplicate);
    CHECK(report->duplicate_of == first);
    CHECK(fixture.store->updates(second, false).back().duplicate_of == first);

    CHECK(refusal(fixture.store->add_update(kRoadsHandler,
                                            staff_change(pending, ReportState::kOpen), note)) ==
          "report_error_not_allowed");
    CHECK(refusal(fixture.store->add_update(kAdministrator,
                                            staff_change(pending, ReportState::kFixed), note)) ==
          "report_error_not_allowed");
    CHECK(refusal(fixture.store->add_update(kRoadsHandler, staff_change(424242, ReportState::kOpen),
                                            note)) == "report_error_not_found");
}

TEST_CASE("an update reaches the reporter and the report's subscribers, each once") {
    ReportFixture fixture("report-update-mail");
    const std::int64_t id = fixture.open_report();
    ReportStore::SubscriptionRequest follow;
    follow.kind = SubscriptionKind::kReport;
    follow.report_id = id;
    follow.email = "kaimynas@example.lt";
    follow.language = "en";
    const auto subscribed = block_on(fixture.store->subscribe(follow));
    CHECK(!subscribed.confirmed);
    const auto asked = fixture.events_of(ReportEvent::Kind::kSubscriptionRequested);
    REQUIRE(asked.size() == 1);
    // Not confirmed yet: hears nothing.
    block_on(fixture.store->add_update(kRoadsHandler,
                                       staff_change(id, ReportState::kInvestigating, "Žiūrime."),
                                       report_note("report.update")));
    CHECK(fixture.events_of(ReportEvent::Kind::kUpdated).size() == 1);

    const Subscription confirmed = block_on(fixture.store->confirm_subscription(asked[0].token));
    CHECK(confirmed.confirmed_unix_ms != 0);
    // The same subscription again is the same one, already confirmed: no second mail.
    CHECK(block_on(fixture.store->subscribe(follow)).subscription_id == subscribed.subscription_id);
    CHECK(fixture.events_of(ReportEvent::Kind::kSubscriptionRequested).size() == 1);

    fixture.forget_events();
    block_on(fixture.store->add_update(kRoadsHandler,
                                       staff_change(id, ReportState::kFixed, "Užlopyta."),
                                       report_note("report.update")));
    const auto told = fixture.events_of(ReportEvent::Kind::kUpdated);
    REQUIRE(told.size() == 2);
    CHECK(told[0].recipient.email == "ona.petraityte@example.lt");
    CHECK(told[0].recipient.unsubscribe_token.empty());
    CHECK(told[1].recipient.email == "kaimynas@example.lt");
    CHECK(told[1].recipient.language == "en");
    CHECK(told[1].recipient.unsubscribe_token == confirmed.unsubscribe_token);
    CHECK(told[1].update->new_state == ReportState::kFixed);
    CHECK(told[1].update->text == "Užlopyta.");

    block_on(fixture.store->unsubscribe(confirmed.unsubscribe_token));
    CHECK(refusal(fixture.store->unsubscribe(confirmed.unsubscribe_token)) ==
          "report_error_link_used");
    CHECK(refusal(fixture.store->unsubscribe("nonsense")) == "report_error_link_unknown");
    fixture.forget_events();
    block_on(fixture.store->add_update(kRoadsHandler, staff_change(id, ReportState::kClosed),
                                       report_note("report.update")));
    CHECK(fixture.events_of(ReportEvent::Kind::kUpdated).size() == 1);
}

TEST_CASE("the duplicate search finds open reports of the category within 250 m, at the edges") {
    ReportFixture fixture("report-nearby");
    const std::int64_t here = fixture.open_report();
    // Another category at the same spot, a fixed one and an unconfirmed one: never offered.
    auto bin = fixture.pothole();
    bin.category = "waste";
    bin.answers.clear();
    fixture.open_report(bin);
    const std::int64_t fixed = fixture.open_report();
    block_on(fixture.store->add_update(kRoadsHandler, staff_change(fixed, ReportState::kFixed),
                                       report_note("report.update")));
    block_on(fixture.store->create(fixture.pothole()));

    const auto found_from = [&](double lat, double lon) {
        std::vector<std::int64_t> ids;
        for (const auto& nearby : fixture.store->nearby("roads", lat, lon)) {
            ids.push_back(nearby.report.id);
        }
        return ids;
    };
    const std::vector<std::int64_t> just_here{here};
    CHECK(found_from(kCentreLat, kCentreLon) == just_here);
    CHECK(found_from(north_of(kCentreLat, 249.5), kCentreLon) == just_here);
    CHECK(found_from(north_of(kCentreLat, 250.5), kCentreLon).empty());
    CHECK(found_from(north_of(kCentreLat, -249.5), kCentreLon) == just_here);
    CHECK(found_from(north_of(kCentreLat, -250.5), kCentreLon).empty());
    CHECK(found_from(kCentreLat, east_of(kCentreLat, kCentreLon, 249.5)) == just_here);
    CHECK(found_from(kCentreLat, east_of(kCentreLat, kCentreLon, 250.5)).empty());
    CHECK(found_from(kCentreLat, east_of(kCentreLat, kCentreLon, -249.5)) == just_here);
    CHECK(found_from(kCentreLat, east_of(kCentreLat, kCentreLon, -250.5)).empty());

    // Nearest first, with the distance.
    const std::int64_t farther = fixture.open_report(fixture.pothole(north_of(kCentreLat, 200)));
    const auto both = fixture.store->nearby("roads", north_of(kCentreLat, 150), kCentreLon);
    REQUIRE(both.size() == 2);
    CHECK(both[0].report.id == farther);
    CHECK(both[0].distance_m == doctest::Approx(50).epsilon(0.001));
    CHECK(both[1].report.id == here);
    CHECK(both[1].distance_m == doctest::Approx(150).epsilon(0.001));

    CHECK(fixture.store->nearby("roads", std::numeric_limits<double>::quiet_NaN(), 0).empty());
    CHECK(fixture.store->nearby("no such", kCentreLat, kCentreLon).empty());
}

TEST_CASE("a moderator's edit keeps the reporter's words; a hidden photo stays listed as hidden") {
    ReportFixture fixture("report-edit");
    auto with_photos = fixture.pothole();
    with_photos.photo_hashes = {std::string(64, 'a'), std::string(64, 'b')};
    const std::int64_t id = fixture.open_report(with_photos);
    const auto note = report_note("report.edit");
    CHECK(refusal(fixture.store->edit_text(kRoadsHandler, id, "Duobė", "", note)) ==
          "report_error_not_allowed");
    block_on(fixture.store->edit_text(kModerator, id, "Duobė gatvėje", "Be asmens duomenų.", note));
    block_on(
        fixture.store->edit_text(kModerator, id, "Duobė Trakų g.", "Be asmens duomenų.", note));
    auto report = fixture.store->report(id);
    CHECK(report->title == "Duobė Trakų g.");
    CHECK(report->original_title == "Duobė Trakų gatvėje");
    CHECK(report->original_details ==
          "Gili duobė prie autobusų stotelės.\nPavojinga dviratininkams.");

    block_on(fixture.store->set_photo_hidden(kModerator, id, std::string(64, 'b'), true, note));
    CHECK(refusal(fixture.store->set_photo_hidden(kModerator, id, std::string(64, 'c'), true,
                                                  note)) == "report_error_photo_unknown");
    CHECK(refusal(fixture.store->set_photo_hidden(kRoadsHandler, id, std::string(64, 'a'), true,
                                                  note)) == "report_error_not_allowed");
    report = fixture.store->report(id);
    REQUIRE(report->photos.size() == 2);
    CHECK(!report->photos[0].hidden);
    CHECK(report->photos[1].hidden);
    CHECK(audit_entries(fixture.database, "report.edit") == 3);
    // Its file is no longer served, to anyone who kept the address either.
    CHECK(fixture.store->photo_shown(std::string(64, 'a')));
    CHECK(!fixture.store->photo_shown(std::string(64, 'b')));
}

TEST_CASE("eldership and area subscriptions hear of each new open report there, once confirmed") {
    ReportFixture fixture("report-alerts");
    ReportStore::SubscriptionRequest eldership;
    eldership.kind = SubscriptionKind::kEldership;
    eldership.eldership = "Elektrėnų seniūnija";
    eldership.email = "seniunas@example.lt";
    eldership.account_id = 77;
    eldership.email_verified = true;  // confirmed at once: no mail
    CHECK(block_on(fixture.store->subscribe(eldership)).confirmed);

    ReportStore::SubscriptionRequest area;
    area.kind = SubscriptionKind::kArea;
    area.area = {54.70, 24.80, 54.80, 24.85};  // around Vievis
    area.email = "vievis@example.lt";
    block_on(fixture.store->subscribe(area));
    const auto token = fixture.events_of(ReportEvent::Kind::kSubscriptionRequested).at(0).token;
    block_on(fixture.store->confirm_subscription(token));
    // A second use of the link answers the same subscription.
    CHECK(block_on(fixture.store->confirm_subscription(token)).email == "vievis@example.lt");

    auto wide = area;
    wide.area = {54.0, 24.0, 54.6, 24.4};
    CHECK(refusal(fixture.store->subscribe(wide)) == "report_error_subscription");
    auto inside_out = area;
    inside_out.area = {54.80, 24.80, 54.70, 24.85};
    CHECK(refusal(fixture.store->subscribe(inside_out)) == "report_error_subscription");
    auto nowhere = eldership;
    nowhere.eldership = "Vilniaus seniūnija";
    CHECK(refusal(fixture.store->subscribe(nowhere)) == "report_error_subscription");

    fixture.open_report();                                 // Elektrėnai
    fixture.open_report(fixture.pothole(54.767, 24.801));  // Vievis
    const auto alerts = fixture.events_of(ReportEvent::Kind::kAlert);
    REQUIRE(alerts.size() == 2);
    CHECK(alerts[0].recipient.email == "seniunas@example.lt");
    CHECK(alerts[0].report.eldership == "Elektrėnų seniūnija");
    CHECK(alerts[1].recipient.email == "vievis@example.lt");
    CHECK(alerts[1].report.eldership == "Vievio seniūnija");
    CHECK(!alerts[1].recipient.unsubscribe_token.empty());
}

TEST_CASE(
    "four weeks on, the reporter is asked once whether it was fixed, and their answer counts") {
    ReportFixture fixture("report-questionnaire");
    const std::int64_t open = fixture.open_report();
    const std::int64_t fixed = fixture.open_report();
    block_on(fixture.store->add_update(kRoadsHandler, staff_change(fixed, ReportState::kFixed),
                                       report_note("report.update")));
    const std::int64_t refused = fixture.open_report();
    block_on(fixture.store->add_update(
        kRoadsHandler, staff_change(refused, ReportState::kNotResponsible, "Ne mūsų."),
        report_note("report.update")));

    fixture.clock += 4 * 7 * kReportDayMs - 1;
    CHECK(fixture.store->questionnaires_due(fixture.clock, 10).empty());
    fixture.clock += 1;
    CHECK(fixture.store->questionnaires_due(fixture.clock, 10).size() == 2);
    CHECK(block_on(fixture.store->send_questionnaires(fixture.clock)) == 2);
    CHECK(block_on(fixture.store->send_questionnaires(fixture.clock + kReportDayMs)) == 0);
    const auto asked = fixture.events_of(ReportEvent::Kind::kQuestionnaire);
    REQUIRE(asked.size() == 2);
    CHECK(asked[0].report.id == open);
    CHECK(asked[1].report.id == fixed);

    fixture.forget_events();
    block_on(fixture.store->answer_questionnaire(asked[0].token, true, "Užtaisė, ačiū!"));
    CHECK(fixture.state_of(open) == ReportState::kFixed);
    const auto said = fixture.store->updates(open, false).back();
    CHECK(said.author == UpdateAuthor::kReporter);
    CHECK(said.text == "Užtaisė, ačiū!");
    CHECK(refusal(fixture.store->answer_questionnaire(asked[0].token, false, "")) ==
          "report_error_link_used");
    CHECK(fixture.store->questionnaire(asked[0].token)->used);

    // "Not fixed" reopens what the municipality had called fixed.
    block_on(fixture.store->answer_questionnaire(asked[1].token, false, ""));
    CHECK(fixture.state_of(fixed) == ReportState::kOpen);
    CHECK(refusal(fixture.store->answer_questionnaire("zzz", true, "")) ==
          "report_error_link_unknown");
    CHECK(refusal(fixture.store->answer_questionnaire(
              asked[1].token, true, std::string(2'001, 'x'))) == "report_error_link_used");
}

TEST_CASE("the lists filter by category, state, eldership, age and map area, page by page") {
    ReportFixture fixture("report-lists");
    for (int i = 0; i < 5; ++i) {
        fixture.clock += kReportDayMs;
        fixture.open_report();
    }
    fixture.clock += kReportDayMs;
    const std::int64_t vievis = fixture.open_report(fixture.pothole(54.767, 24.801));
    auto bin = fixture.pothole();
    bin.category = "waste";
    bin.answers.clear();
    const std::int64_t waste = fixture.open_report(bin);
    block_on(fixture.store->create(fixture.pothole()));  // unconfirmed

    CHECK(fixture.store->list({}).total == 7);
    ReportStore::Filter staff;
    staff.include_hidden = true;
    CHECK(fixture.store->list(staff).total == 8);

    ReportStore::Filter filter;
    filter.category = "waste";
    CHECK(fixture.store->list(filter).reports.at(0).id == waste);
    filter = {};
    filter.eldership = "Vievio seniūnija";
    CHECK(fixture.store->list(filter).reports.at(0).id == vievis);
    filter = {};
    filter.area = GeoBox{54.76, 24.79, 54.77, 24.81};
    CHECK(fixture.store->list(filter).total == 1);
    filter = {};
    filter.created_after_unix_ms = kReportStartMs + 5 * kReportDayMs;
    CHECK(fixture.store->list(filter).total == 3);
    filter = {};
    filter.state = ReportState::kUnconfirmed;
    CHECK(fixture.store->list(filter).total == 0);

    filter = {};
    filter.limit = 3;
    filter.offset = 3;
    const auto page = fixture.store->list(filter);
    CHECK(page.total == 7);
    REQUIRE(page.reports.size() == 3);
    CHECK(page.reports[0].created_unix_ms > page.reports[2].created_unix_ms);  // newest first
}

TEST_CASE("statistics count open and fixed reports per category and eldership with the median") {
    ReportFixture fixture("report-stats");
    const auto note = report_note("report.update");
    for (int days : {1, 2, 10}) {
        const std::int64_t id = fixture.open_report();
        fixture.clock += days * kReportDayMs;
        block_on(
            fixture.store->add_update(kRoadsHandler, staff_change(id, ReportState::kFixed), note));
    }
    fixture.open_report();
    fixture.open_report(fixture.pothole(54.767, 24.801));

    const ReportStats stats = fixture.store->stats();
    CHECK(stats.all.total == 5);
    CHECK(stats.all.open == 2);
    CHECK(stats.all.fixed == 3);
    REQUIRE(stats.all.median_days_to_fix);
    CHECK(*stats.all.median_days_to_fix == doctest::Approx(2));
    REQUIRE(stats.by_category.size() == 6);
    CHECK(stats.by_category[0].category == "roads");
    CHECK(stats.by_category[0].total == 5);
    CHECK(stats.by_category[2].total == 0);
    CHECK(!stats.by_category[2].median_days_to_fix);
    REQUIRE(stats.by_eldership.size() == 8);
    CHECK(stats.by_eldership[0].eldership == "Elektrėnų seniūnija");
    CHECK(stats.by_eldership[0].fixed == 3);
    CHECK(stats.by_eldership[1].open == 1);
    CHECK(stats.by_category_and_eldership.size() == 2);
}
