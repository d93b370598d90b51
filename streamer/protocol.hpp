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
// Worker → portal: "ready", "segment", "ack", "status" and "rendition" (hall.hpp), "error".

// A segment file that is complete, fsynced and renamed to its final name.
struct SegmentClosed {
    std::string rendition;
    std::string file;  // name inside <output_dir>/<rendition>/
    std::int64_t start_unix_ms = 0;
    std::int64_t duration_us = 0;
    std::int64_t bytes = 0;
};

boost::json::value to_json(const SegmentClosed& segment);
// Throws InvalidInput for a malformed message.
SegmentClosed segment_closed_from_json(const boost::json::value& value);

// Serialises one message as a single line ending in '\n'.
std::string to_line(const boost::json::value& message);

}  // namespace councilcast::streamer
