// The public site over HTTP: home, meetings, a meeting, the council, a member, decisions, a
// decision, and the documents and photos they show; routing, query checks and headers.
#pragma once

#include <boost/beast/http.hpp>

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>

#include "config/config.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/council/council_store.hpp"
#include "portal/http/file_cache.hpp"
#include "portal/http/http_server.hpp"
#include "portal/http/responses.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/publish/council_views.hpp"
#include "portal/publish/recording_summary.hpp"

namespace councilcast::portal {

class PublicPages {
  public:
    // Non-owning references: the portal keeps each alive while the server runs.
    struct Services {
        const config::Config& config;
        const PageRenderer& renderer;
        const Localization& localization;
        const CouncilStore& council;
        FileCache& files;
        // Whether segments of the channel are arriving now.
        std::function<bool(const config::Channel&)> on_air;
        // The council's votes, from the voting room; empty functions: none shown.
        VoteSummaries votes;
        // The meetings' recordings, from the recordings room; empty functions: none shown.
        RecordingSummaries recordings;
    };

    explicit PublicPages(Services services);

    // The public pages' routes (kept by the router while the server runs, pointing into this
    // object) and the sitemap's pages from the record.
    ModuleEntries entries();

    // A page that is not there, in the visitor's language.
    Reply not_found(PageCall& call);

    // The site's address, when the configuration does not name one: known once the server has
    // bound its port.
    void set_public_url(std::string url) { public_url_ = std::move(url); }

  private:
    using Render = std::function<std::string(const ViewContext&, PageFrame)>;

    // A page for the visitor: the header's account links, caching and headers.
    // `widget`: an embeddable widget, which the configured embed_framers may frame too.
    Reply page(PageCall& call, boost::beast::http::status status, const Render& render,
               bool widget = false);
    Reply home(PageCall& call);
    Reply meetings(PageCall& call);
    Reply meeting(PageCall& call);
    Reply council(PageCall& call);
    Reply member(PageCall& call);
    Reply decisions(PageCall& call);
    Reply decision(PageCall& call);
    Reply document(PageCall& call);
    Reply photo(PageCall& call);
    Reply embed_live(PageCall& call);
    Reply embed_upcoming(PageCall& call);
    Reply embed_meeting(PageCall& call);
    Reply oembed(PageCall& call);
    Reply choose_language(PageCall& call);
    Reply see_other(const Request& request, std::string_view location);
    ViewContext view(Language language) const;
    std::vector<VoteSummary> meeting_votes(std::int64_t meeting_id, Language language) const;
    std::vector<VoteSummary> member_votes(std::int64_t member_id, Language language) const;
    std::optional<RecordingSummary> recording_of(std::int64_t meeting_id) const;
    std::vector<Broadcast> broadcasts(Language language) const;
    std::optional<Broadcast> broadcast_of(const Meeting& meeting, Language language) const;
    std::vector<std::string> sitemap_paths() const;

    // A page as anonymous visitors get it: the same bytes for everyone until the council's
    // record, the votes or the recordings change or it is a few seconds old (pages show what is
    // live and what is next).
    struct CachedPage {
        std::int64_t council_version = 0;
        std::int64_t votes_version = 0;
        std::int64_t recordings_version = 0;
        std::chrono::steady_clock::time_point made;
        SharedText text;
    };
    Reply cached_response(const Request& request, Language language, bool widget,
                          const SharedText& text) const;

    Services services_;
    std::mutex cache_mutex_;
    std::unordered_map<std::string, CachedPage> cache_;  // by language and request target
    std::string public_url_;
    bool secure_cookies_;                      // over HTTPS: cookies say Secure
    std::vector<std::string> page_framers_;    // the municipality's website
    std::vector<std::string> widget_framers_;  // and the other sites allowed to embed
};

}  // namespace councilcast::portal
