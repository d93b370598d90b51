#include "portal/broadcast/live_routes.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include <chrono>
#include <regex>

#include "archive/ll_playlist.hpp"
#include "archive/playlist.hpp"
#include "common/error.hpp"
#include "portal/http/file_response.hpp"
#include "portal/http/shared_body.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;
namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
// A part ends at the first muxed frame at or after its share of the segment: an AAC frame (1024
// samples at 48 kHz) comes every 21.3 ms, so a part is at most that much longer than its share.
constexpr std::int64_t kPartSlackUs = 22'000;
constexpr std::string_view kPlaylistType = "application/vnd.apple.mpegurl";
// A channel counts as live while its newest segment ended less than this many segment
// durations ago.
constexpr int kLiveGraceSegments = 3;

// RFC 6381 codecs as the streamer reports them, e.g. "avc1.64002a,mp4a.40.2".
const std::regex kReportedCodecs("[A-Za-z0-9.]{1,32}(,[A-Za-z0-9.]{1,32}){0,3}");
constexpr int kMaxSide = 8192;
constexpr double kMaxFramerate = 240;

const std::regex kSegmentName("[0-9a-f]{1,16}-[0-9]{6,10}\\.ts");
// LiveParts' names: "<portal run>r<worker run>-<fragment>.<part>.ts".
const std::regex kPartName("[0-9a-f]{1,16}r[0-9]{1,9}-[0-9]{6,10}\\.[0-9]{1,2}\\.ts");
// A part is the same bytes for good; a caching tier may keep it a while.
constexpr std::string_view kPartCacheControl = "public, max-age=60";

std::int64_t unix_ms_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string live_playlist_cache_control(const config::Hls& hls) {
    // About a segment's duration: a caching tier in front serves each new playlist once per
    // segment, and a viewer is at most that much behind.
    return fmt::format("public, max-age={}", std::max<long>(1, hls.segment_duration.count() - 1));
}

}  // namespace

LiveRoutes::LiveRoutes(const config::Config& config, archive::SegmentIndex& index, FileCache& files,
                       std::function<void(std::uint64_t)> count_segment_bytes, LiveParts* parts)
    : config_(config),
      index_(index),
      files_(files),
      count_segment_bytes_(std::move(count_segment_bytes)),
      media_root_(config.server.data_dir / "media"),
      parts_(parts) {
    const std::int64_t segment_us =
        std::chrono::duration_cast<std::chrono::microseconds>(config.hls.segment_duration).count();
    timing_.target_duration_s = static_cast<int>(config.hls.segment_duration.count());
    // The streamer cuts a part at the first frame at or after each equal share of the segment,
    // a little longer than the share, which the target must allow.
    if (config.hls.parts_per_segment > 0) {
        timing_.part_target_us = segment_us / config.hls.parts_per_segment + kPartSlackUs;
    }
    // Until a rendition's first report, its figures are computed from the configuration.
    for (const auto& channel : config_.channels) {
        std::vector<archive::VariantInfo>& variants = variants_[channel.id];
        for (const auto& rendition : channel.renditions) {
            variants.push_back(
                archive::variant_info(rendition.name + "/live.m3u8", rendition.width,
                                      rendition.height, rendition.framerate, rendition.profile,
                                      rendition.video_bitrate_kbps, rendition.audio_bitrate_kbps));
        }
        build_master(channel.id);
    }
}

void LiveRoutes::build_master(const std::string& channel) {
    auto text =
        std::make_shared<const std::string>(archive::master_playlist(variants_.at(channel)));
    masters_[channel] = {0, text, std::make_shared<const std::string>(gzip(*text))};
}

void LiveRoutes::rendition_reported(const std::string& channel,
                                    const streamer::RenditionReport& report) {
    std::lock_guard lock(masters_mutex_);
    auto found = variants_.find(channel);
    if (found == variants_.end()) return;
    const std::string uri = report.rendition + "/live.m3u8";
    for (archive::VariantInfo& variant : found->second) {
        if (variant.uri != uri) continue;
        // A report before any whole segment measured nothing: the estimate stays. The worker's
        // figures go into the playlist's text only when they are what they claim to be.
        if (!std::regex_match(report.codecs, kReportedCodecs) || report.peak_bandwidth <= 0 ||
            report.average_bandwidth <= 0 || report.width < 0 || report.width > kMaxSide ||
            report.height < 0 || report.height > kMaxSide || report.framerate < 0 ||
            report.framerate > kMaxFramerate) {
            return;
        }
        variant.codecs = report.codecs;
        variant.width = report.width;
        variant.height = report.height;
        variant.framerate = report.framerate;
        variant.bandwidth = report.peak_bandwidth;
        variant.average_bandwidth = report.average_bandwidth;
        build_master(channel);
        return;
    }
}

