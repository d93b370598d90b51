#include "streamer/hall_mixer.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>

#include "common/error.hpp"

namespace councilcast::streamer {
namespace {

using namespace std::chrono_literals;

constexpr int kAudioRate = 48000;
constexpr double kToneVolume = 0.05;  // the "test" sound: a quiet 440 Hz tone
constexpr double kSilenceDb = -50;    // below this the programme sound counts as silence
constexpr double kNoSoundDb = -100;   // what the heartbeat says for no sound at all
constexpr auto kLevelWindow = 500ms;  // the heartbeat's interval: its peak is over this
constexpr guint64 kLevelIntervalNs = 100'000'000;
// The most sound the programme keeps waiting from a source: four of its 25 ms periods, room
// for a source's bursts (a decoder's 21 ms frames, a network's jitter) without holding the
// sound back behind the picture.
constexpr guint64 kSoundBacklogNs = 100'000'000;
// A lost camera's intervideosrc repeats its last frame this long, then shows black; longer than
// the ingest's loss detection, so viewers see the last frame and then the slate, never black.
constexpr guint64 kHoldLastFrameNs = 3'000'000'000;
// A camera on this machine (a test picture, a capture card, a file) has its first frame within
// milliseconds of starting; waiting this long at most for it lets a broadcast open on its
// picture rather than on a moment of slate.
constexpr std::chrono::milliseconds kLocalFirstFrame{1000};
constexpr int kSlateFramesPerSecond = 5;
constexpr guint32 kSlateColour = 0xff1d3557;  // ARGB: a calm dark blue
// Compositor stacking: the slate covers the cameras, the interpreter's corner stays over both.
constexpr guint kCameraLayer = 1;
constexpr guint kSlateLayer = 2;
constexpr guint kPipLayer = 3;

std::string channel_prefix() {
    // Inter channels are process-wide names: unique per mixer, so a channel rebuilt in the same
    // process never reads a torn-down one's pictures.
    static std::atomic<unsigned> mixers{0};
    return fmt::format("councilcast-{}-{}", ::getpid(), mixers++);
}

bool is_separate_sound(const AudioSettings& audio) {
    return audio.kind == "alsa" || audio.kind == "rtsp" || audio.kind == "srt";
}

GPtr<GstElement> mixer_element(GstElement* pipeline, const char* name) {
    return GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline), name));
}

GPtr<GstPad> mixer_pad(GstElement* pipeline, const std::string& pad) {
    GPtr<GstElement> mix = mixer_element(pipeline, "program_mix");
    return GPtr<GstPad>::adopt(gst_element_get_static_pad(mix.get(), pad.c_str()));
}

}  // namespace

HallMixer::HallMixer(const WorkerSettings& settings)
    : settings_(settings),
      state_(settings.hall),
      channel_prefix_(channel_prefix()),
      preview_(settings, "program") {
    if (state_.program.empty()) state_.program = settings_.sources.front().id;
    const auto& program = settings_.renditions.front();
    if (program.width <= 0 || program.height <= 0) {
        throw InvalidInput("the first rendition is the programme's picture: it needs a size");
    }
    const auto on_change = [this] { update_layout(); };
    for (const auto& source : settings_.sources) {
        cameras_.push_back(std::make_unique<SourceIngest>(
            settings_, source, SourceIngest::Media::kCamera, channel_prefix_ + "-" + source.id,
            channel_prefix_ + "-" + source.id, on_change));
    }
    const auto& audio = settings_.audio;
    if (is_separate_sound(audio)) {
        SourceSettings sound{.id = "sound",
                             .kind = audio.kind,
                             .location = audio.location,
                             .latency_ms = audio.latency_ms};
        sound_ = std::make_unique<SourceIngest>(settings_, sound, SourceIngest::Media::kSound, "",
                                                channel_prefix_ + "-sound", on_change);
    } else if (audio.kind == "camera") {
        if (!audio.camera.empty() && !camera(audio.camera)) {
            throw InvalidInput(
                fmt::format("the sound's camera '{}' is not a source", audio.camera));
        }
    } else if (audio.kind != "test" && audio.kind != "none") {
        throw InvalidInput(fmt::format("unknown sound source '{}'", audio.kind));
    }
    if (!settings_.slate.image.empty() && !std::ifstream(settings_.slate.image)) {
        throw InvalidInput(fmt::format("cannot read the slate's image {}", settings_.slate.image));
    }
    if (!settings_.pip.camera.empty() && !camera(settings_.pip.camera)) {
        throw InvalidInput(
            fmt::format("the interpreter's camera '{}' is not a source", settings_.pip.camera));
    }
}

