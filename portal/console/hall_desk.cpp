#include "portal/console/hall_desk.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <boost/json/serialize.hpp>

#include <fstream>
#include <iterator>
#include <variant>

namespace councilcast::portal {
namespace asio = boost::asio;

namespace {

using AckChannel =
    asio::experimental::concurrent_channel<void(boost::system::error_code, HallAnswer)>;

// What a console shows of a heartbeat besides the level and the frame rates, which change all the
// time: a change here is worth telling open consoles at once.
std::string visible_part(const streamer::HallStatus& status) {
    std::string text = boost::json::serialize(streamer::to_json(status.state));
    text += status.on_slate ? "|slate" : "|programme";
    text += status.silent_ms >= HallDesk::kSilenceWarningMs ? "|silent" : "|sound";
    for (const auto& source : status.sources) {
        text += "|" + source.id + ":" + source.state + ":" + source.reason;
    }
    return text;
}

asio::awaitable<std::optional<std::string>> read_preview_file(std::filesystem::path file) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec || size == 0 || size > HallDesk::kMaxPreviewBytes) co_return std::nullopt;
    // The worker renames a new snapshot over this one: the open file stays whole.
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in && !in.eof()) co_return std::nullopt;
    if (bytes.empty() || bytes.size() > HallDesk::kMaxPreviewBytes) co_return std::nullopt;
    co_return bytes;
}

}  // namespace

HallDesk::HallDesk() = default;

HallDesk::~HallDesk() {
    readers_.join();
}

void HallDesk::add_channel(HallChannel channel) {
    channels_.push_back(std::move(channel));
}

const HallChannel* HallDesk::channel(std::string_view id) const {
    for (const auto& channel : channels_) {
        if (channel.id == id) return &channel;
    }
    return nullptr;
}

void HallDesk::status_arrived(const std::string& channel_id, const streamer::HallStatus& status) {
    std::lock_guard lock(mutex_);
    Seen& seen = seen_[channel_id];
    seen = {status, std::chrono::steady_clock::now()};
    publish_if_changed(channel_id, seen);
}

void HallDesk::worker_starting(const std::string& channel_id) {
    {
        std::lock_guard lock(mutex_);
        seen_.erase(channel_id);
        shown_.erase(channel_id);
    }
    publish_change(channel_id);
}

void HallDesk::publish_change(const std::string& channel_id) {
    std::lock_guard lock(mutex_);
    events_.publish({std::to_string(next_event_id_++), std::string(kChangedEvent), channel_id});
}

asio::awaitable<RecordingSwitch> HallDesk::record(const HallChannel& channel, bool on,
                                                  AuditNote audit) {
    auto switching = channel.record(on, std::move(audit));
    const RecordingSwitch result = co_await std::move(switching);
    if (result == RecordingSwitch::kDone) publish_change(channel.id);
    co_return result;
}

void HallDesk::publish_if_changed(const std::string& channel_id, const Seen& seen) {
    std::string visible = visible_part(*seen.status);
    std::string& shown = shown_[channel_id];
    if (visible == shown) return;
    shown = std::move(visible);
    events_.publish({std::to_string(next_event_id_++), std::string(kChangedEvent), channel_id});
}

void HallDesk::acknowledged(const std::string& channel_id, const streamer::HallState& state) {
    // The next heartbeat says the same; until then the console shows the change at once.
    std::lock_guard lock(mutex_);
    Seen& seen = seen_[channel_id];
    if (!seen.status) seen.status.emplace();
    seen.status->state = state;
    publish_if_changed(channel_id, seen);
}

HallDesk::Seen HallDesk::seen(const std::string& channel_id) const {
    std::lock_guard lock(mutex_);
    auto it = seen_.find(channel_id);
    return it == seen_.end() ? Seen{} : it->second;
}

asio::awaitable<HallDesk::CommandOutcome> HallDesk::command(const HallChannel& channel,
                                                            streamer::HallCommand command) {
    using namespace asio::experimental::awaitable_operators;
    const auto executor = co_await asio::this_coro::executor;
    auto answers = std::make_shared<AckChannel>(executor, 1);
    channel.command(std::move(command), [answers](HallAnswer answer) {
        answers->try_send(boost::system::error_code(), std::move(answer));
    });
    asio::steady_timer deadline(executor, kAckDeadline);
    auto receive = answers->async_receive(asio::as_tuple(asio::use_awaitable));
    auto wait = deadline.async_wait(asio::as_tuple(asio::use_awaitable));
    auto first = std::move(receive) || std::move(wait);
    auto outcome = co_await std::move(first);
    if (outcome.index() != 0) co_return CommandOutcome{};
    auto [error, answer] = std::get<0>(std::move(outcome));
    if (error) co_return CommandOutcome{};
    if (!answer.state) co_return CommandOutcome{Outcome::kRefused, std::nullopt, answer.error};
    acknowledged(channel.id, *answer.state);
    co_return CommandOutcome{Outcome::kDone, std::move(answer.state), {}};
}

asio::awaitable<std::optional<std::string>> HallDesk::preview(const HallChannel& channel,
                                                              std::string name) {
    auto read = asio::co_spawn(readers_, read_preview_file(channel.previews / (name + ".jpg")),
                               asio::use_awaitable);
    co_return co_await std::move(read);
}

}  // namespace councilcast::portal
