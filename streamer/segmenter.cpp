#include "streamer/segmenter.hpp"

#include <fmt/core.h>
#include <gst/video/video.h>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <utility>

#include "common/error.hpp"
#include "common/gst_ptr.hpp"

namespace councilcast::streamer {
namespace {

constexpr const char* kClosedMessage = "councilcast-segment-closed";
constexpr const char* kPartMessage = "councilcast-part-closed";
constexpr const char* kBytesMessage = "councilcast-bytes";
constexpr std::size_t kTsPacket = 188;

// The element message's structure if it has that name.
const GstStructure* structure_named(GstMessage* message, const char* name) {
    if (GST_MESSAGE_TYPE(message) != GST_MESSAGE_ELEMENT) return nullptr;
    const GstStructure* s = gst_message_get_structure(message);
    return gst_structure_has_name(s, name) ? s : nullptr;
}

// A transport stream packet of PID 0 that starts a section: the PAT.
bool is_pat(const std::uint8_t* packet) {
    return packet[0] == 0x47 && (packet[1] & 0x40) != 0 && (packet[1] & 0x1f) == 0 &&
           packet[2] == 0;
}

}  // namespace

Segmenter::Segmenter(Settings settings) : settings_(std::move(settings)) {
    gst_segment_init(&segment_, GST_FORMAT_TIME);
}

Segmenter::~Segmenter() {
    if (!file_) return;
    std::fclose(file_);
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
}

void Segmenter::attach(GstElement* appsink) {
    sink_ = appsink;
    GstAppSinkCallbacks callbacks{};
    callbacks.eos = &Segmenter::eos_trampoline;
    callbacks.new_sample = &Segmenter::drain_trampoline;
    callbacks.new_event = &Segmenter::event_trampoline;
    gst_app_sink_set_callbacks(GST_APP_SINK(appsink), &callbacks, this, nullptr);
}

std::uint64_t Segmenter::number_at(GstClockTime running_time) const {
    // Half a keyframe interval early still counts as the boundary: a keyframe forced for an
    // instant lands on the first frame at or after it.
    return (running_time + settings_.keyframe_interval / 2) / settings_.segment_duration;
}

GstClockTime Segmenter::boundary(std::uint64_t number) const {
    return number * settings_.segment_duration;
}

GstClockTime Segmenter::part_boundary(int part) const {
    return boundary(number_) + part * settings_.segment_duration / settings_.parts_per_segment;
}

void Segmenter::open(GstClockTime start, std::uint64_t number) {
    number_ = number;
    start_ = start;
    part_ = 0;
    part_start_ = start;
    last_ = start;
    bytes_ = 0;
    path_ = fmt::format("{}{:06}.ts.part", settings_.path_prefix, number_);
    file_ = std::fopen(path_.c_str(), "wb");
    if (!file_) {
        throw Error(fmt::format("cannot write {}: {}", path_, std::strerror(errno)));
    }
}

void Segmenter::flush() {
    if (outgoing_.empty()) return;
    // The collected bytes move into the message's buffer as they are, not copied a second time.
    auto* owned = new std::string(std::exchange(outgoing_, {}));
    GstBuffer* buffer = gst_buffer_new_wrapped_full(
        GST_MEMORY_FLAG_READONLY, owned->data(), owned->size(), 0, owned->size(), owned,
        [](gpointer bytes) { delete static_cast<std::string*>(bytes); });
    GstStructure* s =
        gst_structure_new(kBytesMessage, "number", G_TYPE_UINT64, static_cast<guint64>(number_),
                          "part", G_TYPE_INT, part_, "bytes", GST_TYPE_BUFFER, buffer, nullptr);
    gst_buffer_unref(buffer);
    gst_element_post_message(sink_, gst_message_new_element(GST_OBJECT(sink_), s));
}

void Segmenter::close_part(GstClockTime end) {
    flush();
    GstStructure* s = gst_structure_new(
        kPartMessage, "number", G_TYPE_UINT64, static_cast<guint64>(number_), "part", G_TYPE_INT,
        part_, "start", G_TYPE_UINT64, static_cast<guint64>(part_start_), "end", G_TYPE_UINT64,
        static_cast<guint64>(end), "independent", G_TYPE_BOOLEAN, static_cast<gboolean>(part_ == 0),
        nullptr);
    gst_element_post_message(sink_, gst_message_new_element(GST_OBJECT(sink_), s));
}

void Segmenter::close(GstClockTime end) {
    if (settings_.parts_per_segment > 0) close_part(end);
    const bool written = std::fclose(std::exchange(file_, nullptr)) == 0;
    if (!written) {
        throw Error(fmt::format("cannot write {}: {}", path_, std::strerror(errno)));
    }
    GstStructure* s = gst_structure_new(
        kClosedMessage, "number", G_TYPE_UINT64, static_cast<guint64>(number_), "location",
        G_TYPE_STRING, path_.c_str(), "start", G_TYPE_UINT64, static_cast<guint64>(start_), "end",
        G_TYPE_UINT64, static_cast<guint64>(end), "empty", G_TYPE_BOOLEAN,
        static_cast<gboolean>(bytes_ == 0 || end <= start_), nullptr);
    gst_element_post_message(sink_, gst_message_new_element(GST_OBJECT(sink_), s));
}

std::optional<Segmenter::PartClosed> Segmenter::part_closed_of(GstMessage* message) {
    const GstStructure* s = structure_named(message, kPartMessage);
    if (!s) return std::nullopt;
    PartClosed part;
    guint64 number = 0;
    gboolean independent = FALSE;
    gst_structure_get_uint64(s, "number", &number);
    gst_structure_get_int(s, "part", &part.part);
    gst_structure_get_uint64(s, "start", &part.start);
    gst_structure_get_uint64(s, "end", &part.end);
    gst_structure_get_boolean(s, "independent", &independent);
    part.number = number;
    part.independent = independent;
    return part;
}

std::optional<Segmenter::Bytes> Segmenter::bytes_of(GstMessage* message) {
    const GstStructure* s = structure_named(message, kBytesMessage);
    if (!s) return std::nullopt;
    Bytes bytes;
    guint64 number = 0;
    gst_structure_get_uint64(s, "number", &number);
    gst_structure_get_int(s, "part", &bytes.part);
    bytes.number = number;
    bytes.buffer = gst_value_get_buffer(gst_structure_get_value(s, "bytes"));
    return bytes;
}

std::optional<Segmenter::Closed> Segmenter::segment_closed_of(GstMessage* message) {
    const GstStructure* s = structure_named(message, kClosedMessage);
    if (!s) return std::nullopt;
    Closed closed;
    guint64 number = 0;
    guint64 start = 0;
    guint64 end = 0;
    gboolean empty = FALSE;
    gst_structure_get_uint64(s, "number", &number);
    gst_structure_get_uint64(s, "start", &start);
    gst_structure_get_uint64(s, "end", &end);
    gst_structure_get_boolean(s, "empty", &empty);
    closed.number = number;
    closed.part_path = gst_structure_get_string(s, "location");
    closed.start = start;
    closed.end = end;
    closed.empty = empty;
    return closed;
}

void Segmenter::write_bytes(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return;
    if (std::fwrite(data, 1, size, file_) != size) {
        throw Error(fmt::format("cannot write {}: {}", path_, std::strerror(errno)));
    }
    bytes_ += static_cast<std::int64_t>(size);
    if (settings_.parts_per_segment > 0) {
        outgoing_.append(reinterpret_cast<const char*>(data), size);
    }
}

void Segmenter::write(GstBuffer* buffer) {
    GstClockTime running_time =
        gst_segment_to_running_time(&segment_, GST_FORMAT_TIME, GST_BUFFER_PTS(buffer));
    if (!GST_CLOCK_TIME_IS_VALID(running_time)) running_time = last_;
    // The first segment runs from the first packet to the next instant of the schedule.
    if (!file_) open(running_time, running_time / settings_.segment_duration);
    GstMapInfo map;
    if (!gst_buffer_map(buffer, &map, GST_MAP_READ)) return;
    std::size_t from = 0;
    if (settings_.audio_only && running_time >= boundary(number_ + 1)) {
        for (std::size_t at = 0; at + kTsPacket <= map.size; at += kTsPacket) {
            if (!is_pat(map.data + at)) continue;
            write_bytes(map.data, at);
            close(running_time);
            open(running_time, running_time / settings_.segment_duration);
            from = at;
            break;
        }
    }
    write_bytes(map.data + from, map.size - from);
    gst_buffer_unmap(buffer, &map);
    last_ = std::max(last_, running_time);
}

void Segmenter::start_part_at(GstSample* sample) {
    if (settings_.parts_per_segment == 0 || !file_ || part_ + 1 >= settings_.parts_per_segment) {
        return;
    }
    GstBuffer* first = nullptr;
    if (GstBufferList* list = gst_sample_get_buffer_list(sample)) {
        if (gst_buffer_list_length(list) > 0) first = gst_buffer_list_get(list, 0);
    } else {
        first = gst_sample_get_buffer(sample);
    }
    if (!first) return;
    // mpegtsmux hands over each packetised frame as one sample: a part starts at a frame.
    const GstClockTime running_time =
        gst_segment_to_running_time(&segment_, GST_FORMAT_TIME, GST_BUFFER_PTS(first));
    if (!GST_CLOCK_TIME_IS_VALID(running_time) || running_time < part_boundary(part_ + 1)) return;
    close_part(running_time);
    ++part_;
    part_start_ = running_time;
}

void Segmenter::take(GstMiniObject* object) {
    if (GST_IS_SAMPLE(object)) {
        GstSample* sample = GST_SAMPLE(object);
        if (const GstSegment* segment = gst_sample_get_segment(sample)) {
            gst_segment_copy_into(segment, &segment_);
        }
        start_part_at(sample);
        if (GstBufferList* list = gst_sample_get_buffer_list(sample)) {
            for (guint i = 0; i < gst_buffer_list_length(list); ++i) {
                write(gst_buffer_list_get(list, i));
            }
        } else if (GstBuffer* buffer = gst_sample_get_buffer(sample)) {
            write(buffer);
        }
        flush();
        return;
    }
    if (!GST_IS_EVENT(object)) return;
    GstEvent* event = GST_EVENT(object);
    if (settings_.audio_only || !file_ || !gst_video_event_is_force_key_unit(event)) return;
    GstClockTime running_time = GST_CLOCK_TIME_NONE;
    if (!gst_video_event_parse_downstream_force_key_unit(event, nullptr, nullptr, &running_time,
                                                         nullptr, nullptr) ||
        !GST_CLOCK_TIME_IS_VALID(running_time) ||
        running_time + settings_.keyframe_interval / 2 < boundary(number_ + 1)) {
        return;
    }
    close(running_time);
    open(running_time, number_at(running_time));
}

GstFlowReturn Segmenter::drain_trampoline(GstAppSink* sink, gpointer self) noexcept {
    auto* segmenter = static_cast<Segmenter*>(self);
    try {
        while (GstMiniObject* object = gst_app_sink_try_pull_object(sink, 0)) {
            const GPtr<GstMiniObject> owned = GPtr<GstMiniObject>::adopt(object);
            segmenter->take(object);
        }
    } catch (const std::exception& e) {
        GST_ELEMENT_ERROR(sink, RESOURCE, WRITE, ("%s", e.what()), (nullptr));
        return GST_FLOW_ERROR;
    }
    return GST_FLOW_OK;
}

gboolean Segmenter::event_trampoline(GstAppSink* sink, gpointer self) noexcept {
    return drain_trampoline(sink, self) == GST_FLOW_OK;
}

void Segmenter::eos_trampoline(GstAppSink* sink, gpointer self) noexcept {
    auto* segmenter = static_cast<Segmenter*>(self);
    if (drain_trampoline(sink, self) != GST_FLOW_OK || !segmenter->file_) return;
    try {
        segmenter->close(segmenter->last_);
    } catch (const std::exception& e) {
        GST_ELEMENT_ERROR(sink, RESOURCE, WRITE, ("%s", e.what()), (nullptr));
    }
}

}  // namespace councilcast::streamer
