// /staff/recordings/<meeting id>: an editor annotates a recording. The player with a timeline of
// its chapters, speakers, notes and redactions; forms to edit chapters, speaker ranges and notes
// at typed times ("1:02:03.5"; "mark here" fills in the player's time with JavaScript); undo of
// the editor's last change; links to the captions, redactions and import pages and the
// publish form. Every form works without JavaScript: a POST, then a redirect back.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>

#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/accounts/staff_forms.hpp"
#include "portal/council/council_store.hpp"
#include "portal/recordings/annotation_store.hpp"
#include "portal/recordings/recording_archive.hpp"

namespace councilcast::portal {

class AnnotationPage {
  public:
    // Non-owning references, alive while the site serves.
    AnnotationPage(RecordingArchive& archive, const RecordingStore& store,
                   AnnotationStore& annotations, const CouncilStore& council);

    // The page and its forms' POST routes, for editors.
    ModuleEntries entries();

  private:
    using Response = PageCall::Response;

    boost::asio::awaitable<Response> show(PageCall& call);
    boost::asio::awaitable<Response> save_chapter(PageCall& call);
    boost::asio::awaitable<Response> save_speaker(PageCall& call);
    boost::asio::awaitable<Response> save_note(PageCall& call);
    // A chapter, speaker or note taken away: which one the form's "<subject>_id" says.
    struct Removal {
        std::string_view subject;  // "chapter", "speaker", "note"
        AnnotationStore::Write<> (AnnotationStore::*write)(std::int64_t user_id,
                                                           std::int64_t meeting_id,
                                                           std::int64_t row_id, AuditNote audit);
    };
    boost::asio::awaitable<Response> remove(PageCall& call, Removal removal);
    boost::asio::awaitable<Response> undo(PageCall& call);

    // The meeting of the address, which must have a recording (else 404).
    std::int64_t meeting_of(PageCall& call) const;
    // A typed time of field `name` as wall-clock ms on the recording, or the field's error.
    std::optional<std::int64_t> moment(PageCall& call, std::int64_t meeting_id,
                                       std::string_view name, FormProblems& problems);
    // After a write: back to the page (303), or the page again with the problems (422).
    Response done(PageCall& call, std::int64_t meeting_id, const FormProblems& problems);
    Response page(PageCall& call, std::int64_t meeting_id, const FormProblems* problems);

    RecordingArchive& archive_;
    const RecordingStore& store_;
    AnnotationStore& annotations_;
    const CouncilStore& council_;
};

}  // namespace councilcast::portal