ModuleEntries LiveRoutes::entries() {
    constexpr Addresses kProgram = Addresses::kProgram;
    ModuleEntries entries;
    entries.routes = {
        open_route("/api/v1/live", answer_of(this, &LiveRoutes::channels), kProgram),
        open_route("/live/{channel}/master.m3u8", answer_of(this, &LiveRoutes::master_playlist),
                   kProgram),
    };
    if (!parts_) {
        entries.routes.push_back(open_route("/live/{channel}/{rendition}/live.m3u8",
                                            answer_of(this, &LiveRoutes::media_playlist),
                                            kProgram));
        entries.routes.push_back(open_route("/live/{channel}/{rendition}/{segment}",
                                            answer_of(this, &LiveRoutes::segment), kProgram));
        return entries;
    }
    const auto waiting_route = [](std::string_view pattern, auto handler) {
        return PageRoute{.method = http::verb::get,
                         .pattern = pattern,
                         .access = Access::anyone(),
                         .handler = std::move(handler),
                         .addresses = Addresses::kProgram};
    };
    entries.routes.push_back(waiting_route("/live/{channel}/{rendition}/live.m3u8",
                                           handler_of(this, &LiveRoutes::low_latency_playlist)));
    entries.routes.push_back(waiting_route("/live/{channel}/{rendition}/{segment}",
                                           handler_of(this, &LiveRoutes::segment_or_part)));
    return entries;
}

bool LiveRoutes::on_air(const config::Channel& channel) const {
    auto window = index_.live_window(channel.id, channel.renditions.front().name, 1);
    if (window.empty()) return false;
    const auto& last = window.back();
    const std::int64_t end_ms = last.start_unix_ms + last.duration_us / 1000;
    const std::int64_t grace_ms =
        kLiveGraceSegments *
        std::chrono::duration_cast<std::chrono::milliseconds>(config_.hls.segment_duration).count();
    return unix_ms_now() - end_ms < grace_ms;
}

const config::Channel& LiveRoutes::channel_of(const PageCall& call) const {
    for (const auto& channel : config_.channels) {
        if (channel.id == call.parameter("channel")) return channel;
    }
    throw NotFound();
}

std::pair<const config::Channel&, const config::Rendition&> LiveRoutes::rendition_of(
    const PageCall& call) const {
    const config::Channel& channel = channel_of(call);
    for (const auto& rendition : channel.renditions) {
        if (rendition.name == call.parameter("rendition")) return {channel, rendition};
    }
    throw NotFound();
}

Reply LiveRoutes::channels(PageCall& call) const {
    json::array channels;
    for (const auto& channel : config_.channels) {
        channels.push_back(json::object{
            {"id", channel.id},
            {"title", channel.title_lt},
            {"title_en", channel.title_en},
            {"status", on_air(channel) ? "live" : "offline"},
            {"master_playlist", fmt::format("/live/{}/master.m3u8", channel.id)},
        });
    }
    auto res =
        text_response(call.request(), http::status::ok, "application/json",
                      json::serialize(json::object{{"channels", std::move(channels)}}), "no-cache");
    res.set(http::field::access_control_allow_origin, "*");
    return res;
}

Reply LiveRoutes::master_playlist(PageCall& call) const {
    CachedPlaylist master;
    {
        std::lock_guard lock(masters_mutex_);
        master = masters_.at(channel_of(call).id);
    }
    auto res = shared_text_response(call.request(), {master.text, master.gzip}, kPlaylistType,
                                    "public, max-age=10");
    // Players on other sites (the municipal website's own) read the playlists too.
    res.set(http::field::access_control_allow_origin, "*");
    return res;
}

