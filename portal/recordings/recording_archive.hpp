// A meeting's recording on its timeline: the segments a recording's span covers, where a
// wall-clock moment falls on it (chapters, votes, search hits), its playlists and the files the
// clip and thumbnail work reads. What every other part of the archive asks of a recording.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "archive/playlist.hpp"
#include "archive/segment_index.hpp"
#include "archive/segment_reader.hpp"
#include "config/config.hpp"
#include "portal/council/council_store.hpp"
#include "portal/recordings/recording_media.hpp"
#include "portal/recordings/recording_store.hpp"
#include "portal/recordings/redaction_store.hpp"

namespace councilcast::portal {

// A chapter on its recording's timeline.
struct TimelineChapter {
    ChapterKind kind = ChapterKind::kNote;
    LocalizedText title;
    double start_s = 0;
};

// A stretch of a recording's timeline an editor hid (redaction, issue 13): whole segments, so
// every output (playlist, clip, picture, caption, search hit) leaves out the same seconds.
struct HiddenRange {
    double from_s = 0;
    double to_s = 0;
};

// A council member's speaker range on its recording's timeline.
struct TimelineSpeech {
    std::int64_t meeting_id = 0;
    double start_s = 0;
    double end_s = 0;
};

// Which of a recording's `segments` (in sequence order, as SegmentReader::between gives them)
// the `redactions` hide: every segment a redaction's wall-clock range touches, whole (a player,
// a clip and a picture all work in segments). One flag per segment; all false for none.
std::vector<bool> hidden_segments(std::span<const archive::Segment> segments, int target_duration_s,
                                  std::span<const Redaction* const> redactions);

// A recording as a player sees it: its length so far and its chapters, by start.
struct RecordingTimeline {
    std::int64_t meeting_id = 0;
    bool live = false;  // recording: the end grows
    double duration_s = 0;
    std::vector<TimelineChapter> chapters;
};

// A speaker range's name: the member's as the roster has it, or the guest's.
std::string speaker_name(const CouncilSnapshot& council, const SpeakerRange& speaker);

// Thread-safe: any thread may ask; the segments of a recording are read on the archive's own
// read-only connection and kept until the recording or the channel's newest segment changes.
class RecordingArchive {
  public:
    // Non-owning references: the portal keeps each alive while the server runs. `index` is only
    // asked its memory (last_sequence), never its database.
    RecordingArchive(const config::Config& config, const std::filesystem::path& database_file,
                     RecordingStore& store, const archive::SegmentIndex& index,
                     const CouncilStore& council);

    // The configuration recordings are read with: its channels are those recordings may be of
    // (the demo's archive's besides the live ones).
    const config::Config& config() const { return config_; }
    // The TARGETDURATION of every recording playlist: a second more than the live playlists'
    // (the segment duration), for an imported file's segments, cut at its own keyframes. A
    // segment within the live target has the same EXTINF in both: the timeline is the same.
    int target_duration_s() const { return target_duration_s_; }
    // The rendition timelines are measured on: the channel's first (best).
    const config::Channel* channel(std::string_view channel_id) const;

    // The meeting's recording as the store has it now.
    std::optional<Recording> recording(std::int64_t meeting_id) const;

    // The recording's segments of `rendition` (empty: the best), by sequence; empty when the
    // meeting has no recording or the rendition is not its channel's.
    std::shared_ptr<const std::vector<archive::Segment>> segments(std::int64_t meeting_id,
                                                                  std::string_view rendition);

    // Where the wall-clock moment `unix_ms` is on the meeting's recording, in seconds from its
    // start (see archive::timeline_seconds: a worker restart's gap is no gap here). Nothing when
    // the meeting has no recording, the moment is outside its span, or no segment has arrived.
    std::optional<double> media_time(std::int64_t meeting_id, std::int64_t unix_ms);

    // The inverse of media_time: the wall-clock moment `seconds` into the meeting's recording
    // shows (an editor's typed or marked time is stored as it). Nothing when the meeting has no
    // recording or no segment has arrived.
    std::optional<std::int64_t> unix_ms_at(std::int64_t meeting_id, double seconds);

    // The redactions and publishing every output asks (not owned; alive while the archive
    // is). Until given, nothing is hidden and every recording is published.
    void use_redactions(const RedactionStore& redactions);

    // What the public may not see of the recording: its redacted ranges, each rounded out to
    // whole segments, merged where they touch, by from_s, in seconds on the timeline (which
    // keeps its length: a hidden range is a gap, not a cut). Empty for a recording with none
    // or no recording. Captions, chapters and search leave out what starts inside one.
    std::vector<HiddenRange> hidden_ranges(std::int64_t meeting_id);
    // Which of `segments` (the meeting's, from segments()) its active redactions hide, as
    // hidden_segments gives them: one flag each.
    std::vector<bool> hidden(std::int64_t meeting_id, std::span<const archive::Segment> segments);
    // Whether the public may see the recording at all (staff see an unpublished one). False
    // for a meeting without a recording.
    bool published(std::int64_t meeting_id) const;
    // Rises with every redaction added or restored and every publish or unpublish.
    std::int64_t redactions_version() const;

    // The recording's files on its timeline, for the clip, thumbnail and storyboard routes.
    std::optional<RecordingMedia> media(std::int64_t meeting_id, std::string_view rendition);
    // The same as the function those routes take.
    RecordingMediaSource media_source();
    // Whether a recording is published and the redactions' version, for those routes.
    RecordingVisibilitySource visibility_source();

    // The recording's length and chapters on its timeline (the public pages' and the open
    // data's summary is made of it by the composition root: portal/recording_summaries).
    std::optional<RecordingTimeline> timeline(std::int64_t meeting_id);
    // Where the council member spoke in every recording, newest meeting first, then by time.
    std::vector<TimelineSpeech> speeches_of(std::int64_t member_id);
    // Rises with every change of any recording or chapter, and with every segment a live
    // recording gains (the anonymous page cache compares it).
    std::int64_t version();

    // Every recording's span, for retention and the disk guard, less the ranges hidden longer
    // than [recordings] redaction_retention_days ago: those may go once that legal retention
    // has passed; until then a hidden segment stays on disk like every other.
    std::vector<archive::KeptSpan> kept_spans() const;

  private:
    struct Cached {
        std::int64_t store_version = -1;
        std::int64_t last_sequence = -2;
        std::shared_ptr<const std::vector<archive::Segment>> segments;
    };

    const config::Config& config_;
    RecordingStore& store_;
    const archive::SegmentIndex& index_;
    const CouncilStore& council_;
    const RedactionStore* redactions_ = nullptr;
    const int target_duration_s_;
    const std::filesystem::path media_root_;
    archive::SegmentReader reader_;
    std::mutex mutex_;
    std::map<std::pair<std::int64_t, std::string>, Cached> cache_;  // by meeting and rendition
    std::pair<std::int64_t, std::int64_t> summaries_seen_{-1, -1};
    std::int64_t summaries_version_ = 0;
};

}  // namespace councilcast::portal
