#include "portal/recordings/demo_archive.hpp"

#include <fmt/core.h>
#include <gst/gst.h>
#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <exception>

#include "common/durable_file.hpp"
#include "common/error.hpp"
#include "common/gst_ptr.hpp"
#include "common/unix_time.hpp"
#include "portal/recordings/annotation_store.hpp"
#include "portal/recordings/caption_file.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace {

// The latest demo meeting's captions: what a chair and a member say over the test picture,
// every few seconds through its first minute, so a newcomer sees captions at once.
constexpr std::string_view kDemoCaptionsLt = R"(WEBVTT

00:00.500 --> 00:04.000
<v Pirmininkas>Laba diena, pradedame tarybos posėdį.

00:04.000 --> 00:08.000
<v Pirmininkas>Kvorumas yra: užsiregistravo 21 narys.

00:08.000 --> 00:12.000
<v Pirmininkas>Pirmasis darbotvarkės klausimas.

00:12.000 --> 00:16.000
<v Narė>Siūlau pritarti sprendimo projektui.

00:16.000 --> 00:20.000
<v Pirmininkas>Ar yra kitų nuomonių? Nėra.

00:20.000 --> 00:26.000
<v Pirmininkas>Balsuojame. Sprendimas <i>priimtas</i>.

00:30.000 --> 00:36.000
<v Pirmininkas>Pereiname prie kito klausimo.
)";
constexpr std::string_view kDemoCaptionsEn = R"(WEBVTT

00:00.500 --> 00:04.000
<v Chair>Good afternoon, we open the council meeting.

00:04.000 --> 00:08.000
<v Chair>We have a quorum: 21 members registered.

00:08.000 --> 00:12.000
<v Chair>The first item on the agenda.

00:12.000 --> 00:16.000
<v Member>I move that we approve the draft decision.

00:16.000 --> 00:20.000
<v Chair>Any other views? None.

00:20.000 --> 00:26.000
<v Chair>We vote. The decision is <i>adopted</i>.

00:30.000 --> 00:36.000
<v Chair>We move on to the next item.
)";

// Small enough to make quickly on a busy machine, large enough to read the meeting's name.
constexpr int kArchiveWidth = 640;
constexpr int kArchiveHeight = 360;
constexpr int kArchiveFramerate = 25;
constexpr int kArchiveVideoKbps = 400;
constexpr int kArchiveAudioKbps = 64;
constexpr int kAudioRate = 48000;
constexpr int kAudioSamplesPerBuffer = 1024;
// How often the bus wait looks whether the portal is stopping.
constexpr GstClockTime kStopPoll = 100 * GST_MSECOND;

struct MadeSegment {
    std::filesystem::path part;  // as the muxer wrote it
    std::int64_t offset_ms = 0;  // from the start of the recording
    std::int64_t duration_us = 0;
};

// A RecordingStore write awaited from this plain thread: on an io_context of its own, which
// the writer resumes when the job is done.
template <typename T>
void wait_for(asio::awaitable<T> write) {
    asio::io_context local;
    std::exception_ptr failure;
    asio::co_spawn(local, std::move(write),
                   [&failure](std::exception_ptr error, auto...) { failure = error; });
    local.run();
    if (failure) std::rethrow_exception(failure);
}

