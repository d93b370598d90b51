#include "portal/publish/embed_views.hpp"

#include <fmt/core.h>

#include "portal/publish/view_parts.hpp"

namespace councilcast::portal {
using namespace views;
namespace {

constexpr std::string_view kEmbedLayout = "publish/embed_layout.tpl";
constexpr std::size_t kEmbedUpcoming = 5;

// An absolute link where the site's address is known: a widget's links leave the framing site.
std::string absolute(const ViewContext& view, std::string_view path) {
    return view.base_url + localised(view.language, path);
}

PageFrame& embed_frame(const ViewContext& view, PageFrame& frame, const std::string& title,
                       std::string_view path) {
    frame.title = title + " – " + view.municipality_name;
    frame.municipality_name = view.municipality_name;
    frame.canonical_url = canonical(view, path);
    return frame;
}

// The live meetings with a channel, then channels on air without one: what a live player shows.
std::vector<std::pair<const Meeting*, const Broadcast*>> live_now(
    const CouncilSnapshot& council, const std::vector<Broadcast>& broadcasts) {
    std::vector<std::pair<const Meeting*, const Broadcast*>> live;
    for (const auto& meeting : council.meetings) {
        if (meeting.status != MeetingStatus::kLive) continue;
        for (const auto& broadcast : broadcasts) {
            if (broadcast.channel_id == meeting.channel_id) live.emplace_back(&meeting, &broadcast);
        }
    }
    if (live.empty()) {
        for (const auto& broadcast : broadcasts) {
            if (broadcast.on_air) live.emplace_back(nullptr, &broadcast);
        }
    }
    return live;
}

const Meeting* next_meeting(const CouncilSnapshot& council, std::int64_t now_unix) {
    for (const auto& meeting : council.meetings) {
        if (meeting.status == MeetingStatus::kPlanned && meeting.starts_unix >= now_unix) {
            return &meeting;
        }
    }
    return nullptr;
}

}  // namespace

std::string render_embed_live(const ViewContext& view, const CouncilSnapshot& council,
                              const std::vector<Broadcast>& broadcasts, PageFrame frame) {
    embed_frame(view, frame, message(view, "home_live"), "/embed/live");
    const auto live = live_now(council, broadcasts);
    if (!live.empty()) frame.scripts = {"/assets/vendor/hls.min.js", "/assets/js/player.js"};
    return view.renderer.render(
        "publish/embed_live.tpl", view.language, frame,
        [&](Dictionary& body) {
            body.SetValue("site_url", absolute(view, "/"));
            if (live.empty()) {
                Dictionary* nothing = body.AddSectionDictionary("NOTHING_LIVE");
                if (const Meeting* next = next_meeting(council, view.now_unix)) {
                    Dictionary* row = nothing->AddSectionDictionary("NEXT");
                    fill_meeting_summary(view, council, *next, *row);
                    row->SetValue("href", absolute(view, fmt::format("/meetings/{}", next->id)));
                }
                return;
            }
            const auto& [meeting, broadcast] = live.front();
            Dictionary* section = body.AddSectionDictionary("LIVE");
            if (meeting) {
                set_text(*section, "title", meeting->title, view.language);
                section->SetValue("page_url",
                                  absolute(view, fmt::format("/meetings/{}", meeting->id)));
            } else {
                section->SetValue("title", broadcast->title);
                section->SetValue("title_lang", value(language_code(view.language)));
                section->SetValue("page_url", absolute(view, "/"));
            }
            fill_player(*broadcast, meeting ? meeting->title.in(view.language) : broadcast->title,
                        *section);
        },
        kEmbedLayout);
}

std::string render_embed_meeting(const ViewContext& view, const CouncilSnapshot& council,
                                 const Meeting& meeting, const std::optional<Broadcast>& broadcast,
                                 PageFrame frame, const std::optional<RecordingSummary>& recording,
                                 std::optional<double> start_s) {
    const std::string path = fmt::format("/meetings/{}", meeting.id);
    embed_frame(view, frame, meeting.title.in(view.language), path);
    const bool live = broadcast && meeting.status == MeetingStatus::kLive;
    // Live, a widget shows the broadcast as it always did; the rewinding is on the site.
    const bool replay = !live && recording;
    if (live) frame.scripts = {"/assets/vendor/hls.min.js", "/assets/js/player.js"};
    if (replay) frame.scripts = {"/assets/vendor/hls.min.js", "/assets/js/recording_player.js"};
    return view.renderer.render(
        "publish/embed_meeting.tpl", view.language, frame,
        [&](Dictionary& body) {
            fill_meeting_summary(view, council, meeting, body);
            body.SetValue("page_url", absolute(view, path));
            if (live)
                fill_player(*broadcast, meeting.title.in(view.language),
                            *body.AddSectionDictionary("LIVE"));
            if (replay) {
                RecordingPart part{*recording, meeting.title.in(view.language), start_s};
                part.page_path =
                    localised(view.language, fmt::format("/embed/meeting/{}", meeting.id));
                part.full = false;
                part.heading_level = 2;
                fill_recording(view, part, *body.AddSectionDictionary("REPLAY"));
                // The chapters name the agenda already.
                return;
            }
            const auto agenda = council.agenda(meeting.id);
            if (agenda.empty()) return;
            Dictionary* list = body.AddSectionDictionary("AGENDA");
            for (const auto& item : agenda) {
                set_text(*list->AddSectionDictionary("ITEM"), "title", item.title, view.language);
            }
        },
        kEmbedLayout);
}

std::string render_embed_upcoming(const ViewContext& view, const CouncilSnapshot& council,
                                  PageFrame frame) {
    embed_frame(view, frame, message(view, "home_upcoming"), "/embed/upcoming");
    return view.renderer.render(
        "publish/embed_upcoming.tpl", view.language, frame,
        [&](Dictionary& body) {
            body.SetValue("site_url", absolute(view, "/"));
            std::size_t shown = 0;
            for (const auto& meeting : council.meetings) {
                if (shown == kEmbedUpcoming) break;
                const bool live = meeting.status == MeetingStatus::kLive;
                if (!live && (meeting.status != MeetingStatus::kPlanned ||
                              meeting.starts_unix < view.now_unix)) {
                    continue;
                }
                Dictionary* row = body.AddSectionDictionary("MEETING");
                fill_meeting_summary(view, council, meeting, *row);
                row->SetValue("href", absolute(view, fmt::format("/meetings/{}", meeting.id)));
                if (live) row->ShowSection("LIVE");
                ++shown;
            }
            if (shown == 0) body.ShowSection("NO_UPCOMING");
        },
        kEmbedLayout);
}

}  // namespace councilcast::portal
