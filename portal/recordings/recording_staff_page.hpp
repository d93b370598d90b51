// /staff/recordings: every meeting's recording with its state and, when the disk guard stopped
// it, why; the media disk's free space; and the form an editor sets a recording's span with.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "config/config.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/council/council_store.hpp"
#include "portal/pages/localization.hpp"
#include "portal/recordings/disk_guard.hpp"
#include "portal/recordings/recording_store.hpp"
#include "portal/recordings/redaction_store.hpp"

namespace councilcast::portal {

class RecordingStaffPage {
  public:
    // Non-owning references, alive while the site serves.
    RecordingStaffPage(const config::Config& config, RecordingStore& store,
                       const CouncilStore& council, const Localization& localization,
                       const DiskGuard& disk_guard, const RedactionStore* redactions = nullptr);

    // GET /staff/recordings and POST /staff/recordings/span, for editors; a staff link.
    ModuleEntries entries();

  private:
    boost::asio::awaitable<PageCall::Response> show(PageCall& call);
    boost::asio::awaitable<PageCall::Response> set_span(PageCall& call);
    PageCall::Response page(PageCall& call, const FormProblems* problems) const;
    // The row's link to its redactions, with how many are active.
    void fill_redactions(PageCall& call, ctemplate::TemplateDictionary& row,
                         std::int64_t meeting_id) const;
    void add_import_links(PageCall& call, ctemplate::TemplateDictionary& body,
                          const CouncilSnapshot& council,
                          const RecordingsSnapshot& recordings) const;

    const config::Config& config_;
    RecordingStore& store_;
    const CouncilStore& council_;
    const Localization& localization_;
    const DiskGuard& disk_guard_;
    const RedactionStore* redactions_;  // each row's count of hidden parts; optional
};

}  // namespace councilcast::portal
