#include "portal/reports/report_staff_pages.hpp"

namespace councilcast::portal {

ReportStaffPages::ReportStaffPages(const config::Config& config, ReportStore& store,
                                   const PageRenderer& renderer, const Localization& localization)
    : config_(config), store_(store), renderer_(renderer), localization_(localization) {}

ModuleEntries ReportStaffPages::entries() {
    return {};
}

}  // namespace councilcast::portal
