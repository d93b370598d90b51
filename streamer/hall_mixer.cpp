#include "streamer/hall_mixer.hpp"

#include <fmt/core.h>


#include "common/error.hpp"
#include "common/gst_ptr.hpp"

namespace councilcast::streamer {
namespace {

constexpr int kAudioRate = 48000;
constexpr double kToneVolume = 0.05;  // a quiet 440 Hz tone: audible, not unpleasant
constexpr int kTestPatternSpeed = 2;  // pixels per frame the test picture scrolls

std::string video_source_description(const SourceSettings& source) {
    if (source.kind == "test") return "videotestsrc name=camera is-live=true";
    if (source.kind == "v4l2") return "v4l2src name=camera";
    return "uridecodebin name=camera";
}

std::string audio_source_description(const SourceSettings& source) {
    // Only the test source has a tone; other sources are silent until camera audio arrives with
    // the source switching work.
    return fmt::format(
        "audiotestsrc is-live=true wave={} freq=440 volume={} ! audioconvert ! audioresample ! "
        "audio/x-raw,rate={},channels=2",
        source.kind == "test" ? "sine" : "silence", kToneVolume, kAudioRate);
}

}  // namespace

HallMixer::HallMixer(const WorkerSettings& settings) : settings_(settings), state_(settings.hall) {
    if (state_.program.empty()) state_.program = settings_.sources.front().id;
    program_source();  // an unknown programme camera is refused before anything runs
}

const SourceSettings& HallMixer::program_source() const {
    for (const auto& source : settings_.sources) {
        if (source.id == state_.program) return source;
    }
    throw InvalidInput("the programme camera '" + state_.program + "' is not a source");
}

HallMixer::~HallMixer() = default;

std::string HallMixer::describe() const {
    const auto& program = settings_.renditions.front();
    const auto& source = program_source();
    return fmt::format(
        "{} ! videoconvert ! videoscale ! videorate ! "
        "capsfilter name=program_caps caps=video/x-raw,format=I420,width={},height={},"
        "framerate={}/1,pixel-aspect-ratio=1/1 ! tee name=program "
        "{} ! tee name=program_audio ",
        video_source_description(source), program.width, program.height, program.framerate,
        audio_source_description(source));
}

void HallMixer::attach(GstElement* pipeline) {
    pipeline_ = pipeline;
    const auto& source = program_source();
    GPtr<GstElement> camera =
        GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline_), "camera"));
    if (source.kind == "test") {
        // Set by name through GStreamer's own parser, so an unknown pattern is refused here
        // instead of being spliced into a pipeline description.
        GParamSpec* spec =
            g_object_class_find_property(G_OBJECT_GET_CLASS(camera.get()), "pattern");
        GValue value = G_VALUE_INIT;
        g_value_init(&value, spec->value_type);
        if (!gst_value_deserialize(&value, source.test_pattern.c_str())) {
            g_value_unset(&value);
            throw InvalidInput(fmt::format("unknown test pattern '{}'", source.test_pattern));
        }
        g_object_set_property(G_OBJECT(camera.get()), "pattern", &value);
        g_value_unset(&value);
        g_object_set(camera.get(), "horizontal-speed", kTestPatternSpeed, nullptr);
    } else if (source.kind == "v4l2") {
        g_object_set(camera.get(), "device", source.location.c_str(), nullptr);
    } else {
        g_object_set(camera.get(), "uri", source.location.c_str(), nullptr);
    }
}

HallState HallMixer::apply(const HallCommand&) {
    throw InvalidInput("this worker broadcasts one camera and takes no hall commands");
}

HallStatus HallMixer::status() const {
    HallStatus status;
    status.state = state_;
    status.sources.push_back({.id = program_source().id, .state = "connected"});
    return status;
}

bool HallMixer::handle_message(GstMessage*) {
    return false;
}

}  // namespace councilcast::streamer
