// What residents write about petitions: starting one (/petitions/new), the creator's private
// page (/petitions/manage/<token>: correct the text, gather sponsors, follow the state),
// sponsoring (/petitions/<id>/sponsor/<token>), signing (/petitions/<id>/sign) and confirming
// from the mail (/petitions/confirm/<token>). Every form works without script: a POST answers
// 303 on success, or 422 with the form as typed and each error at its field; the rate limits
// answer 429 saying when to try again.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <string>
#include <string_view>

#include "portal/accounts/notice_page.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/petitions/petition_form_checks.hpp"
#include "portal/petitions/petition_rate_limits.hpp"
#include "portal/petitions/petition_store.hpp"

namespace councilcast::portal {

class PetitionFlowPages {
  public:
    using Response = PageCall::Response;

    // Non-owning references: each outlives this.
    PetitionFlowPages(PetitionStore& store, PetitionRateLimits& limits,
                      const PageRenderer& renderer);

    // The address the sponsor link on the creator's page starts with; set before serving.
    void set_public_url(std::string url) { public_url_ = std::move(url); }

    ModuleEntries entries();

  private:
    boost::asio::awaitable<Response> start(PageCall& call);
    boost::asio::awaitable<Response> edit(PageCall& call);
    boost::asio::awaitable<Response> gather(PageCall& call);
    boost::asio::awaitable<Response> sign(PageCall& call);
    boost::asio::awaitable<Response> sponsor(PageCall& call);
    boost::asio::awaitable<Response> confirm(PageCall& call);
    Response start_form(PageCall& call);
    Response manage(PageCall& call);
    Response sign_form(PageCall& call);
    Response sponsor_form(PageCall& call);
    Response confirm_form(PageCall& call);

    // The pages with their forms, for a GET (`problems` null) or a refused POST.
    Response start_page(PageCall& call, const FormProblems* problems);
    Response manage_page(PageCall& call, const PetitionStore::ManageAccess& access,
                         const FormProblems* problems);
    Response sign_page(PageCall& call, const Petition& petition, bool as_sponsor,
                       const FormProblems* problems);
    // Signing, shared by sign and sponsor.
    boost::asio::awaitable<Response> take_signature(PageCall& call, const Petition& petition,
                                                    std::string sponsor_token,
                                                    std::string done_path);
    Response gone(PageCall& call, std::string_view text_key);
    // The form's problems in the visitor's language, for StaffForms.
    FormProblems problems_of(PageCall& call, std::string form_id,
                             const petition_forms::Problems& problems) const;
    const Petition* petition_of(PageCall& call) const;

    PetitionStore& store_;
    PetitionRateLimits& limits_;
    const PageRenderer& renderer_;
    std::string public_url_;
};

}  // namespace councilcast::portal
