// The council member's page for a sitting (/vote): register presence, declare a conflict of
// interest on an agenda item, vote Už / Prieš / Susilaikė while a vote is open, and see the vote
// acknowledged. Plain POST forms that work without JavaScript; member_vote.js sends the same
// forms with fetch, an idempotency key and retries, and follows the meeting's event stream.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <string>

#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/council/council_store.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/voting/voting_store.hpp"

namespace councilcast::portal {

// Every route needs the council member role; the account's roster entry (User::council_member,
// the member's id) is who votes, never a value of the form, so a member votes only as
// themselves. Refusals come back in the visitor's language: on the page again (status 422), or
// as {"error": "..."} to the script, which asks for JSON.
class MemberVotePage {
  public:
    // Non-owning: the portal keeps each alive while the server runs.
    MemberVotePage(VotingStore& voting, const CouncilStore& council, const PageRenderer& renderer,
                   const Localization& localization);

    ModuleEntries entries();

  private:
    using Response = PageCall::Response;

    boost::asio::awaitable<Response> show(PageCall& call);
    boost::asio::awaitable<Response> presence(PageCall& call);
    boost::asio::awaitable<Response> recusal(PageCall& call);
    boost::asio::awaitable<Response> ballot(PageCall& call);

    // The page for `meeting_id` (0: the meeting live now); `error` a refusal to show at the top.
    Response page(PageCall& call, std::int64_t meeting_id, const std::string& error) const;
    // The roster entry the signed-in account speaks for. Throws InvalidInput when none.
    std::int64_t member_of(PageCall& call) const;
    // The meeting a form names, which must exist.
    std::int64_t meeting_of(PageCall& call) const;
    Response back(PageCall& call, std::int64_t meeting_id, const std::string& query) const;

    VotingStore& voting_;
    const CouncilStore& council_;
    const PageRenderer& renderer_;
    const Localization& localization_;
};

}  // namespace councilcast::portal
