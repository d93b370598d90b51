#include "portal/site/site.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <boost/algorithm/string.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include <chrono>
#include <regex>

#include "archive/playlist.hpp"
#include "common/error.hpp"
#include "portal/http/file_response.hpp"
#include "portal/http/responses.hpp"
#include "portal/http/shared_body.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;
namespace {

constexpr std::size_t kFileCacheBytes = 256 * 1024 * 1024;
constexpr std::size_t kFileCacheMaxFile = 16 * 1024 * 1024;
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kAssetCaching = "public, max-age=3600";
constexpr std::string_view kPlaylistType = "application/vnd.apple.mpegurl";
// A channel counts as live while its newest segment ended less than this many segment
// durations ago.
constexpr int kLiveGraceSegments = 3;

const std::regex kSegmentName("[0-9a-f]{1,16}-[0-9]{6,10}\\.ts");

bool compressible(std::string_view content_type) {
    return content_type.starts_with("text/") ||
           content_type.starts_with("application/javascript") ||
           content_type.starts_with("application/json") || content_type.starts_with("image/svg");
}

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

// The language a page's address names: /en and what lies under it English, the rest Lithuanian.
Language page_language(std::string_view target) {
    return target == "/en" || target.starts_with("/en/") || target.starts_with("/en?")
               ? Language::kEn
               : Language::kLt;
}

}  // namespace

Site::Site(const config::Config& config, const SharePaths& share, archive::SegmentIndex& index,
           CouncilStore& council, Metrics& metrics, AccountPages::Services accounts)
    : config_(config),
      share_(share),
      index_(index),
      metrics_(metrics),
      writer_(accounts.writer),
      renderer_(share.templates, share.messages),
      editor_(config, council, localization_),
      accounts_(config, renderer_, std::move(accounts), editor_.routes(),
                CouncilEditor::navigation()),
      open_data_(config, council, renderer_),
      meeting_events_(council, renderer_),
      files_(kFileCacheBytes, kFileCacheMaxFile),
      public_pages_({config, renderer_, localization_, accounts_, council, files_,
                     [this](const config::Channel& channel) { return channel_is_live(channel); }}),
      media_root_(config.server.data_dir / "media") {
    // A master playlist depends only on the configuration: made once, not per request.
    for (const auto& channel : config_.channels) {
        std::vector<archive::VariantInfo> variants;
        for (const auto& rendition : channel.renditions) {
            auto bandwidth = archive::estimate_bandwidth(rendition.video_bitrate_kbps,
                                                         rendition.audio_bitrate_kbps);
            variants.push_back(
                {rendition.name + "/live.m3u8", rendition.width, rendition.height,
                 static_cast<double>(rendition.framerate), bandwidth.peak, bandwidth.average,
                 archive::h264_codecs(rendition.profile, rendition.width, rendition.height,
                                      rendition.framerate, rendition.video_bitrate_kbps)});
        }
        auto text = std::make_shared<const std::string>(archive::master_playlist(variants));
        masters_[channel.id] = {0, text, std::make_shared<const std::string>(gzip(*text))};
    }
}

asio::awaitable<Reply> Site::handle(Request request, RequestContext context) {
    try {
        auto url = boost::urls::parse_origin_form(request.target());
        if (!url) throw InvalidInput::text("error_malformed_url");
        std::vector<std::string> segments(url->segments().begin(), url->segments().end());
        Language language = Language::kLt;
        if (auto path = account_path(segments, language)) {
            co_return co_await accounts_.handle(request, context, language, *path);
        }
        co_return route(request);
    } catch (const InvalidInput& e) {
        if (e.key().empty()) {
            spdlog::warn("[http {} {}] a refusal without a catalogue text: {}",
                         context.peer.to_string(), std::string(request.target()), e.what());
        }
        co_return refusal(request, http::status::bad_request, e);
    } catch (const std::exception& e) {
        spdlog::error("[http {} {}] {}", context.peer.to_string(), std::string(request.target()),
                      e.what());
        co_return refusal(request, http::status::internal_server_error,
                          InvalidInput::text("error_internal"));
    }
}

// The language a refusal speaks: a page's address names it (/en/… English, else Lithuanian);
// for what programs and players fetch (API, media, assets) the client's Accept-Language decides.
// Under /api/ it is problem details, elsewhere text.
http::response<http::string_body> Site::refusal(const Request& request, http::status status,
                                                const InvalidInput& problem) const {
    const std::string_view target = request.target();
    const bool for_programs = target.starts_with("/api/") || target.starts_with("/live/") ||
                              target.starts_with("/assets/");
    const Language language = for_programs
                                  ? preferred_language(request[http::field::accept_language])
                                  : page_language(target);
    const std::string text = renderer_.explain(language, problem);
    if (target.starts_with("/api/")) {
        return problem_response(request, status, text, language_code(language));
    }
    auto res = plain_response(request, status, text);
    res.set(http::field::content_language, language_code(language));
    return res;
}

