// The live broadcast over HTTP: each channel's master and media playlists, its segments and the
// channels' state at /api/v1/live. Playlists and segments are what every viewer fetches every
// few seconds, so they answer from memory without waiting.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "archive/segment_index.hpp"
#include "config/config.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/broadcast/live_parts.hpp"
#include "portal/http/file_cache.hpp"
#include "portal/http/responses.hpp"
#include "streamer/hall.hpp"

namespace councilcast::portal {

class LiveRoutes {
  public:
    // Non-owning references: the portal keeps each alive for the server's lifetime.
    // `count_segment_bytes` is told the size of every segment served (for /metrics).
    // `parts`: the channels' parts in memory when [hls] parts_per_segment makes the playlists
    // Low-Latency HLS (RFC 8216bis), else null.
    LiveRoutes(const config::Config& config, archive::SegmentIndex& index, FileCache& files,
               std::function<void(std::uint64_t)> count_segment_bytes, LiveParts* parts);

    // /live/<channel>/master.m3u8, /live/<channel>/<rendition>/live.m3u8 and its segments, and
    // /api/v1/live; kept by the router while the server runs, pointing into this object.
    ModuleEntries entries();

    // The channel's master playlist announces what the rendition turned out to be (CODECS from
    // its SPS, its size and frame rate, its measured peak and average bit rates) instead of the
    // figures computed from the configuration that it lists before the first report. From any
    // thread; a report of a rendition the configuration does not list is ignored.
    void rendition_reported(const std::string& channel, const streamer::RenditionReport& report);

    // Whether segments of the channel are arriving now.
    bool on_air(const config::Channel& channel) const;

  private:
    // A live playlist changes only when a segment arrives; between, every viewer gets the same
    // bytes, shared by reference.
    struct CachedPlaylist {
        std::int64_t last_sequence = -1;
        std::shared_ptr<const std::string> text;
        std::shared_ptr<const std::string> gzip;
    };

    Reply channels(PageCall& call) const;
    Reply master_playlist(PageCall& call) const;
    Reply media_playlist(PageCall& call);
    Reply segment(PageCall& call);
    // Low-Latency HLS: the playlist with parts, held until the part or segment the player's
    // _HLS_msn / _HLS_part name is out; and a part from memory, held until it is written.
    boost::asio::awaitable<Reply> low_latency_playlist(PageCall& call);
    boost::asio::awaitable<Reply> segment_or_part(PageCall& call);
    // The playlist text for `view` of `window`, rendered once per change of the edge.
    SharedText render_low_latency(const config::Channel& channel,
                                  const config::Rendition& rendition,
                                  std::span<const archive::Segment> window,
                                  const LiveParts::View& view, bool skip);
    // The channel, or channel and rendition, the path names; NotFound for any other.
    const config::Channel& channel_of(const PageCall& call) const;
    std::pair<const config::Channel&, const config::Rendition&> rendition_of(
        const PageCall& call) const;

    // The master playlists' variants, by channel id, in the configuration's order.
    void build_master(const std::string& channel);

    const config::Config& config_;
    archive::SegmentIndex& index_;
    FileCache& files_;
    std::function<void(std::uint64_t)> count_segment_bytes_;
    std::filesystem::path media_root_;
    mutable std::mutex masters_mutex_;
    std::map<std::string, std::vector<archive::VariantInfo>> variants_;  // by channel id
    std::map<std::string, CachedPlaylist> masters_;                      // by channel id
    std::mutex playlists_mutex_;
    std::map<std::string, CachedPlaylist> playlists_;
    LiveParts* parts_;
    archive::LowLatencyTiming timing_;
    // Low-latency playlists by rendition and skip, with the edge they show.
    struct CachedLowLatency {
        std::uint64_t version = 0;
        std::int64_t last_sequence = -1;
        SharedText text;
    };
    std::mutex low_latency_mutex_;
    std::map<std::string, CachedLowLatency> low_latency_;
};

}  // namespace councilcast::portal
