// `councilcast demo`'s problem reports: a few dozen over the eight elderships and six categories
// in the last two months, in every state (one still unconfirmed, one hidden), with the
// municipality's updates, a duplicate and a reporter's questionnaire answer, so a newcomer sees
// the map, the lists, the statistics and the staff pages full at once. Made once, through a
// store of its own. And the demo's Open311 key.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "config/config.hpp"

namespace councilcast::portal {

// The hash of demo picture number `picture` (0, 1, 2, …: any number gives some picture), made
// and stored by the photos room (process_photo, PhotoFiles); the composition root wires it.
// Empty: the demo's reports have no photos.
using DemoReportPhoto = std::function<std::string(int picture)>;

// Fills a database that has no report yet (else does nothing), as if residents had reported
// since `now_unix_ms` minus sixty days and the departments had answered. Sends no mail, makes
// no webhook delivery. Writes through a writer and store of its own and blocks until done: call
// it before the server's own store is built.
void seed_demo_reports(const std::filesystem::path& database_file, const config::Reports& settings,
                       DemoReportPhoto photo, std::int64_t now_unix_ms);

// The demo's Open311 key (name "demo"): made once and kept in <data_dir>/demo-open311-key
// (0600), so it stays the same across the demo's restarts. Blocks on the disk: start-up only.
config::Open311ApiKey demo_open311_key(const std::filesystem::path& data_dir);

}  // namespace councilcast::portal