// The pipeline the streamer worker runs for a channel, without its live clock: a test picture
// with the meeting's name and the running time burned in, a quiet tone, one rendition's H.264
// with an IDR every segment and nowhere else, cut by splitmuxsink into MPEG-TS segments.
// Made faster than real time; only numbers go into the description, the title is set as a
// property.
std::vector<MadeSegment> record_test_picture(const config::Rendition& rendition,
                                             const std::string& title, std::chrono::seconds length,
                                             std::chrono::milliseconds segment,
                                             const std::string& location,
                                             const std::atomic<bool>& stopping) {
    const auto frames = length.count() * kArchiveFramerate;
    const auto gop = segment.count() * kArchiveFramerate / 1000;
    const auto audio_buffers = length.count() * kAudioRate / kAudioSamplesPerBuffer + 1;
    const std::string description = fmt::format(
        "videotestsrc pattern=smpte horizontal-speed=2 num-buffers={} ! "
        "video/x-raw,width={},height={},framerate={}/1,pixel-aspect-ratio=1/1 ! "
        "textoverlay name=title valignment=top halignment=left font-desc=\"Sans 20\" "
        "shaded-background=true ! "
        "timeoverlay valignment=bottom halignment=right font-desc=\"Sans 18\" "
        "shaded-background=true ! videoconvert ! "
        "x264enc speed-preset=superfast bitrate={} key-int-max={} "
        "option-string=\"scenecut=0:keyint-min={}\" ! video/x-h264,profile={} ! h264parse ! "
        "queue ! mux.video "
        "audiotestsrc wave=sine freq=440 volume=0.05 samplesperbuffer={} num-buffers={} ! "
        "audio/x-raw,rate={},channels=2 ! audioconvert ! avenc_aac bitrate={} ! aacparse ! "
        "queue ! mux.audio_0 "
        "splitmuxsink name=mux muxer-factory=mpegtsmux max-size-time={}",
        frames, kArchiveWidth, kArchiveHeight, kArchiveFramerate, kArchiveVideoKbps, gop, gop,
        rendition.profile, kAudioSamplesPerBuffer, audio_buffers, kAudioRate,
        kArchiveAudioKbps * 1000, segment.count() * GST_MSECOND);
    GErrorPtr error;
    auto pipeline = GPtr<GstElement>::sink(gst_parse_launch_full(
        description.c_str(), nullptr, GST_PARSE_FLAG_FATAL_ERRORS, error.out()));
    if (!pipeline || error) throw Error(fmt::format("demo archive pipeline: {}", error.message()));
    {
        auto overlay =
            GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline.get()), "title"));
        g_object_set(overlay.get(), "text", title.c_str(), nullptr);
        auto mux = GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline.get()), "mux"));
        g_object_set(mux.get(), "location", location.c_str(), nullptr);
    }
    auto bus = GPtr<GstBus>::adopt(gst_element_get_bus(pipeline.get()));
    std::vector<MadeSegment> made;
    GstClockTime opened = GST_CLOCK_TIME_NONE;
    std::string failure;
    bool ended = false;
    gst_element_set_state(pipeline.get(), GST_STATE_PLAYING);
    while (!ended && failure.empty() && !stopping) {
        auto message = GPtr<GstMessage>::adopt(gst_bus_timed_pop(bus.get(), kStopPoll));
        if (!message) continue;
        switch (GST_MESSAGE_TYPE(message.get())) {
            case GST_MESSAGE_ERROR: {
                GErrorPtr gst_error;
                GCharPtr debug;
                gst_message_parse_error(message.get(), gst_error.out(), debug.out());
                failure = fmt::format("{} ({})", gst_error.message(), debug.get());
                break;
            }
            case GST_MESSAGE_EOS:
                ended = true;
                break;
            case GST_MESSAGE_ELEMENT: {
                const GstStructure* s = gst_message_get_structure(message.get());
                GstClockTime running_time = 0;
                if (!s || !gst_structure_get_uint64(s, "running-time", &running_time)) break;
                if (gst_structure_has_name(s, "splitmuxsink-fragment-opened")) {
                    opened = running_time;
                } else if (const char* location = gst_structure_get_string(s, "location");
                           location && opened != GST_CLOCK_TIME_NONE && running_time > opened &&
                           gst_structure_has_name(s, "splitmuxsink-fragment-closed")) {
                    made.push_back(
                        {location, static_cast<std::int64_t>(opened / GST_MSECOND),
                         static_cast<std::int64_t>((running_time - opened) / GST_USECOND)});
                    opened = GST_CLOCK_TIME_NONE;
                }
                break;
            }
            default:
                break;
        }
    }
    gst_element_set_state(pipeline.get(), GST_STATE_NULL);
    if (!failure.empty()) throw Error(fmt::format("demo archive pipeline: {}", failure));
    if (!ended) return {};  // stopping
    return made;
}

