// What the console knows of each channel's hall and how it reaches the worker: the latest
// heartbeat, the operator's commands with their acknowledgement awaited under a deadline, the
// broadcast's and the recording's start and stop, and the previews read off the network threads.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "portal/audit/audit_log.hpp"
#include "portal/http/event_stream.hpp"
#include "streamer/hall.hpp"

namespace councilcast::portal {

// The worker's answer to a command: the hall's state after it, or why it was not carried out.
struct HallAnswer {
    std::optional<streamer::HallState> state;
    std::string error;  // for the log; the console shows its own text
};

// The recording of the meeting live on a channel now, as the composition root finds it in the
// council's and the recordings' snapshots.
struct HallRecording {
    enum class State {
        kNoMeeting,  // no meeting is live on the channel: nothing to record
        kRecording,
        kStopped,  // stopped (by an operator or the disk guard), or not started yet
    };
    State state = State::kNoMeeting;
    std::string meeting_lt;  // the live meeting's title
    std::string meeting_en;  // empty: the Lithuanian one
    // Recording: its opening; stopped: when it stopped; 0 when it never started.
    std::int64_t since_unix_ms = 0;
    bool disk_full = false;  // the disk guard stopped it, not an operator
};

// What an operator's start or stop of the recording came to.
enum class RecordingSwitch {
    kDone,
    kAlready,    // it was as asked already (another operator was first)
    kNoMeeting,  // no meeting is live on the channel (any more)
};

// One channel as the composition root wires it (the broadcast room's supervisor and the
// recordings, reached only through these functions).
struct HallChannel {
    std::string id;
    std::string title_lt;
    std::string title_en;
    struct Camera {
        std::string id;
        std::string title;
    };
    std::vector<Camera> cameras;
    std::string pip_camera;          // the interpreter's corner; empty: none configured
    std::filesystem::path previews;  // the worker's <output_dir>/preview
    // Sends a command; `done` runs once, on any thread, with the worker's answer.
    std::function<void(streamer::HallCommand, std::function<void(HallAnswer)>)> command;
    // Starts (true) or stops (false) the channel's worker.
    std::function<void(bool)> broadcast;
    // Whether a worker is running now.
    std::function<bool()> on_air;
    // The recording of the meeting live on the channel now.
    std::function<HallRecording()> recording;
    // Starts (true: it continues, its opening stays) or stops (false: what was recorded stays,
    // the meeting and the broadcast go on) that recording, the audit entry (made with the
    // meeting's id) written with the change, in one transaction.
    std::function<boost::asio::awaitable<RecordingSwitch>(bool, AuditNote)> record;
};

class HallDesk {
  public:
    // What a command came to.
    enum class Outcome { kDone, kRefused, kUnconfirmed };
    struct CommandOutcome {
        Outcome outcome = Outcome::kUnconfirmed;
        std::optional<streamer::HallState> state;
        std::string error;
    };
    // What the console shows of a channel: the last heartbeat and when it came.
    struct Seen {
        std::optional<streamer::HallStatus> status;
        std::chrono::steady_clock::time_point at;
    };
    // The event open consoles hear (data: the channel's id) when what they show of a channel
    // changed, other than the sound's level and frame rates, which they poll.
    static constexpr std::string_view kChangedEvent = "hall";
    // The worker confirms a command within this, or the console says it did not.
    static constexpr std::chrono::milliseconds kAckDeadline{3000};
    // The programme's sound below the silence level this long: worth a warning (a mute left on).
    static constexpr std::int64_t kSilenceWarningMs = 5000;
    // A preview larger than this is not a small JPEG snapshot and is not served.
    static constexpr std::uintmax_t kMaxPreviewBytes = 2 << 20;

    HallDesk();
    HallDesk(const HallDesk&) = delete;
    HallDesk& operator=(const HallDesk&) = delete;
    ~HallDesk();

    // At start, before any request.
    void add_channel(HallChannel channel);
    EventTopic& events() { return events_; }
    const std::vector<HallChannel>& channels() const { return channels_; }
    const HallChannel* channel(std::string_view id) const;

    // From the supervisor's strand: the heartbeat.
    void status_arrived(const std::string& channel_id, const streamer::HallStatus& status);
    // From the supervisor's strand, before each (re)start of a channel's worker: what the last
    // worker said no longer holds; the console shows the new one's heartbeat once it comes.
    void worker_starting(const std::string& channel_id);
    Seen seen(const std::string& channel_id) const;

    // Sends `command` and waits for the worker's acknowledgement, at most kAckDeadline.
    boost::asio::awaitable<CommandOutcome> command(const HallChannel& channel,
                                                   streamer::HallCommand command);
    // Starts or stops the recording of the meeting live on `channel` (HallChannel::record) and
    // tells open consoles when it changed.
    boost::asio::awaitable<RecordingSwitch> record(const HallChannel& channel, bool on,
                                                   AuditNote audit);
    // A preview's bytes (<previews>/<name>.jpg), read on the desk's own thread; nothing when
    // there is none (yet) or it is too large.
    boost::asio::awaitable<std::optional<std::string>> preview(const HallChannel& channel,
                                                               std::string name);

  private:
    void acknowledged(const std::string& channel_id, const streamer::HallState& state);
    // Tells open consoles that what they show of the channel changed.
    void publish_change(const std::string& channel_id);
    // Under mutex_: publishes kChangedEvent when `seen`'s visible part differs from the last.
    void publish_if_changed(const std::string& channel_id, const Seen& seen);

    std::vector<HallChannel> channels_;
    EventTopic events_;
    mutable std::mutex mutex_;
    std::map<std::string, Seen, std::less<>> seen_;
    std::map<std::string, std::string, std::less<>> shown_;  // the visible part, per channel
    std::int64_t next_event_id_ = 1;
    // Reading a preview (a file the worker renames over every half second) is blocking work.
    boost::asio::thread_pool readers_{1};
};

}  // namespace councilcast::portal
