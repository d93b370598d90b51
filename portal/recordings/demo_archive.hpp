// `councilcast demo`'s archive: at the first start, short recordings of a few held meetings (a
// test picture naming the meeting, a tone) with chapters for their agenda items and decisions,
// made in the background so the demo answers at once and a newcomer can try the archive.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "archive/segment_index.hpp"
#include "common/database_writer.hpp"
#include "config/config.hpp"
#include "portal/council/council_store.hpp"
#include "portal/recordings/caption_store.hpp"
#include "portal/recordings/recording_store.hpp"

namespace councilcast::portal {

// The demo's recordings are of a channel of their own, so the live channel's media sequence
// and its live playlist never see their past segments.
inline constexpr std::string_view kDemoArchiveChannel = "archyvas";

// That channel: `live`'s settings with one rendition at a low resolution ("360p"), under
// kDemoArchiveChannel. No worker streams it; the composition root adds it to the configuration
// only the recordings' routes read.
config::Channel demo_archive_channel(const config::Channel& live);

class DemoArchive {
  public:
    // Non-owning references: each must outlive the archive.
    struct Services {
        const config::Channel& channel;  // demo_archive_channel(...)
        std::filesystem::path media_root;
        DatabaseWriter& writer;
        archive::SegmentIndex& index;
        RecordingStore& recordings;
        const CouncilStore& council;
        CaptionStore& captions;  // the latest meeting's captions, in both languages
    };
    struct Shape {
        std::size_t meetings = 3;          // the latest held council meetings
        std::chrono::seconds length{120};  // of each recording
        std::chrono::milliseconds segment{2000};
    };

    DemoArchive(Services services, Shape shape);
    DemoArchive(const DemoArchive&) = delete;
    DemoArchive& operator=(const DemoArchive&) = delete;
    // Stops the work in hand (what is half made is left unregistered) and waits for it.
    ~DemoArchive();

    // Makes the recordings that are missing, on a thread of its own; returns at once.
    void start();
    // Whether the work has ended (done, or failed and logged) within `timeout`: for tests.
    bool wait(std::chrono::steady_clock::duration timeout);

  private:
    void run();
    // A public note and a speaker range near the end of the meeting's new recording (ending at
    // `end_ms`, `slot_ms` per agenda item).
    void annotate(const Meeting& meeting, std::int64_t end_ms, std::int64_t slot_ms);
    // `captioned`: with the demo's caption tracks as well.
    void record(const Meeting& meeting, bool captioned);

    Services services_;
    Shape shape_;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable ended_;
    bool done_ = false;
    std::thread thread_;
};

}  // namespace councilcast::portal
