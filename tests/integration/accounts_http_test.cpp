// Accounts as a browser meets them: the real server, a real HTTP client with a cookie jar, and
// accounts made with the real `councilcast user` command.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <regex>

#include "common/database.hpp"
#include "portal/mail/mail_message.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/mail_files.hpp"
#include "tests/support/smtp_sink.hpp"
#include "tests/support/test_browser.hpp"

using namespace councilcast::testing;
using namespace std::chrono_literals;

namespace {

constexpr const char* kPassword = kTestPassword;

// A server with the demo's channel and small limits, so limits can be reached in a test.
std::filesystem::path test_config(const std::filesystem::path& dir) {
    std::ifstream demo(source_dir() + "/config/demo.toml");
    std::stringstream text;
    text << demo.rdbuf();
    std::string config = text.str();
    const std::string accounts =
        "\n[accounts]\nmax_failed_logins_per_account = 3\nmax_signups_per_address = 3\n";
    config.insert(config.find("[hls]"), accounts);
    auto path = dir / "test.toml";
    std::ofstream(path) << config;
    return path;
}

// The demo's server, its mail handed to a real SMTP relay on loopback at `port`.
std::filesystem::path relay_config(const std::filesystem::path& dir, unsigned short port) {
    std::ifstream demo(source_dir() + "/config/demo.toml");
    std::stringstream text;
    text << demo.rdbuf();
    std::string config = text.str();
    const std::string files = "transport = \"files\"";
    REQUIRE(config.find(files) != std::string::npos);
    config.replace(config.find(files), files.size(),
                   "transport = \"smtp\"\nrelay_host = \"127.0.0.1\"\nrelay_port = " +
                       std::to_string(port) + "\nstarttls = \"off\"");
    auto path = dir / "relay.toml";
    std::ofstream(path) << config;
    return path;
}

std::string csrf_field(const std::string& html) {
    static const std::regex field(R"re(name="csrf" value="([A-Za-z0-9_-]+)")re");
    std::smatch match;
    REQUIRE(std::regex_search(html, match, field));
    return match[1];
}

// The newest message the demo wrote for `recipient` (the demo's mail transport writes each
// message as <data_dir>/mail/<id>.eml) once there are more than `messages_before`, waiting for
// it with a deadline.
councilcast::portal::MailMessage mailed_message(const std::filesystem::path& data_dir,
                                                const std::string& recipient,
                                                std::size_t messages_before) {
    councilcast::portal::MailMessage message;
    REQUIRE(wait_for(
        [&] {
            const auto mails = written_mails(data_dir);
            if (mails.size() <= messages_before) return false;
            message = mails.back();
            return message.to == recipient;
        },
        10s));
    return message;
}

// The link in that message.
std::string mailed_link(const std::filesystem::path& data_dir, const std::string& recipient,
                        std::size_t messages_before) {
    const auto message = mailed_message(data_dir, recipient, messages_before);
    std::smatch match;
    REQUIRE(std::regex_search(message.text, match, std::regex(R"(http://\S+)")));
    return match[0];
}

std::size_t mail_count(const std::filesystem::path& data_dir) {
    std::error_code ec;
    std::size_t count = 0;
    for (const auto& entry : std::filesystem::directory_iterator(data_dir / "mail", ec)) {
        count += entry.path().extension() == ".eml";
    }
    return count;
}

// Messages to `recipient` in the server's mail table, however far the dispatcher has got: a
// page that says a message was sent answers only once it is stored.
std::int64_t mail_rows(const std::filesystem::path& data_dir, const std::string& recipient) {
    councilcast::Database db(data_dir / "councilcast.sqlite", councilcast::Durability::kNormal,
                             councilcast::OpenMode::kReadOnly);
    auto count = db.cached("SELECT count(*) FROM mail WHERE recipient = ?");
    count.bind(1, std::string_view(recipient));
    REQUIRE(count.step());
    return count.column_int(0);
}

}  // namespace

