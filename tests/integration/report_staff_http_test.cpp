// The staff side of problem reports over HTTP on one real server, reports posted through Open311
// as a program would: an administrator names a category's handler; who may do what (nobody
// signed in is sent to sign in, a resident refused, an official who handles no category sees
// none, a handler only their category's), CSRF, bad input at its field in the visitor's
// language, the list's filters, a public update mailed to the reporter, an internal note nobody
// outside sees, a duplicate of #n, a moderator's edit that keeps the reporter's words and a
// report hidden from the public; every act in the audit log.
#include <doctest/doctest.h>

#include <fstream>
#include <regex>

#include <boost/json.hpp>

#include "portal/mail/mail_message.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/mail_files.hpp"
#include "tests/support/test_browser.hpp"
#include "tests/support/test_certificate.hpp"

using namespace councilcast;
using namespace councilcast::testing;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

const std::string kKey = "staff-test-key-0123456789abcdefgh";
const std::string kAdmin = "administratore@example.lt";
const std::string kModerator = "moderatorius@example.lt";
const std::string kHandler = "sviesa@example.lt";
const std::string kOfficial = "kitas@example.lt";
const std::string kResident = "gyventojas@example.lt";
const std::string kReporter = "ona@example.lt";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

DemoProcess serve(const std::filesystem::path& dir) {
    const auto data_dir = dir / "data";
    add_user(data_dir, kAdmin, "--role admin");
    add_user(data_dir, kModerator, "--role moderator");
    add_user(data_dir, kHandler, "--role official");
    add_user(data_dir, kOfficial, "--role official");
    add_user(data_dir, kResident);
    const auto config = dir / "councilcast.toml";
    std::ofstream(config)
        << "[mail]\ntransport = \"files\"\nfrom_address = \"noreply@example.lt\"\n"
        << "[[reports.open311_api_keys]]\nname = \"city_app\"\nkey = \"" << kKey << "\"\n"
        << read_text_file(source_dir() + "/tests/support/light_channel.toml");
    return DemoProcess(DemoProcess::Command{{"serve", "--config", config.string(), "--listen",
                                             "127.0.0.1:0", "--data-dir", data_dir.string()}});
}

// A report posted through Open311 (open at once); its id.
std::int64_t post_report(const DemoProcess& server, const std::string& service,
                         const std::string& lat, const std::string& lon,
                         const std::string& description, const std::string& attributes) {
    HttpClient program;
    const HttpResult posted =
        program.post(server.base_url() + "open311/v2/requests.json",
                     "api_key=" + kKey + "&service_code=" + service + "&lat=" + lat +
                         "&long=" + lon + "&email=" + form_encode(kReporter) +
                         "&first_name=Ona&last_name=" + form_encode("Petraitienė") +
                         "&description=" + form_encode(description) + attributes);
    CAPTURE(posted.body);
    REQUIRE(posted.status == 200);
    return json::parse(posted.body).as_array().at(0).at("service_request_id").as_int64();
}

// The messages the server has written to `recipient` so far.
std::vector<portal::MailMessage> mails_to(const std::filesystem::path& data_dir,
                                          const std::string& recipient) {
    std::vector<portal::MailMessage> found;
    for (auto& message : written_mails(data_dir)) {
        if (message.to == recipient) found.push_back(std::move(message));
    }
    return found;
}

}  // namespace

