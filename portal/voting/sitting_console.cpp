#include "portal/voting/sitting_console.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>

#include "common/error.hpp"
#include "common/unix_time.hpp"
#include "portal/council/editor_forms.hpp"
#include "portal/http/form_data.hpp"
#include "portal/voting/ballot_texts.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = PageCall::Response;
using namespace editor_forms;

namespace {

// The chair runs the sitting, the secretary keeps its record; an administrator may stand in.
constexpr Access kConsole = Access::any_of(Roles(Role::kChair) | Role::kSecretary | Role::kAdmin);
// Presence for another member and a result counted by hand are the secretary's to enter.
constexpr Access kSecretaries = Access::any_of(Roles(Role::kSecretary) | Role::kAdmin);

constexpr int kMaxCountdown = 600;
constexpr int kMaxCount = 1000;
constexpr std::size_t kMaxMotionBytes = 2000;

// A whole number in [0, max] typed into a form, or nothing.
std::optional<int> small_number(std::string_view text, int max) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < 0 ||
        value > max) {
        return std::nullopt;
    }
    return value;
}

std::string_view kind_value(VoteKind kind) {
    return kind == VoteKind::kSecret ? "secret" : "named";
}

}  // namespace

SittingConsole::SittingConsole(VotingStore& voting, const CouncilStore& council,
                               const PageRenderer& renderer, const Localization& localization)
    : voting_(voting), council_(council), renderer_(renderer), localization_(localization) {}

ModuleEntries SittingConsole::entries() {
    auto bind = [this](auto method) { return handler_of(this, method); };
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        {verb::get, "/staff/sitting", kConsole, FormKind::kShort, bind(&SittingConsole::show)},
        {verb::post, "/staff/sitting/item", kConsole, FormKind::kShort,
         bind(&SittingConsole::set_item)},
        {verb::post, "/staff/sitting/speaker", kConsole, FormKind::kShort,
         bind(&SittingConsole::set_speaker)},
        {verb::post, "/staff/sitting/open", kConsole, FormKind::kShort,
         bind(&SittingConsole::open_vote)},
        {verb::post, "/staff/sitting/close", kConsole, FormKind::kShort,
         bind(&SittingConsole::close_vote)},
        {verb::post, "/staff/sitting/void", kConsole, FormKind::kShort,
         bind(&SittingConsole::void_vote)},
        {verb::post, "/staff/sitting/announce", kConsole, FormKind::kShort,
         bind(&SittingConsole::announce)},
        {verb::post, "/staff/sitting/presence", kSecretaries, FormKind::kShort,
         bind(&SittingConsole::presence)},
        {verb::post, "/staff/sitting/manual", kSecretaries, FormKind::kShort,
         bind(&SittingConsole::manual_result)},
    };
    // The chair and the secretary start from the console.
    entries.navigation = {{"/staff/sitting", "console_title", kConsole, 5}};
    return entries;
}

Meeting SittingConsole::meeting_of(PageCall& call) const {
    const auto id = parse_id(call.form().get("meeting_id"));
    const auto council = council_.snapshot();
    const Meeting* meeting = id ? council->meeting(*id) : nullptr;
    if (meeting == nullptr) throw InvalidInput::text("voting_error_no_meeting");
    return *meeting;
}

Vote SittingConsole::vote_of(PageCall& call) const {
    const auto id = parse_id(call.form().get("vote_id"));
    const auto voting = voting_.snapshot();
    const Vote* vote = id ? voting->vote(*id) : nullptr;
    if (vote == nullptr) throw InvalidInput::text("voting_error_no_vote");
    return *vote;
}

Response SittingConsole::back(PageCall& call, std::int64_t meeting_id,
                              std::string_view anchor) const {
    return call.redirect(call.path("/staff/sitting") +
                         fmt::format("?meeting={}&saved=1#{}", meeting_id, anchor));
}

asio::awaitable<Response> SittingConsole::attempt(PageCall& call, std::int64_t meeting_id,
                                                  std::string form_id, std::string anchor,
                                                  asio::awaitable<void> write) {
    FormProblems problems = problems_of(call, std::move(form_id));
    try {
        co_await std::move(write);
    } catch (const InvalidInput& e) {
        problems.form_error = call.explain(e);
    }
    if (!problems.empty()) co_return page(call, meeting_id, &problems);
    co_return back(call, meeting_id, anchor);
}

asio::awaitable<Response> SittingConsole::show(PageCall& call) {
    co_return page(call, parse_id(call.query("meeting")).value_or(0), nullptr);
}

