// The composition root's wiring of the recordings to the council and the voting: a meeting that
// goes live on a channel starts its recording and one that ends finishes it; the agenda item
// the chair moves to, each vote (its result once closed) and each speaker become chapters.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>

#include "portal/council/council_snapshot.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/recordings/recording_store.hpp"
#include "portal/voting/voting_record.hpp"

namespace councilcast::portal {

// The listeners' methods run on the writer's thread and only queue writes (on `executor`);
// they never throw.
class RecordingLifecycle {
  public:
    // Non-owning references, alive while the portal serves.
    RecordingLifecycle(RecordingStore& store, const PageRenderer& renderer,
                       boost::asio::any_io_executor executor);

    // At startup: a meeting already live gets its recording (from now: what was broadcast while
    // the portal was down is not known to belong to it), one that ended meanwhile is finished.
    void reconcile(const CouncilSnapshot& council);
    // After every council change: meetings that went live or ended.
    void council_changed(const CouncilSnapshot& council);
    // After every voting change about `meeting_id`: its chapters.
    void voting_changed(const VotingSnapshot& voting, std::int64_t meeting_id,
                        const CouncilSnapshot& council);

  private:
    void start(std::int64_t meeting_id, const std::string& channel);
    void finish(std::int64_t meeting_id);
    void mark(std::int64_t meeting_id, ChapterKind kind, std::int64_t ref_id, LocalizedText title,
              std::int64_t at_unix_ms);
    // Queues the write `make_write` makes; a refusal (a full queue) is logged, never thrown.
    template <typename MakeWrite>
    void spawn(MakeWrite make_write, const char* what);

    RecordingStore& store_;
    const PageRenderer& renderer_;
    boost::asio::any_io_executor executor_;
    std::mutex mutex_;
    std::map<std::int64_t, MeetingStatus> seen_;  // each meeting's status at the last change
};

}  // namespace councilcast::portal
