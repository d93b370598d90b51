#include "portal/petitions/petition_mail.hpp"

#include <doctest/doctest.h>

#include <regex>

#include "common/database_writer.hpp"
#include "portal/schema.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/test_browser.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

std::filesystem::path migrated_database(const std::string& name) {
    auto path = testing::fresh_database_path(name);
    Database db(path);
    migrate_database(db);
    return path;
}

AuditNote moderator(std::string action) {
    return [action = std::move(action)](std::int64_t id) {
        AuditEntry entry;
        entry.actor = "moderatore@elektrenai.lt";
        entry.action = action;
        entry.target = "petition " + std::to_string(id);
        return entry;
    };
}

// The newest message to `recipient`, read back from the queue.
MailMessage newest_to(MailQueue& queue, const std::string& recipient) {
    for (const auto& listed : queue.recent(50)) {
        if (listed.recipient == recipient) return read_mime(*queue.mime(listed.id));
    }
    FAIL("no message to " << recipient);
    return {};
}

std::string token_after(const std::string& text, const std::string& path) {
    std::smatch match;
    REQUIRE(std::regex_search(text, match, std::regex(path + "([A-Za-z0-9_-]+)")));
    return match[1];
}

}  // namespace

TEST_CASE(
    "each step of a petition mails its people in their own language, in the step's "
    "transaction") {
    const auto path = migrated_database("petition-mail.sqlite");
    DatabaseWriter writer(path);
    MailQueue queue(path, "noreply@elektrenai.lt", writer);
    const PageRenderer renderer(testing::source_dir() + "/portal/templates",
                                testing::source_dir() + "/portal/messages");
    PetitionMail mail(queue, renderer);
    mail.set_public_url("https://tv.elektrenai.lt");
    config::Petitions settings;
    settings.sponsors = 0;
    PetitionStore store(path, writer, settings, [] {
        return std::vector<PetitionEldership>{{7, "Vievio seniūnija"}};
    });
    store.set_event_sink(
        [&mail](Database& db, const PetitionEvent& event) { mail.on_event(db, event); });

    // The creator writes in English: their manage link is an English page.
    const auto created = block_on(store.create(
        {.title = "A cycle path to Vievis, please",
         .text = "The road to Vievis has no cycle path. We ask the council to build one soon.",
         .creator_name = "Jonas Jonaitis",
         .creator_email = "jonas@example.lt",
         .language = "en",
         .client_address = "192.0.2.7"}));
    const MailMessage manage = newest_to(queue, "jonas@example.lt");
    CHECK(manage.subject == "Your petition “A cycle path to Vievis, please”");
    CHECK(manage.text.find("Hello Jonas Jonaitis,") == 0);
    CHECK(token_after(manage.text, "https://tv\\.elektrenai\\.lt/en/petitions/manage/") ==
          created.manage_token);
    CHECK(manage.html.find("<a href=\"https://tv.elektrenai.lt/en/petitions/manage/") !=
          std::string::npos);

    block_on(store.start_gathering(created.manage_token));
    block_on(store.approve(created.petition_id, moderator("petition.approve")));
    const MailMessage published = newest_to(queue, "jonas@example.lt");
    CHECK(published.subject == "Your petition “A cycle path to Vievis, please” is published");
    CHECK(published.text.find("https://tv.elektrenai.lt/en/petitions/" +
                              std::to_string(created.petition_id)) != std::string::npos);

    // A Lithuanian signer who asked to hear of the answer.
    const auto signed_up = block_on(store.sign({.petition_id = created.petition_id,
                                                .name = "Ona Onaitė",
                                                .email = "ona@example.lt",
                                                .eldership_id = 7,
                                                .declared_eligible = true,
                                                .consent = true,
                                                .notify_on_answer = true,
                                                .language = "lt",
                                                .client_address = "198.51.100.4"}));
    REQUIRE(signed_up.outcome == PetitionStore::Signed::Outcome::kPending);
    const MailMessage confirm = newest_to(queue, "ona@example.lt");
    CHECK(confirm.subject == "Patvirtinkite parašą po peticija „A cycle path to Vievis, please“");
    CHECK(token_after(confirm.text, "https://tv\\.elektrenai\\.lt/petitions/confirm/") ==
          signed_up.confirmation_token);
    block_on(store.confirm(signed_up.confirmation_token));
    block_on(store.tally());

    block_on(store.respond(created.petition_id,
                           {.text = "The path is in next year's budget.", .answered_unix_ms = 0},
                           moderator("petition.respond")));
    const MailMessage answered = newest_to(queue, "jonas@example.lt");
    CHECK(answered.subject == "The answer to the petition “A cycle path to Vievis, please”");
    CHECK(answered.text.find("The path is in next year's budget.") != std::string::npos);
    const MailMessage told = newest_to(queue, "ona@example.lt");
    CHECK(told.subject == "Atsakymas į peticiją „A cycle path to Vievis, please“");
    CHECK(told.text.find("paprašėte pranešti apie atsakymą") != std::string::npos);
}

TEST_CASE("one mailbox gets a bounded number of confirmation links, however many forms name it") {
    const auto path = migrated_database("petition-mail-limit.sqlite");
    DatabaseWriter writer(path);
    MailQueue queue(path, "noreply@elektrenai.lt", writer);
    const PageRenderer renderer(testing::source_dir() + "/portal/templates",
                                testing::source_dir() + "/portal/messages");
    PetitionMail mail(queue, renderer);
    Petition petition;
    petition.id = 3;
    petition.title = "Daugiau suolų parke";
    int stored = 0;
    for (int i = 0; i < 15; ++i) {
        PetitionEvent event;
        event.kind = PetitionEvent::Kind::kSignaturePending;
        event.petition = &petition;
        event.recipients = {{"Auka", "auka@example.lt", "lt"}};
        event.token = "token" + std::to_string(i);
        writer.execute([&](Database& db) { mail.on_event(db, event); });
    }
    for (const auto& listed : queue.recent(50)) stored += listed.recipient == "auka@example.lt";
    CHECK(stored == 10);
}