TEST_CASE("a resident signs in, sees the account page and signs out") {
    const auto data_dir = fresh_directory("accounts-sign-in");
    add_user(data_dir, "ona@example.lt");
    DemoProcess demo(data_dir);
    Browser browser(demo);

    HttpResult form = browser.get("/login");
    CHECK(form.status == 200);
    CHECK(form.body.find("<label for=\"email\">El. pašto adresas</label>") != std::string::npos);
    CHECK(form.header("set-cookie").find("csrf=") == 0);

    HttpResult wrong = browser.sign_in("ona@example.lt", "not the password");
    CHECK(wrong.status == 401);
    CHECK(wrong.body.find("Neteisingas el. pašto adresas arba slaptažodis.") != std::string::npos);
    // An unknown address gets the same answer: sign-in does not reveal who has an account.
    HttpResult unknown = browser.sign_in("nobody@example.lt", kPassword);
    CHECK(unknown.status == 401);
    CHECK(unknown.body.find("Neteisingas el. pašto adresas arba slaptažodis.") !=
          std::string::npos);

    HttpResult right = browser.sign_in("ONA@example.lt ");
    CHECK(right.status == 303);
    CHECK(right.header("location") == "/account");
    const std::string cookie = right.header("set-cookie");
    CHECK(cookie.find("session=") == 0);
    CHECK(cookie.find("HttpOnly") != std::string::npos);
    CHECK(cookie.find("SameSite=Lax") != std::string::npos);

    HttpResult account = browser.get("/account");
    CHECK(account.status == 200);
    CHECK(account.body.find("Prisijungta kaip ona@example.lt.") != std::string::npos);
    CHECK(account.header("cache-control") == "no-store");
    // The home page names who is signed in, so no shared cache may keep it.
    HttpResult home = browser.get("/");
    CHECK(home.body.find(">ona@example.lt</a>") != std::string::npos);
    CHECK(home.header("cache-control") == "private, no-cache");

    HttpResult out = browser.post("/logout", "");
    CHECK(out.status == 303);
    HttpResult after = browser.get("/account");
    CHECK(after.status == 303);
    CHECK(after.header("location") == "/login?next=%2Faccount");
}

TEST_CASE("every page carries the security headers; account pages cannot be framed") {
    const auto data_dir = fresh_directory("accounts-headers");
    DemoProcess demo(data_dir);
    HttpClient client;
    for (const char* path :
         {"login", "en/signup", "forgot", "reset?token=x", "confirm-action?token=x", ""}) {
        HttpResult page = client.get(demo.base_url() + path);
        CAPTURE(path);
        CHECK(page.status == 200);
        const std::string policy = page.header("content-security-policy");
        CHECK(policy.find("script-src 'self'") != std::string::npos);
        CHECK(policy.find("unsafe-inline") == std::string::npos);
        CHECK(page.header("x-content-type-options") == "nosniff");
        CHECK(page.header("referrer-policy") == "strict-origin-when-cross-origin");
        // Plain HTTP (the demo on loopback) must not carry HSTS (RFC 6797 7.2).
        CHECK(page.header("strict-transport-security").empty());
        if (std::string(path).empty()) {
            CHECK(policy.find("frame-ancestors 'self'") != std::string::npos);
        } else {
            CHECK(policy.find("frame-ancestors 'none'") != std::string::npos);
        }
    }
}

TEST_CASE("a form without our token, with a wrong one, or from another site is refused") {
    const auto data_dir = fresh_directory("accounts-csrf");
    add_user(data_dir, "ona@example.lt");
    DemoProcess demo(data_dir);
    Browser browser(demo);
    browser.get("/login");
    const std::string good = browser.csrf();
    const std::string form = "email=ona%40example.lt&password=" + form_encode(kPassword);

    HttpResult missing = browser.client().post(browser.url("/login"), form);
    CHECK(missing.status == 403);
    CHECK(missing.body.find("Forma nebegalioja") != std::string::npos);
    browser.csrf() = forged_token(good);
    CHECK(browser.post("/login", form).status == 403);
    browser.csrf() = good;
    CHECK(browser.post("/login", form, {{"Origin", "https://evil.example"}}).status == 403);
    CHECK(browser.post("/login", form, {{"Sec-Fetch-Site", "cross-site"}}).status == 403);
    // Another visitor's valid token does not fit this visitor's cookie.
    Browser other(demo);
    other.get("/login");
    other.csrf() = good;
    CHECK(other.post("/login", form).status == 403);
    // None of that signed anyone in; the real thing still works.
    CHECK(browser.session().empty());
    CHECK(browser.post("/login", form).status == 303);
}

