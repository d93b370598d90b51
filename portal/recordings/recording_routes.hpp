// A meeting's recording over HTTP: its master and media playlists (EVENT while the meeting is
// live, VOD once it ended), its segment files and its WebVTT chapters track.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "config/config.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/http/file_cache.hpp"
#include "portal/http/responses.hpp"
#include "portal/recordings/recording_archive.hpp"

namespace councilcast::portal {

class RecordingRoutes {
  public:
    // Non-owning references: the portal keeps each alive for the server's lifetime.
    // `count_segment_bytes` is told the size of every segment served (for /metrics).
    RecordingRoutes(const config::Config& config, RecordingArchive& archive, FileCache& files,
                    std::function<void(std::uint64_t)> count_segment_bytes);

    // /recordings/<id>/master.m3u8, /recordings/<id>/<rendition>/index.m3u8, its segments and
    // /recordings/<id>/chapters.vtt.
    ModuleEntries entries();

    // What a meeting's master playlist gains besides its variants: its subtitles
    // (CaptionRoutes::master). Set before the server starts; none: the channel's master as is.
    using MasterExtras =
        std::function<std::string(PageCall&, std::int64_t meeting_id, const std::string& master)>;
    void set_master_extras(MasterExtras extras) { master_extras_ = std::move(extras); }

  private:
    // A six-hour meeting's playlist is half a megabyte: made once per change of its segments
    // (the archive hands out the same list until then), shared by every viewer.
    struct CachedPlaylist {
        std::shared_ptr<const std::vector<archive::Segment>> segments;
        bool ended = false;
        std::int64_t redactions_version = -1;
        std::shared_ptr<const std::string> text;
        std::shared_ptr<const std::string> gzip;
    };

    Reply master_playlist(PageCall& call);
    // A remuxed import's master: its one rendition with the files' own picture and the rate
    // measured from its segments.
    std::string source_master(const Recording& recording);
    Reply media_playlist(PageCall& call);
    Reply segment(PageCall& call);
    Reply chapters(PageCall& call);
    // Nothing of an unpublished recording is the public's: 404 unless an editor previews it.
    // Whether the answer must stay private (a preview: no shared cache may keep it).
    bool require_visible(PageCall& call, std::int64_t meeting_id);

    const config::Config& config_;
    RecordingArchive& archive_;
    FileCache& files_;
    std::function<void(std::uint64_t)> count_segment_bytes_;
    std::filesystem::path media_root_;
    std::map<std::string, std::shared_ptr<const std::string>> masters_;  // by channel id
    MasterExtras master_extras_;
    std::mutex playlists_mutex_;
    std::map<std::pair<std::int64_t, std::string>, CachedPlaylist> playlists_;
};

// The WebVTT chapters track of `timeline` with titles in `language`: each chapter from its
// start to the next one's (the last to the end of the recording).
std::string chapters_vtt(const RecordingTimeline& timeline, Language language);

}  // namespace councilcast::portal
