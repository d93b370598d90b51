// The console's previews: a small, slow branch of a picture (videorate + videoscale + jpegenc)
// whose JPEGs are written to <output_dir>/preview/<name>.jpg, each under a temporary name first.
#pragma once

#include <gst/gst.h>

#include <string>

#include "common/gst_ptr.hpp"
#include "streamer/worker_settings.hpp"

namespace councilcast::streamer {

class PreviewWriter {
  public:
    // `name`: the file's name without ".jpg" (a source id, or "program").
    PreviewWriter(const WorkerSettings& settings, const std::string& name);
    PreviewWriter(const PreviewWriter&) = delete;
    PreviewWriter& operator=(const PreviewWriter&) = delete;

    // Off when the settings ask for no previews: then describe() is empty and attach does nothing.
    bool enabled() const { return enabled_; }
    // A launch description branch reading raw video from `from` (e.g. "t.") and ending in an
    // appsink named `sink_name`.
    std::string describe(const std::string& from, const std::string& sink_name) const;
    // Connects the appsink of `pipeline` named `sink_name`; the handler's data is the writer.
    // Its owner stops the pipeline, or disconnects that handler, before the writer goes.
    void attach(GstElement* pipeline, const std::string& sink_name);

  private:
    static GstFlowReturn sample_trampoline(GstElement* sink, gpointer self) noexcept;
    void write(GstSample* sample) const;

    bool enabled_ = false;
    int width_ = 0;
    int height_ = 0;
    int per_second_ = 0;
    std::string path_;
    std::string temporary_path_;
};

}  // namespace councilcast::streamer
