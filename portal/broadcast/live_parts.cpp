#include "portal/broadcast/live_parts.hpp"

#include <fmt/core.h>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <charconv>

#include "common/require.hpp"
#include "common/unix_time.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace {

// Fragments kept per rendition behind the newest indexed one: the playlist lists parts of the
// segments within three target durations of its end, and a player may still fetch a part it
// was told of a little after that.
constexpr std::int64_t kKeptFragments = 5;

// "<run>-<fragment>.<part>.ts" → fragment and part, if `name` is one of `run`'s.
std::optional<std::pair<std::int64_t, int>> parse_part_name(std::string_view name,
                                                            std::string_view run) {
    if (!name.starts_with(run) || name.size() <= run.size() + 1 || name[run.size()] != '-' ||
        !name.ends_with(".ts")) {
        return std::nullopt;
    }
    const std::string_view rest = name.substr(run.size() + 1, name.size() - run.size() - 4);
    const auto dot = rest.find('.');
    if (dot == rest.npos) return std::nullopt;
    std::int64_t fragment = 0;
    int part = 0;
    const auto [end_fragment, fragment_error] =
        std::from_chars(rest.data(), rest.data() + dot, fragment);
    const auto [end_part, part_error] =
        std::from_chars(rest.data() + dot + 1, rest.data() + rest.size(), part);
    if (fragment_error != std::errc() || end_fragment != rest.data() + dot ||
        part_error != std::errc() || end_part != rest.data() + rest.size() || fragment < 0 ||
        part < 0) {
        return std::nullopt;
    }
    return std::pair{fragment, part};
}

}  // namespace

LiveParts::LiveParts(int parts_per_segment)
    : parts_per_segment_(parts_per_segment), portal_run_(fmt::format("{:x}", now_unix_ms())) {
    require(parts_per_segment_ > 0, "live parts need parts");
}

std::string LiveParts::part_name(const Channel& channel, std::int64_t fragment, int part) const {
    return fmt::format("{}-{:06}.{}.ts", channel.run, fragment, part);
}

void LiveParts::changed(Channel& channel) {
    ++channel.version;
    // Each waiting request's timer, cancelled on its own executor: a timer is not to be touched
    // from two threads at once.
    for (auto& timer : channel.waiters) {
        asio::post(timer->get_executor(), [timer] { timer->cancel(); });
    }
    channel.waiters.clear();
}

void LiveParts::worker_started(const std::string& channel_id) {
    std::lock_guard lock(mutex_);
    Channel& channel = channels_[channel_id];
    channel.run = fmt::format("{}r{}", portal_run_, ++runs_);
    // A part being streamed will never be finished: its readers see it broken, not short.
    for (auto& [name, rendition] : channel.renditions) {
        for (auto& [fragment, parts] : rendition.fragments) {
            for (StoredPart& part : parts) {
                for (const auto& stream : part.streams) stream->fail();
            }
        }
    }
    channel.renditions.clear();
    changed(channel);
}

void LiveParts::add_bytes(const std::string& channel_id, const streamer::MediaBytes& media,
                          std::string&& data) {
    std::lock_guard lock(mutex_);
    Channel& channel = channels_[channel_id];
    std::vector<StoredPart>& parts = channel.renditions[media.rendition].fragments[media.fragment];
    if (media.part >= parts_per_segment_) return;
    if (parts.size() <= static_cast<std::size_t>(media.part)) parts.resize(media.part + 1);
    StoredPart& part = parts[media.part];
    if (part.closed) return;
    // A part is far below ByteStream's queue limit: the push never waits.
    for (const auto& stream : part.streams)
        stream->push({reinterpret_cast<const std::uint8_t*>(data.data()), data.size()});
    part.bytes += data;
}