HallMixer::~HallMixer() = default;

SourceIngest* HallMixer::camera(const std::string& id) const {
    for (const auto& ingest : cameras_) {
        if (ingest->id() == id) return ingest.get();
    }
    return nullptr;
}

std::string HallMixer::describe_slate() const {
    const auto& program = settings_.renditions.front();
    // A live source, so the end of the stream reaches the compositor through it as through the
    // cameras; at a few frames a second (the compositor keeps a frame until the next) it costs
    // next to nothing, and nothing at all while hidden.
    std::string text = fmt::format(
        "videotestsrc is-live=true pattern=solid-color foreground-color={} ! "
        "video/x-raw,format=I420,width={},height={},framerate={}/1,pixel-aspect-ratio=1/1 ! ",
        kSlateColour, program.width, program.height, kSlateFramesPerSecond);
    if (settings_.slate.image.empty()) {
        // Positions as fractions of the picture: above the overlay's bottom band at any size.
        text +=
            "textoverlay name=slate_title valignment=center halignment=center "
            "font-desc=\"Sans Bold 22\" wrap-mode=wordchar shaded-background=false ! "
            "textoverlay name=slate_subtitle valignment=position ypos=0.64 halignment=center "
            "font-desc=\"Sans 14\" shaded-background=false ! ";
    } else {
        text +=
            fmt::format("gdkpixbufoverlay name=slate_image overlay-width={} overlay-height={} ! ",
                        program.width, program.height);
    }
    return text + fmt::format("queue ! program_mix.sink_{} ", cameras_.size() + 1);
}

std::string HallMixer::describe_sound() const {
    const auto& audio = settings_.audio;
    if (audio.kind == "test") {
        return fmt::format("audiotestsrc is-live=true wave=sine freq=440 volume={}", kToneVolume);
    }
    if (audio.kind == "none") return "audiotestsrc is-live=true wave=silence";
    // A camera's sound or the separate source's, through their inter channel: silence whenever
    // nothing arrives, so a lost source never stalls the programme's sound. What waits in the
    // channel is sound late against the picture, and it stays as late as it was when it built
    // up (a source started before the programme, a burst): by default up to a second, a lip-sync
    // error that changed from one start to the next.
    return fmt::format("interaudiosrc name=program_sound buffer-time={}", kSoundBacklogNs);
}

std::string HallMixer::describe() const {
    const auto& program = settings_.renditions.front();
    std::string text = fmt::format(
        "compositor name=program_mix background=black ! "
        "capsfilter name=program_caps caps=video/x-raw,format=I420,width={},height={},"
        "framerate={}/1,pixel-aspect-ratio=1/1 ! tee name=program ",
        program.width, program.height, program.framerate);
    for (std::size_t i = 0; i < cameras_.size(); ++i) {
        text += fmt::format(
            "intervideosrc name=camera_{} timeout={} ! queue max-size-buffers=2 ! "
            "program_mix.sink_{} ",
            i, kHoldLastFrameNs, i);
    }
    // The interpreter's corner reads the same camera a second time (an inter channel may have
    // several readers), so the interpreter can also be cut to full screen.
    text += fmt::format(
        "intervideosrc name=pip_source timeout={} ! queue max-size-buffers=2 ! "
        "program_mix.sink_{} ",
        kHoldLastFrameNs, cameras_.size());
    text += describe_slate();
    text += preview_.describe("program.", "program_preview");
    text += fmt::format(
        "{} ! audioconvert ! audioresample ! audio/x-raw,rate={},channels=2 ! "
        "volume name=program_volume ! level name=program_level interval={} ! "
        "tee name=program_audio ",
        describe_sound(), kAudioRate, kLevelIntervalNs);
    return text;
}

