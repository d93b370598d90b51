#include "archive/mp4_header.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>

#include "common/error.hpp"

// libavformat's MP4 muxer (FFmpeg 5.1) writes an empty moov with every duration 0 and no mehd,
// so a browser playing a clip over HTTP takes the first fragment's length for the whole; no
// muxer option sets them, and no Debian library edits MP4 boxes, hence these few lines.
namespace councilcast::archive {
namespace {

struct Box {
    std::size_t at = 0;    // where its size field is
    std::size_t size = 0;  // header included
};

std::uint32_t read32(const std::vector<std::uint8_t>& bytes, std::size_t at) {
    return static_cast<std::uint32_t>(bytes[at]) << 24 |
           static_cast<std::uint32_t>(bytes[at + 1]) << 16 |
           static_cast<std::uint32_t>(bytes[at + 2]) << 8 | bytes[at + 3];
}

void write32(std::vector<std::uint8_t>& bytes, std::size_t at, std::uint64_t value) {
    for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<std::uint8_t>(value >> (24 - 8 * i));
}

void write64(std::vector<std::uint8_t>& bytes, std::size_t at, std::uint64_t value) {
    write32(bytes, at, value >> 32);
    write32(bytes, at + 4, value & 0xffffffffU);
}

// The first box of `type` among the children in [from, to); 64-bit and open-ended sizes,
// which a header of this muxer never has, count as malformed.
std::optional<Box> child(const std::vector<std::uint8_t>& bytes, std::size_t from, std::size_t to,
                         std::string_view type) {
    for (std::size_t at = from; at + 8 <= to;) {
        const std::size_t size = read32(bytes, at);
        if (size < 8 || at + size > to) throw Error("the MP4 header has a malformed box");
        if (std::string_view(reinterpret_cast<const char*>(&bytes[at + 4]), 4) == type) {
            return Box{at, size};
        }
        at += size;
    }
    return std::nullopt;
}

Box required(const std::vector<std::uint8_t>& bytes, const Box& parent, std::string_view type) {
    auto found = child(bytes, parent.at + 8, parent.at + parent.size, type);
    if (!found) throw Error(fmt::format("the MP4 header has no {}", type));
    return *found;
}

// A full box's duration: after version/flags, the creation and modification times and
// `between` bytes (mvhd and mdhd: the timescale; tkhd: its track id and a reserved word).
void set_duration(std::vector<std::uint8_t>& bytes, const Box& box, std::size_t between,
                  std::uint64_t value) {
    const bool wide = bytes[box.at + 8] == 1;
    const std::size_t at = box.at + 12 + (wide ? 16 : 8) + between;
    if (at + (wide ? 8 : 4) > box.at + box.size) throw Error("the MP4 header has a short box");
    if (wide) {
        write64(bytes, at, value);
    } else {
        write32(bytes, at, std::min<std::uint64_t>(value, 0xffffffffU));
    }
}

std::uint32_t timescale(const std::vector<std::uint8_t>& bytes, const Box& box) {
    const bool wide = bytes[box.at + 8] == 1;
    return read32(bytes, box.at + 12 + (wide ? 16 : 8));
}

std::uint64_t ticks(double seconds, std::uint32_t scale) {
    return static_cast<std::uint64_t>(std::llround(seconds * scale));
}

}  // namespace

void declare_mp4_duration(std::vector<std::uint8_t>& header, double seconds) {
    if (!(seconds >= 0)) throw Error("an MP4's duration cannot be negative");
    const auto moov = child(header, 0, header.size(), "moov");
    if (!moov) throw Error("the MP4 header has no moov");
    const Box mvhd = required(header, *moov, "mvhd");
    const std::uint32_t movie_scale = timescale(header, mvhd);
    set_duration(header, mvhd, 4, ticks(seconds, movie_scale));
    for (std::size_t at = moov->at + 8; at < moov->at + moov->size;) {
        const auto trak = child(header, at, moov->at + moov->size, "trak");
        if (!trak) break;
        set_duration(header, required(header, *trak, "tkhd"), 8, ticks(seconds, movie_scale));
        const Box mdhd = required(header, required(header, *trak, "mdia"), "mdhd");
        set_duration(header, mdhd, 4, ticks(seconds, timescale(header, mdhd)));
        at = trak->at + trak->size;
    }
    const Box mvex = required(header, *moov, "mvex");
    constexpr std::size_t kMehdSize = 20;  // version 1: a 64-bit fragment_duration
    std::vector<std::uint8_t> mehd(kMehdSize, 0);
    write32(mehd, 0, kMehdSize);
    std::copy_n("mehd", 4, mehd.begin() + 4);
    mehd[8] = 1;
    write64(mehd, 12, ticks(seconds, movie_scale));
    header.insert(header.begin() + static_cast<std::ptrdiff_t>(mvex.at + 8), mehd.begin(),
                  mehd.end());
    write32(header, mvex.at, mvex.size + kMehdSize);
    write32(header, moov->at, moov->size + kMehdSize);
}

}  // namespace councilcast::archive
