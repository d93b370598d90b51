// The petitions as open data: GET /api/v1/petitions (JSON, ?state= one tab), /api/v1/petitions/<id>
// and /api/v1/petitions.csv, readable from any origin like the rest of /api/v1.
#pragma once

#include <cstdint>
#include <string>

#include "config/config.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/petitions/petition_open_data.hpp"
#include "portal/petitions/petition_store.hpp"

namespace councilcast::portal {

// Counts move with every tally, so answers are checked every time (no-cache) but carry an ETag
// from the snapshot, so a poller's repeat is a 304. A petition nobody may see (a draft, one
// awaiting moderation, a hidden one) is 404 like one that does not exist; an unknown
// parameter or state 400, both as problem details in the client's language.
class PetitionApi {
  public:
    // Non-owning references: the portal keeps each alive for the server's lifetime.
    PetitionApi(const config::Config& config, const PetitionStore& petitions,
                const PageRenderer& messages);

    // GET (HEAD) and OPTIONS of the three addresses, pointing into this object.
    ModuleEntries entries();

    // Where links point when server.public_url is empty: the listening address.
    void set_public_url(std::string url);

  private:
    Reply list(PageCall& call) const;
    Reply one(PageCall& call) const;
    Reply table(PageCall& call) const;
    PetitionDataContext context() const;

    const config::Config& config_;
    const PetitionStore& petitions_;
    const PageRenderer& messages_;
    const std::int64_t run_unix_ms_;  // names this run in the ETags
    std::string public_url_;
};

}  // namespace councilcast::portal
