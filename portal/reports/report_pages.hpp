// What residents do with problem reports (RESIDENT): the public map and list (/reports), a new
// report (/reports/new: the pin, the category's questions, photos; "is it one of these?"), the
// confirmation from the mail, one report (/reports/<id>), the statistics, subscriptions and the
// fixed-questionnaire (/reports/fixed/<token>). Every form works without script.
#pragma once

#include <string>

#include "config/config.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/reports/report_store.hpp"

namespace councilcast::portal {

class ReportPages {
  public:
    // Non-owning references: each outlives this.
    ReportPages(const config::Config& config, ReportStore& store, const PageRenderer& renderer,
                const Localization& localization);
    ReportPages(const ReportPages&) = delete;
    ReportPages& operator=(const ReportPages&) = delete;

    // The address links start with ([server] public_url, or the listening address).
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
