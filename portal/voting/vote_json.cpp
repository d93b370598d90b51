#include "portal/voting/vote_json.hpp"

#include <fmt/core.h>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <string_view>

#include "common/csv_table.hpp"
#include "common/unix_time.hpp"

namespace councilcast::portal {
namespace json = boost::json;
namespace {

// A member taking part who cast nothing: counted as abstaining.
constexpr std::string_view kNotVoting = "not_voting";

json::value time_or_null(std::int64_t unix_ms) {
    if (unix_ms == 0) return nullptr;
    return json::value(rfc3339_utc(unix_ms / 1000));
}

json::value media_time(const std::optional<double>& seconds) {
    if (!seconds) return nullptr;
    return json::value(*seconds);
}

json::value result_or_null(VoteResult result) {
    if (result == VoteResult::kNone) return nullptr;
    return json::value(vote_result_name(result));
}

std::string_view member_choice_name(const std::optional<Choice>& choice) {
    return choice ? choice_name(*choice) : kNotVoting;
}

}  // namespace

json::object vote_object(const Vote& vote, const CouncilSnapshot& council) {
    const AgendaItem* item = council.agenda_item(vote.agenda_item_id);
    json::array members;
    for (const auto& member : vote.members) {
        const CouncilMember* person = council.member(member.member_id);
        members.push_back(json::object{{"member_id", member.member_id},
                                       {"name", person ? person->name : std::string()},
                                       {"choice", member_choice_name(member.choice)}});
    }
    json::value replaces = nullptr;
    if (vote.replaces_vote_id != 0) replaces = vote.replaces_vote_id;
    return {
        {"id", vote.id},
        {"meeting_id", vote.meeting_id},
        {"agenda_item_id", vote.agenda_item_id},
        {"title", item ? json::value(to_json(item->title)) : json::value(nullptr)},
        {"motion", to_json(vote.motion)},
        {"kind", vote_kind_name(vote.kind)},
        {"question", vote.question},
        {"opened_at", rfc3339_utc(vote.opened_unix_ms / 1000)},
        {"closed_at", time_or_null(vote.closed_unix_ms)},
        {"closes_at", vote.status == VoteStatus::kOpen ? time_or_null(vote.closes_unix_ms)
                                                       : json::value(nullptr)},
        {"media_time_s", media_time(vote.media_time_s)},
        {"status", vote_status_name(vote.status)},
        {"result", result_or_null(vote.outcome.result)},
        {"counts",
         {{"for", vote.counts.in_favour},
          {"against", vote.counts.against},
          {"abstain", vote.counts.abstain},
          {"not_voting", vote.counts.not_voting}}},
        {"present", vote.registered},
        {"required", vote.outcome.required},
        {"manual", vote.manual},
        {"announced", vote.announced},
        {"replaces_vote_id", replaces},
        {"members", std::move(members)},
    };
}

std::optional<std::string> meeting_votes_json(const VotingSnapshot& voting,
                                              const CouncilSnapshot& council,
                                              std::int64_t meeting_id) {
    if (!council.meeting(meeting_id)) return std::nullopt;
    json::array votes;
    for (const Vote* vote : voting.votes_of(meeting_id)) {
        votes.push_back(vote_object(*vote, council));
    }
    return json::serialize(json::object{{"meeting_id", meeting_id}, {"votes", std::move(votes)}}) +
           "\n";
}

std::string votes_csv(const VotingSnapshot& voting, const CouncilSnapshot& council,
                      std::int64_t meeting_id) {
    CsvTable table({"id",        "meeting_id",   "agenda_item_id", "title_lt",
                    "title_en",  "kind",         "question",       "opened_at",
                    "closed_at", "media_time_s", "status",         "result",
                    "for",       "against",      "abstain",        "not_voting",
                    "present",   "required",     "manual",         "replaces_vote_id"});
    for (const auto& vote : voting.votes) {
        if (meeting_id != 0 && vote.meeting_id != meeting_id) continue;
        const AgendaItem* item = council.agenda_item(vote.agenda_item_id);
        const auto number = [](auto value) { return fmt::format("{}", value); };
        table.row({number(vote.id),
                   number(vote.meeting_id),
                   number(vote.agenda_item_id),
                   item ? item->title.lt : std::string(),
                   item ? item->title.en : std::string(),
                   vote_kind_name(vote.kind),
                   vote.question,
                   rfc3339_utc(vote.opened_unix_ms / 1000),
                   vote.closed_unix_ms ? rfc3339_utc(vote.closed_unix_ms / 1000) : std::string(),
                   vote.media_time_s ? number(*vote.media_time_s) : std::string(),
                   vote_status_name(vote.status),
                   vote_result_name(vote.outcome.result),
                   number(vote.counts.in_favour),
                   number(vote.counts.against),
                   number(vote.counts.abstain),
                   number(vote.counts.not_voting),
                   number(vote.registered),
                   number(vote.outcome.required),
                   vote.manual ? "true" : "false",
                   vote.replaces_vote_id ? number(vote.replaces_vote_id) : std::string()});
    }
    return table.take();
}

json::object sitting_object(const Sitting& sitting, const CouncilSnapshot& council) {
    const AgendaItem* item = council.agenda_item(sitting.current_item_id);
    json::value speaker = nullptr;
    if (!sitting.speaker_name.empty()) {
        speaker = json::object{{"name", sitting.speaker_name}, {"role", sitting.speaker_role}};
    }
    return {
        {"meeting_id", sitting.meeting_id},
        {"agenda_item_id", item ? json::value(item->id) : json::value(nullptr)},
        {"title", item ? json::value(to_json(item->title)) : json::value(nullptr)},
        {"position", item ? json::value(item->position) : json::value(nullptr)},
        {"media_time_s", media_time(sitting.item_media_time_s)},
        {"speaker", std::move(speaker)},
    };
}

}  // namespace councilcast::portal
