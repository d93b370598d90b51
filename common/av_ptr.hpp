// Owners for FFmpeg (libav*) handles: one alias of CPtr per type.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
}

#include <string>

#include "common/c_ptr.hpp"

namespace councilcast {

using AVFormatContextPtr = CPtr<&avformat_close_input>;
using AVCodecContextPtr = CPtr<&avcodec_free_context>;
using AVFramePtr = CPtr<&av_frame_free>;
using AVPacketPtr = CPtr<&av_packet_free>;

inline std::string av_error_text(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

}  // namespace councilcast
