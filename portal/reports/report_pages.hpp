// What the public and residents see of problem reports (the RESIDENT part of issue 16):
// /reports (the list with its filters and map, in the main navigation), /reports/<id> (one
// report: photos in two sizes, updates with each change of state, following it by mail),
// /reports/photos/<hash>-<small|full>.jpg and /reports/stats; the new report's steps
// (ReportNewPages) and the mailed links and subscriptions (ReportFollowPages) are added with
// them. Every form works without script: 303 on success, 422 with each error at its field,
// 404 for what is not public, 410 for a link that has acted, 429 from the limits.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <string>

#include "config/config.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/http/file_cache.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/reports/report_follow_pages.hpp"
#include "portal/reports/report_new_pages.hpp"
#include "portal/reports/report_photos.hpp"
#include "portal/reports/report_rate_limits.hpp"
#include "portal/reports/report_store.hpp"

namespace councilcast::portal {

class ReportPages {
  public:
    using Response = PageCall::Response;

    // Reports a list page shows.
    static constexpr std::size_t kPerPage = 20;

    // Non-owning references: each outlives this. The photos are read from under
    // [server] data_dir.
    ReportPages(const config::Config& config, ReportStore& store, const PageRenderer& renderer,
                const Localization& localization);
    ReportPages(const ReportPages&) = delete;
    ReportPages& operator=(const ReportPages&) = delete;

    // The listening address, when [server] public_url is empty: the pages' canonical links.
    void set_public_url(std::string url);
    ModuleEntries entries();

  private:
    Response list(PageCall& call);
    Response report(PageCall& call);
    Reply photo(PageCall& call);
    Response stats(PageCall& call);
    boost::asio::awaitable<Response> follow(PageCall& call);

    // The report's page; `problems`: a refused follow form, shown again.
    Response report_page(PageCall& call, const Report& report, const FormProblems* problems);

    ReportStore& store_;
    // The photos' files, kept by the cache while they are asked for often (a report on the
    // front of the list).
    FileCache photo_cache_;
    PhotoFiles photos_;
    const PageRenderer& renderer_;
    const Localization& localization_;
    const bool configured_url_;  // [server] public_url is set: the listening address is not used
    std::string public_url_;
    ReportRateLimits limits_;
    ReportNewPages new_pages_;
    ReportFollowPages follow_pages_;
};

}  // namespace councilcast::portal