// The latest held council meetings with an agenda, oldest first (segments numbered in the
// order of their times).
std::vector<const Meeting*> held_meetings(const CouncilSnapshot& council, std::size_t count) {
    std::vector<const Meeting*> held;
    for (const auto& meeting : council.meetings) {
        if (meeting.status == MeetingStatus::kEnded && meeting.kind == MeetingKind::kCouncil &&
            !council.agenda(meeting.id).empty()) {
            held.push_back(&meeting);
        }
    }
    std::sort(held.begin(), held.end(),
              [](const Meeting* a, const Meeting* b) { return a->starts_unix < b->starts_unix; });
    if (held.size() > count) held.erase(held.begin(), held.end() - count);
    return held;
}

}  // namespace

config::Channel demo_archive_channel(const config::Channel& live) {
    config::Channel channel = live;
    channel.id = kDemoArchiveChannel;
    // One small rendition, named for what it is.
    config::Rendition rendition =
        live.renditions.empty() ? config::Rendition{} : live.renditions.front();
    rendition.name = fmt::format("{}p", kArchiveHeight);
    rendition.width = kArchiveWidth;
    rendition.height = kArchiveHeight;
    rendition.framerate = kArchiveFramerate;
    rendition.video_bitrate_kbps = kArchiveVideoKbps;
    rendition.audio_bitrate_kbps = kArchiveAudioKbps;
    channel.renditions = {rendition};
    return channel;
}

DemoArchive::DemoArchive(Services services, Shape shape)
    : services_(std::move(services)), shape_(shape) {}

DemoArchive::~DemoArchive() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
}

void DemoArchive::start() {
    thread_ = std::thread([this] {
        try {
            run();
        } catch (const std::exception& e) {
            spdlog::error("[demo archive] {}", e.what());
        }
        std::lock_guard lock(mutex_);
        done_ = true;
        ended_.notify_all();
    });
}

bool DemoArchive::wait(std::chrono::steady_clock::duration timeout) {
    std::unique_lock lock(mutex_);
    return ended_.wait_for(lock, timeout, [this] { return done_; });
}

void DemoArchive::run() {
    const auto council = services_.council.snapshot();
    const auto recordings = services_.recordings.snapshot();
    // Made once: a demo that already has its archive (or a visitor's later recordings on this
    // channel) keeps it as it is.
    const auto existing = std::count_if(
        recordings->recordings.begin(), recordings->recordings.end(),
        [](const Recording& recording) { return recording.channel == kDemoArchiveChannel; });
    if (static_cast<std::size_t>(existing) >= shape_.meetings) return;
    // The portal itself runs no pipeline (each channel's is in its worker process); this thread
    // is the one place it does, for the demo only.
    GErrorPtr init_error;
    if (!gst_init_check(nullptr, nullptr, init_error.out())) {
        throw Error(fmt::format("GStreamer: {}", init_error.message()));
    }
    const auto held = held_meetings(*council, shape_.meetings);
    for (const Meeting* meeting : held) {
        if (stopping_) return;
        if (recordings->recording(meeting->id)) continue;
        record(*meeting, meeting == held.front());
    }
}

