#include "portal/voting/member_vote_page.hpp"

#include <fmt/core.h>
#include <boost/json.hpp>

#include <algorithm>
#include <regex>

#include "common/error.hpp"
#include "common/secret_token.hpp"
#include "portal/http/form_data.hpp"
#include "portal/http/responses.hpp"
#include "portal/voting/ballot_texts.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;
using Response = PageCall::Response;

namespace {

constexpr Access kMembers = Access::any_of(Role::kCouncilMember);

// The page's own key for a ballot, to which the choice is added: the store takes 8..64 of these.
const std::regex kBallotKey("[A-Za-z0-9_-]{8,48}");

// The script asks for JSON; a plain form post gets a page.
bool wants_json(const PageCall& call) {
    return call.request()[http::field::accept].find("application/json") != std::string_view::npos;
}

Response json_answer(const PageCall& call, http::status status, const json::object& body) {
    return text_response(call.request(), status, "application/json", json::serialize(body),
                         "no-store");
}

std::optional<Choice> choice_of(const Vote& vote, std::int64_t member_id) {
    for (const auto& member : vote.members) {
        if (member.member_id == member_id) return member.choice;
    }
    return std::nullopt;
}

}  // namespace

MemberVotePage::MemberVotePage(VotingStore& voting, const CouncilStore& council,
                               const PageRenderer& renderer, const Localization& localization)
    : voting_(voting), council_(council), renderer_(renderer), localization_(localization) {}

ModuleEntries MemberVotePage::entries() {
    auto bind = [this](auto method) { return handler_of(this, method); };
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        {verb::get, "/vote", kMembers, FormKind::kShort, bind(&MemberVotePage::show)},
        {verb::post, "/vote/presence", kMembers, FormKind::kShort, bind(&MemberVotePage::presence)},
        {verb::post, "/vote/recusal", kMembers, FormKind::kShort, bind(&MemberVotePage::recusal)},
        {verb::post, "/vote/ballot", kMembers, FormKind::kShort, bind(&MemberVotePage::ballot)},
    };
    // A council member's way in from the header's staff link.
    entries.navigation = {{"/vote", "ballot_page_title", kMembers, 1}};
    entries.crawlers.disallow = {"/vote"};
    return entries;
}

std::int64_t MemberVotePage::member_of(PageCall& call) const {
    const auto id = parse_id(call.user().council_member);
    if (!id || council_.snapshot()->member(*id) == nullptr) {
        throw InvalidInput::text("ballot_error_no_roster_entry");
    }
    return *id;
}

std::int64_t MemberVotePage::meeting_of(PageCall& call) const {
    const auto id = parse_id(call.form().get("meeting_id"));
    if (!id || council_.snapshot()->meeting(*id) == nullptr) {
        throw InvalidInput::text("voting_error_no_meeting");
    }
    return *id;
}

Response MemberVotePage::back(PageCall& call, std::int64_t meeting_id,
                              const std::string& query) const {
    return call.redirect(call.path("/vote") + fmt::format("?meeting={}{}", meeting_id, query));
}

asio::awaitable<Response> MemberVotePage::show(PageCall& call) {
    co_return page(call, parse_id(call.query("meeting")).value_or(0), "");
}

asio::awaitable<Response> MemberVotePage::presence(PageCall& call) {
    std::int64_t meeting_id = 0;
    try {
        const std::int64_t member_id = member_of(call);
        meeting_id = meeting_of(call);
        const bool present = call.form().get("present") == "1";
        auto write = voting_.set_registered(meeting_id, member_id, present, [&](std::int64_t) {
            return call.audit_entry(present ? "sitting.register" : "sitting.unregister",
                                    fmt::format("member {} at meeting {}", member_id, meeting_id),
                                    "by the member");
        });
        co_await std::move(write);
    } catch (const InvalidInput& e) {
        co_return page(call, meeting_id, call.explain(e));
    }
    co_return back(call, meeting_id, "&done=presence#presence");
}

asio::awaitable<Response> MemberVotePage::recusal(PageCall& call) {
    std::int64_t meeting_id = 0;
    try {
        const std::int64_t member_id = member_of(call);
        meeting_id = meeting_of(call);
        const auto item_id = parse_id(call.form().get("agenda_item_id"));
        const auto council = council_.snapshot();
        const AgendaItem* item = item_id ? council->agenda_item(*item_id) : nullptr;
        if (item == nullptr || item->meeting_id != meeting_id) {
            throw InvalidInput::text("voting_error_no_item");
        }
        // Recusal cannot be taken back: the member confirms it first.
        if (call.form().get("confirm") != "1") {
            throw InvalidInput::text("ballot_error_recusal_unconfirmed");
        }
        auto write = voting_.recuse(item->id, member_id, [&](std::int64_t) {
            return call.audit_entry("sitting.recuse",
                                    fmt::format("member {} on agenda item {} of meeting {}",
                                                member_id, item->id, meeting_id),
                                    item->title.lt);
        });
        co_await std::move(write);
    } catch (const InvalidInput& e) {
        co_return page(call, meeting_id, call.explain(e));
    }
    co_return back(call, meeting_id, "&done=recusal#agenda");
}

