#include "config/config_loader.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "common/error.hpp"

using namespace councilcast;
using namespace councilcast::config;

namespace {

// A channel that passes on its own, to append to documents that test something else.
constexpr std::string_view kValidChannel = R"(
[[channel]]
id = "hall"
  [[channel.camera]]
  id = "test"
  [[channel.rendition]]
  name = "720p"
)";

struct Position {
    int line = 0;
    int column = 0;
};

// Where `needle` starts in `text`, 1-based, as toml++ counts: tests name the offending text
// instead of hard-coding line numbers that drift when a document is edited.
Position position_of(std::string_view text, std::string_view needle, std::size_t from = 0) {
    const std::size_t at = text.find(needle, from);
    REQUIRE_MESSAGE(at != std::string_view::npos, "test document lacks " << needle);
    Position position{1, 1};
    for (std::size_t i = 0; i < at; ++i) {
        if (text[i] == '\n') {
            ++position.line;
            position.column = 1;
        } else {
            ++position.column;
        }
    }
    return position;
}

LoadResult parse(std::string_view text) {
    return parse_config(text, "test.toml");
}

std::string all_errors(const LoadResult& result) {
    std::string text;
    for (const auto& error : result.errors) text += error.to_string() + "\n";
    return text;
}

// The one error reported for `key_path`; fails the test when there is none or several.
ConfigError error_at(const LoadResult& result, std::string_view key_path) {
    const ConfigError* found = nullptr;
    int count = 0;
    for (const auto& error : result.errors) {
        if (error.key_path == key_path) {
            found = &error;
            ++count;
        }
    }
    INFO("errors:\n" << all_errors(result));
    REQUIRE_MESSAGE(count == 1, "expected one error at " << key_path << ", found " << count);
    return *found;
}

// Parses `text`, expects it to fail with exactly one error at `key_path`, located where `needle`
// first occurs at or after offset `from`.
ConfigError only_error(std::string_view text, std::string_view key_path, std::string_view needle,
                       std::size_t from = 0) {
    LoadResult result = parse(text);
    INFO("document:\n" << text << "\nerrors:\n" << all_errors(result));
    CHECK_FALSE(result.config.has_value());
    REQUIRE(result.errors.size() == 1);
    ConfigError error = error_at(result, key_path);
    Position expected = position_of(text, needle, from);
    CHECK(error.source == "test.toml");
    CHECK(error.line == expected.line);
    CHECK(error.column == expected.column);
    return error;
}

std::string with_channel(std::string_view text) {
    return std::string(text) + std::string(kValidChannel);
}

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

// The sample files are read where the admin edits them, in the source tree.
std::filesystem::path source_dir() {
    if (const char* dir = std::getenv("COUNCILCAST_SOURCE_DIR")) return dir;
    return COUNCILCAST_CONFIGURED_SOURCE_DIR;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::filesystem::path temp_dir() {
    auto dir = std::filesystem::temp_directory_path() / "councilcast-tests" / "config";
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace

TEST_CASE("the demo configuration loads with the values the demo relies on") {
    LoadResult result = load_config_file(source_dir() / "config" / "demo.toml");
    INFO(all_errors(result));
    REQUIRE(result.config.has_value());
    CHECK(result.errors.empty());
    const Config& config = *result.config;
    CHECK(config.server.listen == "127.0.0.1:8080");
    CHECK(config.server.data_dir == "var/demo");
    REQUIRE(config.channels.size() == 1);
    const Channel& hall = config.channels[0];
    CHECK(hall.id == "hall");
    CHECK(hall.title_lt == "Tarybos posėdžių salė");
    CHECK(hall.title_en == "Council hall");
    // The wide shot, the rostrum and the interpreter, each a different picture.
    REQUIRE(hall.cameras.size() == 3);
    CHECK(hall.cameras[0].id == "wide");
    CHECK(hall.cameras[1].id == "rostrum");
    CHECK(hall.cameras[2].id == "interpreter");
    for (const Camera& camera : hall.cameras) CHECK(camera.kind == CameraKind::kTest);
    CHECK(hall.cameras[0].test_pattern != hall.cameras[1].test_pattern);
    CHECK(hall.cameras[1].test_pattern != hall.cameras[2].test_pattern);
    CHECK(hall.audio.source == "camera");
    CHECK(hall.audio.camera == "wide");
    CHECK(hall.pip.camera == "interpreter");
    REQUIRE(hall.renditions.size() == 1);
    const Rendition& rendition = hall.renditions[0];
    CHECK(rendition.name == "720p");
    CHECK(rendition.width == 1280);
    CHECK(rendition.height == 720);
    CHECK(rendition.framerate == 30);
    CHECK(rendition.video_bitrate_kbps == 2500);
    CHECK(rendition.profile == "main");
    CHECK(rendition.audio_bitrate_kbps == 128);
}

TEST_CASE("the built-in demo text is demo.toml, and it parses") {
    CHECK(demo_config_text() == read_file(source_dir() / "config" / "demo.toml"));
    Config config = demo_config();
    CHECK(config.server.data_dir == "var/demo");
    REQUIRE(config.channels.size() == 1);
    CHECK(config.channels[0].id == "hall");
}

TEST_CASE("the documented sample loads") {
    LoadResult result = load_config_file(source_dir() / "config" / "councilcast.toml");
    INFO(all_errors(result));
    REQUIRE(result.config.has_value());
    const Config& config = *result.config;
    CHECK(config.server.listen == "0.0.0.0:8080");
    CHECK(config.server.data_dir == "/var/lib/councilcast");
    REQUIRE(config.channels.size() == 1);
    const Channel& hall = config.channels[0];
    REQUIRE(hall.cameras.size() == 3);
    CHECK(hall.cameras[0].kind == CameraKind::kRtsp);
    CHECK(hall.cameras[1].kind == CameraKind::kRtsp);
    CHECK(hall.cameras[0].location.starts_with("rtsp://"));
    CHECK(hall.cameras[0].transport == "tcp");
    CHECK(hall.cameras[0].credentials_file == "/etc/councilcast/camera-wide.credentials");
    CHECK(hall.cameras[2].kind == CameraKind::kSrt);
    CHECK(hall.cameras[2].srt_mode == "listener");
    CHECK(hall.cameras[2].latency_ms == 300);
    CHECK(hall.audio.source == "alsa");
    CHECK(hall.audio.location == "hw:1");
    CHECK(hall.audio.offset_ms == 80);
    CHECK(hall.pip.camera == "interpreter");
    REQUIRE(hall.renditions.size() == 4);
    CHECK(hall.renditions[0].height == 1080);
    CHECK(hall.renditions[1].height == 720);
    CHECK(hall.renditions[2].height == 360);
    CHECK(hall.renditions[3].audio_only);
    CHECK(hall.renditions[3].width == 0);
    CHECK(hall.renditions[3].audio_bitrate_kbps == 64);
    // The sample lists the default questions, so that an administrator sees what to change.
    CHECK(config.voting.seats == 25);
    CHECK(config.voting.change_allowed);
    CHECK(config.voting.questions == default_voting_questions());
}

TEST_CASE("keys left out keep the schema's defaults") {
    LoadResult result = parse(kValidChannel);
    INFO(all_errors(result));
    REQUIRE(result.config.has_value());
    const Config defaults;
    const Config& config = *result.config;
    CHECK(config.server.listen == defaults.server.listen);
    CHECK(config.server.data_dir == defaults.server.data_dir);
    CHECK(config.server.threads == defaults.server.threads);
    CHECK(config.http.read_timeout == defaults.http.read_timeout);
    CHECK(config.http.max_upload_bytes == 20 * 1024 * 1024);
    CHECK(config.hls.segment_duration == defaults.hls.segment_duration);
    CHECK(config.hls.retention == defaults.hls.retention);
    const Rendition& rendition = config.channels.at(0).renditions.at(0);
    CHECK(rendition.width == Rendition{}.width);
    CHECK(config.channels[0].cameras.at(0).kind == CameraKind::kTest);
}

TEST_CASE("durations carry their unit in the key name") {
    std::string text = with_channel(R"(
[http]
read_timeout_s = 5
idle_timeout_s = 60
write_timeout_s = 45
[hls]
segment_duration_s = 4
live_window_segments = 8
keep_removed_segments_s = 600
retention_hours = 48
)");
    LoadResult result = parse(text);
    INFO(all_errors(result));
    REQUIRE(result.config.has_value());
    CHECK(result.config->http.read_timeout == std::chrono::seconds(5));
    CHECK(result.config->http.idle_timeout == std::chrono::seconds(60));
    CHECK(result.config->http.write_timeout == std::chrono::seconds(45));
    CHECK(result.config->hls.segment_duration == std::chrono::seconds(4));
    CHECK(result.config->hls.live_window_segments == 8);
    CHECK(result.config->hls.keep_removed_segments == std::chrono::seconds(600));
    CHECK(result.config->hls.retention == std::chrono::hours(48));
}

TEST_CASE("a TOML syntax error is reported with toml++'s position") {
    std::string text = "[server]\nlisten = \"127.0.0.1:8080\"\nthreads = \n";
    LoadResult result = parse(text);
    CHECK_FALSE(result.config.has_value());
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].line == 3);
    CHECK(result.errors[0].column == 11);
    CHECK(result.errors[0].key_path.empty());
    CHECK(contains(result.errors[0].message, "TOML syntax error"));

    LoadResult redefined = parse("[server]\nthreads = 2\nthreads = 3\n");
    REQUIRE(redefined.errors.size() == 1);
    CHECK(redefined.errors[0].line == 3);
}

