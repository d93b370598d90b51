#include "portal/reports/open311_api.hpp"

namespace councilcast::portal {

Open311Api::Open311Api(const config::Config& config, ReportStore& store)
    : config_(config), store_(store) {}

ModuleEntries Open311Api::entries() {
    return {};
}

}  // namespace councilcast::portal
