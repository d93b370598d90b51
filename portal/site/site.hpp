// The site every request reaches: the router with the modules' routes, the parts every module
// shares (templates and catalogues, localization, the file cache, the gate) and the site's own
// addresses: /healthz, /metrics, the API description, assets, the sitemap and robots.txt.
#pragma once

#include <boost/beast/http.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "common/database_writer.hpp"
#include "common/network_address.hpp"
#include "config/config.hpp"
#include "portal/accounts/gate.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/http/file_cache.hpp"
#include "portal/http/http_server.hpp"
#include "portal/http/responses.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/site/metrics.hpp"
#include "portal/site/router.hpp"

namespace councilcast::portal {

// Where the files the portal serves but does not write live.
struct SharePaths {
    std::filesystem::path templates;
    std::filesystem::path messages;
    std::filesystem::path static_dir;
    std::filesystem::path vendor_dir;  // third-party browser assets (hls.js)
    std::filesystem::path openapi;     // the API description served at /api/v1/openapi.json
    // Further folders of /assets/vendor/, searched after vendor_dir: in a source tree each
    // library's own (Leaflet's dist); an installed share directory has them all in vendor_dir.
    std::vector<std::filesystem::path> more_vendor_dirs;
};

class Site {
  public:
    // Non-owning references: the portal keeps each alive for the server's lifetime.
    Site(const config::Config& config, const SharePaths& share, Metrics& metrics,
         const DatabaseWriter& writer, Gate::Services gate);

    // A module's routes, navigation and crawler entries (Router::add). Before serving only.
    void add(ModuleEntries entries) { router_.add(std::move(entries)); }
    void set_not_found(std::function<Reply(PageCall&)> not_found) {
        router_.set_not_found(std::move(not_found));
    }

    boost::asio::awaitable<Reply> handle(Request request, RequestContext context) {
        return router_.handle(std::move(request), std::move(context));
    }
    bool carries_upload(const boost::beast::http::request_header<>& header) const {
        return router_.carries_upload(header);
    }
    std::string too_large_text(const boost::beast::http::request_header<>& header,
                               std::string_view limit, bool upload) const {
        return router_.too_large_text(header, limit, upload);
    }

    // What the modules share.
    const PageRenderer& renderer() const { return renderer_; }
    const Localization& localization() const { return localization_; }
    FileCache& files() { return files_; }
    Gate& gate() { return gate_; }

    // The site's address when server.public_url is empty (the listening address): the
    // sitemap's and robots.txt's links.
    void set_public_url(std::string url) {
        public_url_ = std::move(url);
        while (public_url_.ends_with('/')) public_url_.pop_back();
    }
    // Appended to /metrics: gauges the site knows (open connections are the server's).
    void set_extra_metrics(std::function<std::string()> extra) {
        extra_metrics_ = std::move(extra);
    }
    // What else /healthz reports as failing storage beside the database (the media disk):
    // empty while all is well.
    void set_media_problem(std::function<std::string()> problem) {
        media_problem_ = std::move(problem);
    }

  private:
    ModuleEntries entries();
    Reply health(PageCall& call) const;
    Reply metrics(PageCall& call) const;
    Reply openapi(PageCall& call);
    Reply asset(PageCall& call);
    Reply sitemap(PageCall& call) const;
    Reply robots(PageCall& call) const;
    // A script or style in plain and gzip form; compressed again only if the file changed.
    SharedText compressed_asset(const std::filesystem::path& path,
                                std::shared_ptr<const std::string> data);

    const config::Config& config_;
    SharePaths share_;
    Metrics& metrics_;
    const DatabaseWriter& writer_;  // whether storage takes writes, for /healthz
    PageRenderer renderer_;
    Localization localization_;
    FileCache files_;
    Gate gate_;
    Router router_;
    std::string public_url_;
    std::vector<AddressRange> metrics_allow_;  // who may read /metrics
    std::function<std::string()> extra_metrics_;
    std::function<std::string()> media_problem_;
    std::mutex assets_mutex_;
    std::map<std::string, SharedText> compressed_assets_;  // by path
};

}  // namespace councilcast::portal
