#include "portal/console/console_page.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "portal/http/event_stream.hpp"
#include "portal/http/responses.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = PageCall::Response;
using Dictionary = ctemplate::TemplateDictionary;

namespace {

// The hall's operators; editors run a sitting's broadcast too, and an administrator may stand in.
constexpr Access kOperators = Access::any_of(Roles(Role::kOperator) | Role::kEditor | Role::kAdmin);

// A heartbeat older than this: the worker is not reporting (it restarts, or is stuck).
constexpr std::chrono::seconds kStaleStatus{3};
// The level meter's floor; quieter is shown as this.
constexpr double kMeterFloorDb = -60;

const HallChannel::Camera* camera_of(const HallChannel& channel, std::string_view id) {
    for (const auto& camera : channel.cameras) {
        if (camera.id == id) return &camera;
    }
    return nullptr;
}

std::string camera_title(const HallChannel::Camera& camera) {
    return camera.title.empty() ? camera.id : camera.title;
}

// What the worker says of a camera, or nothing before its first heartbeat.
const streamer::SourceStatus* source_of(const std::optional<streamer::HallStatus>& status,
                                        std::string_view id) {
    if (!status) return nullptr;
    for (const auto& source : status->sources) {
        if (source.id == id) return &source;
    }
    return nullptr;
}

std::string_view state_key(std::string_view state) {
    if (state == "connected") return "console_hall_state_connected";
    if (state == "connecting") return "console_hall_state_connecting";
    if (state == "reconnecting") return "console_hall_state_reconnecting";
    if (state == "unplugged") return "console_hall_state_unplugged";
    return "console_hall_state_unknown";
}

// A form's on/off field: "1" or "0", nothing else.
bool switch_of(PageCall& call) {
    const std::string& on = call.form().get("on");
    if (on != "1" && on != "0") throw InvalidInput::text("console_hall_error_choice");
    return on == "1";
}

// What the audit log says of a command: "cut to rostrum", "unplug wide on", "pip off".
std::string command_detail(std::string_view kind, const streamer::HallCommand& command) {
    const std::string_view on = command.on ? "on" : "off";
    if (command.kind == streamer::HallCommand::Kind::kCut) {
        return fmt::format("cut to {}", command.camera);
    }
    if (command.kind == streamer::HallCommand::Kind::kUnplug) {
        return fmt::format("unplug {} {}", command.camera, on);
    }
    return fmt::format("{} {}", kind, on);
}

// A toggle form's hidden fields and its button's text, which says what pressing it does (the
// state itself is said above the buttons).
void add_toggle(Dictionary& channel_dict, std::string_view section, const HallChannel& channel,
                std::string_view kind, bool currently_on, const std::string& text_when_on,
                const std::string& text_when_off, const std::string& csrf) {
    Dictionary* toggle = channel_dict.AddSectionDictionary(std::string(section));
    toggle->SetValue("channel", channel.id);
    toggle->SetValue("kind", std::string(kind));
    toggle->SetValue("on", currently_on ? "0" : "1");
    toggle->SetValue("label", currently_on ? text_when_on : text_when_off);
    toggle->SetValue("csrf", csrf);
}

// The outcome a command came to, as the console says it; nothing for an unknown one.
void fill_outcome(PageCall& call, Dictionary& channel_dict, const std::string& outcome) {
    const bool good = outcome == "done" || outcome == "started" || outcome == "stopped" ||
                      outcome == "recording_started" || outcome == "recording_stopped";
    if (!good && outcome != "refused" && outcome != "unconfirmed") return;
    channel_dict.SetValueAndShowSection("text", call.text("console_hall_outcome_" + outcome),
                                        good ? "OUTCOME_OK" : "OUTCOME_WARNING");
}

// What viewers get: the slate, the corner, mute, the sound's level and the silence warning.
void fill_programme(PageCall& call, Dictionary& channel_dict, const HallDesk::Seen& seen) {
    if (!seen.status || std::chrono::steady_clock::now() - seen.at >= kStaleStatus) {
        channel_dict.ShowSection("NO_STATUS");
    }
    if (!seen.status) return;
    const streamer::HallStatus& hall = *seen.status;
    if (hall.on_slate) channel_dict.ShowSection("ON_SLATE");
    if (hall.state.muted) channel_dict.ShowSection("MUTED");
    if (hall.state.pip) channel_dict.ShowSection("PIP_SHOWN");
    const std::string level = fmt::format("{:.0f}", std::max(hall.level_db, kMeterFloorDb));
    channel_dict.SetValue("level", level);
    channel_dict.SetValue("level_min", fmt::format("{:.0f}", kMeterFloorDb));
    channel_dict.SetValue("level_text", call.text("console_hall_level_value", "db", level));
    channel_dict.ShowSection("LEVEL");
    if (hall.silent_ms >= HallDesk::kSilenceWarningMs) {
        channel_dict.SetValueAndShowSection(
            "text",
            call.text("console_hall_silence", "seconds", std::to_string(hall.silent_ms / 1000)),
            "SILENCE");
    }
}

// One camera: its preview, what the worker says of it, its cut and plug buttons.
void fill_camera(PageCall& call, Dictionary& camera_dict, const HallChannel& channel,
                 const HallChannel::Camera& camera, const HallDesk::Seen& seen) {
    const streamer::HallState state = seen.status ? seen.status->state : streamer::HallState{};
    const std::string name = camera_title(camera);
    camera_dict.SetValue("camera", camera.id);
    camera_dict.SetValue("camera_title", name);
    camera_dict.SetValue("preview", fmt::format("/console/preview/{}/{}", channel.id, camera.id));
    camera_dict.SetValue("preview_alt", call.text("console_hall_preview_alt", "camera", name));
    camera_dict.SetValue("cut_label", call.text("console_hall_cut", "camera", name));
    if (state.program == camera.id) camera_dict.ShowSection("PROGRAM");
    const bool unplugged = std::find(state.unplugged.begin(), state.unplugged.end(), camera.id) !=
                           state.unplugged.end();
    camera_dict.SetValue("unplug_on", unplugged ? "0" : "1");
    camera_dict.SetValue(
        "unplug_label",
        call.text(unplugged ? "console_hall_replug" : "console_hall_unplug", "camera", name));
    const streamer::SourceStatus* source = source_of(seen.status, camera.id);
    camera_dict.SetValue("state", call.text(state_key(source ? source->state : std::string())));
    if (source && source->state == "connected") {
        camera_dict.SetValueAndShowSection(
            "fps",
            call.text("console_hall_fps", "fps", fmt::format("{:.0f}", std::round(source->fps))),
            "FPS");
    }
    if (source && !source->reason.empty()) {
        camera_dict.SetValueAndShowSection("reason", source->reason, "REASON");
    }
}

// The recording of the meeting live on the channel: what it is doing since when, and the button
// that stops or starts it; no button when no meeting is live.
void fill_hall_recording(PageCall& call, Dictionary& channel_dict, const HallChannel& channel,
                         const PageRenderer& renderer, const Localization& localization) {
    const HallRecording recording = channel.recording ? channel.recording() : HallRecording{};
    if (recording.state == HallRecording::State::kNoMeeting) {
        channel_dict.ShowSection("NO_MEETING");
        return;
    }
    const Language language = call.language();
    const std::string& meeting = language == Language::kEn && !recording.meeting_en.empty()
                                     ? recording.meeting_en
                                     : recording.meeting_lt;
    const bool on = recording.state == HallRecording::State::kRecording;
    std::string_view key = "console_recording_not_started";
    if (on) {
        key = "console_recording_on";
    } else if (recording.since_unix_ms != 0) {
        key = recording.disk_full ? "console_recording_stopped_disk" : "console_recording_stopped";
    }
    const std::string time = localization.time_of_day(language, recording.since_unix_ms / 1000);
    Dictionary* form = channel_dict.AddSectionDictionary("RECORDING");
    form->SetValue("state", renderer.format(language, key, {{"meeting", meeting}, {"time", time}}));
    form->SetValue("on", on ? "0" : "1");
    form->SetValue("label", call.text(on ? "console_recording_stop" : "console_recording_start"));
}

// A channel's section: the broadcast, the recording, the programme, the operator's switches, the
// cameras.
void fill_channel(PageCall& call, Dictionary& channel_dict, const HallChannel& channel,
                  const HallDesk::Seen& seen, const std::string& csrf, const std::string& outcome,
                  const PageRenderer& renderer, const Localization& localization) {
    const Language language = call.language();
    channel_dict.SetValue("channel", channel.id);
    channel_dict.SetValue("csrf", csrf);
    const std::string& title_lt = channel.title_lt.empty() ? channel.id : channel.title_lt;
    channel_dict.SetValue("title", language == Language::kEn && !channel.title_en.empty()
                                       ? channel.title_en
                                       : title_lt);
    fill_outcome(call, channel_dict, outcome);
    const bool on_air = channel.on_air && channel.on_air();
    channel_dict.SetValue("broadcast_state",
                          call.text(on_air ? "console_hall_on_air" : "console_hall_off_air"));
    channel_dict.SetValue("broadcast_on", on_air ? "0" : "1");
    channel_dict.SetValue("broadcast_label",
                          call.text(on_air ? "console_hall_stop" : "console_hall_start"));
    fill_hall_recording(call, channel_dict, channel, renderer, localization);
    channel_dict.SetValue("programme_preview",
                          fmt::format("/console/preview/{}/program", channel.id));
    fill_programme(call, channel_dict, seen);

    const streamer::HallState state = seen.status ? seen.status->state : streamer::HallState{};
    if (!channel.pip_camera.empty()) {
        add_toggle(channel_dict, "PIP", channel, "pip", state.pip,
                   call.text("console_hall_pip_off"), call.text("console_hall_pip_on"), csrf);
    }
    add_toggle(channel_dict, "SLATE", channel, "slate", state.slate,
               call.text("console_hall_slate_off"), call.text("console_hall_slate_on"), csrf);
    add_toggle(channel_dict, "MUTE", channel, "mute", state.muted,
               call.text("console_hall_mute_off"), call.text("console_hall_mute_on"), csrf);
    for (const HallChannel::Camera& camera : channel.cameras) {
        fill_camera(call, *channel_dict.AddSectionDictionary("CAMERA"), channel, camera, seen);
    }
}

}  // namespace

