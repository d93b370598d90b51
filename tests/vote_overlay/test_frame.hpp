// Test helper: a real GstBuffer mapped as a writable video frame, with guard bytes after it.
#pragma once

#include <gst/gst.h>
#include <gst/video/video.h>

#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace councilcast::vote_overlay::test {

// Caps as videotestsrc or a camera sends them: no colorimetry, so GStreamer's default applies.
inline GstVideoInfo video_info(GstVideoFormat format, int width, int height) {
    static const bool initialised = gst_init_check(nullptr, nullptr, nullptr);
    if (!initialised) throw std::runtime_error("gst_init failed");
    const std::string caps_text =
        std::string("video/x-raw,format=") + gst_video_format_to_string(format) +
        ",width=" + std::to_string(width) + ",height=" + std::to_string(height) + ",framerate=25/1";
    GstCaps* caps = gst_caps_from_string(caps_text.c_str());
    GstVideoInfo info;
    const bool parsed = gst_video_info_from_caps(&info, caps);
    gst_caps_unref(caps);
    if (!parsed) throw std::runtime_error("bad caps " + caps_text);
    return info;
}

class TestFrame {
  public:
    static constexpr std::size_t kGuardBytes = 4096;
    static constexpr std::uint8_t kGuardValue = 0xa5;

    TestFrame(const GstVideoInfo& info, std::uint8_t y, std::uint8_t u, std::uint8_t v)
        : info_(info) {
        buffer_ = gst_buffer_new_allocate(nullptr, info_.size + kGuardBytes, nullptr);
        gst_buffer_memset(buffer_, 0, kGuardValue, info_.size + kGuardBytes);
        if (!gst_video_frame_map(&frame_, &info_, buffer_, GST_MAP_READWRITE) ||
            frame_.map[0].size != info_.size + kGuardBytes) {
            throw std::runtime_error("cannot map frame");
        }
        fill(y, u, v);
    }
    TestFrame(GstVideoFormat format, int width, int height, std::uint8_t y = 16,
              std::uint8_t u = 128, std::uint8_t v = 128)
        : TestFrame(video_info(format, width, height), y, u, v) {}
    TestFrame(const TestFrame&) = delete;
    TestFrame& operator=(const TestFrame&) = delete;
    ~TestFrame() {
        gst_video_frame_unmap(&frame_);
        gst_buffer_unref(buffer_);
    }

    GstVideoFrame& frame() { return frame_; }
    const GstVideoInfo& info() const { return info_; }

    // component 0 = Y at pixel (x, y); 1 = U, 2 = V at chroma sample (x, y).
    std::uint8_t& sample(int component, int x, int y) {
        auto* data = static_cast<std::uint8_t*>(GST_VIDEO_FRAME_COMP_DATA(&frame_, component));
        return data[y * GST_VIDEO_FRAME_COMP_STRIDE(&frame_, component) +
                    x * GST_VIDEO_FRAME_COMP_PSTRIDE(&frame_, component)];
    }
    std::uint8_t luma(int x, int y) { return sample(0, x, y); }
    std::uint8_t cb(int x, int y) { return sample(1, x, y); }
    std::uint8_t cr(int x, int y) { return sample(2, x, y); }

    void fill(std::uint8_t y, std::uint8_t u, std::uint8_t v) {
        const std::uint8_t values[] = {y, u, v};
        for (int c = 0; c < 3; ++c) {
            for (int row = 0; row < GST_VIDEO_FRAME_COMP_HEIGHT(&frame_, c); ++row) {
                for (int col = 0; col < GST_VIDEO_FRAME_COMP_WIDTH(&frame_, c); ++col) {
                    sample(c, col, row) = values[c];
                }
            }
        }
    }

    // Every byte of the buffer, frame and guard, for "nothing else changed" checks. Through the
    // frame's own mapping: the mapped frame holds a second reference, so the buffer itself is
    // not writable while mapped.
    std::vector<std::uint8_t> bytes() const {
        const auto* data = frame_.map[0].data;
        return std::vector<std::uint8_t>(data, data + frame_.map[0].size);
    }
    // Overwrites the whole buffer, frame and guard (e.g. with noise).
    void set_bytes(const std::vector<std::uint8_t>& bytes) {
        if (bytes.size() != frame_.map[0].size) throw std::runtime_error("wrong byte count");
        std::memcpy(frame_.map[0].data, bytes.data(), bytes.size());
    }

  private:
    GstVideoInfo info_;
    GstBuffer* buffer_ = nullptr;
    GstVideoFrame frame_{};
};

}  // namespace councilcast::vote_overlay::test