void HallMixer::attach(GstElement* pipeline) {
    pipeline_ = pipeline;
    for (std::size_t i = 0; i < cameras_.size(); ++i) {
        GPtr<GstElement> source = mixer_element(pipeline_, fmt::format("camera_{}", i).c_str());
        g_object_set(source.get(), "channel", (channel_prefix_ + "-" + cameras_[i]->id()).c_str(),
                     nullptr);
        camera_pads_.push_back(mixer_pad(pipeline_, fmt::format("sink_{}", i)));
    }
    GPtr<GstElement> pip_source = mixer_element(pipeline_, "pip_source");
    g_object_set(pip_source.get(), "channel",
                 (channel_prefix_ + "-" + settings_.pip.camera).c_str(), nullptr);
    pip_pad_ = mixer_pad(pipeline_, fmt::format("sink_{}", cameras_.size()));
    slate_pad_ = mixer_pad(pipeline_, fmt::format("sink_{}", cameras_.size() + 1));

    const auto& program = settings_.renditions.front();
    const auto& pip = settings_.pip;
    const int pip_width = program.width * pip.width / 1000;
    g_object_set(pip_pad_.get(), "xpos", program.width * pip.x / 1000, "ypos",
                 program.height * pip.y / 1000, "width", pip_width, "height",
                 pip_width * program.height / program.width, "zorder", kPipLayer, nullptr);
    g_object_set(slate_pad_.get(), "zorder", kSlateLayer, nullptr);
    for (const auto& pad : camera_pads_) g_object_set(pad.get(), "zorder", kCameraLayer, nullptr);

    if (GPtr<GstElement> title = mixer_element(pipeline_, "slate_title")) {
        g_object_set(title.get(), "text", settings_.slate.title.c_str(), nullptr);
        GPtr<GstElement> subtitle = mixer_element(pipeline_, "slate_subtitle");
        g_object_set(subtitle.get(), "text", settings_.slate.subtitle.c_str(), nullptr);
    } else {
        GPtr<GstElement> file = mixer_element(pipeline_, "slate_image");
        g_object_set(file.get(), "location", settings_.slate.image.c_str(), nullptr);
    }
    preview_.attach(pipeline_, "program_preview");

    volume_ = mixer_element(pipeline_, "program_volume");
    level_ = mixer_element(pipeline_, "program_level");
    if (GPtr<GstElement> sound = mixer_element(pipeline_, "program_sound")) {
        const auto& audio = settings_.audio;
        const std::string from =
            sound_ ? "sound" : (audio.camera.empty() ? settings_.sources.front().id : audio.camera);
        g_object_set(sound.get(), "channel", (channel_prefix_ + "-" + from).c_str(), nullptr);
    }
    // Lip sync: whichever of sound and picture is early is held back by the offset.
    const gint64 offset = static_cast<gint64>(settings_.audio.offset_ms) * GST_MSECOND;
    if (offset > 0) {
        GPtr<GstPad> pad = GPtr<GstPad>::adopt(gst_element_get_static_pad(volume_.get(), "sink"));
        gst_pad_set_offset(pad.get(), offset);
    } else if (offset < 0) {
        GPtr<GstElement> mix = mixer_element(pipeline_, "program_mix");
        GPtr<GstPad> pad = GPtr<GstPad>::adopt(gst_element_get_static_pad(mix.get(), "src"));
        gst_pad_set_offset(pad.get(), -offset);
    }

    loud_at_ = std::chrono::steady_clock::now();
    for (const auto& ingest : cameras_) {
        if (std::ranges::find(state_.unplugged, ingest->id()) != state_.unplugged.end()) {
            ingest->set_unplugged(true);
        }
        ingest->start();
    }
    if (sound_) sound_->start();
    // A network camera takes seconds to connect: the slate shows meanwhile.
    if (SourceIngest* program = camera(state_.program); program && program->local()) {
        program->await_first_frame(kLocalFirstFrame);
    }
    update_layout();
}