void DemoArchive::record(const Meeting& meeting, bool captioned) {
    const auto started = std::chrono::steady_clock::now();
    const std::int64_t start_ms = meeting.starts_unix * 1000;
    // Named as the streamer names segments (a run id in hex, a number), which is what the
    // segment routes serve, and never reused: a run cut short leaves its files unregistered and
    // the next one writes new ones.
    const std::string run = fmt::format("{:x}{:04x}", now_unix_ms(), meeting.id & 0xffff);
    std::int64_t length_ms = 0;
    for (const auto& rendition : services_.channel.renditions) {
        const auto folder = services_.media_root / services_.channel.id / rendition.name;
        std::filesystem::create_directories(folder);
        const auto made =
            record_test_picture(rendition, meeting.title.lt, shape_.length, shape_.segment,
                                (folder / fmt::format("{}-%06d.ts.part", run)).string(), stopping_);
        if (made.empty()) return;
        std::vector<archive::NewSegment> segments;
        for (const auto& piece : made) {
            auto file = piece.part.filename().string();
            file.erase(file.size() - std::string_view(".part").size());
            const auto bytes = publish_file_durably(piece.part, folder / file);
            segments.push_back({file, start_ms + piece.offset_ms, piece.duration_us,
                                static_cast<std::int64_t>(bytes)});
        }
        length_ms = std::max(length_ms, made.back().offset_ms + made.back().duration_us / 1000);
        // One writer job, so one transaction: a crash leaves all of this rendition's segments
        // or none. Each recording's timestamps start afresh, so its first segment follows a
        // break as a worker restart's does.
        auto& index = services_.index;
        const std::string channel = services_.channel.id;
        const std::string rendition_name = rendition.name;
        const auto written = services_.writer.execute([&](Database&) {
            index.mark_discontinuity(channel);
            std::vector<archive::Segment> rows;
            for (const auto& segment : segments) {
                rows.push_back(index.write(channel, rendition_name, segment));
            }
            return rows;
        });
        for (const auto& row : written) index.remember(row);
    }
    auto& store = services_.recordings;
    wait_for(store.start(meeting.id, services_.channel.id, start_ms));
    wait_for(store.finish(meeting.id, start_ms + length_ms));
    // The agenda items in turn across the recording, each decided one's vote after its debate.
    const auto council = services_.council.snapshot();
    const auto agenda = council->agenda(meeting.id);
    const std::int64_t slot_ms = (length_ms - 2000) / static_cast<std::int64_t>(agenda.size());
    for (std::size_t i = 0; i < agenda.size(); ++i) {
        const AgendaItem& item = agenda[i];
        const std::int64_t at = start_ms + 1000 + static_cast<std::int64_t>(i) * slot_ms;
        wait_for(store.mark(meeting.id, ChapterKind::kAgenda, item.id, item.title, at));
        if (const Decision* decision = council->decision_on(item.id)) {
            LocalizedText title{fmt::format("{}: {}", decision->number, item.title.lt),
                                item.title.en.empty()
                                    ? std::string()
                                    : fmt::format("{}: {}", decision->number, item.title.en)};
            wait_for(store.mark(meeting.id, ChapterKind::kVote, decision->id, std::move(title),
                                at + slot_ms * 3 / 4));
        }
    }
    annotate(meeting, start_ms + length_ms, slot_ms);
    if (captioned) {
        // Through the upload's own parser: the demo's tracks are files an editor could upload.
        for (const auto& [language, file] : {std::pair{Language::kLt, kDemoCaptionsLt},
                                             std::pair{Language::kEn, kDemoCaptionsEn}}) {
            std::vector<StoredCue> cues;
            // A demo made shorter (tests) keeps the cues that fit.
            for (const CaptionCue& cue : parse_caption_file(file, CaptionLimits{})) {
                if (cue.end_ms > length_ms) continue;
                cues.push_back({0, start_ms + cue.start_ms, start_ms + cue.end_ms, cue.text});
            }
            block_on(services_.captions.replace_track(meeting.id, language, "demo.vtt",
                                                      std::move(cues), nullptr));
        }
    }
    spdlog::info("[demo archive] meeting {} recorded: {} s in {} ms", meeting.id, length_ms / 1000,
                 std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count());
}

void DemoArchive::annotate(const Meeting& meeting, std::int64_t end_ms, std::int64_t slot_ms) {
    // What an editor adds, so a newcomer sees it on the meeting page, the member page and in
    // search: the chair (first on the roster) summing up and a public note, after every
    // automatic mark (the last vote's is a quarter slot and a second before the end), so the
    // agenda's chapters keep their places in the list. The demo is no editor: no audit entry,
    // and user 0's undo.
    AnnotationStore annotations(services_.writer, services_.recordings);
    const std::int64_t closing_ms = end_ms - 1000 - slot_ms / 5;
    RecordingNote note;
    note.meeting_id = meeting.id;
    note.is_public = true;
    note.text = {"Pirmininkas apibendrina posėdį ir praneša kito posėdžio datą.",
                 "The chair sums up the meeting and announces the next one."};
    note.from_unix_ms = closing_ms;
    wait_for(annotations.save_note(0, note, {}));
    const auto council = services_.council.snapshot();
    if (!council->members.empty()) {
        SpeakerRange speaker;
        speaker.meeting_id = meeting.id;
        speaker.member_id = council->members.front().id;
        speaker.from_unix_ms = closing_ms + 100;
        speaker.to_unix_ms = end_ms - 500;
        wait_for(annotations.save_speaker(0, speaker, {}));
    }
}

}  // namespace councilcast::portal
