// Consultation booking over HTTP on one real server, as residents and programs meet it: topics
// and free times in both languages, 100 residents pressing the same time at once (exactly one
// holds it, the others are told with the nearest free times), the details form pressed twice
// (one booking), the mailed confirmation link (a button; acts once), a signed-in resident
// confirmed at once, a hold that expired, a reschedule and a cancellation from the booking's
// own page (each link acts once), every invitation parsed by Debian's python3-icalendar, the
// API, and the reminder sent once across restarts. The officials' side is seeded through the
// store before the server starts; every mail is read from the .eml files the server writes.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <latch>
#include <regex>
#include <thread>

#include <boost/json.hpp>

#include "common/database_writer.hpp"
#include "common/unix_time.hpp"
#include "portal/bookings/booking_store.hpp"
#include "portal/mail/mail_message.hpp"
#include "tests/support/booking_seed.hpp"
#include "tests/support/calendar_check.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/mail_files.hpp"
#include "tests/support/test_browser.hpp"
#include "tests/support/test_certificate.hpp"

using namespace councilcast;
using namespace councilcast::testing;
using namespace std::chrono_literals;
namespace json = boost::json;
using portal::MailMessage;

namespace {

constexpr int kResidents = 100;

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// [bookings] as the server reads it (write_config): the reminder a week ahead, so a booking
// made now is always due one whatever day the test runs.
config::Bookings booking_settings() {
    config::Bookings settings;
    settings.reminder_hours_before = 168;
    settings.holds_per_client = 5;
    return settings;
}

std::filesystem::path write_config(const std::filesystem::path& dir) {
    const auto config = dir / "councilcast.toml";
    std::ofstream(config)
        << "[mail]\ntransport = \"files\"\nfrom_address = \"noreply@example.lt\"\n"
        << "[bookings]\nreminder_hours_before = 168\nholds_per_client = 5\n"
        << read_text_file(source_dir() + "/tests/support/light_channel.toml");
    return config;
}

// `serve` on the data directory with the written config: no demo, the seeded topics alone.
DemoProcess::Command serve(const std::filesystem::path& dir) {
    return {{"serve", "--config", (dir / "councilcast.toml").string(), "--listen", "127.0.0.1:0",
             "--data-dir", (dir / "data").string()}};
}

std::size_t count_mails(const std::filesystem::path& data_dir, const std::string& recipient,
                        const std::string& subject_part) {
    const auto all = written_mails(data_dir);
    return static_cast<std::size_t>(std::count_if(all.begin(), all.end(), [&](const auto& m) {
        return m.to == recipient && contains(m.subject, subject_part);
    }));
}

// The newest message to `recipient` whose subject has `subject_part`, waited for.
MailMessage mail_to(const std::filesystem::path& data_dir, const std::string& recipient,
                    const std::string& subject_part) {
    MailMessage found;
    REQUIRE_MESSAGE(
        wait_for(
            [&] {
                for (const auto& message : written_mails(data_dir)) {
                    if (message.to == recipient && contains(message.subject, subject_part)) {
                        found = message;
                    }
                }
                return !found.to.empty();
            },
            10s),
        "no mail to " << recipient << " about " << subject_part);
    return found;
}

// The path of the first link to this server in a message.
std::string link_in(const MailMessage& message, const DemoProcess& server) {
    std::smatch match;
    REQUIRE(std::regex_search(message.text, match, std::regex(R"(http://\S+)")));
    const std::string link = match[0];
    REQUIRE(link.rfind(server.base_url(), 0) == 0);
    return "/" + link.substr(server.base_url().size());
}

std::string first(const std::string& text, const std::string& pattern) {
    std::smatch match;
    REQUIRE_MESSAGE(std::regex_search(text, match, std::regex(pattern)), "no " << pattern);
    return match[1];
}

std::vector<std::string> all_of(const std::string& text, const std::string& pattern) {
    std::vector<std::string> found;
    const std::regex expression(pattern);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), expression);
         it != std::sregex_iterator(); ++it) {
        found.push_back((*it)[1]);
    }
    return found;
}

// Chooses `start` on a page of free times: the form's fields as its button sends them.
std::string pick(const std::string& page, const std::string& start) {
    return "request=" + first(page, R"re(name="request" value="([A-Za-z0-9_-]+)")re") +
           "&start=" + start;
}

