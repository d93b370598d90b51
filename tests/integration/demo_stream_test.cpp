#include <doctest/doctest.h>

#include <signal.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string_view>

#include "common/av_ptr.hpp"

extern "C" {
#include <libavutil/pixdesc.h>
}
#include "tests/support/demo_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/raw_http.hpp"
#include "tests/support/shell_command.hpp"

using namespace councilcast;
using namespace councilcast::testing;
using namespace std::chrono_literals;

namespace {

// A channel named as the demo's with one test camera: its renditions follow.
constexpr std::string_view kTestCameraHall =
    "[[channel]]\n"
    "id = \"hall\"\n"
    "title_lt = \"Salė\"\n"
    "title_en = \"Hall\"\n"
    "  [[channel.camera]]\n"
    "  id = \"test\"\n"
    "  title = \"Test\"\n"
    "  kind = \"test\"\n";

struct MediaPlaylist {
    std::int64_t media_sequence = -1;
    std::int64_t discontinuity_sequence = 0;
    int target_duration = 0;
    std::string hold_back;  // EXT-X-SERVER-CONTROL's attributes
    std::vector<double> durations;
    std::vector<std::string> uris;
    std::vector<bool> discontinuity_before;
    int program_date_times = 0;
};

MediaPlaylist parse_playlist(const std::string& text) {
    MediaPlaylist playlist;
    std::istringstream lines(text);
    std::string line;
    bool discontinuity = false;
    while (std::getline(lines, line)) {
        if (line.starts_with("#EXT-X-MEDIA-SEQUENCE:")) {
            playlist.media_sequence = std::stoll(line.substr(22));
        } else if (line.starts_with("#EXT-X-DISCONTINUITY-SEQUENCE:")) {
            playlist.discontinuity_sequence = std::stoll(line.substr(30));
        } else if (line.starts_with("#EXT-X-TARGETDURATION:")) {
            playlist.target_duration = std::stoi(line.substr(22));
        } else if (line.starts_with("#EXT-X-SERVER-CONTROL:")) {
            playlist.hold_back = line.substr(22);
        } else if (line == "#EXT-X-DISCONTINUITY") {
            discontinuity = true;
        } else if (line.starts_with("#EXT-X-PROGRAM-DATE-TIME:")) {
            ++playlist.program_date_times;
        } else if (line.starts_with("#EXTINF:")) {
            playlist.durations.push_back(std::stod(line.substr(8)));
        } else if (!line.empty() && line[0] != '#') {
            playlist.uris.push_back(line);
            playlist.discontinuity_before.push_back(discontinuity);
            discontinuity = false;
        }
    }
    return playlist;
}

struct DecodedSegment {
    std::string video_codec;
    std::string pixel_format;
    std::string audio_codec;
    int audio_rate = 0;
    int frames_decoded = 0;
    double video_seconds = 0;
    // The first sequence parameter set's profile_idc, constraint flags and level_idc, as the
    // CODECS attribute's avc1.PPCCLL names them (RFC 6381).
    std::string sps_codec;
    int audio_frames = 0;
    std::int64_t audio_samples = 0;  // per channel
    float audio_peak = 0;            // largest absolute sample of the first channel
};

// "avc1.PPCCLL" from the first SPS NAL unit (type 7) in an Annex B packet, or empty.
std::string sps_codec_of(const std::uint8_t* data, int size) {
    for (int i = 0; i + 6 < size; ++i) {
        if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1 && (data[i + 3] & 0x1f) == 7) {
            char text[16];
            std::snprintf(text, sizeof text, "avc1.%02x%02x%02x", data[i + 4], data[i + 5],
                          data[i + 6]);
            return text;
        }
    }
    return {};
}

