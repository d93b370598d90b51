// The editors' pages for the council's public record: the roster (/staff/council), the meetings
// (/staff/meetings) and one meeting with its agenda, documents and decisions (/staff/meeting).
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/council/council_store.hpp"
#include "portal/http/upload_checker.hpp"
#include "portal/pages/localization.hpp"

namespace councilcast::portal {

// Its routes join the router's table (see portal/site/router.hpp), every one for editors and
// administrators, so sign-in, role and CSRF are settled by the gate before a handler here runs.
// Handlers change the record only through CouncilStore, write every change to the audit log and
// answer a refused form with its page again: the typed values kept, each error at its field.
class CouncilEditor {
  public:
    // Non-owning: the portal keeps the configuration and the store alive while the server runs.
    // Loads libmagic's database (UploadChecker), so it throws councilcast::Error without one.
    CouncilEditor(const config::Config& config, CouncilStore& store,
                  const Localization& localization);

    // For the router's table; the handlers keep a reference to this object.
    std::vector<PageRoute> routes();
    // Its staff navigation entries, for the pages' shared navigation.
    static std::vector<NavEntry> navigation();

  private:
    using Response = PageCall::Response;

    boost::asio::awaitable<Response> roster(PageCall& call);
    boost::asio::awaitable<Response> save_group(PageCall& call);
    boost::asio::awaitable<Response> save_member(PageCall& call);
    boost::asio::awaitable<Response> save_committee(PageCall& call);
    boost::asio::awaitable<Response> meetings(PageCall& call);
    boost::asio::awaitable<Response> add_meeting(PageCall& call);
    boost::asio::awaitable<Response> meeting(PageCall& call);
    boost::asio::awaitable<Response> save_meeting(PageCall& call);
    boost::asio::awaitable<Response> save_item(PageCall& call);
    boost::asio::awaitable<Response> move_item(PageCall& call);
    boost::asio::awaitable<Response> remove_item(PageCall& call);
    boost::asio::awaitable<Response> add_document(PageCall& call);
    boost::asio::awaitable<Response> remove_document(PageCall& call);
    boost::asio::awaitable<Response> save_decision(PageCall& call);
    boost::asio::awaitable<Response> remove_decision(PageCall& call);

    // Each page drawn from the current snapshot; `problems` shows a refused form again.
    Response roster_page(PageCall& call, const FormProblems* problems) const;
    Response meetings_page(PageCall& call, const FormProblems* problems) const;
    Response meeting_page(PageCall& call, std::int64_t meeting_id,
                          const FormProblems* problems) const;
    // The meeting's fields from a form, or nothing with `problems` filled in.
    std::optional<Meeting> read_meeting(PageCall& call, FormProblems& problems) const;
    std::vector<StaffField> meeting_fields(PageCall& call, const Meeting& meeting) const;

    const config::Config& config_;
    CouncilStore& store_;
    const Localization& localization_;  // editors type and read Vilnius wall time
    UploadChecker uploads_;
};

}  // namespace councilcast::portal
