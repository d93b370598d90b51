// The staff side of consultation booking over HTTP, on the real server with the demo's
// bookings: an official's day, week and bookings are theirs alone (a resident is refused, another
// official finds nothing, an administrator may look); forms without their CSRF token are refused;
// bad input comes back at its field in the visitor's language; a past booking is marked attended
// and noted, an upcoming one cancelled with a message; administrators add a department and a
// service, an official offers it with their hours and takes days off; the secret calendar feed
// works until it is replaced or revoked, then answers 404. One server for it all.
#include <doctest/doctest.h>

#include <fstream>
#include <regex>
#include <set>

#include "portal/bookings/demo_bookings.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/test_browser.hpp"
#include "tests/support/test_certificate.hpp"

using namespace councilcast::testing;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

const std::string kAdmin = "administratore@example.lt";
const std::string kResident = "gyventojas@example.lt";
const std::string kRuta(councilcast::portal::kDemoOfficialEmails[0]);
const std::string kTomas(councilcast::portal::kDemoOfficialEmails[1]);

// `serve --seed-demo` on a light channel. The demo's first two officials exist before it starts,
// with a password, so the demo gives them its hours and bookings.
DemoProcess serve(const std::filesystem::path& dir) {
    const auto data_dir = dir / "data";
    add_user(data_dir, kAdmin, "--role admin");
    add_user(data_dir, kRuta, "--role official");
    add_user(data_dir, kTomas, "--role official");
    add_user(data_dir, kResident);
    const auto config = dir / "councilcast.toml";
    std::ofstream(config)
        << "[mail]\ntransport = \"files\"\nfrom_address = \"noreply@example.lt\"\n"
        << read_text_file(source_dir() + "/tests/support/light_channel.toml");
    return DemoProcess(
        DemoProcess::Command{{"serve", "--config", config.string(), "--listen", "127.0.0.1:0",
                              "--data-dir", data_dir.string(), "--seed-demo"}});
}

struct Card {
    std::string path;   // /staff/consultations/bookings/<id>
    std::string state;  // the state's text
};

// The booking cards of a day or week page.
std::vector<Card> cards_of(const std::string& page) {
    std::vector<Card> cards;
    static const std::regex card(
        R"re(<li class="booking-card[^"]*">[\s\S]*?href="(/staff/consultations/bookings/[0-9]+)"[\s\S]*?<dt>Būsena</dt><dd>([^<]*)</dd>)re");
    for (auto it = std::sregex_iterator(page.begin(), page.end(), card);
         it != std::sregex_iterator(); ++it) {
        cards.push_back({(*it)[1], (*it)[2]});
    }
    return cards;
}

std::string link(const std::string& page, const std::string& rel) {
    std::smatch match;
    REQUIRE(std::regex_search(page, match, std::regex("href=\"([^\"]*)\" rel=\"" + rel + "\"")));
    std::string href = match[1];
    // The page escapes & in attributes.
    for (std::size_t at; (at = href.find("&amp;")) != std::string::npos;) href.replace(at, 5, "&");
    return href;
}

// The first confirmed booking of this week and the `weeks` before (rel "prev") or after ("next")
// it whose page offers the form `form_id` (attended: its time has begun; cancel: it has not).
Card find_card(Browser& browser, const std::string& rel, int weeks, const std::string& form_id) {
    std::string path = "/staff/consultations/week";
    for (int week = 0; week <= weeks; ++week) {
        const HttpResult page = browser.get(path);
        REQUIRE(page.status == 200);
        for (const Card& card : cards_of(page.body)) {
            if (card.state == "Patvirtinta" &&
                contains(browser.get(card.path).body, "id=\"" + form_id + "\"")) {
                return card;
            }
        }
        path = link(page.body, rel);
    }
    FAIL("no confirmed booking with the " << form_id << " form within " << weeks << " weeks");
    return {};
}

std::string id_of(const std::string& page, const std::string& pattern) {
    std::smatch match;
    REQUIRE(std::regex_search(page, match, std::regex(pattern)));
    return match[1];
}

}  // namespace