// The avc1 entry of the first variant's CODECS attribute in a master playlist.
std::string announced_video_codec(const std::string& master) {
    std::smatch match;
    if (!std::regex_search(master, match, std::regex(R"re(CODECS="(avc1\.[0-9A-Fa-f]{6}))re"))) {
        return {};
    }
    std::string codec = match[1];
    std::transform(codec.begin(), codec.end(), codec.begin(), ::tolower);
    return codec;
}

// Opens the segment with libavformat and decodes every video frame with libavcodec.
DecodedSegment decode_segment(const std::string& bytes) {
    auto path = fresh_directory("segment") / "segment.ts";
    std::ofstream(path, std::ios::binary) << bytes;
    DecodedSegment result;
    AVFormatContext* raw = nullptr;
    REQUIRE(avformat_open_input(&raw, path.c_str(), nullptr, nullptr) == 0);
    AVFormatContextPtr format(raw);
    REQUIRE(avformat_find_stream_info(format.get(), nullptr) >= 0);
    int video = av_find_best_stream(format.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    int audio = av_find_best_stream(format.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
    REQUIRE(video >= 0);
    REQUIRE(audio >= 0);
    const AVCodecParameters* vpar = format->streams[video]->codecpar;
    const AVCodecParameters* apar = format->streams[audio]->codecpar;
    result.video_codec = avcodec_get_name(vpar->codec_id);
    result.audio_codec = avcodec_get_name(apar->codec_id);
    result.audio_rate = apar->sample_rate;
    const AVCodec* decoder = avcodec_find_decoder(vpar->codec_id);
    AVCodecContextPtr context(avcodec_alloc_context3(decoder));
    avcodec_parameters_to_context(context.get(), vpar);
    REQUIRE(avcodec_open2(context.get(), decoder, nullptr) == 0);
    const AVCodec* audio_decoder = avcodec_find_decoder(apar->codec_id);
    REQUIRE(audio_decoder != nullptr);
    AVCodecContextPtr audio_context(avcodec_alloc_context3(audio_decoder));
    avcodec_parameters_to_context(audio_context.get(), apar);
    REQUIRE(avcodec_open2(audio_context.get(), audio_decoder, nullptr) == 0);
    AVPacketPtr packet(av_packet_alloc());
    AVFramePtr frame(av_frame_alloc());
    AVFramePtr audio_frame(av_frame_alloc());
    std::int64_t first_pts = AV_NOPTS_VALUE;
    std::int64_t last_pts = AV_NOPTS_VALUE;
    auto drain = [&] {
        while (avcodec_receive_frame(context.get(), frame.get()) == 0) {
            ++result.frames_decoded;
            result.pixel_format = av_get_pix_fmt_name(static_cast<AVPixelFormat>(frame->format));
            std::int64_t pts = frame->best_effort_timestamp;
            if (first_pts == AV_NOPTS_VALUE || pts < first_pts) first_pts = pts;
            if (last_pts == AV_NOPTS_VALUE || pts > last_pts) last_pts = pts;
        }
    };
    auto drain_audio = [&] {
        while (avcodec_receive_frame(audio_context.get(), audio_frame.get()) == 0) {
            ++result.audio_frames;
            result.audio_samples += audio_frame->nb_samples;
            // FFmpeg's AAC decoder gives planar floats.
            if (audio_frame->format == AV_SAMPLE_FMT_FLTP) {
                const auto* samples = reinterpret_cast<const float*>(audio_frame->data[0]);
                for (int i = 0; i < audio_frame->nb_samples; ++i) {
                    result.audio_peak = std::max(result.audio_peak, std::fabs(samples[i]));
                }
            }
        }
    };
    while (av_read_frame(format.get(), packet.get()) >= 0) {
        if (packet->stream_index == video) {
            if (result.sps_codec.empty())
                result.sps_codec = sps_codec_of(packet->data, packet->size);
            avcodec_send_packet(context.get(), packet.get());
            drain();
        } else if (packet->stream_index == audio) {
            avcodec_send_packet(audio_context.get(), packet.get());
            drain_audio();
        }
        av_packet_unref(packet.get());
    }
    avcodec_send_packet(context.get(), nullptr);
    drain();
    avcodec_send_packet(audio_context.get(), nullptr);
    drain_audio();
    if (result.frames_decoded > 1) {
        const AVRational time_base = format->streams[video]->time_base;
        const double frame_seconds = av_q2d(av_inv_q(format->streams[video]->avg_frame_rate));
        result.video_seconds = (last_pts - first_pts) * av_q2d(time_base) + frame_seconds;
    }
    return result;
}

MediaPlaylist fetch_playlist(HttpClient& client, const std::string& url) {
    HttpResult result = client.get(url);
    REQUIRE(result.status == 200);
    return parse_playlist(result.body);
}

// Waits until the live playlist holds at least `count` segments.
MediaPlaylist wait_for_segments(HttpClient& client, const std::string& url, std::size_t count,
                                std::chrono::milliseconds deadline) {
    MediaPlaylist playlist;
    bool ok = wait_for(
        [&] {
            HttpResult result = client.get(url);
            if (result.status != 200) return false;
            playlist = parse_playlist(result.body);
            return playlist.uris.size() >= count;
        },
        deadline, 200ms);
    REQUIRE_MESSAGE(ok, "the live playlist did not reach ", count, " segments in time");
    return playlist;
}

std::int64_t last_sequence(const MediaPlaylist& playlist) {
    return playlist.media_sequence + static_cast<std::int64_t>(playlist.uris.size()) - 1;
}

// Discontinuities since the channel's first segment, up to the newest in the playlist.
std::int64_t total_discontinuities(const MediaPlaylist& playlist) {
    return playlist.discontinuity_sequence + std::count(playlist.discontinuity_before.begin(),
                                                        playlist.discontinuity_before.end(), true);
}

void check_playlist_rules(const MediaPlaylist& playlist) {
    // The demo's segments are 1 s ([hls] segment_duration_s), the target duration itself.
    CHECK(playlist.target_duration == 1);
    // Three of them behind for standard players (and low-latency ones a part hold-back).
    CHECK(playlist.hold_back.find(",HOLD-BACK=3.000,") != std::string::npos);
    for (double duration : playlist.durations) {
        CHECK(static_cast<int>(std::lround(duration)) <= playlist.target_duration);
    }
    CHECK(playlist.program_date_times >= 1);
}

}  // namespace

TEST_CASE("the demo broadcasts a stream that survives a worker crash and a server restart") {
    const auto data_dir = fresh_directory("demo-stream");
    HttpClient client;
    std::int64_t sequence_before_restart = 0;
    std::int64_t discontinuities_before_restart = 0;
    std::string live_url;
    {
        const auto started = std::chrono::steady_clock::now();
        DemoProcess demo(data_dir);
        const std::string base = demo.base_url();
        live_url = base + "live/hall/720p/live.m3u8";

        HttpResult health = client.get(base + "healthz");
        CHECK(health.status == 200);

        HttpResult live_api = client.get(base + "api/v1/live");
        REQUIRE(live_api.status == 200);
        CHECK(live_api.header("content-type") == "application/json");
        CHECK(live_api.body.find("\"master_playlist\":\"/live/hall/master.m3u8\"") !=
              std::string::npos);

        HttpResult master = client.get(base + "live/hall/master.m3u8");
        REQUIRE(master.status == 200);
        const std::string announced_codec = announced_video_codec(master.body);
        CHECK(announced_codec.starts_with("avc1."));
        CHECK(master.header("content-type") == "application/vnd.apple.mpegurl");
        for (const char* attribute : {"BANDWIDTH=", "AVERAGE-BANDWIDTH=", "CODECS=\"avc1.",
                                      "RESOLUTION=1280x720", "FRAME-RATE=30"}) {
            CHECK_MESSAGE(master.body.find(attribute) != std::string::npos, attribute);
        }

        MediaPlaylist playlist = wait_for_segments(client, live_url, 3, 30s);
        MESSAGE("first 3 segments after ",
                std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - started)
                    .count(),
                " ms");
        check_playlist_rules(playlist);

        HttpResult live_api_now = client.get(base + "api/v1/live");
        CHECK(live_api_now.body.find("\"status\":\"live\"") != std::string::npos);

        {  // segments are H.264 yuv420p with AAC, a second long, cached as immutable
            const std::string segment_url = base + "live/hall/720p/" + playlist.uris[1];
            HttpResult segment = client.get(segment_url);
            REQUIRE(segment.status == 200);
            CHECK(segment.header("content-type") == "video/mp2t");
            CHECK(segment.header("cache-control").find("immutable") != std::string::npos);
            DecodedSegment decoded = decode_segment(segment.body);
            CHECK(decoded.video_codec == "h264");
            CHECK(decoded.pixel_format == "yuv420p");
            CHECK(decoded.audio_codec == "aac");
            CHECK(decoded.audio_rate == 48000);
            CHECK(decoded.frames_decoded == 30);
            CHECK(decoded.video_seconds == doctest::Approx(1.0).epsilon(0.04));
            // A player picks the variant by CODECS: the profile, constraints and level the
            // master announces are those the encoder wrote.
            CHECK(decoded.sps_codec == announced_codec);
            // The tone is heard: a second of AAC frames (1024 samples each) that are not
            // silence.
            CHECK(decoded.audio_frames >= 45);
            CHECK(decoded.audio_samples == doctest::Approx(48000).epsilon(0.05));
            // The demo's tone is a sine at 0.05 of full scale; silence would be 0.
            CHECK(decoded.audio_peak > 0.025f);
            CHECK(playlist.durations[1] == doctest::Approx(1.0).epsilon(0.04));

            HttpResult head = client.head(segment_url);
            CHECK(head.status == 200);
            CHECK(head.header("content-length") == std::to_string(segment.body.size()));
            CHECK(head.body.empty());

            HttpResult range = client.get(segment_url, {{"Range", "bytes=188-375"}});
            CHECK(range.status == 206);
            CHECK(range.body == segment.body.substr(188, 188));
            CHECK(range.header("content-range") ==
                  "bytes 188-375/" + std::to_string(segment.body.size()));

            // Served from memory by now, yet once deleted from disk (as retention deletes) it is
            // gone from the site too.
            std::filesystem::remove(data_dir / "media" / "hall" / "720p" / playlist.uris[1]);
            CHECK(client.get(segment_url).status == 404);

            HttpResult gzipped = client.get(live_url, {{"Accept-Encoding", "gzip"}});
            CHECK(gzipped.status == 200);
            CHECK(gzipped.header("content-encoding") == "gzip");
            CHECK(gzipped.header("cache-control").find("max-age=") != std::string::npos);
        }

        {  // no request reaches outside the media and asset directories
            for (const char* path :
                 {"assets/../../../../etc/passwd", "assets/%2e%2e/%2e%2e/etc/passwd",
                  "assets/..%2f..%2f..%2fetc%2fpasswd",
                  "live/hall/720p/..%2f..%2f..%2fcouncilcast.sqlite", "live/hall/720p/%2e%2e",
                  "assets/vendor/..%2f..%2f..%2fpackage.json", "live/../../etc/passwd"}) {
                CAPTURE(path);
                HttpResult result = client.get(base + path);
                CHECK(result.status == 404);
                CHECK(result.body.find("root:") == std::string::npos);
            }
            RawConnection raw("127.0.0.1", demo.port());
            raw.send("GET /assets/../../etc/passwd HTTP/1.1\r\nHost: a\r\n\r\n");
            std::string reply = raw.read_until("\r\n\r\n", 5s);
            CHECK(reply.find("HTTP/1.1 404") == 0);
        }

        {  // a crashed worker is restarted and the stream goes on after a discontinuity
            auto workers = demo.children();
            REQUIRE(workers.size() == 1);
            const MediaPlaylist before_kill = fetch_playlist(client, live_url);
            const std::int64_t before = last_sequence(before_kill);
            // The newest segment the killed worker finished: it must stay whole and served.
            const std::string last_before_kill = before_kill.uris.back();
            const auto killed_at = std::chrono::steady_clock::now();
            ::kill(workers[0], SIGKILL);
            MediaPlaylist after;
            bool resumed = wait_for(
                [&] {
                    after = fetch_playlist(client, live_url);
                    return std::find(after.discontinuity_before.begin(),
                                     after.discontinuity_before.end(),
                                     true) != after.discontinuity_before.end() &&
                           last_sequence(after) > before && !after.discontinuity_before.back();
                },
                10s, 100ms);
            MESSAGE("stream resumed ",
                    std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - killed_at)
                        .count(),
                    " ms after the worker was killed");
            CHECK(resumed);
            CHECK(last_sequence(after) > last_sequence(playlist));
            check_playlist_rules(after);
            HttpResult metrics = client.get(base + "metrics");
            CHECK(metrics.body.find("councilcast_worker_restarts_total{channel=\"hall\"} 1") !=
                  std::string::npos);

            // Once it has left the live window (six segments), a viewer rewinding or the archive
            // still gets it, and it still decodes.
            MediaPlaylist later;
            CHECK(wait_for(
                [&] {
                    later = fetch_playlist(client, live_url);
                    return later.media_sequence > before;
                },
                40s, 250ms));
            CHECK(std::find(later.uris.begin(), later.uris.end(), last_before_kill) ==
                  later.uris.end());
            HttpResult old_segment = client.get(base + "live/hall/720p/" + last_before_kill);
            REQUIRE(old_segment.status == 200);
            DecodedSegment decoded = decode_segment(old_segment.body);
            CHECK(decoded.video_codec == "h264");
            CHECK(decoded.frames_decoded > 0);
            CHECK(decoded.audio_samples > 0);
        }

        MediaPlaylist final_playlist = fetch_playlist(client, live_url);
        sequence_before_restart = last_sequence(final_playlist);
        discontinuities_before_restart = total_discontinuities(final_playlist);
        CHECK(demo.stop() == 0);
    }

    {  // numbering survives a restart of the whole server
        DemoProcess demo(data_dir);
        // The stopped server published its last segments while stopping; the new run's first
        // segment follows a discontinuity.
        MediaPlaylist after;
        bool resumed = wait_for(
            [&] {
                HttpResult result = client.get(demo.base_url() + "live/hall/720p/live.m3u8");
                if (result.status != 200) return false;
                after = parse_playlist(result.body);
                return total_discontinuities(after) > discontinuities_before_restart &&
                       !after.discontinuity_before.back();
            },
            15s, 200ms);
        REQUIRE(resumed);
        CHECK(last_sequence(after) > sequence_before_restart);
        check_playlist_rules(after);
    }
}

