// The council hall as the worker runs it: what is on air (HallState), what the operator's console
// asks (HallCommand), what the worker reports twice a second (HallStatus, the heartbeat) and what
// each rendition turned out to be (RenditionReport). Spoken as JSON lines over the socketpair.
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace councilcast::streamer {

// What the operator chose. The worker shows the slate by itself while the programme camera is
// lost; `slate` is the operator's own choice and stays until turned off.
struct HallState {
    std::string program;  // the camera (source id) on air
    bool pip = false;     // the interpreter's corner (WorkerSettings::pip) shown
    bool slate = false;   // the slate forced on air by the operator
    bool muted = false;   // programme sound off
    // Cameras whose loss the console simulates ("pull the plug"): ingested as if unreachable.
    std::vector<std::string> unplugged;

    friend bool operator==(const HallState&, const HallState&) = default;
};

// Portal → worker: {"type":"command","id":N,"command":{"kind":"cut","camera":"wide"}}.
// The worker answers every command with {"type":"ack","id":N,"state":{…}} (the state after it)
// or {"type":"ack","id":N,"error":"…"} (a reason for the log; the state did not change).
struct HallCommand {
    enum class Kind { kCut, kPip, kSlate, kMute, kUnplug };
    Kind kind = Kind::kCut;
    std::string camera;  // kCut, kUnplug
    bool on = false;     // kPip, kSlate, kMute, kUnplug
};

// One source's health as the worker sees it.
struct SourceStatus {
    std::string id;
    // "connecting" (never had a frame yet), "connected", "reconnecting" (lost, being rebuilt
    // with backoff), "unplugged" (simulated by the console).
    std::string state;
    std::string reason;  // why it is not connected (GStreamer's message), empty when connected
    double fps = 0;      // frames per second arriving over the last status interval
    std::int64_t reconnects = 0;
};

// One encoder's progress, so the portal tells a stalled encoder from a lost camera.
struct EncoderStatus {
    std::string rendition;
    double fps = 0;  // encoded frames per second over the last status interval (0 if audio only)
    std::int64_t segments = 0;
};

// Worker → portal, every 500 ms: {"type":"status","status":{…}}. The heartbeat: a worker that stops
// sending it is stuck.
struct HallStatus {
    HallState state;
    bool on_slate = false;       // the slate is what viewers see (forced, or the camera is lost)
    double level_db = -100;      // programme sound's peak over the interval, dBFS (-100 for none)
    std::int64_t silent_ms = 0;  // how long the programme sound has been below the silence level
    std::vector<SourceStatus> sources;
    std::vector<EncoderStatus> encoders;
};

// Worker → portal, once per rendition after its first segment:
// {"type":"rendition","rendition":{…}}, taken
// from the stream produced (the SPS, the measured bitrate), for the master playlist.
struct RenditionReport {
    std::string rendition;
    std::string codecs;  // RFC 6381, e.g. "avc1.4d401f,mp4a.40.2"; "mp4a.40.2" for audio only
    int width = 0;       // 0 for audio only
    int height = 0;
    double framerate = 0;
    std::int64_t peak_bandwidth = 0;     // bits per second of the largest segment so far
    std::int64_t average_bandwidth = 0;  // bits per second over the segments so far
};

boost::json::value to_json(const HallState& state);
boost::json::value to_json(const HallCommand& command);
boost::json::value to_json(const HallStatus& status);
boost::json::value to_json(const RenditionReport& report);
// Each throws InvalidInput for a malformed value (a missing or an extra member).
HallState hall_state_from_json(const boost::json::value& value);
HallCommand hall_command_from_json(const boost::json::value& value);
HallStatus hall_status_from_json(const boost::json::value& value);
RenditionReport rendition_report_from_json(const boost::json::value& value);

// Messages: {"type":"command","id":id,"command":…} and the two acks.
boost::json::value command_message(std::int64_t id, const HallCommand& command);
boost::json::value ack_message(std::int64_t id, const HallState& state);
boost::json::value refusal_message(std::int64_t id, const std::string& error);

}  // namespace councilcast::streamer
