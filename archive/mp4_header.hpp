// The length of a fragmented MP4 declared in its header before its fragments are written.
#pragma once

#include <cstdint>
#include <vector>

namespace councilcast::archive {

// Sets the duration `seconds` in the header (ftyp + moov) of a fragmented MP4 with an empty
// moov: in mvhd, every trak's tkhd and mdhd, and a mehd added to mvex (ISO/IEC 14496-12
// 8.8.2, the length of a fragmented movie). Throws Error if `header` is not such a header.
void declare_mp4_duration(std::vector<std::uint8_t>& header, double seconds);

}  // namespace councilcast::archive