Reply LiveRoutes::media_playlist(PageCall& call) {
    const auto [channel, rendition] = rendition_of(call);
    const std::string key = channel.id + "/" + rendition.name;
    const std::int64_t last_sequence = index_.last_sequence(channel.id, rendition.name);
    CachedPlaylist current;
    {
        std::lock_guard lock(playlists_mutex_);
        current = playlists_[key];
    }
    if (!current.text || current.last_sequence != last_sequence) {
        // Built outside the lock; two threads may build the same playlist once, which is cheaper
        // than making every viewer wait for one.
        auto window =
            index_.live_window(channel.id, rendition.name, config_.hls.live_window_segments);
        current.last_sequence = window.empty() ? -1 : window.back().sequence;
        current.text = std::make_shared<const std::string>(archive::live_media_playlist(
            window, static_cast<int>(config_.hls.segment_duration.count())));
        current.gzip = std::make_shared<const std::string>(gzip(*current.text));
        std::lock_guard lock(playlists_mutex_);
        auto& cached = playlists_[key];
        if (cached.last_sequence <= current.last_sequence) cached = current;
    }
    auto res = shared_text_response(call.request(), {current.text, current.gzip}, kPlaylistType,
                                    live_playlist_cache_control(config_.hls));
    res.set(http::field::access_control_allow_origin, "*");
    return res;
}

Reply LiveRoutes::segment(PageCall& call) {
    const auto [channel, rendition] = rendition_of(call);
    const std::string& file = call.parameter("segment");
    if (!std::regex_match(file, kSegmentName)) throw NotFound();
    // Resolving the path (realpath: a readlink per component, twice) took 11.5% of the portal's
    // CPU serving segments under load. The name is checked above and the channel and rendition
    // come from the configuration, so a segment confined to the media root once is found again
    // by this path, with one stat so that a deleted segment stops being served.
    const auto lexical = media_root_ / channel.id / rendition.name / file;
    // The cache keeps a segment's file open too, so it goes out with sendfile(2).
    auto cached = files_.find_cached(lexical);
    std::error_code ec;
    if (cached.data && !std::filesystem::is_regular_file(lexical, ec)) throw NotFound();
    if (!cached.data) {
        const std::string parts[] = {channel.id, rendition.name, file};
        auto path = resolve_under(media_root_, parts);
        if (!path) throw NotFound();
        cached = files_.get_cached(*path, lexical);
    }
    if (!cached.found()) throw NotFound();
    if (call.request().method() != http::verb::head) count_segment_bytes_(cached.size);
    return file_response(call.request(), std::move(cached), "video/mp2t", kImmutable);
}

asio::awaitable<Reply> LiveRoutes::segment_or_part(PageCall& call) {
    const std::string& file = call.parameter("segment");
    if (!std::regex_match(file, kPartName)) co_return segment(call);
    const auto [channel, rendition] = rendition_of(call);
    // A preload hint's part is asked for before it is whole: streamed as it is written. A HEAD
    // request for it waits until it is whole, at most as long as a blocking playlist request.
    const auto deadline = std::chrono::steady_clock::now() + archive::max_blocking_wait(timing_);
    for (;;) {
        const std::uint64_t version = parts_->version(channel.id);
        const LiveParts::Found found = parts_->part(channel.id, rendition.name, file);
        if (found.bytes) {
            http::response<SharedBody> res{http::status::ok, call.request().version()};
            res.set(http::field::content_type, "video/mp2t");
            res.set(http::field::cache_control, kPartCacheControl);
            res.set(http::field::access_control_allow_origin, "*");
            res.keep_alive(call.request().keep_alive());
            res.content_length(found.bytes->size());
            if (call.request().method() != http::verb::head) {
                count_segment_bytes_(found.bytes->size());
                res.body() = SharedBody::value_type{found.bytes, 0, found.bytes->size()};
            }
            co_return res;
        }
        if (!found.pending || std::chrono::steady_clock::now() >= deadline) throw NotFound();
        // Being written (a preload hint's request): its bytes as they are muxed, chunked.
        auto stream = std::make_shared<ByteStream>();
        if (call.request().method() == http::verb::get &&
            parts_->stream(channel.id, rendition.name, file, stream)) {
            http::response<http::empty_body> head{http::status::ok, call.request().version()};
            head.set(http::field::content_type, "video/mp2t");
            head.set(http::field::cache_control, "no-cache");
            head.set(http::field::access_control_allow_origin, "*");
            co_return byte_stream_reply(call.request(), std::move(head), std::move(stream));
        }
        co_await parts_->wait(channel.id, version, deadline);
    }
}

