#include "streamer/worker_settings.hpp"

#include <boost/json.hpp>

#include "common/error.hpp"

namespace councilcast::streamer {
namespace json = boost::json;
namespace {

const json::value& field(const json::object& object, std::string_view key) {
    const json::value* value = object.if_contains(key);
    if (!value) throw InvalidInput("worker settings: missing " + std::string(key));
    return *value;
}

std::string string_field(const json::object& object, std::string_view key) {
    const json::value& value = field(object, key);
    if (!value.is_string())
        throw InvalidInput("worker settings: " + std::string(key) + " not a string");
    return std::string(value.get_string());
}

std::int64_t int_field(const json::object& object, std::string_view key) {
    const json::value& value = field(object, key);
    if (!value.is_int64())
        throw InvalidInput("worker settings: " + std::string(key) + " not an integer");
    return value.get_int64();
}

const json::array& array_field(const json::object& object, std::string_view key) {
    const json::value& value = field(object, key);
    if (!value.is_array())
        throw InvalidInput("worker settings: " + std::string(key) + " not an array");
    return value.get_array();
}

const json::object& as_object(const json::value& value) {
    if (!value.is_object()) throw InvalidInput("worker settings: expected an object");
    return value.get_object();
}

}  // namespace

json::value to_json(const WorkerSettings& settings) {
    json::array sources;
    for (const auto& source : settings.sources) {
        sources.push_back(json::object{{"id", source.id},
                                       {"kind", source.kind},
                                       {"location", source.location},
                                       {"test_pattern", source.test_pattern}});
    }
    json::array renditions;
    for (const auto& rendition : settings.renditions) {
        renditions.push_back(json::object{{"name", rendition.name},
                                          {"width", rendition.width},
                                          {"height", rendition.height},
                                          {"framerate", rendition.framerate},
                                          {"video_bitrate_kbps", rendition.video_bitrate_kbps},
                                          {"profile", rendition.profile},
                                          {"audio_bitrate_kbps", rendition.audio_bitrate_kbps}});
    }
    return json::object{{"channel_id", settings.channel_id},
                        {"output_dir", settings.output_dir},
                        {"segment_duration_ms", settings.segment_duration_ms},
                        {"sources", std::move(sources)},
                        {"renditions", std::move(renditions)},
                        {"overlay", vote_overlay::to_json(settings.overlay)}};
}

WorkerSettings worker_settings_from_json(const json::value& value) {
    const json::object& object = as_object(value);
    WorkerSettings settings;
    settings.channel_id = string_field(object, "channel_id");
    settings.output_dir = string_field(object, "output_dir");
    settings.segment_duration_ms = int_field(object, "segment_duration_ms");
    for (const auto& item : array_field(object, "sources")) {
        const json::object& source = as_object(item);
        settings.sources.push_back({string_field(source, "id"), string_field(source, "kind"),
                                    string_field(source, "location"),
                                    string_field(source, "test_pattern")});
    }
    for (const auto& item : array_field(object, "renditions")) {
        const json::object& rendition = as_object(item);
        settings.renditions.push_back({
            string_field(rendition, "name"),
            static_cast<int>(int_field(rendition, "width")),
            static_cast<int>(int_field(rendition, "height")),
            static_cast<int>(int_field(rendition, "framerate")),
            static_cast<int>(int_field(rendition, "video_bitrate_kbps")),
            string_field(rendition, "profile"),
            static_cast<int>(int_field(rendition, "audio_bitrate_kbps")),
        });
    }
    if (settings.sources.empty() || settings.renditions.empty()) {
        throw InvalidInput("worker settings: need at least one source and one rendition");
    }
    settings.overlay = vote_overlay::overlay_state_from_json(field(object, "overlay"));
    return settings;
}

}  // namespace councilcast::streamer
