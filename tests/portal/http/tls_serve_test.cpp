// The real `councilcast serve` process with [tls]: SIGHUP (systemctl reload) and what it changes.
#include <doctest/doctest.h>

#include <signal.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/demo_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_browser.hpp"
#include "tests/support/test_certificate.hpp"

using namespace councilcast;
using councilcast::testing::DemoProcess;
using councilcast::testing::HttpClient;
using councilcast::testing::TestCertificate;
using namespace std::chrono_literals;

namespace {

// A channel whose worker costs next to nothing.
std::string light_channel() {
    const char* source_dir = std::getenv("COUNCILCAST_SOURCE_DIR");
    REQUIRE(source_dir != nullptr);
    return testing::read_text_file(std::filesystem::path(source_dir) / "tests" / "support" /
                                   "light_channel.toml");
}

DemoProcess start_serve(const std::filesystem::path& dir, const std::string& tls_table,
                        std::vector<std::string> environment = {}) {
    const auto config = dir / "councilcast.toml";
    std::ofstream(config) << tls_table << light_channel();
    return DemoProcess(DemoProcess::Command{{"serve", "--config", config.string(), "--listen",
                                             "127.0.0.1:0", "--data-dir", (dir / "data").string()}},
                       std::move(environment));
}

}  // namespace

TEST_CASE("serve with [tls] takes a renewed certificate on SIGHUP and keeps serving") {
    const auto dir = testing::fresh_directory("tls-serve");
    TestCertificate first(dir, "first");
    TestCertificate second(dir, "second");
    TestCertificate configured(dir, "configured");
    first.install_as(configured);
    DemoProcess serve =
        start_serve(dir, "[tls]\ncertificate = \"" + configured.certificate().string() +
                             "\"\nprivate_key = \"" + configured.private_key().string() + "\"\n");
    REQUIRE(serve.base_url().starts_with("https://"));
    const std::string healthz = serve.base_url() + "healthz";
    {
        HttpClient client(first.certificate());
        auto result = client.get(healthz);
        CHECK(result.status == 200);
        CHECK(result.peer_certificate_pem == first.certificate_pem());
        // Browsers are told to come back over HTTPS only.
        CHECK(result.header("strict-transport-security") == "max-age=31536000");
    }

    second.install_as(configured);
    REQUIRE(::kill(serve.pid(), SIGHUP) == 0);
    CHECK(testing::wait_for(
        [&] {
            HttpClient client(second.certificate());
            auto result = client.get(healthz);
            return result.status == 200 && result.peer_certificate_pem == second.certificate_pem();
        },
        10s));
    CHECK(::kill(serve.pid(), 0) == 0);
}

TEST_CASE("serve takes the TLS key systemd passes with LoadCredential=, not the configured file") {
    const auto dir = testing::fresh_directory("tls-credential");
    TestCertificate pair(dir, "pair");
    // As systemd lays it out: $CREDENTIALS_DIRECTORY/<name>, read-only for the service.
    const auto credentials = dir / "credentials";
    std::filesystem::create_directories(credentials);
    std::filesystem::copy_file(pair.private_key(), credentials / "councilcast-tls-key");
    std::filesystem::permissions(credentials / "councilcast-tls-key",
                                 std::filesystem::perms::owner_read);
    // The configured key file is not there at all: only the credential can be the key.
    DemoProcess serve = start_serve(dir,
                                    "[tls]\ncertificate = \"" + pair.certificate().string() +
                                        "\"\nprivate_key = \"" +
                                        (dir / "root-only" / "privkey.pem").string() + "\"\n",
                                    {"CREDENTIALS_DIRECTORY=" + credentials.string()});
    REQUIRE(serve.base_url().starts_with("https://"));
    HttpClient client(pair.certificate());
    auto result = client.get(serve.base_url() + "healthz");
    CHECK(result.status == 200);
    CHECK(result.peer_certificate_pem == pair.certificate_pem());
}

TEST_CASE("serve without TLS survives SIGHUP (its default action would end the process)") {
    const auto dir = testing::fresh_directory("plain-serve");
    DemoProcess serve = start_serve(dir, "");
    REQUIRE(::kill(serve.pid(), SIGHUP) == 0);
    HttpClient client;
    CHECK(client.get(serve.base_url() + "healthz").status == 200);
    // SIGHUP is delivered before the SIGTERM that stop() sends, so a process it had killed would
    // report that signal here instead of a clean exit.
    const int status = serve.stop();
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE(
    "over TLS the session cookie is __Host-session: Secure, HttpOnly, Lax, Path=/, no Domain") {
    const auto dir = testing::fresh_directory("tls-cookie");
    TestCertificate certificate(dir, "site");
    testing::add_user(dir / "data", "ona@example.lt");
    DemoProcess serve =
        start_serve(dir, "[tls]\ncertificate = \"" + certificate.certificate().string() +
                             "\"\nprivate_key = \"" + certificate.private_key().string() + "\"\n");
    REQUIRE(serve.base_url().starts_with("https://"));
    HttpClient client(certificate.certificate());

    // The sign-in form's anonymous CSRF cookie is a __Host- cookie too.
    auto form = client.get(serve.base_url() + "login");
    REQUIRE(form.status == 200);
    const std::string csrf_cookie = form.header("set-cookie");
    REQUIRE(csrf_cookie.starts_with("__Host-csrf="));
    const std::string csrf_value = csrf_cookie.substr(12, csrf_cookie.find(';') - 12);
    const auto field = form.body.find("name=\"csrf\" value=\"");
    REQUIRE(field != std::string::npos);
    const auto token_start = field + 19;
    const std::string token =
        form.body.substr(token_start, form.body.find('"', token_start) - token_start);

    auto signed_in = client.post(serve.base_url() + "login",
                                 "csrf=" + token + "&email=ona%40example.lt&password=" +
                                     testing::form_encode(testing::kTestPassword),
                                 {{"Cookie", "__Host-csrf=" + csrf_value}});
    REQUIRE(signed_in.status == 303);
    std::string session_cookie;
    std::istringstream cookies(signed_in.header("set-cookie"));
    for (std::string line; std::getline(cookies, line);) {
        if (line.starts_with("__Host-session=")) session_cookie = line;
    }
    REQUIRE_FALSE(session_cookie.empty());
    // Attribute by attribute, as RFC 6265bis reads them: the __Host- prefix is honoured by
    // browsers only with Secure, Path=/ and no Domain.
    std::vector<std::string> attributes;
    std::istringstream parts(session_cookie);
    for (std::string part; std::getline(parts, part, ';');) {
        while (part.starts_with(' ')) part.erase(0, 1);
        attributes.push_back(part);
    }
    auto has = [&](const std::string& attribute) {
        return std::find(attributes.begin(), attributes.end(), attribute) != attributes.end();
    };
    CHECK(has("Secure"));
    CHECK(has("HttpOnly"));
    CHECK(has("SameSite=Lax"));
    CHECK(has("Path=/"));
    for (const auto& attribute : attributes) CHECK_FALSE(attribute.starts_with("Domain="));
    const std::string session = attributes.front().substr(15);
    CHECK(session.size() >= 43);  // 256 bits in base64url

    // The cookie is what signs the visitor in, over TLS.
    auto account =
        client.get(serve.base_url() + "account", {{"Cookie", "__Host-session=" + session}});
    CHECK(account.status == 200);
    CHECK(account.body.find("ona@example.lt") != std::string::npos);
    // The unprefixed name of plain HTTP opens nothing here.
    CHECK(client.get(serve.base_url() + "account", {{"Cookie", "session=" + session}}).status ==
          303);
}