asio::awaitable<Response> SittingConsole::set_item(PageCall& call) {
    const Meeting meeting = meeting_of(call);
    const auto item_id = parse_id(call.form().get("agenda_item_id"));
    const auto council = council_.snapshot();
    const AgendaItem* item = item_id ? council->agenda_item(*item_id) : nullptr;
    if (item == nullptr || item->meeting_id != meeting.id) {
        throw InvalidInput::text("voting_error_no_item");
    }
    // Where in the recording the item starts is the archive's to tell: the store asks it.
    auto write = voting_.set_current_item(meeting.id, item->id, std::nullopt, [&](std::int64_t) {
        return call.audit_entry("sitting.item", fmt::format("meeting {}", meeting.id),
                                fmt::format("agenda item {}: {}", item->id, item->title.lt));
    });
    auto answer = attempt(call, meeting.id, "current-" + std::to_string(item->id), "sitting-agenda",
                          std::move(write));
    co_return co_await std::move(answer);
}

asio::awaitable<Response> SittingConsole::set_speaker(PageCall& call) {
    const Meeting meeting = meeting_of(call);
    const bool clear = call.form().get("clear") == "1";
    const std::string name = clear ? "" : call.form().get("name");
    const std::string role = clear ? "" : call.form().get("role");
    auto write = voting_.set_speaker(meeting.id, name, role, [&](std::int64_t) {
        return call.audit_entry("sitting.speaker", fmt::format("meeting {}", meeting.id),
                                name.empty() ? "none" : name + ", " + role);
    });
    auto answer = attempt(call, meeting.id, clear ? "speaker-clear" : "speaker", "sitting-speaker",
                          std::move(write));
    co_return co_await std::move(answer);
}

asio::awaitable<Response> SittingConsole::open_vote(PageCall& call) {
    const Meeting meeting = meeting_of(call);
    const FormData& form = call.form();
    const auto voting = voting_.snapshot();
    const Sitting* sitting = voting->sitting(meeting.id);
    const std::string form_id =
        form.get("replaces_vote_id").empty() ? "open" : "revote-" + form.get("replaces_vote_id");
    FormProblems problems = problems_of(call, form_id);
    VotingStore::Opening opening;
    opening.meeting_id = meeting.id;
    if (auto replaced = parse_id(form.get("replaces_vote_id"))) {
        // A re-vote puts the void vote's question again, on its item.
        const Vote* void_vote = voting->vote(*replaced);
        if (void_vote == nullptr || void_vote->meeting_id != meeting.id) {
            throw InvalidInput::text("voting_error_no_vote");
        }
        opening.replaces_vote_id = void_vote->id;
        opening.agenda_item_id = void_vote->agenda_item_id;
        opening.motion = void_vote->motion;
        opening.question = void_vote->question;
        opening.kind = void_vote->kind;
        opening.countdown_seconds =
            void_vote->closes_unix_ms > 0
                ? static_cast<int>((void_vote->closes_unix_ms - void_vote->opened_unix_ms) / 1000)
                : 0;
    } else {
        opening.agenda_item_id = sitting ? sitting->current_item_id : 0;
        if (opening.agenda_item_id == 0) {
            problems.form_error = call.text("console_error_no_current_item");
        }
        opening.motion = {form.get("motion_lt"), form.get("motion_en")};
        if (opening.motion.lt.size() > kMaxMotionBytes ||
            opening.motion.en.size() > kMaxMotionBytes) {
            problems.field_errors["motion_lt"] = call.text("console_error_motion_long");
        }
        opening.question = form.get("question");
        if (voting_.rules().question(opening.question) == nullptr) {
            problems.field_errors["question"] = call.text("editor_error_choice");
        }
        const std::string kind = form.get("kind");
        if (kind == "named") {
            opening.kind = VoteKind::kNamed;
        } else if (kind == "secret") {
            opening.kind = VoteKind::kSecret;
        } else if (!kind.empty()) {
            problems.field_errors["kind"] = call.text("editor_error_choice");
        }
        if (auto countdown = small_number(form.get("countdown"), kMaxCountdown)) {
            opening.countdown_seconds = *countdown;
        } else {
            problems.field_errors["countdown"] = call.text("console_error_countdown");
        }
    }
    if (!problems.empty()) co_return page(call, meeting.id, &problems);
    try {
        auto write = voting_.open_vote(opening, [&](std::int64_t vote_id) {
            return call.audit_entry(
                opening.replaces_vote_id ? "vote.reopen" : "vote.open",
                fmt::format("vote {} of meeting {} on agenda item {}", vote_id, meeting.id,
                            opening.agenda_item_id),
                fmt::format("{}, {}, {} s{}",
                            opening.question.empty() ? "default" : opening.question,
                            opening.kind ? kind_value(*opening.kind) : "default kind",
                            opening.countdown_seconds,
                            opening.replaces_vote_id
                                ? fmt::format(", replaces void vote {}", opening.replaces_vote_id)
                                : ""));
        });
        co_await std::move(write);
    } catch (const InvalidInput& e) {
        problems.form_error = call.explain(e);
    }
    if (!problems.empty()) co_return page(call, meeting.id, &problems);
    co_return back(call, meeting.id, "sitting-vote");
}