asio::awaitable<Response> MemberVotePage::ballot(PageCall& call) {
    std::int64_t meeting_id = 0;
    try {
        const std::int64_t member_id = member_of(call);
        meeting_id = meeting_of(call);
        const auto choice = parse_choice(call.form().get("choice"));
        if (!choice) throw InvalidInput::text("ballot_error_choice");
        const std::string key = call.form().get("key");
        if (!std::regex_match(key, kBallotKey)) throw InvalidInput::text("ballot_error_key");
        const auto snapshot = voting_.snapshot();
        const auto vote_id = parse_id(call.form().get("vote_id"));
        const Vote* vote = vote_id ? snapshot->vote(*vote_id) : nullptr;
        if (vote == nullptr) throw InvalidInput::text("voting_error_no_vote");
        if (vote->meeting_id != meeting_id) throw InvalidInput::text("ballot_error_wrong_meeting");
        const std::string target = vote_audit_target(*vote);
        // A secret vote's choice is nobody's to read, the audit log's readers included.
        const std::string detail =
            vote->kind == VoteKind::kSecret ? "secret" : std::string(choice_name(*choice));
        auto write = voting_.cast(vote->id, member_id, *choice,
                                  key + "-" + std::string(choice_name(*choice)), [&](std::int64_t) {
                                      return call.audit_entry(
                                          "vote.cast", target,
                                          fmt::format("member {}: {}", member_id, detail));
                                  });
        const VotingStore::Cast cast = co_await std::move(write);
        const std::string acknowledged =
            call.text("ballot_acknowledged", "choice",
                      ballot_texts::choice_text(renderer_, call.language(), *choice));
        if (wants_json(call)) {
            const char* how = cast == VotingStore::Cast::kCounted    ? "counted"
                              : cast == VotingStore::Cast::kReplaced ? "replaced"
                                                                     : "repeated";
            co_return json_answer(call, http::status::ok,
                                  {{"result", how},
                                   {"vote_id", vote->id},
                                   {"choice", choice_name(*choice)},
                                   {"text", acknowledged}});
        }
        co_return back(call, meeting_id,
                       fmt::format("&vote={}&counted={}#ballot", vote->id, choice_name(*choice)));
    } catch (const InvalidInput& e) {
        if (wants_json(call)) {
            co_return json_answer(call, http::status::unprocessable_entity,
                                  {{"error", call.explain(e)}});
        }
        co_return page(call, meeting_id, call.explain(e));
    }
}

