#include "streamer/worker_settings.hpp"

#include <boost/describe/class.hpp>
#include <boost/json.hpp>

#include "common/error.hpp"

namespace councilcast::streamer {

// Boost.JSON converts described structs both ways, every member required when reading.
BOOST_DESCRIBE_STRUCT(SourceSettings, (),
                      (id, kind, location, test_pattern, transport, latency_ms, user, password,
                       srt_mode))
BOOST_DESCRIBE_STRUCT(AudioSettings, (), (kind, camera, location, offset_ms, latency_ms))
BOOST_DESCRIBE_STRUCT(PipSettings, (), (camera, x, y, width))
BOOST_DESCRIBE_STRUCT(SlateSettings, (), (title, subtitle, image))
BOOST_DESCRIBE_STRUCT(RenditionSettings, (),
                      (name, width, height, framerate, video_bitrate_kbps, profile,
                       audio_bitrate_kbps))

namespace json = boost::json;

json::value to_json(const WorkerSettings& settings) {
    return json::object{{"channel_id", settings.channel_id},
                        {"output_dir", settings.output_dir},
                        {"segment_duration_ms", settings.segment_duration_ms},
                        {"keyframe_interval_ms", settings.keyframe_interval_ms},
                        {"parts_per_segment", settings.parts_per_segment},
                        {"sources", json::value_from(settings.sources)},
                        {"renditions", json::value_from(settings.renditions)},
                        {"audio", json::value_from(settings.audio)},
                        {"pip", json::value_from(settings.pip)},
                        {"slate", json::value_from(settings.slate)},
                        {"preview_width", settings.preview_width},
                        {"previews_per_second", settings.previews_per_second},
                        {"hall", to_json(settings.hall)},
                        {"time_zone", settings.time_zone},
                        {"overlay", vote_overlay::to_json(settings.overlay)}};
}

WorkerSettings worker_settings_from_json(const json::value& value) {
    WorkerSettings settings;
    try {
        const json::object& object = value.as_object();
        settings.channel_id = json::value_to<std::string>(object.at("channel_id"));
        settings.output_dir = json::value_to<std::string>(object.at("output_dir"));
        settings.segment_duration_ms = object.at("segment_duration_ms").as_int64();
        settings.keyframe_interval_ms = object.at("keyframe_interval_ms").as_int64();
        settings.parts_per_segment = json::value_to<int>(object.at("parts_per_segment"));
        if (settings.parts_per_segment < 0 || settings.parts_per_segment > 20) {
            throw InvalidInput("worker settings: parts_per_segment must be 0..20");
        }
        if (settings.segment_duration_ms <= 0 || settings.keyframe_interval_ms <= 0 ||
            settings.segment_duration_ms % settings.keyframe_interval_ms != 0) {
            throw InvalidInput(
                "worker settings: keyframe_interval_ms must divide segment_duration_ms");
        }
        settings.sources = json::value_to<std::vector<SourceSettings>>(object.at("sources"));
        settings.renditions =
            json::value_to<std::vector<RenditionSettings>>(object.at("renditions"));
        settings.audio = json::value_to<AudioSettings>(object.at("audio"));
        settings.pip = json::value_to<PipSettings>(object.at("pip"));
        settings.slate = json::value_to<SlateSettings>(object.at("slate"));
        settings.preview_width = json::value_to<int>(object.at("preview_width"));
        settings.previews_per_second = json::value_to<int>(object.at("previews_per_second"));
        settings.hall = hall_state_from_json(object.at("hall"));
        settings.time_zone = json::value_to<std::string>(object.at("time_zone"));
        settings.overlay = vote_overlay::overlay_state_from_json(object.at("overlay"));
    } catch (const InvalidInput&) {
        throw;
    } catch (const std::exception& e) {
        throw InvalidInput(std::string("worker settings: ") + e.what());
    }
    if (settings.sources.empty() || settings.renditions.empty()) {
        throw InvalidInput("worker settings: need at least one source and one rendition");
    }
    return settings;
}

}  // namespace councilcast::streamer
