// The editors' pages as an editor meets them: the real server, a real HTTP client with a cookie
// jar, accounts made with `councilcast user add`, and the council's record read back from the
// database the server wrote.
#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <regex>
#include <sstream>

#include "portal/council/council_store.hpp"
#include "portal/council/demo_council.hpp"
#include "portal/pages/localization.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/raw_http.hpp"
#include "tests/support/test_browser.hpp"
#include "tests/support/test_images.hpp"

using namespace councilcast;
using namespace councilcast::testing;
using namespace std::chrono_literals;
using portal::CouncilSnapshot;

namespace {

constexpr std::int64_t kMiB = 1024 * 1024;
const std::string kHtml = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n";

// What the server wrote, read through a store of the test's own on the same database.
std::shared_ptr<const CouncilSnapshot> record(const std::filesystem::path& data_dir) {
    DatabaseWriter writer(data_dir / "councilcast.sqlite");
    portal::CouncilStore store(data_dir / "councilcast.sqlite", data_dir, writer);
    return store.snapshot();
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

std::int64_t id_in(const std::string& text, const std::string& pattern) {
    std::smatch match;
    REQUIRE(std::regex_search(text, match, std::regex(pattern)));
    return std::stoll(match[1]);
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// A meeting form's fields, urlencoded; `title` first so a test can find the meeting by it.
std::string meeting_form(const std::string& title, const std::string& starts) {
    return "title_lt=" + form_encode(title) +
           "&kind=council&committee_id=&title_en=Council+meeting&starts=" + starts +
           "&place_lt=" + form_encode("Posėdžių salė") +
           "&place_en=&status=planned&channel_id=hall";
}

struct Editor {
    DemoProcess& demo;
    Browser browser;

    explicit Editor(DemoProcess& process, const std::string& email = "editor@example.lt")
        : demo(process), browser(process) {
        REQUIRE(browser.sign_in(email).status == 303);
        REQUIRE(browser.get("/staff/meetings").status == 200);
    }

    std::int64_t create_meeting(const std::string& title, const std::string& starts) {
        HttpResult created = browser.post("/staff/meetings", meeting_form(title, starts));
        REQUIRE(created.status == 303);
        const std::int64_t id = id_in(created.header("location"), R"(/staff/meeting\?id=(\d+))");
        REQUIRE(browser.get("/staff/meeting?id=" + std::to_string(id)).status == 200);
        return id;
    }

    std::int64_t add_item(std::int64_t meeting_id, const std::string& title) {
        HttpResult added = browser.post(
            "/staff/meeting/item", "meeting_id=" + std::to_string(meeting_id) +
                                       "&title_lt=" + form_encode(title) +
                                       "&title_en=&rapporteur=Asta&description_lt=" +
                                       form_encode("**Svarbu**\n\n- vienas") + "&description_en=");
        REQUIRE(added.status == 303);
        return id_in(added.header("location"), R"(#item-(\d+))");
    }

    HttpResult upload(std::int64_t item_id, const std::string& file_name,
                      const std::string& bytes) {
        return browser.post_multipart("/staff/meeting/document",
                                      {{"agenda_item_id", std::to_string(item_id)},
                                       {"title_lt", "Sprendimo projektas"},
                                       {"title_en", "Draft decision"},
                                       {"document", bytes, file_name, "application/pdf"}});
    }
};

// Every editor route with a body that would do something if it were let through.
const std::vector<std::pair<std::string, std::string>> kEditorPosts = {
    {"/staff/council/group", "name_lt=X"},
    {"/staff/council/member", "name=X&term_start=2023-04-20&position=member"},
    {"/staff/council/committee", "name_lt=X"},
    {"/staff/meetings", meeting_form("X", "2026-12-02T14:00")},
    {"/staff/meeting", "meeting_id=1&" + meeting_form("X", "2026-12-02T14:00")},
    {"/staff/meeting/item", "meeting_id=1&title_lt=X"},
    {"/staff/meeting/item/move", "agenda_item_id=1&direction=down"},
    {"/staff/meeting/item/remove", "agenda_item_id=1&confirm=1"},
    {"/staff/meeting/document", "agenda_item_id=1&title_lt=X"},
    {"/staff/meeting/document/remove", "document_id=1"},
    {"/staff/meeting/decision", "agenda_item_id=1&outcome=adopted&decided=2026-12-02"},
    {"/staff/meeting/decision/remove", "decision_id=1"},
};
const std::vector<std::string> kEditorPages = {"/staff/council", "/staff/meetings",
                                               "/staff/meeting?id=1"};

}  // namespace

TEST_CASE(
    "an editor creates a meeting, its agenda, a PDF and a decision, and the record has them") {
    const auto data_dir = fresh_directory("editor-meeting");
    add_user(data_dir, "editor@example.lt", "--role editor");
    DemoProcess demo(data_dir);
    Editor editor(demo);

    const std::int64_t meeting_id =
        editor.create_meeting("Neeilinis tarybos posėdis", "2026-12-02T14:00");
    HttpResult page = editor.browser.get("/staff/meeting?id=" + std::to_string(meeting_id));
    CHECK(contains(page.body, "<h1>Neeilinis tarybos posėdis</h1>"));
    CHECK(contains(page.body, "value=\"2026-12-02T14:00\""));
    // A meeting that is not there is the site's "not found" page.
    HttpResult missing = editor.browser.get("/staff/meeting?id=999999");
    CHECK(missing.status == 404);
    CHECK(contains(missing.body, "Puslapis nerastas"));

    const std::int64_t first = editor.add_item(meeting_id, "Dėl biudžeto");
    const std::int64_t second = editor.add_item(meeting_id, "Dėl darbotvarkės");
    editor.browser.get("/staff/meeting?id=" + std::to_string(meeting_id));
    // The second item goes first.
    CHECK(editor.browser
              .post("/staff/meeting/item/move",
                    "agenda_item_id=" + std::to_string(second) + "&direction=up")
              .status == 303);

    const std::string pdf = portal::decision_draft_pdf("Dėl biudžeto", "KS-901");
    HttpResult uploaded = editor.upload(first, "C:\\fakepath\\../Sprendimo projektas ąčę.pdf", pdf);
    CHECK(uploaded.status == 303);
    HttpResult decided = editor.browser.post(
        "/staff/meeting/decision",
        "agenda_item_id=" + std::to_string(first) + "&number=KS-901&outcome=adopted&text_lt=" +
            form_encode("Pritarti biudžetui.") + "&text_en=Adopted.&decided=2026-12-02");
    CHECK(decided.status == 303);

    // The staff page shows it all, in English too.
    HttpResult english = editor.browser.get("/en/staff/meeting?id=" + std::to_string(meeting_id));
    CHECK(english.status == 200);
    CHECK(contains(english.body, "Sprendimo projektas ąčę.pdf"));
    CHECK(contains(english.body, "Adopted"));
    CHECK(contains(english.body, "<html lang=\"en\">"));

    const auto now = record(data_dir);
    const portal::Meeting* meeting = now->meeting(meeting_id);
    REQUIRE(meeting != nullptr);
    CHECK(meeting->title.lt == "Neeilinis tarybos posėdis");
    // 14:00 in Vilnius in December is 12:00 UTC.
    // 14:00 in Vilnius in winter is 12:00 UTC.
    CHECK(meeting->starts_unix == 1796212800);
    CHECK(meeting->starts_unix % 86400 == 12 * 3600);
    CHECK(meeting->channel_id == "hall");
    const auto agenda = now->agenda(meeting_id);
    REQUIRE(agenda.size() == 2);
    CHECK(agenda[0].id == second);
    CHECK(agenda[1].id == first);
    CHECK(agenda[1].description.lt == "**Svarbu**\n\n- vienas");
    REQUIRE(now->documents_of(first).size() == 1);
    const portal::Document& document = now->documents_of(first)[0];
    CHECK(document.file_name == "Sprendimo projektas ąčę.pdf");
    CHECK(document.content_type == "application/pdf");
    CHECK(document.size_bytes == static_cast<std::int64_t>(pdf.size()));
    DatabaseWriter writer(data_dir / "councilcast.sqlite");
    CHECK(read_file(portal::CouncilStore(data_dir / "councilcast.sqlite", data_dir, writer)
                        .document_path(document)) == pdf);
    const portal::Decision* decision = now->decision_on(first);
    REQUIRE(decision != nullptr);
    CHECK(decision->number == "KS-901");
    CHECK(decision->outcome == portal::DecisionOutcome::kAdopted);
    CHECK(portal::Localization().datetime_local(decision->decided_unix) == "2026-12-02T12:00");

    // Every change is in the audit log, with who did it.
    HttpResult audit = editor.browser.get("/staff/audit");
    for (const char* action :
         {"meeting.add", "agenda.add", "agenda.move", "document.add", "decision.add"}) {
        CAPTURE(action);
        CHECK(contains(audit.body, std::string("<td>") + action + "</td>"));
    }
    CHECK(contains(audit.body, "<td>editor@example.lt</td>"));
    CHECK(contains(audit.body, "Žurnalas vientisas"));

    // Removing the item takes its document and decision with it, and is audited too.
    editor.browser.get("/staff/meeting?id=" + std::to_string(meeting_id));
    HttpResult unconfirmed = editor.browser.post("/staff/meeting/item/remove",
                                                 "agenda_item_id=" + std::to_string(first));
    CHECK(unconfirmed.status == 422);
    CHECK(contains(unconfirmed.body,
                   "aria-describedby=\"item-" + std::to_string(first) + "-remove-confirm-error\""));
    CHECK(editor.browser
              .post("/staff/meeting/item/remove",
                    "agenda_item_id=" + std::to_string(first) + "&confirm=1")
              .status == 303);
    CHECK(record(data_dir)->agenda(meeting_id).size() == 1);
    CHECK(record(data_dir)->decision_on(first) == nullptr);
}

TEST_CASE("an editor keeps the roster: groups, a member with a photo, a committee") {
    const auto data_dir = fresh_directory("editor-roster");
    add_user(data_dir, "editor@example.lt", "--role editor");
    DemoProcess demo(data_dir);
    Editor editor(demo);
    const auto before = record(data_dir);
    REQUIRE_FALSE(before->groups.empty());
    const portal::CouncilGroup group = before->groups.front();

    HttpResult roster = editor.browser.get("/staff/council");
    CHECK(roster.status == 200);
    CHECK(editor.browser
              .post("/staff/council/group", "group_id=" + std::to_string(group.id) +
                                                "&name_lt=" + form_encode("Naujas pavadinimas") +
                                                "&name_en=New+name&abbreviation=NP")
              .status == 303);

    const std::string png = councilcast::testing::png_image(8);
    HttpResult added = editor.browser.post_multipart("/staff/council/member",
                                                     {{"name", "Ona Onaitienė"},
                                                      {"group_id", std::to_string(group.id)},
                                                      {"position", "member"},
                                                      {"term_start", "2027-04-20"},
                                                      {"term_end", ""},
                                                      {"biography_lt", "Mokytoja."},
                                                      {"biography_en", "A teacher."},
                                                      {"photo", png, "ona.png", "image/png"}});
    CHECK(added.status == 303);
    const auto after = record(data_dir);
    const auto ona = std::find_if(after->members.begin(), after->members.end(),
                                  [](const auto& m) { return m.name == "Ona Onaitienė"; });
    REQUIRE(ona != after->members.end());
    CHECK(ona->photo.ends_with(".png"));
    CHECK(read_file(data_dir / "photos" / ona->photo) == png);
    CHECK(after->group(group.id)->name.lt == "Naujas pavadinimas");

    // An SVG is no photo; the form comes back with the message at the field, nothing changed.
    editor.browser.get("/staff/council?member=" + std::to_string(ona->id));
    HttpResult svg = editor.browser.post_multipart(
        "/staff/council/member",
        {{"member_id", std::to_string(ona->id)},
         {"name", "Ona Onaitienė"},
         {"position", "member"},
         {"term_start", "2027-04-20"},
         {"photo", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
          "ona.png", "image/png"}});
    CHECK(svg.status == 422);
    CHECK(contains(svg.body, "Nuotrauka turi būti JPEG arba PNG failas"));
    CHECK(contains(svg.body, "id=\"member-photo-error\""));
    CHECK(record(data_dir)->member(ona->id)->photo == ona->photo);

    // A second chair is refused with the store's reason, in the page's language.
    HttpResult chair = editor.browser.post_multipart(
        "/en/staff/council/member",
        {{"name", "Jonas Jonaitis"}, {"position", "chair"}, {"term_start", "2027-04-20"}});
    CHECK(chair.status == 422);
    CHECK(contains(chair.body, "chairs the council already"));
    CHECK_FALSE(contains(chair.body, "pirmininkauja"));

    HttpResult committee = editor.browser.post(
        "/staff/council/committee",
        "name_lt=" + form_encode("Jaunimo reikalų komitetas") +
            "&name_en=&remit_lt=&remit_en=&chair_member_id=" + std::to_string(ona->id) +
            "&member_id=" + std::to_string(after->members.front().id));
    CHECK(committee.status == 303);
    const auto last = record(data_dir);
    const auto youth =
        std::find_if(last->committees.begin(), last->committees.end(),
                     [](const auto& c) { return c.name.lt == "Jaunimo reikalų komitetas"; });
    REQUIRE(youth != last->committees.end());
    CHECK(youth->chair_member_id == ona->id);
    CHECK(youth->member_ids.size() == 2);
    HttpResult audit = editor.browser.get("/staff/audit");
    for (const char* action : {"council.group.update", "council.member.add", "council.member.photo",
                               "council.committee.add"}) {
        CAPTURE(action);
        CHECK(contains(audit.body, std::string("<td>") + action + "</td>"));
    }
}

TEST_CASE("only editors and administrators reach the editor pages") {
    const auto data_dir = fresh_directory("editor-access");
    add_user(data_dir, "ona@example.lt");
    add_user(data_dir, "moderator@example.lt", "--role moderator");
    add_user(data_dir, "admin@example.lt", "--role admin");
    DemoProcess demo(data_dir);
    const auto before = record(data_dir);

    Browser anonymous(demo);
    for (const auto& page : kEditorPages) {
        CAPTURE(page);
        HttpResult result = anonymous.get(page);
        CHECK(result.status == 303);
        CHECK(result.header("location").starts_with("/login?next="));
    }
    anonymous.get("/login");
    for (const auto& [path, form] : kEditorPosts) {
        CAPTURE(path);
        CHECK(anonymous.post(path, form).status == 401);
    }

    for (const char* email : {"ona@example.lt", "moderator@example.lt"}) {
        CAPTURE(email);
        Browser someone(demo);
        REQUIRE(someone.sign_in(email).status == 303);
        someone.get("/account");
        for (const auto& page : kEditorPages) {
            CAPTURE(page);
            CHECK(someone.get(page).status == 403);
            CHECK(someone.get("/en" + page).status == 403);
        }
        for (const auto& [path, form] : kEditorPosts) {
            CAPTURE(path);
            CHECK(someone.post(path, form).status == 403);
        }
        CHECK(someone
                  .post_multipart("/staff/meeting/document", {{"agenda_item_id", "1"},
                                                              {"title_lt", "X"},
                                                              {"document", "%PDF-1.4\n", "x.pdf"}})
                  .status == 403);
    }
    // Nothing of that reached the record.
    const auto after = record(data_dir);
    CHECK(after->meetings.size() == before->meetings.size());
    CHECK(after->agenda_items.size() == before->agenda_items.size());
    CHECK(after->documents.size() == before->documents.size());

    Browser admin(demo);
    REQUIRE(admin.sign_in("admin@example.lt").status == 303);
    for (const auto& page : kEditorPages) {
        CAPTURE(page);
        CHECK(admin.get(page).status == 200);
    }
    // Editors see their own pages in the staff navigation; a moderator does not.
    CHECK(contains(admin.get("/staff/audit").body, "href=\"/staff/meetings\""));
    Browser moderator(demo);
    REQUIRE(moderator.sign_in("moderator@example.lt").status == 303);
    CHECK_FALSE(contains(moderator.get("/staff/audit").body, "href=\"/staff/meetings\""));
}

TEST_CASE("an editor's form without the CSRF token, or from another site, is refused") {
    const auto data_dir = fresh_directory("editor-csrf");
    add_user(data_dir, "editor@example.lt", "--role editor");
    DemoProcess demo(data_dir);
    Editor editor(demo);
    const auto before = record(data_dir);
    const std::string good = editor.browser.csrf();
    for (const auto& [path, form] : kEditorPosts) {
        CAPTURE(path);
        HttpResult missing = editor.browser.client().post(editor.browser.url(path), form);
        CHECK(missing.status == 403);
        CHECK(contains(missing.body, "Forma nebegalioja"));
        CHECK(editor.browser.post(path, form, {{"Origin", "https://evil.example"}}).status == 403);
    }
    editor.browser.csrf() = forged_token(good);
    CHECK(editor.browser
              .post_multipart("/staff/meeting/document",
                              {{"agenda_item_id", std::to_string(before->agenda_items[0].id)},
                               {"title_lt", "X"},
                               {"document", portal::decision_draft_pdf("x", "y"), "x.pdf"}})
              .status == 403);
    const auto after = record(data_dir);
    CHECK(after->meetings.size() == before->meetings.size());
    CHECK(after->documents.size() == before->documents.size());
    CHECK(after->groups.front().name.lt == before->groups.front().name.lt);
}

TEST_CASE("uploads may be larger than other bodies, up to max_upload_bytes; beyond it 413") {
    const auto data_dir = fresh_directory("editor-upload-limit");
    add_user(data_dir, "editor@example.lt", "--role editor");
    DemoProcess demo(data_dir);
    Editor editor(demo);
    const std::int64_t item = record(data_dir)->agenda_items.front().id;

    // 3 MiB: over max_body_bytes (1 MiB), under max_upload_bytes (20 MiB).
    std::string big_pdf = portal::decision_draft_pdf("Didelis", "KS-1");
    big_pdf += "%" + std::string(3 * kMiB, 'x') + "\n";
    HttpResult uploaded = editor.upload(item, "didelis.pdf", big_pdf);
    CHECK(uploaded.status == 303);
    const auto documents = record(data_dir)->documents_of(item);
    CHECK(std::any_of(documents.begin(), documents.end(), [&](const auto& d) {
        return d.size_bytes == static_cast<std::int64_t>(big_pdf.size());
    }));
    // The same size to a page that takes no files: 413 from the header alone.
    RawConnection form("127.0.0.1", demo.port());
    form.send(
        "POST /staff/meetings HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
        std::to_string(3 * kMiB) + "\r\n\r\ntitle_lt=");
    const std::string too_large = form.read_until_closed(10s);
    CHECK(too_large.starts_with("HTTP/1.1 413"));
    CHECK(contains(too_large, "Užklausa per didelė: daugiausia 1 MiB."));

    // Over the upload limit: refused from the header, before the body is read.
    RawConnection raw("127.0.0.1", demo.port());
    REQUIRE(raw.connected());
    // The editor's session: only an account that may upload gets max_upload_bytes.
    const std::string cookie = "Cookie: session=" + editor.browser.session() + "\r\n";
    raw.send("POST /staff/meeting/document HTTP/1.1\r\nHost: 127.0.0.1\r\n" + cookie +
             "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: " +
             std::to_string(21 * kMiB) + "\r\n\r\n--x\r\n");
    const std::string refused = raw.read_until_closed(10s);
    CHECK(refused.starts_with("HTTP/1.1 413"));
    CHECK(contains(refused, "Failas per didelis: galima įkelti iki 20 MiB."));
    // A chunked upload that grows past the limit is cut off as it arrives.
    RawConnection chunked("127.0.0.1", demo.port());
    chunked.send("POST /en/staff/council/member HTTP/1.1\r\nHost: 127.0.0.1\r\n" + cookie +
                 "Content-Type: multipart/form-data; boundary=x\r\nTransfer-Encoding: "
                 "chunked\r\n\r\n");
    // Exactly the limit is still taken; one byte more is not.
    const std::string chunk(kMiB, 'c');
    char size_line[32];
    std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
    for (int i = 0; i < 20; ++i) REQUIRE(chunked.send(size_line + chunk + "\r\n"));
    chunked.send("1\r\nc\r\n");
    // Refused in the language of the English page it was sent to.
    const std::string cut_off = chunked.read_until_closed(10s);
    CHECK(cut_off.starts_with("HTTP/1.1 413"));
    CHECK(contains(cut_off, "The file is too large: uploads may be up to 20 MiB."));

    // The server carries on.
    HttpClient client;
    CHECK(client.get(demo.base_url() + "healthz").status == 200);
    CHECK(editor.browser.get("/staff/meetings").status == 200);
}

TEST_CASE("only an account that may upload gets the upload allowance, decided before the body") {
    const auto data_dir = fresh_directory("editor-upload-allowance");
    add_user(data_dir, "ona@example.lt");
    add_user(data_dir, "editor@example.lt", "--role editor");
    DemoProcess demo(data_dir);
    Browser resident(demo);
    REQUIRE(resident.sign_in("ona@example.lt").status == 303);
    Browser editor(demo);
    REQUIRE(editor.sign_in("editor@example.lt").status == 303);

    // 5 MiB declared, 64 KiB sent: the answer must come while the rest is still unsent, so the
    // server read none of what it would not take.
    const auto send_part = [&](const std::string& cookie) {
        auto raw = std::make_unique<RawConnection>("127.0.0.1", demo.port());
        raw->send("POST /staff/meeting/document HTTP/1.1\r\nHost: 127.0.0.1\r\n" + cookie +
                  "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: " +
                  std::to_string(5 * kMiB) + "\r\n\r\n--x\r\n" + std::string(64 * 1024, 'x'));
        return raw;
    };
    for (const std::string& cookie :
         {std::string(), "Cookie: session=" + resident.session() + "\r\n",
          "Cookie: session=" + std::string(43, 'A') + "\r\n"}) {
        CAPTURE(cookie);
        const std::string refused = send_part(cookie)->read_until("\r\n\r\n", 5s);
        CHECK(refused.starts_with("HTTP/1.1 413"));
        CHECK(contains(refused, "prisijunkite ir bandykite dar kartą"));
    }
    // An editor's session is let through: the server waits for the body it was promised.
    auto editing = send_part("Cookie: session=" + editor.session() + "\r\n");
    CHECK_FALSE(editing->closed_within(1s));

    // A chunked body from someone without the allowance is cut off at max_body_bytes (1 MiB).
    RawConnection chunked("127.0.0.1", demo.port());
    chunked.send(
        "POST /en/staff/council/member HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: multipart/form-data; boundary=x\r\nTransfer-Encoding: chunked\r\n\r\n");
    const std::string chunk(256 * 1024, 'c');
    char size_line[32];
    std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
    for (int i = 0; i < 5; ++i) chunked.send(size_line + chunk + "\r\n");
    const std::string cut_off = chunked.read_until("\r\n\r\n", 10s);
    CHECK(cut_off.starts_with("HTTP/1.1 413"));
    CHECK(contains(cut_off, "sign in and try again"));
}

TEST_CASE("a file that is not what the form takes is refused, saying what is allowed") {
    const auto data_dir = fresh_directory("editor-fake-pdf");
    add_user(data_dir, "editor@example.lt", "--role editor");
    DemoProcess demo(data_dir);
    Editor editor(demo);
    const auto before = record(data_dir);
    const std::int64_t item = before->agenda_items.front().id;
    const std::int64_t meeting = before->agenda_items.front().meeting_id;
    editor.browser.get("/staff/meeting?id=" + std::to_string(meeting));
    const std::string exe =
        std::string("MZ\x90\x00\x03\x00\x00\x00\x04\x00", 10) + std::string(200, '\0');
    for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
             {"sprendimas.pdf", kHtml}, {"sprendimas.pdf", exe}, {"tuscias.pdf", ""}}) {
        CAPTURE(name);
        HttpResult refused = editor.upload(item, name, bytes);
        CHECK(refused.status == 422);
        const std::string field_id = "item-" + std::to_string(item) + "-document-document";
        CHECK(contains(refused.body, "id=\"" + field_id + "-error\""));
        CHECK(contains(refused.body,
                       "aria-describedby=\"" + field_id + "-hint " + field_id + "-error\""));
    }
    HttpResult html = editor.upload(item, "sprendimas.pdf", kHtml);
    CHECK(contains(html.body, "Galima įkelti tik PDF dokumentus; šis failas yra text/html."));
    HttpResult english = editor.browser.post_multipart("/en/staff/meeting/document",
                                                       {{"agenda_item_id", std::to_string(item)},
                                                        {"title_lt", "X"},
                                                        {"document", kHtml, "a.pdf"}});
    CHECK(contains(english.body, "Only PDF documents can be uploaded; this file is text/html."));
    // The typed title stays in the form, and no document was stored.
    CHECK(contains(html.body, "value=\"Sprendimo projektas\""));
    CHECK(record(data_dir)->documents.size() == before->documents.size());
}

