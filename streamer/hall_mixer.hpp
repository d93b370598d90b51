// The hall's side of a channel: the cameras and the sound, mixed into the programme that the
// overlay is drawn on and the renditions encode (output_ladder.hpp).
#pragma once

#include <gst/gst.h>

#include <string>

#include "streamer/hall.hpp"
#include "streamer/worker_settings.hpp"

namespace councilcast::streamer {

// Lives on the worker's GLib main loop thread, like the ChannelPipeline that owns it.
class HallMixer {
  public:
    // Throws InvalidInput for settings it cannot build.
    explicit HallMixer(const WorkerSettings& settings);
    HallMixer(const HallMixer&) = delete;
    HallMixer& operator=(const HallMixer&) = delete;
    ~HallMixer();

    // The programme's part of the channel pipeline's launch description. It ends in two tees:
    // `program` (raw I420 at the first rendition's size and frame rate, after an element named
    // `program_caps` on whose src pad the overlay is drawn) and `program_audio` (raw audio,
    // 48 kHz stereo).
    std::string describe() const;
    // Once the channel pipeline is built from the description and before it plays.
    void attach(GstElement* pipeline);
    // The operator's command; returns the state after it. Throws InvalidInput to refuse it (an
    // unknown camera), leaving the state as it was.
    HallState apply(const HallCommand& command);
    // For the heartbeat; the encoders' part is the ladder's.
    HallStatus status() const;
    // A message from the channel pipeline's bus. True when it was the mixer's to handle (a
    // camera's error is not the channel's); false leaves it to the channel.
    bool handle_message(GstMessage* message);

  private:
    // The camera on air. Until each camera is ingested on its own, only this one is in the
    // pipeline: commands that would change the picture are refused rather than acknowledged.
    const SourceSettings& program_source() const;

    const WorkerSettings& settings_;
    HallState state_;
    GstElement* pipeline_ = nullptr;  // the channel's; owned by the ChannelPipeline
};

}  // namespace councilcast::streamer