TEST_CASE("a session planted before sign-in is worthless after it") {
    const auto data_dir = fresh_directory("accounts-fixation");
    add_user(data_dir, "ona@example.lt");
    add_user(data_dir, "attacker@example.lt");
    DemoProcess demo(data_dir);
    Browser attacker(demo);
    REQUIRE(attacker.sign_in("attacker@example.lt").status == 303);
    const std::string planted = attacker.session();
    REQUIRE_FALSE(planted.empty());

    // The victim's browser carries the attacker's session cookie, then signs in.
    HttpClient victim;
    const std::string cookie = "session=" + planted;
    HttpResult form = victim.get(demo.base_url() + "login", {{"Cookie", cookie}});
    HttpResult signed_in =
        victim.post(demo.base_url() + "login",
                    "csrf=" + csrf_field(form.body) +
                        "&email=ona%40example.lt&password=" + form_encode(kPassword),
                    {{"Cookie", cookie}});
    CHECK(signed_in.status == 303);
    const std::string fresh = signed_in.header("set-cookie");
    CHECK(fresh.find("session=") == 0);
    CHECK(fresh.find(planted) == std::string::npos);
    // The planted token no longer opens anything.
    CHECK(victim.get(demo.base_url() + "account", {{"Cookie", cookie}}).status == 303);
}

TEST_CASE("too many wrong passwords lock the account for a while, with Retry-After") {
    const auto data_dir = fresh_directory("accounts-lock");
    add_user(data_dir, "ona@example.lt");
    add_user(data_dir, "jonas@example.lt");
    DemoProcess demo(
        DemoProcess::Command{{"serve", "--config", test_config(data_dir).string(), "--listen",
                              "127.0.0.1:0", "--data-dir", data_dir.string()}});
    Browser browser(demo);
    for (int i = 0; i < 3; ++i)
        CHECK(browser.sign_in("ona@example.lt", "guess " + std::to_string(i)).status == 401);
    HttpResult locked = browser.sign_in("ona@example.lt");
    CHECK(locked.status == 429);
    CHECK(locked.body.find("Per daug bandymų. Bandykite vėl po") != std::string::npos);
    const int retry_after = std::stoi(locked.header("retry-after"));
    CHECK(retry_after > 3000);
    CHECK(retry_after <= 3600);
    // Another account from the same address is not locked out by it.
    CHECK(browser.sign_in("jonas@example.lt").status == 303);
}

TEST_CASE("each role reaches its own routes and no other") {
    const auto data_dir = fresh_directory("accounts-roles");
    add_user(data_dir, "admin@example.lt", "--role admin");
    add_user(data_dir, "editor@example.lt", "--role editor");
    add_user(data_dir, "ona@example.lt");
    DemoProcess demo(data_dir);

    Browser anonymous(demo);
    HttpResult redirected = anonymous.get("/staff/users");
    CHECK(redirected.status == 303);
    CHECK(redirected.header("location").starts_with("/login?next="));
    CHECK(anonymous.post("/staff/users", "user_id=1&role=admin").status == 401);

    Browser resident(demo);
    REQUIRE(resident.sign_in("ona@example.lt").status == 303);
    CHECK(resident.get("/staff/audit").status == 403);
    CHECK(resident.get("/staff/users").status == 403);

    Browser editor(demo);
    REQUIRE(editor.sign_in("editor@example.lt").status == 303);
    CHECK(editor.get("/staff/audit").status == 200);
    CHECK(editor.get("/staff/users").status == 403);
    // A forged form from the editor is still refused by role, token or not.
    editor.get("/account");
    CHECK(editor.post("/staff/users", "user_id=2&role=admin&role=editor").status == 403);

    Browser admin(demo);
    REQUIRE(admin.sign_in("admin@example.lt").status == 303);
    HttpResult users = admin.get("/staff/users");
    CHECK(users.status == 200);
    CHECK(users.body.find("editor@example.lt") != std::string::npos);
    // The administrator makes the editor a moderator too.
    const std::regex editor_id(R"re(name="user_id" value="(\d+)">[\s\S]*?)re");
    std::smatch match;
    const auto at = users.body.find("editor@example.lt");
    const std::string after = users.body.substr(at);
    REQUIRE(std::regex_search(after, match, std::regex(R"re(name="user_id" value="(\d+)")re")));
    HttpResult saved =
        admin.post("/staff/users", "user_id=" + match[1].str() + "&role=editor&role=moderator");
    CHECK(saved.status == 303);
    // The editor's next request carries on under a renewed session, with the new role.
    HttpResult renewed = editor.get("/account");
    CHECK(renewed.status == 200);
    CHECK(renewed.header("set-cookie").find("session=") == 0);
    CHECK(renewed.body.find("editor,moderator") != std::string::npos);
    // And the change is in the audit log, which nobody can edit.
    HttpResult audit = admin.get("/staff/audit");
    CHECK(audit.body.find("user.roles") != std::string::npos);
    CHECK(audit.body.find("roles: editor -&gt; editor,moderator") != std::string::npos);
    CHECK(audit.body.find("Žurnalas vientisas") != std::string::npos);
}

