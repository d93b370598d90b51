// What the portal tells a streamer worker to broadcast: sources, renditions, where segments go.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "vote_overlay/overlay_state.hpp"

namespace councilcast::streamer {

struct SourceSettings {
    std::string id;
    std::string kind;  // "test", "uri", "rtsp", "srt", "v4l2"
    std::string location;
    std::string test_pattern;
};

struct RenditionSettings {
    std::string name;
    int width = 0;
    int height = 0;
    int framerate = 30;
    int video_bitrate_kbps = 0;
    std::string profile;
    int audio_bitrate_kbps = 0;
};

struct WorkerSettings {
    std::string channel_id;
    std::string output_dir;  // segments go to <output_dir>/<rendition>/
    std::int64_t segment_duration_ms = 2000;
    std::vector<SourceSettings> sources;
    std::vector<RenditionSettings> renditions;  // the first is the program's own size
    vote_overlay::OverlayState overlay;
};

boost::json::value to_json(const WorkerSettings& settings);
// Throws InvalidInput when a field is missing or of the wrong type.
WorkerSettings worker_settings_from_json(const boost::json::value& value);

}  // namespace councilcast::streamer
