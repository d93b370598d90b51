// A meeting's captions as players fetch them: the subtitles playlist of each language that
// follows the recording's video segments, each segment's WebVTT, and the whole track for a
// <track kind="captions">; and the master playlist's subtitles entries.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "archive/playlist.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/http/responses.hpp"
#include "portal/recordings/bounded_cache.hpp"
#include "portal/recordings/caption_playlists.hpp"
#include "portal/recordings/caption_store.hpp"
#include "portal/recordings/recording_archive.hpp"

namespace councilcast::portal {

// A track's cues on its recording's timeline, by start, and the text they point into.
struct TimedTrack {
    std::shared_ptr<const std::vector<StoredCue>> stored;
    std::shared_ptr<const std::vector<archive::Segment>> segments;
    std::vector<TimedCue> cues;  // into `stored`
};

class CaptionRoutes {
  public:
    // Non-owning references, alive while the site serves.
    CaptionRoutes(RecordingArchive& archive, CaptionStore& store);
    // Waits for a segment being read.
    ~CaptionRoutes();
    CaptionRoutes(const CaptionRoutes&) = delete;
    CaptionRoutes& operator=(const CaptionRoutes&) = delete;

    // /recordings/<id>/subtitles/<lt|en>/index.m3u8 and its <segment>.vtt files, and
    // /recordings/<id>/captions/<lt|en>.vtt.
    ModuleEntries entries();

    // `master`, the meeting's master playlist, with an EXT-X-MEDIA entry per caption track
    // (the Lithuanian one the default): for RecordingRoutes::set_master_subtitles.
    std::string master(PageCall& call, std::int64_t meeting_id, const std::string& master);

    // The meeting's track in `language` on its recording's timeline, leaving out the cues in
    // a hidden range; null when there is no such track or no recording to place it on.
    std::shared_ptr<const TimedTrack> timed(std::int64_t meeting_id, Language language);

  private:
    boost::asio::awaitable<Reply> subtitles(PageCall& call);
    Reply whole_track(PageCall& call);

    RecordingArchive& archive_;
    CaptionStore& store_;
    std::mutex mutex_;
    std::map<std::int64_t, std::shared_ptr<const TimedTrack>> timed_;  // by track id
    // A segment's first timestamp never changes: read once with libav per file.
    BoundedCache<std::string, std::int64_t> start_pts_;
    // Where a segment's first timestamp is read (a file opened once per segment).
    boost::asio::thread_pool reading_pool_;
};

}  // namespace councilcast::portal
