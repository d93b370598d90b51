// The demo's council at work: on the live meeting, within a minute of the start and then every
// three minutes, the sitting moves on to the next agenda item and a vote opens; the simulated
// members registered at the start vote over about 20 seconds, the vote closes and its result
// shows for 20 seconds. Everything goes through VotingStore, so the overlay, the event streams
// and the record follow exactly as for a real sitting.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <random>
#include <set>

#include "portal/council/council_store.hpp"
#include "portal/voting/voting_store.hpp"

namespace councilcast::portal {

class DemoSitting {
  public:
    struct Timing {
        std::chrono::seconds first_vote{40};  // after the start
        std::chrono::seconds between_votes{180};
        std::chrono::seconds voting{20};  // the simulated members cast within this
        int countdown_seconds = 25;       // the vote's countdown, a little past the last
    };

    // `motion`: what each simulated vote puts (the catalogue's text, in both languages).
    // Non-owning: the stores outlive the coroutine.
    DemoSitting(VotingStore& voting, const CouncilStore& council, LocalizedText motion,
                Timing timing);

    // Runs until the executor stops. A vote someone else opened (a real chair on the console)
    // is never touched: that round is skipped.
    boost::asio::awaitable<void> run();

  private:
    // Registers 21 to 25 of the serving members with a vote (all there are, if fewer) for
    // `meeting_id` once.
    boost::asio::awaitable<void> register_members(std::int64_t meeting_id);
    // One round: the next item, a vote, the ballots, the close.
    boost::asio::awaitable<void> round(std::int64_t meeting_id);
    boost::asio::awaitable<void> pause(std::chrono::milliseconds duration);
    bool still_open(std::int64_t vote_id) const;

    VotingStore& voting_;
    const CouncilStore& council_;
    LocalizedText motion_;
    Timing timing_;
    std::mt19937 random_;
    std::set<std::int64_t> members_;   // those who registered, by id
    std::int64_t registered_for_ = 0;  // the meeting they registered for
};

}  // namespace councilcast::portal