TEST_CASE("each variant's CODECS names the profile and level its segments carry") {
    // Two renditions unlike the demo's: High profile at 360p25 and Main at the smallest size, so
    // the announced level is computed from sizes, rates and bit rates the demo never uses.
    const auto data_dir = fresh_directory("stream-codecs");
    const auto config = data_dir / "councilcast.toml";
    std::ofstream(config) << kTestCameraHall
                          << "  [[channel.rendition]]\n"
                             "  name = \"360p\"\n"
                             "  width = 640\n"
                             "  height = 360\n"
                             "  framerate = 25\n"
                             "  video_bitrate_kbps = 800\n"
                             "  profile = \"high\"\n"
                             "  audio_bitrate_kbps = 64\n"
                             "  [[channel.rendition]]\n"
                             "  name = \"90p\"\n"
                             "  width = 160\n"
                             "  height = 90\n"
                             "  framerate = 5\n"
                             "  video_bitrate_kbps = 100\n"
                             "  profile = \"main\"\n"
                             "  audio_bitrate_kbps = 32\n";
    DemoProcess serve(
        DemoProcess::Command{{"serve", "--config", config.string(), "--listen", "127.0.0.1:0",
                              "--data-dir", (data_dir / "data").string()}});
    HttpClient client;
    HttpResult master = client.get(serve.base_url() + "live/hall/master.m3u8");
    REQUIRE(master.status == 200);
    // Each variant: its attributes, then its playlist's URI on the next line.
    struct Variant {
        std::string codec;
        double frame_rate = 0;
    };
    const std::regex variant(R"re(#EXT-X-STREAM-INF:([^\n]*)\n([^\n]+)/live\.m3u8)re");
    const std::regex codec_attribute(R"re(CODECS="(avc1\.[0-9A-Fa-f]{6}))re");
    const std::regex rate_attribute(R"re(FRAME-RATE=([0-9.]+))re");
    std::map<std::string, Variant> announced;
    for (std::sregex_iterator it(master.body.begin(), master.body.end(), variant), end; it != end;
         ++it) {
        const std::string attributes = (*it)[1];
        std::smatch codec;
        std::smatch rate;
        REQUIRE(std::regex_search(attributes, codec, codec_attribute));
        REQUIRE(std::regex_search(attributes, rate, rate_attribute));
        std::string text = codec[1];
        std::transform(text.begin(), text.end(), text.begin(), ::tolower);
        announced[(*it)[2]] = {text, std::stod(rate[1])};
    }
    REQUIRE(announced.size() == 2);
    for (const auto& [rendition, announced_variant] : announced) {
        CAPTURE(rendition);
        const std::string base = serve.base_url() + "live/hall/" + rendition + "/";
        MediaPlaylist playlist = wait_for_segments(client, base + "live.m3u8", 1, 30s);
        HttpResult segment = client.get(base + playlist.uris.front());
        REQUIRE(segment.status == 200);
        DecodedSegment decoded = decode_segment(segment.body);
        // Frames per second of the segment's own duration (its EXTINF).
        const double frame_rate = decoded.frames_decoded / playlist.durations.front();
        MESSAGE(rendition, ": CODECS ", announced_variant.codec, ", segments ", decoded.sps_codec,
                "; FRAME-RATE ", announced_variant.frame_rate, ", segments ", frame_rate);
        CHECK(decoded.sps_codec == announced_variant.codec);
        // FRAME-RATE too is what a player plans with.
        CHECK(frame_rate == doctest::Approx(announced_variant.frame_rate).epsilon(0.05));
        CHECK(decoded.frames_decoded > 0);
        CHECK(decoded.audio_samples > 0);
    }
}

