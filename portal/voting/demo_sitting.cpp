#include "portal/voting/demo_sitting.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <vector>

#include "common/error.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace {

constexpr int kFewestPresent = 21;
constexpr int kMostPresent = 25;

AuditEntry demo_entry(std::string_view action, std::string target) {
    AuditEntry entry;
    entry.actor = "demo sitting";
    entry.action = action;
    entry.target = std::move(target);
    entry.peer = "demo";
    return entry;
}

}  // namespace

DemoSitting::DemoSitting(VotingStore& voting, const CouncilStore& council, LocalizedText motion,
                         Timing timing)
    : voting_(voting),
      council_(council),
      motion_(std::move(motion)),
      timing_(timing),
      random_(std::random_device{}()) {}

bool DemoSitting::still_open(std::int64_t vote_id) const {
    const auto voting = voting_.snapshot();
    const Vote* vote = voting->vote(vote_id);
    return vote != nullptr && vote->status == VoteStatus::kOpen;
}

asio::awaitable<void> DemoSitting::pause(std::chrono::milliseconds duration) {
    asio::steady_timer timer(co_await asio::this_coro::executor, duration);
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

asio::awaitable<void> DemoSitting::run() {
    co_await pause(timing_.first_vote);
    for (;;) {
        const auto started = std::chrono::steady_clock::now();
        const auto council = council_.snapshot();
        const Meeting* meeting = council->live_meeting();
        if (meeting != nullptr) {
            try {
                auto work = round(meeting->id);
                co_await std::move(work);
            } catch (const InvalidInput& e) {
                // A real chair or secretary acting at the same moment: the round gives way.
                spdlog::info("[demo sitting] round given up: {}", e.what());
            } catch (const std::exception& e) {
                spdlog::warn("[demo sitting] round failed: {}", e.what());
            }
        }
        const auto next = started + timing_.between_votes;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            next - std::chrono::steady_clock::now());
        co_await pause(std::max(left, std::chrono::milliseconds(1000)));
    }
}

asio::awaitable<void> DemoSitting::register_members(std::int64_t meeting_id) {
    if (registered_for_ == meeting_id) co_return;
    std::vector<std::int64_t> serving;
    const auto council = council_.snapshot();
    // The mayor chairs and has no vote.
    for (const auto& member : council->members) {
        if (member.term_end.empty() && member.position != CouncilPosition::kChair) {
            serving.push_back(member.id);
        }
    }
    std::shuffle(serving.begin(), serving.end(), random_);
    const int present = std::uniform_int_distribution<int>(kFewestPresent, kMostPresent)(random_);
    serving.resize(std::min<std::size_t>(serving.size(), static_cast<std::size_t>(present)));
    members_.clear();
    for (std::int64_t member_id : serving) {
        auto write = voting_.set_registered(meeting_id, member_id, true, [=](std::int64_t) {
            return demo_entry("sitting.register",
                              fmt::format("member {} at meeting {}", member_id, meeting_id));
        });
        co_await std::move(write);
        members_.insert(member_id);
    }
    registered_for_ = meeting_id;
}

asio::awaitable<void> DemoSitting::round(std::int64_t meeting_id) {
    // Someone else's vote is open: a person is running the sitting now.
    if (voting_.snapshot()->open_vote(meeting_id) != nullptr) co_return;
    auto registering = register_members(meeting_id);
    co_await std::move(registering);

    const auto council = council_.snapshot();
    const auto agenda = council->agenda(meeting_id);
    if (agenda.empty()) co_return;
    const auto before = voting_.snapshot();
    const Sitting* sitting = before->sitting(meeting_id);
    const std::int64_t current = sitting ? sitting->current_item_id : 0;
    auto at = std::find_if(agenda.begin(), agenda.end(),
                           [&](const AgendaItem& item) { return item.id == current; });
    const AgendaItem& item =
        (at == agenda.end() || std::next(at) == agenda.end()) ? agenda.front() : *std::next(at);
    auto moving = voting_.set_current_item(meeting_id, item.id, std::nullopt, [&](std::int64_t) {
        return demo_entry("sitting.item", fmt::format("meeting {}", meeting_id));
    });
    co_await std::move(moving);

    VotingStore::Opening opening;
    opening.meeting_id = meeting_id;
    opening.agenda_item_id = item.id;
    opening.motion = motion_;
    opening.countdown_seconds = timing_.countdown_seconds;
    auto opened = voting_.open_vote(opening, [&](std::int64_t vote_id) {
        return demo_entry("vote.open", fmt::format("vote {} of meeting {}", vote_id, meeting_id));
    });
    const std::int64_t vote_id = co_await std::move(opened);

    // Each member's moment within the voting time, and a leaning of the council for this item:
    // most motions pass, some narrowly, now and then one fails.
    const double leaning = std::uniform_real_distribution<double>(0.35, 0.95)(random_);
    struct Ballot {
        std::chrono::milliseconds at;
        std::int64_t member_id;
        Choice choice;
    };
    std::vector<Ballot> ballots;
    std::uniform_int_distribution<long> moment(
        1000, std::chrono::duration_cast<std::chrono::milliseconds>(timing_.voting).count());
    std::uniform_real_distribution<double> toss(0.0, 1.0);
    for (std::int64_t member_id : members_) {
        const double draw = toss(random_);
        // About one in twenty-five registered members does not vote at all.
        if (draw > 0.96) continue;
        const Choice choice = draw < leaning                       ? Choice::kFor
                              : draw < leaning + (1 - leaning) / 2 ? Choice::kAgainst
                                                                   : Choice::kAbstain;
        ballots.push_back({std::chrono::milliseconds(moment(random_)), member_id, choice});
    }
    std::sort(ballots.begin(), ballots.end(),
              [](const Ballot& a, const Ballot& b) { return a.at < b.at; });
    std::chrono::milliseconds elapsed{0};
    for (const Ballot& ballot : ballots) {
        co_await pause(ballot.at - elapsed);
        elapsed = ballot.at;
        // Closed or cancelled from the console meanwhile: the simulation stops voting.
        if (!still_open(vote_id)) co_return;
        auto cast = voting_.cast(
            vote_id, ballot.member_id, ballot.choice,
            fmt::format("demo-{}-{}", vote_id, ballot.member_id), [&](std::int64_t) {
                return demo_entry("vote.cast",
                                  fmt::format("vote {} of meeting {}", vote_id, meeting_id));
            });
        co_await std::move(cast);
    }
    co_await pause(timing_.voting + std::chrono::seconds(1) - elapsed);
    if (still_open(vote_id)) {
        auto closing = voting_.close_vote(vote_id, [&](std::int64_t) {
            return demo_entry("vote.close",
                              fmt::format("vote {} of meeting {}", vote_id, meeting_id));
        });
        co_await std::move(closing);
    }
}

}  // namespace councilcast::portal