TEST_CASE("unknown keys are reported wherever they are") {
    SUBCASE("a misspelt key gets a suggestion") {
        std::string text = with_channel("[server]\nlistn = \"127.0.0.1:8080\"\n");
        ConfigError error = only_error(text, "server.listn", "listn");
        CHECK(contains(error.message, "unknown key"));
        CHECK(contains(error.message, "did you mean \"listen\""));
    }
    SUBCASE("a forgotten unit suffix is suggested") {
        std::string text = with_channel("[hls]\nsegment_duration = 2\n");
        ConfigError error = only_error(text, "hls.segment_duration", "segment_duration");
        CHECK(contains(error.message, "did you mean \"segment_duration_s\""));
    }
    SUBCASE("an unknown key far from any known one lists the allowed keys") {
        std::string text = with_channel("[municipality]\nmayor = \"x\"\n");
        ConfigError error = only_error(text, "municipality.mayor", "mayor");
        CHECK(contains(error.message, "\"name_lt\""));
    }
    SUBCASE("an unknown table at the top level") {
        std::string text = with_channel("[servr]\nlisten = \"127.0.0.1:8080\"\n");
        ConfigError error = only_error(text, "servr", "servr");
        CHECK(contains(error.message, "did you mean \"server\""));
    }
    SUBCASE("inside a nested array of tables") {
        std::string text = R"([[channel]]
id = "hall"
  [[channel.camera]]
  id = "a"
  [[channel.camera]]
  id = "b"
  colour = "red"
  [[channel.rendition]]
  name = "720p"
)";
        only_error(text, "channel[0].camera[1].colour", "colour");
    }
}

TEST_CASE("wrong types say what was expected and what was found") {
    SUBCASE("integer for a string") {
        std::string text = with_channel("[server]\nlisten = 8080\n");
        ConfigError error = only_error(text, "server.listen", "8080");
        CHECK(error.message == "expected a string, found an integer");
    }
    SUBCASE("string for an integer") {
        std::string text = with_channel("[server]\nthreads = \"4\"\n");
        ConfigError error = only_error(text, "server.threads", "\"4\"");
        CHECK(error.message == "expected an integer, found a string");
    }
    SUBCASE("fraction for a duration") {
        std::string text = with_channel("[hls]\nsegment_duration_s = 2.5\n");
        ConfigError error = only_error(text, "hls.segment_duration_s", "2.5");
        CHECK(error.message == "expected an integer, found a floating-point number");
    }
    SUBCASE("value for a table") {
        std::string text = with_channel("server = \"x\"\n");
        ConfigError error = only_error(text, "server", "\"x\"");
        CHECK(contains(error.message, "expected a table ([server]), found a string"));
    }
    SUBCASE("table for an array of tables") {
        std::string text = "[channel]\nid = \"hall\"\n";
        ConfigError error = only_error(text, "channel", "[channel]");
        CHECK(contains(error.message, "[[channel]]"));
    }
    SUBCASE("an element of an array of tables that is not a table") {
        std::string text = "channel = [1]\n";
        ConfigError error = only_error(text, "channel[0]", "1]");
        CHECK(contains(error.message, "expected a table"));
    }
}

TEST_CASE("values out of range are reported with their range") {
    struct Case {
        std::string_view document;
        std::string_view key_path;
        std::string_view needle;
    };
    const Case cases[] = {
        {"[server]\nthreads = 0\n", "server.threads", "0"},
        {"[server]\nthreads = 65\n", "server.threads", "65"},
        {"[http]\nmax_header_bytes = 100\n", "http.max_header_bytes", "100"},
        {"[http]\nmax_upload_bytes = 2147483648\n", "http.max_upload_bytes", "2147483648"},
        {"[http]\nread_timeout_s = 0\n", "http.read_timeout_s", "0"},
        {"[http]\nmax_connections = -1\n", "http.max_connections", "-1"},
        {"[hls]\nsegment_duration_s = 0\n", "hls.segment_duration_s", "0"},
        {"[hls]\nsegment_duration_s = 11\n", "hls.segment_duration_s", "11"},
        {"[hls]\nkeyframe_interval_ms = 100\n", "hls.keyframe_interval_ms", "100"},
        {"[hls]\nlive_window_segments = 5\n", "hls.live_window_segments", "5"},
        {"[hls]\nretention_hours = -1\n", "hls.retention_hours", "-1"},
        {"[recordings]\nredaction_retention_days = 0\n", "recordings.redaction_retention_days",
         "0"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.document);
        ConfigError error = only_error(with_channel(c.document), c.key_path, c.needle);
        CHECK(contains(error.message, "must be between"));
    }
}