Response MemberVotePage::page(PageCall& call, std::int64_t meeting_id,
                              const std::string& error) const {
    const Language language = call.language();
    const auto council = council_.snapshot();
    const auto voting = voting_.snapshot();
    std::string problem = error;
    std::int64_t member_id = 0;
    try {
        member_id = member_of(call);
    } catch (const InvalidInput& e) {
        problem = call.explain(e);
    }
    const Meeting* meeting = meeting_id ? council->meeting(meeting_id) : council->live_meeting();
    if (meeting_id != 0 && meeting == nullptr) throw NotFound();
    const CouncilMember* member = council->member(member_id);

    PageFrame frame;
    frame.title = call.text("ballot_page_title");
    const Target& target = call.target();
    frame.alternate_path = localised(other_language(language), target.path) +
                           (target.encoded_query.empty() ? "" : "?" + target.encoded_query);
    if (meeting && member) {
        frame.scripts = {"/assets/js/member_vote.js", "/assets/js/countdown.js"};
    }
    const auto status = error.empty() ? http::status::ok : http::status::unprocessable_entity;
    const std::string csrf = call.csrf_token();
    return call.page(
        status, "voting/member_vote.tpl", frame, [&](ctemplate::TemplateDictionary& body) {
            if (!problem.empty()) body.SetValueAndShowSection("text", problem, "ERROR");
            if (member) body.SetValueAndShowSection("member_name", member->name, "MEMBER");
            if (!meeting) {
                body.ShowSection("NO_MEETING");
                return;
            }
            if (!member) return;
            const std::string meeting_text = std::to_string(meeting->id);
            auto* sitting_dict = body.AddSectionDictionary("SITTING");
            sitting_dict->SetValue("meeting_id", meeting_text);
            sitting_dict->SetValue("meeting_title", meeting->title.in(language));
            sitting_dict->SetValue("events",
                                   fmt::format("/api/v1/meetings/{}/events", meeting->id));
            sitting_dict->SetValue("page", call.path("/vote"));
            sitting_dict->SetValue("csrf", csrf);
            sitting_dict->SetValue("action_presence", call.path("/vote/presence"));
            sitting_dict->SetValue("action_recusal", call.path("/vote/recusal"));
            sitting_dict->SetValue("action_ballot", call.path("/vote/ballot"));

            const Sitting* sitting = voting->sitting(meeting->id);
            const bool registered = sitting && sitting->registered.contains(member_id);
            sitting_dict->ShowSection(registered ? "REGISTERED" : "NOT_REGISTERED");
            if (call.query("done") == "presence") sitting_dict->ShowSection("PRESENCE_SAVED");
            if (call.query("done") == "recusal") sitting_dict->ShowSection("RECUSAL_SAVED");
            auto recused = [&](std::int64_t item_id) {
                if (!sitting) return false;
                auto it = sitting->recusals.find(item_id);
                return it != sitting->recusals.end() && it->second.contains(member_id);
            };

            // What the last ballot this page sent was, said again after the redirect.
            if (auto counted = parse_choice(call.query("counted"))) {
                sitting_dict->SetValue(
                    "acknowledged",
                    call.text("ballot_acknowledged", "choice",
                              ballot_texts::choice_text(renderer_, language, *counted)));
            }

            const Vote* open = voting->open_vote(meeting->id);
            sitting_dict->SetValue("vote_id", open ? std::to_string(open->id) : "");
            if (!open) {
                sitting_dict->ShowSection("NO_VOTE");
            } else {
                auto* vote_dict = sitting_dict->AddSectionDictionary("VOTE");
                vote_dict->SetValue("vote_id", std::to_string(open->id));
                const AgendaItem* item = council->agenda_item(open->agenda_item_id);
                vote_dict->SetValue("item_title", item ? item->title.in(language) : "");
                if (!open->motion.in(language).empty()) {
                    vote_dict->SetValueAndShowSection("motion", open->motion.in(language),
                                                      "MOTION");
                }
                if (open->kind == VoteKind::kSecret) vote_dict->ShowSection("SECRET");
                if (open->closes_unix_ms > 0) {
                    auto* closes = vote_dict->AddSectionDictionary("CLOSES");
                    closes->SetValue(
                        "time", localization_.time_of_day(language, open->closes_unix_ms / 1000));
                    closes->SetValue("closes_ms", std::to_string(open->closes_unix_ms));
                }
                if (recused(open->agenda_item_id)) {
                    vote_dict->ShowSection("RECUSED");
                } else if (!registered) {
                    vote_dict->ShowSection("REGISTER_FIRST");
                } else {
                    auto* choices = vote_dict->AddSectionDictionary("CHOICES");
                    // A fresh key on every page: a form sent twice (a double tap, a resend after a
                    // timeout) counts once; the choice is added to it, so another choice is another
                    // ballot.
                    choices->SetValue("key", new_secret_token().substr(0, 24));
                    const auto current = choice_of(*open, member_id);
                    for (Choice choice : {Choice::kFor, Choice::kAgainst, Choice::kAbstain}) {
                        auto* button = choices->AddSectionDictionary("CHOICE");
                        button->SetValue("value", std::string(choice_name(choice)));
                        button->SetValue("label",
                                         ballot_texts::choice_text(renderer_, language, choice));
                        if (current == choice) button->ShowSection("CURRENT");
                    }
                    if (current) {
                        choices->SetValueAndShowSection(
                            "current",
                            call.text("ballot_current", "choice",
                                      ballot_texts::choice_text(renderer_, language, *current)),
                            "HAS_CURRENT");
                    }
                }
            }

            const auto agenda = council->agenda(meeting->id);
            for (const auto& item : agenda) {
                auto* row = sitting_dict->AddSectionDictionary("ITEM");
                row->SetValue("item_id", std::to_string(item.id));
                row->SetValue("title", item.title.in(language));
                if (sitting && sitting->current_item_id == item.id)
                    row->ShowSection("CURRENT_ITEM");
                if (recused(item.id)) {
                    row->ShowSection("ITEM_RECUSED");
                } else {
                    row->ShowSection("CAN_RECUSE");
                }
            }
        });
}

}  // namespace councilcast::portal