TEST_CASE("an official's consultations are theirs, their forms checked, their feed revocable") {
    const auto dir = fresh_directory("booking-staff-http");
    DemoProcess server = serve(dir);

    Browser ruta(server, "127.0.0.2");
    REQUIRE(ruta.sign_in(kRuta).status == 303);
    Browser tomas(server, "127.0.0.3");
    REQUIRE(tomas.sign_in(kTomas).status == 303);
    Browser resident(server, "127.0.0.4");
    REQUIRE(resident.sign_in(kResident).status == 303);
    Browser admin(server, "127.0.0.5");
    REQUIRE(admin.sign_in(kAdmin).status == 303);
    Browser anonymous(server, "127.0.0.6");

    // ---- an official lands on their day; the week holds the demo's bookings
    HttpResult start = ruta.get("/staff/consultations");
    REQUIRE(start.status == 200);
    CHECK(contains(start.body, "<h1>Mano diena</h1>"));
    CHECK(contains(start.body, "href=\"/staff/consultations\""));  // the staff navigation's entry
    const Card past = find_card(ruta, "prev", 2, "attended");
    const Card upcoming = find_card(ruta, "next", 3, "cancel");
    REQUIRE(past.path != upcoming.path);
    HttpResult own = ruta.get(upcoming.path);
    REQUIRE(own.status == 200);
    CHECK(contains(own.body, "gyventojas"));

    // ---- nobody else's: anonymous to sign in, a resident refused, another official finds none
    HttpResult outside = anonymous.get("/staff/consultations/day");
    CHECK(outside.status == 303);
    CHECK(contains(outside.header("location"), "/login"));
    CHECK(anonymous.get("/consultations/calendar/" + std::string(43, 'Q') + ".ics").status == 404);
    for (const std::string& path :
         {std::string("/staff/consultations"), std::string("/staff/consultations/week"),
          std::string("/staff/consultations/hours"), upcoming.path}) {
        CAPTURE(path);
        CHECK(resident.get(path).status == 403);
    }
    CHECK(resident.post(upcoming.path + "/cancel", "message=x").status == 403);
    CHECK(tomas.get(upcoming.path).status == 404);
    REQUIRE(tomas.get("/staff/consultations/hours").status == 200);  // a token for the posts
    for (const std::string action : {"/attended", "/no-show", "/note", "/cancel"}) {
        CAPTURE(action);
        CHECK(tomas.post(upcoming.path + action, "message=Ne&private_note=x").status == 404);
    }
    // An official's ?official= is no way into another's day.
    const std::string ruta_id = id_of(admin.get("/staff/consultations").body,
                                      R"re(\?official=([0-9]+)">Rūta Kazlauskienė)re");
    const HttpResult other = tomas.get("/staff/consultations/week?official=" + ruta_id);
    REQUIRE(other.status == 200);
    CHECK_FALSE(contains(other.body, upcoming.path + "\""));
    // An administrator covers for an official who is away.
    CHECK(admin.get(upcoming.path).status == 200);

    // ---- CSRF, and bad input at its field in the visitor's language
    REQUIRE(ruta.get(past.path).status == 200);
    CHECK(ruta.client().post(ruta.url(past.path + "/note"), "private_note=x").status == 403);
    HttpResult long_note = ruta.post(past.path + "/note", "private_note=" + std::string(4001, 'x'));
    CHECK(long_note.status == 422);
    CHECK(contains(long_note.body, "id=\"note-private_note-error\""));
    CHECK(contains(long_note.body, "Pastabos turi būti ne ilgesnės nei"));
    HttpResult long_note_en =
        ruta.post("/en" + past.path + "/note", "private_note=" + std::string(4001, 'x'));
    CHECK(long_note_en.status == 422);
    CHECK(contains(long_note_en.body, "The notes must be at most"));
    HttpResult bad_day = ruta.get("/en/staff/consultations/day?date=2026-13-45");
    CHECK(bad_day.status == 400);
    CHECK(contains(bad_day.body, "Enter the date as 2026-12-31."));
    CHECK(ruta.get("/staff/consultations/day?date=%3Cscript%3E").status == 400);
    HttpResult early_mark = ruta.post("/en" + upcoming.path + "/attended", "");
    CHECK(early_mark.status == 422);
    CHECK(contains(early_mark.body, "Only a confirmed consultation whose time has begun"));

    // ---- a past consultation marked attended and noted
    HttpResult noted =
        ruta.post(past.path + "/note", "private_note=" + form_encode("Atnešė <visus> dokumentus."));
    REQUIRE(noted.status == 303);
    CHECK(noted.header("location") == past.path + "?saved=note");
    REQUIRE(ruta.post(past.path + "/attended", "").status == 303);
    HttpResult marked = ruta.get(past.path);
    CHECK(contains(marked.body, "<dd>Įvyko</dd>"));
    CHECK(contains(marked.body, "Atnešė &lt;visus&gt; dokumentus."));

    // ---- an upcoming one cancelled, a message required
    HttpResult silent = ruta.post(upcoming.path + "/cancel", "message=");
    CHECK(silent.status == 422);
    CHECK(contains(silent.body, "id=\"cancel-message-error\""));
    REQUIRE(ruta.post(upcoming.path + "/cancel",
                      "message=" + form_encode("Susirgau. Užsiregistruokite kitą savaitę."))
                .status == 303);
    HttpResult cancelled = ruta.get(upcoming.path);
    CHECK(contains(cancelled.body, "<dd>Atšaukta</dd>"));
    CHECK(contains(cancelled.body, "Susirgau. Užsiregistruokite kitą savaitę."));
    CHECK_FALSE(contains(cancelled.body, "id=\"cancel\""));

    // ---- administrators: a department and a service, refused first at their fields
    REQUIRE(admin.get("/staff/consultations").status == 200);
    CHECK(ruta.get("/staff/consultations/services/1").status == 403);
    HttpResult short_name =
        admin.post("/en/staff/consultations/departments", "name_lt=x&name_en=&position=9");
    CHECK(short_name.status == 422);
    CHECK(contains(short_name.body, "id=\"department-new-name_lt-error\""));
    CHECK(contains(short_name.body, "name must be one line of 2 to 120 characters"));
    REQUIRE(admin
                .post("/staff/consultations/departments",
                      "name_lt=" + form_encode("Turto skyrius") +
                          "&name_en=" + form_encode("Property Department") + "&position=4")
                .status == 303);
    const std::string department = id_of(
        admin.get("/staff/consultations").body,
        R"re(Turto skyrius</span>[\s\S]*?action="/staff/consultations/departments/([0-9]+)")re");
    const std::string service_form =
        "department=" + department + "&topic_lt=" + form_encode("Savivaldybės būsto nuoma") +
        "&topic_en=" + form_encode("Renting municipal housing") +
        "&description_lt=&description_en=&duration=30&mode=in_person&place=" +
        form_encode("Elektrėnai, Trakų g. 2, 20 kab.") +
        "&video_link=&languages=lt&languages=en&active=1&position=1";
    HttpResult hostile_service =
        admin.post("/staff/consultations/services",
                   "department=999999&topic_lt=" + form_encode("<script>x") +
                       "&topic_en=&duration=7&mode=fax&languages=de&position=-1");
    CHECK(hostile_service.status == 422);
    for (const char* field : {"service-new-department-error", "service-new-topic_en-error",
                              "service-new-duration-error", "service-new-mode-error",
                              "service-new-languages-error", "service-new-position-error"}) {
        CAPTURE(field);
        CHECK(contains(hostile_service.body, std::string("id=\"") + field + "\""));
    }
    CHECK(contains(hostile_service.body, "&lt;script&gt;x"));
    CHECK_FALSE(contains(hostile_service.body, "<script>x"));
    CHECK(admin.client().post(admin.url("/staff/consultations/services"), service_form).status ==
          403);
    REQUIRE(admin.post("/staff/consultations/services", service_form).status == 303);
    const std::string service =
        id_of(admin.get("/staff/consultations").body,
              R"re(/staff/consultations/services/([0-9]+)">Savivaldybės būsto nuoma)re");

    // ---- the official offers it: hours checked, then saved; days off added and removed
    const std::string hours_path = "/staff/consultations/hours/services/" + service;
    const std::string rules = "&buffer_before=0&buffer_after=5&notice=60&horizon=30&daily_max=4";
    REQUIRE(ruta.get("/staff/consultations/hours").status == 200);
    HttpResult bad_hours =
        ruta.post("/en" + hours_path, "day_1=" + form_encode("25:00-26:00") + rules);
    CHECK(bad_hours.status == 422);
    CHECK(contains(bad_hours.body, "id=\"hours-" + service + "-day_1-error\""));
    CHECK(contains(bad_hours.body, "Write the hours as 08:00-12:00"));
    HttpResult bad_numbers = ruta.post(hours_path,
                                       "day_1=09:00-12:00&buffer_before=7&buffer_after=5&notice=-1"
                                       "&horizon=999&daily_max=x");
    CHECK(bad_numbers.status == 422);
    for (const char* field :
         {"-buffer_before-error", "-notice-error", "-horizon-error", "-daily_max-error"}) {
        CAPTURE(field);
        CHECK(contains(bad_numbers.body, "id=\"hours-" + service + field + "\""));
    }
    REQUIRE(ruta.post(hours_path, "day_1=" + form_encode("09:00-12:00, 13:00-15:00") +
                                      "&day_3=" + form_encode("8.00–10.00") + rules)
                .status == 303);
    CHECK(contains(admin.get("/staff/consultations/services/" + service).body,
                   "<li>Rūta Kazlauskienė</li>"));
    HttpResult backwards =
        ruta.post("/staff/consultations/hours/off", "from=2027-02-10&to=2027-02-01&note=");
    CHECK(backwards.status == 422);
    CHECK(contains(backwards.body, "id=\"off-to-error\""));
    REQUIRE(ruta.post("/staff/consultations/hours/off",
                      "from=2027-02-01&to=2027-02-05&note=" + form_encode("Atostogos"))
                .status == 303);
    const std::string exception =
        id_of(ruta.get("/staff/consultations/hours").body,
              R"re(/staff/consultations/hours/exceptions/([0-9]+)/remove"[\s\S]{0,200}?)re");
    CHECK(tomas.post("/staff/consultations/hours/exceptions/" + exception + "/remove", "").status ==
          404);
    REQUIRE(
        ruta.post("/staff/consultations/hours/exceptions/" + exception + "/remove", "").status ==
        303);
    CHECK_FALSE(contains(ruta.get("/staff/consultations/hours").body, "(Atostogos)"));

    // ---- the calendar feed: made, replaced, revoked
    REQUIRE(ruta.get("/staff/consultations/calendar").status == 200);
    auto make_feed = [&] {
        HttpResult made = ruta.post("/staff/consultations/calendar", "");
        REQUIRE(made.status == 200);
        return id_of(made.body,
                     R"re(href="https?://[^"/]+(/consultations/calendar/[A-Za-z0-9_-]+\.ics)")re");
    };
    const std::string first_feed = make_feed();
    HttpResult calendar = anonymous.get(first_feed);
    REQUIRE(calendar.status == 200);
    CHECK(contains(calendar.header("content-type"), "text/calendar"));
    CHECK(contains(calendar.header("cache-control"), "no-store"));
    CHECK(contains(calendar.body, "BEGIN:VCALENDAR"));
    CHECK(contains(calendar.body, "METHOD:PUBLISH"));
    CHECK(contains(calendar.body, "BEGIN:VEVENT"));
    CHECK(anonymous.get("/en" + first_feed).status == 404);
    const std::string second_feed = make_feed();
    CHECK(anonymous.get(first_feed).status == 404);
    CHECK(anonymous.get(second_feed).status == 200);
    REQUIRE(ruta.post("/staff/consultations/calendar/revoke", "").status == 303);
    CHECK(anonymous.get(second_feed).status == 404);
    CHECK(contains(ruta.get("/staff/consultations/calendar").body, "Adreso nėra."));
}
