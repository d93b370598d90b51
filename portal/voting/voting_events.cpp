#include "portal/voting/voting_events.hpp"

#include <fmt/core.h>
#include <boost/json/serialize.hpp>

#include "portal/voting/vote_json.hpp"

namespace councilcast::portal {

VotingEvents::VotingEvents(CouncilStore& council, Publish publish)
    : council_(council), publish_(std::move(publish)) {}

void VotingEvents::on_change(const VotingSnapshot& voting, std::int64_t meeting_id) {
    const auto council = council_.snapshot();
    std::lock_guard lock(mutex_);
    auto [found, added] = sent_.try_emplace(meeting_id);
    Sent& sent = found->second;
    if (added) {
        // A sitting that has not started (registrations alone) is no news to the agenda.
        sent.sitting =
            boost::json::serialize(sitting_object(Sitting{.meeting_id = meeting_id}, *council));
    }
    for (const Vote* vote : voting.votes_of(meeting_id)) {
        std::string data = boost::json::serialize(vote_object(*vote, *council));
        std::string& last = sent.votes[vote->id];
        if (data == last) continue;
        last = data;
        // Unique within the stream: one event per vote and voting version.
        publish_(meeting_id, fmt::format("v{}-{}", voting.version, vote->id), "vote",
                 std::move(data));
    }
    if (const Sitting* sitting = voting.sitting(meeting_id)) {
        std::string data = boost::json::serialize(sitting_object(*sitting, *council));
        if (data != sent.sitting) {
            sent.sitting = data;
            publish_(meeting_id, fmt::format("a{}", voting.version), "agenda", std::move(data));
        }
    }
}

}  // namespace councilcast::portal
