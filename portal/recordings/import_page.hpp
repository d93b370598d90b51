// /staff/recordings/<id>/import: an editor uploads an older recording of a meeting that has none;
// the import runs on a worker thread (ImportJobs) and the page shows its percent and time left
// (reloading itself by the Refresh header: no script needed), then a link to the annotation
// page, or why it failed. Files above [recordings] max_upload_mb: the page names the command.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstdint>

#include "config/config.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/council/council_store.hpp"
#include "portal/recordings/import_jobs.hpp"
#include "portal/recordings/recording_store.hpp"

namespace councilcast::portal {

class ImportPage {
  public:
    // Non-owning references, alive while the site serves.
    ImportPage(const config::Config& config, ImportJobs& jobs, RecordingStore& store,
               const CouncilStore& council);

    // GET and POST /staff/recordings/{id}/import, for editors.
    ModuleEntries entries();

    // The largest upload the page takes: [recordings] max_upload_mb, and never more than the
    // server reads of a request ([http] max_upload_bytes).
    std::uint64_t max_upload_bytes() const;

  private:
    boost::asio::awaitable<PageCall::Response> show(PageCall& call);
    boost::asio::awaitable<PageCall::Response> upload(PageCall& call);
    PageCall::Response page(PageCall& call, std::int64_t meeting_id,
                            const FormProblems* problems) const;

    const config::Config& config_;
    ImportJobs& jobs_;
    RecordingStore& store_;
    const CouncilStore& council_;
};

}  // namespace councilcast::portal
