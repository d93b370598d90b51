// The request handler of the portal: routes every URL to the page, API, playlist or file it names.
#pragma once

#include <boost/beast/http.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "archive/segment_index.hpp"
#include "common/database_writer.hpp"
#include "config/config.hpp"
#include "portal/accounts/account_pages.hpp"
#include "portal/council/council_editor.hpp"
#include "portal/council/council_store.hpp"
#include "portal/http/file_cache.hpp"
#include "portal/http/http_server.hpp"
#include "portal/http/responses.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/publish/meeting_events.hpp"
#include "portal/publish/open_data_routes.hpp"
#include "portal/publish/public_pages.hpp"
#include "portal/site/metrics.hpp"

namespace councilcast::portal {

// Where the files the portal serves but does not write live.
struct SharePaths {
    std::filesystem::path templates;
    std::filesystem::path messages;
    std::filesystem::path static_dir;
    std::filesystem::path vendor_dir;  // third-party browser assets (hls.js)
    std::filesystem::path openapi;     // the API description served at /api/v1/openapi.json
};

class Site {
  public:
    // Non-owning references: the portal keeps each alive for the server's lifetime.
    Site(const config::Config& config, const SharePaths& share, archive::SegmentIndex& index,
         CouncilStore& council, Metrics& metrics, AccountPages::Services accounts);

    boost::asio::awaitable<Reply> handle(Request request, RequestContext context);

    // The server's UploadRule: a POST to a page that takes files (in either language) may
    // carry a body up to [http] max_upload_bytes. Only the method and path decide.
    bool carries_upload(const boost::beast::http::request_header<>& header) const;

    // The server's TooLargeText: a body over its limit refused in the language of the page the
    // request was for.
    std::string too_large_text(const boost::beast::http::request_header<>& header,
                               std::string_view limit, bool upload) const;

    boost::asio::awaitable<void> remove_expired_sessions() {
        return accounts_.remove_expired_sessions();
    }
    // The listening address, when server.public_url is empty: links in mail, pages and feeds
    // fetched without a Host header.
    void set_public_url(const std::string& url) {
        open_data_.set_fallback_url(url);
        public_pages_.set_public_url(url);
        accounts_.set_public_url(url);
    }

    // The catalogues, for texts the composition root hands to plumbing that knows no language.
    const PageRenderer& renderer() const { return renderer_; }

    // The meetings' event streams, which the composition root tells of council changes.
    MeetingEvents& meeting_events() { return meeting_events_; }

    // Appended to /metrics: gauges the site knows (open connections are the server's).
    void set_extra_metrics(std::function<std::string()> extra) {
        extra_metrics_ = std::move(extra);
    }

  private:
    // A live playlist changes only when a segment arrives; between, every viewer gets the same
    // bytes, shared by reference.
    struct CachedPlaylist {
        std::int64_t last_sequence = -1;
        std::shared_ptr<const std::string> text;
        std::shared_ptr<const std::string> gzip;
    };

    Reply route(const Request& request);
    boost::beast::http::response<boost::beast::http::string_body> refusal(
        const Request& request, boost::beast::http::status status,
        const InvalidInput& problem) const;
    // The account and staff pages, when `segments` name one of them.
    std::optional<std::string> account_path(const std::vector<std::string>& segments,
                                            Language& language) const;
    Reply live_api(const Request& request);
    Reply master_playlist(const Request& request, const config::Channel& channel);
    Reply media_playlist(const Request& request, const config::Channel& channel,
                         const config::Rendition& rendition);
    Reply segment(const Request& request, const config::Channel& channel,
                  const config::Rendition& rendition, const std::string& file);
    Reply static_file(const Request& request, const std::filesystem::path& root,
                      std::span<const std::string> segments, std::string_view cache_control);
    // A script or style in plain and gzip form; compressed again only if the file changed.
    SharedText compressed_asset(const std::filesystem::path& path,
                                std::shared_ptr<const std::string> data);
    bool channel_is_live(const config::Channel& channel) const;

    const config::Config& config_;
    SharePaths share_;
    archive::SegmentIndex& index_;
    Metrics& metrics_;
    const DatabaseWriter& writer_;  // whether storage takes writes, for /healthz
    PageRenderer renderer_;
    Localization localization_;
    CouncilEditor editor_;  // before accounts_, which takes its routes
    AccountPages accounts_;
    OpenDataRoutes open_data_;
    MeetingEvents meeting_events_;
    FileCache files_;
    PublicPages public_pages_;
    std::filesystem::path media_root_;
    std::function<std::string()> extra_metrics_;
    std::map<std::string, CachedPlaylist> masters_;  // by channel id; fixed after construction
    std::mutex playlists_mutex_;
    std::map<std::string, CachedPlaylist> playlists_;
    std::mutex assets_mutex_;
    std::map<std::string, SharedText> compressed_assets_;  // by path
};

}  // namespace councilcast::portal
