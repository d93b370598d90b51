// Owners for FFmpeg (libav*) handles: one alias of CPtr per type.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavcodec/bsf.h>
#include <libavformat/avformat.h>
#include <libavformat/avio.h>
#include <libavutil/error.h>
#include <libswscale/swscale.h>
}

#include <string>

#include "common/c_ptr.hpp"

namespace councilcast {

using AVFormatContextPtr = CPtr<&avformat_close_input>;
using AVCodecContextPtr = CPtr<&avcodec_free_context>;
using AVFramePtr = CPtr<&av_frame_free>;
using AVPacketPtr = CPtr<&av_packet_free>;
// A muxer's context: it has no input to close, so it is freed, never closed.
using AVOutputContextPtr = CPtr<&avformat_free_context>;
using AVBSFContextPtr = CPtr<&av_bsf_free>;
using SwsContextPtr = CPtr<&sws_freeContext>;

// An AVIOContext made by avio_alloc_context: its buffer (which libavformat may have replaced by
// a larger one) is the caller's to free, before the context.
inline void free_avio_context(AVIOContext** context) {
    if (*context) av_freep(&(*context)->buffer);
    avio_context_free(context);
}
using AVIOContextPtr = CPtr<&free_avio_context>;

inline std::string av_error_text(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

}  // namespace councilcast
