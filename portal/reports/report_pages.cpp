#include "portal/reports/report_pages.hpp"

namespace councilcast::portal {

ReportPages::ReportPages(const config::Config& config, ReportStore& store,
                         const PageRenderer& renderer, const Localization& localization)
    : config_(config), store_(store), renderer_(renderer), localization_(localization) {}

ModuleEntries ReportPages::entries() {
    return {};
}

}  // namespace councilcast::portal
