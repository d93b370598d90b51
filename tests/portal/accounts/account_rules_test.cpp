// The small rules behind the account pages: addresses, forms, cookies, CSRF, rate limits,
// common passwords.
#include <doctest/doctest.h>

#include <fstream>

#include "common/error.hpp"
#include "common/secret_token.hpp"
#include "portal/accounts/common_passwords.hpp"
#include "portal/accounts/roles.hpp"
#include "portal/http/csrf_guard.hpp"
#include "portal/http/form_data.hpp"
#include "portal/http/responses.hpp"
#include "portal/mail/email_address.hpp"
#include "tests/support/demo_process.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using namespace std::chrono_literals;

TEST_CASE("addresses are trimmed and lowercased; hostile ones are refused") {
    CHECK(normalise_email("  Ona.Onaite@Elektrenai.LT ") == "ona.onaite@elektrenai.lt");
    CHECK(normalise_email("a+tag@sub.example.lt") == "a+tag@sub.example.lt");
    for (const char* bad :
         {"", "ona", "@example.lt", "ona@", "ona@lt", "ona@@example.lt", "ona@example..lt",
          "ona@example.lt\r\nBcc: all@example.lt", "ona smith@example.lt", "<ona@example.lt>",
          "ona@example.lt,jonas@example.lt", "\"ona\"@example.lt", "onà@example.lt"}) {
        CHECK_MESSAGE(!normalise_email(bad), bad);
    }
    CHECK_FALSE(normalise_email(std::string(65, 'a') + "@example.lt"));
    CHECK_FALSE(normalise_email("a@" + std::string(250, 'b') + ".lt"));
}

TEST_CASE("form bodies are decoded, bounded and must be text") {
    auto form = FormData::parse("email=ona%40example.lt&password=a+b%C4%97&role=editor&role=chair");
    CHECK(form.get("email") == "ona@example.lt");
    CHECK(form.get("password") == "a bė");
    CHECK(form.all("role") == std::vector<std::string>{"editor", "chair"});
    CHECK(form.get("missing").empty());
    CHECK_THROWS_AS(FormData::parse("name=%FF%FE"), InvalidInput);
    CHECK_THROWS_AS(FormData::parse("name=a%00b"), InvalidInput);
    CHECK_THROWS_AS(FormData::parse("name=" + std::string(5000, 'x')), InvalidInput);
    CHECK_THROWS_AS(FormData::parse(std::string(FormData::kMaxBodyBytes + 1, 'x')), InvalidInput);
    std::string many;
    for (int i = 0; i < 300; ++i) many += "f" + std::to_string(i) + "=1&";
    CHECK_THROWS_AS(FormData::parse(many), InvalidInput);
}

TEST_CASE("cookies are found by exact name and set with the safe attributes") {
    Request request;
    request.insert(boost::beast::http::field::cookie, "csrf=abc; session=tok; xsession=evil");
    CHECK(cookie_value(request, "session") == "tok");
    CHECK(cookie_value(request, "csrf") == "abc");
    CHECK_FALSE(cookie_value(request, "sess"));
    CHECK(set_cookie("__Host-session", "tok", 3600, true) ==
          "__Host-session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600; Secure");
    CHECK(set_cookie("session", "", -1, false) ==
          "session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
}

TEST_CASE("a CSRF token belongs to one visitor and survives a restart") {
    const auto dir = testing::fresh_directory("csrf-key");
    const std::string binding = new_secret_token();
    std::string token;
    {
        CsrfGuard guard(dir / "site.key");
        token = guard.token_for(binding);
        CHECK(guard.token_matches(binding, token));
        CHECK_FALSE(guard.token_matches(new_secret_token(), token));
        CHECK_FALSE(guard.token_matches(binding, ""));
        CHECK_FALSE(guard.token_matches("", guard.token_for("")));
        CHECK_FALSE(guard.token_matches(binding, token.substr(1)));
    }
    CHECK(std::filesystem::file_size(dir / "site.key") == 32);
    CHECK((std::filesystem::status(dir / "site.key").permissions() &
           std::filesystem::perms::others_read) == std::filesystem::perms::none);
    CsrfGuard reopened(dir / "site.key");
    CHECK(reopened.token_matches(binding, token));
}

TEST_CASE("same-origin checks use what browsers send") {
    CHECK(CsrfGuard::same_origin("https://tv.example.lt", "same-origin", "tv.example.lt"));
    CHECK(CsrfGuard::same_origin("", "", "tv.example.lt"));  // an old browser: the token decides
    CHECK(CsrfGuard::same_origin("http://127.0.0.1:8080", "", "127.0.0.1:8080"));
    CHECK_FALSE(CsrfGuard::same_origin("https://evil.example", "cross-site", "tv.example.lt"));
    CHECK_FALSE(CsrfGuard::same_origin("", "cross-site", "tv.example.lt"));
    CHECK_FALSE(CsrfGuard::same_origin("https://evil.example", "", "tv.example.lt"));
    CHECK_FALSE(CsrfGuard::same_origin("null", "", "tv.example.lt"));
}

TEST_CASE("common passwords come from a list, compared without case") {
    const auto dir = testing::fresh_directory("common-passwords");
    std::ofstream(dir / "list.txt") << "#!comment: a header\npassword1\nqwertyuiop\r\n";
    CommonPasswords list(dir / "list.txt");
    CHECK(list.size() == 2);
    CHECK(list.contains("Password1"));
    CHECK(list.contains("QWERTYUIOP"));
    CHECK_FALSE(list.contains("correct horse battery"));
    CHECK(CommonPasswords(dir / "missing.txt").size() == 0);
    // Debian's john-data list, which the default configuration names.
    CommonPasswords john("/usr/share/john/password.lst");
    CHECK(john.size() > 3000);
    CHECK(john.contains("password1"));
}

TEST_CASE("only the municipality's own site may frame the player; nobody frames account pages") {
    const std::vector<std::string> website{"https://www.elektrenai.lt"};
    CHECK(page_policy(Framing::kNobody, website).ends_with("frame-ancestors 'none'"));
    CHECK(page_policy(Framing::kTheseSites, website)
              .ends_with("frame-ancestors 'self' https://www.elektrenai.lt"));
    CHECK(page_policy(Framing::kTheseSites).ends_with("frame-ancestors 'self'"));
    CHECK(page_policy(Framing::kNobody).find("'unsafe-inline'") == std::string::npos);
}

TEST_CASE("the hall's operator is a role of its own, named and stored like the others") {
    CHECK(parse_role("operator") == Role::kOperator);
    CHECK(role_name(Role::kOperator) == "operator");
    const Roles roles = Roles(Role::kEditor) | Role::kOperator;
    CHECK(role_names(roles) == "editor,operator");
    // Stored as bits: reading them back keeps the operator.
    CHECK(Roles(roles.bits()).has(Role::kOperator));
    CHECK(Roles(roles.bits()).staff());
}