TEST_CASE("rendition values are checked") {
    auto document = [](std::string_view rendition_lines) {
        return std::string(R"([[channel]]
id = "hall"
  [[channel.camera]]
  id = "test"
  [[channel.rendition]]
  name = "720p"
)") + std::string(rendition_lines);
    };
    struct Case {
        std::string_view lines;
        std::string_view key;
        std::string_view needle;
        std::string_view message_part;
    };
    const Case cases[] = {
        {"  width = 1279\n", "width", "1279", "must be even"},
        {"  height = 721\n", "height", "721", "must be even"},
        {"  width = 3842\n", "width", "3842", "must be between 16 and 3840"},
        {"  height = 2162\n", "height", "2162", "must be between 16 and 2160"},
        {"  width = 8\n", "width", "8", "must be between 16 and 3840"},
        {"  framerate = 61\n", "framerate", "61", "must be between 1 and 60"},
        {"  framerate = 0\n", "framerate", "0", "must be between 1 and 60"},
        {"  video_bitrate_kbps = 99\n", "video_bitrate_kbps", "99", "between 100 and 20000"},
        {"  video_bitrate_kbps = 20001\n", "video_bitrate_kbps", "20001", "between 100 and 20000"},
        {"  audio_bitrate_kbps = 31\n", "audio_bitrate_kbps", "31", "between 32 and 320"},
        {"  audio_bitrate_kbps = 321\n", "audio_bitrate_kbps", "321", "between 32 and 320"},
        {"  profile = \"baseline\"\n", "profile", "\"baseline\"", "\"main\", \"high\""},
    };
    for (const Case& c : cases) {
        CAPTURE(c.lines);
        std::string key_path = "channel[0].rendition[0]." + std::string(c.key);
        const std::string text = document(c.lines);
        ConfigError error = only_error(text, key_path, c.needle, text.size() - c.lines.size());
        CHECK(contains(error.message, c.message_part));
    }
}

TEST_CASE("renditions are listed from the highest bit rate down") {
    std::string text = R"([[channel]]
id = "hall"
  [[channel.camera]]
  id = "test"
  [[channel.rendition]]
  name = "360p"
  width = 640
  height = 360
  video_bitrate_kbps = 800
  [[channel.rendition]]
  name = "720p"
  video_bitrate_kbps = 2500
)";
    ConfigError error = only_error(text, "channel[0].rendition[1].video_bitrate_kbps", "2500");
    CHECK(contains(error.message, "highest to lowest"));
}

TEST_CASE("an audio-only rendition has no picture and is not the first") {
    const std::string two = R"([[channel]]
id = "hall"
  [[channel.camera]]
  id = "test"
  [[channel.rendition]]
  name = "720p"
  [[channel.rendition]]
  name = "audio"
  audio_only = true
  audio_bitrate_kbps = 48
)";
    LoadResult result = parse(two);
    INFO(all_errors(result));
    REQUIRE(result.config.has_value());
    const Rendition& audio = result.config->channels.at(0).renditions.at(1);
    CHECK(audio.audio_only);
    CHECK(audio.width == 0);
    CHECK(audio.height == 0);
    CHECK(audio.video_bitrate_kbps == 0);
    CHECK(audio.audio_bitrate_kbps == 48);

    const std::string sized = two + "  width = 640\n";
    ConfigError error = only_error(sized, "channel[0].rendition[1].width", "640");
    CHECK(contains(error.message, "audio-only rendition has no picture"));

    const std::string first = R"([[channel]]
id = "hall"
  [[channel.camera]]
  id = "test"
  [[channel.rendition]]
  name = "audio"
  audio_only = true
  [[channel.rendition]]
  name = "720p"
)";
    error = only_error(first, "channel[0].rendition[0].audio_only", "true");
    CHECK(contains(error.message, "cannot be audio only"));

    const std::string wrong = R"([[channel]]
id = "hall"
  [[channel.camera]]
  id = "test"
  [[channel.rendition]]
  name = "720p"
  audio_only = "yes"
)";
    only_error(wrong, "channel[0].rendition[0].audio_only", "\"yes\"");
}

TEST_CASE("ids are lowercase, short and present") {
    SUBCASE("uppercase") {
        std::string text =
            "[[channel]]\nid = \"Hall\"\n[[channel.camera]]\nid = \"a\"\n"
            "[[channel.rendition]]\nname = \"720p\"\n";
        ConfigError error = only_error(text, "channel[0].id", "\"Hall\"");
        CHECK(contains(error.message, "lowercase"));
    }
    SUBCASE("empty") {
        std::string text =
            "[[channel]]\nid = \"\"\n[[channel.camera]]\nid = \"a\"\n"
            "[[channel.rendition]]\nname = \"720p\"\n";
        only_error(text, "channel[0].id", "\"\"");
    }
    SUBCASE("too long") {
        std::string text = "[[channel]]\nid = \"hall\"\n[[channel.camera]]\nid = \"" +
                           std::string(33, 'a') + "\"\n[[channel.rendition]]\nname = \"720p\"\n";
        ConfigError error = only_error(text, "channel[0].camera[0].id", "\"aaa");
        CHECK(contains(error.message, "at most 32"));
    }
    SUBCASE("a slash in a rendition name") {
        std::string text =
            "[[channel]]\nid = \"hall\"\n[[channel.camera]]\nid = \"a\"\n"
            "[[channel.rendition]]\nname = \"../x\"\n";
        only_error(text, "channel[0].rendition[0].name", "\"../x\"");
    }
    SUBCASE("a missing channel id points at its table") {
        std::string text =
            "[[channel]]\ntitle_en = \"Hall\"\n[[channel.camera]]\nid = \"a\"\n"
            "[[channel.rendition]]\nname = \"720p\"\n";
        ConfigError error = only_error(text, "channel[0].id", "[[channel]]");
        CHECK(contains(error.message, "missing"));
    }
    SUBCASE("a missing rendition name points at its table") {
        std::string text =
            "[[channel]]\nid = \"hall\"\n[[channel.camera]]\nid = \"a\"\n"
            "[[channel.rendition]]\nwidth = 640\nheight = 360\n";
        only_error(text, "channel[0].rendition[0].name", "[[channel.rendition]]");
    }
}

TEST_CASE("duplicate ids are reported at the second use") {
    SUBCASE("channels") {
        std::string text = with_channel("") + std::string(kValidChannel);
        LoadResult result = parse(text);
        REQUIRE(result.errors.size() == 1);
        ConfigError error = error_at(result, "channel[1].id");
        CHECK(error.line == position_of(text, "\"hall\"", text.find("\"hall\"") + 1).line);
        CHECK(contains(error.message, "duplicate channel id \"hall\""));
        CHECK(
            contains(error.message, "line " + std::to_string(position_of(text, "\"hall\"").line)));
    }
    SUBCASE("cameras within a channel") {
        std::string text = R"([[channel]]
id = "hall"
  [[channel.camera]]
  id = "wide"
  [[channel.camera]]
  id = "wide"
  [[channel.rendition]]
  name = "720p"
)";
        LoadResult result = parse(text);
        REQUIRE(result.errors.size() == 1);
        ConfigError error = error_at(result, "channel[0].camera[1].id");
        CHECK(error.line == 6);
        CHECK(contains(error.message, "duplicate camera id"));
    }
    SUBCASE("renditions within a channel") {
        std::string text = R"([[channel]]
id = "hall"
  [[channel.camera]]
  id = "wide"
  [[channel.rendition]]
  name = "720p"
  [[channel.rendition]]
  name = "720p"
)";
        ConfigError error = error_at(parse(text), "channel[0].rendition[1].name");
        CHECK(error.line == 8);
    }
    SUBCASE("the same camera id in two channels is fine") {
        std::string text = std::string(kValidChannel) +
                           "[[channel]]\nid = \"hall-2\"\n"
                           "[[channel.camera]]\nid = \"test\"\n[[channel.rendition]]\nname = "
                           "\"720p\"\n";
        LoadResult result = parse(text);
        INFO(all_errors(result));
        CHECK(result.config.has_value());
    }
}

