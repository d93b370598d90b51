// `councilcast demo`'s consultations: three departments with their services, four officials
// (real accounts with role official) whose hours cover the coming weeks, and bookings in the
// last two weeks (attended, one no-show, one cancelled) and the next two, so a newcomer sees an
// official's day at once and can book a free time. Made once, through the store only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "config/config.hpp"

namespace councilcast::portal {

// The demo's officials' addresses: an account made with one of them (`councilcast user add
// --role official`) before the demo's first start is the one the demo uses, so a test or a
// newcomer can sign in as an official who has hours and bookings.
inline constexpr std::string_view kDemoOfficialEmails[] = {
    "ruta.kazlauskiene@example.lt",
    "tomas.zukauskas@example.lt",
    "ona.petrauskiene@example.lt",
    "mantas.vasiliauskas@example.lt",
};

// The account id of the official with this address, made (role official, no password) when
// there is none; the accounts room is the composition root's to ask.
using DemoOfficialAccount = std::function<std::int64_t(const std::string& email)>;

// Fills a database that has no consultation department yet (else does nothing), as if the
// administrators and officials had set up two weeks before `now_unix_ms` and residents had
// booked since. Sends no mail. Writes through a writer and store of its own and blocks until
// done: call it before the server's own store is built, which then loads them.
void seed_demo_bookings(const std::filesystem::path& database_file,
                        const config::Bookings& settings, DemoOfficialAccount official_account,
                        std::int64_t now_unix_ms);

}  // namespace councilcast::portal
