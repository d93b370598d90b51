// The console's page, drawn from the current council and voting snapshots.
#include <fmt/core.h>

#include "common/error.hpp"
#include "portal/council/editor_forms.hpp"
#include "portal/voting/ballot_texts.hpp"
#include "portal/voting/sitting_console.hpp"

namespace councilcast::portal {
namespace http = boost::beast::http;
using Response = PageCall::Response;
using Dictionary = ctemplate::TemplateDictionary;
using namespace editor_forms;

namespace {

constexpr std::size_t kMaxMeetingsToChoose = 12;

}  // namespace

Response SittingConsole::page(PageCall& call, std::int64_t meeting_id,
                              const FormProblems* problems) const {
    const Language language = call.language();
    const auto council = council_.snapshot();
    const auto voting = voting_.snapshot();
    const Meeting* meeting = meeting_id ? council->meeting(meeting_id) : council->live_meeting();
    if (meeting_id != 0 && meeting == nullptr) throw NotFound();
    const bool secretary = call.user().roles.any_of(Roles(Role::kSecretary) | Role::kAdmin);
    StaffForms forms(call.csrf_token(), problems);
    const std::string title = meeting ? meeting->title.in(language) : call.text("console_title");
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;
    return call.staff_page(
        "voting/sitting_console.tpl", title, status,
        [&](Dictionary& body) {
            body.SetValue("heading", title);
            if (!problems && !call.query("saved").empty()) body.ShowSection("SAVED");
            // Another meeting, or a first one when none is live.
            std::size_t listed = 0;
            Dictionary* choose = body.AddSectionDictionary("CHOOSE");
            if (!meeting) choose->ShowSection("NONE_LIVE");
            for (auto it = council->meetings.rbegin();
                 it != council->meetings.rend() && listed < kMaxMeetingsToChoose; ++it) {
                if (it->status == MeetingStatus::kCancelled) continue;
                if (meeting && it->id == meeting->id) continue;
                auto* row = choose->AddSectionDictionary("MEETING");
                row->SetValue("href", call.path("/staff/sitting") + "?meeting=" + id_text(it->id));
                row->SetValue("title", it->title.in(language));
                row->SetValue("when", shown_time(localization_, it->starts_unix));
                ++listed;
            }
            if (!meeting) {
                forms.summarise(body);
                return;
            }
            const std::string mid = id_text(meeting->id);
            const std::vector<std::pair<std::string, std::string>> in_meeting{{"meeting_id", mid}};
            const Sitting* sitting = voting->sitting(meeting->id);
            auto* sitting_dict = body.AddSectionDictionary("SITTING");
            const int registered = sitting ? static_cast<int>(sitting->registered.size()) : 0;
            sitting_dict->SetValue(
                "presence",
                ballot_texts::presence(renderer_, language, registered, voting_.rules().seats));
            sitting_dict->SetValue("member_page", call.path("/vote") + "?meeting=" + mid);
            sitting_dict->SetValue("events", fmt::format("/api/v1/meetings/{}/events", mid));
            sitting_dict->SetValue("votes_api", fmt::format("/api/v1/meetings/{}/votes", mid));
            const auto agenda = council->agenda(meeting->id);
            const AgendaItem* current = nullptr;
            for (const auto& item : agenda) {
                if (sitting && item.id == sitting->current_item_id) current = &item;
            }

            // The vote: open now, or the form to open one on the current item.
            const Vote* open = voting->open_vote(meeting->id);
            if (open) {
                auto* vote_dict = sitting_dict->AddSectionDictionary("OPEN_VOTE");
                const AgendaItem* item = council->agenda_item(open->agenda_item_id);
                vote_dict->SetValue("item_title", item ? item->title.in(language) : "");
                vote_dict->SetValue("motion", open->motion.in(language));
                vote_dict->SetValue(
                    "kind", call.text(open->kind == VoteKind::kSecret ? "voting_kind_secret"
                                                                      : "voting_kind_named"));
                if (open->closes_unix_ms > 0) {
                    vote_dict->SetValueAndShowSection(
                        "closes", localization_.time_of_day(language, open->closes_unix_ms / 1000),
                        "CLOSES");
                    vote_dict->SetValue("closes_ms", std::to_string(open->closes_unix_ms));
                }
                vote_dict->SetValue("for", std::to_string(open->counts.in_favour));
                vote_dict->SetValue("against", std::to_string(open->counts.against));
                vote_dict->SetValue("abstain", std::to_string(open->counts.abstain));
                vote_dict->SetValue("not_voting", std::to_string(open->counts.not_voting));
                vote_dict->SetValue("required", std::to_string(open->outcome.required));
                vote_dict->SetValue("registered", std::to_string(open->registered));
                const std::string vid = id_text(open->id);
                forms.place(*vote_dict, "CLOSE_FORM",
                            form("vote-" + vid + "-close", call.path("/staff/sitting/close"),
                                 call.text("console_close"), {{"vote_id", vid}}));
                StaffField confirm = field("confirm", call.text("console_void_confirm"), "");
                confirm.control = Control::kCheckbox;
                if (forms.place(*vote_dict, "VOID_FORM",
                                form("vote-" + vid + "-void", call.path("/staff/sitting/void"),
                                     call.text("console_void"), {{"vote_id", vid}}, {confirm}))) {
                    vote_dict->ShowSection("VOID_OPEN");
                }
            } else {
                auto* opening = sitting_dict->AddSectionDictionary("NO_OPEN_VOTE");
                if (current) {
                    opening->SetValueAndShowSection("item_title", current->title.in(language),
                                                    "CURRENT");
                    Options questions;
                    for (const auto& rule : voting_.rules().questions) {
                        questions.emplace_back(
                            rule.id, language == Language::kLt ? rule.title_lt : rule.title_en);
                    }
                    StaffField kind = choice("kind", call.text("console_field_kind"), "",
                                             {{"", call.text("console_kind_default")},
                                              {"named", call.text("voting_kind_named")},
                                              {"secret", call.text("voting_kind_secret")}});
                    kind.hint = call.text("console_field_kind_hint");
                    StaffField countdown = field("countdown", call.text("console_field_countdown"),
                                                 std::to_string(kDefaultCountdownSeconds), true);
                    countdown.hint = call.text("console_field_countdown_hint");
                    forms.place(
                        *opening, "OPEN_FORM",
                        form("open", call.path("/staff/sitting/open"), call.text("console_open"),
                             in_meeting,
                             {field("motion_lt", call.text("console_field_motion_lt"),
                                    call.text("console_default_motion")),
                              english("motion_en", call.text("console_field_motion_en"), ""),
                              choice("question", call.text("console_field_question"),
                                     voting_.rules().questions.empty()
                                         ? ""
                                         : voting_.rules().questions.front().id,
                                     questions),
                              kind, countdown}));
                } else {
                    opening->ShowSection("NO_CURRENT");
                }
            }

            // The agenda, the item under discussion marked, any other made current by a button.
            for (const auto& item : agenda) {
                auto* row = sitting_dict->AddSectionDictionary("ITEM");
                const std::string item_id = id_text(item.id);
                row->SetValue("item_id", item_id);
                row->SetValue("number", std::to_string(item.position));
                row->SetValue("title", item.title.in(language));
                if (current == &item) {
                    row->ShowSection("CURRENT_ITEM");
                    continue;
                }
                forms.place(*row, "ITEM_FORM",
                            buttons(form("current-" + item_id, call.path("/staff/sitting/item"),
                                         call.text("console_make_current", "n",
                                                   std::to_string(item.position)),
                                         {{"meeting_id", mid}, {"agenda_item_id", item_id}})));
            }
            if (agenda.empty()) sitting_dict->ShowSection("NO_AGENDA");

            // The speaker's lower third.
            if (sitting && !sitting->speaker_name.empty()) {
                sitting_dict->SetValueAndShowSection(
                    "speaker",
                    sitting->speaker_name +
                        (sitting->speaker_role.empty() ? "" : ", " + sitting->speaker_role),
                    "SPEAKER_SHOWN");
                forms.place(*sitting_dict, "SPEAKER_CLEAR_FORM",
                            buttons(form("speaker-clear", call.path("/staff/sitting/speaker"),
                                         call.text("console_speaker_clear"),
                                         {{"meeting_id", mid}, {"clear", "1"}})));
            }
            forms.place(*sitting_dict, "SPEAKER_FORM",
                        form("speaker", call.path("/staff/sitting/speaker"),
                             call.text("console_speaker_show"), in_meeting,
                             {field("name", call.text("console_field_speaker_name"),
                                    sitting ? sitting->speaker_name : "", true),
                              field("role", call.text("console_field_speaker_role"),
                                    sitting ? sitting->speaker_role : "")}));

            // The meeting's votes, newest first, with what may still be done to each.
            const auto votes = voting->votes_of(meeting->id);
            if (votes.empty()) sitting_dict->ShowSection("NO_VOTES");
            for (auto it = votes.rbegin(); it != votes.rend(); ++it) {
                const Vote& vote = **it;
                const std::string vid = id_text(vote.id);
                auto* row = sitting_dict->AddSectionDictionary("VOTE");
                const AgendaItem* item = council->agenda_item(vote.agenda_item_id);
                row->SetValue("item_title", item ? item->title.in(language) : "");
                row->SetValue("motion", vote.motion.in(language));
                row->SetValue("opened",
                              localization_.time_of_day(language, vote.opened_unix_ms / 1000));
                row->SetValue("outcome", ballot_texts::outcome_name(renderer_, language, vote));
                row->SetValue("counts", renderer_.format(language, "console_counts",
                                                         {{"in_favour", vote.counts.in_favour},
                                                          {"against", vote.counts.against},
                                                          {"abstain", vote.counts.abstain},
                                                          {"not_voting", vote.counts.not_voting}}));
                const std::string sum =
                    ballot_texts::arithmetic(renderer_, language, vote, voting_.rules());
                if (!sum.empty()) row->SetValueAndShowSection("arithmetic", sum, "ARITHMETIC");
                if (vote.manual) row->ShowSection("MANUAL");
                if (vote.replaces_vote_id) row->ShowSection("REVOTE");
                if (vote.status == VoteStatus::kClosed && !vote.announced) {
                    forms.place(*row, "ANNOUNCE_FORM",
                                buttons(form("vote-" + vid + "-announce",
                                             call.path("/staff/sitting/announce"),
                                             call.text("console_announce"), {{"vote_id", vid}})));
                } else if (vote.announced) {
                    row->ShowSection("ANNOUNCED");
                }
                const bool replaced = std::any_of(votes.begin(), votes.end(), [&](const Vote* v) {
                    return v->replaces_vote_id == vote.id;
                });
                if (vote.status == VoteStatus::kVoid && !replaced && !open) {
                    forms.place(*row, "REVOTE_FORM",
                                buttons(form("revote-" + vid, call.path("/staff/sitting/open"),
                                             call.text("console_revote"),
                                             {{"meeting_id", mid}, {"replaces_vote_id", vid}})));
                }
            }

            if (secretary) {
                auto* desk = sitting_dict->AddSectionDictionary("SECRETARY");
                for (const auto& member : council->members) {
                    // Those who vote: serving, and not the mayor, who chairs.
                    if (!member.term_end.empty() || member.position == CouncilPosition::kChair) {
                        continue;
                    }
                    auto* row = desk->AddSectionDictionary("MEMBER");
                    const std::string member_id = id_text(member.id);
                    const bool present = sitting && sitting->registered.contains(member.id);
                    row->SetValue("member_id", member_id);
                    row->SetValue("name", member.name);
                    row->SetValue("state", call.text(present ? "console_member_present"
                                                             : "console_member_absent"));
                    forms.place(
                        *row, "PRESENCE_FORM",
                        buttons(form("member-" + member_id, call.path("/staff/sitting/presence"),
                                     call.text(present ? "console_unregister_member"
                                                       : "console_register_member",
                                               "name", member.name),
                                     {{"meeting_id", mid},
                                      {"member_id", member_id},
                                      {"present", present ? "0" : "1"}})));
                }
                Options items;
                for (const auto& item : agenda) {
                    items.emplace_back(id_text(item.id), std::to_string(item.position) + ". " +
                                                             item.title.in(language));
                }
                Options questions;
                for (const auto& rule : voting_.rules().questions) {
                    questions.emplace_back(
                        rule.id, language == Language::kLt ? rule.title_lt : rule.title_en);
                }
                if (forms.place(
                        *desk, "MANUAL_FORM",
                        form("manual", call.path("/staff/sitting/manual"),
                             call.text("console_manual_submit"), in_meeting,
                             {choice("agenda_item_id", call.text("console_field_item"),
                                     current ? id_text(current->id) : "", items),
                              field("motion_lt", call.text("console_field_motion_lt"),
                                    call.text("console_default_motion")),
                              english("motion_en", call.text("console_field_motion_en"), ""),
                              choice("question", call.text("console_field_question"),
                                     voting_.rules().questions.empty()
                                         ? ""
                                         : voting_.rules().questions.front().id,
                                     questions),
                              field("in_favour", call.text("voting_choice_for"), "0", true),
                              field("against", call.text("voting_choice_against"), "0", true),
                              field("abstain", call.text("voting_choice_abstain"), "0", true),
                              field("not_voting", call.text("voting_choice_not_voting"), "0", true),
                              field("registered", call.text("console_field_registered"),
                                    std::to_string(registered), true)}))) {
                    desk->ShowSection("MANUAL_OPEN");
                }
            }
            forms.summarise(body);
        },
        {"/assets/js/vote_live.js", "/assets/js/countdown.js"});
}

}  // namespace councilcast::portal
