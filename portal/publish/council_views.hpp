// The public pages of the council's record rendered from a snapshot: home, meetings, a meeting,
// the council, a member, decisions, a decision and the embeddable widgets. Pure functions of
// their inputs, so rendering is tested without a server.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "portal/council/council_snapshot.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/pages/target.hpp"
#include "portal/publish/recording_summary.hpp"
#include "portal/publish/vote_summary.hpp"

namespace councilcast::portal {

// What every view needs besides its data.
struct ViewContext {
    const PageRenderer& renderer;
    const Localization& localization;
    Language language;
    std::int64_t now_unix;
    std::string municipality_name;  // in the page's language
    // The site's absolute address without the trailing slash ("https://tv.elektrenai.lt"), for
    // canonical links, Open Graph and the embed snippets; empty when unknown.
    std::string base_url;
};

// A broadcast channel a page can play.
struct Broadcast {
    std::string channel_id;
    std::string title;            // in the page's language
    std::string master_playlist;  // "/live/hall/master.m3u8"
    bool on_air = false;          // segments are arriving now
};

// The width of a widget's frame in the code the municipal website pastes (oEmbed scales it).
inline constexpr int kEmbedWidth = 640;

// That code: an iframe of the widget at `url` (absolute), titled for screen readers.
std::string iframe_code(std::string_view url, std::string_view title, int width, int height);

struct MeetingFilter {
    std::optional<int> year;  // the year of the start in the municipality's time zone
    std::optional<MeetingKind> kind;
};

// `broadcasts`: every configured channel, for the player when a meeting is live on one.
std::string render_home(const ViewContext& view, const CouncilSnapshot& council,
                        const std::vector<Broadcast>& broadcasts, PageFrame frame);
// `recordings`: which meetings have one, marked with its length.
std::string render_meetings(const ViewContext& view, const CouncilSnapshot& council,
                            const MeetingFilter& filter, PageFrame frame,
                            const RecordingSummaries& recordings = {});
// `broadcast`: the meeting's channel when it has one; `votes`: its closed votes, and
// `vote_chain_head` the vote log's hash after them; `recording`: its recording, played from
// `start_s` (?t=) when given.
std::string render_meeting(const ViewContext& view, const CouncilSnapshot& council,
                           const Meeting& meeting, const std::optional<Broadcast>& broadcast,
                           PageFrame frame, const std::vector<VoteSummary>& votes = {},
                           const std::string& vote_chain_head = {},
                           const std::optional<RecordingSummary>& recording = std::nullopt,
                           std::optional<double> start_s = std::nullopt,
                           bool recording_preparing = false);
std::string render_council(const ViewContext& view, const CouncilSnapshot& council,
                           PageFrame frame);
// `votes`: the votes the member took part in, newest first, with the member's choice.
// `speeches`: where the member spoke in the recordings, newest meeting first.
std::string render_member(const ViewContext& view, const CouncilSnapshot& council,
                          const CouncilMember& member, PageFrame frame,
                          const std::vector<VoteSummary>& votes = {},
                          const std::vector<MemberSpeech>& speeches = {});
std::string render_decisions(const ViewContext& view, const CouncilSnapshot& council,
                             std::optional<int> year, PageFrame frame);
std::string render_decision(const ViewContext& view, const CouncilSnapshot& council,
                            const Decision& decision, PageFrame frame);
// A page that is not there: the site's layout, a heading and the way on.
std::string render_not_found(const ViewContext& view, PageFrame frame);

// The years that have meetings, newest first: the meetings page's year filter.
std::vector<int> meeting_years(const Localization& localization, const CouncilSnapshot& council);

}  // namespace councilcast::portal