std::string details(const std::string& name, const std::string& email, const std::string& request,
                    const std::string& extra = "") {
    return "request=" + request + "&name=" + form_encode(name) + "&email=" + form_encode(email) +
           "&phone=" + form_encode("+370 600 12345") + "&note=" + form_encode("Dėl tvoros.") +
           extra;
}

std::string request_of(const std::string& page) {
    return first(page, R"re(name="request" value="([A-Za-z0-9_-]+)")re");
}

// What check_booking_ics.py prints for the calendars (one line per event).
std::string parsed_calendars(const std::filesystem::path& dir,
                             const std::vector<std::string>& calendars) {
    const CommandResult result = parse_calendars(dir, calendars);
    INFO(result.out, result.err);
    CHECK(result.exit_code == 0);
    return result.out + result.err;
}

// Holds the first free time of the topic's page from `browser`: the details form's path.
std::string hold_first(Browser& browser, std::int64_t service, std::size_t index = 0) {
    const std::string path = "/consultations/" + std::to_string(service);
    const HttpResult page = browser.get(path);
    REQUIRE(page.status == 200);
    const auto starts = all_of(page.body, R"re(name="start" value="([0-9]+)")re");
    REQUIRE(starts.size() > index);
    const HttpResult held = browser.post(path + "/hold", pick(page.body, starts[index]));
    REQUIRE(held.status == 303);
    return held.header("location");
}

}  // namespace

