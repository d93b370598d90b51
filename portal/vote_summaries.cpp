#include "portal/vote_summaries.hpp"

#include <fmt/core.h>

#include "portal/voting/ballot_texts.hpp"

namespace councilcast::portal {
namespace {

struct Texts {
    const VotingStore& voting;
    const CouncilStore& council;
    const PageRenderer& renderer;
    const Localization& localization;

    VoteSummary summary(const CouncilSnapshot& snapshot, const Vote& vote,
                        Language language) const {
        VoteSummary line;
        line.vote_id = vote.id;
        line.meeting_id = vote.meeting_id;
        if (const Meeting* meeting = snapshot.meeting(vote.meeting_id)) {
            line.meeting_title = meeting->title.in(language);
        }
        if (const AgendaItem* item = snapshot.agenda_item(vote.agenda_item_id)) {
            line.item_title = item->title.in(language);
        }
        line.motion = vote.motion.in(language);
        const std::int64_t opened = vote.opened_unix_ms / 1000;
        line.when = localization.short_date(language, opened) + " " +
                    localization.time_of_day(language, opened);
        line.outcome = ballot_texts::outcome_name(renderer, language, vote);
        line.outcome_class = vote.status == VoteStatus::kVoid
                                 ? "void"
                                 : std::string(vote_result_name(vote.outcome.result));
        line.counts = renderer.format(language, "console_counts",
                                      {{"in_favour", vote.counts.in_favour},
                                       {"against", vote.counts.against},
                                       {"abstain", vote.counts.abstain},
                                       {"not_voting", vote.counts.not_voting}});
        line.arithmetic = ballot_texts::arithmetic(renderer, language, vote, voting.rules());
        if (vote.manual) line.manual = renderer.message(language, "voting_manual");
        line.media_time_s = vote.media_time_s;
        return line;
    }
};

}  // namespace

VoteSummaries vote_summaries(const VotingStore& voting, const CouncilStore& council,
                             const PageRenderer& renderer, const Localization& localization) {
    const Texts texts{voting, council, renderer, localization};
    VoteSummaries summaries;
    summaries.of_meeting = [texts](std::int64_t meeting_id, Language language) {
        const auto votes = texts.voting.snapshot();
        const auto record = texts.council.snapshot();
        std::vector<VoteSummary> lines;
        for (const Vote* vote : votes->votes_of(meeting_id)) {
            if (vote->status == VoteStatus::kOpen) continue;
            lines.push_back(texts.summary(*record, *vote, language));
        }
        return lines;
    };
    summaries.of_member = [texts](std::int64_t member_id, Language language) {
        const auto votes = texts.voting.snapshot();
        const auto record = texts.council.snapshot();
        std::vector<VoteSummary> lines;
        for (const Vote* vote : votes->votes_with_member(member_id)) {
            if (vote->status != VoteStatus::kClosed) continue;
            VoteSummary line = texts.summary(*record, *vote, language);
            std::optional<Choice> choice;
            for (const auto& member : vote->members) {
                if (member.member_id == member_id) choice = member.choice;
            }
            // A show of hands records no member's choice: its marker says so instead.
            if (!vote->manual) {
                line.member_choice = ballot_texts::choice_text(texts.renderer, language, choice);
            }
            lines.push_back(std::move(line));
        }
        return lines;
    };
    summaries.chain_head = [&voting](std::int64_t meeting_id) {
        const auto votes = voting.snapshot();
        const Sitting* sitting = votes->sitting(meeting_id);
        return sitting ? sitting->chain_head : std::string();
    };
    summaries.version = [&voting] { return voting.snapshot()->version; };
    return summaries;
}

}  // namespace councilcast::portal
