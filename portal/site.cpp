#include "portal/site.hpp"

#include <zlib.h>

#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <boost/algorithm/string.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include <chrono>
#include <regex>

#include "archive/playlist.hpp"
#include "common/error.hpp"
#include "portal/file_response.hpp"
#include "portal/home_page.hpp"
#include "portal/responses.hpp"
#include "portal/shared_body.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;
namespace {

constexpr std::size_t kFileCacheBytes = 256 * 1024 * 1024;
constexpr std::size_t kFileCacheMaxFile = 16 * 1024 * 1024;
constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kAssetCaching = "public, max-age=3600";
// A channel counts as live while its newest segment ended less than this many segment
// durations ago.
constexpr int kLiveGraceSegments = 3;

const std::regex kSegmentName("[0-9a-f]{1,16}-[0-9]{6,10}\\.ts");

bool accepts_gzip(const Request& request) {
    auto it = request.find(http::field::accept_encoding);
    if (it == request.end()) return false;
    std::vector<std::string> codings;
    boost::split(codings, it->value(), boost::is_any_of(","));
    for (auto& coding : codings) {
        boost::trim(coding);
        std::vector<std::string> parts;
        boost::split(parts, coding, boost::is_any_of(";"));
        boost::trim(parts[0]);
        if (!boost::iequals(parts[0], "gzip")) continue;
        if (parts.size() > 1) {
            std::string q = boost::erase_all_copy(parts[1], " ");
            if (q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000") return false;
        }
        return true;
    }
    return false;
}

std::string gzip(std::string_view text) {
    z_stream stream{};
    // windowBits 15 + 16 asks zlib for a gzip wrapper rather than raw zlib.
    if (deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw Error("zlib: cannot initialise");
    }
    std::string out(deflateBound(&stream, text.size()), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    stream.avail_in = static_cast<uInt>(text.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    if (rc != Z_STREAM_END) throw Error("zlib: cannot compress");
    return out;
}

http::message_generator playlist_response(const Request& request,
                                          std::shared_ptr<const std::string> text,
                                          std::shared_ptr<const std::string> compressed,
                                          std::string_view cache_control) {
    const bool use_gzip = accepts_gzip(request);
    auto body = use_gzip ? std::move(compressed) : std::move(text);
    http::response<SharedBody> res{http::status::ok, request.version()};
    res.set(http::field::content_type, "application/vnd.apple.mpegurl");
    res.set(http::field::cache_control, cache_control);
    res.set(http::field::vary, "Accept-Encoding");
    res.set(http::field::access_control_allow_origin, "*");
    if (use_gzip) res.set(http::field::content_encoding, "gzip");
    set_common_headers(res.base());
    res.keep_alive(request.keep_alive());
    res.content_length(body->size());
    if (request.method() != http::verb::head) {
        const std::size_t length = body->size();
        res.body() = SharedBody::value_type{std::move(body), 0, length};
    }
    return res;
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

}  // namespace

Site::Site(const config::Config& config, const SharePaths& share, archive::SegmentIndex& index,
           CouncilStore& council, Metrics& metrics, AccountPages::Services accounts)
    : config_(config),
      share_(share),
      index_(index),
      metrics_(metrics),
      renderer_(share.templates, share.messages),
      editor_(config, council),
      accounts_(config, renderer_, std::move(accounts), editor_.routes()),
      files_(kFileCacheBytes, kFileCacheMaxFile),
      media_root_(config.server.data_dir / "media") {
    // A master playlist depends only on the configuration: made once, not per request.
    for (const auto& channel : config_.channels) {
        std::vector<archive::VariantInfo> variants;
        for (const auto& rendition : channel.renditions) {
            auto bandwidth = archive::estimate_bandwidth(rendition.video_bitrate_kbps,
                                                         rendition.audio_bitrate_kbps);
            variants.push_back({rendition.name + "/live.m3u8", rendition.width, rendition.height,
                                static_cast<double>(rendition.framerate), bandwidth.peak,
                                bandwidth.average,
                                archive::h264_codecs(rendition.profile, rendition.width,
                                                     rendition.height, rendition.framerate)});
        }
        auto text = std::make_shared<const std::string>(archive::master_playlist(variants));
        masters_[channel.id] = {0, text, std::make_shared<const std::string>(gzip(*text))};
    }
}

asio::awaitable<http::message_generator> Site::handle(Request request, RequestContext context) {
    RequestKind kind = RequestKind::kOther;
    try {
        auto url = boost::urls::parse_origin_form(request.target());
        if (!url) throw InvalidInput("Netinkamas adresas. / Malformed URL.");
        std::vector<std::string> segments(url->segments().begin(), url->segments().end());
        Language language = Language::kLt;
        if (auto path = account_path(segments, language)) {
            kind = RequestKind::kPage;
            auto response = co_await accounts_.handle(request, context, language, *path);
            metrics_.count_request(kind, response.result_int());
            co_return response;
        }
        co_return route(request, kind);
    } catch (const InvalidInput& e) {
        metrics_.count_request(kind, 400);
        co_return plain_response(request, http::status::bad_request, e.what());
    } catch (const std::exception& e) {
        spdlog::error("[http {} {}] {}", context.peer.to_string(), std::string(request.target()),
                      e.what());
        metrics_.count_request(kind, 500);
        co_return plain_response(
            request, http::status::internal_server_error,
            "Vidinė klaida. Bandykite vėliau. / Internal error. Please try again later.");
    }
}

http::message_generator Site::route(const Request& request, RequestKind& kind) {
    auto counted = [&](RequestKind k, http::message_generator response, unsigned status = 200) {
        kind = k;
        metrics_.count_request(k, status);
        return response;
    };
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
        auto res = text_response(request, http::status::method_not_allowed,
                                 "text/plain; charset=utf-8", "Method not allowed\n", "no-store");
        res.set(http::field::allow, "GET, HEAD");
        return counted(RequestKind::kOther, std::move(res), 405);
    }
    auto parsed = boost::urls::parse_origin_form(request.target());
    if (!parsed) throw InvalidInput("Netinkamas adresas. / Malformed URL.");
    std::vector<std::string> segments;
    for (auto segment : parsed->segments()) segments.push_back(segment);
    if (!segments.empty() && segments.back().empty()) segments.pop_back();

    auto not_found = [&](RequestKind k) {
        return counted(
            k, plain_response(request, http::status::not_found, "Puslapis nerastas. / Not found."),
            404);
    };

    if (segments.empty()) return counted(RequestKind::kPage, home(request, Language::kLt));
    const std::string& first = segments[0];
    if (first == "en" && segments.size() == 1) {
        return counted(RequestKind::kPage, home(request, Language::kEn));
    }
    if (first == "healthz" && segments.size() == 1) {
        return counted(RequestKind::kApi,
                       text_response(request, http::status::ok, "text/plain; charset=utf-8", "ok\n",
                                     "no-store"));
    }
    if (first == "metrics" && segments.size() == 1) {
        return counted(
            RequestKind::kApi,
            text_response(request, http::status::ok, "text/plain; version=0.0.4; charset=utf-8",
                          metrics_.render(extra_metrics_ ? extra_metrics_() : ""), "no-store"));
    }
    if (first == "api" && segments.size() == 3 && segments[1] == "v1") {
        if (segments[2] == "live") return counted(RequestKind::kApi, live_api(request));
        if (segments[2] == "openapi.json") {
            auto data = files_.get(share_.openapi);
            if (!data) return not_found(RequestKind::kApi);
            return counted(RequestKind::kApi,
                           file_response(request, data, "application/json", "public, max-age=300"));
        }
        return not_found(RequestKind::kApi);
    }
    if (first == "assets" && segments.size() >= 2) {
        std::span<const std::string> rest(segments.begin() + 1, segments.end());
        kind = RequestKind::kAsset;
        if (rest.front() == "vendor") {
            return static_file(request, share_.vendor_dir, rest.subspan(1), kAssetCaching);
        }
        return static_file(request, share_.static_dir, rest, kAssetCaching);
    }
    if (first == "live" && (segments.size() == 3 || segments.size() == 4)) {
        auto channel = std::find_if(config_.channels.begin(), config_.channels.end(),
                                    [&](const auto& c) { return c.id == segments[1]; });
        if (channel == config_.channels.end()) return not_found(RequestKind::kPlaylist);
        if (segments.size() == 3) {
            if (segments[2] != "master.m3u8") return not_found(RequestKind::kPlaylist);
            return counted(RequestKind::kPlaylist, master_playlist(request, *channel));
        }
        auto rendition = std::find_if(channel->renditions.begin(), channel->renditions.end(),
                                      [&](const auto& r) { return r.name == segments[2]; });
        if (rendition == channel->renditions.end()) return not_found(RequestKind::kPlaylist);
        if (segments[3] == "live.m3u8") {
            return counted(RequestKind::kPlaylist, media_playlist(request, *channel, *rendition));
        }
        kind = RequestKind::kSegment;
        return segment(request, *channel, *rendition, segments[3]);
    }
    return not_found(RequestKind::kOther);
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

http::message_generator Site::home(const Request& request, Language language) {
    HomePage page;
    page.municipality_name =
        language == Language::kLt ? config_.municipality.name_lt : config_.municipality.name_en;
    for (const auto& channel : config_.channels) {
        page.channels.push_back(
            {channel.id, language == Language::kLt ? channel.title_lt : channel.title_en,
             fmt::format("/live/{}/master.m3u8", channel.id), channel_is_live(channel)});
    }
    const Visitor visitor = accounts_.visitor_of(request, false);
    PageFrame frame;
    accounts_.describe_visitor(visitor, language, frame);
    // The header names whoever is signed in: a shared cache must not keep it.
    auto res = text_response(request, http::status::ok, "text/html; charset=utf-8",
                             render_home_page(renderer_, language, page, std::move(frame)),
                             "private, no-cache");
    accounts_.add_cookies(visitor, res.base());
    // The live player may be embedded in the municipality's own site, and only there.
    res.set("Content-Security-Policy",
            page_policy(Framing::kMunicipalSite, config_.municipality.website));
    res.set(http::field::content_language, language_code(language));
    return res;
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

http::message_generator Site::live_api(const Request& request) {
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

http::message_generator Site::master_playlist(const Request& request,
                                              const config::Channel& channel) {
    const CachedPlaylist& master = masters_.at(channel.id);
    return playlist_response(request, master.text, master.gzip, "public, max-age=10");
}

http::message_generator Site::media_playlist(const Request& request, const config::Channel& channel,
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
    return playlist_response(request, current.text, current.gzip,
                             live_playlist_cache_control(config_.hls));
}

http::message_generator Site::segment(const Request& request, const config::Channel& channel,
                                      const config::Rendition& rendition, const std::string& file) {
    auto not_found = [&] {
        metrics_.count_request(RequestKind::kSegment, 404);
        return plain_response(request, http::status::not_found,
                              "Įrašo dalis nerasta. / Segment not found.");
    };
    if (!std::regex_match(file, kSegmentName)) return not_found();
    const std::string parts[] = {channel.id, rendition.name, file};
    auto path = resolve_under(media_root_, parts);
    if (!path) return not_found();
    auto data = files_.get(*path);
    if (!data) return not_found();
    metrics_.count_request(RequestKind::kSegment, 200);
    if (request.method() != http::verb::head) metrics_.count_segment_bytes(data->size());
    return file_response(request, std::move(data), "video/mp2t", kImmutable);
}

http::message_generator Site::static_file(const Request& request, const std::filesystem::path& root,
                                          std::span<const std::string> segments,
                                          std::string_view cache_control) {
    auto path = resolve_under(root, segments);
    std::shared_ptr<const std::string> data = path ? files_.get(*path) : nullptr;
    if (!data) {
        metrics_.count_request(RequestKind::kAsset, 404);
        return plain_response(request, http::status::not_found, "Nerasta. / Not found.");
    }
    metrics_.count_request(RequestKind::kAsset, 200);
    return file_response(request, std::move(data), content_type_for(*path), cache_control);
}

}  // namespace councilcast::portal
