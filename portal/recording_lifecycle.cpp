#include "portal/recording_lifecycle.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>

#include "common/unix_time.hpp"
#include "portal/voting/ballot_texts.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;

RecordingLifecycle::RecordingLifecycle(RecordingStore& store, const PageRenderer& renderer,
                                       asio::any_io_executor executor)
    : store_(store), renderer_(renderer), executor_(std::move(executor)) {}

template <typename MakeWrite>
void RecordingLifecycle::spawn(MakeWrite make_write, const char* what) {
    try {
        // Made here, inside the try: a full writer queue throws when the write is made.
        asio::co_spawn(executor_, make_write(), [what](std::exception_ptr error) {
            if (!error) return;
            try {
                std::rethrow_exception(error);
            } catch (const std::exception& e) {
                spdlog::error("[recordings] {}: {}", what, e.what());
            }
        });
    } catch (const std::exception& e) {
        // The writer's queue is full: the next change tries again.
        spdlog::error("[recordings] {}: {}", what, e.what());
    }
}

void RecordingLifecycle::start(std::int64_t meeting_id, const std::string& channel) {
    spdlog::info("[recordings meeting:{}] recording starts on channel {}", meeting_id, channel);
    spawn([&] { return store_.start(meeting_id, channel, now_unix_ms()); }, "start");
}

void RecordingLifecycle::finish(std::int64_t meeting_id) {
    spdlog::info("[recordings meeting:{}] recording ends", meeting_id);
    spawn([&] { return store_.finish(meeting_id, now_unix_ms()); }, "finish");
}

void RecordingLifecycle::mark(std::int64_t meeting_id, ChapterKind kind, std::int64_t ref_id,
                              LocalizedText title, std::int64_t at_unix_ms) {
    spawn([&] { return store_.mark(meeting_id, kind, ref_id, std::move(title), at_unix_ms); },
          "chapter");
}

void RecordingLifecycle::reconcile(const CouncilSnapshot& council) {
    auto recordings = store_.snapshot();
    std::lock_guard lock(mutex_);
    for (const Meeting& meeting : council.meetings) {
        seen_[meeting.id] = meeting.status;
        const Recording* recording = recordings->recording(meeting.id);
        if (meeting.status == MeetingStatus::kLive && !meeting.channel_id.empty() &&
            (!recording || recording->state == RecordingState::kReady)) {
            start(meeting.id, meeting.channel_id);
        } else if (meeting.status != MeetingStatus::kLive && recording &&
                   recording->state == RecordingState::kRecording) {
            finish(meeting.id);
        }
    }
}

void RecordingLifecycle::council_changed(const CouncilSnapshot& council) {
    std::lock_guard lock(mutex_);
    for (const Meeting& meeting : council.meetings) {
        auto [it, added] = seen_.try_emplace(meeting.id, meeting.status);
        const MeetingStatus before = added ? MeetingStatus::kPlanned : it->second;
        it->second = meeting.status;
        if (before == meeting.status) continue;
        // Only a change of status starts or ends a recording: a recording the disk guard
        // stopped stays stopped while its meeting stays live.
        if (meeting.status == MeetingStatus::kLive && !meeting.channel_id.empty()) {
            start(meeting.id, meeting.channel_id);
        } else if (before == MeetingStatus::kLive) {
            finish(meeting.id);
        }
    }
}

void RecordingLifecycle::voting_changed(const VotingSnapshot& voting, std::int64_t meeting_id,
                                        const CouncilSnapshot& council) {
    auto recordings = store_.snapshot();
    const Recording* recording = recordings->recording(meeting_id);
    if (!recording || recording->state != RecordingState::kRecording) return;
    const auto chapters = recordings->chapters_of(meeting_id);
    // What the chapters say already is not written again: a ballot changes the snapshot too.
    auto has = [&](ChapterKind kind, std::int64_t ref_id, const LocalizedText& title) {
        for (const Chapter* chapter : chapters) {
            if (chapter->kind == kind && chapter->ref_id == ref_id &&
                chapter->title.lt == title.lt && chapter->title.en == title.en) {
                return true;
            }
        }
        return false;
    };
    const std::int64_t now = now_unix_ms();
    if (const Sitting* sitting = voting.sitting(meeting_id)) {
        if (const AgendaItem* item = council.agenda_item(sitting->current_item_id)) {
            if (!has(ChapterKind::kAgenda, item->id, item->title)) {
                mark(meeting_id, ChapterKind::kAgenda, item->id, item->title, now);
            }
        }
        if (!sitting->speaker_name.empty()) {
            const std::string shown = sitting->speaker_role.empty()
                                          ? sitting->speaker_name
                                          : sitting->speaker_name + ", " + sitting->speaker_role;
            const LocalizedText title{shown, shown};
            const Chapter* last_speaker = nullptr;
            for (const Chapter* chapter : chapters) {
                if (chapter->kind == ChapterKind::kSpeaker) last_speaker = chapter;
            }
            if (!last_speaker || last_speaker->title.lt != shown) {
                mark(meeting_id, ChapterKind::kSpeaker, 0, title, now);
            }
        }
    }
    for (const Vote* vote : voting.votes_of(meeting_id)) {
        if (vote->opened_unix_ms < recording->start_unix_ms) continue;
        LocalizedText title = vote->motion;
        if (vote->status != VoteStatus::kOpen) {
            // At the close the chapter says how it ended: "motion — ADOPTED".
            title.lt += " — " + ballot_texts::outcome_name(renderer_, Language::kLt, *vote);
            if (!title.en.empty())
                title.en += " — " + ballot_texts::outcome_name(renderer_, Language::kEn, *vote);
        }
        if (!has(ChapterKind::kVote, vote->id, title)) {
            mark(meeting_id, ChapterKind::kVote, vote->id, std::move(title), vote->opened_unix_ms);
        }
    }
}

}  // namespace councilcast::portal
