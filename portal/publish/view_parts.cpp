#include "portal/publish/view_parts.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "portal/pages/markdown.hpp"
#include "portal/pages/media_clock.hpp"

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
                          const Meeting& meeting, Dictionary& dict,
                          const RecordingSummary* recording) {
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
    if (recording) {
        Dictionary* mark = dict.AddSectionDictionary("RECORDING");
        if (recording->live) {
            mark->SetValue("recording", message(view, "archive_recording_now"));
        } else {
            mark->SetValue("recording",
                           view.renderer.format(view.language, "archive_length",
                                                {{"length", clock_text(recording->duration_s)}}));
            mark->SetValueAndShowSection("length_iso", duration_iso(recording->duration_s),
                                         "LENGTH");
        }
    }
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

namespace {

// Chapter kinds the catalogue names; another (a newer store's) reads as a note.
std::string_view known_kind(std::string_view kind) {
    for (std::string_view known : {"agenda", "vote", "speaker", "note"}) {
        if (kind == known) return known;
    }
    return "note";
}

// Links and the download name whole seconds: a chapter starting at 125.7 s is cited as 125,
// which the player shows a fraction early rather than late.
long long whole_seconds(double seconds) {
    return static_cast<long long>(std::floor(seconds));
}

// A chapter's end for the clip address: to the millisecond and never past the moment (the clip
// route refuses a `to` past the end of the recording), "1831" or "119.84".
std::string end_text(double seconds) {
    const auto ms = static_cast<long long>(std::floor(std::max(0.0, seconds) * 1000));
    if (ms % 1000 == 0) return fmt::format("{}", ms / 1000);
    std::string text = fmt::format("{}.{:03}", ms / 1000, ms % 1000);
    while (text.ends_with('0')) text.pop_back();
    return text;
}

// The vote a chapter marks: the closed vote at the same moment of the recording.
const VoteSummary* vote_at(const std::vector<VoteSummary>* votes, double start_s) {
    if (votes == nullptr) return nullptr;
    constexpr double kSameMoment = 1.0;
    for (const auto& vote : *votes) {
        if (vote.media_time_s && std::abs(*vote.media_time_s - start_s) <= kSameMoment) {
            return &vote;
        }
    }
    return nullptr;
}

// A <track kind="captions"> per caption track, the page's language the default: for browsers
// that play the recording themselves; recording_player.js hands captions to hls.js instead.
void fill_caption_tracks(const ViewContext& view, const RecordingSummary& recording,
                         Dictionary& player) {
    for (const std::string& code : recording.caption_languages) {
        Dictionary* track = player.AddSectionDictionary("CAPTIONS");
        track->SetValue("src",
                        fmt::format("/recordings/{}/captions/{}.vtt", recording.meeting_id, code));
        track->SetValue("srclang", code);
        track->SetValue("label", view.renderer.message(view.language, "caption_language_" + code));
        if (code == language_code(view.language)) track->ShowSection("DEFAULT");
    }
}

}  // namespace

void fill_recording(const ViewContext& view, const RecordingPart& part, Dictionary& dict) {
    const RecordingSummary& recording = part.summary;
    const std::string base = fmt::format("/recordings/{}", recording.meeting_id);
    const bool live = !part.live_playlist.empty();
    // Live and no moment asked for: the live edge; else the recording from the moment (or 0).
    const std::optional<double> start =
        live && !part.start_s ? std::nullopt : std::optional<double>(part.start_s.value_or(0));
    Dictionary* player = dict.AddIncludeDictionary("RECORDING");
    player->SetFilename("publish/recording.tpl");
    player->SetIntValue("meeting_id", static_cast<long>(recording.meeting_id));
    player->SetValue("duration", fmt::format("{:.3f}", recording.duration_s));
    player->SetValue("label", view.renderer.format(view.language, "archive_player_label",
                                                   {{"title", part.label}}));
    player->SetValue("master_playlist", recording.master_playlist);
    // Browsers that play HLS themselves (Safari) start at the moment without any script: a
    // media fragment.
    player->SetValue("native_src", start ? fmt::format("{}#t={}", recording.master_playlist,
                                                       whole_seconds(*start))
                                         : part.live_playlist);
    player->SetValue("live_playlist", part.live_playlist);
    player->SetValue("start", start ? fmt::format("{}", whole_seconds(*start)) : std::string());
    player->SetValue("lang", value(language_code(view.language)));
    player->SetValue("chapters_vtt",
                     fmt::format("{}/chapters.vtt?lang={}", base, language_code(view.language)));
    player->SetValue("storyboard_vtt", base + "/storyboard.vtt");
    fill_caption_tracks(view, recording, *player);
    player->SetValue("clip", base + "/clip.mp4");
    player->ShowSection(part.heading_level == 2 ? "HEADING2" : "HEADING3");
    if (live) {
        player->ShowSection("LIVE_BADGE");
        Dictionary* modes = player->AddSectionDictionary("MODES");
        modes->SetValue("start_current", start ? "true" : "false");
        modes->SetValue("live_current", start ? "false" : "true");
        modes->SetValue("live_href", part.page_path);
    }
    // The moment a chapter covers: from its start to the next one's, the last to the end.
    const auto& chapters = recording.chapters;
    auto chapter_end = [&](std::size_t i) {
        return i + 1 < chapters.size() ? chapters[i + 1].start_s : recording.duration_s;
    };
    std::optional<std::size_t> current;
    if (start) {
        for (std::size_t i = 0; i < chapters.size() && chapters[i].start_s <= *start; ++i) {
            current = i;
        }
    } else if (!chapters.empty()) {
        current = chapters.size() - 1;
    }
    if (part.full) {
        player->ShowSection("SHARE");
        player->ShowSection("KEYS");
        // A live recording's file is still growing: downloads come once it has ended.
        if (!recording.live) {
            Dictionary* downloads = player->AddSectionDictionary("DOWNLOADS");
            downloads->SetValue("meeting_href", base + "/meeting.mp4");
            // Before the first chapter, the first is the one to download.
            if (!chapters.empty()) {
                const std::size_t clip = current.value_or(0);
                downloads->SetValueAndShowSection(
                    "clip_href",
                    fmt::format("{}/clip.mp4?from={}&to={}", base,
                                whole_seconds(chapters[clip].start_s), end_text(chapter_end(clip))),
                    "CHAPTER_CLIP");
            }
        }
    }
    if (chapters.empty()) {
        player->ShowSection("NO_CHAPTERS");
        return;
    }
    Dictionary* list = player->AddSectionDictionary("CHAPTERS");
    for (std::size_t i = 0; i < chapters.size(); ++i) {
        const ChapterMark& chapter = chapters[i];
        const long long at = whole_seconds(chapter.start_s);
        const std::string_view kind = known_kind(chapter.kind);
        Dictionary* row = list->AddSectionDictionary("CHAPTER");
        row->SetValue("kind", value(kind));
        row->SetValue("kind_text", message(view, "archive_kind_" + std::string(kind)));
        row->SetValue("start", fmt::format("{}", at));
        row->SetValue("end", end_text(chapter_end(i)));
        row->SetValue("href", fmt::format("?t={}", at));
        row->SetValue("current", current == i ? "true" : "false");
        row->SetValue("offset", clock_text(chapter.start_s));
        row->SetValue("offset_iso", duration_iso(chapter.start_s));
        set_text(*row, "title", chapter.title, view.language);
        // While live, a chapter may be marked before its moment's segment has arrived: no
        // picture of it exists yet.
        if (part.full && chapter.start_s < recording.duration_s) {
            Dictionary* poster = row->AddSectionDictionary("POSTER");
            poster->SetValue("poster", fmt::format("{}/thumbnail.jpg?t={}", base, at));
            poster->SetValue("poster_alt",
                             view.renderer.format(view.language, "archive_poster_alt",
                                                  {{"time", clock_text(chapter.start_s)}}));
        }
        if (kind == "vote") {
            if (const VoteSummary* vote = vote_at(part.votes, chapter.start_s)) {
                Dictionary* result = row->AddSectionDictionary("RESULT");
                result->SetValue("outcome", vote->outcome);
                result->SetValue("outcome_class", vote->outcome_class);
                result->SetValue("counts", vote->counts);
            }
        }
    }
}

}  // namespace councilcast::portal::views
