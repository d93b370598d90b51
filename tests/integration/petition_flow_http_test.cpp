// A petition's whole life over HTTP, as its people meet it on the real server: the creator
// starts it and follows the mailed link, two sponsors sign through the creator's link and
// confirm from their mail, a moderator publishes it, residents sign and confirm, one address
// floods it and is limited, flagged and cancelled in bulk, and the answer is mailed to those who
// asked. Hostile values in every field come back as errors at their fields, forms without their
// CSRF token are refused, and the moderators' pages are theirs alone. One server for it all;
// every mail is read from the .eml files the demo's transport writes.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <regex>

#include "portal/mail/mail_message.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/mail_files.hpp"
#include "tests/support/test_browser.hpp"
#include "tests/support/test_certificate.hpp"

using namespace councilcast::testing;
using namespace std::chrono_literals;

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// `serve` on the demo's council with mail as files, two sponsors and small limits.
DemoProcess serve(const std::filesystem::path& dir) {
    const auto config = dir / "councilcast.toml";
    std::ofstream(config)
        << "[mail]\ntransport = \"files\"\nfrom_address = \"noreply@example.lt\"\n"
        << "[petitions]\nsponsors = 2\nsign_limit_per_address = 3\n"
        << "start_limit_per_address = 4\nflag_signatures = 2\n"
        << read_text_file(source_dir() + "/tests/support/light_channel.toml");
    return DemoProcess(
        DemoProcess::Command{{"serve", "--config", config.string(), "--listen", "127.0.0.1:0",
                              "--data-dir", (dir / "data").string(), "--seed-demo"}});
}

// The newest message to `recipient` whose subject has `subject_part`, waited for with a
// deadline: the dispatcher writes each as <data_dir>/mail/<id>.eml.
councilcast::portal::MailMessage mail_to(const std::filesystem::path& data_dir,
                                         const std::string& recipient,
                                         const std::string& subject_part) {
    councilcast::portal::MailMessage found;
    REQUIRE_MESSAGE(wait_for(
                        [&] {
                            const auto mails = written_mails(data_dir);
                            const auto newest =
                                std::find_if(mails.rbegin(), mails.rend(), [&](const auto& m) {
                                    return m.to == recipient && contains(m.subject, subject_part);
                                });
                            if (newest == mails.rend()) return false;
                            found = *newest;
                            return true;
                        },
                        10s),
                    "no mail to " << recipient << " about " << subject_part);
    return found;
}

// The path of the first link in a message to this server.
std::string link_in(const councilcast::portal::MailMessage& message, const DemoProcess& server) {
    std::smatch match;
    REQUIRE(std::regex_search(message.text, match, std::regex(R"(http://\S+)")));
    const std::string link = match[0];
    REQUIRE(link.rfind(server.base_url(), 0) == 0);
    return "/" + link.substr(server.base_url().size());
}

std::string first_eldership(const std::string& page) {
    std::smatch match;
    REQUIRE(std::regex_search(page, match, std::regex(R"re(<option value="([1-9][0-9]*)")re")));
    return match[1];
}

std::string sign_form(const std::string& eldership, const std::string& email,
                      const std::string& extra = "") {
    return "name=" + form_encode("Ona Onaitė") + "&email=" + form_encode(email) +
           "&eldership=" + eldership + "&eligible=1&consent=1" + extra;
}

// Signs from `browser` at `path` and confirms from the mail: as a resident does.
void sign_and_confirm(Browser& browser, const DemoProcess& server,
                      const std::filesystem::path& data_dir, const std::string& path,
                      const std::string& email, const std::string& extra = "") {
    const HttpResult form = browser.get(path);
    REQUIRE(form.status == 200);
    const HttpResult signed_up =
        browser.post(path, sign_form(first_eldership(form.body), email, extra));
    REQUIRE(signed_up.status == 303);
    CHECK(signed_up.header("location") == path + "?sent=1");
    const std::string confirm = link_in(mail_to(data_dir, email, "Patvirtinkite"), server);
    const HttpResult button = browser.get(confirm);
    REQUIRE(button.status == 200);
    CHECK(contains(button.body, "Patvirtinti parašą"));
    const HttpResult confirmed = browser.post(confirm, "");
    REQUIRE(confirmed.status == 303);
    CHECK(contains(confirmed.header("location"), "/sign?counted=1"));
    // Opened again (a second click, a mail scanner): it says so, and changes nothing.
    const HttpResult again = browser.get(confirm);
    CHECK(again.status == 303);
    CHECK(again.header("location") == confirmed.header("location"));
}

}  // namespace

