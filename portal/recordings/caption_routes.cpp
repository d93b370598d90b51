#include "portal/recordings/caption_routes.hpp"

#include <fmt/core.h>

#include <regex>

#include "archive/segment_start.hpp"
#include "common/error.hpp"
#include "common/pool_call.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace {

constexpr std::string_view kPlaylistType = "application/vnd.apple.mpegurl";
constexpr std::string_view kVttType = "text/vtt; charset=utf-8";
constexpr std::size_t kCachedTimedTracks = 32;
// Segments whose first timestamp is kept: a few hours of a few recordings being watched.
constexpr std::size_t kCachedStarts = 20'000;

const std::regex kSegmentName("([0-9a-f]{1,16}-[0-9]{6,10})\\.vtt");

bool hidden(const std::vector<HiddenRange>& ranges, double start_s, double end_s) {
    return std::any_of(ranges.begin(), ranges.end(), [&](const HiddenRange& range) {
        return start_s < range.to_s && end_s > range.from_s;
    });
}

std::string cache_control(bool live) {
    return live ? "public, max-age=2" : "public, max-age=60";
}

}  // namespace

CaptionRoutes::CaptionRoutes(RecordingArchive& archive, CaptionStore& store)
    : archive_(archive), store_(store), start_pts_(kCachedStarts), reading_pool_(1) {}

CaptionRoutes::~CaptionRoutes() {
    reading_pool_.join();
}

ModuleEntries CaptionRoutes::entries() {
    constexpr Addresses kProgram = Addresses::kProgram;
    ModuleEntries entries;
    entries.routes = {
        {.method = http::verb::get,
         .pattern = "/recordings/{id}/subtitles/{language}/{file}",
         .access = Access::anyone(),
         .handler = handler_of(this, &CaptionRoutes::subtitles),
         .addresses = kProgram},
        open_route("/recordings/{id}/captions/{file}", answer_of(this, &CaptionRoutes::whole_track),
                   kProgram),
    };
    return entries;
}

std::shared_ptr<const TimedTrack> CaptionRoutes::timed(std::int64_t meeting_id, Language language) {
    const auto snapshot = store_.snapshot();
    const CaptionTrack* track = snapshot->track(meeting_id, language);
    if (!track) return nullptr;
    auto stored = store_.cues(track->id);
    auto segments = archive_.segments(meeting_id, "");
    if (segments->empty()) return nullptr;
    {
        std::lock_guard lock(mutex_);
        auto it = timed_.find(track->id);
        if (it != timed_.end() && it->second->stored == stored &&
            it->second->segments == segments) {
            return it->second;
        }
    }
    auto made = std::make_shared<TimedTrack>();
    made->stored = stored;
    made->segments = segments;
    const auto ranges = archive_.hidden_ranges(meeting_id);
    const int target = archive_.target_duration_s();
    for (const StoredCue& cue : *stored) {
        const auto start = archive::timeline_seconds(*segments, target, cue.start_unix_ms);
        const auto end = archive::timeline_seconds(*segments, target, cue.end_unix_ms);
        if (!start || !end || *end <= *start || hidden(ranges, *start, *end)) continue;
        made->cues.push_back({*start, *end, cue.text});
    }
    // Stored by wall-clock start, which the timeline keeps in order.
    std::stable_sort(made->cues.begin(), made->cues.end(),
                     [](const TimedCue& a, const TimedCue& b) { return a.start_s < b.start_s; });
    std::lock_guard lock(mutex_);
    if (timed_.size() >= kCachedTimedTracks && !timed_.contains(track->id))
        timed_.erase(timed_.begin());
    timed_[track->id] = made;
    return made;
}

std::string CaptionRoutes::master(PageCall& call, std::int64_t meeting_id,
                                  const std::string& master) {
    if (!archive_.published(meeting_id)) return master;
    std::vector<SubtitleEntry> entries;
    for (const CaptionTrack* track : store_.snapshot()->tracks_of(meeting_id)) {
        const std::string code(language_code(track->language));
        entries.push_back(
            {track->language, call.text("caption_track_name_" + code), entries.empty()});
    }
    return master_with_subtitles(master, entries);
}

asio::awaitable<Reply> CaptionRoutes::subtitles(PageCall& call) {
    const std::int64_t meeting_id = call.id("id");
    const auto language = language_of(call.parameter("language"));
    if (!language || !archive_.published(meeting_id)) throw NotFound();
    auto recording = archive_.recording(meeting_id);
    auto track = timed(meeting_id, *language);
    if (!recording || !track) throw NotFound();
    const bool live = recording->state == RecordingState::kRecording;
    const std::string& file = call.parameter("file");
    const auto& segments = *track->segments;
    const int target = archive_.target_duration_s();
    if (file == "index.m3u8") {
        auto res = text_response(
            call.request(), http::status::ok, kPlaylistType,
            subtitle_media_playlist(archive::recording_media_playlist(segments, target, !live)),
            cache_control(live));
        res.set(http::field::access_control_allow_origin, "*");
        co_return res;
    }
    std::smatch name;
    if (!std::regex_match(file, name, kSegmentName)) throw NotFound();
    const std::string video_file = name[1].str() + ".ts";
    // The segment's place on the timeline: the EXTINF of those before it, as the playlist says.
    std::int64_t start_ms = 0;
    const archive::Segment* segment = nullptr;
    for (const archive::Segment& s : segments) {
        if (s.file == video_file) {
            segment = &s;
            break;
        }
        start_ms += archive::extinf_ms(s, target);
    }
    if (!segment) throw NotFound();
    const std::string key = segment->channel + "/" + segment->rendition + "/" + segment->file;
    const double start_s = start_ms / 1000.0;
    const double end_s = (start_ms + archive::extinf_ms(*segment, target)) / 1000.0;
    auto pts = start_pts_.get(key);
    if (!pts) {
        // libav opens the file: on the reading thread, never a network thread.
        const auto path = archive_.config().server.data_dir / "media" / segment->channel /
                          segment->rendition / segment->file;
        auto reading = call_on_pool<std::optional<std::int64_t>>(
            reading_pool_, [path] { return archive::segment_start_pts(path); });
        const std::optional<std::int64_t> read = co_await std::move(reading);
        // A segment retention took, or one not readable: its cues cannot be placed.
        if (!read) throw NotFound();
        pts = std::make_shared<const std::int64_t>(*read);
        start_pts_.put(key, pts);
    }
    auto res =
        text_response(call.request(), http::status::ok, kVttType,
                      subtitle_segment_vtt(track->cues, start_s, end_s, *pts), cache_control(live));
    res.set(http::field::access_control_allow_origin, "*");
    co_return res;
}

Reply CaptionRoutes::whole_track(PageCall& call) {
    const std::int64_t meeting_id = call.id("id");
    const std::string& file = call.parameter("file");
    const auto language = language_of(file.substr(0, file.find('.')));
    if (!language || !file.ends_with(".vtt") || file.size() != 6) throw NotFound();
    if (!archive_.published(meeting_id)) throw NotFound();
    auto recording = archive_.recording(meeting_id);
    auto track = timed(meeting_id, *language);
    if (!recording || !track) throw NotFound();
    auto res =
        text_response(call.request(), http::status::ok, kVttType, caption_track_vtt(track->cues),
                      cache_control(recording->state == RecordingState::kRecording));
    res.set(http::field::access_control_allow_origin, "*");
    return res;
}

}  // namespace councilcast::portal
