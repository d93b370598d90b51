#include "streamer/preview_writer.hpp"

#include <fmt/core.h>
#include <gst/app/gstappsink.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace councilcast::streamer {
namespace {

constexpr int kPreviewJpegQuality = 60;  // a glance at the picture, not a still to keep

}  // namespace

PreviewWriter::PreviewWriter(const WorkerSettings& settings, const std::string& name) {
    const auto& program = settings.renditions.front();
    enabled_ = settings.preview_width > 0 && settings.previews_per_second > 0 && program.width > 0;
    if (!enabled_) return;
    width_ = settings.preview_width / 2 * 2;
    // The programme's shape (every camera is scaled to it), even for the JPEG encoder.
    height_ = std::max(2, width_ * program.height / program.width / 2 * 2);
    per_second_ = settings.previews_per_second;
    const auto directory = std::filesystem::path(settings.output_dir) / "preview";
    std::filesystem::create_directories(directory);
    path_ = (directory / (name + ".jpg")).string();
    temporary_path_ = (directory / ("." + name + ".jpg.tmp")).string();
}

std::string PreviewWriter::describe(const std::string& from, const std::string& sink_name) const {
    if (!enabled_) return {};
    // Frames are dropped first, so scaling and encoding cost a few frames a second; a leaky
    // queue keeps a slow encoder from ever holding the picture back.
    return fmt::format(
        "{} ! queue leaky=downstream max-size-buffers=1 ! videorate max-rate={} ! videoscale ! "
        "video/x-raw,width={},height={} ! jpegenc quality={} ! "
        "appsink name={} sync=false async=false max-buffers=1 drop=true emit-signals=true ",
        from, per_second_, width_, height_, kPreviewJpegQuality, sink_name);
}

void PreviewWriter::attach(GstElement* pipeline, const std::string& sink_name) {
    if (!enabled_) return;
    GPtr<GstElement> sink =
        GPtr<GstElement>::adopt(gst_bin_get_by_name(GST_BIN(pipeline), sink_name.c_str()));
    g_signal_connect(sink.get(), "new-sample", G_CALLBACK(sample_trampoline), this);
}

GstFlowReturn PreviewWriter::sample_trampoline(GstElement* sink, gpointer self) noexcept {
    GPtr<GstSample> sample = GPtr<GstSample>::adopt(gst_app_sink_pull_sample(GST_APP_SINK(sink)));
    if (sample) {
        try {
            static_cast<const PreviewWriter*>(self)->write(sample.get());
        } catch (const std::exception& e) {
            spdlog::warn("preview: {}", e.what());
        }
    }
    return GST_FLOW_OK;
}

// On the appsink's streaming thread. A throwaway picture: replaced a moment later, so written
// and renamed (a reader never sees half a JPEG) but not synced to disk.
void PreviewWriter::write(GstSample* sample) const {
    GstBuffer* buffer = gst_sample_get_buffer(sample);
    GstMapInfo map;
    if (!buffer || !gst_buffer_map(buffer, &map, GST_MAP_READ)) return;
    {
        std::ofstream out(temporary_path_, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(map.data), static_cast<std::streamsize>(map.size));
    }
    gst_buffer_unmap(buffer, &map);
    std::error_code error;
    std::filesystem::rename(temporary_path_, path_, error);
    if (error) spdlog::warn("preview {}: {}", path_, error.message());
}

}  // namespace councilcast::streamer