TEST_CASE("a petition is started, sponsored, moderated, signed, limited, cleaned and answered") {
    const auto dir = fresh_directory("petition-flow-http");
    const auto data_dir = dir / "data";
    DemoProcess server = serve(dir);
    add_user(data_dir, "moderatore@example.lt", "--role moderator");
    add_user(data_dir, "gyventojas@example.lt");

    // ---- the creator starts it, in English mails
    Browser creator(server);
    HttpResult start = creator.get("/petitions/new");
    REQUIRE(start.status == 200);
    CHECK(contains(start.body, "<label for=\"start-title\">"));
    const std::string good_text =
        "The road to Vievis has no cycle path.\r\n\r\nWe ask the council to build one next year.";
    const std::string good = "title=" + form_encode("A cycle path to Vievis") +
                             "&text=" + form_encode(good_text) +
                             "&name=" + form_encode("Jonas Jonaitis") +
                             "&email=jonas%40example.lt" + "&language=en&consent=1";
    // Without the form's token: refused, nothing stored.
    CHECK(creator.client().post(creator.url("/petitions/new"), good).status == 403);
    // Hostile values in every field: each error at its field, what was typed kept, escaped.
    HttpResult hostile = creator.post(
        "/petitions/new",
        "title=" + form_encode("<script>x") + "&text=" + form_encode("\" onmouseover=\"alert(1)") +
            "&name=" + form_encode(std::string(300, 'x')) +
            "&email=" + form_encode("jonas@example.lt\r\nBcc: x@y.lt") + "&language=de");
    CHECK(hostile.status == 422);
    for (const std::string field :
         {"start-title-error", "start-text-error", "start-name-error", "start-email-error",
          "start-language-error", "start-consent-error"}) {
        CAPTURE(field);
        CHECK(contains(hostile.body, std::string("id=\"") + field + "\""));
    }
    CHECK(contains(hostile.body, "&lt;script&gt;x"));
    CHECK_FALSE(contains(hostile.body, "<script>x"));
    CHECK(contains(hostile.body, "aria-invalid=\"true\""));
    // A value with a control character is no form a browser sends.
    CHECK(creator.post("/petitions/new", "title=a%00b").status == 400);
    HttpResult english = creator.post("/en/petitions/new", "title=&text=&name=&email=&language=lt");
    CHECK(english.status == 422);
    CHECK(contains(english.body, "Check the email address"));

    HttpResult started = creator.post("/petitions/new", good);
    REQUIRE(started.status == 303);
    CHECK(started.header("location") == "/petitions/new?sent=1");
    CHECK(contains(creator.get(started.header("location")).body, "Patikrinkite el. paštą"));
    const auto manage_mail = mail_to(data_dir, "jonas@example.lt", "Your petition");
    CHECK(manage_mail.subject == "Your petition “A cycle path to Vievis”");
    const std::string manage = link_in(manage_mail, server);
    REQUIRE(manage.rfind("/en/petitions/manage/", 0) == 0);

    // ---- the creator's page: correct the text, then gather sponsors
    HttpResult own = creator.get(manage);
    REQUIRE(own.status == 200);
    CHECK(contains(own.body, "Draft"));
    HttpResult refused_edit = creator.post(manage, "title=short&text=" + form_encode(good_text));
    CHECK(refused_edit.status == 422);
    CHECK(contains(refused_edit.body, "edit-title-error"));
    REQUIRE(creator
                .post(manage, "title=" + form_encode("A cycle path to Vievis, please") +
                                  "&text=" + form_encode(good_text))
                .header("location") == manage + "?saved=1");
    REQUIRE(creator.post(manage + "/gather", "").status == 303);
    own = creator.get(manage);
    CHECK(contains(own.body, "Sponsors confirmed: 0 of 2."));
    std::smatch sponsor_match;
    REQUIRE(std::regex_search(
        own.body, sponsor_match,
        std::regex(R"re(href="http://[^"]*(/en/petitions/([0-9]+)/sponsor/[A-Za-z0-9_-]+)")re")));
    const std::string sponsor_path = std::string(sponsor_match[1]).substr(3);  // in Lithuanian
    const std::string id = sponsor_match[2];
    CHECK(creator.get("/petitions/manage/" + std::string(43, 'Q')).status == 404);
    CHECK(creator.get("/petitions/" + id + "/sponsor/" + std::string(43, 'Q')).status == 404);

    // ---- two sponsors sign through the link and confirm; the petition goes to moderation
    Browser sponsor_one(server, "127.0.0.2");
    sign_and_confirm(sponsor_one, server, data_dir, sponsor_path, "remeja1@example.lt");
    Browser sponsor_two(server, "127.0.0.3");
    sign_and_confirm(sponsor_two, server, data_dir, sponsor_path, "remeja2@example.lt");
    mail_to(data_dir, "jonas@example.lt", "is with the moderator");

    // ---- the moderators' pages are theirs alone
    Browser anonymous(server, "127.0.0.9");
    HttpResult outside = anonymous.get("/staff/petitions");
    CHECK(outside.status == 303);
    CHECK(contains(outside.header("location"), "/login"));
    Browser resident(server, "127.0.0.9");
    REQUIRE(resident.sign_in("gyventojas@example.lt").status == 303);
    CHECK(resident.get("/staff/petitions").status == 403);
    CHECK(resident.get("/staff/petitions/" + id).status == 403);
    CHECK(resident.post("/staff/petitions/" + id + "/approve", "").status == 403);
    Browser moderator(server, "127.0.0.10");
    REQUIRE(moderator.sign_in("moderatore@example.lt").status == 303);
    HttpResult queue = moderator.get("/staff/petitions");
    REQUIRE(queue.status == 200);
    CHECK(contains(queue.body, "A cycle path to Vievis, please"));
    CHECK(contains(queue.body, "href=\"/staff/petitions\""));  // the staff navigation's entry
    REQUIRE(moderator.get("/staff/petitions/" + id).status == 200);
    CHECK(
        moderator.client().post(moderator.url("/staff/petitions/" + id + "/approve"), "").status ==
        403);
    HttpResult hostile_reject =
        moderator.post("/staff/petitions/" + id + "/reject", "reason=not_a_reason&duplicate_of=-3");
    CHECK(hostile_reject.status == 422);
    CHECK(contains(hostile_reject.body, "reject-reason-error"));
    CHECK(contains(hostile_reject.body, "reject-duplicate_of-error"));
    REQUIRE(moderator.post("/staff/petitions/" + id + "/approve", "").status == 303);
    const auto published = mail_to(data_dir, "jonas@example.lt", "is published");
    CHECK(contains(published.text, "/en/petitions/" + id));

    // ---- residents sign and confirm; hostile values refused at their fields
    const std::string sign_path = "/petitions/" + id + "/sign";
    Browser signer(server, "127.0.0.4");
    sign_and_confirm(signer, server, data_dir, sign_path, "ona@example.lt", "&notify=1");
    Browser hostile_signer(server, "127.0.0.6");
    REQUIRE(hostile_signer.get(sign_path).status == 200);
    HttpResult bad_sign = hostile_signer.post(
        sign_path, "name=" + form_encode(std::string(101, 'x')) + "&email=" +
                       form_encode("<b>@example.lt") + "&eldership=99999999999999999999" +
                       "&eligible=yes&consent=0&notify=" + form_encode("1\" autofocus"));
    CHECK(bad_sign.status == 422);
    for (const char* field : {"sign-name-error", "sign-email-error", "sign-eldership-error",
                              "sign-eligible-error", "sign-consent-error"}) {
        CAPTURE(field);
        CHECK(contains(bad_sign.body, std::string("id=\"") + field + "\""));
    }
    CHECK(hostile_signer.client().post(hostile_signer.url(sign_path), "name=x").status == 403);
    CHECK(hostile_signer.post("/petitions/99999/sign", sign_form("1", "a@example.lt")).status ==
          404);
    CHECK(hostile_signer.get("/petitions/confirm/" + std::string(43, 'Q')).status == 404);
    CHECK(hostile_signer.post("/petitions/confirm/" + std::string(43, 'Q'), "").status == 404);
    CHECK(hostile_signer.get("/petitions/confirm/" + std::string(300, 'Q')).status == 404);

    // ---- one address floods it: limited in the visitor's language, flagged, cancelled
    Browser flooder(server, "127.0.0.5");
    REQUIRE(flooder.get(sign_path).status == 200);
    const std::string eldership = first_eldership(flooder.get(sign_path).body);
    for (int i = 0; i < 3; ++i) {
        const std::string email = "robotas" + std::to_string(i) + "@example.lt";
        REQUIRE(flooder.post(sign_path, sign_form(eldership, email)).status == 303);
        const std::string confirm = link_in(mail_to(data_dir, email, "Patvirtinkite"), server);
        REQUIRE(flooder.post(confirm, "").status == 303);
    }
    HttpResult limited = flooder.post(sign_path, sign_form(eldership, "robotas9@example.lt"));
    CHECK(limited.status == 429);
    CHECK(contains(limited.body, "Bandykite dar kartą po"));
    CHECK(std::stoi(limited.header("retry-after")) > 3500);
    HttpResult limited_en =
        flooder.post("/en" + sign_path, sign_form(eldership, "robotas9@example.lt"));
    CHECK(limited_en.status == 429);
    CHECK(contains(limited_en.body, "Try again in"));
    // Two sponsors, a resident and three from the flood: six, once the tally has run.
    const std::string page = "/staff/petitions/" + id;
    REQUIRE(wait_for(
        [&] {
            return contains(moderator.get(page).body,
                            "<dd>6 (patvirtinta 6, laukia patvirtinimo 0, anuliuota 0)</dd>");
        },
        10s));
    HttpResult flagged = moderator.get(page);
    CHECK(contains(flagged.body, "<td>127.0.0.5</td><td>3</td><td>2</td>"));
    HttpResult no_reason =
        moderator.post(page + "/invalidate", "address=127.0.0.5&domain=&from=&to=&reason=");
    CHECK(no_reason.status == 422);
    CHECK(contains(no_reason.body, "invalidate-reason-error"));
    HttpResult cleaned =
        moderator.post(page + "/invalidate",
                       "address=127.0.0.5&domain=&from=&to=&reason=" + form_encode("Robotas"));
    REQUIRE(cleaned.status == 303);
    CHECK(cleaned.header("location") == page + "?invalidated=3");
    HttpResult after = moderator.get(cleaned.header("location"));
    CHECK(contains(after.body, "Anuliuota parašų: 3."));
    CHECK(contains(after.body, "<dd>3 (patvirtinta 3, laukia patvirtinimo 0, anuliuota 3)</dd>"));

    // ---- the answer reaches the creator and the resident who asked for it
    HttpResult answered = moderator.post(
        page + "/respond",
        "response=" + form_encode("The path is in next year's budget.") + "&meeting_id=&decision=");
    REQUIRE(answered.status == 303);
    CHECK(contains(mail_to(data_dir, "jonas@example.lt", "The answer").text,
                   "The path is in next year's budget."));
    CHECK(contains(mail_to(data_dir, "ona@example.lt", "Atsakymas").text,
                   "paprašėte pranešti apie atsakymą"));

    // ---- hidden with a reason, which its public address then gives; shown again
    REQUIRE(
        moderator.post(page + "/hide", "reason=" + form_encode("Tekste asmens duomenys")).status ==
        303);
    HttpResult hidden = anonymous.get("/petitions/" + id);
    CHECK(hidden.status == 404);
    CHECK(contains(hidden.body, "Tekste asmens duomenys"));
    REQUIRE(moderator.post(page + "/unhide", "").status == 303);
    CHECK(anonymous.get("/petitions/" + id).status == 200);
}
