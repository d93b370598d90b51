// `councilcast demo`'s petitions: one or more in every state of the lifecycle, made once,
// through the store only, so a newcomer sees the whole of it.
#pragma once

#include <cstdint>
#include <filesystem>

#include "config/config.hpp"
#include "portal/petitions/petition_store.hpp"

namespace councilcast::portal {

// Fills a database that has no petition yet (else does nothing), as if residents, sponsors,
// signers and a moderator had been at work over the last hundred days before `now_unix_ms`:
// one gathering sponsors, two awaiting moderation (one overdue), two open with a few hundred
// confirmed signatures spread over `elderships` (one past the response threshold), one
// answered with `meeting_id`'s council meeting (0: no meeting), two rejected (one as a
// duplicate of an open one), one closed and one stopped early. Titles are Lithuanian, two
// English. Sends no mail. Writes through a writer and store of its own (a store stays its
// writer's commit listener), and blocks until done: call it before the server's own store is
// built, which then loads them.
void seed_demo_petitions(const std::filesystem::path& database_file,
                         const config::Petitions& settings, PetitionStore::Elderships elderships,
                         std::int64_t now_unix_ms, std::int64_t meeting_id);

}  // namespace councilcast::portal
