// The hall's side of a channel: the cameras and the sound, mixed into the programme that the
// overlay is drawn on and the renditions encode (output_ladder.hpp).
#pragma once

#include <gst/gst.h>

#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/gst_ptr.hpp"
#include "streamer/hall.hpp"
#include "streamer/preview_writer.hpp"
#include "streamer/source_ingest.hpp"
#include "streamer/worker_settings.hpp"

namespace councilcast::streamer {

// The programme is a compositor over one intervideosrc per camera (each camera is ingested apart,
// source_ingest.hpp), the interpreter's corner and the slate; a cut, the corner and the slate
// only change which of its inputs are visible, so the encoders downstream never see a gap.
// Lives on the worker's GLib main loop thread, like the ChannelPipeline that owns it.
class HallMixer {
  public:
    // Throws InvalidInput for settings it cannot build.
    explicit HallMixer(const WorkerSettings& settings);
    HallMixer(const HallMixer&) = delete;
    HallMixer& operator=(const HallMixer&) = delete;
    // The channel pipeline is stopped (NULL) before its mixer is destroyed.
    ~HallMixer();

    // The programme's part of the channel pipeline's launch description. It ends in two tees:
    // `program` (raw I420 at the first rendition's size and frame rate, after an element named
    // `program_caps` on whose src pad the overlay is drawn) and `program_audio` (raw audio,
    // 48 kHz stereo).
    std::string describe() const;
    // Once the channel pipeline is built from the description and before it plays; starts the
    // sources.
    void attach(GstElement* pipeline);
    // The operator's command; returns the state after it. Throws InvalidInput to refuse it (an
    // unknown camera), leaving the state as it was.
    HallState apply(const HallCommand& command);
    // For the heartbeat; the encoders' part is the ladder's.
    HallStatus status() const;
    // A message from the channel pipeline's bus. True when it was the mixer's to handle (the
    // programme sound's level); false leaves it to the channel.
    bool handle_message(GstMessage* message);

  private:
    struct Peak {
        std::chrono::steady_clock::time_point at;
        double db = 0;
    };

    SourceIngest* camera(const std::string& id) const;
    bool on_slate() const;
    bool sound_lost() const;
    // Shows what the state and the cameras' health call for: which camera, the corner, the slate,
    // the sound muted or not.
    void update_layout();
    std::string describe_sound() const;
    std::string describe_slate() const;

    const WorkerSettings& settings_;
    HallState state_;
    const std::string channel_prefix_;  // the inter elements' channels: <prefix>-<source id>
    std::vector<std::unique_ptr<SourceIngest>> cameras_;
    std::unique_ptr<SourceIngest> sound_;  // a separate ALSA, RTSP or SRT sound source
    PreviewWriter preview_;

    GstElement* pipeline_ = nullptr;         // the channel's; owned by the ChannelPipeline
    std::vector<GPtr<GstPad>> camera_pads_;  // the compositor's, in the order of cameras_
    GPtr<GstPad> pip_pad_;
    GPtr<GstPad> slate_pad_;
    GPtr<GstElement> volume_;
    GPtr<GstElement> level_;

    std::deque<Peak> peaks_;  // the programme sound's recent peaks, for the heartbeat
    std::chrono::steady_clock::time_point loud_at_;  // the sound was last above the silence level
    bool silent_ = false;
};

}  // namespace councilcast::streamer