asio::awaitable<Reply> LiveRoutes::low_latency_playlist(PageCall& call) {
    const auto [channel, rendition] = rendition_of(call);
    const std::string msn = call.query("_HLS_msn");
    const std::string part = call.query("_HLS_part");
    const std::string skip = call.query("_HLS_skip");
    archive::DeliveryDirectives directives;
    if (!msn.empty()) directives.msn = msn;
    if (!part.empty()) directives.part = part;
    if (!skip.empty()) directives.skip = skip;
    const auto deadline = std::chrono::steady_clock::now() + archive::max_blocking_wait(timing_);
    for (;;) {
        const std::uint64_t version = parts_->version(channel.id);
        const auto window =
            index_.live_window(channel.id, rendition.name, config_.hls.live_window_segments);
        const LiveParts::View view = parts_->view(channel.id, rendition.name, window);
        // Before the first segment of a worker run is indexed there is no part to name: the
        // standard playlist, at once (a player reloads it after a target duration).
        if (view.next_part_uri.empty()) co_return media_playlist(call);
        const archive::LowLatencyWindow edge_window{
            .segments = window, .parts = view.parts, .next_part_uri = view.next_part_uri};
        const archive::ReloadDecision decision =
            archive::decide_reload(directives, archive::live_edge(edge_window), timing_);
        if (decision.answer == archive::ReloadAnswer::kBadRequest) {
            spdlog::debug("[channel:{}] playlist request refused: {}", channel.id, decision.reason);
            co_return text_response(call.request(), http::status::bad_request, "text/plain",
                                    decision.reason + "\n", "no-store");
        }
        if (decision.answer == archive::ReloadAnswer::kReady) {
            auto res = shared_text_response(
                call.request(), render_low_latency(channel, rendition, window, view, decision.skip),
                kPlaylistType,
                // A blocking request's answer is for that request; the plain one for as long as
                // a part lasts.
                directives.msn ? "no-cache" : "public, max-age=1");
            res.set(http::field::access_control_allow_origin, "*");
            co_return res;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            // RFC 8216bis 6.2.5.2: the edge stood still for three target durations (the worker
            // stalled or restarts).
            co_return text_response(call.request(), http::status::service_unavailable, "text/plain",
                                    "the live edge has not moved\n", "no-store");
        }
        co_await parts_->wait(channel.id, version, deadline);
    }
}

SharedText LiveRoutes::render_low_latency(const config::Channel& channel,
                                          const config::Rendition& rendition,
                                          std::span<const archive::Segment> window,
                                          const LiveParts::View& view, bool skip) {
    const std::string key = fmt::format("{}/{}/{}", channel.id, rendition.name, skip);
    {
        std::lock_guard lock(low_latency_mutex_);
        const auto cached = low_latency_.find(key);
        if (cached != low_latency_.end() && cached->second.version == view.version &&
            cached->second.last_sequence == window.back().sequence) {
            return cached->second.text;
        }
    }
    // Where each other rendition's edge stands, for a player switching to it.
    std::vector<archive::RenditionReport> reports;
    for (const auto& other : channel.renditions) {
        if (other.name == rendition.name) continue;
        const auto other_window =
            index_.live_window(channel.id, other.name, config_.hls.live_window_segments);
        if (other_window.empty()) continue;
        const LiveParts::View other_view = parts_->view(channel.id, other.name, other_window);
        if (other_view.next_part_uri.empty()) continue;
        reports.push_back(archive::rendition_report(
            "../" + other.name + "/live.m3u8",
            archive::live_edge({.segments = other_window,
                                .parts = other_view.parts,
                                .next_part_uri = other_view.next_part_uri})));
    }
    auto text = std::make_shared<const std::string>(archive::low_latency_playlist(
        {.segments = window, .parts = view.parts, .next_part_uri = view.next_part_uri}, timing_,
        reports, skip));
    SharedText shared{text, std::make_shared<const std::string>(gzip(*text))};
    std::lock_guard lock(low_latency_mutex_);
    low_latency_[key] = {view.version, window.back().sequence, shared};
    return shared;
}

}  // namespace councilcast::portal