TEST_CASE("listen must be HOST:PORT with an IP address") {
    for (std::string_view good :
         {"127.0.0.1:8080", "0.0.0.0:0", "0.0.0.0:65535", "[::]:8080", "[::1]:443"}) {
        CAPTURE(good);
        CHECK_FALSE(listen_address_problem(good).has_value());
    }
    for (std::string_view bad : {"8080", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536",
                                 "127.0.0.1:80a", ":8080", "localhost:8080", "::1:8080",
                                 "[::1:8080", "[zz]:80", "256.0.0.1:80", "127.0.0.1:123456"}) {
        CAPTURE(bad);
        CHECK(listen_address_problem(bad).has_value());
    }
    std::string text = with_channel("[server]\nlisten = \"127.0.0.1:99999\"\n");
    ConfigError error = only_error(text, "server.listen", "\"127.0.0.1:99999\"");
    CHECK(contains(error.message, "0 to 65535"));
}

TEST_CASE("choices are checked: log level, language, camera kind, test pattern") {
    ConfigError level = only_error(with_channel("[server]\nlog_level = \"verbose\"\n"),
                                   "server.log_level", "\"verbose\"");
    CHECK(contains(level.message, "\"trace\", \"debug\", \"info\", \"warn\", \"error\""));
    only_error(with_channel("[municipality]\ndefault_language = \"de\"\n"),
               "municipality.default_language", "\"de\"");
    only_error(with_channel("[server]\ndata_dir = \"\"\n"), "server.data_dir", "\"\"");

    std::string kind =
        "[[channel]]\nid = \"hall\"\n[[channel.camera]]\nid = \"a\"\n"
        "kind = \"ndi\"\n[[channel.rendition]]\nname = \"720p\"\n";
    ConfigError error = only_error(kind, "channel[0].camera[0].kind", "\"ndi\"");
    CHECK(contains(error.message, "\"test\", \"uri\", \"rtsp\", \"srt\", \"v4l2\""));

    std::string pattern =
        "[[channel]]\nid = \"hall\"\n[[channel.camera]]\nid = \"a\"\n"
        "test_pattern = \"balls\"\n[[channel.rendition]]\nname = \"720p\"\n";
    only_error(pattern, "channel[0].camera[0].test_pattern", "\"balls\"");
}

TEST_CASE("camera locations match their kind") {
    auto camera = [](std::string_view lines) {
        return "[[channel]]\nid = \"hall\"\n[[channel.camera]]\nid = \"a\"\n" + std::string(lines) +
               "[[channel.rendition]]\nname = \"720p\"\n";
    };
    const std::string_view path = "channel[0].camera[0].location";

    SUBCASE("accepted") {
        for (std::string_view lines :
             {"kind = \"rtsp\"\nlocation = \"rtsp://user:secret@192.0.2.1:554/1\"\n",
              "kind = \"rtsp\"\nlocation = \"rtsps://192.0.2.1/1\"\n",
              "kind = \"srt\"\nlocation = \"srt://192.0.2.2:9000?mode=caller\"\n",
              "kind = \"uri\"\nlocation = \"file:///srv/video/a.mp4\"\n",
              "kind = \"v4l2\"\nlocation = \"/dev/video0\"\n", "kind = \"test\"\n"}) {
            CAPTURE(lines);
            LoadResult result = parse(camera(lines));
            INFO(all_errors(result));
            CHECK(result.config.has_value());
        }
    }
    SUBCASE("rtsp without a location points at the camera table") {
        ConfigError error = only_error(camera("kind = \"rtsp\"\n"), path, "[[channel.camera]]");
        CHECK(contains(error.message, "needs a location"));
    }
    SUBCASE("rtsp with another scheme") {
        std::string text = camera("kind = \"rtsp\"\nlocation = \"http://admin:secret@cam/\"\n");
        ConfigError error = only_error(text, path, "\"http:");
        CHECK(contains(error.message, "rtsp://"));
        CHECK_FALSE(contains(error.message, "secret"));
    }
    SUBCASE("srt with another scheme") {
        only_error(camera("kind = \"srt\"\nlocation = \"udp://192.0.2.1:9000\"\n"), path, "\"udp:");
    }
    SUBCASE("uri without a scheme") {
        only_error(camera("kind = \"uri\"\nlocation = \"/srv/video/a.mp4\"\n"), path, "\"/srv");
    }
    SUBCASE("v4l2 with a relative path") {
        only_error(camera("kind = \"v4l2\"\nlocation = \"video0\"\n"), path, "\"video0\"");
    }
    SUBCASE("a location on a test camera means the kind was forgotten") {
        ConfigError error =
            only_error(camera("location = \"rtsp://192.0.2.1/1\"\n"), path, "\"rtsp:");
        CHECK(contains(error.message, "kind"));
    }
}

TEST_CASE("a camera's transport, jitter buffer, credentials and SRT mode are checked") {
    auto camera = [](std::string_view lines) {
        return "[[channel]]\nid = \"hall\"\n[[channel.camera]]\nid = \"a\"\n" + std::string(lines) +
               "[[channel.rendition]]\nname = \"720p\"\n";
    };
    SUBCASE("defaults") {
        LoadResult result = parse(camera("kind = \"rtsp\"\nlocation = \"rtsp://192.0.2.1/1\"\n"));
        REQUIRE(result.config.has_value());
        const Camera& a = result.config->channels[0].cameras[0];
        CHECK(a.transport == "auto");
        CHECK(a.latency_ms == 200);
        CHECK(a.credentials_file.empty());
        CHECK(a.srt_mode == "caller");
    }
    SUBCASE("accepted") {
        LoadResult result =
            parse(camera("kind = \"rtsp\"\nlocation = \"rtsp://192.0.2.1/1\"\ntransport = \"udp\"\n"
                         "latency_ms = 0\ncredentials_file = \"/etc/cam.credentials\"\n"));
        INFO(all_errors(result));
        REQUIRE(result.config.has_value());
        CHECK(result.config->channels[0].cameras[0].transport == "udp");
        CHECK(result.config->channels[0].cameras[0].latency_ms == 0);
    }
    SUBCASE("an unknown transport") {
        ConfigError error = only_error(camera("kind = \"rtsp\"\nlocation = \"rtsp://192.0.2.1/1\"\n"
                                              "transport = \"http\"\n"),
                                       "channel[0].camera[0].transport", "\"http\"");
        CHECK(contains(error.message, "\"tcp\""));
    }
    SUBCASE("a jitter buffer out of range") {
        only_error(
            camera("kind = \"rtsp\"\nlocation = \"rtsp://192.0.2.1/1\"\nlatency_ms = 9000\n"),
            "channel[0].camera[0].latency_ms", "9000");
        only_error(camera("kind = \"srt\"\nlocation = \"srt://192.0.2.1:9000\"\nlatency_ms = -1\n"),
                   "channel[0].camera[0].latency_ms", "-1");
    }
    SUBCASE("credentials are for rtsp cameras only, and name a file") {
        ConfigError error =
            only_error(camera("kind = \"srt\"\nlocation = \"srt://192.0.2.1:9000\"\n"
                              "credentials_file = \"/etc/cam\"\n"),
                       "channel[0].camera[0].credentials_file", "\"/etc/cam\"");
        CHECK(contains(error.message, "rtsp"));
        only_error(camera("kind = \"rtsp\"\nlocation = \"rtsp://192.0.2.1/1\"\n"
                          "credentials_file = \"\"\n"),
                   "channel[0].camera[0].credentials_file", "\"\"\n");
    }
    SUBCASE("an unknown SRT mode") {
        only_error(camera("kind = \"srt\"\nlocation = \"srt://192.0.2.1:9000\"\n"
                          "srt_mode = \"rendezvous\"\n"),
                   "channel[0].camera[0].srt_mode", "\"rendezvous\"");
    }
}