TEST_CASE("hostile values in every form field get a clear answer and break nothing") {
    const auto data_dir = fresh_directory("accounts-hostile");
    add_user(data_dir, "admin@example.lt", "--role admin");
    DemoProcess demo(data_dir);
    Browser admin(demo);
    REQUIRE(admin.sign_in("admin@example.lt").status == 303);
    admin.get("/account");

    const std::vector<std::string> hostile = {
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "%22%3E%3Cimg+src%3Dx+onerror%3Dalert(1)%3E",
        "a%0D%0ABcc%3A+all%40example.lt",
        "%FF%FE%FD",
        "a%00b",
        "'+OR+1%3D1+--",
        std::string(5000, 'x'),
        "%E2%80%AEreversed",
        "",
    };
    const std::vector<std::pair<std::string, std::vector<std::string>>> forms = {
        {"/login", {"email", "password", "next"}},
        {"/signup", {"email", "password"}},
        {"/forgot", {"email"}},
        {"/reset", {"token", "password"}},
        {"/account/password", {"current_password", "password"}},
        {"/account/language", {"language"}},
        {"/account/email", {"new_email", "email_password"}},
        {"/staff/users", {"user_id", "role", "council_member", "disabled"}},
        {"/confirm-action", {"token"}},
    };
    for (const auto& [path, fields] : forms) {
        for (const auto& field : fields) {
            for (const auto& value : hostile) {
                std::string body;
                for (const auto& other : fields) {
                    body += other + "=" + (other == field ? value : "ok") + "&";
                }
                HttpResult result = admin.post(path, body);
                CAPTURE(path);
                CAPTURE(field);
                CAPTURE(value.substr(0, 40));
                CHECK(result.status >= 200);
                CHECK(result.status < 500);
                CHECK(result.body.find("<script>alert(1)") == std::string::npos);
                CHECK(result.body.find("<img src=x") == std::string::npos);
            }
        }
    }
    HttpClient client;
    CHECK(client.get(demo.base_url() + "healthz").status == 200);
    // The administrator is still who they were.
    CHECK(admin.get("/account").body.find("admin@example.lt") != std::string::npos);
}

