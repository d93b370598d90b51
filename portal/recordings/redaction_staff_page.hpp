// /staff/recordings/<id>/redactions: an editor hides a range of a meeting's recording from the
// public (typed media times and a required reason), sees every redaction, active and restored,
// and an admin shows one again; POST /staff/recordings/<id>/publish publishes or unpublishes it.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/council/council_store.hpp"
#include "portal/pages/localization.hpp"
#include "portal/recordings/recording_archive.hpp"
#include "portal/recordings/redaction_store.hpp"

namespace councilcast::portal {

class RedactionStaffPage {
  public:
    // Non-owning references, alive while the site serves.
    RedactionStaffPage(RedactionStore& redactions, RecordingArchive& archive,
                       const CouncilStore& council, const Localization& localization);

    // GET and POST /staff/recordings/{id}/redactions (editors), POST
    // /staff/recordings/{id}/redactions/{redaction}/restore (admins), POST
    // /staff/recordings/{id}/publish (editors).
    ModuleEntries entries();

  private:
    boost::asio::awaitable<PageCall::Response> show(PageCall& call);
    boost::asio::awaitable<PageCall::Response> hide(PageCall& call);
    boost::asio::awaitable<PageCall::Response> restore(PageCall& call);
    boost::asio::awaitable<PageCall::Response> publish(PageCall& call);
    PageCall::Response page(PageCall& call, std::int64_t meeting_id, const FormProblems* problems);

    RedactionStore& redactions_;
    RecordingArchive& archive_;
    const CouncilStore& council_;
    const Localization& localization_;
};

}  // namespace councilcast::portal