bool HallMixer::on_slate() const {
    const SourceIngest* program = camera(state_.program);
    return state_.slate || !program || !program->connected();
}

bool HallMixer::sound_lost() const {
    if (sound_) return !sound_->connected();
    if (settings_.audio.kind != "camera") return false;
    const SourceIngest* source = camera(
        settings_.audio.camera.empty() ? settings_.sources.front().id : settings_.audio.camera);
    return !source->connected();
}

void HallMixer::update_layout() {
    if (!pipeline_) return;
    const bool slate = on_slate();
    for (std::size_t i = 0; i < cameras_.size(); ++i) {
        const bool shown = !slate && cameras_[i]->id() == state_.program;
        g_object_set(camera_pads_[i].get(), "alpha", shown ? 1.0 : 0.0, nullptr);
    }
    const SourceIngest* interpreter = camera(settings_.pip.camera);
    const bool corner = state_.pip && interpreter && interpreter->connected();
    g_object_set(pip_pad_.get(), "alpha", corner ? 1.0 : 0.0, nullptr);
    g_object_set(slate_pad_.get(), "alpha", slate ? 1.0 : 0.0, nullptr);
    // A lost source's channel already gives silence; muting as well keeps a half-received
    // moment of a dying camera off the air.
    g_object_set(volume_.get(), "mute", state_.muted || sound_lost(), nullptr);
}

HallState HallMixer::apply(const HallCommand& command) {
    SourceIngest* target = camera(command.camera);
    switch (command.kind) {
        case HallCommand::Kind::kCut:
            if (!target) throw InvalidInput("no such camera: " + command.camera);
            state_.program = command.camera;
            break;
        case HallCommand::Kind::kPip:
            state_.pip = command.on;
            break;
        case HallCommand::Kind::kSlate:
            state_.slate = command.on;
            break;
        case HallCommand::Kind::kMute:
            state_.muted = command.on;
            break;
        case HallCommand::Kind::kUnplug:
            if (!target) throw InvalidInput("no such camera: " + command.camera);
            std::erase(state_.unplugged, command.camera);
            if (command.on) state_.unplugged.push_back(command.camera);
            if (pipeline_) target->set_unplugged(command.on);
            break;
    }
    update_layout();
    return state_;
}

HallStatus HallMixer::status() const {
    HallStatus status;
    status.state = state_;
    status.on_slate = on_slate();
    const auto now = std::chrono::steady_clock::now();
    for (const auto& peak : peaks_) {
        if (now - peak.at <= kLevelWindow) status.level_db = std::max(status.level_db, peak.db);
    }
    if (silent_) {
        status.silent_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(now - loud_at_).count();
    }
    for (const auto& ingest : cameras_) status.sources.push_back(ingest->status());
    return status;
}

bool HallMixer::handle_message(GstMessage* message) {
    if (GST_MESSAGE_TYPE(message) != GST_MESSAGE_ELEMENT || !level_ ||
        GST_MESSAGE_SRC(message) != GST_OBJECT(level_.get())) {
        return false;
    }
    const GstStructure* s = gst_message_get_structure(message);
    const GValue* peaks = gst_structure_get_value(s, "peak");
    if (!peaks) return true;
    double peak = kNoSoundDb;
    // level still reports its channels as a GValueArray, deprecated in GLib but not replaced.
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    const auto* array = static_cast<const GValueArray*>(g_value_get_boxed(peaks));
    for (guint i = 0; array && i < array->n_values; ++i) {
        const double db =
            g_value_get_double(g_value_array_get_nth(const_cast<GValueArray*>(array), i));
        if (std::isfinite(db)) peak = std::max(peak, db);
    }
    G_GNUC_END_IGNORE_DEPRECATIONS
    const auto now = std::chrono::steady_clock::now();
    peaks_.push_back({now, peak});
    while (!peaks_.empty() && now - peaks_.front().at > kLevelWindow) peaks_.pop_front();
    silent_ = peak < kSilenceDb;
    if (!silent_) loud_at_ = now;
    return true;
}

}  // namespace councilcast::streamer
