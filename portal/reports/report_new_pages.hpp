// A new problem report, in steps that work without script: /reports/new (what and where: the
// category, a pin on the map or typed latitude and longitude, or an eldership and an address),
// then "is it one of these?" (open reports of the category close by, to follow instead), then
// /reports/new/details (title, details, the category's questions, up to [reports] max_photos
// photos, who reports it) posted as multipart; "check your mail" and the mailed confirmation
// (/reports/confirm/<token>: GET a button, POST confirms, once). A signed-in resident with a
// verified address is published at once. Photos are decoded and written on a pool of their
// own, never on a network thread.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include <optional>
#include <string>

#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/reports/report_photos.hpp"
#include "portal/reports/report_rate_limits.hpp"
#include "portal/reports/report_store.hpp"

namespace councilcast::portal {

class ReportNewPages {
  public:
    using Response = PageCall::Response;

    // Photo inputs the form offers: [reports] max_photos, never more than a multipart form
    // carries files.
    static constexpr int kMaxPhotoInputs = 5;
    static_assert(kMaxPhotoInputs <= static_cast<int>(MultipartForm::kMaxFiles));

    // Non-owning references: each outlives this.
    ReportNewPages(ReportStore& store, PhotoFiles& photos, ReportRateLimits& limits,
                   const PageRenderer& renderer, const Localization& localization);
    ~ReportNewPages();
    ReportNewPages(const ReportNewPages&) = delete;
    ReportNewPages& operator=(const ReportNewPages&) = delete;

    ModuleEntries entries();

  private:
    // Where the report is, as the first step's fields give it.
    struct Place {
        std::string category;
        double lat = 0;
        double lon = 0;
        bool pinned = false;  // by coordinates (else the eldership's centre)
        std::string eldership;
        std::string address;
    };

    Response where(PageCall& call);
    Response details(PageCall& call);
    boost::asio::awaitable<Response> create(PageCall& call);
    Response sent(PageCall& call);
    Response confirm_form(PageCall& call);
    boost::asio::awaitable<Response> confirm(PageCall& call);

    // The first step's fields from `values` (the query, or the details form's hidden fields):
    // the place, or each problem at its field.
    std::optional<Place> read_place(PageCall& call, const FormData& values,
                                    FormProblems& problems) const;
    Response where_page(PageCall& call, const FormData& values, const FormProblems* problems);
    Response details_page(PageCall& call, const Place& place, const FormProblems* problems);
    // "?category=…&lat=…" of a place, for the links between the steps.
    std::string place_query(const Place& place) const;

    ReportStore& store_;
    PhotoFiles& photos_;
    ReportRateLimits& limits_;
    const PageRenderer& renderer_;
    const Localization& localization_;
    boost::asio::thread_pool photo_pool_{2};
};

}  // namespace councilcast::portal
