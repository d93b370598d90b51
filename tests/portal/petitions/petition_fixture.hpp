// A petitions store on a real SQLite file through the real writer, with a clock the test moves,
// three elderships, and every event the store hands its sink kept for the test to read.
#pragma once

#include <doctest/doctest.h>
#include <fmt/core.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "common/error.hpp"
#include "config/config.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/petitions/petition_store.hpp"
#include "portal/schema.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/refusal.hpp"

namespace councilcast::portal::testing {

// 2026-12-01 00:00 UTC.
inline constexpr std::int64_t kStartUnixMs = 1'796'083'200'000;
inline constexpr std::int64_t kDayMs = 24 * 3600 * 1000;

// What an event said, kept after its petition pointer is gone.
struct KeptEvent {
    PetitionEvent::Kind kind = PetitionEvent::Kind::kCreated;
    std::int64_t petition_id = 0;
    PetitionState state = PetitionState::kDraft;
    PetitionRecipient creator;
    std::vector<PetitionRecipient> recipients;
    std::string token;
    bool sponsor = false;
    bool resent = false;
};

inline std::vector<PetitionEldership> test_elderships() {
    return {{1, "Elektrėnai"}, {2, "Vievis"}, {3, "Semeliškės"}};
}

inline config::Petitions quick_settings() {
    config::Petitions settings;
    settings.sponsors = 0;
    return settings;
}

using councilcast::testing::refusal;

inline AuditNote moderator_note(std::string action) {
    return [action = std::move(action)](std::int64_t petition_id) {
        AuditEntry entry;
        entry.actor_user_id = 7;
        entry.actor = "moderatore@elektrenai.lt";
        entry.action = action;
        entry.target = fmt::format("petition {}", petition_id);
        entry.peer = "127.0.0.1";
        return entry;
    };
}

struct PetitionFixture {
    std::filesystem::path dir;
    std::filesystem::path database;
    std::unique_ptr<DatabaseWriter> writer;
    std::atomic<std::int64_t> clock = kStartUnixMs;
    std::unique_ptr<PetitionStore> store;
    std::mutex events_mutex;
    std::vector<KeptEvent> events;

    explicit PetitionFixture(const std::string& name, config::Petitions settings = quick_settings())
        : dir(councilcast::testing::fresh_directory(name)), database(dir / "councilcast.sqlite") {
        {
            Database db(database);
            migrate_database(db);
        }
        writer = std::make_unique<DatabaseWriter>(database);
        open_store(settings);
    }

    void open_store(const config::Petitions& settings) {
        store = std::make_unique<PetitionStore>(database, *writer, settings, test_elderships,
                                                [this] { return clock.load(); });
        store->set_event_sink([this](Database&, const PetitionEvent& event) {
            std::lock_guard lock(events_mutex);
            events.push_back({event.kind, event.petition->id, event.petition->state, event.creator,
                              event.recipients, event.token, event.sponsor, event.resent});
        });
    }

    std::vector<KeptEvent> events_of(PetitionEvent::Kind kind) {
        std::lock_guard lock(events_mutex);
        std::vector<KeptEvent> found;
        for (const KeptEvent& event : events) {
            if (event.kind == kind) found.push_back(event);
        }
        return found;
    }

    PetitionStore::Draft draft(std::string title = "Daugiau suoliukų prie Elektrėnų marių") {
        PetitionStore::Draft draft;
        draft.title = std::move(title);
        draft.text =
            "Prašome tarybos pastatyti daugiau suoliukų pakrantėje, kad vyresni gyventojai "
            "galėtų pailsėti.\n\nPakrantė – mėgstamiausia miesto vieta.";
        draft.creator_name = "Ona Petraitytė";
        draft.creator_email = "ona.petraityte@example.lt";
        draft.client_address = "192.0.2.10";
        return draft;
    }

    // A petition open for signing (with quick_settings: no sponsors needed).
    std::int64_t open_petition(std::string title = "Daugiau suoliukų prie Elektrėnų marių") {
        const auto created = block_on(store->create(draft(std::move(title))));
        block_on(store->start_gathering(created.manage_token));
        block_on(store->approve(created.petition_id, moderator_note("petition.approve")));
        return created.petition_id;
    }

    PetitionStore::Signing signing(std::int64_t petition_id, std::string email,
                                   std::int64_t eldership_id = 1,
                                   std::string address = "198.51.100.1") {
        PetitionStore::Signing signing;
        signing.petition_id = petition_id;
        signing.name = "Jonas Jonaitis";
        signing.email = std::move(email);
        signing.eldership_id = eldership_id;
        signing.declared_eligible = true;
        signing.consent = true;
        signing.client_address = std::move(address);
        return signing;
    }

    // Signs and confirms; the signature counts once tallied.
    void sign_and_confirm(std::int64_t petition_id, const std::string& email,
                          std::int64_t eldership_id = 1, std::string address = "198.51.100.1") {
        const auto result =
            block_on(store->sign(signing(petition_id, email, eldership_id, std::move(address))));
        REQUIRE(result.outcome == PetitionStore::Signed::Outcome::kPending);
        block_on(store->confirm(result.confirmation_token));
    }

    const Petition& petition(std::int64_t id) {
        held = store->snapshot();
        const Petition* found = held->petition(id);
        REQUIRE(found != nullptr);
        return *found;
    }

    std::shared_ptr<const PetitionsSnapshot> held;
};

}  // namespace councilcast::portal::testing