TEST_CASE("staff handle problem reports: who may do what, every act audited, the reporter told") {
    const auto dir = fresh_directory("report-staff-http");
    const auto data_dir = dir / "data";
    DemoProcess server = serve(dir);
    const std::int64_t light = post_report(server, "lighting", "54.786", "24.663",
                                           "Neveikia šviestuvas\nPrie mokyklos tamsu.",
                                           "&attribute%5Bpole_number%5D=EL-1024");
    const std::int64_t light_again =
        post_report(server, "lighting", "54.7862", "24.6631", "Tamsu prie mokyklos", "");
    const std::int64_t road = post_report(server, "roads", "54.70", "24.90", "Duobė kelyje",
                                          "&attribute%5Bdangerous%5D=yes");
    const std::string light_path = "/staff/reports/" + std::to_string(light);
    const std::string road_path = "/staff/reports/" + std::to_string(road);

    Browser handler(server, "127.0.0.2");
    REQUIRE(handler.sign_in(kHandler).status == 303);
    Browser official(server, "127.0.0.3");
    REQUIRE(official.sign_in(kOfficial).status == 303);
    Browser resident(server, "127.0.0.4");
    REQUIRE(resident.sign_in(kResident).status == 303);
    Browser moderator(server, "127.0.0.5");
    REQUIRE(moderator.sign_in(kModerator).status == 303);
    Browser admin(server, "127.0.0.6");
    REQUIRE(admin.sign_in(kAdmin).status == 303);
    Browser anonymous(server, "127.0.0.7");

    // ---- an administrator names street lighting's handler; an unknown address is refused
    REQUIRE(admin.get("/staff/reports").status == 200);
    const HttpResult stranger = admin.post("/staff/reports/handlers/lighting",
                                           "emails=" + form_encode("nezinomas@example.lt"));
    CHECK(stranger.status == 422);
    CHECK(contains(stranger.body, "id=\"handlers-lighting-emails-error\""));
    REQUIRE(moderator.get("/staff/reports").status == 200);
    CHECK(moderator.post("/staff/reports/handlers/lighting", "emails=" + form_encode(kOfficial))
              .status == 403);
    CHECK(admin.post("/staff/reports/handlers/potholes", "emails=").status == 404);
    const HttpResult named = admin.post("/staff/reports/handlers/lighting",
                                        "emails=" + form_encode("  SVIESA@example.lt \r\n"));
    REQUIRE(named.status == 303);
    CHECK(contains(admin.get(named.header("location")).body, kHandler));

    // ---- who may look: nobody signed in, a resident, an official who handles nothing
    const HttpResult outside = anonymous.get("/staff/reports");
    CHECK(outside.status == 303);
    CHECK(contains(outside.header("location"), "/login"));
    CHECK(resident.get("/staff/reports").status == 403);
    CHECK(resident.get(light_path).status == 403);
    CHECK(resident.post(light_path + "/update", "text=x").status == 403);
    const HttpResult nothing = official.get("/staff/reports");
    CHECK(nothing.status == 403);
    CHECK(contains(nothing.body, "netvarkote nė vienos kategorijos"));
    CHECK(official.get(light_path).status == 404);
    CHECK(official.post(light_path + "/update", "state=fixed&text=x").status == 404);

    // ---- a handler: their category's reports alone, filtered
    const HttpResult list = handler.get("/staff/reports");
    REQUIRE(list.status == 200);
    CHECK(contains(list.body, "href=\"" + light_path + "\""));
    CHECK_FALSE(contains(list.body, "href=\"" + road_path + "\""));
    CHECK(contains(list.body, "href=\"/staff/reports\""));  // the staff navigation's entry
    CHECK(handler.get(road_path).status == 404);
    CHECK(handler.post(road_path + "/note", "text=x").status == 404);
    CHECK(contains(handler.get("/staff/reports?state=fixed").body,
                   "Pagal šiuos filtrus pranešimų nėra."));
    CHECK(contains(handler.get("/staff/reports?area=54.78,24.66,54.79,24.67&age=new7").body,
                   "href=\"" + light_path + "\""));
    CHECK_FALSE(contains(handler.get("/staff/reports?age=old30").body, "href=\"" + light_path));
    CHECK(handler.get("/staff/reports?state=broken").status == 400);
    CHECK(handler.get("/staff/reports?category=roads").status == 400);
    const HttpResult bad_area = handler.get("/en/staff/reports?area=north");
    CHECK(bad_area.status == 400);
    CHECK(contains(bad_area.body, "Give the area as four numbers"));
    const HttpResult page = handler.get(light_path);
    REQUIRE(page.status == 200);
    CHECK(contains(page.body, kReporter));  // staff see whom to ask
    CHECK(contains(page.body, "EL-1024"));
    CHECK_FALSE(contains(page.body, "id=\"edit\""));  // editing is the moderators'

    // ---- CSRF, and bad input at its field in the visitor's language
    CHECK(handler.client().post(handler.url(light_path + "/update"), "state=fixed").status == 403);
    const HttpResult empty = handler.post(light_path + "/update", "state=&text=");
    CHECK(empty.status == 422);
    CHECK(contains(empty.body, "id=\"update-text-error\""));
    const HttpResult not_a_number =
        handler.post("/en" + light_path + "/update", "state=duplicate&duplicate_of=abc&text=");
    CHECK(not_a_number.status == 422);
    CHECK(contains(not_a_number.body, "id=\"update-duplicate_of-error\""));
    CHECK(contains(not_a_number.body, "Give the number of the report this one repeats"));
    // Hiding is the moderators': the store refuses it, said at the form.
    const HttpResult hide = handler.post(light_path + "/update", "state=hidden&text=");
    CHECK(hide.status == 422);
    CHECK(contains(hide.body, "Jūs negalite atlikti šio veiksmo su šiuo pranešimu."));
    CHECK(handler
              .post(light_path + "/edit", "title=" + form_encode("Kitas pavadinimas") + "&details=")
              .status == 422);

    // ---- a public update: the state shown, the reporter mailed
    const std::size_t mailed_before = mails_to(data_dir, kReporter).size();
    const HttpResult updated =
        handler.post(light_path + "/update", "state=investigating&duplicate_of=&text=" +
                                                 form_encode("Elektrikai atvyks <rytoj>."));
    REQUIRE(updated.status == 303);
    CHECK(updated.header("location") == light_path + "?saved=update");
    const HttpResult investigating = handler.get(light_path);
    CHECK(contains(investigating.body, "<dd>Tiriamas</dd>"));
    CHECK(contains(investigating.body, "Elektrikai atvyks &lt;rytoj&gt;."));
    REQUIRE(wait_for(
        [&] {
            for (const auto& message : mails_to(data_dir, kReporter)) {
                if (contains(message.text, "Elektrikai atvyks <rytoj>.")) return true;
            }
            return false;
        },
        10s));
    CHECK(mails_to(data_dir, kReporter).size() > mailed_before);

    // ---- an internal note: on the staff page, never in public
    REQUIRE(
        handler.post(light_path + "/note", "text=" + form_encode("Skambinau rangovui.")).status ==
        303);
    const HttpResult noted = handler.get(light_path);
    CHECK(contains(noted.body, "Skambinau rangovui."));
    CHECK(contains(noted.body, "vidinė pastaba"));
    HttpClient program;
    const std::string api = server.base_url() + "api/v1/reports/" + std::to_string(light);
    const HttpResult shown = program.get(api);
    REQUIRE(shown.status == 200);
    CHECK(contains(shown.body, "Elektrikai atvyks"));
    CHECK_FALSE(contains(shown.body, "Skambinau rangovui."));

    // ---- a duplicate of #n
    REQUIRE(handler
                .post("/staff/reports/" + std::to_string(light_again) + "/update",
                      "state=duplicate&duplicate_of=%23" + std::to_string(light) + "&text=")
                .status == 303);
    const HttpResult duplicate = handler.get("/staff/reports/" + std::to_string(light_again));
    CHECK(contains(duplicate.body, "Pasikartojantis pranešimas"));
    CHECK(contains(duplicate.body, "href=\"" + light_path + "\">#" + std::to_string(light)));

    // ---- a moderator: the text edited with the reporter's words kept, the report hidden
    REQUIRE(moderator.get(light_path).status == 200);
    CHECK(contains(moderator.get(light_path).body, "id=\"edit\""));
    const HttpResult short_title = moderator.post(light_path + "/edit", "title=x&details=");
    CHECK(short_title.status == 422);
    CHECK(contains(short_title.body, "id=\"edit-title-error\""));
    REQUIRE(moderator
                .post(light_path + "/edit", "title=" + form_encode("Neveikia gatvės šviestuvas") +
                                                "&details=" + form_encode("Prie mokyklos."))
                .status == 303);
    const HttpResult edited = moderator.get(light_path);
    CHECK(contains(edited.body, "Pranešėjo pradinis tekstas"));
    CHECK(contains(edited.body, "Neveikia šviestuvas"));
    CHECK(contains(program.get(api).body, "Neveikia gatvės šviestuvas"));
    REQUIRE(moderator.post(light_path + "/update", "state=hidden&text=").status == 303);
    CHECK(program.get(api).status == 404);
    CHECK(program.get(server.base_url() + "open311/v2/requests/" + std::to_string(light) + ".json")
              .status == 404);
    CHECK(contains(handler.get(light_path).body, "<dd>Paslėptas</dd>"));  // staff still see it

    // ---- every act in the audit log
    const HttpResult audit = admin.get("/staff/audit");
    REQUIRE(audit.status == 200);
    for (const char* action : {"report.handlers", "report.update", "report.note", "report.edit"}) {
        CAPTURE(action);
        CHECK(contains(audit.body, action));
    }
    CHECK(contains(audit.body, kHandler));
    CHECK(contains(audit.body, "report " + std::to_string(light)));
}