Reply Site::route(const Request& request) {
    // Feeds and open data answer OPTIONS (CORS) too, so they go before the method check.
    if (auto stream = meeting_events_.answer(request)) return std::move(*stream);
    if (auto answer = open_data_.answer(request)) return std::move(*answer);
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
        auto res =
            refusal(request, http::status::method_not_allowed, InvalidInput::text("error_method"));
        res.set(http::field::allow, "GET, HEAD");
        return res;
    }
    auto parsed = boost::urls::parse_origin_form(request.target());
    if (!parsed) throw InvalidInput::text("error_malformed_url");
    std::vector<std::string> segments;
    for (auto segment : parsed->segments()) segments.push_back(segment);
    if (!segments.empty() && segments.back().empty()) segments.pop_back();

    auto not_found = [&] {
        return refusal(request, http::status::not_found, InvalidInput::text("error_not_found"));
    };

    // The public pages, in Lithuanian or under /en in English.
    const Language language =
        !segments.empty() && segments[0] == "en" ? Language::kEn : Language::kLt;
    std::span<const std::string> page_path(segments);
    if (language == Language::kEn) page_path = page_path.subspan(1);
    if (auto page = public_pages_.handle(request, language, page_path)) return std::move(*page);
    const std::string& first = segments.at(0);  // the empty path is the home page
    // Still 200 while storage fails: the site serves what it has, and a restart would not
    // free the disk. The body says what is wrong; /metrics has councilcast_storage_writable.
    if (first == "healthz" && segments.size() == 1) {
        const std::string body =
            writer_.writable() ? "ok\n" : "storage failing: " + writer_.storage_problem() + "\n";
        return text_response(request, http::status::ok, "text/plain; charset=utf-8", body,
                             "no-store");
    }
    if (first == "metrics" && segments.size() == 1) {
        return text_response(request, http::status::ok, "text/plain; version=0.0.4; charset=utf-8",
                             metrics_.render(extra_metrics_ ? extra_metrics_() : ""), "no-store");
    }
    if (first == "api" && segments.size() == 3 && segments[1] == "v1") {
        if (segments[2] == "live") return live_api(request);
        if (segments[2] == "openapi.json") {
            auto data = files_.get(share_.openapi);
            if (!data) return not_found();
            return file_response(request, data, "application/json", "public, max-age=300");
        }
        return not_found();
    }
    if (first == "assets" && segments.size() >= 2) {
        std::span<const std::string> rest(segments.begin() + 1, segments.end());
        if (rest.front() == "vendor") {
            return static_file(request, share_.vendor_dir, rest.subspan(1), kAssetCaching);
        }
        return static_file(request, share_.static_dir, rest, kAssetCaching);
    }
    if (first == "live" && (segments.size() == 3 || segments.size() == 4)) {
        auto channel = std::find_if(config_.channels.begin(), config_.channels.end(),
                                    [&](const auto& c) { return c.id == segments[1]; });
        if (channel == config_.channels.end()) return not_found();
        if (segments.size() == 3) {
            if (segments[2] != "master.m3u8") return not_found();
            return master_playlist(request, *channel);
        }
        auto rendition = std::find_if(channel->renditions.begin(), channel->renditions.end(),
                                      [&](const auto& r) { return r.name == segments[2]; });
        if (rendition == channel->renditions.end()) return not_found();
        if (segments[3] == "live.m3u8") return media_playlist(request, *channel, *rendition);
        return segment(request, *channel, *rendition, segments[3]);
    }
    return public_pages_.not_found(request, language);
}

std::string Site::too_large_text(const http::request_header<>& header, std::string_view limit,
                                 bool upload) const {
    return renderer_.format(page_language(header.target()),
                            upload ? "error_file_too_large" : "error_request_too_large",
                            {{"size", limit}});
}

bool Site::carries_upload(const http::request_header<>& header) const {
    if (header.method() != http::verb::post) return false;
    auto url = boost::urls::parse_origin_form(header.target());
    if (!url) return false;
    std::vector<std::string> segments(url->segments().begin(), url->segments().end());
    Language language = Language::kLt;
    const auto path = account_path(segments, language);
    return path && accounts_.accepts_upload(*path);
}

std::optional<std::string> Site::account_path(const std::vector<std::string>& segments,
                                              Language& language) const {
    std::size_t first = 0;
    if (!segments.empty() && segments[0] == "en") {
        language = Language::kEn;
        first = 1;
    }
    std::string path;
    for (std::size_t i = first; i < segments.size(); ++i) path += "/" + segments[i];
    if (!accounts_.owns(path)) return std::nullopt;
    return path;
}