void LiveParts::close_part(const std::string& channel_id, const streamer::PartClosed& closed) {
    std::lock_guard lock(mutex_);
    Channel& channel = channels_[channel_id];
    std::vector<StoredPart>& parts =
        channel.renditions[closed.rendition].fragments[closed.fragment];
    if (closed.part >= parts_per_segment_) return;
    if (parts.size() <= static_cast<std::size_t>(closed.part)) parts.resize(closed.part + 1);
    StoredPart& part = parts[closed.part];
    part.closed = std::make_shared<const std::string>(std::move(part.bytes));
    part.bytes.clear();
    for (const auto& stream : part.streams) stream->finish();
    part.streams.clear();
    part.duration_us = closed.duration_us;
    part.independent = closed.independent;
    changed(channel);
}

void LiveParts::fragment_indexed(const std::string& channel_id, std::int64_t fragment,
                                 const std::vector<archive::Segment>& rows) {
    std::lock_guard lock(mutex_);
    Channel& channel = channels_[channel_id];
    for (const archive::Segment& row : rows) {
        Rendition& rendition = channel.renditions[row.rendition];
        rendition.indexed[fragment] = row.sequence;
        const std::int64_t oldest = fragment - kKeptFragments;
        std::erase_if(rendition.fragments, [&](const auto& entry) {
            if (entry.first >= oldest) return false;
            // A request still reading a part that never closed sees it broken, not short.
            for (const StoredPart& part : entry.second) {
                for (const auto& stream : part.streams) stream->fail();
            }
            return true;
        });
        std::erase_if(rendition.indexed, [&](const auto& entry) { return entry.first < oldest; });
    }
    changed(channel);
}

void LiveParts::edge_moved(const std::string& channel_id) {
    std::lock_guard lock(mutex_);
    changed(channels_[channel_id]);
}

LiveParts::View LiveParts::view(const std::string& channel_id, const std::string& rendition_name,
                                std::span<const archive::Segment> window) const {
    View view;
    std::lock_guard lock(mutex_);
    const auto channel = channels_.find(channel_id);
    if (channel == channels_.end() || window.empty()) return view;
    view.version = channel->second.version;
    const auto rendition = channel->second.renditions.find(rendition_name);
    if (rendition == channel->second.renditions.end()) return view;
    const Rendition& stored = rendition->second;
    // The closed parts of `fragment` from its first, as parts of segment `sequence`.
    const auto closed_parts = [&](std::int64_t fragment) {
        std::vector<const StoredPart*> closed;
        const auto found = stored.fragments.find(fragment);
        if (found == stored.fragments.end()) return closed;
        for (const StoredPart& part : found->second) {
            if (!part.closed) break;
            closed.push_back(&part);
        }
        return closed;
    };
    const auto add = [&](std::int64_t fragment, std::int64_t sequence,
                         const std::vector<const StoredPart*>& parts) {
        for (std::size_t i = 0; i < parts.size(); ++i) {
            view.parts.push_back({.sequence = sequence,
                                  .index = static_cast<int>(i),
                                  .uri = part_name(channel->second, fragment, static_cast<int>(i)),
                                  .duration_us = parts[i]->duration_us,
                                  .independent = parts[i]->independent});
        }
    };
    std::optional<std::int64_t> last_fragment;
    for (const archive::Segment& segment : window) {
        const auto fragment =
            std::find_if(stored.indexed.begin(), stored.indexed.end(),
                         [&](const auto& entry) { return entry.second == segment.sequence; });
        if (fragment == stored.indexed.end()) continue;
        if (segment.sequence == window.back().sequence) last_fragment = fragment->first;
        const auto parts = closed_parts(fragment->first);
        // A segment is listed with its parts only when every one of them is known.
        if (parts.size() == static_cast<std::size_t>(parts_per_segment_)) {
            add(fragment->first, segment.sequence, parts);
        }
    }
    // Without the newest segment's place in this run, the segment in progress is unknown.
    if (!last_fragment) return view;
    const std::int64_t in_progress = *last_fragment + 1;
    const auto parts = closed_parts(in_progress);
    add(in_progress, window.back().sequence + 1, parts);
    view.next_part_uri =
        parts.size() < static_cast<std::size_t>(parts_per_segment_)
            ? part_name(channel->second, in_progress, static_cast<int>(parts.size()))
            : part_name(channel->second, in_progress + 1, 0);
    return view;
}