TEST_CASE("a camera's credentials file holds user:password on one line") {
    const auto file = temp_dir() / "camera.credentials";
    auto write = [&file](std::string_view text) { std::ofstream(file, std::ios::binary) << text; };
    write("operator:se:cret\n");
    CameraCredentials credentials = read_camera_credentials(file);
    CHECK(credentials.user == "operator");
    CHECK(credentials.password == "se:cret");
    write("admin:pw\r\n");
    CHECK(read_camera_credentials(file).password == "pw");
    write("no colon here\n");
    CHECK_THROWS_AS(read_camera_credentials(file), Error);
    write(":password\n");
    CHECK_THROWS_AS(read_camera_credentials(file), Error);
    write(std::string(5000, 'a'));
    CHECK_THROWS_AS(read_camera_credentials(file), Error);
    CHECK_THROWS_AS(read_camera_credentials(temp_dir() / "missing.credentials"), Error);
}

TEST_CASE("the programme's sound is checked against its source") {
    auto hall = [](std::string_view audio) {
        return "[[channel]]\nid = \"hall\"\n[[channel.camera]]\nid = \"wide\"\n"
               "[[channel.camera]]\nid = \"rostrum\"\n[channel.audio]\n" +
               std::string(audio) + "[[channel.rendition]]\nname = \"720p\"\n";
    };
    SUBCASE("defaults: the first camera's sound, in sync") {
        LoadResult result = parse(kValidChannel);
        REQUIRE(result.config.has_value());
        CHECK(result.config->channels[0].audio.source == "camera");
        CHECK(result.config->channels[0].audio.camera.empty());
        CHECK(result.config->channels[0].audio.offset_ms == 0);
    }
    SUBCASE("accepted") {
        for (std::string_view audio :
             {"source = \"camera\"\ncamera = \"rostrum\"\noffset_ms = -2000\n",
              "source = \"alsa\"\nlocation = \"hw:1\"\noffset_ms = 2000\n",
              "source = \"rtsp\"\nlocation = \"rtsp://192.0.2.5/audio\"\n",
              "source = \"srt\"\nlocation = \"srt://192.0.2.5:9001\"\n", "source = \"test\"\n",
              "source = \"none\"\n"}) {
            CAPTURE(audio);
            LoadResult result = parse(hall(audio));
            INFO(all_errors(result));
            CHECK(result.config.has_value());
        }
    }
    SUBCASE("an unknown source") {
        only_error(hall("source = \"hdmi\"\n"), "channel[0].audio.source", "\"hdmi\"");
    }
    SUBCASE("a camera the channel does not have") {
        ConfigError error = only_error(hall("source = \"camera\"\ncamera = \"balcony\"\n"),
                                       "channel[0].audio.camera", "\"balcony\"");
        CHECK(contains(error.message, "\"wide\", \"rostrum\""));
    }
    SUBCASE("a camera named for another source") {
        only_error(hall("source = \"alsa\"\nlocation = \"hw:1\"\ncamera = \"wide\"\n"),
                   "channel[0].audio.camera", "\"wide\"\n[[channel.rendition");
    }
    SUBCASE("a device or URI missing, or of the wrong kind") {
        ConfigError alsa =
            only_error(hall("source = \"alsa\"\n"), "channel[0].audio.location", "[channel.audio]");
        CHECK(contains(alsa.message, "hw:1"));
        ConfigError rtsp =
            only_error(hall("source = \"rtsp\"\nlocation = \"http://192.0.2.5/a\"\n"),
                       "channel[0].audio.location", "\"http:");
        CHECK(contains(rtsp.message, "the sound's location"));
        only_error(hall("source = \"alsa\"\nlocation = \"hw 1\"\n"), "channel[0].audio.location",
                   "\"hw 1\"");
        only_error(hall("source = \"test\"\nlocation = \"hw:1\"\n"), "channel[0].audio.location",
                   "\"hw:1\"");
    }
    SUBCASE("lip sync beyond two seconds") {
        only_error(hall("offset_ms = 2500\n"), "channel[0].audio.offset_ms", "2500");
        only_error(hall("offset_ms = -2001\n"), "channel[0].audio.offset_ms", "-2001");
    }
}

TEST_CASE("the interpreter's corner names a camera and fits in the picture") {
    auto hall = [](std::string_view pip) {
        return "[[channel]]\nid = \"hall\"\n[[channel.camera]]\nid = \"wide\"\n"
               "[[channel.camera]]\nid = \"interpreter\"\n[channel.pip]\n" +
               std::string(pip) + "[[channel.rendition]]\nname = \"720p\"\n";
    };
    SUBCASE("accepted, with the lower right corner by default") {
        LoadResult result = parse(hall("camera = \"interpreter\"\n"));
        INFO(all_errors(result));
        REQUIRE(result.config.has_value());
        const Pip& pip = result.config->channels[0].pip;
        CHECK(pip.camera == "interpreter");
        CHECK(pip.x == 700);
        CHECK(pip.y == 620);
        CHECK(pip.width == 280);
    }
    SUBCASE("no corner unless configured") {
        LoadResult result = parse(kValidChannel);
        REQUIRE(result.config.has_value());
        CHECK(result.config->channels[0].pip.camera.empty());
    }
    SUBCASE("a camera the channel does not have") {
        only_error(hall("camera = \"signer\"\n"), "channel[0].pip.camera", "\"signer\"");
    }
    SUBCASE("out of range") {
        only_error(hall("camera = \"interpreter\"\nx = 1001\n"), "channel[0].pip.x", "1001");
        only_error(hall("camera = \"interpreter\"\nwidth = 10\n"), "channel[0].pip.width", "10");
    }
    SUBCASE("off the right or the bottom edge") {
        ConfigError right = only_error(hall("camera = \"interpreter\"\nx = 800\nwidth = 300\n"),
                                       "channel[0].pip.width", "300");
        CHECK(contains(right.message, "right edge"));
        ConfigError bottom = only_error(hall("camera = \"interpreter\"\nx = 0\ny = 900\n"),
                                        "channel[0].pip.y", "900");
        CHECK(contains(bottom.message, "bottom edge"));
    }
}

TEST_CASE("the slate's image is a PNG or JPEG") {
    auto hall = [](std::string_view slate) {
        return "[[channel]]\nid = \"hall\"\n" + std::string(slate) +
               "[[channel.camera]]\nid = \"wide\"\n[[channel.rendition]]\nname = \"720p\"\n";
    };
    LoadResult result = parse(hall("slate_image = \"/etc/councilcast/slate.png\"\n"));
    REQUIRE(result.config.has_value());
    CHECK(result.config->channels[0].slate_image == "/etc/councilcast/slate.png");
    CHECK(parse(kValidChannel).config->channels[0].slate_image.empty());
    ConfigError error = only_error(hall("slate_image = \"/etc/councilcast/slate.gif\"\n"),
                                   "channel[0].slate_image", "\"/etc/councilcast/slate.gif\"");
    CHECK(contains(error.message, "PNG or JPEG"));
}

TEST_CASE("a configuration needs a channel with a camera and a rendition") {
    SUBCASE("no channel at all") {
        ConfigError error = only_error("[server]\nthreads = 2\n", "channel", "[server]");
        CHECK(contains(error.message, "[[channel]]"));
    }
    SUBCASE("an empty file") {
        LoadResult result = parse("");
        REQUIRE(result.errors.size() == 1);
        CHECK(result.errors[0].key_path == "channel");
        CHECK(result.errors[0].line == 1);
    }
    SUBCASE("an empty channel list") {
        only_error("channel = []\n", "channel", "[]");
    }
    SUBCASE("a channel without camera or rendition") {
        std::string text = "[server]\nthreads = 2\n[[channel]]\nid = \"hall\"\n";
        LoadResult result = parse(text);
        REQUIRE(result.errors.size() == 2);
        Position table = position_of(text, "[[channel]]");
        ConfigError camera = error_at(result, "channel[0].camera");
        CHECK(camera.line == table.line);
        CHECK(contains(camera.message, "[[channel.camera]]"));
        ConfigError rendition = error_at(result, "channel[0].rendition");
        CHECK(rendition.line == table.line);
        CHECK(contains(rendition.message, "[[channel.rendition]]"));
    }
}