TEST_CASE("a resident signs up, confirms by the mailed link, then signs in") {
    const auto data_dir = fresh_directory("accounts-sign-up");
    DemoProcess demo(data_dir);
    Browser browser(demo);
    browser.get("/en/signup");
    HttpResult weak = browser.post("/en/signup", "email=jonas%40example.lt&password=winniethepooh");
    CHECK(weak.status == 422);
    CHECK(weak.body.find("among the most common ones") != std::string::npos);
    // New passwords need 12 characters (OWASP ASVS 4.0 V2.1.1), and the form says so.
    HttpResult short_one =
        browser.post("/en/signup", "email=jonas%40example.lt&password=elevenchars");
    CHECK(short_one.status == 422);
    CHECK(short_one.body.find("too short: use at least 12 characters") != std::string::npos);
    CHECK(browser.get("/signup").body.find("Ne trumpesnis nei 12 simbolių") != std::string::npos);

    HttpResult sent =
        browser.post("/en/signup", "email=Jonas%40Example.lt&password=" + form_encode(kPassword));
    CHECK(sent.status == 200);
    CHECK(sent.body.find("We have sent a message to jonas@example.lt") != std::string::npos);
    // Until the address is confirmed the account cannot be used.
    CHECK(browser.sign_in("jonas@example.lt").status == 401);

    const std::string link = mailed_link(data_dir, "jonas@example.lt", 0);
    CHECK(link.find(demo.base_url() + "en/confirm?token=") == 0);
    const std::string token = link.substr(link.find("token=") + 6);
    // Opening the link (as a mail scanner does, twice) shows a button and uses nothing up.
    for (int opened = 0; opened < 2; ++opened) {
        HttpResult page = browser.get(link.substr(demo.base_url().size() - 1));
        CHECK(page.status == 200);
        CHECK(page.body.find("Press the button to confirm your email address") !=
              std::string::npos);
        CHECK(page.body.find("value=\"" + token + "\"") != std::string::npos);
    }
    CHECK(browser.sign_in("jonas@example.lt").status == 401);
    HttpResult confirmed = browser.post("/en/confirm", "token=" + token);
    CHECK(confirmed.body.find("Your email address is confirmed") != std::string::npos);
    // A link works once.
    HttpResult again = browser.post("/en/confirm", "token=" + token);
    CHECK(again.body.find("This link is not valid") != std::string::npos);
    CHECK(browser.sign_in("jonas@example.lt").status == 303);

    // Signing up again with the same address says the same, and mails the owner instead.
    Browser someone(demo);
    someone.get("/en/signup");
    const std::size_t before = mail_count(data_dir);
    HttpResult twice =
        someone.post("/en/signup", "email=jonas%40example.lt&password=" + form_encode(kPassword));
    CHECK(twice.body.find("We have sent a message to jonas@example.lt") != std::string::npos);
    CHECK(mailed_link(data_dir, "jonas@example.lt", before).find("/en/forgot") !=
          std::string::npos);
}

TEST_CASE("a forgotten password is reset by the mailed link, and every old sign-in ends") {
    const auto data_dir = fresh_directory("accounts-reset");
    add_user(data_dir, "ona@example.lt");
    DemoProcess demo(data_dir);
    Browser phone(demo);
    REQUIRE(phone.sign_in("ona@example.lt").status == 303);

    Browser laptop(demo);
    laptop.get("/forgot");
    HttpResult sent = laptop.post("/forgot", "email=ona%40example.lt");
    CHECK(sent.body.find("laiškas su nuoroda jau išsiųstas") != std::string::npos);
    // An address without an account gets the same answer and no mail.
    HttpResult nobody = laptop.post("/forgot", "email=nobody%40example.lt");
    CHECK(nobody.body.find("laiškas su nuoroda jau išsiųstas") != std::string::npos);

    const std::string link = mailed_link(data_dir, "ona@example.lt", 0);
    HttpResult form = laptop.get(link.substr(demo.base_url().size() - 1));
    CHECK(form.status == 200);
    HttpResult reset =
        laptop.post("/reset", "token=" + link.substr(link.find("token=") + 6) +
                                  "&password=" + form_encode("naujas ilgas slaptažodis"));
    CHECK(reset.body.find("Naujas slaptažodis išsaugotas") != std::string::npos);
    CHECK(phone.get("/account").status == 303);
    CHECK(laptop.sign_in("ona@example.lt").status == 401);
    CHECK(laptop.sign_in("ona@example.lt", "naujas ilgas slaptažodis").status == 303);
    // The reset link, then the notice that the password changed.
    CHECK(mailed_message(data_dir, "ona@example.lt", 1).subject == "Jūsų slaptažodis pakeistas");
    CHECK(mail_count(data_dir) == 2);
}

