// What staff do with problem reports (STAFF): /staff/reports (filters: category, state,
// eldership, age, map area) and /staff/reports/<id> (state change with a public update,
// duplicate of #n, text edited with the original kept, a photo hidden, an internal note), for
// moderators, administrators and the category's handlers; every act audited.
#pragma once

#include <string>

#include "config/config.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/reports/report_store.hpp"

namespace councilcast::portal {

class ReportStaffPages {
  public:
    // Non-owning references: each outlives this.
    ReportStaffPages(const config::Config& config, ReportStore& store, const PageRenderer& renderer,
                     const Localization& localization);
    ReportStaffPages(const ReportStaffPages&) = delete;
    ReportStaffPages& operator=(const ReportStaffPages&) = delete;

    void set_public_url(std::string url) { public_url_ = std::move(url); }
    ModuleEntries entries();

  private:
    const config::Config& config_;
    ReportStore& store_;
    const PageRenderer& renderer_;
    const Localization& localization_;
    std::string public_url_;
};

}  // namespace councilcast::portal