TEST_CASE("voting keeps Lithuanian practice unless told otherwise") {
    LoadResult defaults = parse(kValidChannel);
    REQUIRE(defaults.config.has_value());
    CHECK(defaults.config->voting.seats == 25);
    CHECK(defaults.config->voting.change_allowed);
    REQUIRE(defaults.config->voting.questions.size() == 4);
    CHECK(defaults.config->voting.questions[0].id == "ordinary");
    CHECK(defaults.config->voting.questions[3].secret);

    LoadResult own = parse(with_channel(R"([voting]
seats = 15
change_allowed = false
[[voting.question]]
id = "budget"
title_lt = "Biudžetas"
basis = "all_seats"
numerator = 3
denominator = 5
)"));
    INFO(all_errors(own));
    REQUIRE(own.config.has_value());
    CHECK(own.config->voting.seats == 15);
    CHECK_FALSE(own.config->voting.change_allowed);
    REQUIRE(own.config->voting.questions.size() == 1);
    CHECK(own.config->voting.questions[0] ==
          VotingQuestion{"budget", "Biudžetas", "", "all_seats", 3, 5, true, false});
}

TEST_CASE("petitions keep working defaults and refuse thresholds in the wrong order") {
    LoadResult defaults = parse(kValidChannel);
    REQUIRE(defaults.config.has_value());
    const Petitions& petitions = defaults.config->petitions;
    CHECK(petitions.sponsors == 5);
    CHECK(petitions.moderation_overdue_days == 5);
    CHECK(petitions.open_days == 90);
    CHECK(petitions.response_threshold == 300);
    CHECK(petitions.council_threshold == 1000);
    CHECK(petitions.allow_outside);
    CHECK(petitions.tally_interval == std::chrono::milliseconds(250));

    LoadResult own = parse(with_channel(R"([petitions]
sponsors = 0
open_days = 30
response_threshold = 100
council_threshold = 100
allow_outside = false
tally_interval_ms = 1000
flag_signatures = 5
flag_window_minutes = 10
)"));
    INFO(all_errors(own));
    REQUIRE(own.config.has_value());
    CHECK(own.config->petitions.sponsors == 0);
    CHECK(own.config->petitions.open_days == 30);
    CHECK_FALSE(own.config->petitions.allow_outside);
    CHECK(own.config->petitions.tally_interval == std::chrono::milliseconds(1000));
    CHECK(own.config->petitions.flag_window == std::chrono::minutes(10));

    ConfigError order = only_error(with_channel("[petitions]\ncouncil_threshold = 200\n"),
                                   "petitions.council_threshold", "200");
    CHECK(contains(order.message, "below the response threshold (300)"));
    only_error(with_channel("[petitions]\nopen_days = 0\n"), "petitions.open_days", "0");
    only_error(with_channel("[petitions]\ntally_interval_ms = 10\n"), "petitions.tally_interval_ms",
               "10");
    only_error(with_channel("[petitions]\nallow_outside = \"yes\"\n"), "petitions.allow_outside",
               "\"yes\"");
}

TEST_CASE("bookings keep working defaults, a fixed granule and real holiday dates") {
    LoadResult defaults = parse(kValidChannel);
    REQUIRE(defaults.config.has_value());
    const Bookings& bookings = defaults.config->bookings;
    CHECK(bookings.hold == std::chrono::minutes(10));
    CHECK(bookings.confirm == std::chrono::minutes(60));
    CHECK(bookings.reminder_hours_before == 24);
    CHECK(bookings.granule_minutes == 5);
    CHECK(bookings.holds_per_client == 3);
    CHECK(bookings.extra_holidays.empty());

    LoadResult own = parse(with_channel(R"([bookings]
hold_minutes = 5
confirm_minutes = 120
reminder_hours_before = 48
granule_minutes = 5
holds_per_client = 2
extra_holidays = ["2027-05-03", "2028-02-29"]
)"));
    INFO(all_errors(own));
    REQUIRE(own.config.has_value());
    CHECK(own.config->bookings.hold == std::chrono::minutes(5));
    CHECK(own.config->bookings.confirm == std::chrono::minutes(120));
    CHECK(own.config->bookings.reminder_hours_before == 48);
    CHECK(own.config->bookings.holds_per_client == 2);
    CHECK(own.config->bookings.extra_holidays ==
          std::vector<std::string>{"2027-05-03", "2028-02-29"});

    ConfigError granule = only_error(with_channel("[bookings]\ngranule_minutes = 15\n"),
                                     "bookings.granule_minutes", "15");
    CHECK(contains(granule.message, "fixed at 5"));
    ConfigError date =
        only_error(with_channel("[bookings]\nextra_holidays = [\"2027-05-03\", \"2027-02-29\"]\n"),
                   "bookings.extra_holidays[1]", "\"2027-02-29\"");
    CHECK(contains(date.message, "YYYY-MM-DD"));
    only_error(with_channel("[bookings]\nextra_holidays = [\"3.5.2027\"]\n"),
               "bookings.extra_holidays[0]", "\"3.5.2027\"");
    only_error(with_channel("[bookings]\nhold_minutes = 0\n"), "bookings.hold_minutes", "0");
    only_error(with_channel("[bookings]\nreminder_hours_before = 200\n"),
               "bookings.reminder_hours_before", "200");
}

TEST_CASE("a voting question's majority is checked") {
    const std::string question = "[[voting.question]]\nid = \"q\"\ntitle_lt = \"K\"\n";
    ConfigError more = only_error(with_channel(question + "numerator = 3\ndenominator = 2\n"),
                                  "voting.question[0].numerator", "3");
    CHECK(contains(more.message, "at most 1"));
    ConfigError less = only_error(with_channel(question + "numerator = 1\ndenominator = 3\n"),
                                  "voting.question[0].numerator", "1\n");
    CHECK(contains(less.message, "less than half"));
    ConfigError unreachable =
        only_error(with_channel(question + "numerator = 1\ndenominator = 1\nstrictly = true\n"),
                   "voting.question[0].strictly", "true");
    CHECK(contains(unreachable.message, "strictly = false"));
    only_error(with_channel(question + "basis = \"members\"\n"), "voting.question[0].basis",
               "\"members\"");
    only_error(with_channel(question + "secret = \"yes\"\n"), "voting.question[0].secret",
               "\"yes\"");
    only_error(with_channel(question + "denominator = 0\n"), "voting.question[0].denominator", "0");
}

TEST_CASE("voting questions need an id of their own and a Lithuanian title") {
    ConfigError title = only_error(with_channel("[[voting.question]]\nid = \"q\"\n"),
                                   "voting.question[0].title_lt", "[[voting.question]]");
    CHECK(contains(title.message, "missing"));
    const std::string two =
        "[[voting.question]]\nid = \"q\"\ntitle_lt = \"K\"\n"
        "[[voting.question]]\nid = \"q\"\ntitle_lt = \"L\"\n";
    ConfigError duplicate = only_error(with_channel(two), "voting.question[1].id", "\"q\"",
                                       two.find("[[voting.question]]", 1));
    CHECK(contains(duplicate.message, "duplicate"));
    only_error(with_channel("[[voting.question]]\nid = \"Two-Thirds\"\ntitle_lt = \"K\"\n"),
               "voting.question[0].id", "\"Two-Thirds\"");
    only_error(with_channel("[voting]\nquestion = []\n"), "voting.question", "[]");
    only_error(with_channel("[voting]\nseats = 0\n"), "voting.seats", "0");
    only_error(with_channel("[voting]\nchange_allowed = 1\n"), "voting.change_allowed", "1");
}

TEST_CASE("HLS timing values are checked against each other") {
    std::string text = with_channel(
        "[hls]\nsegment_duration_s = 10\nlive_window_segments = 10\n"
        "keep_removed_segments_s = 60\n");
    ConfigError error = only_error(text, "hls.keep_removed_segments_s", "60");
    CHECK(contains(error.message, "110 s"));

    // Every segment starts with a keyframe: the interval divides the segment.
    ConfigError keyframes =
        only_error(with_channel("[hls]\nsegment_duration_s = 2\nkeyframe_interval_ms = 1500\n"),
                   "hls.keyframe_interval_ms", "1500");
    CHECK(contains(keyframes.message, "must divide segment_duration_s (2000 ms)"));
    LoadResult half =
        parse(with_channel("[hls]\nsegment_duration_s = 2\nkeyframe_interval_ms = 500\n"));
    REQUIRE(half.errors.empty());
    CHECK(half.config->hls.keyframe_interval == std::chrono::milliseconds(500));

    std::string connections =
        with_channel("[http]\nmax_connections = 10\nmax_connections_per_address = 20\n");
    only_error(connections, "http.max_connections_per_address", "20");

    std::string guesses = with_channel(
        "[accounts]\nmax_failed_logins_per_account = 5\n"
        "max_failed_logins_per_account_and_address = 6\n");
    only_error(guesses, "accounts.max_failed_logins_per_account_and_address", "6");
    LoadResult lowered = parse(with_channel("[accounts]\nmax_failed_logins_per_account = 3\n"));
    REQUIRE(lowered.errors.empty());
    CHECK(lowered.config->accounts.max_failed_logins_per_account_and_address == 3);
}

TEST_CASE("trusted proxies are address ranges, and the forwarding header one of two") {
    LoadResult good =
        parse(with_channel("[server]\ntrusted_proxies = [\"127.0.0.1/32\", \"fd00::/8\"]\n"
                           "forwarded_header = \"forwarded\"\n"));
    REQUIRE(good.errors.empty());
    CHECK(good.config->server.trusted_proxies.size() == 2);
    CHECK(good.config->server.forwarded_header == "forwarded");
    LoadResult defaults = parse(with_channel(""));
    REQUIRE(defaults.errors.empty());
    CHECK(defaults.config->server.trusted_proxies.empty());
    CHECK(defaults.config->server.forwarded_header == "x-forwarded-for");

    only_error(with_channel("[server]\ntrusted_proxies = [\"10.0.0.1/8\"]\n"),
               "server.trusted_proxies[0]", "\"10.0.0.1/8");
    only_error(with_channel("[server]\nforwarded_header = \"x-real-ip\"\n"),
               "server.forwarded_header", "\"x-real-ip");
}

TEST_CASE("every error in a file is reported, in file order") {
    std::string text = R"([server]
listn = "127.0.0.1:8080"
threads = 0
log_level = "loud"

[hls]
segment_duration_s = "2"

[[channel]]
id = "Hall"
  [[channel.camera]]
  id = "wide"
  kind = "rtsp"
  [[channel.rendition]]
  name = "720p"
  width = 1281
  [[channel.rendition]]
  name = "720p"
  profile = "baseline"
)";
    LoadResult result = parse(text);
    INFO(all_errors(result));
    CHECK_FALSE(result.config.has_value());
    const std::string_view expected[] = {
        "server.listn",
        "server.threads",
        "server.log_level",
        "hls.segment_duration_s",
        "channel[0].id",
        "channel[0].camera[0].location",
        "channel[0].rendition[0].width",
        "channel[0].rendition[1].name",
        "channel[0].rendition[1].profile",
    };
    REQUIRE(result.errors.size() == std::size(expected));
    for (std::size_t i = 0; i < std::size(expected); ++i) {
        CHECK(result.errors[i].key_path == expected[i]);
        if (i > 0) CHECK(result.errors[i - 1].line <= result.errors[i].line);
    }
    CHECK(error_at(result, "channel[0].rendition[0].width").line == 16);
    CHECK(error_at(result, "channel[0].rendition[1].profile").line == 19);
}

TEST_CASE("an error prints as file:line:column: key.path: message") {
    ConfigError error{"/etc/councilcast/councilcast.toml", 3, 11, "server.threads", "too many"};
    CHECK(error.to_string() == "/etc/councilcast/councilcast.toml:3:11: server.threads: too many");
    ConfigError no_position{"missing.toml", 0, 0, "", "no such file"};
    CHECK(no_position.to_string() == "missing.toml: no such file");
}

TEST_CASE("files that cannot be used are one error each") {
    const auto dir = temp_dir();
    SUBCASE("missing") {
        LoadResult result = load_config_file(dir / "does-not-exist.toml");
        CHECK_FALSE(result.config.has_value());
        REQUIRE(result.errors.size() == 1);
        CHECK(contains(result.errors[0].message, "no such file"));
        CHECK(result.errors[0].source == (dir / "does-not-exist.toml").string());
    }
    SUBCASE("a directory") {
        LoadResult result = load_config_file(dir);
        REQUIRE(result.errors.size() == 1);
        CHECK(contains(result.errors[0].message, "not a regular file"));
    }
    SUBCASE("larger than 1 MiB") {
        const auto path = dir / "huge.toml";
        {
            std::ofstream out(path, std::ios::binary);
            std::string comment_line(1023, '#');
            for (int i = 0; i < 1025; ++i) out << comment_line << '\n';
        }
        LoadResult result = load_config_file(path);
        std::filesystem::remove(path);
        REQUIRE(result.errors.size() == 1);
        CHECK(contains(result.errors[0].message, "larger than"));
    }
    SUBCASE("a valid file, with errors named after it") {
        const auto path = dir / "bad.toml";
        {
            std::ofstream out(path, std::ios::binary);
            out << "[server]\nthreads = 0\n" << kValidChannel;
        }
        LoadResult result = load_config_file(path);
        REQUIRE(result.errors.size() == 1);
        CHECK(result.errors[0].to_string().starts_with(path.string() + ":2:11: server.threads: "));
    }
}

TEST_CASE("command-line overrides replace listen and data_dir, validated") {
    Config config = demo_config();
    apply_overrides(config, std::nullopt, std::nullopt);
    CHECK(config.server.listen == "127.0.0.1:8080");

    apply_overrides(config, std::string("0.0.0.0:9090"), std::filesystem::path("/tmp/cc"));
    CHECK(config.server.listen == "0.0.0.0:9090");
    CHECK(config.server.data_dir == "/tmp/cc");

    // A bad value changes nothing, not even the other, valid override.
    CHECK_THROWS_AS(apply_overrides(config, std::string("localhost"), std::filesystem::path("x")),
                    InvalidInput);
    CHECK_THROWS_AS(apply_overrides(config, std::string("[::1]:70000"), std::nullopt),
                    InvalidInput);
    CHECK_THROWS_AS(apply_overrides(config, std::nullopt, std::filesystem::path()), InvalidInput);
    CHECK(config.server.listen == "0.0.0.0:9090");
    CHECK(config.server.data_dir == "/tmp/cc");
}

TEST_CASE("TLS files go together, and a redirect needs TLS") {
    auto half = parse(with_channel("[tls]\ncertificate = \"/etc/c.pem\"\n"));
    CHECK(contains(all_errors(half), "tls.private_key: certificate and private_key go together"));
    auto redirect = parse(with_channel("[tls]\nredirect_listen = \"0.0.0.0:80\"\n"));
    CHECK(contains(all_errors(redirect), "redirects to HTTPS need HTTPS"));
    auto whole =
        parse(with_channel("[tls]\ncertificate = \"/c.pem\"\nprivate_key = \"/k.pem\"\n"
                           "redirect_listen = \"0.0.0.0:80\"\n"));
    REQUIRE(whole.config);
    CHECK(whole.config->tls.redirect_listen == "0.0.0.0:80");
}

TEST_CASE("origins and the sender's address are checked") {
    auto result =
        parse(with_channel("[server]\npublic_url = \"https://tv.example.lt/path\"\n"
                           "[municipality]\nwebsite = \"ftp://example.lt\"\n"
                           "[mail]\nfrom_address = \"noreply\"\nstarttls = \"maybe\"\n"));
    const std::string errors = all_errors(result);
    CHECK(contains(errors, "server.public_url: \"https://tv.example.lt/path\" must be a scheme"));
    CHECK(contains(errors, "municipality.website: \"ftp://example.lt\" must start with https://"));
    CHECK(contains(errors, "mail.from_address: \"noreply\" is not a mail address"));
    CHECK(contains(errors, "mail.starttls"));
    auto good = parse(with_channel("[server]\npublic_url = \"https://tv.example.lt:8443\"\n"));
    REQUIRE(good.config);
    CHECK(good.config->server.public_url == "https://tv.example.lt:8443");
}

TEST_CASE("the sites that may frame the widgets are origins, each checked") {
    auto bad = parse(with_channel(
        "[municipality]\nembed_framers = [\"https://ok.example.lt\", \"javascript:x\", 5]\n"));
    const std::string errors = all_errors(bad);
    CHECK(contains(errors, "municipality.embed_framers[1]: \"javascript:x\""));
    CHECK(contains(errors, "municipality.embed_framers[2]: expected"));
    auto not_a_list = parse(with_channel("[municipality]\nembed_framers = \"https://a.lt\"\n"));
    CHECK(contains(all_errors(not_a_list), "municipality.embed_framers: expected"));
    auto good = parse(with_channel(
        "[municipality]\nembed_framers = [\"https://a.example.lt\", \"http://127.0.0.1:8081\"]\n"));
    REQUIRE(good.config);
    CHECK(good.config->municipality.embed_framers ==
          std::vector<std::string>{"https://a.example.lt", "http://127.0.0.1:8081"});
}

TEST_CASE("account limits keep their ranges") {
    auto result =
        parse(with_channel("[accounts]\nmax_failed_logins_per_account = 101\n"
                           "session_idle_timeout_min = 2\n"));
    const std::string errors = all_errors(result);
    CHECK(contains(errors, "accounts.max_failed_logins_per_account: must be between 1 and 100"));
    CHECK(contains(errors, "accounts.session_idle_timeout_min: must be between 5 and 1440"));
}

TEST_CASE(
    "problem reports keep Elektrenai's defaults; categories, keys and the outline are checked") {
    LoadResult defaults = parse(kValidChannel);
    REQUIRE(defaults.config.has_value());
    const Reports& reports = defaults.config->reports;
    CHECK(reports.duplicate_radius_m == 250);
    CHECK(reports.max_photos == 5);
    CHECK(reports.fixed_question_weeks == 4);
    CHECK(reports.elderships.size() == 8);
    REQUIRE(reports.categories.size() == 6);
    CHECK(reports.categories[0].code == "roads");
    CHECK(reports.categories[5].code == "other");
    CHECK(reports.boundary.size() >= 3);
    CHECK(reports.open311_api_keys.empty());

    LoadResult sample = load_config_file(source_dir() / "config" / "councilcast.toml");
    INFO(all_errors(sample));
    REQUIRE(sample.config.has_value());
    CHECK(sample.config->reports.categories.size() == 6);
    CHECK(sample.config->reports.categories[0].questions.at(0).kind == "yes_no");
    CHECK(sample.config->reports.elderships.at(1).name == "Vievio seniūnija");

    LoadResult own = parse(with_channel(R"([reports]
boundary = [[54.6, 24.4], [54.9, 24.4], [54.9, 25.1], [54.6, 25.1]]
duplicate_radius_m = 100
[[reports.elderships]]
name = "Vievio seniūnija"
lat = 54.767
lon = 24.801
[[reports.open311_api_keys]]
name = "city_app"
key = "abcdefghijklmnopqrstuvwxyz012345"
[[reports.categories]]
code = "roads"
name_lt = "Keliai"
name_en = "Roads"
webhook_url = "https://hooks.example.lt/reports"
webhook_secret = "0123456789abcdef"
anonymous_allowed = false
[[reports.categories.questions]]
code = "lane"
text_lt = "Kuri juosta?"
text_en = "Which lane?"
)"));
    INFO(all_errors(own));
    REQUIRE(own.config.has_value());
    const Reports& mine = own.config->reports;
    CHECK(mine.boundary.size() == 4);
    CHECK(mine.duplicate_radius_m == 100);
    REQUIRE(mine.elderships.size() == 1);
    CHECK(mine.elderships[0].centre.lat == doctest::Approx(54.767));
    REQUIRE(mine.open311_api_keys.size() == 1);
    REQUIRE(mine.categories.size() == 1);
    CHECK(mine.categories[0].department_email.empty());
    CHECK(!mine.categories[0].anonymous_allowed);
    CHECK(mine.categories[0].questions.at(0).code == "lane");

    const std::string category =
        "[[reports.categories]]\ncode = \"roads\"\nname_lt = \"K\"\n"
        "name_en = \"R\"\n";
    ConfigError nowhere =
        only_error(with_channel(category), "reports.categories[0].department_email", "\"roads\"");
    CHECK(contains(nowhere.message, "reach nobody"));
    ConfigError secret = only_error(
        with_channel(category +
                     "webhook_url = \"https://h.example.lt/\"\nwebhook_secret = \"x\"\n"),
        "reports.categories[0].webhook_secret", "\"https://h");
    CHECK(contains(secret.message, "16 characters"));
    only_error(with_channel(category + "department_email = \"x@example.lt\"\n"
                                       "webhook_url = \"http://hooks.example.lt/\"\n"
                                       "webhook_secret = \"0123456789abcdef\"\n"),
               "reports.categories[0].webhook_url", "\"http://hooks");
    only_error(with_channel("[[reports.categories]]\ncode = \"Keliai!\"\nname_lt = \"K\"\n"
                            "name_en = \"R\"\ndepartment_email = \"x@example.lt\"\n"),
               "reports.categories[0].code", "\"Keliai!\"");
    only_error(with_channel("[reports]\nboundary = [[54.6, 24.4], [54.9]]\n"), "reports.boundary",
               "[54.9]");
    only_error(with_channel("[reports]\nduplicate_radius_m = 5\n"), "reports.duplicate_radius_m",
               "5\n");
    only_error(with_channel("[[reports.open311_api_keys]]\nname = \"app\"\nkey = \"short\"\n"),
               "reports.open311_api_keys[0].key", "\"short\"");
    only_error(with_channel("[reports]\ntile_url = \"http://tiles.example/{z}/{x}/{y}.png\"\n"),
               "reports.tile_url", "\"http://tiles");
}
