#include "portal/recordings/recording_routes.hpp"

#include <fmt/core.h>

#include <cmath>
#include <regex>

#include "archive/playlist.hpp"
#include "common/error.hpp"
#include "portal/accounts/access.hpp"
#include "portal/http/file_response.hpp"
#include "portal/http/shared_body.hpp"
#include "portal/pages/language.hpp"

namespace councilcast::portal {
namespace http = boost::beast::http;
namespace {

// A segment's bytes never change, but a redaction may hide it at any time: a shared cache keeps
// it an hour at most (a player fetches each once anyway).
constexpr std::string_view kSegmentCache = "public, max-age=3600";
constexpr std::string_view kPlaylistType = "application/vnd.apple.mpegurl";
// A finished recording's playlist changes only when an editor moves its span.
constexpr std::string_view kFinishedPlaylist = "public, max-age=60";

// Playlists kept made: the meetings viewers watch now, each rendition.
constexpr std::size_t kCachedPlaylists = 64;

const std::regex kSegmentName("[0-9a-f]{1,16}-[0-9]{6,10}\\.ts");

// A preview of an unpublished recording: for the editor's browser only.
constexpr std::string_view kPreview = "private, no-store";

std::int64_t meeting_id_of(const PageCall& call) {
    return call.id("id");
}

// "01:02:03.456", the WebVTT timestamp.
std::string vtt_time(double seconds) {
    const auto ms = static_cast<std::int64_t>(std::llround(std::max(0.0, seconds) * 1000));
    return fmt::format("{:02}:{:02}:{:02}.{:03}", ms / 3'600'000, ms / 60'000 % 60, ms / 1000 % 60,
                       ms % 1000);
}

// A cue's text ends at a blank line and must not hold "-->": a title is one line of text.
std::string vtt_text(std::string_view title) {
    std::string text;
    for (char c : title) text += (c == '\n' || c == '\r') ? ' ' : c;
    for (std::size_t at = text.find("-->"); at != std::string::npos; at = text.find("-->")) {
        text.replace(at, 3, "->");
    }
    return text;
}

}  // namespace

std::string chapters_vtt(const RecordingTimeline& timeline, Language language) {
    std::string text = "WEBVTT\n";
    const auto& chapters = timeline.chapters;
    int cue = 0;
    for (std::size_t i = 0; i < chapters.size(); ++i) {
        const double start = chapters[i].start_s;
        // The last chapter runs to the end; while live, a mark made now may be a segment ahead
        // of the media indexed so far, and its cue still needs a length.
        const double end = i + 1 < chapters.size() ? chapters[i + 1].start_s
                                                   : std::max(timeline.duration_s, start + 1.0);
        // A cue must end after it starts: of marks at the same moment the last one stands.
        if (end <= start) continue;
        text += fmt::format("\n{}\n{} --> {}\n{}\n", ++cue, vtt_time(start), vtt_time(end),
                            vtt_text(chapters[i].title.in(language)));
    }
    return text;
}

RecordingRoutes::RecordingRoutes(const config::Config& config, RecordingArchive& archive,
                                 FileCache& files,
                                 std::function<void(std::uint64_t)> count_segment_bytes)
    : config_(config),
      archive_(archive),
      files_(files),
      count_segment_bytes_(std::move(count_segment_bytes)),
      media_root_(config.server.data_dir / "media") {
    for (const auto& channel : config_.channels) {
        std::vector<archive::VariantInfo> variants;
        for (const auto& rendition : channel.renditions) {
            variants.push_back(
                archive::variant_info(rendition.name + "/index.m3u8", rendition.width,
                                      rendition.height, rendition.framerate, rendition.profile,
                                      rendition.video_bitrate_kbps, rendition.audio_bitrate_kbps));
        }
        masters_[channel.id] =
            std::make_shared<const std::string>(archive::master_playlist(variants));
    }
}

ModuleEntries RecordingRoutes::entries() {
    constexpr Addresses kProgram = Addresses::kProgram;
    ModuleEntries entries;
    entries.routes = {
        open_route("/recordings/{id}/master.m3u8",
                   answer_of(this, &RecordingRoutes::master_playlist), kProgram),
        open_route("/recordings/{id}/chapters.vtt", answer_of(this, &RecordingRoutes::chapters),
                   kProgram),
        open_route("/recordings/{id}/{rendition}/index.m3u8",
                   answer_of(this, &RecordingRoutes::media_playlist), kProgram),
        open_route("/recordings/{id}/{rendition}/{segment}",
                   answer_of(this, &RecordingRoutes::segment), kProgram),
    };
    return entries;
}

bool RecordingRoutes::require_visible(PageCall& call, std::int64_t meeting_id) {
    if (archive_.published(meeting_id)) return false;
    // Only for an unpublished one is the visitor looked up: the public's requests stay cheap.
    const User* user = call.signed_in();
    if (!user || !user->roles.any_of(Roles(Role::kEditor) | Role::kAdmin)) throw NotFound();
    return true;
}

Reply RecordingRoutes::master_playlist(PageCall& call) {
    auto recording = archive_.recording(meeting_id_of(call));
    if (!recording) throw NotFound();
    const bool preview = require_visible(call, recording->meeting_id);
    std::shared_ptr<const std::string> master;
    if (recording->source) {
        master = std::make_shared<const std::string>(source_master(*recording));
    } else if (auto configured = masters_.find(recording->channel); configured != masters_.end()) {
        master = configured->second;
    } else {
        // A recording of a channel no longer configured has no renditions to offer.
        throw NotFound();
    }
    auto res = text_response(
        call.request(), http::status::ok, kPlaylistType,
        master_extras_ ? master_extras_(call, recording->meeting_id, *master) : *master,
        preview ? kPreview : "public, max-age=60");
    res.set(http::field::access_control_allow_origin, "*");
    return res;
}

std::string RecordingRoutes::source_master(const Recording& recording) {
    const SourcePicture& picture = *recording.source;
    // Its one rendition, the first (and only) of its channel.
    const auto segments = archive_.segments(recording.meeting_id, "");
    const archive::Bandwidth bandwidth = archive::measured_bandwidth(*segments);
    if (segments->empty() || bandwidth.peak <= 0) throw NotFound();
    const archive::VariantInfo variant{segments->front().rendition + "/index.m3u8",
                                       picture.width,
                                       picture.height,
                                       picture.framerate,
                                       bandwidth.peak,
                                       bandwidth.average,
                                       picture.codecs};
    return archive::master_playlist(std::span(&variant, 1));
}

Reply RecordingRoutes::media_playlist(PageCall& call) {
    const std::int64_t meeting_id = meeting_id_of(call);
    auto recording = archive_.recording(meeting_id);
    if (!recording) throw NotFound();
    const config::Channel* channel = archive_.channel(recording->channel);
    const std::string& rendition = call.parameter("rendition");
    if (!channel || std::none_of(channel->renditions.begin(), channel->renditions.end(),
                                 [&](const auto& r) { return r.name == rendition; })) {
        throw NotFound();
    }
    const bool preview = require_visible(call, meeting_id);
    const bool ended = recording->state != RecordingState::kRecording;
    auto segments = archive_.segments(meeting_id, rendition);
    const std::int64_t redactions_version = archive_.redactions_version();
    const auto key = std::make_pair(meeting_id, rendition);
    CachedPlaylist current;
    {
        std::lock_guard lock(playlists_mutex_);
        auto it = playlists_.find(key);
        if (it != playlists_.end()) current = it->second;
    }
    if (current.segments != segments || current.ended != ended ||
        current.redactions_version != redactions_version) {
        current.segments = segments;
        current.ended = ended;
        current.redactions_version = redactions_version;
        current.text = std::make_shared<const std::string>(
            archive::recording_media_playlist(*segments, archive_.target_duration_s(), ended,
                                              archive_.hidden(meeting_id, *segments)));
        current.gzip = std::make_shared<const std::string>(gzip(*current.text));
        std::lock_guard lock(playlists_mutex_);
        if (playlists_.size() >= kCachedPlaylists && !playlists_.contains(key)) {
            playlists_.erase(playlists_.begin());
        }
        playlists_[key] = current;
    }
    const std::string cache_control =
        preview ? std::string(kPreview)
        : ended ? std::string(kFinishedPlaylist)
                : fmt::format("public, max-age={}",
                              std::max<long>(1, config_.hls.segment_duration.count() - 1));
    auto res = shared_text_response(call.request(), {current.text, current.gzip}, kPlaylistType,
                                    cache_control);
    res.set(http::field::access_control_allow_origin, "*");
    return res;
}

Reply RecordingRoutes::segment(PageCall& call) {
    const std::string& file = call.parameter("segment");
    if (!std::regex_match(file, kSegmentName)) throw NotFound();
    const std::int64_t meeting_id = meeting_id_of(call);
    const bool preview = require_visible(call, meeting_id);
    auto segments = archive_.segments(meeting_id, call.parameter("rendition"));
    // Only a file of this recording: the address must not reach another meeting's segments, or
    // the channel's between meetings.
    auto found = std::find_if(segments->begin(), segments->end(),
                              [&file](const archive::Segment& s) { return s.file == file; });
    if (found == segments->end()) throw NotFound();
    // A hidden segment is refused even asked by name: the playlist's gap is not the only
    // guard. 404 as for a file that never was, so a hidden range tells nothing of itself.
    const std::vector<bool> hidden = archive_.hidden(meeting_id, *segments);
    const auto index = static_cast<std::size_t>(found - segments->begin());
    if (index < hidden.size() && hidden[index]) throw NotFound();
    const std::string parts[] = {found->channel, found->rendition, file};
    const auto lexical = media_root_ / found->channel / found->rendition / file;
    // As the live routes do: the cache keeps the file open and it goes out with sendfile(2),
    // never read whole on the network thread.
    auto cached = files_.find_cached(lexical);
    std::error_code ec;
    if (cached.data && !std::filesystem::is_regular_file(lexical, ec)) throw NotFound();
    if (!cached.found()) {
        auto path = resolve_under(media_root_, parts);
        if (!path) throw NotFound();
        cached = files_.get_cached(*path, lexical);
    }
    if (!cached.found()) throw NotFound();
    if (call.request().method() != http::verb::head) count_segment_bytes_(cached.size);
    // Not immutable: a redaction added later must not find it in a shared cache for a year.
    return file_response(call.request(), std::move(cached), "video/mp2t",
                         preview ? kPreview : kSegmentCache);
}

Reply RecordingRoutes::chapters(PageCall& call) {
    auto timeline = archive_.timeline(meeting_id_of(call));
    if (!timeline) throw NotFound();
    const bool preview = require_visible(call, timeline->meeting_id);
    const std::string lang = call.query("lang");
    if (!lang.empty() && lang != "lt" && lang != "en") {
        throw InvalidInput::text("recording_error_language");
    }
    const Language language = stored_language(lang);
    auto res = text_response(call.request(), http::status::ok, "text/vtt; charset=utf-8",
                             chapters_vtt(*timeline, language),
                             preview          ? kPreview
                             : timeline->live ? "public, max-age=5"
                                              : "public, max-age=60");
    res.set(http::field::access_control_allow_origin, "*");
    return res;
}

}  // namespace councilcast::portal