TEST_CASE("the renditions stay one timeline across a crash, and the master says what was made") {
    // Two pictures and the sound alone, so the master playlist lists an audio-only variant.
    const auto data_dir = fresh_directory("stream-ladder");
    const auto config = data_dir / "councilcast.toml";
    std::ofstream(config) << kTestCameraHall
                          << "  [[channel.rendition]]\n"
                             "  name = \"180p\"\n"
                             "  width = 320\n"
                             "  height = 180\n"
                             "  framerate = 15\n"
                             "  video_bitrate_kbps = 300\n"
                             "  profile = \"high\"\n"
                             "  audio_bitrate_kbps = 64\n"
                             "  [[channel.rendition]]\n"
                             "  name = \"90p\"\n"
                             "  width = 160\n"
                             "  height = 90\n"
                             "  framerate = 15\n"
                             "  video_bitrate_kbps = 100\n"
                             "  profile = \"main\"\n"
                             "  audio_bitrate_kbps = 32\n"
                             "  [[channel.rendition]]\n"
                             "  name = \"audio\"\n"
                             "  audio_only = true\n"
                             "  audio_bitrate_kbps = 32\n";
    DemoProcess serve(
        DemoProcess::Command{{"serve", "--config", config.string(), "--listen", "127.0.0.1:0",
                              "--data-dir", (data_dir / "data").string()}});
    HttpClient client;
    const std::string base = serve.base_url() + "live/hall/";
    const std::string estimated = client.get(base + "master.m3u8").body;
    CHECK(estimated.find("CODECS=\"mp4a.40.2\"\naudio/live.m3u8\n") != std::string::npos);

    // After the first segments, the figures are the stream's: the master playlist changes, its
    // 180p CODECS is the SPS of the 180p segments, and the sound alone has no RESOLUTION.
    MediaPlaylist first = wait_for_segments(client, base + "180p/live.m3u8", 2, 30s);
    std::string measured;
    CHECK(wait_for(
        [&] {
            measured = client.get(base + "master.m3u8").body;
            return measured != estimated;
        },
        10s, 200ms));
    MESSAGE("estimated:\n", estimated, "measured:\n", measured);
    HttpResult segment = client.get(base + "180p/" + first.uris.front());
    REQUIRE(segment.status == 200);
    CHECK(announced_video_codec(measured) == decode_segment(segment.body).sps_codec);
    const std::regex audio_variant(R"re(#EXT-X-STREAM-INF:([^\n]*)\naudio/live\.m3u8)re");
    std::smatch audio;
    REQUIRE(std::regex_search(measured, audio, audio_variant));
    CHECK(audio[1].str().find("CODECS=\"mp4a.40.2\"") != std::string::npos);
    CHECK(audio[1].str().find("RESOLUTION") == std::string::npos);

    // Every rendition's playlist lists the same fragments under the same numbers, before the
    // worker is killed and after the one that replaces it has resumed.
    auto in_step = [&](const char* when) {
        std::map<std::string, MediaPlaylist> playlists;
        const bool same = wait_for(
            [&] {
                for (const char* rendition : {"180p", "90p", "audio"}) {
                    playlists[rendition] =
                        fetch_playlist(client, base + rendition + std::string("/live.m3u8"));
                }
                const MediaPlaylist& big = playlists["180p"];
                return std::all_of(playlists.begin(), playlists.end(), [&](const auto& entry) {
                    const MediaPlaylist& other = entry.second;
                    return other.media_sequence == big.media_sequence &&
                           other.discontinuity_sequence == big.discontinuity_sequence &&
                           other.uris == big.uris &&
                           other.discontinuity_before == big.discontinuity_before;
                });
            },
            5s, 100ms);
        CAPTURE(when);
        CHECK(same);
        return playlists["180p"];
    };
    const MediaPlaylist before = in_step("before the crash");
    auto workers = serve.children();
    REQUIRE(workers.size() == 1);
    ::kill(workers[0], SIGKILL);
    MediaPlaylist after;
    REQUIRE(wait_for(
        [&] {
            after = fetch_playlist(client, base + "audio/live.m3u8");
            return last_sequence(after) > last_sequence(before) + 1 &&
                   total_discontinuities(after) > total_discontinuities(before);
        },
        20s, 200ms));
    const MediaPlaylist resumed = in_step("after the crash");
    CHECK(total_discontinuities(resumed) == total_discontinuities(before) + 1);
    HttpResult sound = client.get(base + "audio/" + resumed.uris.back());
    REQUIRE(sound.status == 200);
    CHECK(sound.header("content-type") == "video/mp2t");
}

