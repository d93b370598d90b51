// Owners for FFmpeg (libav*) handles: one deleter template, one alias per type.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
}

#include <memory>
#include <string>

namespace councilcast {

template <auto Free>
struct AvDeleter;

template <typename T, void (*Free)(T**)>
struct AvDeleter<Free> {
    void operator()(T* p) const { Free(&p); }
};

using AVFormatContextPtr = std::unique_ptr<AVFormatContext, AvDeleter<&avformat_close_input>>;
using AVCodecContextPtr = std::unique_ptr<AVCodecContext, AvDeleter<&avcodec_free_context>>;
using AVFramePtr = std::unique_ptr<AVFrame, AvDeleter<&av_frame_free>>;
using AVPacketPtr = std::unique_ptr<AVPacket, AvDeleter<&av_packet_free>>;

inline std::string av_error_text(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

}  // namespace councilcast
