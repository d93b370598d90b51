#include "streamer/protocol.hpp"

#include <boost/json.hpp>

#include "common/error.hpp"

namespace councilcast::streamer {
namespace json = boost::json;

json::value to_json(const SegmentClosed& segment) {
    return json::object{{"type", "segment"},
                        {"rendition", segment.rendition},
                        {"file", segment.file},
                        {"start_unix_ms", segment.start_unix_ms},
                        {"duration_us", segment.duration_us},
                        {"bytes", segment.bytes},
                        {"fragment", segment.fragment}};
}

SegmentClosed segment_closed_from_json(const json::value& value) {
    try {
        const json::object& object = value.as_object();
        return SegmentClosed{
            .rendition = std::string(object.at("rendition").as_string()),
            .file = std::string(object.at("file").as_string()),
            .start_unix_ms = object.at("start_unix_ms").as_int64(),
            .duration_us = object.at("duration_us").as_int64(),
            .bytes = object.at("bytes").as_int64(),
            .fragment = object.at("fragment").as_int64(),
        };
    } catch (const std::exception& e) {
        throw InvalidInput(std::string("malformed segment message: ") + e.what());
    }
}

json::value to_json(const PartClosed& part) {
    return json::object{
        {"type", "part"},    {"rendition", part.rendition},     {"fragment", part.fragment},
        {"part", part.part}, {"duration_us", part.duration_us}, {"independent", part.independent}};
}

PartClosed part_closed_from_json(const json::value& value) {
    try {
        const json::object& object = value.as_object();
        PartClosed part{
            .rendition = std::string(object.at("rendition").as_string()),
            .fragment = object.at("fragment").as_int64(),
            .part = static_cast<int>(object.at("part").as_int64()),
            .duration_us = object.at("duration_us").as_int64(),
            .independent = object.at("independent").as_bool(),
        };
        if (part.fragment < 0 || part.part < 0 || part.duration_us < 0) {
            throw InvalidInput("a negative number");
        }
        return part;
    } catch (const std::exception& e) {
        throw InvalidInput(std::string("malformed part message: ") + e.what());
    }
}

json::value to_json(const MediaBytes& media) {
    return json::object{{"type", "media"},
                        {"rendition", media.rendition},
                        {"fragment", media.fragment},
                        {"part", media.part},
                        {"bytes", media.bytes}};
}

MediaBytes media_bytes_from_json(const json::value& value) {
    MediaBytes media;
    try {
        const json::object& object = value.as_object();
        media = MediaBytes{
            .rendition = std::string(object.at("rendition").as_string()),
            .fragment = object.at("fragment").as_int64(),
            .part = static_cast<int>(object.at("part").as_int64()),
            .bytes = object.at("bytes").as_int64(),
        };
    } catch (const std::exception& e) {
        throw InvalidInput(std::string("malformed media message: ") + e.what());
    }
    if (media.bytes < 1 || media.bytes > kMaxMediaBytes || media.fragment < 0 || media.part < 0) {
        throw InvalidInput("malformed media message: a size or number out of range");
    }
    return media;
}

std::string to_line(const json::value& message) {
    std::string line = json::serialize(message);
    line.push_back('\n');
    return line;
}

}  // namespace councilcast::streamer