TEST_CASE("a new address counts once its owner presses the button the mailed link opens") {
    const auto data_dir = fresh_directory("accounts-change-email");
    add_user(data_dir, "ona@example.lt");
    DemoProcess demo(data_dir);
    Browser ona(demo);
    REQUIRE(ona.sign_in("ona@example.lt").status == 303);
    ona.get("/account");
    HttpResult sent =
        ona.post("/account/email",
                 "new_email=ona.nauja%40example.lt&email_password=" + form_encode(kTestPassword));
    CHECK(sent.status == 200);
    const std::string link = mailed_link(data_dir, "ona.nauja@example.lt", 0);
    CHECK(link.find(demo.base_url() + "confirm-email?token=") == 0);
    const std::string token = link.substr(link.find("token=") + 6);
    // Opened by a scanner (GET and HEAD): nothing changes.
    Browser scanner(demo);
    CHECK(scanner.get(link.substr(demo.base_url().size() - 1)).status == 200);
    HttpClient head;
    CHECK(head.head(link).status == 200);
    CHECK(ona.get("/account").body.find("ona@example.lt") != std::string::npos);
    // The owner presses the button.
    HttpResult page = ona.get(link.substr(demo.base_url().size() - 1));
    CHECK(page.body.find("action=\"/confirm-email\"") != std::string::npos);
    HttpResult changed = ona.post("/confirm-email", "token=" + token);
    CHECK(changed.status == 200);
    CHECK(ona.get("/account").body.find("ona.nauja@example.lt") != std::string::npos);
    CHECK(ona.post("/confirm-email", "token=" + token).body.find("nuoroda negalioja") !=
          std::string::npos);
}

TEST_CASE("administrators read the outgoing mail on the staff pages") {
    const auto data_dir = fresh_directory("accounts-mail-page");
    add_user(data_dir, "admin@example.lt", "--role admin");
    add_user(data_dir, "editor@example.lt", "--role editor");
    DemoProcess demo(data_dir);
    Browser visitor(demo);
    visitor.get("/signup");
    visitor.post("/signup", "email=jonas%40example.lt&password=" + form_encode(kPassword));
    mailed_link(data_dir, "jonas@example.lt", 0);

    Browser admin(demo);
    REQUIRE(admin.sign_in("admin@example.lt").status == 303);
    HttpResult list = admin.get("/staff/mail");
    CHECK(list.status == 200);
    CHECK(list.body.find("jonas@example.lt") != std::string::npos);
    CHECK(list.body.find("Patvirtinkite el. pašto adresą") != std::string::npos);
    std::smatch match;
    REQUIRE(std::regex_search(list.body, match, std::regex(R"re(href="(/staff/mail\?id=\d+)")re")));
    HttpResult shown = admin.get(match[1]);
    CHECK(shown.body.find("<a href=\"" + demo.base_url() + "confirm?token=") != std::string::npos);

    Browser editor(demo);
    REQUIRE(editor.sign_in("editor@example.lt").status == 303);
    CHECK(editor.get("/staff/mail").status == 403);
}

TEST_CASE("an address gets at most its allowance of account mail, whoever asks and however") {
    const auto data_dir = fresh_directory("accounts-mail-limit");
    add_user(data_dir, "ona@example.lt");
    DemoProcess demo(data_dir);
    // Someone signs up with a neighbour's address and a password they chose, then signs in
    // again and again: each attempt used to mail the neighbour a new link.
    Browser prankster(demo);
    prankster.get("/signup");
    REQUIRE(
        prankster.post("/signup", "email=kaimyne%40example.lt&password=" + form_encode(kPassword))
            .status == 200);
    for (int i = 0; i < 8; ++i) {
        HttpResult refused = prankster.sign_in("kaimyne@example.lt");
        CHECK(refused.status == 401);
        CHECK(refused.body.find("Pirmiausia patvirtinkite el. pašto adresą") != std::string::npos);
    }
    // The sign-up's link went out this hour, so no sign-in sends another.
    CHECK(mail_rows(data_dir, "kaimyne@example.lt") == 1);

    // A signed-in resident names someone else's address as their new one, again and again.
    Browser ona(demo);
    REQUIRE(ona.sign_in("ona@example.lt").status == 303);
    ona.get("/account");
    const std::string form =
        "new_email=kaimynas%40example.lt&email_password=" + form_encode(kPassword);
    for (int i = 0; i < 5; ++i) CHECK(ona.post("/account/email", form).status == 200);
    for (int i = 0; i < 3; ++i) {
        HttpResult capped = ona.post("/account/email", form);
        CHECK(capped.status == 429);
        const int retry_after = std::stoi(capped.header("retry-after"));
        CHECK(retry_after > 3000);
        CHECK(retry_after <= 3600);
    }
    CHECK(mail_rows(data_dir, "kaimynas@example.lt") == 5);
    // The allowance is the address's: the resident's own mail still goes.
    Browser laptop(demo);
    laptop.get("/forgot");
    const std::size_t before = mail_count(data_dir);
    laptop.post("/forgot", "email=ona%40example.lt");
    CHECK(mailed_link(data_dir, "ona@example.lt", before).find("/reset?token=") !=
          std::string::npos);
}

