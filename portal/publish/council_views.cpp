#include "portal/publish/council_views.hpp"

#include <fmt/core.h>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>
#include <set>

#include "portal/http/responses.hpp"
#include "portal/pages/markdown.hpp"
#include "portal/publish/view_parts.hpp"

namespace councilcast::portal {
using namespace views;
namespace {

constexpr std::size_t kHomeUpcoming = 5;
constexpr std::size_t kHomeDecisions = 5;
constexpr std::size_t kDescriptionChars = 160;

struct Snippet {
    std::string name;  // for the textarea's id
    std::string path;  // the widget, before the language prefix
    std::string label_key;
    int height;
};

// The iframe code the municipal website pastes, one per widget; only where the site's address
// is known (the code must name it).
void fill_embed_code(const ViewContext& view, Dictionary& dict,
                     const std::vector<Snippet>& snippets) {
    if (view.base_url.empty()) return;
    Dictionary* include = dict.AddIncludeDictionary("EMBED_CODE");
    include->SetFilename("publish/embed_code.tpl");
    for (const auto& snippet : snippets) {
        Dictionary* row = include->AddSectionDictionary("SNIPPET");
        row->SetValue("name", snippet.name);
        row->SetValue("label", message(view, snippet.label_key));
        row->SetValue("code", iframe_code(view.base_url + localised(view.language, snippet.path),
                                          view.municipality_name, kEmbedWidth, snippet.height));
    }
}

void fill_decision_summary(const ViewContext& view, const CouncilSnapshot& council,
                           const Decision& decision, Dictionary& dict) {
    dict.SetValue("href", localised(view.language, fmt::format("/decisions/{}", decision.id)));
    dict.SetValue("number", decision.number);
    dict.SetValue("outcome",
                  message(view, "outcome_" + std::string(outcome_name(decision.outcome))));
    dict.SetValue("outcome_class", value(outcome_name(decision.outcome)));
    dict.SetValue("datetime", view.localization.machine_datetime(decision.decided_unix));
    dict.SetValue("date", view.localization.long_date(view.language, decision.decided_unix));
    if (const AgendaItem* item = council.agenda_item(decision.agenda_item_id)) {
        set_text(dict, "title", item->title, view.language);
    }
}

std::string file_size(const ViewContext& view, std::int64_t bytes) {
    if (bytes < 1024 * 1024) {
        return view.localization.number(view.language,
                                        std::max<std::int64_t>(1, (bytes + 1023) / 1024)) +
               " KB";
    }
    return view.localization.number(view.language, (bytes + 512 * 1024) / (1024 * 1024)) + " MB";
}

void fill_documents(const ViewContext& view, std::span<const Document> documents,
                    Dictionary& dict) {
    Dictionary* list = dict.AddIncludeDictionary("DOCUMENT_LIST");
    list->SetFilename("publish/documents.tpl");
    for (const auto& document : documents) {
        Dictionary* row = list->AddSectionDictionary("DOCUMENT");
        row->SetValue("href", fmt::format("/documents/{}", document.id));
        set_text(*row, "title", document.title, view.language);
        row->SetValue("type",
                      document.content_type == "application/pdf" ? "PDF" : document.content_type);
        row->SetValue("size", file_size(view, document.size_bytes));
    }
}

// A day stored as "2023-04-20", written the language's way ("2023 m. balandžio 20 d."); as
// stored when it is not a date.
std::string calendar_date(const ViewContext& view, const std::string& iso_date) {
    const auto noon = view.localization.parse_datetime_local(iso_date + "T12:00");
    return noon ? view.localization.long_date(view.language, *noon) : iso_date;
}

std::string position_key(CouncilPosition position) {
    return "position_" + std::string(position_name(position));
}

std::string initials(const std::string& name) {
    std::string letters;
    std::size_t start = 0;
    while (start < name.size()) {
        // The first character of each word, whole (Lithuanian capitals are two bytes in UTF-8).
        std::size_t length = 1;
        const auto lead = static_cast<unsigned char>(name[start]);
        if (lead >= 0xF0)
            length = 4;
        else if (lead >= 0xE0)
            length = 3;
        else if (lead >= 0xC0)
            length = 2;
        letters += name.substr(start, length);
        const std::size_t space = name.find(' ', start);
        if (space == std::string::npos) break;
        start = space + 1;
    }
    return letters;
}

void fill_member_link(const ViewContext& view, const CouncilMember& member, Dictionary& dict) {
    dict.SetValue("href", localised(view.language, fmt::format("/council/{}", member.id)));
    dict.SetValue("name", member.name);
    if (member.position != CouncilPosition::kMember) {
        dict.SetValueAndShowSection("position", message(view, position_key(member.position)),
                                    "POSITION");
    }
}

}  // namespace

std::string iframe_code(std::string_view url, std::string_view title, int width, int height) {
    return fmt::format(
        "<iframe src=\"{}\" title=\"{}\" width=\"{}\" height=\"{}\" "
        "style=\"border:0\" allowfullscreen></iframe>",
        html_escape(url), html_escape(title), width, height);
}

std::vector<int> meeting_years(const Localization& localization, const CouncilSnapshot& council) {
    std::set<int, std::greater<>> years;
    for (const auto& meeting : council.meetings) {
        years.insert(localization.local_date(meeting.starts_unix).year);
    }
    return {years.begin(), years.end()};
}

std::string render_home(const ViewContext& view, const CouncilSnapshot& council,
                        const std::vector<Broadcast>& broadcasts, PageFrame frame) {
    frame_for(view, frame, message(view, "site_name"), "/");
    frame.title = view.municipality_name + " – " + message(view, "site_name");
    frame.description = message(view, "home_description");
    frame.nav_current = "";
    // hls.js first: player.js looks for the Hls global when it runs.
    frame.scripts = {"/assets/vendor/hls.min.js", "/assets/js/player.js",
                     "/assets/js/vote_live.js"};
    return view.renderer.render("publish/home.tpl", view.language, frame, [&](Dictionary& body) {
        bool playing = false;
        for (const auto& meeting : council.meetings) {
            if (meeting.status != MeetingStatus::kLive) continue;
            Dictionary* live = body.AddSectionDictionary("LIVE_MEETING");
            fill_meeting_summary(view, council, meeting, *live);
            auto channel = std::find_if(
                broadcasts.begin(), broadcasts.end(),
                [&](const Broadcast& b) { return b.channel_id == meeting.channel_id; });
            if (channel != broadcasts.end()) {
                fill_player(*channel, meeting.title.in(view.language), *live);
                fill_vote_live(meeting.id, *live);
                playing = true;
            }
        }
        // A channel on air without a meeting marked live (a session the editors have not
        // started on the site) still plays on the home page.
        for (const auto& broadcast : broadcasts) {
            if (playing || !broadcast.on_air) continue;
            Dictionary* channel = body.AddSectionDictionary("LIVE_CHANNEL");
            channel->SetValue("title", broadcast.title);
            fill_player(broadcast, broadcast.title, *channel);
            playing = true;
        }
        if (!playing) body.ShowSection("NOTHING_LIVE");

        std::size_t upcoming = 0;
        for (const auto& meeting : council.meetings) {
            if (upcoming == kHomeUpcoming) break;
            if (meeting.status != MeetingStatus::kPlanned || meeting.starts_unix < view.now_unix) {
                continue;
            }
            fill_meeting_summary(view, council, meeting,
                                 summary(*body.AddSectionDictionary("UPCOMING")));
            ++upcoming;
        }
        if (upcoming == 0) body.ShowSection("NO_UPCOMING");

        std::size_t shown = 0;
        for (auto it = council.decisions.rbegin();
             it != council.decisions.rend() && shown < kHomeDecisions; ++it, ++shown) {
            Dictionary* row =
                body.AddSectionDictionary("DECISION")->AddIncludeDictionary("DECISION_SUMMARY");
            row->SetFilename("publish/decision_summary.tpl");
            fill_decision_summary(view, council, *it, *row);
        }
        if (shown == 0) body.ShowSection("NO_DECISIONS");
        body.SetValue("meetings_href", localised(view.language, "/meetings"));
        body.SetValue("decisions_href", localised(view.language, "/decisions"));
        body.SetValue("calendar_href", localised(view.language, "/feeds/meetings.ics"));
        fill_embed_code(view, body,
                        {{"live", "/embed/live", "embed_label_live", 480},
                         {"upcoming", "/embed/upcoming", "embed_label_upcoming", 360}});
    });
}

std::string render_meetings(const ViewContext& view, const CouncilSnapshot& council,
                            const MeetingFilter& filter, PageFrame frame,
                            const RecordingSummaries& recordings) {
    const std::string title = message(view, "meetings_title");
    frame_for(view, frame, title, "/meetings");
    frame.description = message(view, "meetings_description");
    frame.nav_current = "meetings";
    const int year = filter.year.value_or(view.localization.local_date(view.now_unix).year);
    return view.renderer.render(
        "publish/meetings.tpl", view.language, frame, [&](Dictionary& body) {
            body.SetValue("action", localised(view.language, "/meetings"));
            std::vector<int> years = meeting_years(view.localization, council);
            if (std::find(years.begin(), years.end(), year) == years.end()) years.push_back(year);
            std::sort(years.begin(), years.end(), std::greater<>());
            for (int option : years) {
                Dictionary* row = body.AddSectionDictionary("YEAR");
                row->SetIntValue("value", option);
                if (option == year) row->ShowSection("SELECTED");
            }
            const std::pair<const char*, std::optional<MeetingKind>> kinds[] = {
                {"", std::nullopt},
                {"council", MeetingKind::kCouncil},
                {"committee", MeetingKind::kCommittee}};
            for (const auto& [value, kind] : kinds) {
                Dictionary* row = body.AddSectionDictionary("KIND");
                row->SetValue("value", value);
                row->SetValue("text", message(view, kind ? (*kind == MeetingKind::kCouncil
                                                                ? "meeting_kind_council_plural"
                                                                : "meeting_kind_committee_plural")
                                                         : "meeting_kind_all"));
                if (kind == filter.kind) row->ShowSection("SELECTED");
            }
            // Latest first: residents look for the last or the next meeting, not January's.
            Dictionary* month = nullptr;
            int month_number = 0;
            std::size_t shown = 0;
            // Reverse iterators: clang 14 (the fuzzing build) cannot use libstdc++ 12's ranges.
            for (auto it = council.meetings.rbegin(); it != council.meetings.rend(); ++it) {
                const Meeting& meeting = *it;
                const LocalDate date = view.localization.local_date(meeting.starts_unix);
                if (date.year != year || (filter.kind && meeting.kind != *filter.kind)) continue;
                if (month == nullptr || date.month != month_number) {
                    month = body.AddSectionDictionary("MONTH");
                    month->SetValue("heading", view.localization.month_heading(
                                                   view.language, meeting.starts_unix));
                    month->SetValue("id", fmt::format("{}-{:02}", date.year, date.month));
                    month_number = date.month;
                }
                const auto recording = recordings.of_meeting ? recordings.of_meeting(meeting.id)
                                                             : std::optional<RecordingSummary>();
                fill_meeting_summary(view, council, meeting,
                                     summary(*month->AddSectionDictionary("MEETING")),
                                     recording ? &*recording : nullptr);
                ++shown;
            }
            body.SetValue("count", count(view, "meetings_count", shown));
            body.SetIntValue("year", year);
            if (shown == 0) body.ShowSection("NO_MEETINGS");
            body.SetValue("calendar_href", localised(view.language, "/feeds/meetings.ics"));
            body.SetValue("feed_href", localised(view.language, "/feeds/meetings.atom"));
            fill_embed_code(view, body,
                            {{"upcoming", "/embed/upcoming", "embed_label_upcoming", 360}});
        });
}

std::string render_meeting(const ViewContext& view, const CouncilSnapshot& council,
                           const Meeting& meeting, const std::optional<Broadcast>& broadcast,
                           PageFrame frame, const std::vector<VoteSummary>& votes,
                           const std::string& vote_chain_head,
                           const std::optional<RecordingSummary>& recording,
                           std::optional<double> start_s, bool recording_preparing) {
    const std::string path = fmt::format("/meetings/{}", meeting.id);
    const std::string title = meeting.title.in(view.language);
    frame_for(view, frame, title, path);
    frame.description =
        fmt::format("{}, {}. {}", view.localization.long_date(view.language, meeting.starts_unix),
                    view.localization.time_of_day(view.language, meeting.starts_unix),
                    meeting.place.in(view.language));
    const bool on_air = broadcast && meeting.status == MeetingStatus::kLive;
    // While live, the recording's player starts at the live edge and rewinds to the opening.
    const bool live_recording = on_air && recording && recording->live;
    frame.og_type = on_air || recording ? "video.other" : "article";
    frame.nav_current = "meetings";
    if (!view.base_url.empty()) {
        frame.head_links.push_back(
            {"application/json+oembed",
             fmt::format("{}/oembed?format=json&url={}", view.base_url,
                         boost::urls::encode(frame.canonical_url, boost::urls::unreserved_chars)),
             title});
    }
    if (on_air || recording) frame.scripts = {"/assets/vendor/hls.min.js"};
    if (on_air && !live_recording) frame.scripts.push_back("/assets/js/player.js");
    if (recording) frame.scripts.push_back("/assets/js/recording_player.js");
    // The page keeps current: a meeting starts, ends, has its decisions recorded afterwards.
    if (meeting.status != MeetingStatus::kCancelled) {
        frame.scripts.push_back("/assets/js/meeting_live.js");
    }
    // After meeting_live.js, whose event stream it shares.
    if (meeting.status == MeetingStatus::kLive) frame.scripts.push_back("/assets/js/vote_live.js");
    return view.renderer.render("publish/meeting.tpl", view.language, frame, [&](Dictionary& body) {
        fill_meeting_summary(view, council, meeting, body);
        body.SetValue("api", fmt::format("/api/v1/meetings/{}", meeting.id));
        std::size_t decided = 0;
        for (const auto& item : council.agenda(meeting.id)) {
            if (council.decision_on(item.id)) ++decided;
        }
        body.SetIntValue("decision_count", static_cast<long>(decided));
        set_text(body, "place", meeting.place, view.language);
        if (!meeting.place.in(view.language).empty()) body.ShowSection("PLACE");
        if (const Committee* committee = council.committee(meeting.committee_id)) {
            Dictionary* section = body.AddSectionDictionary("COMMITTEE");
            set_text(*section, "name", committee->name, view.language);
            section->SetValue("href", localised(view.language, "/council") + "#committee-" +
                                          std::to_string(committee->id));
        }
        if (meeting.status == MeetingStatus::kCancelled) body.ShowSection("CANCELLED");
        if (recording) {
            views::RecordingPart part{*recording, title, start_s};
            part.live_playlist = live_recording ? broadcast->master_playlist : std::string();
            part.page_path = localised(view.language, path);
            part.votes = &votes;
            fill_recording(view, part,
                           *body.AddSectionDictionary(live_recording ? "LIVE" : "ARCHIVE"));
        }
        if (on_air && !live_recording) {
            fill_player(*broadcast, title, *body.AddSectionDictionary("LIVE"));
        }
        if (!recording && recording_preparing) body.ShowSection("PREPARING");
        if (meeting.status == MeetingStatus::kLive) fill_vote_live(meeting.id, body);
        if (!votes.empty()) {
            Dictionary* section = body.AddSectionDictionary("VOTES");
            fill_vote_list(view, votes, false, *section);
            if (!vote_chain_head.empty()) {
                section->SetValueAndShowSection("chain_head", vote_chain_head, "CHAIN");
            }
        }
        const auto agenda = council.agenda(meeting.id);
        if (agenda.empty()) body.ShowSection("NO_AGENDA");
        for (const auto& item : agenda) {
            Dictionary* row = body.AddSectionDictionary("ITEM");
            row->SetIntValue("position", item.position);
            row->SetIntValue("id", item.id);
            set_text(*row, "title", item.title, view.language);
            if (!item.rapporteur.empty()) {
                row->SetValueAndShowSection("rapporteur", item.rapporteur, "RAPPORTEUR");
            }
            set_markdown(*row, "DESCRIPTION", item.description, view.language);
            const auto documents = council.documents_of(item.id);
            if (!documents.empty())
                fill_documents(view, documents, *row->AddSectionDictionary("DOCUMENTS"));
            if (const Decision* decision = council.decision_on(item.id)) {
                fill_decision_summary(view, council, *decision,
                                      *row->AddSectionDictionary("DECISION"));
            }
        }
        fill_embed_code(view, body,
                        {{"meeting", fmt::format("/embed/meeting/{}", meeting.id),
                          "embed_label_meeting", 480}});
    });
}

std::string render_council(const ViewContext& view, const CouncilSnapshot& council,
                           PageFrame frame) {
    const std::string title = message(view, "council_title");
    frame_for(view, frame, title, "/council");
    frame.description = message(view, "council_description");
    frame.nav_current = "council";
    return view.renderer.render("publish/council.tpl", view.language, frame, [&](Dictionary& body) {
        body.SetValue("count", count(view, "members_count", council.members.size()));
        for (const auto& member : council.members) {
            if (member.position == CouncilPosition::kMember) continue;
            fill_member_link(view, member, *body.AddSectionDictionary("LEADER"));
        }
        for (const auto& group : council.groups) {
            Dictionary* section = body.AddSectionDictionary("GROUP");
            section->SetIntValue("id", group.id);
            set_text(*section, "name", group.name, view.language);
            if (!group.abbreviation.empty()) {
                section->SetValueAndShowSection("abbreviation", group.abbreviation, "ABBREVIATION");
            }
            std::size_t seats = 0;
            for (const auto& member : council.members) {
                if (member.group_id != group.id) continue;
                fill_member_link(view, member, *section->AddSectionDictionary("MEMBER"));
                ++seats;
            }
            section->SetValue("count", count(view, "members_count", seats));
        }
        for (const auto& committee : council.committees) {
            Dictionary* section = body.AddSectionDictionary("COMMITTEE");
            section->SetIntValue("id", committee.id);
            set_text(*section, "name", committee.name, view.language);
            set_text(*section, "remit", committee.remit, view.language);
            for (std::int64_t member_id : committee.member_ids) {
                const CouncilMember* member = council.member(member_id);
                if (!member) continue;
                Dictionary* row = section->AddSectionDictionary("MEMBER");
                row->SetValue("href",
                              localised(view.language, fmt::format("/council/{}", member->id)));
                row->SetValue("name", member->name);
                if (member_id == committee.chair_member_id) {
                    row->SetValueAndShowSection("position", message(view, "committee_chair"),
                                                "POSITION");
                }
            }
        }
        for (const auto& eldership : council.elderships) {
            body.AddSectionDictionary("ELDERSHIP")->SetValue("name", eldership.name);
        }
    });
}

namespace {

// "1:02:03" or "2:03": a moment of a recording as the chapter list shows it.
std::string clock_of(double seconds) {
    const auto whole = static_cast<std::int64_t>(seconds);
    const std::int64_t hours = whole / 3600;
    const std::int64_t minutes = whole / 60 % 60;
    return hours > 0 ? fmt::format("{}:{:02}:{:02}", hours, minutes, whole % 60)
                     : fmt::format("{}:{:02}", minutes, whole % 60);
}

// The member's speeches, each a link to its moment of the meeting's recording.
void fill_speeches(const ViewContext& view, const CouncilSnapshot& council,
                   const std::vector<MemberSpeech>& speeches, Dictionary& body) {
    if (speeches.empty()) {
        body.ShowSection("NO_SPEECHES");
        return;
    }
    Dictionary* list = body.AddSectionDictionary("SPEECHES");
    for (const MemberSpeech& speech : speeches) {
        const Meeting* meeting = council.meeting(speech.meeting_id);
        if (!meeting) continue;
        Dictionary* row = list->AddSectionDictionary("SPEECH");
        set_text(*row, "meeting", meeting->title, view.language);
        row->SetValue("date", view.localization.short_date(view.language, meeting->starts_unix));
        row->SetValue("href", fmt::format("{}?t={}",
                                          localised(view.language,
                                                    fmt::format("/meetings/{}", speech.meeting_id)),
                                          static_cast<std::int64_t>(speech.start_s)));
        row->SetValue("from", clock_of(speech.start_s));
        row->SetValue("to", clock_of(speech.end_s));
    }
}

}  // namespace

std::string render_member(const ViewContext& view, const CouncilSnapshot& council,
                          const CouncilMember& member, PageFrame frame,
                          const std::vector<VoteSummary>& votes,
                          const std::vector<MemberSpeech>& speeches) {
    const std::string path = fmt::format("/council/{}", member.id);
    frame_for(view, frame, member.name, path);
    frame.og_type = "profile";
    frame.nav_current = "council";
    const CouncilGroup* group = council.group(member.group_id);
    frame.description = message(view, position_key(member.position)) +
                        (group ? ", " + group->name.in(view.language) : std::string());
    return view.renderer.render("publish/member.tpl", view.language, frame, [&](Dictionary& body) {
        body.SetValue("name", member.name);
        body.SetValue("initials", initials(member.name));
        if (!member.photo.empty()) {
            body.SetValueAndShowSection("photo", "/photos/" + member.photo, "PHOTO");
        } else {
            body.ShowSection("NO_PHOTO");
        }
        body.SetValue("position", message(view, position_key(member.position)));
        if (group) {
            Dictionary* section = body.AddSectionDictionary("GROUP");
            set_text(*section, "name", group->name, view.language);
            section->SetValue("href", localised(view.language, "/council") + "#group-" +
                                          std::to_string(group->id));
        }
        body.SetValue("term_start", calendar_date(view, member.term_start));
        if (!member.term_end.empty()) {
            body.SetValueAndShowSection("term_end", calendar_date(view, member.term_end),
                                        "TERM_END");
        }
        const auto committees = council.committees_of(member.id);
        Dictionary* seats = committees.empty() ? nullptr : body.AddSectionDictionary("COMMITTEES");
        for (const Committee* committee : committees) {
            Dictionary* row = seats->AddSectionDictionary("COMMITTEE");
            set_text(*row, "name", committee->name, view.language);
            row->SetValue("href", localised(view.language, "/council") + "#committee-" +
                                      std::to_string(committee->id));
            if (committee->chair_member_id == member.id) {
                row->SetValueAndShowSection("role", message(view, "committee_chair"), "ROLE");
            }
        }
        set_markdown(body, "BIOGRAPHY", member.biography, view.language);
        body.SetValue("council_href", localised(view.language, "/council"));
        if (votes.empty()) {
            body.ShowSection("NO_VOTES");
        } else {
            fill_vote_list(view, votes, true, *body.AddSectionDictionary("VOTES"));
        }
        fill_speeches(view, council, speeches, body);
    });
}

std::string render_decisions(const ViewContext& view, const CouncilSnapshot& council,
                             std::optional<int> year, PageFrame frame) {
    const std::string title = message(view, "decisions_title");
    frame_for(view, frame, title, "/decisions");
    frame.description = message(view, "decisions_description");
    frame.nav_current = "decisions";
    std::set<int, std::greater<>> years;
    for (const auto& decision : council.decisions) {
        years.insert(view.localization.local_date(decision.decided_unix).year);
    }
    const int shown_year = year.value_or(
        years.empty() ? view.localization.local_date(view.now_unix).year : *years.begin());
    return view.renderer.render(
        "publish/decisions.tpl", view.language, frame, [&](Dictionary& body) {
            for (int option : years) {
                Dictionary* row = body.AddSectionDictionary("YEAR");
                row->SetIntValue("year", option);
                row->SetValue("href",
                              localised(view.language, fmt::format("/decisions?year={}", option)));
                row->SetValue("current", option == shown_year ? "page" : "false");
            }
            std::size_t shown = 0;
            for (auto it = council.decisions.rbegin(); it != council.decisions.rend(); ++it) {
                if (view.localization.local_date(it->decided_unix).year != shown_year) continue;
                Dictionary* row = body.AddSectionDictionary("DECISION");
                fill_decision_summary(view, council, *it, *row);
                if (const AgendaItem* item = council.agenda_item(it->agenda_item_id)) {
                    if (const Meeting* meeting = council.meeting(item->meeting_id)) {
                        row->SetValue(
                            "meeting_href",
                            localised(view.language, fmt::format("/meetings/{}", meeting->id)));
                        set_text(*row, "meeting", meeting->title, view.language);
                    }
                }
                ++shown;
            }
            body.SetIntValue("year", shown_year);
            body.SetValue("count", count(view, "decisions_count", shown));
            if (shown == 0) body.ShowSection("NO_DECISIONS");
            body.SetValue("feed_href", localised(view.language, "/feeds/decisions.atom"));
        });
}

std::string render_decision(const ViewContext& view, const CouncilSnapshot& council,
                            const Decision& decision, PageFrame frame) {
    const AgendaItem* item = council.agenda_item(decision.agenda_item_id);
    const Meeting* meeting = item ? council.meeting(item->meeting_id) : nullptr;
    const std::string title = item ? item->title.in(view.language) : decision.number;
    frame_for(view, frame, title, fmt::format("/decisions/{}", decision.id));
    frame.og_type = "article";
    frame.nav_current = "decisions";
    frame.description = markdown_excerpt(decision.text.in(view.language), kDescriptionChars);
    return view.renderer.render(
        "publish/decision.tpl", view.language, frame, [&](Dictionary& body) {
            fill_decision_summary(view, council, decision, body);
            if (meeting) {
                Dictionary* section = body.AddSectionDictionary("MEETING");
                section->SetValue(
                    "href", localised(view.language, fmt::format("/meetings/{}", meeting->id)));
                set_text(*section, "title", meeting->title, view.language);
            }
            if (item && !item->rapporteur.empty()) {
                body.SetValueAndShowSection("rapporteur", item->rapporteur, "RAPPORTEUR");
            }
            set_markdown(body, "TEXT", decision.text, view.language);
            if (item) {
                const auto documents = council.documents_of(item->id);
                if (!documents.empty())
                    fill_documents(view, documents, *body.AddSectionDictionary("DOCUMENTS"));
            }
        });
}

std::string render_not_found(const ViewContext& view, PageFrame frame) {
    frame_for(view, frame, message(view, "not_found_title"), "/");
    frame.canonical_url.clear();
    frame.alternate_url.clear();
    return view.renderer.render(
        "publish/not_found.tpl", view.language, frame, [&](Dictionary& body) {
            body.SetValue("meetings_href", localised(view.language, "/meetings"));
            body.SetValue("council_href", localised(view.language, "/council"));
        });
}

}  // namespace councilcast::portal
