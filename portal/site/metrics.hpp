// Counters the portal exposes at /metrics in the Prometheus text format.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace councilcast::portal {

enum class RequestKind { kPage, kPlaylist, kSegment, kApi, kAsset, kOther };

// What a request target asks for, by its path alone: the server reports every answer with its
// target (empty when it answered before reading one), and this sorts them for /metrics.
RequestKind request_kind(std::string_view target);

class Metrics {
  public:
    void count_request(RequestKind kind, unsigned status);
    void count_segment_bytes(std::uint64_t bytes) { segment_bytes_ += bytes; }
    void count_worker_restart(const std::string& channel);
    void count_segment_published(const std::string& channel);

    // extra: gauges owned elsewhere, appended as-is (already in the text format).
    std::string render(const std::string& extra) const;

  private:
    static constexpr int kKinds = 6;
    static constexpr int kStatusClasses = 5;  // 1xx..5xx
    std::atomic<std::uint64_t> requests_[kKinds][kStatusClasses] = {};
    std::atomic<std::uint64_t> segment_bytes_ = 0;
    mutable std::mutex mutex_;
    std::map<std::string, std::uint64_t> worker_restarts_;
    std::map<std::string, std::uint64_t> segments_published_;
};

}  // namespace councilcast::portal