asio::awaitable<Response> SittingConsole::close_vote(PageCall& call) {
    const Vote vote = vote_of(call);
    auto write = voting_.close_vote(vote.id, [&](std::int64_t) {
        return call.audit_entry("vote.close", vote_audit_target(vote), "closed by hand");
    });
    auto answer = attempt(call, vote.meeting_id, "vote-" + std::to_string(vote.id) + "-close",
                          "sitting-vote", std::move(write));
    co_return co_await std::move(answer);
}

asio::awaitable<Response> SittingConsole::void_vote(PageCall& call) {
    const Vote vote = vote_of(call);
    const std::string form_id = "vote-" + std::to_string(vote.id) + "-void";
    // Cancelling throws the ballots away (they stay recorded, never counted): confirmed first.
    if (call.form().get("confirm") != "1") {
        FormProblems problems = problems_of(call, form_id);
        problems.field_errors["confirm"] = call.text("console_error_void_unconfirmed");
        co_return page(call, vote.meeting_id, &problems);
    }
    auto write = voting_.void_vote(vote.id, [&](std::int64_t) {
        return call.audit_entry("vote.void", vote_audit_target(vote), "technical fault");
    });
    auto answer = attempt(call, vote.meeting_id, form_id, "sitting-votes", std::move(write));
    co_return co_await std::move(answer);
}

asio::awaitable<Response> SittingConsole::announce(PageCall& call) {
    const Vote vote = vote_of(call);
    auto write = voting_.announce(vote.id, [&](std::int64_t) {
        return call.audit_entry("vote.announce", vote_audit_target(vote), "");
    });
    auto answer = attempt(call, vote.meeting_id, "vote-" + std::to_string(vote.id) + "-announce",
                          "sitting-votes", std::move(write));
    co_return co_await std::move(answer);
}

asio::awaitable<Response> SittingConsole::presence(PageCall& call) {
    const Meeting meeting = meeting_of(call);
    const auto member_id = parse_id(call.form().get("member_id"));
    const auto council = council_.snapshot();
    const CouncilMember* member = member_id ? council->member(*member_id) : nullptr;
    if (member == nullptr) throw InvalidInput::text("console_error_no_member");
    const bool present = call.form().get("present") == "1";
    auto write = voting_.set_registered(meeting.id, member->id, present, [&](std::int64_t) {
        return call.audit_entry(present ? "sitting.register" : "sitting.unregister",
                                fmt::format("member {} at meeting {}", member->id, meeting.id),
                                "by the secretary: " + member->name);
    });
    auto answer = attempt(call, meeting.id, "member-" + std::to_string(member->id),
                          "presence-" + std::to_string(member->id), std::move(write));
    co_return co_await std::move(answer);
}

asio::awaitable<Response> SittingConsole::manual_result(PageCall& call) {
    const Meeting meeting = meeting_of(call);
    const FormData& form = call.form();
    FormProblems problems = problems_of(call, "manual");
    VotingStore::ManualResult result;
    result.meeting_id = meeting.id;
    const auto item_id = parse_id(form.get("agenda_item_id"));
    const auto council = council_.snapshot();
    const AgendaItem* item = item_id ? council->agenda_item(*item_id) : nullptr;
    if (item == nullptr || item->meeting_id != meeting.id) {
        problems.field_errors["agenda_item_id"] = call.text("editor_error_choice");
    } else {
        result.agenda_item_id = item->id;
    }
    result.motion = {form.get("motion_lt"), form.get("motion_en")};
    if (result.motion.lt.size() > kMaxMotionBytes || result.motion.en.size() > kMaxMotionBytes) {
        problems.field_errors["motion_lt"] = call.text("console_error_motion_long");
    }
    result.question = form.get("question");
    if (voting_.rules().question(result.question) == nullptr) {
        problems.field_errors["question"] = call.text("editor_error_choice");
    }
    auto count = [&](std::string_view field, int& into) {
        if (auto value = small_number(form.get(field), kMaxCount)) {
            into = *value;
        } else {
            problems.field_errors[std::string(field)] = call.text("console_error_count");
        }
    };
    count("in_favour", result.counts.in_favour);
    count("against", result.counts.against);
    count("abstain", result.counts.abstain);
    count("not_voting", result.counts.not_voting);
    count("registered", result.registered);
    if (problems.empty()) {
        try {
            auto write = voting_.enter_manual_result(result, [&](std::int64_t vote_id) {
                return call.audit_entry(
                    "vote.manual",
                    fmt::format("vote {} of meeting {} on agenda item {}", vote_id, meeting.id,
                                result.agenda_item_id),
                    fmt::format("show of hands: {} for, {} against, {} abstain, {} not voting, "
                                "{} registered",
                                result.counts.in_favour, result.counts.against,
                                result.counts.abstain, result.counts.not_voting,
                                result.registered));
            });
            co_await std::move(write);
        } catch (const InvalidInput& e) {
            problems.form_error = call.explain(e);
        }
    }
    if (!problems.empty()) co_return page(call, meeting.id, &problems);
    co_return back(call, meeting.id, "sitting-votes");
}

}  // namespace councilcast::portal
