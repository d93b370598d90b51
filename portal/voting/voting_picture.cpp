#include "portal/voting/voting_picture.hpp"

#include <string>
#include <string_view>

#include "portal/voting/ballot_texts.hpp"

namespace councilcast::portal {
namespace {

// Cuts a text to the overlay's byte limit on a UTF-8 character boundary: the worker refuses a
// longer one, and the renderer shortens what does not fit anyway.
std::string fit(std::string_view text) {
    if (text.size() <= vote_overlay::kMaxOverlayTextBytes) return std::string(text);
    std::size_t end = vote_overlay::kMaxOverlayTextBytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return std::string(text.substr(0, end));
}

const Vote* shown_vote(const VotingSnapshot& voting, std::int64_t meeting_id,
                       std::int64_t now_unix_ms) {
    if (const Vote* open = voting.open_vote(meeting_id)) return open;
    const Vote* last = nullptr;
    for (const Vote* vote : voting.votes_of(meeting_id)) {
        if (vote->status == VoteStatus::kClosed &&
            (!last || vote->closed_unix_ms > last->closed_unix_ms)) {
            last = vote;
        }
    }
    if (!last || now_unix_ms >= last->closed_unix_ms + kResultShown.count()) return nullptr;
    return last;
}

vote_overlay::OverlayOutcome outcome_of(const Vote& vote) {
    if (vote.status == VoteStatus::kOpen) return vote_overlay::OverlayOutcome::kOpen;
    switch (vote.outcome.result) {
        case VoteResult::kAdopted:
            return vote_overlay::OverlayOutcome::kAdopted;
        case VoteResult::kRejected:
            return vote_overlay::OverlayOutcome::kRejected;
        default:
            return vote_overlay::OverlayOutcome::kInvalid;
    }
}

}  // namespace

VotingPicture voting_picture(const VotingSnapshot& voting, const CouncilSnapshot& council,
                             const VotingRules& rules, std::int64_t meeting_id,
                             const PageRenderer& messages, Language language,
                             std::int64_t now_unix_ms) {
    VotingPicture picture;
    if (const Sitting* sitting = voting.sitting(meeting_id);
        sitting && !sitting->speaker_name.empty()) {
        picture.speaker =
            vote_overlay::OverlaySpeaker{fit(sitting->speaker_name), fit(sitting->speaker_role)};
    }
    const Vote* vote = shown_vote(voting, meeting_id, now_unix_ms);
    if (!vote) return picture;

    vote_overlay::OverlayTally tally;
    if (const AgendaItem* item = council.agenda_item(vote->agenda_item_id)) {
        tally.item_title = fit(item->title.in(language));
    }
    tally.motion = fit(vote->motion.in(language));
    auto count = [&](std::optional<Choice> choice, int value) {
        return vote_overlay::OverlayCount{
            fit(ballot_texts::choice_text(messages, language, choice)), value};
    };
    tally.counts = {count(Choice::kFor, vote->counts.in_favour),
                    count(Choice::kAgainst, vote->counts.against),
                    count(Choice::kAbstain, vote->counts.abstain),
                    count(std::nullopt, vote->counts.not_voting)};
    tally.presence_text =
        fit(ballot_texts::presence(messages, language, vote->registered, rules.seats));
    tally.outcome = outcome_of(*vote);
    if (vote->status == VoteStatus::kOpen) {
        tally.countdown_ends_unix_ms = vote->closes_unix_ms;
    } else {
        tally.result_text = fit(ballot_texts::outcome_name(messages, language, *vote));
        tally.arithmetic_text = fit(ballot_texts::arithmetic(messages, language, *vote, rules));
        tally.visible_until_unix_ms = vote->closed_unix_ms + kResultShown.count();
    }
    picture.tally = std::move(tally);
    return picture;
}

}  // namespace councilcast::portal
