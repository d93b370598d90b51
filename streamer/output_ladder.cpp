#include "streamer/output_ladder.hpp"

#include <fmt/core.h>

#include <filesystem>
#include <utility>

#include "common/durable_file.hpp"
#include "common/unix_time.hpp"

namespace councilcast::streamer {

OutputLadder::OutputLadder(const WorkerSettings& settings, SegmentHandler on_segment,
                           RenditionHandler on_rendition)
    : settings_(settings),
      on_segment_(std::move(on_segment)),
      on_rendition_(std::move(on_rendition)),
      run_id_(fmt::format("{:x}", now_unix_ms())) {
    for (const auto& rendition : settings_.renditions) {
        std::filesystem::create_directories(std::filesystem::path(settings_.output_dir) /
                                            rendition.name);
    }
}

OutputLadder::~OutputLadder() {
    for (std::size_t i = 0; i < muxers_.size(); ++i) {
        g_signal_handler_disconnect(muxers_[i].get(), location_handlers_[i]);
    }
}

std::string OutputLadder::describe() const {
    const auto& program = settings_.renditions.front();
    std::string text;
    for (std::size_t i = 0; i < settings_.renditions.size(); ++i) {
        const auto& rendition = settings_.renditions[i];
        // IDR at every segment boundary and nowhere else (scenecut off), so every segment starts
        // with a keyframe and all renditions split at the same instants. Each rendition at its
        // own frame rate: the master playlist announces it (FRAME-RATE, and the H.264 level in
        // CODECS follows from it).
        const int gop_frames =
            static_cast<int>(rendition.framerate * settings_.segment_duration_ms / 1000);
        // A plain videorate holds every frame until the next one arrives (it may have to repeat
        // it), which puts a frame time (33 ms at 30 fps) between a new vote count on the picture
        // and the encoder. A rendition at or below the program's rate only ever drops frames, so
        // it gets one that passes each frame on at once.
        const char* rate =
            rendition.framerate <= program.framerate ? "videorate drop-only=true" : "videorate";
        text += fmt::format(
            "program. ! queue ! videoscale ! {} ! "
            "video/x-raw,width={},height={},framerate={}/1 ! "
            "x264enc speed-preset=veryfast tune=zerolatency bitrate={} key-int-max={} "
            "option-string=\"scenecut=0:keyint-min={}\" ! video/x-h264,profile={} ! h264parse ! "
            "queue ! mux{}.video ",
            rate, rendition.width, rendition.height, rendition.framerate,
            rendition.video_bitrate_kbps, gop_frames, gop_frames, rendition.profile, i);
        text += fmt::format(
            "program_audio. ! queue ! avenc_aac bitrate={} ! aacparse ! queue ! mux{}.audio_0 ",
            rendition.audio_bitrate_kbps * 1000, i);
        text += fmt::format(
            "splitmuxsink name=mux{} muxer-factory=mpegtsmux send-keyframe-requests=true "
            "max-size-time={} ",
            i, settings_.segment_duration_ms * GST_MSECOND);
    }
    return text;
}

void OutputLadder::attach(GstElement* pipeline) {
    pipeline_ = pipeline;
    for (std::size_t i = 0; i < settings_.renditions.size(); ++i) {
        muxers_.push_back(GPtr<GstElement>::adopt(
            gst_bin_get_by_name(GST_BIN(pipeline_), fmt::format("mux{}", i).c_str())));
        next_fragment_.push_back(0);
        segments_.push_back(0);
        location_handlers_.push_back(g_signal_connect(muxers_.back().get(), "format-location",
                                                      G_CALLBACK(location_trampoline), this));
    }
}

std::vector<EncoderStatus> OutputLadder::encoder_status() const {
    std::vector<EncoderStatus> encoders;
    for (std::size_t i = 0; i < settings_.renditions.size(); ++i) {
        encoders.push_back({.rendition = settings_.renditions[i].name,
                            .segments = i < segments_.size() ? segments_[i] : 0});
    }
    return encoders;
}

// Called on a muxer's streaming thread; only reads immutable settings and touches its own
// rendition's counter, which no other thread uses.
gchar* OutputLadder::next_location(std::size_t rendition) {
    const unsigned fragment = next_fragment_[rendition]++;
    return g_strdup_printf("%s/%s/%s-%06u.ts.part", settings_.output_dir.c_str(),
                           settings_.renditions[rendition].name.c_str(), run_id_.c_str(), fragment);
}

std::int64_t OutputLadder::wall_clock_ms_at(GstClockTime running_time) const {
    GPtr<GstClock> clock = GPtr<GstClock>::adopt(gst_element_get_clock(pipeline_));
    if (!clock) return now_unix_ms();
    const GstClockTime now_running =
        gst_clock_get_time(clock.get()) - gst_element_get_base_time(pipeline_);
    const auto behind_ms =
        static_cast<std::int64_t>(GST_CLOCK_DIFF(running_time, now_running) / GST_MSECOND);
    return now_unix_ms() - behind_ms;
}

void OutputLadder::on_fragment_opened(std::size_t rendition, const GstStructure* s) {
    OpenFragment fragment;
    fragment.part_path = gst_structure_get_string(s, "location");
    guint64 running_time = 0;
    gst_structure_get_uint64(s, "running-time", &running_time);
    fragment.running_time = running_time;
    fragment.start_unix_ms = wall_clock_ms_at(running_time);
    open_fragments_[rendition] = std::move(fragment);
}

void OutputLadder::on_fragment_closed(std::size_t rendition, const GstStructure* s) {
    auto it = open_fragments_.find(rendition);
    if (it == open_fragments_.end()) return;
    OpenFragment fragment = std::move(it->second);
    open_fragments_.erase(it);
    guint64 end_time = 0;
    gst_structure_get_uint64(s, "running-time", &end_time);

    if (end_time <= fragment.running_time) {
        // Opened just before the end of the stream and never given a frame: not a segment.
        std::error_code ignored;
        std::filesystem::remove(fragment.part_path, ignored);
        return;
    }
    std::string final_path = fragment.part_path.substr(0, fragment.part_path.size() - 5);
    SegmentClosed segment;
    segment.rendition = settings_.renditions[rendition].name;
    segment.file = std::filesystem::path(final_path).filename().string();
    segment.start_unix_ms = fragment.start_unix_ms;
    segment.duration_us =
        static_cast<std::int64_t>((end_time - fragment.running_time) / GST_USECOND);
    // Data on disk before the name appears, the name on disk before the portal is told.
    segment.bytes = static_cast<std::int64_t>(publish_file_durably(fragment.part_path, final_path));
    ++segments_[rendition];
    on_segment_(segment);
}

bool OutputLadder::handle_message(GstMessage* message) {
    if (GST_MESSAGE_TYPE(message) != GST_MESSAGE_ELEMENT) return false;
    const GstStructure* s = gst_message_get_structure(message);
    for (std::size_t i = 0; i < muxers_.size(); ++i) {
        if (GST_MESSAGE_SRC(message) != GST_OBJECT(muxers_[i].get())) continue;
        if (gst_structure_has_name(s, "splitmuxsink-fragment-opened")) {
            on_fragment_opened(i, s);
        } else if (gst_structure_has_name(s, "splitmuxsink-fragment-closed")) {
            on_fragment_closed(i, s);
        }
        return true;
    }
    return false;
}

gchar* OutputLadder::location_trampoline(GstElement* muxer, guint, gpointer self) noexcept {
    auto* ladder = static_cast<OutputLadder*>(self);
    for (std::size_t i = 0; i < ladder->muxers_.size(); ++i) {
        if (ladder->muxers_[i].get() == muxer) return ladder->next_location(i);
    }
    return nullptr;
}

}  // namespace councilcast::streamer
