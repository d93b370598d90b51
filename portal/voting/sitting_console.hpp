// The chair's and secretary's console for a sitting (/staff/sitting): the agenda with the item
// under discussion, the speaker, opening a vote on the current item, its live counts, closing,
// cancelling after a technical fault (then a re-vote), announcing; for the secretary, presence
// for any member and a show-of-hands result entered by hand when the equipment fails.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/council/council_store.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/voting/voting_store.hpp"

namespace councilcast::portal {

// Staff pages like the council editor's: every change through VotingStore with its audit entry
// in the same transaction, a refused form shown again with what was typed and what was wrong.
class SittingConsole {
  public:
    // Non-owning: the portal keeps each alive while the server runs.
    SittingConsole(VotingStore& voting, const CouncilStore& council, const PageRenderer& renderer,
                   const Localization& localization);

    ModuleEntries entries();

  private:
    using Response = PageCall::Response;

    // What the open form offers: a minute suits most motions.
    static constexpr int kDefaultCountdownSeconds = 60;

    boost::asio::awaitable<Response> show(PageCall& call);
    boost::asio::awaitable<Response> set_item(PageCall& call);
    boost::asio::awaitable<Response> set_speaker(PageCall& call);
    boost::asio::awaitable<Response> open_vote(PageCall& call);
    boost::asio::awaitable<Response> close_vote(PageCall& call);
    boost::asio::awaitable<Response> void_vote(PageCall& call);
    boost::asio::awaitable<Response> announce(PageCall& call);
    boost::asio::awaitable<Response> presence(PageCall& call);
    boost::asio::awaitable<Response> manual_result(PageCall& call);

    Response page(PageCall& call, std::int64_t meeting_id, const FormProblems* problems) const;
    // The meeting a form names (meeting_id), which must exist.
    Meeting meeting_of(PageCall& call) const;
    // The vote a form names (vote_id), which must exist.
    Vote vote_of(PageCall& call) const;
    Response back(PageCall& call, std::int64_t meeting_id, std::string_view anchor) const;
    // A write that may be refused: the refusal becomes `form_id`'s error on the page again.
    boost::asio::awaitable<Response> attempt(PageCall& call, std::int64_t meeting_id,
                                             std::string form_id, std::string anchor,
                                             boost::asio::awaitable<void> write);

    VotingStore& voting_;
    const CouncilStore& council_;
    const PageRenderer& renderer_;
    const Localization& localization_;
};

}  // namespace councilcast::portal
