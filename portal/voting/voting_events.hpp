// What a meeting's event stream hears of its voting: a "vote" event with the vote's open-data
// object each time a vote opens, counts, closes or is voided, and an "agenda" event when the
// item under discussion or the speaker changes.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "portal/council/council_store.hpp"
#include "portal/voting/voting_record.hpp"

namespace councilcast::portal {

// Thread-safe. The composition root makes `on_change` the voting store's listener and `publish`
// the meeting events' publish_event, so neither room includes the other.
class VotingEvents {
  public:
    using Publish = std::function<void(std::int64_t meeting_id, std::string id, std::string name,
                                       std::string data)>;

    // `council` is not owned and outlives this object.
    VotingEvents(CouncilStore& council, Publish publish);

    // After every voting write about `meeting_id`: an event for each of its votes whose object
    // differs from the one last sent, and for its sitting when that differs.
    void on_change(const VotingSnapshot& voting, std::int64_t meeting_id);

  private:
    struct Sent {
        std::map<std::int64_t, std::string> votes;  // vote id -> its JSON as last sent
        std::string sitting;
    };

    CouncilStore& council_;
    Publish publish_;
    std::mutex mutex_;
    // Meetings with a vote or a sitting: at most a few hundred a year, a few KiB each.
    std::map<std::int64_t, Sent> sent_;
};

}  // namespace councilcast::portal
