// Open311 GeoReport v2 at /open311/v2/ (STAFF), JSON only: discovery.json, services.json (the
// categories), services/<code>.json (their questions as attributes), requests.json (GET with
// service_request_id, service_code, status, start_date, end_date; POST form-encoded with an
// api_key of [[reports.open311_api_keys]], attribute[<code>] answers), requests/<id>.json and
// tokens/<token>.json. Refusals in the specification's form, [{"code": 400, "description": …}],
// in the client's Accept-Language. Times are W3C datetimes with the municipality's offset.
// Also /api/v1/reports and /api/v1/reports/<id> (portal/api/openapi.json), CORS-open like the
// other open-data APIs, refusals as RFC 9457 problem details.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <string>

#include "config/config.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/reports/report_store.hpp"

namespace councilcast::portal {

class Open311Api {
  public:
    // The most requests one GET requests.json answers with (the specification's default).
    static constexpr std::size_t kMaxRequests = 1000;
    // The most reports one GET requests.json looks through to filter them.
    static constexpr std::size_t kMaxScanned = 20'000;
    // A list of /api/v1/reports.
    static constexpr std::size_t kApiPageSize = 100;

    // Non-owning references: each outlives this.
    Open311Api(const config::Config& config, ReportStore& store, const PageRenderer& renderer,
               const Localization& localization);
    Open311Api(const Open311Api&) = delete;
    Open311Api& operator=(const Open311Api&) = delete;

    // Links in the answers (a request's media_url, the discovery's endpoint) start with this.
    void set_public_url(std::string url);
    ModuleEntries entries();

  private:
    Reply discovery(PageCall& call) const;
    Reply services(PageCall& call) const;
    Reply service(PageCall& call) const;
    Reply requests(PageCall& call) const;
    boost::asio::awaitable<Reply> post_request(PageCall& call);
    Reply request(PageCall& call) const;
    Reply token(PageCall& call) const;
    Reply api_reports(PageCall& call) const;
    Reply api_report(PageCall& call) const;

    // One request as Open311 shows it.
    boost::json::object request_json(const Report& report, Language language) const;
    // One report as /api/v1/reports shows it.
    boost::json::object report_json(const Report& report) const;
    std::string photo_url(const ReportPhoto& photo) const;

    const config::Config& config_;
    ReportStore& store_;
    const PageRenderer& renderer_;
    const Localization& localization_;
    std::string public_url_;
};

}  // namespace councilcast::portal
