// /staff/recordings/<id>/captions: an editor uploads a WebVTT or SRT file per language (it
// replaces that language's track) and corrects or removes single cues, with typed times.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "config/config.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/council/council_store.hpp"
#include "portal/recordings/caption_file.hpp"
#include "portal/recordings/caption_store.hpp"
#include "portal/recordings/recording_archive.hpp"

namespace councilcast::portal {

class CaptionStaffPage {
  public:
    // Cues listed on one page, each with its form: a four-hour track is some 3,600.
    static constexpr std::size_t kCuesPerPage = 100;

    // Non-owning references, alive while the site serves.
    CaptionStaffPage(const config::Config& config, CaptionStore& store, RecordingArchive& archive,
                     const CouncilStore& council);

    // GET and POST (upload) /staff/recordings/<id>/captions, POST .../captions/cue and
    // .../captions/cue/remove: editors only.
    ModuleEntries entries();

  private:
    boost::asio::awaitable<PageCall::Response> show(PageCall& call);
    boost::asio::awaitable<PageCall::Response> upload(PageCall& call);
    boost::asio::awaitable<PageCall::Response> edit(PageCall& call);
    boost::asio::awaitable<PageCall::Response> remove(PageCall& call);
    PageCall::Response page(PageCall& call, std::int64_t meeting_id, Language shown,
                            const FormProblems* problems);
    // The limits of an upload or an edit to the meeting's recording as it is now.
    CaptionLimits limits(std::int64_t meeting_id);
    PageCall::Response back(PageCall& call, std::int64_t meeting_id, std::string_view language,
                            std::string_view anchor) const;

    const config::Config& config_;
    CaptionStore& store_;
    RecordingArchive& archive_;
    const CouncilStore& council_;
};

}  // namespace councilcast::portal
