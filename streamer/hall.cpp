#include "streamer/hall.hpp"

#include <boost/describe/class.hpp>
#include <boost/json.hpp>

#include "common/enum_names.hpp"
#include "common/error.hpp"

namespace councilcast::streamer {

// Boost.JSON converts described structs both ways, every member required when reading.
BOOST_DESCRIBE_STRUCT(HallState, (), (program, pip, slate, muted, unplugged))
BOOST_DESCRIBE_STRUCT(SourceStatus, (), (id, state, reason, fps, reconnects))
BOOST_DESCRIBE_STRUCT(EncoderStatus, (), (rendition, fps, segments))
BOOST_DESCRIBE_STRUCT(HallStatus, (), (state, on_slate, level_db, silent_ms, sources, encoders))
BOOST_DESCRIBE_STRUCT(RenditionReport, (),
                      (rendition, codecs, width, height, framerate, peak_bandwidth,
                       average_bandwidth))

namespace json = boost::json;
namespace {

constexpr auto kCommandKinds = std::to_array<EnumName<HallCommand::Kind>>({
    {HallCommand::Kind::kCut, "cut"},
    {HallCommand::Kind::kPip, "pip"},
    {HallCommand::Kind::kSlate, "slate"},
    {HallCommand::Kind::kMute, "mute"},
    {HallCommand::Kind::kUnplug, "unplug"},
});

template <typename T>
T read(const json::value& value, const char* what) {
    try {
        return json::value_to<T>(value);
    } catch (const std::exception& e) {
        throw InvalidInput(std::string("malformed ") + what + ": " + e.what());
    }
}

}  // namespace

json::value to_json(const HallState& state) {
    return json::value_from(state);
}
json::value to_json(const HallStatus& status) {
    return json::value_from(status);
}
json::value to_json(const RenditionReport& report) {
    return json::value_from(report);
}

json::value to_json(const HallCommand& command) {
    return json::object{{"kind", name_of(kCommandKinds, command.kind)},
                        {"camera", command.camera},
                        {"on", command.on}};
}

HallState hall_state_from_json(const json::value& value) {
    return read<HallState>(value, "hall state");
}

HallStatus hall_status_from_json(const json::value& value) {
    return read<HallStatus>(value, "hall status");
}

RenditionReport rendition_report_from_json(const json::value& value) {
    return read<RenditionReport>(value, "rendition report");
}

HallCommand hall_command_from_json(const json::value& value) {
    const json::object* object = value.if_object();
    if (!object) throw InvalidInput("malformed hall command: not an object");
    const json::value* kind = object->if_contains("kind");
    const auto parsed =
        kind && kind->is_string() ? parse(kCommandKinds, kind->get_string()) : std::nullopt;
    if (!parsed) throw InvalidInput("malformed hall command: unknown kind");
    HallCommand command{.kind = *parsed};
    if (const json::value* camera = object->if_contains("camera")) {
        command.camera = read<std::string>(*camera, "hall command's camera");
    }
    if (const json::value* on = object->if_contains("on")) {
        command.on = read<bool>(*on, "hall command's on");
    }
    return command;
}

json::value command_message(std::int64_t id, const HallCommand& command) {
    return json::object{{"type", "command"}, {"id", id}, {"command", to_json(command)}};
}

json::value ack_message(std::int64_t id, const HallState& state) {
    return json::object{{"type", "ack"}, {"id", id}, {"state", to_json(state)}};
}

json::value refusal_message(std::int64_t id, const std::string& error) {
    return json::object{{"type", "ack"}, {"id", id}, {"error", error}};
}

}  // namespace councilcast::streamer
