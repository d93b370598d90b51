// Search over HTTP: the /search page (both languages, a GET form that needs no JavaScript) and
// GET /api/v1/search, readable from any origin like the rest of /api/v1.
#pragma once

#include <string>

#include "config/config.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/council/council_store.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/search/search_service.hpp"

namespace councilcast::portal {

// Hits per page, and the last page offered: past the 500 best hits a visitor should say more.
inline constexpr std::size_t kSearchHitsPerPage = 20;
inline constexpr std::size_t kSearchMaxPage = 25;

class SearchPages {
  public:
    // Non-owning references: the portal keeps each alive for the server's lifetime.
    SearchPages(const config::Config& config, SearchService& search, const CouncilStore& council,
                const PageRenderer& renderer, const Localization& localization);

    // /search (and /en/search), GET and OPTIONS of /api/v1/search; crawlers are kept off the
    // result pages (each query is a page of its own, and none says anything new).
    ModuleEntries entries();

  private:
    Reply page(PageCall& call);
    Reply api(PageCall& call);

    const config::Config& config_;
    SearchService& search_;
    const CouncilStore& council_;
    const PageRenderer& renderer_;
    const Localization& localization_;
};

}  // namespace councilcast::portal
