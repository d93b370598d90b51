// Open311 GeoReport v2 at /open311/v2/ (STAFF): discovery.json, services.json,
// services/<code>.json, requests.json (GET with service_code, status, start_date, end_date; POST
// with api_key, form-encoded), requests/<id>.json and tokens/<token>.json, errors in the
// specification's format; and /api/v1/reports (portal/api/openapi.json).
#pragma once

#include <string>

#include "config/config.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/reports/report_store.hpp"

namespace councilcast::portal {

class Open311Api {
  public:
    // Non-owning references: each outlives this.
    Open311Api(const config::Config& config, ReportStore& store);
    Open311Api(const Open311Api&) = delete;
    Open311Api& operator=(const Open311Api&) = delete;

    // Links in the answers (a request's media_url, the discovery's endpoint) start with this.
    void set_public_url(std::string url) { public_url_ = std::move(url); }
    ModuleEntries entries();

  private:
    const config::Config& config_;
    ReportStore& store_;
    std::string public_url_;
};

}  // namespace councilcast::portal