TEST_CASE(
    "Low-Latency HLS: parts that make up their segment, blocking reloads, and other players") {
    const auto data_dir = fresh_directory("demo-low-latency");
    DemoProcess demo(data_dir);
    HttpClient client;
    const std::string base = demo.base_url() + "live/hall/720p/";
    MediaPlaylist playlist = wait_for_segments(client, base + "live.m3u8", 2, 30s);
    const std::string text = client.get(base + "live.m3u8").body;
    CHECK(text.find("#EXT-X-PART-INF:PART-TARGET=0.222\n") != std::string::npos);
    CHECK(text.find("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=6.000,"
                    "HOLD-BACK=3.000,PART-HOLD-BACK=0.666\n") != std::string::npos);
    CHECK(text.find("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"") != std::string::npos);

    {  // the parts listed before a segment, fetched and joined, are that segment byte for byte
        std::vector<std::string> parts;
        std::string segment;
        std::istringstream lines(text);
        for (std::string line; std::getline(lines, line);) {
            if (line.starts_with("#EXT-X-PART:")) {
                const auto uri = line.find("URI=\"") + 5;
                parts.push_back(line.substr(uri, line.find('"', uri) - uri));
            } else if (line.starts_with("#EXTINF:") && !parts.empty()) {
                std::getline(lines, segment);
                break;
            }
        }
        REQUIRE_MESSAGE(!segment.empty(), text);
        CHECK(parts.size() == 5);
        std::string joined;
        for (const auto& part : parts) {
            const HttpResult answer = client.get(base + part);
            REQUIRE(answer.status == 200);
            CHECK(answer.header("content-type") == "video/mp2t");
            joined += answer.body;
        }
        const HttpResult whole = client.get(base + segment);
        REQUIRE(whole.status == 200);
        CHECK(joined.size() == whole.body.size());
        CHECK(joined == whole.body);
    }

    {  // the preload hint's part is sent while it is written, and is then that part for good
        const std::string now = client.get(base + "live.m3u8").body;
        constexpr std::string_view kHint = "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"";
        const auto hint = now.find(kHint) + kHint.size();
        const std::string uri = now.substr(hint, now.find('"', hint) - hint);
        const HttpResult streamed = client.get(base + uri);
        REQUIRE(streamed.status == 200);
        CHECK(streamed.header("transfer-encoding") == "chunked");
        CHECK(streamed.body.size() > 188);
        const HttpResult whole = client.get(base + uri);
        CHECK(whole.status == 200);
        CHECK(whole.body == streamed.body);
    }

    {  // a blocking reload is answered when the segment it asks for is complete, not before
        playlist = fetch_playlist(client, base + "live.m3u8");
        const std::int64_t next = last_sequence(playlist) + 2;
        const auto asked = std::chrono::steady_clock::now();
        const HttpResult answer = client.get(base + "live.m3u8?_HLS_msn=" + std::to_string(next));
        const auto waited = std::chrono::steady_clock::now() - asked;
        REQUIRE(answer.status == 200);
        CHECK(last_sequence(parse_playlist(answer.body)) >= next);
        MESSAGE("a blocking reload for the segment after next waited ",
                std::chrono::duration_cast<std::chrono::milliseconds>(waited).count(), " ms");
        CHECK(waited > 500ms);
        CHECK(waited < 3s);
        // Too far ahead, or a part without its segment: refused at once (RFC 8216bis 6.2.5.2).
        CHECK(client.get(base + "live.m3u8?_HLS_msn=" + std::to_string(next + 10)).status == 400);
        CHECK(client.get(base + "live.m3u8?_HLS_part=1").status == 400);
        CHECK(client.get(base + "live.m3u8?_HLS_msn=x").status == 400);
    }

    {  // players without Low-Latency HLS read the same playlist as standard HLS
        const std::string master = demo.base_url() + "live/hall/master.m3u8";
        const CommandResult ffprobe = run_shell(
            "ffprobe -v error -rw_timeout 15000000 -show_entries stream=codec_name -of csv=p=0 " +
            shell_quoted(master));
        CHECK_MESSAGE(ffprobe.exit_code == 0, ffprobe.err);
        CHECK(ffprobe.out.find("h264") != std::string::npos);
        CHECK(ffprobe.out.find("aac") != std::string::npos);
        // GStreamer's hlsdemux, through the discoverer (gstreamer1.0-plugins-base-apps).
        const CommandResult discoverer =
            run_shell("gst-discoverer-1.0 -t 20 " + shell_quoted(master));
        CHECK_MESSAGE(discoverer.exit_code == 0, discoverer.out, discoverer.err);
        CHECK(discoverer.out.find("H.264") != std::string::npos);
    }
}
