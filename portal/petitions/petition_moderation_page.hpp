// The moderators' pages: the queue (/staff/petitions: what waits for review, how long, the
// overdue marked; then every petition) and one petition (/staff/petitions/<id>: publish,
// reject with a standard reason, hide or show again, stop, publish the answer, the addresses
// that sent bursts of signatures, and cancelling signatures in bulk). Moderators and admins
// only; every change is audited in the store's transaction.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <string>
#include <string_view>

#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/petitions/petition_form_checks.hpp"
#include "portal/petitions/petition_rate_limits.hpp"
#include "portal/petitions/petition_store.hpp"

namespace councilcast::portal {

class PetitionModerationPage {
  public:
    using Response = PageCall::Response;

    // Non-owning references: each outlives this.
    PetitionModerationPage(PetitionStore& store, const PetitionRateLimits& limits,
                           const PageRenderer& renderer, const Localization& localization);

    ModuleEntries entries();

  private:
    Response queue(PageCall& call);
    Response show(PageCall& call);
    boost::asio::awaitable<Response> approve(PageCall& call);
    boost::asio::awaitable<Response> reject(PageCall& call);
    boost::asio::awaitable<Response> hide(PageCall& call);
    boost::asio::awaitable<Response> unhide(PageCall& call);
    boost::asio::awaitable<Response> stop(PageCall& call);
    boost::asio::awaitable<Response> respond(PageCall& call);
    boost::asio::awaitable<Response> invalidate(PageCall& call);

    // One petition's page: plain, after a change (`saved` says what), or with a refused form.
    Response page(PageCall& call, const FormProblems* problems);
    // 303 back to the petition's page, whose `query` says what was done ("saved=1", or
    // "invalidated=<count>").
    Response saved(PageCall& call, std::int64_t petition_id,
                   std::string_view query = "saved=1") const;
    // A change's end: `write` made and awaited unless `refused` has problems, then saved()
    // (or the page with the store's refusal, or with `refused`).
    boost::asio::awaitable<Response> finish(PageCall& call, std::int64_t id, FormProblems refused,
                                            std::function<boost::asio::awaitable<void>()> write);
    FormProblems problems_of(PageCall& call, std::string form_id,
                             const petition_forms::Problems& problems) const;
    const Petition& petition_of(PageCall& call) const;

    PetitionStore& store_;
    const PetitionRateLimits& limits_;
    const PageRenderer& renderer_;
    const Localization& localization_;
};

}  // namespace councilcast::portal