ConsolePage::ConsolePage(HallDesk& desk, const PageRenderer& renderer,
                         const Localization& localization)
    : desk_(desk), renderer_(renderer), localization_(localization) {}

ModuleEntries ConsolePage::entries() {
    auto bind = [this](auto method) { return handler_of(this, method); };
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        {verb::get, "/console", kOperators, FormKind::kShort, bind(&ConsolePage::show)},
        {verb::post, "/console/command", kOperators, FormKind::kShort, bind(&ConsolePage::command)},
        {verb::post, "/console/broadcast", kOperators, FormKind::kShort,
         bind(&ConsolePage::broadcast)},
        {verb::post, "/console/recording", kOperators, FormKind::kShort,
         bind(&ConsolePage::recording)},
        // The worker's snapshots: the hall's inside, for operators only, never stored.
        {.method = verb::get,
         .pattern = "/console/preview/{channel}/{name}",
         .access = kOperators,
         .handler = bind(&ConsolePage::preview),
         .addresses = Addresses::kProgram},
        // Open consoles hear here that a channel changed (another operator's cut, a lost camera).
        {.method = verb::get,
         .pattern = "/console/events",
         .access = kOperators,
         .answer =
             [this](PageCall& call) {
                 return event_stream_reply(call.request(),
                                           desk_.events().subscribe(last_event_id(call.request())));
             },
         .addresses = Addresses::kProgram},
    };
    // Operators start from the console; editors still from the meetings (rank 10).
    entries.navigation = {{"/console", "console_hall_title", kOperators, 15}};
    return entries;
}

