// The line-delimited JSON spoken between the portal and a streamer worker over a socketpair.
#pragma once

#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace councilcast::streamer {

// The file descriptor number the worker finds its end of the socketpair on.
constexpr int kWorkerFd = 3;
// A longer line is a protocol error: neither side buffers without bound.
constexpr std::size_t kMaxLineBytes = 64 * 1024;

// Portal → worker: {"type":"start","settings":{…}} first, then "overlay", "command" (hall.hpp)
// and "stop".
// Worker → portal: "ready", "segment", "part" and "media" (Low-Latency HLS), "ack", "status"
// and "rendition" (hall.hpp), "error".

// A segment file that is complete, fsynced and renamed to its final name.
struct SegmentClosed {
    std::string rendition;
    std::string file;  // name inside <output_dir>/<rendition>/
    std::int64_t start_unix_ms = 0;
    std::int64_t duration_us = 0;
    std::int64_t bytes = 0;
    // Its N in the ladder's schedule, counted from the worker's start: what parts name it by
    // before the portal has given it a media sequence number.
    std::int64_t fragment = 0;
};

// A part of a segment (Low-Latency HLS), closed: its bytes went before it in "media" frames.
struct PartClosed {
    std::string rendition;
    std::int64_t fragment = 0;  // its segment's SegmentClosed::fragment
    int part = 0;               // 0.. within the segment
    std::int64_t duration_us = 0;
    bool independent = false;  // starts with PAT, PMT and a keyframe
};

// Bytes of a part being written, as they are muxed: the one message that is not a line alone.
// The line {"type":"media",...,"bytes":N} is followed by exactly N raw bytes.
struct MediaBytes {
    std::string rendition;
    std::int64_t fragment = 0;
    int part = 0;
    std::int64_t bytes = 0;  // 1..kMaxMediaBytes
};
// A frame of a 1080p picture is far below this; a larger claim is a protocol error.
constexpr std::int64_t kMaxMediaBytes = 8 * 1024 * 1024;

boost::json::value to_json(const SegmentClosed& segment);
// Throws InvalidInput for a malformed message.
SegmentClosed segment_closed_from_json(const boost::json::value& value);
boost::json::value to_json(const PartClosed& part);
PartClosed part_closed_from_json(const boost::json::value& value);
boost::json::value to_json(const MediaBytes& media);
// Throws InvalidInput for a malformed header or a size outside 1..kMaxMediaBytes.
MediaBytes media_bytes_from_json(const boost::json::value& value);

// Serialises one message as a single line ending in '\n'.
std::string to_line(const boost::json::value& message);

}  // namespace councilcast::streamer
