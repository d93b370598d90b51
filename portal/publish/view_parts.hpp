// What the public pages and the widgets both put into their templates: texts with their
// language, the page frame, a meeting in a list, the player.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portal/publish/council_views.hpp"
#include "portal/publish/recording_summary.hpp"

namespace councilcast::portal::views {

using Dictionary = ctemplate::TemplateDictionary;

// ctemplate takes its own string type; ours are views of static names.
ctemplate::TemplateString value(std::string_view text);

// A text and the language it is in: an English page showing an untranslated Lithuanian title
// marks it lang="lt", so a screen reader pronounces it as Lithuanian.
void set_text(Dictionary& dict, const std::string& name, const LocalizedText& text,
              Language language);
// The same for an editor's Markdown, as a section `name` with `text_html` (when not empty).
void set_markdown(Dictionary& dict, const std::string& name, const LocalizedText& text,
                  Language language);

const std::string& message(const ViewContext& view, std::string_view key);
// A plural message with `n` as its `count`.
std::string count(const ViewContext& view, std::string_view key, std::size_t n);
std::string status_key(MeetingStatus status);
// The page's absolute address, or empty when the site's is unknown.
std::string canonical(const ViewContext& view, std::string_view path);

// The frame every public page shares: title with the site's name, the other language's
// address, the canonical address and the feeds.
PageFrame& frame_for(const ViewContext& view, PageFrame& frame, const std::string& title,
                     std::string_view path);

// `recording`: the meeting's, marked with its length in a list.
void fill_meeting_summary(const ViewContext& view, const CouncilSnapshot& council,
                          const Meeting& meeting, Dictionary& dict,
                          const RecordingSummary* recording = nullptr);
// The include dictionary of a meeting in a list (meeting_summary.tpl) inside `section`.
Dictionary& summary(Dictionary& section);
void fill_player(const Broadcast& broadcast, const std::string& label, Dictionary& dict);
// The live meeting's vote region (vote_live.tpl as VOTE_LIVE), which vote_live.js fills.
void fill_vote_live(std::int64_t meeting_id, Dictionary& dict);
// Votes as a list (vote_list.tpl as VOTE_LIST); `with_meeting` names each vote's meeting.
void fill_vote_list(const ViewContext& view, const std::vector<VoteSummary>& votes,
                    bool with_meeting, Dictionary& dict);

// How a recording is shown: the meeting page has it all, a widget the player and chapters.
struct RecordingPart {
    const RecordingSummary& summary;
    std::string label;  // the player's accessible name
    // Where to start (?t=); nothing: the live edge while live, else the beginning.
    std::optional<double> start_s;
    // While the meeting is live on a channel: that channel's playlist, which the player starts
    // with, offering "from the start" besides.
    std::string live_playlist;
    // The page path without a query, where "live" leads.
    std::string page_path;
    bool full = true;  // posters, sharing, downloads and the keyboard help
    // The chapters' heading: h3 under the page's own "recording" heading, h2 in a widget.
    int heading_level = 3;
    // The meeting's closed votes: a vote chapter shows its result.
    const std::vector<VoteSummary>* votes = nullptr;
};
// The player and its chapter list (recording.tpl as RECORDING).
void fill_recording(const ViewContext& view, const RecordingPart& part, Dictionary& dict);

}  // namespace councilcast::portal::views