TEST_CASE("hostile values in every editor field are stored as text and shown escaped") {
    const auto data_dir = fresh_directory("editor-hostile");
    add_user(data_dir, "editor@example.lt", "--role editor");
    DemoProcess demo(data_dir);
    Editor editor(demo);
    const std::string script = "<script>alert(1)</script>";
    const std::string image = "\"><img src=x onerror=alert(1)>";
    const std::string hostile = script + image + "' OR 1=1 -- \u202e";
    const std::string value = form_encode(hostile);

    const std::int64_t meeting_id = editor.create_meeting(hostile, "2026-12-02T14:00");
    const std::string meeting = std::to_string(meeting_id);
    CHECK(editor.browser
              .post("/staff/meeting", "meeting_id=" + meeting + "&title_lt=" + value +
                                          "&kind=council&committee_id=&title_en=" + value +
                                          "&starts=2026-12-02T14:00&place_lt=" + value +
                                          "&place_en=" + value + "&status=planned&channel_id=")
              .status == 303);
    const std::int64_t item = editor.add_item(meeting_id, hostile);
    CHECK(editor.browser
              .post("/staff/meeting/item", "agenda_item_id=" + std::to_string(item) +
                                               "&title_lt=" + value + "&title_en=" + value +
                                               "&rapporteur=" + value + "&description_lt=" + value +
                                               "&description_en=" + value)
              .status == 303);
    CHECK(editor.browser
              .post_multipart("/staff/meeting/document",
                              {{"agenda_item_id", std::to_string(item)},
                               {"title_lt", hostile},
                               {"title_en", hostile},
                               {"document", portal::decision_draft_pdf("x", "y"),
                                "<script>alert(1)<\\script>.pdf"}})
              .status == 303);
    CHECK(editor.browser
              .post("/staff/meeting/decision", "agenda_item_id=" + std::to_string(item) +
                                                   "&number=" + value +
                                                   "&outcome=adopted&text_lt=" + value +
                                                   "&text_en=" + value + "&decided=2026-12-02")
              .status == 303);
    editor.browser.get("/staff/council");
    CHECK(editor.browser
              .post("/staff/council/group",
                    "name_lt=" + value + "&name_en=" + value + "&abbreviation=" + value)
              .status == 303);
    CHECK(editor.browser
              .post_multipart("/staff/council/member", {{"name", hostile},
                                                        {"position", "member"},
                                                        {"term_start", "2027-04-20"},
                                                        {"biography_lt", hostile},
                                                        {"biography_en", hostile}})
              .status == 303);
    CHECK(editor.browser
              .post("/staff/council/committee", "name_lt=" + value + "&name_en=" + value +
                                                    "&remit_lt=" + value + "&remit_en=" + value +
                                                    "&chair_member_id=")
              .status == 303);
    // Refused values come back in the form escaped as well.
    HttpResult refused = editor.browser.post(
        "/staff/meetings", "title_lt=" + value + "&kind=" + value + "&starts=" + value +
                               "&status=" + value + "&channel_id=" + value +
                               "&committee_id=" + value);
    CHECK(refused.status == 422);

    for (const std::string& path :
         {"/staff/meeting?id=" + meeting, "/en/staff/meeting?id=" + meeting,
          std::string("/staff/meetings"), std::string("/staff/council"),
          std::string("/staff/audit")}) {
        CAPTURE(path);
        HttpResult page = editor.browser.get(path);
        CHECK(page.status == 200);
        CHECK_FALSE(contains(page.body, "<script>alert"));
        CHECK_FALSE(contains(page.body, "<img src=x"));
        CHECK(contains(page.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    }
    CHECK_FALSE(contains(refused.body, "<script>alert"));
    CHECK(contains(refused.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    // Stored exactly as typed: escaping is the pages' business, not the record's.
    const auto now = record(data_dir);
    CHECK(now->meeting(meeting_id)->place.en == hostile);
    CHECK(now->decision_on(item)->number == hostile);
    // In the header's quoted string "\s" is an escaped "s".
    CHECK(now->documents_of(item)[0].file_name == "_script_alert(1)_script_.pdf");

    // Hostile ids and choices get a clear refusal, never a server error.
    for (const auto& [path, form] : kEditorPosts) {
        for (const char* bad : {"agenda_item_id=-1", "meeting_id=abc", "document_id=99999999",
                                "decision_id=%00", "direction=sideways", "outcome=maybe"}) {
            CAPTURE(path);
            CAPTURE(bad);
            HttpResult result = editor.browser.post(path, std::string(bad) + "&" + form);
            CHECK(result.status >= 300);
            CHECK(result.status < 500);
        }
    }
    HttpClient client;
    CHECK(client.get(demo.base_url() + "healthz").status == 200);
}
