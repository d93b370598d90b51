#include "portal/site/metrics.hpp"

#include <fmt/core.h>

namespace councilcast::portal {
namespace {

constexpr const char* kKindNames[] = {"page", "playlist", "segment", "api", "asset", "other"};

}  // namespace

RequestKind request_kind(std::string_view target) {
    if (!target.starts_with('/')) return RequestKind::kOther;
    target = target.substr(0, target.find('?'));
    auto next = [&target] {
        target.remove_prefix(1);
        const auto end = target.find('/');
        std::string_view segment = target.substr(0, end);
        target = end == std::string_view::npos ? std::string_view() : target.substr(end);
        return segment;
    };
    std::string_view first = next();
    if (first == "en" && !target.empty()) first = next();
    if (first == "live")
        return target.ends_with(".ts") ? RequestKind::kSegment : RequestKind::kPlaylist;
    if (first == "assets") return RequestKind::kAsset;
    if (first == "api" || first == "feeds" || first == "healthz" || first == "metrics") {
        return RequestKind::kApi;
    }
    return RequestKind::kPage;
}

void Metrics::count_request(RequestKind kind, unsigned status) {
    const unsigned status_class = std::min(std::max(status / 100, 1u), 5u) - 1;
    requests_[static_cast<int>(kind)][status_class].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::count_worker_restart(const std::string& channel) {
    std::lock_guard lock(mutex_);
    ++worker_restarts_[channel];
}

void Metrics::count_segment_published(const std::string& channel) {
    std::lock_guard lock(mutex_);
    ++segments_published_[channel];
}

std::string Metrics::render(const std::string& extra) const {
    std::string out;
    out +=
        "# HELP councilcast_http_requests_total HTTP requests answered, by kind and status "
        "class.\n";
    out += "# TYPE councilcast_http_requests_total counter\n";
    for (int kind = 0; kind < kKinds; ++kind) {
        for (int status_class = 0; status_class < kStatusClasses; ++status_class) {
            out += fmt::format("councilcast_http_requests_total{{kind=\"{}\",code=\"{}xx\"}} {}\n",
                               kKindNames[kind], status_class + 1,
                               requests_[kind][status_class].load(std::memory_order_relaxed));
        }
    }
    out += "# HELP councilcast_segment_bytes_sent_total Bytes of media segments sent to viewers.\n";
    out += "# TYPE councilcast_segment_bytes_sent_total counter\n";
    out += fmt::format("councilcast_segment_bytes_sent_total {}\n", segment_bytes_.load());
    std::lock_guard lock(mutex_);
    out += "# HELP councilcast_worker_restarts_total Streamer worker restarts, by channel.\n";
    out += "# TYPE councilcast_worker_restarts_total counter\n";
    for (const auto& [channel, count] : worker_restarts_) {
        out +=
            fmt::format("councilcast_worker_restarts_total{{channel=\"{}\"}} {}\n", channel, count);
    }
    out += "# HELP councilcast_segments_published_total Segments recorded, by channel.\n";
    out += "# TYPE councilcast_segments_published_total counter\n";
    for (const auto& [channel, count] : segments_published_) {
        out += fmt::format("councilcast_segments_published_total{{channel=\"{}\"}} {}\n", channel,
                           count);
    }
    out += extra;
    return out;
}

}  // namespace councilcast::portal
