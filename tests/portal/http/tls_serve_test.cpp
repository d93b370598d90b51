// The real `councilcast serve` process with [tls]: SIGHUP (systemctl reload) and what it changes.
#include <doctest/doctest.h>

#include <signal.h>

#include <cstdlib>
#include <fstream>

#include "tests/support/demo_process.hpp"
#include "tests/support/http_client.hpp"
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

DemoProcess start_serve(const std::filesystem::path& dir, const std::string& tls_table) {
    const auto config = dir / "councilcast.toml";
    std::ofstream(config) << tls_table << light_channel();
    return DemoProcess(
        DemoProcess::Command{{"serve", "--config", config.string(), "--listen", "127.0.0.1:0",
                              "--data-dir", (dir / "data").string()}});
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