bool Site::channel_is_live(const config::Channel& channel) const {
    auto window = index_.live_window(channel.id, channel.renditions.front().name, 1);
    if (window.empty()) return false;
    const auto& last = window.back();
    const std::int64_t end_ms = last.start_unix_ms + last.duration_us / 1000;
    const std::int64_t grace_ms =
        kLiveGraceSegments *
        std::chrono::duration_cast<std::chrono::milliseconds>(config_.hls.segment_duration).count();
    return unix_ms_now() - end_ms < grace_ms;
}

Reply Site::live_api(const Request& request) {
    json::array channels;
    for (const auto& channel : config_.channels) {
        channels.push_back(json::object{
            {"id", channel.id},
            {"title", channel.title_lt},
            {"title_en", channel.title_en},
            {"status", channel_is_live(channel) ? "live" : "offline"},
            {"master_playlist", fmt::format("/live/{}/master.m3u8", channel.id)},
        });
    }
    auto res =
        text_response(request, http::status::ok, "application/json",
                      json::serialize(json::object{{"channels", std::move(channels)}}), "no-cache");
    res.set(http::field::access_control_allow_origin, "*");
    return res;
}

Reply Site::master_playlist(const Request& request, const config::Channel& channel) {
    const CachedPlaylist& master = masters_.at(channel.id);
    auto res = shared_text_response(request, {master.text, master.gzip}, kPlaylistType,
                                    "public, max-age=10");
    // Players on other sites (the municipal website's own) read the playlists too.
    res.set(http::field::access_control_allow_origin, "*");
    return res;
}

Reply Site::media_playlist(const Request& request, const config::Channel& channel,
                           const config::Rendition& rendition) {
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
            window, static_cast<int>(config_.hls.segment_duration.count()) + 1));
        current.gzip = std::make_shared<const std::string>(gzip(*current.text));
        std::lock_guard lock(playlists_mutex_);
        auto& cached = playlists_[key];
        if (cached.last_sequence <= current.last_sequence) cached = current;
    }
    auto res = shared_text_response(request, {current.text, current.gzip}, kPlaylistType,
                                    live_playlist_cache_control(config_.hls));
    res.set(http::field::access_control_allow_origin, "*");
    return res;
}

Reply Site::segment(const Request& request, const config::Channel& channel,
                    const config::Rendition& rendition, const std::string& file) {
    auto not_found = [&] {
        return refusal(request, http::status::not_found, InvalidInput::text("error_not_found"));
    };
    if (!std::regex_match(file, kSegmentName)) return not_found();
    // Resolving the path (realpath: a readlink per component, twice) took 11.5% of the portal's
    // CPU serving segments under load. The name is checked above and the channel and rendition
    // come from the configuration, so a segment confined to the media root once is found again
    // by this path, with one stat so that a deleted segment stops being served.
    const auto lexical = media_root_ / channel.id / rendition.name / file;
    auto cached = files_.find_cached(lexical);
    std::error_code ec;
    if (cached.data && !std::filesystem::is_regular_file(lexical, ec)) return not_found();
    if (!cached.data) {
        const std::string parts[] = {channel.id, rendition.name, file};
        auto path = resolve_under(media_root_, parts);
        if (!path) return not_found();
        cached = files_.get_cached(*path, lexical);
    }
    if (!cached.data) return not_found();
    if (request.method() != http::verb::head) metrics_.count_segment_bytes(cached.data->size());
    return file_response(request, std::move(cached), "video/mp2t", kImmutable);
}

Reply Site::static_file(const Request& request, const std::filesystem::path& root,
                        std::span<const std::string> segments, std::string_view cache_control) {
    auto path = resolve_under(root, segments);
    std::shared_ptr<const std::string> data = path ? files_.get(*path) : nullptr;
    if (!data) {
        return refusal(request, http::status::not_found, InvalidInput::text("error_not_found"));
    }
    const std::string_view type = content_type_for(*path);
    // Scripts and styles shrink to a third or less (hls.js from 610 to 185 KiB): compressed once,
    // as small as zlib can, then shared. A range request gets the file as it is.
    if (compressible(type) && request.find(http::field::range) == request.end()) {
        auto res = shared_text_response(request, compressed_asset(*path, std::move(data)), type,
                                        cache_control);
        res.set(http::field::access_control_allow_origin, "*");  // as file_response does
        return res;
    }
    return file_response(request, std::move(data), type, cache_control);
}

SharedText Site::compressed_asset(const std::filesystem::path& path,
                                  std::shared_ptr<const std::string> data) {
    {
        std::lock_guard lock(assets_mutex_);
        auto it = compressed_assets_.find(path.string());
        // The cache hands out the same bytes until it drops them: compare by identity.
        if (it != compressed_assets_.end() && it->second.plain == data) return it->second;
    }
    SharedText text{data, std::make_shared<const std::string>(gzip(*data, Compression::kSmall))};
    std::lock_guard lock(assets_mutex_);
    compressed_assets_[path.string()] = text;
    return text;
}

}  // namespace councilcast::portal
