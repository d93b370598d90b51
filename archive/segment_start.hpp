// Where an MPEG-TS segment starts on the 90 kHz clock its timestamps run on: what a WebVTT
// subtitle segment's X-TIMESTAMP-MAP names so players line its cues up with the picture.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

namespace councilcast::archive {

// The segment's first presentation timestamp, 90 kHz ticks (33 bits, as in the stream): the
// earliest of its first video and first audio packet's, read with libavformat, as hls.js takes
// the earliest of them for a stream's start. Nothing when the file cannot be read or has no
// timestamp in its first packets.
std::optional<std::int64_t> segment_start_pts(const std::filesystem::path& segment);

}  // namespace councilcast::archive
