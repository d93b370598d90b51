#include "portal/site/site.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/error.hpp"
#include "common/network_address.hpp"
#include "portal/http/file_response.hpp"
#include "portal/http/shared_body.hpp"
#include "portal/site/crawlers.hpp"

namespace councilcast::portal {
namespace http = boost::beast::http;
namespace {

constexpr std::size_t kFileCacheBytes = 256 * 1024 * 1024;
constexpr std::size_t kFileCacheMaxFile = 16 * 1024 * 1024;
constexpr std::string_view kAssetCaching = "public, max-age=3600";

bool compressible(std::string_view content_type) {
    return content_type.starts_with("text/") ||
           content_type.starts_with("application/javascript") ||
           content_type.starts_with("application/json") || content_type.starts_with("image/svg");
}

}  // namespace

Site::Site(const config::Config& config, const SharePaths& share, Metrics& metrics,
           const DatabaseWriter& writer, Gate::Services gate)
    : config_(config),
      share_(share),
      metrics_(metrics),
      writer_(writer),
      renderer_(share.templates, share.messages),
      files_(kFileCacheBytes, kFileCacheMaxFile),
      gate_(config, renderer_, gate),
      router_(renderer_, gate_),
      public_url_(config.server.public_url) {
    while (public_url_.ends_with('/')) public_url_.pop_back();
    for (const auto& cidr : config.server.metrics_allow) {
        metrics_allow_.push_back(parse_address_range(cidr));
    }
    router_.add(entries());
}

ModuleEntries Site::entries() {
    constexpr Addresses kProgram = Addresses::kProgram;
    ModuleEntries entries;
    entries.routes = {
        open_route("/healthz", answer_of(this, &Site::health), kProgram),
        open_route("/metrics", answer_of(this, &Site::metrics), kProgram),
        open_route("/api/v1/openapi.json", answer_of(this, &Site::openapi), kProgram),
        open_route("/assets/{*}", answer_of(this, &Site::asset), kProgram),
        open_route("/sitemap.xml", answer_of(this, &Site::sitemap), kProgram),
        open_route("/robots.txt", answer_of(this, &Site::robots), kProgram),
    };
    return entries;
}

// Still 200 while storage fails: the site serves what it has, and a restart would not free the
// disk. The body says what is wrong; /metrics has councilcast_storage_writable and
// councilcast_media_below_floor.
Reply Site::health(PageCall& call) const {
    std::vector<std::string> problems;
    if (!writer_.writable()) problems.push_back(writer_.storage_problem());
    if (media_problem_) {
        if (auto media = media_problem_(); !media.empty()) problems.push_back(std::move(media));
    }
    const std::string body =
        problems.empty() ? "ok\n" : fmt::format("storage failing: {}\n", fmt::join(problems, "; "));
    return text_response(call.request(), http::status::ok, "text/plain; charset=utf-8", body,
                         "no-store");
}

// Counters say how busy the site is and how its storage fares: for the monitoring hosts the
// configuration names, not for anyone (404, as if there were nothing).
Reply Site::metrics(PageCall& call) const {
    const auto& peer = call.context().client();
    if (std::none_of(metrics_allow_.begin(), metrics_allow_.end(),
                     [&](const AddressRange& range) { return range.contains(peer); })) {
        throw NotFound();
    }
    return text_response(call.request(), http::status::ok,
                         "text/plain; version=0.0.4; charset=utf-8",
                         metrics_.render(extra_metrics_ ? extra_metrics_() : ""), "no-store");
}

Reply Site::openapi(PageCall& call) {
    auto data = files_.get(share_.openapi);
    if (!data) throw NotFound();
    return file_response(call.request(), data, "application/json", "public, max-age=300");
}

Reply Site::asset(PageCall& call) {
    std::span<const std::string> rest = call.rest();
    const bool vendor = rest.front() == "vendor" && rest.size() > 1;
    auto path = resolve_under(vendor ? share_.vendor_dir : share_.static_dir,
                              vendor ? rest.subspan(1) : rest);
    // resolve_under finds only what exists: the first folder holding the file serves it.
    for (std::size_t i = 0; vendor && !path && i < share_.more_vendor_dirs.size(); ++i) {
        path = resolve_under(share_.more_vendor_dirs[i], rest.subspan(1));
    }
    FileCache::Cached file = path ? files_.get_cached(*path, *path) : FileCache::Cached{};
    if (!file.found()) throw NotFound();
    const Request& request = call.request();
    const std::string_view type = content_type_for(*path);
    // Scripts and styles shrink to a third or less (hls.js from 610 to 185 KiB): compressed once,
    // as small as zlib can, then shared. A range request gets the file as it is, and so does a
    // file too large to keep in memory.
    if (file.data && compressible(type) && request.find(http::field::range) == request.end()) {
        auto res = shared_text_response(request, compressed_asset(*path, std::move(file.data)),
                                        type, kAssetCaching);
        res.set(http::field::access_control_allow_origin, "*");  // as file_response does
        return res;
    }
    return file_response(request, std::move(file), type, kAssetCaching);
}

Reply Site::sitemap(PageCall& call) const {
    return text_response(call.request(), http::status::ok, "application/xml; charset=utf-8",
                         sitemap_xml(router_.sitemap_paths(), public_url_), "public, max-age=3600");
}

Reply Site::robots(PageCall& call) const {
    return text_response(call.request(), http::status::ok, "text/plain; charset=utf-8",
                         robots_txt(router_.disallowed(), public_url_), "public, max-age=3600");
}

SharedText Site::compressed_asset(const std::filesystem::path& path,
                                  std::shared_ptr<const std::string> data) {
    {
        std::lock_guard lock(assets_mutex_);
        auto it = compressed_assets_.find(path.string());
        // The cache hands out the same bytes until it drops them: compare by identity.
        if (it != compressed_assets_.end() && it->second.plain == data) return it->second;
    }
    SharedText text{data, std::make_shared<const std::string>(gzip(*data, Compression::kSmall))};
    std::lock_guard lock(assets_mutex_);
    compressed_assets_[path.string()] = text;
    return text;
}

}  // namespace councilcast::portal