TEST_CASE("a new password or address is told to the old address, and older links stop working") {
    const auto data_dir = fresh_directory("accounts-change-notices");
    add_user(data_dir, "ona@example.lt");
    add_user(data_dir, "jonas@example.lt");
    DemoProcess demo(data_dir);
    auto token_of = [](const std::string& link) { return link.substr(link.find("token=") + 6); };

    // A reset link waits in Ona's mailbox when she changes her password while signed in.
    Browser laptop(demo);
    laptop.get("/forgot");
    laptop.post("/forgot", "email=ona%40example.lt");
    const std::string reset_link = mailed_link(data_dir, "ona@example.lt", 0);
    Browser ona(demo);
    REQUIRE(ona.sign_in("ona@example.lt").status == 303);
    ona.get("/account");
    std::size_t before = mail_count(data_dir);
    CHECK(ona.post("/account/password", "current_password=" + form_encode(kPassword) +
                                            "&password=" + form_encode("naujas ilgas slaptažodis"))
              .status == 303);
    const auto password_notice = mailed_message(data_dir, "ona@example.lt", before);
    CHECK(password_notice.subject == "Jūsų slaptažodis pakeistas");
    CHECK(password_notice.text.find("slaptažodis ką tik pakeistas") != std::string::npos);
    // Whoever holds the old link cannot set a password of their own with it.
    laptop.get("/reset?token=" + token_of(reset_link));
    HttpResult stale = laptop.post("/reset", "token=" + token_of(reset_link) + "&password=" +
                                                 form_encode("kito žmogaus slaptažodis"));
    CHECK(stale.body.find("Ši nuoroda negalioja") != std::string::npos);
    CHECK(laptop.sign_in("ona@example.lt", "naujas ilgas slaptažodis").status == 303);

    // Jonas reads the site in English; he has a reset link and two address links outstanding,
    // then confirms one of the addresses.
    Browser jonas(demo);
    REQUIRE(jonas.sign_in("jonas@example.lt").status == 303);
    jonas.get("/account");
    REQUIRE(jonas.post("/account/language", "language=en").status == 303);
    Browser jonas_laptop(demo);
    jonas_laptop.get("/en/forgot");
    before = mail_count(data_dir);
    jonas_laptop.post("/en/forgot", "email=jonas%40example.lt");
    const std::string jonas_reset = mailed_link(data_dir, "jonas@example.lt", before);
    jonas.get("/en/account");
    const std::string form = "&email_password=" + form_encode(kPassword);
    before = mail_count(data_dir);
    REQUIRE(jonas.post("/en/account/email", "new_email=jonas.naujas%40example.lt" + form).status ==
            200);
    const std::string first = mailed_link(data_dir, "jonas.naujas@example.lt", before);
    before = mail_count(data_dir);
    REQUIRE(jonas.post("/en/account/email", "new_email=jonas.kitas%40example.lt" + form).status ==
            200);
    const std::string second = mailed_link(data_dir, "jonas.kitas@example.lt", before);
    before = mail_count(data_dir);
    CHECK(jonas.post("/en/confirm-email", "token=" + token_of(first))
              .body.find("new email address is confirmed") != std::string::npos);
    const auto address_notice = mailed_message(data_dir, "jonas@example.lt", before);
    CHECK(address_notice.subject == "Your account's email address was changed");
    CHECK(address_notice.text.find("no longer uses this address") != std::string::npos);
    // The other address link and the reset link went to the old address's owner: revoked.
    CHECK(jonas.post("/en/confirm-email", "token=" + token_of(second))
              .body.find("This link is not valid") != std::string::npos);
    jonas_laptop.get("/en/reset?token=" + token_of(jonas_reset));
    CHECK(jonas_laptop
              .post("/en/reset", "token=" + token_of(jonas_reset) +
                                     "&password=" + form_encode("kito žmogaus slaptažodis"))
              .body.find("This link is not valid") != std::string::npos);
    CHECK(jonas.get("/en/account").body.find("jonas.naujas@example.lt") != std::string::npos);
}

