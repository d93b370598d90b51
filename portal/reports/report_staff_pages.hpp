// What staff do with problem reports (STAFF): /staff/reports (filters: category, state,
// eldership, age, map area; a page of 50 at a time) and /staff/reports/<id> (state change with a
// public update, duplicate of #n, text edited with the original kept, a photo hidden or shown,
// an internal note), for moderators, administrators and the category's handlers (officials an
// administrator lists on /staff/reports by their addresses). A report of a category the visitor
// does not handle answers 404, as if there were none. Every act is audited in the store's
// transaction; the forms work without script (303 on success, 422 with each error at its field).
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "portal/accounts/account_store.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/reports/report_store.hpp"

namespace councilcast::portal {

class ReportStaffPages {
  public:
    using Response = PageCall::Response;
    // Reports a list page shows.
    static constexpr std::size_t kPageSize = 50;

    // Non-owning references: each outlives this.
    ReportStaffPages(const config::Config& config, ReportStore& store, AccountStore& accounts,
                     const PageRenderer& renderer, const Localization& localization);
    ReportStaffPages(const ReportStaffPages&) = delete;
    ReportStaffPages& operator=(const ReportStaffPages&) = delete;

    void set_public_url(std::string url) { public_url_ = std::move(url); }
    ModuleEntries entries();

  private:
    Response list(PageCall& call);
    // The list, after a change of handlers, or with the refused handlers' form.
    Response list_page(PageCall& call, const FormProblems* problems);
    Response show(PageCall& call);
    boost::asio::awaitable<Response> update(PageCall& call);
    boost::asio::awaitable<Response> note(PageCall& call);
    boost::asio::awaitable<Response> edit(PageCall& call);
    boost::asio::awaitable<Response> photo(PageCall& call);
    // An administrator's list of a category's handlers: their addresses, one a line.
    boost::asio::awaitable<Response> handlers(PageCall& call);

    // The visitor as the store knows them.
    static ReportActor actor_of(const PageCall& call);
    // The categories the visitor handles, in the configuration's order.
    std::vector<const config::ReportCategory*> handled_categories(const ReportActor& actor) const;
    // The report of the route's {id}, if the visitor handles its category; else NotFound.
    Report report_of(PageCall& call) const;
    // The report's page: plain, after a change, or with a refused form.
    Response page(PageCall& call, const FormProblems* problems);
    // A change's end: `write` awaited unless `refused` has problems, then 303 back to the page
    // with `saved` in its query (or the page with the store's refusal, or with `refused`).
    // A public update or an internal note, its id dropped (finish() awaits it).
    boost::asio::awaitable<void> add_update(ReportActor actor, ReportStore::StaffUpdate change,
                                            AuditNote audit);
    boost::asio::awaitable<Response> finish(PageCall& call, std::int64_t id, std::string_view saved,
                                            FormProblems refused,
                                            std::function<boost::asio::awaitable<void>()> write);

    ReportStore& store_;
    AccountStore& accounts_;
    const PageRenderer& renderer_;
    const Localization& localization_;
    std::string public_url_;
};

}  // namespace councilcast::portal
