// What the portal tells a streamer worker to broadcast: the hall's sources and sound, the
// renditions, where segments and previews go, and the state to start in.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "streamer/hall.hpp"
#include "vote_overlay/overlay_state.hpp"

namespace councilcast::streamer {

struct SourceSettings {
    std::string id;
    std::string kind;  // "test", "uri", "rtsp", "srt", "v4l2"
    std::string location;
    std::string test_pattern;
    std::string transport = "auto";  // rtsp: "tcp", "udp" or "auto" (UDP first, then TCP)
    int latency_ms = 200;            // rtsp and srt: the jitter buffer
    std::string user;                // rtsp: from the camera's credentials file
    std::string password;
    std::string srt_mode = "caller";  // srt: "caller" or "listener"
};

// Where the programme's sound comes from.
struct AudioSettings {
    // "camera" (the sound of `camera`), "alsa" (`location` is the device, e.g. "hw:1"),
    // "rtsp" or "srt" (`location` is the URI of a separate source), "test" (a quiet tone),
    // "none" (silence).
    std::string kind = "camera";
    std::string camera;  // kind "camera": a source id
    std::string location;
    int offset_ms = 0;  // lip sync: sound delayed (positive) or advanced (negative) against picture
    int latency_ms = 200;  // rtsp and srt: the jitter buffer
};

// The sign-language interpreter's corner, over the programme when HallState::pip is on.
struct PipSettings {
    std::string camera;  // a source id; empty when the hall has no interpreter camera
    // Position and width in thousandths of the programme picture; the height keeps the camera's
    // 16:9 (e.g. x 700, y 620, width 280: the lower right corner).
    int x = 700;
    int y = 620;
    int width = 280;
};

// What replaces a lost programme camera.
struct SlateSettings {
    std::string title;     // "Transliacija netrukus bus tęsiama", in the picture's language
    std::string subtitle;  // the municipality's name
    std::string image;     // a PNG or JPEG path shown instead of the plain slate; empty: none
};

struct RenditionSettings {
    std::string name;
    int width = 0;  // width and height 0: an audio-only rendition
    int height = 0;
    int framerate = 30;
    int video_bitrate_kbps = 0;
    std::string profile;
    int audio_bitrate_kbps = 0;
};

struct WorkerSettings {
    std::string channel_id;
    std::string output_dir;  // segments go to <output_dir>/<rendition>/, previews to
                             // <output_dir>/preview/<source id>.jpg and preview/program.jpg
    std::int64_t segment_duration_ms = 1000;
    // Every rendition gets a keyframe at each multiple of this in running time; divides
    // segment_duration_ms.
    std::int64_t keyframe_interval_ms = 1000;
    // Low-Latency HLS: each segment also cut into this many parts, passed on as they are muxed;
    // 0: none.
    int parts_per_segment = 0;
    std::vector<SourceSettings> sources;
    std::vector<RenditionSettings> renditions;  // the first is the program's own size
    AudioSettings audio;
    PipSettings pip;
    SlateSettings slate;
    int preview_width = 320;  // previews' width in pixels; 0: no previews
    int previews_per_second = 2;
    HallState hall;  // what is on air when the worker starts (a restart resumes)
    // The IANA zone of the clock in the picture: the site's, whatever the machine's TZ says.
    std::string time_zone = "Europe/Vilnius";
    vote_overlay::OverlayState overlay;
};

boost::json::value to_json(const WorkerSettings& settings);
// Throws InvalidInput when a field is missing or of the wrong type.
WorkerSettings worker_settings_from_json(const boost::json::value& value);

}  // namespace councilcast::streamer
