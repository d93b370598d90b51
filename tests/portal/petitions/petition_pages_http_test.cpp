// The petitions' pages over HTTP on a site with just their routes: an anonymous visitor's page
// is shared until the petitions' snapshot changes, so a new count shows at once, never after
// the cache's lifetime; and the same bytes come back while nothing changed.
#include "portal/petitions/petition_pages.hpp"

#include <doctest/doctest.h>

#include <memory>

#include "common/database.hpp"
#include "config/config_loader.hpp"
#include "portal/accounts/account_store.hpp"
#include "portal/accounts/session_manager.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/http/csrf_guard.hpp"
#include "portal/schema.hpp"
#include "portal/site/site.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/running_server.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

std::filesystem::path source_dir() {
    const char* dir = std::getenv("COUNCILCAST_SOURCE_DIR");
    REQUIRE(dir != nullptr);
    return dir;
}

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

struct Fixture {
    std::filesystem::path dir = testing::fresh_directory("petition-pages");
    config::Config config = config::demo_config();
    std::unique_ptr<DatabaseWriter> writer;
    std::unique_ptr<PetitionStore> petitions;
    std::unique_ptr<AccountStore> accounts;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<SessionManager> sessions;
    std::unique_ptr<CsrfGuard> csrf;
    Metrics metrics;
    std::unique_ptr<Site> site;
    std::unique_ptr<PetitionPages> pages;
    std::unique_ptr<testing::RunningServer> server;
    std::string base;
    std::int64_t petition_id = 0;
    int signers = 0;

    Fixture() {
        const auto db_file = dir / "councilcast.sqlite";
        {
            Database db(db_file);
            migrate_database(db);
        }
        config.server.data_dir = dir;
        config.petitions.sponsors = 0;
        writer = std::make_unique<DatabaseWriter>(db_file);
        petitions = std::make_unique<PetitionStore>(db_file, *writer, config.petitions, [] {
            return std::vector<PetitionEldership>{{1, "Vievio seniūnija"}};
        });
        accounts = std::make_unique<AccountStore>(db_file, *writer);
        audit = std::make_unique<AuditLog>(db_file, *writer);
        sessions = std::make_unique<SessionManager>(*accounts, config.accounts.session_idle_timeout,
                                                    config.accounts.session_absolute_timeout);
        csrf = std::make_unique<CsrfGuard>(dir / "site.key");
        const auto source = source_dir();
        site = std::make_unique<Site>(
            config,
            SharePaths{source / "portal" / "templates", source / "portal" / "messages",
                       source / "portal" / "static", source / "node_modules" / "hls.js" / "dist",
                       source / "portal" / "api" / "openapi.json"},
            metrics, *writer, Gate::Services{*sessions, *csrf, *audit, *writer});
        pages = std::make_unique<PetitionPages>(
            PetitionPages::Services{config, site->renderer(), site->localization(), *petitions});
        site->add(pages->entries());
        server = std::make_unique<testing::RunningServer>(
            config.http, [this](Request request, RequestContext context) {
                return site->handle(std::move(request), std::move(context));
            });
        base = "http://127.0.0.1:" + std::to_string(server->port());

        const auto created =
            block_on(petitions->create({"Dėl suoliukų Vievio parke",
                                        "Prašome pastatyti daugiau suoliukų Vievio parke, prie "
                                        "tvenkinio ir vaikų žaidimų aikštelės.",
                                        "Ona Onaitė", "ona@example.lt", "lt", "192.0.2.1"}));
        petition_id = created.petition_id;
        block_on(petitions->start_gathering(created.manage_token));
        block_on(petitions->approve(petition_id, {}));
    }

    void sign() {
        ++signers;
        block_on(petitions->sign({.petition_id = petition_id,
                                  .name = "Pasirašęs Gyventojas",
                                  .email = "signer" + std::to_string(signers) + "@example.lt",
                                  .eldership_id = 1,
                                  .declared_eligible = true,
                                  .consent = true,
                                  .client_address = "192.0.2.9",
                                  .email_verified = true}));
        block_on(petitions->tally());
    }

    std::string path() const { return "/petitions/" + std::to_string(petition_id); }
};

}  // namespace

TEST_CASE_FIXTURE(Fixture, "a new count shows at once on the cached page, list and widget") {
    testing::HttpClient client;
    sign();
    for (const std::string& address :
         {path(), std::string("/petitions"), "/embed/petition/" + std::to_string(petition_id)}) {
        CAPTURE(address);
        const auto first = client.get(base + address);
        REQUIRE(first.status == 200);
        CHECK(contains(first.body, "1 "));
        // Nothing changed: the same bytes, from the cache.
        CHECK(client.get(base + address).body == first.body);
    }
    CHECK(contains(client.get(base + path()).body, "1 patvirtintas parašas"));
    sign();
    // Well within the cache's lifetime: the snapshot's version is what retires a page.
    CHECK(contains(client.get(base + path()).body, "2 patvirtinti parašai"));
    CHECK(contains(client.get(base + "/petitions").body, "2 parašai"));
    CHECK(contains(client.get(base + "/en/embed/petition/" + std::to_string(petition_id)).body,
                   "2 confirmed signatures"));
    // A hidden petition's page is no longer the cached one.
    block_on(petitions->hide(petition_id, "Pažeidžia taisykles", {}));
    const auto hidden = client.get(base + path());
    CHECK(hidden.status == 404);
    CHECK(contains(hidden.body, "Pažeidžia taisykles"));
    CHECK(client.get(base + "/embed/petition/" + std::to_string(petition_id)).status == 404);
}