TEST_CASE("residents find, hold, book, confirm, move and cancel consultations over HTTP") {
    const auto dir = fresh_directory("bookings-http");
    const auto data_dir = dir / "data";
    write_config(dir);
    add_user(data_dir, "valdininke@example.lt", "--role official");
    add_user(data_dir, "gyventoja@example.lt");
    const BookingSeed seeded = seed_bookings(data_dir, "valdininke@example.lt");
    std::optional<DemoProcess> server;
    server.emplace(serve(dir));
    const std::string topic = "/consultations/" + std::to_string(seeded.service);
    std::vector<std::string> calendars;

    // ---- topics and free times, in both languages, in the main navigation
    Browser visitor(*server);
    HttpResult topics = visitor.get("/consultations");
    REQUIRE(topics.status == 200);
    CHECK(contains(topics.body, "Statybos skyrius"));
    CHECK(contains(topics.body, "href=\"" + topic + "\""));
    CHECK(contains(topics.body, "aria-current=\"page\">Konsultacijos</a>"));
    CHECK(contains(visitor.get("/en/consultations").body, "Building permits"));
    HttpResult times = visitor.get(topic);
    REQUIRE(times.status == 200);
    CHECK(contains(times.body, "Laisvas laikas"));
    CHECK(contains(times.body, "/assets/js/booking.js"));
    // Every offered time is on the municipality's clock: 08:00 to 19:30, offsets +02:00/+03:00.
    for (const auto& shown :
         all_of(times.body, R"re(<time datetime="[0-9-]+T([0-9:]+)\+0[23]:00">)re")) {
        CAPTURE(shown);
        CHECK(shown >= "08:00:00");
        CHECK(shown <= "19:30:00");
    }
    CHECK(visitor.get(topic + "?from=2026-13-01").status == 400);
    CHECK(visitor.get("/consultations/999999").status == 404);
    const auto starts = all_of(times.body, R"re(name="start" value="([0-9]+)")re");
    REQUIRE(starts.size() >= 10);

    // ---- 100 residents press the same time at once: exactly one holds it
    {
        std::vector<std::unique_ptr<Browser>> residents;
        std::vector<std::string> forms;
        for (int i = 0; i < kResidents; ++i) {
            residents.push_back(
                std::make_unique<Browser>(*server, "127.0.1." + std::to_string(i + 1)));
            const HttpResult page = residents.back()->get(topic);
            REQUIRE(page.status == 200);
            forms.push_back(pick(page.body, starts[3]));
        }
        std::latch ready(kResidents);
        std::vector<HttpResult> answers(kResidents);
        std::vector<std::thread> threads;
        for (int i = 0; i < kResidents; ++i) {
            threads.emplace_back([&, i] {
                ready.arrive_and_wait();
                answers[i] = residents[i]->post(topic + "/hold", forms[i]);
            });
        }
        for (auto& thread : threads) thread.join();
        const auto held = std::count_if(answers.begin(), answers.end(),
                                        [](const auto& a) { return a.status == 303; });
        const auto taken = std::count_if(answers.begin(), answers.end(),
                                         [](const auto& a) { return a.status == 409; });
        CHECK(held == 1);
        CHECK(taken == kResidents - 1);
        const auto refused = std::find_if(answers.begin(), answers.end(),
                                          [](const auto& a) { return a.status == 409; });
        REQUIRE(refused != answers.end());
        CHECK(contains(refused->body, "Šį laiką ką tik užėmė kitas gyventojas"));
        // The nearest free times are offered instead, without the one taken.
        CHECK(contains(refused->body, "name=\"start\""));
        CHECK_FALSE(contains(refused->body, "value=\"" + starts[3] + "\""));
        // The winner books it; the time is then nobody else's.
        const auto winner = std::find_if(answers.begin(), answers.end(),
                                         [](const auto& a) { return a.status == 303; });
        Browser& first_resident = *residents[static_cast<std::size_t>(winner - answers.begin())];
        const std::string form_path = winner->header("location");
        REQUIRE(form_path.rfind("/consultations/hold/", 0) == 0);
        const HttpResult form = first_resident.get(form_path);
        REQUIRE(form.status == 200);
        REQUIRE(first_resident
                    .post(form_path, details("Pirmas Gyventojas", "pirmas@example.lt",
                                             request_of(form.body), "&language=lt"))
                    .status == 303);
        CHECK_FALSE(contains(visitor.get(topic).body, "value=\"" + starts[3] + "\""));
    }

    // ---- the details form: errors at their fields, then pressed twice books once
    Browser ona(*server, "127.0.0.2");
    const std::string form_path = hold_first(ona, seeded.service, 5);
    HttpResult form = ona.get(form_path);
    REQUIRE(form.status == 200);
    CHECK(contains(form.body, "<label for=\"book-name\">"));
    CHECK(contains(form.body, "Rūta") == false);  // the official is the store's choice, not shown
    const std::string request = request_of(form.body);
    HttpResult refused = ona.post(
        form_path, "request=" + request + "&name=" + form_encode("<script>x") +
                       "&email=" + form_encode("ona@example.lt\r\nBcc: x@y.lt") +
                       "&phone=abc&language=de&note=" + form_encode(std::string(1001, 'x')));
    CHECK(refused.status == 422);
    for (const std::string field :
         {"book-email-error", "book-phone-error", "book-note-error", "book-language-error"}) {
        CAPTURE(field);
        CHECK(contains(refused.body, "id=\"" + field + "\""));
    }
    CHECK(contains(refused.body, "&lt;script&gt;x"));
    CHECK_FALSE(contains(refused.body, "<script>x"));
    CHECK(contains(refused.body, request));  // the same key comes back with the form
    // Without the form's token: refused, nothing booked.
    CHECK(ona.client()
              .post(ona.url(form_path), details("Ona Onaitė", "ona@example.lt", request))
              .status == 403);
    const std::string good = details("Ona Onaitė", "ona@example.lt", request, "&language=en");
    const HttpResult booked = ona.post(form_path, good);
    const HttpResult again = ona.post(form_path, good);
    REQUIRE(booked.status == 303);
    CHECK(again.status == 303);
    CHECK(again.header("location") == booked.header("location"));
    CHECK(booked.header("location") == form_path + "?sent=1");
    CHECK(contains(ona.get(booked.header("location")).body, "Patikrinkite el. paštą"));
    const MailMessage pending = mail_to(data_dir, "ona@example.lt", "Confirm your consultation");
    CHECK(count_mails(data_dir, "ona@example.lt", "Confirm your consultation") == 1);
    CHECK(pending.calendar.empty());

    // ---- the mailed link: a button (a scanner's GET confirms nothing), then once only
    const std::string confirm = link_in(pending, *server);
    REQUIRE(confirm.rfind("/en/consultations/confirm/", 0) == 0);
    const HttpResult button = ona.get(confirm);
    REQUIRE(button.status == 200);
    CHECK(contains(button.body, "Confirm the booking"));
    CHECK(ona.get(confirm).status == 200);
    const HttpResult confirmed = ona.post(confirm, "");
    REQUIRE(confirmed.status == 303);
    CHECK(ona.get(confirmed.header("location")).status == 200);
    CHECK(ona.post(confirm, "").status == 410);
    CHECK(ona.get(confirm).status == 410);
    const MailMessage invitation = mail_to(data_dir, "ona@example.lt", "Consultation on");
    CHECK(contains(invitation.text, "Building permits"));
    CHECK(contains(invitation.text, "Rūta Valdininkė"));
    REQUIRE(contains(invitation.calendar, "METHOD:REQUEST"));
    calendars.push_back(invitation.calendar);
    // Mail goes oldest first: by now a second booking's mail would have been written too.
    CHECK(count_mails(data_dir, "ona@example.lt", "Confirm your consultation") == 1);
    const std::string uid = first(invitation.calendar, R"(UID:(\S+))");

    // ---- the booking's own page: move it to another time (the link acts once)
    const std::string own = link_in(invitation, *server);
    REQUIRE(own.rfind("/en/consultations/booking/", 0) == 0);
    HttpResult page = ona.get(own);
    REQUIRE(page.status == 200);
    CHECK(contains(page.body, "Building permits"));
    const HttpResult choices = ona.get(own + "/reschedule");
    REQUIRE(choices.status == 200);
    const auto later = all_of(choices.body, R"re(name="start" value="([0-9]+)")re");
    REQUIRE(later.size() > 8);
    const HttpResult moved = ona.post(own + "/reschedule", pick(choices.body, later[8]));
    REQUIRE(moved.status == 303);
    CHECK(contains(ona.get(moved.header("location")).body, "The time is changed"));
    CHECK(ona.post(own + "/reschedule", pick(choices.body, later[9])).status == 410);
    CHECK(ona.get(own).status == 410);
    const MailMessage rescheduled = mail_to(data_dir, "ona@example.lt", "has moved");
    REQUIRE(contains(rescheduled.calendar, "METHOD:REQUEST"));
    calendars.push_back(rescheduled.calendar);

    // ---- then cancel it from the new link (once)
    const std::string own_now = link_in(rescheduled, *server);
    const HttpResult cancelled = ona.post(own_now + "/cancel", "");
    REQUIRE(cancelled.status == 303);
    CHECK(contains(ona.get(cancelled.header("location")).body, "The consultation is cancelled."));
    CHECK(ona.post(own_now + "/cancel", "").status == 410);
    CHECK(ona.get(own_now).status == 410);
    const MailMessage cancellation = mail_to(data_dir, "ona@example.lt", "cancelled");
    REQUIRE(contains(cancellation.calendar, "METHOD:CANCEL"));
    calendars.push_back(cancellation.calendar);
    // The freed time is offered again.
    CHECK(contains(visitor.get(topic).body, "value=\"" + later[8] + "\""));

    // ---- the calendars as a calendar program reads them: one UID, SEQUENCE rising
    const std::string read = parsed_calendars(dir / "calendars", calendars);
    CHECK(contains(read, "REQUEST " + uid + " 0 "));
    CHECK(contains(read, "REQUEST " + uid + " 1 "));
    CHECK(contains(read, "CANCEL " + uid + " 2 "));
    CHECK(contains(read, "mailto:ona@example.lt"));

    // ---- a signed-in resident with a confirmed address is booked at once
    Browser resident(*server, "127.0.0.3");
    REQUIRE(resident.sign_in("gyventoja@example.lt").status == 303);
    const std::string resident_form = hold_first(resident, seeded.phone_service);
    const HttpResult resident_page = resident.get(resident_form);
    REQUIRE(resident_page.status == 200);
    CHECK(contains(resident_page.body, "gyventoja@example.lt"));
    CHECK_FALSE(contains(resident_page.body, "name=\"email\""));
    // A call needs the number.
    CHECK(resident
              .post(resident_form, "request=" + request_of(resident_page.body) +
                                       "&name=" + form_encode("Gražina Gyventoja") + "&phone=")
              .status == 422);
    const HttpResult at_once =
        resident.post(resident_form, "request=" + request_of(resident_page.body) +
                                         "&name=" + form_encode("Gražina Gyventoja") +
                                         "&phone=" + form_encode("+370 600 00001"));
    REQUIRE(at_once.status == 303);
    CHECK(contains(at_once.header("location"), "/consultations/booking/"));
    CHECK(contains(resident.get(at_once.header("location")).body, "Rezervacija patvirtinta"));
    const MailMessage resident_invite = mail_to(data_dir, "gyventoja@example.lt", "Konsultacija");
    CHECK(contains(resident_invite.calendar, "LOCATION;LANGUAGE=lt:+370 600 00001"));

    // ---- a hold that ran out: its form says so, and the time is free again
    Browser late(*server, "127.0.0.4");
    const std::string late_form = hold_first(late, seeded.service, 12);
    REQUIRE(late.get(late_form).status == 200);
    {
        DatabaseWriter writer(database_of(data_dir));
        portal::BookingStore store(database_of(data_dir), writer, booking_settings());
        CHECK(block_on(store.expire_holds(now_unix_ms() + 3600 * 1000)) >= 1);
    }
    const HttpResult ran_out = late.get(late_form);
    CHECK(ran_out.status == 410);
    CHECK(contains(ran_out.body, "Rezervacijos laikas baigėsi"));
    CHECK(late.post(late_form, details("Vėlius", "velius@example.lt", "abcdefgh12345678")).status ==
          410);

    // ---- the API
    HttpClient program;
    const HttpResult services = program.get(server->base_url() + "api/v1/consultations/services");
    REQUIRE(services.status == 200);
    CHECK(services.header("access-control-allow-origin") == "*");
    const auto listed = json::parse(services.body).as_object();
    CHECK(listed.at("time_zone").as_string() == "Europe/Vilnius");
    const auto& topics_listed = listed.at("departments").as_array().at(0).at("services").as_array();
    CHECK(topics_listed.size() == 2);
    CHECK(topics_listed.at(0).at("topic").at("en").as_string() == "Building permits");
    const std::string slots_url =
        server->base_url() + "api/v1/consultations/slots?service=" + std::to_string(seeded.service);
    const HttpResult slots = program.get(slots_url);
    REQUIRE(slots.status == 200);
    const auto free = json::parse(slots.body).as_object().at("slots").as_array();
    REQUIRE_FALSE(free.empty());
    const std::string start = std::string(free.at(0).at("start").as_string());
    CHECK(std::regex_match(start, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:00\+0[23]:00)")));
    CHECK(program.get(slots_url + "&from=2026-02-30").status == 400);
    CHECK(program.get(slots_url + "&from=2026-01-01&to=2026-12-31").status == 400);
    CHECK(program.get(slots_url + "&colour=red").status == 400);
    const HttpResult unknown =
        program.get(server->base_url() + "api/v1/consultations/slots?service=999999");
    CHECK(unknown.status == 404);
    CHECK(contains(unknown.header("content-type"), "application/problem+json"));
    const HttpResult openapi = program.get(server->base_url() + "api/v1/openapi.json");
    CHECK(contains(openapi.body, "/api/v1/consultations/slots"));
    // One address asking for free times without end is told to wait, in its language.
    HttpClient greedy(false, "127.0.0.7");
    HttpResult limited;
    for (int i = 0; i < 130 && limited.status != 429; ++i) {
        limited = greedy.get(slots_url, {{"Accept-Language", "en"}});
    }
    CHECK(limited.status == 429);
    CHECK_FALSE(limited.header("retry-after").empty());
    CHECK(contains(limited.header("content-type"), "application/problem+json"));
    CHECK(contains(limited.body, "Please try again in"));
    CHECK(program.get(slots_url).status == 200);  // another address is not held back

    // ---- the reminder goes once, across restarts: one restart sends it, the next does not
    CHECK(server->stop() == 0);
    server.emplace(serve(dir));
    mail_to(data_dir, "gyventoja@example.lt", "Primename");
    Browser second(*server, "127.0.0.5");
    REQUIRE(second.sign_in("gyventoja@example.lt").status == 303);
    const std::string second_form = hold_first(second, seeded.service, 20);
    const HttpResult second_page = second.get(second_form);
    REQUIRE(second
                .post(second_form, "request=" + request_of(second_page.body) +
                                       "&name=" + form_encode("Gražina Gyventoja") + "&language=lt")
                .status == 303);
    CHECK(server->stop() == 0);
    server.emplace(serve(dir));
    // The second booking's reminder shows the restarted server has done its reminders.
    REQUIRE(wait_for(
        [&] { return count_mails(data_dir, "gyventoja@example.lt", "Primename") >= 2; }, 10s));
    CHECK(count_mails(data_dir, "gyventoja@example.lt", "Primename") == 2);
}
