// Following problem reports by mail and answering the mails: /reports/subscribe (new reports
// in an eldership, or in the map's area the list was showing) with its mailed confirmation
// (/reports/subscriptions/confirm/<token>), the link in every such mail that ends it
// (/reports/unsubscribe/<token>), and the reporter's "was it fixed?" questionnaire
// (/reports/fixed/<token>). A mailed link's GET shows a button (a mail scanner opening it
// changes nothing); the POST acts, once (410 afterwards).
#pragma once

#include <boost/asio/awaitable.hpp>

#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/reports/report_rate_limits.hpp"
#include "portal/reports/report_store.hpp"

namespace councilcast::portal {

class ReportFollowPages {
  public:
    using Response = PageCall::Response;

    // Non-owning references: each outlives this.
    ReportFollowPages(ReportStore& store, ReportRateLimits& limits, const PageRenderer& renderer,
                      const Localization& localization);

    ModuleEntries entries();

  private:
    Response subscribe_form(PageCall& call);
    boost::asio::awaitable<Response> subscribe(PageCall& call);
    Response subscribed(PageCall& call);
    Response confirm_form(PageCall& call);
    boost::asio::awaitable<Response> confirm(PageCall& call);
    Response unsubscribe_form(PageCall& call);
    boost::asio::awaitable<Response> unsubscribe(PageCall& call);
    Response questionnaire_form(PageCall& call);
    boost::asio::awaitable<Response> answer(PageCall& call);

    Response subscribe_page(PageCall& call, const FormProblems* problems);
    Response questionnaire_page(PageCall& call, const Report& report, const FormProblems* problems);
    Response link_used(PageCall& call);

    ReportStore& store_;
    ReportRateLimits& limits_;
    const PageRenderer& renderer_;
    const Localization& localization_;
};

}  // namespace councilcast::portal