TEST_CASE("once relayed, a message's stored copy has no live token; staff see no message texts") {
    const auto data_dir = fresh_directory("accounts-mail-relayed");
    add_user(data_dir, "admin@example.lt", "--role admin");
    SmtpSink relay(data_dir / "Maildir", free_port());
    DemoProcess demo(
        DemoProcess::Command{{"serve", "--config", relay_config(data_dir, relay.port()).string(),
                              "--listen", "127.0.0.1:0", "--data-dir", data_dir.string()}});
    Browser visitor(demo);
    visitor.get("/signup");
    REQUIRE(visitor.post("/signup", "email=jonas%40example.lt&password=" + form_encode(kPassword))
                .status == 200);
    std::string delivered;
    REQUIRE(wait_for(
        [&] {
            const auto messages = relay.messages();
            if (messages.empty()) return false;
            delivered = councilcast::portal::read_mime(messages.back()).text;
            return true;
        },
        10s));
    std::smatch match;
    REQUIRE(std::regex_search(delivered, match, std::regex("token=([A-Za-z0-9_-]+)")));
    const std::string token = match[1];

    std::string stored;
    REQUIRE(wait_for(
        [&] {
            councilcast::Database db(data_dir / "councilcast.sqlite",
                                     councilcast::Durability::kNormal,
                                     councilcast::OpenMode::kReadOnly);
            auto row = db.cached("SELECT mime FROM mail WHERE status = 'sent'");
            if (!row.step()) return false;
            stored = row.column_text(0);
            return true;
        },
        10s));
    const auto kept = councilcast::portal::read_mime(stored);
    CHECK(kept.text.find(token) == std::string::npos);
    CHECK(kept.html.find(token) == std::string::npos);
    CHECK(kept.text.find("confirm?token=…") != std::string::npos);
    // The resident's own copy still works.
    CHECK(visitor.post("/confirm", "token=" + token).body.find("Ši nuoroda negalioja") ==
          std::string::npos);
    CHECK(visitor.sign_in("jonas@example.lt").status == 303);

    Browser admin(demo);
    REQUIRE(admin.sign_in("admin@example.lt").status == 303);
    HttpResult list = admin.get("/staff/mail");
    CHECK(list.status == 200);
    CHECK(list.body.find("jonas@example.lt") != std::string::npos);
    CHECK(list.body.find("/staff/mail?id=") == std::string::npos);
    HttpResult asked = admin.get("/staff/mail?id=1");
    CHECK(asked.status == 200);
    CHECK(asked.body.find("mail-message") == std::string::npos);
    CHECK(asked.body.find("confirm?token") == std::string::npos);
}

TEST_CASE("/forgot gives every address the same answer before anything is stored or mailed") {
    const auto data_dir = fresh_directory("accounts-forgot-first");
    add_user(data_dir, "ona@example.lt");
    DemoProcess demo(data_dir);
    Browser visitor(demo);
    visitor.get("/forgot");
    HttpResult nobody = visitor.post("/forgot", "email=nobody%40example.lt");
    CHECK(nobody.status == 200);
    std::optional<HttpResult> ona;
    {
        // While this connection holds the database's write lock no write can finish, so an
        // answer that arrives meanwhile waited for none: neither its time nor its content can
        // depend on the account's link being stored and mailed.
        councilcast::Database lock(data_dir / "councilcast.sqlite");
        councilcast::Transaction held(lock);
        ona = visitor.post("/forgot", "email=ona%40example.lt");
        CHECK(mail_rows(data_dir, "ona@example.lt") == 0);
    }
    CHECK(ona->status == 200);
    auto page = [](std::string body, const std::string& email) {
        body = std::regex_replace(body, std::regex(R"re(name="csrf" value="[^"]*")re"), "");
        return std::regex_replace(
            body, std::regex(std::regex_replace(email, std::regex("\\."), "\\.")), "ADDRESS");
    };
    CHECK(page(ona->body, "ona@example.lt") == page(nobody.body, "nobody@example.lt"));
    // The work happens after the answer: the account's owner gets the link.
    CHECK(mailed_link(data_dir, "ona@example.lt", 0).find("/reset?token=") != std::string::npos);
    CHECK(mail_rows(data_dir, "nobody@example.lt") == 0);
}
