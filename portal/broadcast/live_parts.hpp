// Low-Latency HLS's parts of each rendition's newest segments, in memory, as the streamer
// worker passes them on (bytes as they are muxed, then each part closed); and the playlist
// requests and part requests waiting for the live edge to move.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "archive/ll_playlist.hpp"
#include "archive/playlist.hpp"
#include "portal/http/byte_stream.hpp"
#include "streamer/protocol.hpp"

namespace councilcast::portal {

// Thread-safe: the supervisors' thread writes, the HTTP threads read and wait.
//
// A worker numbers its segments from 0 at each start (SegmentClosed::fragment) and the portal
// gives each its media sequence number when it indexes it; a part is named by its worker run
// and fragment, so a part's URI is known, and never reused, before its segment's number is.
// Until a run's first segment is indexed the playlist lists no part of that run.
class LiveParts {
  public:
    // `parts_per_segment` as the workers cut them (> 0).
    explicit LiveParts(int parts_per_segment);

    // A worker of `channel` starts: parts of the run before it that never became a segment go.
    void worker_started(const std::string& channel);
    // Bytes of a part being written; the part closed; a fragment indexed as `rows` (one per
    // rendition, with their media sequence numbers).
    void add_bytes(const std::string& channel, const streamer::MediaBytes& media,
                   std::string&& data);
    void close_part(const std::string& channel, const streamer::PartClosed& part);
    void fragment_indexed(const std::string& channel, std::int64_t fragment,
                          const std::vector<archive::Segment>& rows);
    // The segment index took a fragment (after fragment_indexed): waiting requests look again.
    void edge_moved(const std::string& channel);

    // What the low-latency playlist of a rendition lists besides `window` (its newest
    // segments): the closed parts of those segments and of the segment in progress, the URI of
    // the next part, and the version of the channel's edge they were read at.
    struct View {
        std::vector<archive::Part> parts;
        std::string next_part_uri;
        std::uint64_t version = 0;
    };
    View view(const std::string& channel, const std::string& rendition,
              std::span<const archive::Segment> window) const;

    // A part's bytes by its name: once closed, or nothing (unknown, or still being written:
    // `pending` says it is the one being written or the next one, worth waiting for).
    struct Found {
        std::shared_ptr<const std::string> bytes;
        bool pending = false;
    };
    Found part(const std::string& channel, const std::string& rendition,
               const std::string& name) const;
    // Streams the part `name` to `stream` as it is written (a preload hint's request): what is
    // written so far at once, the rest as the worker passes it on, finished when the part
    // closes, failed if the worker restarts first. False, and nothing done, unless it is the
    // part being written or the next one.
    bool stream(const std::string& channel, const std::string& rendition, const std::string& name,
                std::shared_ptr<ByteStream> stream);

    // The channel's edge changes (a part closed, a segment indexed, a worker started) every
    // time this grows.
    std::uint64_t version(const std::string& channel) const;
    // Returns once the channel's version is past `seen`, or at `deadline`.
    boost::asio::awaitable<void> wait(const std::string& channel, std::uint64_t seen,
                                      std::chrono::steady_clock::time_point deadline);

  private:
    struct StoredPart {
        std::string bytes;  // grows until closed
        std::shared_ptr<const std::string> closed;
        std::int64_t duration_us = 0;
        bool independent = false;
        std::vector<std::shared_ptr<ByteStream>> streams;  // requests reading it as it is written
    };
    struct Rendition {
        std::map<std::int64_t, std::vector<StoredPart>> fragments;  // this run's, by fragment
        std::map<std::int64_t, std::int64_t> indexed;  // this run's fragments → media sequence
    };
    struct Channel {
        std::string run;  // names this worker run's parts
        std::uint64_t version = 0;
        std::map<std::string, Rendition> renditions;
        std::vector<std::shared_ptr<boost::asio::steady_timer>> waiters;
    };

    std::string part_name(const Channel& channel, std::int64_t fragment, int part) const;
    // Whether part `index` of `fragment` is the one being written or the next one: the newest
    // fragment's first part not closed, or the first part of the fragment after it.
    static bool is_next(const Rendition& rendition, std::int64_t fragment, int index);
    // The part `name` names if it is closed, being written or the next (created empty then).
    StoredPart* writable_part(Channel& channel, const std::string& rendition,
                              const std::string& name);
    void changed(Channel& channel);  // mutex_ held

    const int parts_per_segment_;
    const std::string portal_run_;  // makes run names unique across portal restarts
    mutable std::mutex mutex_;
    std::map<std::string, Channel> channels_;
    int runs_ = 0;
};

}  // namespace councilcast::portal