const HallChannel& ConsolePage::channel_of(PageCall& call) const {
    const HallChannel* channel = desk_.channel(call.form().get("channel"));
    if (channel == nullptr) throw InvalidInput::text("console_hall_error_channel");
    return *channel;
}

Response ConsolePage::back(PageCall& call, const HallChannel& channel,
                           std::string_view outcome) const {
    return call.redirect(call.path("/console") + fmt::format("?channel={}&outcome={}#hall-{}",
                                                             channel.id, outcome, channel.id));
}

asio::awaitable<Response> ConsolePage::show(PageCall& call) {
    co_return page(call, {});
}

asio::awaitable<Response> ConsolePage::command(PageCall& call) {
    streamer::HallCommand command;
    const HallChannel* channel = nullptr;
    try {
        channel = &channel_of(call);
        const std::string& kind = call.form().get("kind");
        if (kind == "cut" || kind == "unplug") {
            command.kind = kind == "cut" ? streamer::HallCommand::Kind::kCut
                                         : streamer::HallCommand::Kind::kUnplug;
            command.camera = call.form().get("camera");
            if (camera_of(*channel, command.camera) == nullptr) {
                throw InvalidInput::text("console_hall_error_camera");
            }
            command.on = kind == "unplug" && switch_of(call);
        } else if (kind == "pip") {
            if (channel->pip_camera.empty()) throw InvalidInput::text("console_hall_error_no_pip");
            command.kind = streamer::HallCommand::Kind::kPip;
            command.on = switch_of(call);
        } else if (kind == "slate" || kind == "mute") {
            command.kind = kind == "slate" ? streamer::HallCommand::Kind::kSlate
                                           : streamer::HallCommand::Kind::kMute;
            command.on = switch_of(call);
        } else {
            throw InvalidInput::text("console_hall_error_choice");
        }
    } catch (const InvalidInput& e) {
        co_return page(call, call.explain(e));
    }
    const std::string kind = call.form().get("kind");
    const std::string detail = command_detail(kind, command);
    auto sent = desk_.command(*channel, std::move(command));
    const HallDesk::CommandOutcome outcome = co_await std::move(sent);
    std::string_view said = "done";
    if (outcome.outcome == HallDesk::Outcome::kRefused) {
        spdlog::warn("[channel:{}] the worker refused \"{}\": {}", channel->id, detail,
                     outcome.error);
        said = "refused";
    } else if (outcome.outcome == HallDesk::Outcome::kUnconfirmed) {
        said = "unconfirmed";
    }
    // Who cut to which camera, and whether the worker confirmed it.
    auto audited =
        call.audit("hall." + kind, "channel " + channel->id, fmt::format("{} ({})", detail, said));
    co_await std::move(audited);
    co_return back(call, *channel, said);
}

