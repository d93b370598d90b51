#include "portal/publish/view_parts.hpp"

#include <fmt/core.h>

#include "portal/pages/markdown.hpp"

namespace councilcast::portal::views {

ctemplate::TemplateString value(std::string_view text) {
    return ctemplate::TemplateString(text.data(), text.size());
}

void set_text(Dictionary& dict, const std::string& name, const LocalizedText& text,
              Language language) {
    dict.SetValue(name, text.in(language));
    dict.SetValue(name + "_lang",
                  value(language_code(text.translated(language) ? language : Language::kLt)));
}

void set_markdown(Dictionary& dict, const std::string& name, const LocalizedText& text,
                  Language language) {
    if (text.in(language).empty()) return;
    Dictionary* section = dict.AddSectionDictionary(name);
    section->SetValue("text_html", markdown_to_html(text.in(language)));
    section->SetValue("text_lang",
                      value(language_code(text.translated(language) ? language : Language::kLt)));
}

const std::string& message(const ViewContext& view, std::string_view key) {
    return view.renderer.message(view.language, key);
}

std::string count(const ViewContext& view, std::string_view key, std::size_t n) {
    return view.renderer.format(view.language, key, {{"count", n}});
}

std::string status_key(MeetingStatus status) {
    return "meeting_status_" + std::string(status_name(status));
}

std::string canonical(const ViewContext& view, std::string_view path) {
    return view.base_url.empty() ? std::string() : view.base_url + localised(view.language, path);
}

PageFrame& frame_for(const ViewContext& view, PageFrame& frame, const std::string& title,
                     std::string_view path) {
    frame.og_title = title;
    frame.title = title + " – " + view.municipality_name;
    frame.municipality_name = view.municipality_name;
    frame.alternate_path = localised(other_language(view.language), path);
    if (!view.base_url.empty()) {
        frame.alternate_url = view.base_url + localised(other_language(view.language), path);
    }
    frame.canonical_url = canonical(view, path);
    frame.head_links.push_back({"application/atom+xml",
                                localised(view.language, "/feeds/meetings.atom"),
                                message(view, "feed_meetings")});
    frame.head_links.push_back({"application/atom+xml",
                                localised(view.language, "/feeds/decisions.atom"),
                                message(view, "feed_decisions")});
    return frame;
}

void fill_meeting_summary(const ViewContext& view, const CouncilSnapshot& council,
                          const Meeting& meeting, Dictionary& dict) {
    dict.SetValue("href", localised(view.language, fmt::format("/meetings/{}", meeting.id)));
    set_text(dict, "title", meeting.title, view.language);
    dict.SetValue("datetime", view.localization.machine_datetime(meeting.starts_unix));
    dict.SetValue("date", view.localization.date_with_weekday(view.language, meeting.starts_unix));
    dict.SetValue("time", view.localization.time_of_day(view.language, meeting.starts_unix));
    dict.SetValue("status", message(view, status_key(meeting.status)));
    dict.SetValue("status_class", value(status_name(meeting.status)));
    dict.SetValue("kind",
                  message(view, meeting.kind == MeetingKind::kCouncil ? "meeting_kind_council"
                                                                      : "meeting_kind_committee"));
    const std::size_t items = council.agenda(meeting.id).size();
    if (items > 0)
        dict.SetValueAndShowSection("items", count(view, "agenda_items_count", items), "ITEMS");
}

Dictionary& summary(Dictionary& section) {
    Dictionary* include = section.AddIncludeDictionary("SUMMARY");
    include->SetFilename("publish/meeting_summary.tpl");
    return *include;
}

void fill_player(const Broadcast& broadcast, const std::string& label, Dictionary& dict) {
    Dictionary* player = dict.AddIncludeDictionary("PLAYER");
    player->SetFilename("publish/player.tpl");
    player->SetValue("id", broadcast.channel_id);
    player->SetValue("label", label);
    player->SetValue("master_playlist", broadcast.master_playlist);
    player->ShowSection(broadcast.on_air ? "ON_AIR" : "OFF_AIR");
}

void fill_vote_live(std::int64_t meeting_id, Dictionary& dict) {
    Dictionary* region = dict.AddIncludeDictionary("VOTE_LIVE");
    region->SetFilename("publish/vote_live.tpl");
    region->SetIntValue("meeting_id", static_cast<long>(meeting_id));
    region->SetValue("events", fmt::format("/api/v1/meetings/{}/events", meeting_id));
    region->SetValue("votes_api", fmt::format("/api/v1/meetings/{}/votes", meeting_id));
}

void fill_vote_list(const ViewContext& view, const std::vector<VoteSummary>& votes,
                    bool with_meeting, Dictionary& dict) {
    Dictionary* list = dict.AddIncludeDictionary("VOTE_LIST");
    list->SetFilename("publish/vote_list.tpl");
    for (const auto& vote : votes) {
        Dictionary* row = list->AddSectionDictionary("VOTE");
        row->SetIntValue("vote_id", static_cast<long>(vote.vote_id));
        const std::string meeting_path = fmt::format("/meetings/{}", vote.meeting_id);
        if (with_meeting) {
            Dictionary* meeting = row->AddSectionDictionary("MEETING");
            meeting->SetValue("meeting_href", localised(view.language, meeting_path));
            meeting->SetValue("meeting_title", vote.meeting_title);
        }
        row->SetValue("item_title", vote.item_title);
        if (!vote.motion.empty()) row->SetValueAndShowSection("motion", vote.motion, "MOTION");
        if (!vote.member_choice.empty()) {
            row->SetValueAndShowSection("choice", vote.member_choice, "CHOICE");
        }
        row->SetValue("outcome", vote.outcome);
        row->SetValue("outcome_class", vote.outcome_class);
        row->SetValue("counts", vote.counts);
        if (!vote.arithmetic.empty()) {
            row->SetValueAndShowSection("arithmetic", vote.arithmetic, "ARITHMETIC");
        }
        if (!vote.manual.empty()) row->SetValueAndShowSection("manual", vote.manual, "MANUAL");
        row->SetValue("when", vote.when);
        // The meeting's page plays its recording from the moment of the vote (?t=, seconds).
        if (vote.media_time_s) {
            row->SetValueAndShowSection(
                "recording_href",
                fmt::format("{}?t={}#vote-{}", localised(view.language, meeting_path),
                            static_cast<long long>(*vote.media_time_s), vote.vote_id),
                "RECORDING");
        }
    }
}

}  // namespace councilcast::portal::views
