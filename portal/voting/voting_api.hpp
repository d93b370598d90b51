// The votes as open data: GET /api/v1/meetings/<id>/votes (JSON) and /api/v1/votes.csv
// (?meeting=<id>), readable from any origin like the rest of /api/v1.
#pragma once

#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/council/council_store.hpp"
#include "portal/voting/voting_store.hpp"

namespace councilcast::portal {

// Votes change by the second while one is open, so answers are never served from a cache
// unchecked (no-cache) but carry an ETag, so a poller's repeat is a 304. An unknown meeting is
// 404, a bad or unknown parameter 400, both as problem details in the client's language.
class VotingApi {
  public:
    // Non-owning references: the portal keeps each alive for the server's lifetime.
    VotingApi(CouncilStore& council, VotingStore& voting);

    // GET (HEAD) and OPTIONS of both addresses, pointing into this object.
    ModuleEntries entries();

  private:
    Reply meeting_votes(PageCall& call) const;
    Reply votes_table(PageCall& call) const;

    CouncilStore& council_;
    VotingStore& voting_;
};

}  // namespace councilcast::portal
