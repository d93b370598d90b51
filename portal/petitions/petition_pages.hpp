// The petitions for visitors over HTTP: /petitions (the list), /petitions/<id> (a petition),
// /embed/petition/<id> (its widget for other sites) and /petitions/feed.atom (new and answered
// petitions), in both languages; the sitemap's petitions.
#pragma once

#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/config.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/http/responses.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/petitions/petition_store.hpp"
#include "portal/petitions/petition_views.hpp"

namespace councilcast::portal {

class PetitionPages {
  public:
    // Non-owning references: the portal keeps each alive while the server runs.
    struct Services {
        const config::Config& config;
        const PageRenderer& renderer;
        const Localization& localization;
        const PetitionStore& petitions;  // its elderships() too
    };

    explicit PetitionPages(Services services);

    // The routes above (GET; HEAD follows), pointing into this object; the sitemap's list and
    // every visible petition.
    ModuleEntries entries();

    // The site's address when server.public_url is empty: known once the server has bound.
    void set_public_url(std::string url);

  private:
    using Render = std::function<std::string(const PetitionViewContext&, PageFrame)>;

    Reply list(PageCall& call);
    Reply petition(PageCall& call);
    Reply embed(PageCall& call);
    Reply feed(PageCall& call);
    std::vector<std::string> sitemap_paths() const;
    PetitionViewContext view(Language language) const;

    // A page for the visitor, as the public pages do it: anonymous visitors share the bytes
    // until the petitions' snapshot changes (a tally, a moderation) or the page is a few
    // seconds old (the elderships' names come from the council's record); a signed-in
    // visitor's header names them, so theirs is never kept. `widget`: other configured sites
    // may frame it.
    Reply page(PageCall& call, boost::beast::http::status status, const Render& render,
               bool widget = false);

    struct CachedPage {
        std::int64_t version = 0;
        std::chrono::steady_clock::time_point made;
        SharedText text;
    };

    Services services_;
    const std::int64_t run_unix_ms_;  // names this run in the feed's ETag
    std::string public_url_;
    std::vector<std::string> page_framers_;    // the municipality's website
    std::vector<std::string> widget_framers_;  // and the other sites allowed to embed
    std::mutex cache_mutex_;
    std::unordered_map<std::string, CachedPage> cache_;  // by language and request target
};

}  // namespace councilcast::portal