bool LiveParts::is_next(const Rendition& rendition, std::int64_t fragment, int index) {
    if (rendition.fragments.empty()) return false;
    const auto& [newest, parts] = *rendition.fragments.rbegin();
    std::size_t closed = 0;
    while (closed < parts.size() && parts[closed].closed) ++closed;
    return (fragment == newest && static_cast<std::size_t>(index) == closed) ||
           (fragment == newest + 1 && index == 0);
}

LiveParts::Found LiveParts::part(const std::string& channel_id, const std::string& rendition_name,
                                 const std::string& name) const {
    std::lock_guard lock(mutex_);
    const auto channel = channels_.find(channel_id);
    if (channel == channels_.end()) return {};
    const auto parsed = parse_part_name(name, channel->second.run);
    if (!parsed || parsed->second >= parts_per_segment_) return {};
    const auto [fragment, index] = *parsed;
    const auto rendition = channel->second.renditions.find(rendition_name);
    if (rendition == channel->second.renditions.end()) return {};
    const auto& fragments = rendition->second.fragments;
    const auto found = fragments.find(fragment);
    if (found != fragments.end() && static_cast<std::size_t>(index) < found->second.size() &&
        found->second[index].closed) {
        return {.bytes = found->second[index].closed};
    }
    return {.pending = is_next(rendition->second, fragment, index)};
}

LiveParts::StoredPart* LiveParts::writable_part(Channel& channel, const std::string& rendition_name,
                                                const std::string& name) {
    const auto parsed = parse_part_name(name, channel.run);
    if (!parsed || parsed->second >= parts_per_segment_) return nullptr;
    const auto [fragment, index] = *parsed;
    Rendition& rendition = channel.renditions[rendition_name];
    const auto found = rendition.fragments.find(fragment);
    if (found != rendition.fragments.end() &&
        static_cast<std::size_t>(index) < found->second.size() && found->second[index].closed) {
        return &found->second[index];
    }
    if (!is_next(rendition, fragment, index)) return nullptr;
    std::vector<StoredPart>& parts = rendition.fragments[fragment];
    if (static_cast<std::size_t>(index) >= parts.size()) parts.resize(index + 1);
    return &parts[index];
}

bool LiveParts::stream(const std::string& channel_id, const std::string& rendition,
                       const std::string& name, std::shared_ptr<ByteStream> stream) {
    std::lock_guard lock(mutex_);
    const auto channel = channels_.find(channel_id);
    if (channel == channels_.end()) return false;
    StoredPart* part = writable_part(channel->second, rendition, name);
    if (!part) return false;
    if (part->closed) {
        stream->push(
            {reinterpret_cast<const std::uint8_t*>(part->closed->data()), part->closed->size()});
        stream->finish();
        return true;
    }
    if (!part->bytes.empty()) {
        stream->push(
            {reinterpret_cast<const std::uint8_t*>(part->bytes.data()), part->bytes.size()});
    }
    part->streams.push_back(std::move(stream));
    return true;
}

std::uint64_t LiveParts::version(const std::string& channel_id) const {
    std::lock_guard lock(mutex_);
    const auto channel = channels_.find(channel_id);
    return channel == channels_.end() ? 0 : channel->second.version;
}

asio::awaitable<void> LiveParts::wait(const std::string& channel_id, std::uint64_t seen,
                                      std::chrono::steady_clock::time_point deadline) {
    auto timer = std::make_shared<asio::steady_timer>(co_await asio::this_coro::executor);
    timer->expires_at(deadline);
    {
        std::lock_guard lock(mutex_);
        Channel& channel = channels_[channel_id];
        if (channel.version != seen) co_return;
        channel.waiters.push_back(timer);
    }
    boost::system::error_code ignored;
    co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    std::lock_guard lock(mutex_);
    std::erase(channels_[channel_id].waiters, timer);
}

}  // namespace councilcast::portal