ConsolePage::SwitchForm ConsolePage::switch_form(PageCall& call) const {
    try {
        // Braced: the channel is read before the switch.
        return SwitchForm{&channel_of(call), switch_of(call), std::nullopt};
    } catch (const InvalidInput& e) {
        return SwitchForm{nullptr, false, page(call, call.explain(e))};
    }
}

asio::awaitable<Response> ConsolePage::broadcast(PageCall& call) {
    SwitchForm form = switch_form(call);
    if (form.refused) co_return std::move(*form.refused);
    const HallChannel* channel = form.channel;
    const bool on = form.on;
    channel->broadcast(on);
    auto audited = call.audit(on ? "hall.start" : "hall.stop", "channel " + channel->id, "");
    co_await std::move(audited);
    co_return back(call, *channel, on ? "started" : "stopped");
}

asio::awaitable<Response> ConsolePage::recording(PageCall& call) {
    SwitchForm form = switch_form(call);
    if (form.refused) co_return std::move(*form.refused);
    const HallChannel* channel = form.channel;
    const bool on = form.on;
    // Who stopped or started the recording of which meeting, written with the change.
    auto switching = desk_.record(
        *channel, on,
        call.audit_note("hall.recording", "meeting",
                        fmt::format("{} (channel {})", on ? "start" : "stop", channel->id)));
    const RecordingSwitch result = co_await std::move(switching);
    if (result == RecordingSwitch::kNoMeeting) {
        co_return page(call, call.text("console_recording_error_no_meeting"),
                       http::status::conflict);
    }
    co_return back(call, *channel, on ? "recording_started" : "recording_stopped");
}

asio::awaitable<Response> ConsolePage::preview(PageCall& call) {
    const HallChannel* channel = desk_.channel(call.parameter("channel"));
    if (channel == nullptr) throw NotFound();
    std::string name = call.parameter("name");
    if (name != "program" && camera_of(*channel, name) == nullptr) throw NotFound();
    auto read = desk_.preview(*channel, std::move(name));
    std::optional<std::string> bytes = co_await std::move(read);
    if (!bytes) throw NotFound();
    co_return text_response(call.request(), http::status::ok, "image/jpeg", std::move(*bytes),
                            "no-store");
}

Response ConsolePage::page(PageCall& call, const std::string& error, http::status refusal) const {
    const std::string csrf = call.csrf_token();
    const std::string title = call.text("console_hall_title");
    const auto status = error.empty() ? http::status::ok : refusal;
    // The outcome a command's 303 brought back, shown at its channel (not over a refusal).
    const std::string outcome = error.empty() ? call.query("outcome") : std::string();
    const std::string outcome_channel = call.query("channel");
    return call.staff_page("console/hall.tpl", title, status,
                           [&](Dictionary& body) {
                               body.SetValue("heading", title);
                               body.SetValue("command_action", call.path("/console/command"));
                               body.SetValue("broadcast_action", call.path("/console/broadcast"));
                               body.SetValue("recording_action", call.path("/console/recording"));
                               if (!error.empty())
                                   body.SetValueAndShowSection("text", error, "ERROR");
                               for (const HallChannel& channel : desk_.channels()) {
                                   fill_channel(
                                       call, *body.AddSectionDictionary("CHANNEL"), channel,
                                       desk_.seen(channel.id), csrf,
                                       outcome_channel == channel.id ? outcome : std::string(),
                                       renderer_, localization_);
                               }
                           },
                           {"/assets/js/console.js"});
}

}  // namespace councilcast::portal
