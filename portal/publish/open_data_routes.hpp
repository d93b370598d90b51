// The HTTP side of feeds and open data: which paths they answer, CORS, caching, conditional
// requests and the API's errors.
#pragma once

#include <boost/beast/http.hpp>

#include <optional>
#include <string>

#include "config/config.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/council/council_store.hpp"
#include "portal/http/http_server.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/pages/target.hpp"
#include "portal/publish/recording_summary.hpp"

namespace councilcast::portal {

// Answers /feeds/{meetings.atom,decisions.atom,meetings.ics} (English under /en/), and under
// /api/v1/: meetings, meetings/<id>, decisions, council and the CSV tables meetings.csv,
// agenda-items.csv, decisions.csv and members.csv. Everything is public and read-only: any
// origin may read it (Access-Control-Allow-Origin: *), GET and HEAD answer, OPTIONS gets the
// CORS preflight answer; the router refuses any other method (405). Answers may be cached for
// five minutes and carry an ETag and Last-Modified from the council snapshot, so a poller's
// repeat costs a 304.
class OpenDataRoutes {
  public:
    // Non-owning references: the portal keeps each alive for the server's lifetime.
    // `recordings` gives a meeting's "recording" and the meetings feed's links (empty
    // functions: none).
    OpenDataRoutes(const config::Config& config, CouncilStore& council,
                   const PageRenderer& messages, RecordingSummaries recordings = {});

    // The routes of the above (GET and OPTIONS; the router refuses other methods), kept by
    // the router while the server runs, pointing into this object.
    ModuleEntries entries();

    // The answer when the request's path is one of the above; nothing otherwise. Never throws:
    // bad filters are 400 and failures 500, each as RFC 9457 problem details in the
    // language the client's Accept-Language prefers.
    std::optional<boost::beast::http::response<boost::beast::http::string_body>> answer(
        const Request& request, const Target& target) const;

    // Where feed links point when server.public_url is empty: the address the server listens
    // on, as the pages use. Set once, before serving.
    void set_fallback_url(std::string url) { fallback_url_ = std::move(url); }

  private:
    // server.public_url, else the listening address; never the request's Host, which anyone
    // may set and which the feeds' public caching and ETag do not vary by.
    std::string base_url() const;

    const config::Config& config_;
    CouncilStore& council_;
    const PageRenderer& messages_;
    RecordingSummaries recordings_;
    std::string fallback_url_;
};

}  // namespace councilcast::portal
