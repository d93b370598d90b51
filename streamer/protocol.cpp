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
                        {"bytes", segment.bytes}};
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
        };
    } catch (const std::exception& e) {
        throw InvalidInput(std::string("malformed segment message: ") + e.what());
    }
}

std::string to_line(const json::value& message) {
    std::string line = json::serialize(message);
    line.push_back('\n');
    return line;
}

}  // namespace councilcast::streamer
