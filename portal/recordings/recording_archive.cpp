#include "portal/recordings/recording_archive.hpp"

#include <algorithm>

#include "common/unix_time.hpp"

namespace councilcast::portal {
namespace {

// Recordings whose segments are kept in memory at once: the meetings a visitor looks at now.
constexpr std::size_t kCachedTimelines = 64;

// Whether `at` seconds is inside one of `ranges`: a chapter, note or cue starting there is not
// the public's.
bool inside(const std::vector<HiddenRange>& ranges, double at) {
    return std::any_of(ranges.begin(), ranges.end(), [at](const HiddenRange& range) {
        return at >= range.from_s && at < range.to_s;
    });
}

// Redactions' ranges merged where they overlap or touch, by start.
std::vector<std::pair<std::int64_t, std::int64_t>> merged(
    std::span<const Redaction* const> redactions) {
    std::vector<std::pair<std::int64_t, std::int64_t>> ranges;
    for (const Redaction* redaction : redactions) {
        ranges.emplace_back(redaction->from_unix_ms, redaction->to_unix_ms);
    }
    std::sort(ranges.begin(), ranges.end());
    std::vector<std::pair<std::int64_t, std::int64_t>> joined;
    for (const auto& range : ranges) {
        if (!joined.empty() && range.first <= joined.back().second) {
            joined.back().second = std::max(joined.back().second, range.second);
        } else {
            joined.push_back(range);
        }
    }
    return joined;
}

}  // namespace

std::string speaker_name(const CouncilSnapshot& council, const SpeakerRange& speaker) {
    if (speaker.member_id == 0) return speaker.guest_name;
    const CouncilMember* member = council.member(speaker.member_id);
    return member ? member->name : std::string();
}

std::vector<bool> hidden_segments(std::span<const archive::Segment> segments, int target_duration_s,
                                  std::span<const Redaction* const> redactions) {
    std::vector<bool> hidden(segments.size(), false);
    const auto ranges = merged(redactions);
    // Both in time order: one pass over each.
    std::size_t range = 0;
    for (std::size_t i = 0; i < segments.size() && range < ranges.size(); ++i) {
        const std::int64_t start = segments[i].start_unix_ms;
        const std::int64_t end = start + archive::extinf_ms(segments[i], target_duration_s);
        while (range < ranges.size() && ranges[range].second <= start) ++range;
        hidden[i] = range < ranges.size() && ranges[range].first < end;
    }
    return hidden;
}

RecordingArchive::RecordingArchive(const config::Config& config,
                                   const std::filesystem::path& database_file,
                                   RecordingStore& store, const archive::SegmentIndex& index,
                                   const CouncilStore& council)
    : config_(config),
      store_(store),
      index_(index),
      council_(council),
      target_duration_s_(static_cast<int>(config.hls.segment_duration.count()) + 1),
      media_root_(config.server.data_dir / "media"),
      reader_(database_file) {}

const config::Channel* RecordingArchive::channel(std::string_view channel_id) const {
    for (const auto& channel : config_.channels) {
        if (channel.id == channel_id) return &channel;
    }
    return nullptr;
}

std::optional<Recording> RecordingArchive::recording(std::int64_t meeting_id) const {
    auto snapshot = store_.snapshot();
    const Recording* found = snapshot->recording(meeting_id);
    if (!found) return std::nullopt;
    return *found;
}

std::shared_ptr<const std::vector<archive::Segment>> RecordingArchive::segments(
    std::int64_t meeting_id, std::string_view rendition) {
    static const auto kNone = std::make_shared<const std::vector<archive::Segment>>();
    auto snapshot = store_.snapshot();
    const Recording* recording = snapshot->recording(meeting_id);
    if (!recording) return kNone;
    const config::Channel* channel_config = channel(recording->channel);
    if (!channel_config) return kNone;
    std::string rendition_name(rendition);
    if (rendition_name.empty()) rendition_name = channel_config->renditions.front().name;
    if (std::none_of(channel_config->renditions.begin(), channel_config->renditions.end(),
                     [&](const auto& r) { return r.name == rendition_name; })) {
        return kNone;
    }
    // A finished recording never changes until the store does; a growing one when a segment
    // arrives.
    const std::int64_t last_sequence =
        recording->state == RecordingState::kRecording
            ? index_.last_sequence(recording->channel, rendition_name)
            : -1;
    const auto key = std::make_pair(meeting_id, rendition_name);
    std::shared_ptr<const std::vector<archive::Segment>> known;
    {
        std::lock_guard lock(mutex_);
        auto it = cache_.find(key);
        if (it != cache_.end() && it->second.store_version == snapshot->version) {
            if (it->second.last_sequence == last_sequence) return it->second.segments;
            known = it->second.segments;
        }
    }
    std::shared_ptr<const std::vector<archive::Segment>> read;
    if (known && !known->empty() && last_sequence > known->back().sequence) {
        // The same span, grown: only the segments that arrived since are read.
        auto grown = std::make_shared<std::vector<archive::Segment>>(*known);
        auto newer = reader_.after(recording->channel, rendition_name, known->back().sequence,
                                   recording->start_unix_ms, recording->end_unix_ms);
        grown->insert(grown->end(), std::make_move_iterator(newer.begin()),
                      std::make_move_iterator(newer.end()));
        read = std::move(grown);
    } else {
        read = std::make_shared<const std::vector<archive::Segment>>(reader_.between(
            recording->channel, rendition_name, recording->start_unix_ms, recording->end_unix_ms));
    }
    std::lock_guard lock(mutex_);
    if (cache_.size() >= kCachedTimelines && !cache_.contains(key)) cache_.erase(cache_.begin());
    cache_[key] = {snapshot->version, last_sequence, read};
    return read;
}

std::optional<double> RecordingArchive::media_time(std::int64_t meeting_id, std::int64_t unix_ms) {
    auto snapshot = store_.snapshot();
    const Recording* recording = snapshot->recording(meeting_id);
    if (!recording || unix_ms < recording->start_unix_ms ||
        (recording->end_unix_ms != 0 && unix_ms > recording->end_unix_ms)) {
        return std::nullopt;
    }
    auto timeline = segments(meeting_id, {});
    return archive::timeline_seconds(*timeline, target_duration_s_, unix_ms);
}

std::optional<std::int64_t> RecordingArchive::unix_ms_at(std::int64_t meeting_id, double seconds) {
    if (!store_.snapshot()->recording(meeting_id)) return std::nullopt;
    auto timeline = segments(meeting_id, {});
    return archive::timeline_unix_ms(*timeline, target_duration_s_, seconds);
}

void RecordingArchive::use_redactions(const RedactionStore& redactions) {
    redactions_ = &redactions;
}

std::vector<bool> RecordingArchive::hidden(std::int64_t meeting_id,
                                           std::span<const archive::Segment> segments) {
    if (!redactions_) return std::vector<bool>(segments.size(), false);
    const auto active = redactions_->snapshot()->active_of(meeting_id);
    return hidden_segments(segments, target_duration_s_, active);
}

std::vector<HiddenRange> RecordingArchive::hidden_ranges(std::int64_t meeting_id) {
    std::vector<HiddenRange> ranges;
    if (!redactions_ || redactions_->snapshot()->active_of(meeting_id).empty()) return ranges;
    auto timeline = segments(meeting_id, {});
    const std::vector<bool> flags = hidden(meeting_id, *timeline);
    std::int64_t at_ms = 0;
    bool open = false;
    for (std::size_t i = 0; i < timeline->size(); ++i) {
        const std::int64_t length_ms = archive::extinf_ms((*timeline)[i], target_duration_s_);
        if (flags[i]) {
            if (!open) ranges.push_back({at_ms / 1000.0, at_ms / 1000.0});
            open = true;
            ranges.back().to_s = (at_ms + length_ms) / 1000.0;
        } else {
            open = false;
        }
        at_ms += length_ms;
    }
    return ranges;
}

bool RecordingArchive::published(std::int64_t meeting_id) const {
    if (!store_.snapshot()->recording(meeting_id)) return false;
    return !redactions_ || redactions_->snapshot()->published(meeting_id);
}

std::int64_t RecordingArchive::redactions_version() const {
    return redactions_ ? redactions_->snapshot()->version : 0;
}

std::optional<RecordingMedia> RecordingArchive::media(std::int64_t meeting_id,
                                                      std::string_view rendition) {
    auto snapshot = store_.snapshot();
    const Recording* recording = snapshot->recording(meeting_id);
    if (!recording) return std::nullopt;
    const config::Channel* channel_config = channel(recording->channel);
    if (!channel_config) return std::nullopt;
    RecordingMedia media;
    media.meeting_id = meeting_id;
    if (const Meeting* meeting = council_.snapshot()->meeting(meeting_id)) {
        media.title = meeting->title;
    }
    media.start_unix_ms = recording->start_unix_ms;
    media.live = recording->state == RecordingState::kRecording;
    // The pictures' renditions: clips, stills and downloads are made from them, never from
    // an audio-only one.
    for (const auto& r : channel_config->renditions) {
        if (!r.audio_only) media.renditions.push_back(r.name);
    }
    media.rendition = rendition.empty() ? media.renditions.front() : std::string(rendition);
    if (std::find(media.renditions.begin(), media.renditions.end(), media.rendition) ==
        media.renditions.end()) {
        return std::nullopt;
    }
    media.published = published(meeting_id);
    auto timeline = segments(meeting_id, media.rendition);
    // A hidden segment is left out: every clip, picture and tile is made of what is left, and
    // the piece after it starts afresh as after a break.
    const std::vector<bool> hidden_flags = hidden(meeting_id, *timeline);
    std::int64_t at_ms = 0;
    for (std::size_t i = 0; i < timeline->size(); ++i) {
        const archive::Segment& segment = (*timeline)[i];
        const std::int64_t length_ms = archive::extinf_ms(segment, target_duration_s_);
        if (!hidden_flags[i]) {
            const bool after_gap = i > 0 && hidden_flags[i - 1];
            media.pieces.push_back(
                {media_root_ / segment.channel / segment.rendition / segment.file, at_ms / 1000.0,
                 length_ms / 1000.0,
                 i > 0 && (archive::follows_break((*timeline)[i - 1], segment) || after_gap)});
        }
        at_ms += length_ms;
    }
    media.duration_s = at_ms / 1000.0;
    return media;
}

RecordingMediaSource RecordingArchive::media_source() {
    return [this](std::int64_t meeting_id, std::string_view rendition) {
        return media(meeting_id, rendition);
    };
}

RecordingVisibilitySource RecordingArchive::visibility_source() {
    return [this](std::int64_t meeting_id) {
        return RecordingVisibility{published(meeting_id), redactions_version()};
    };
}

std::optional<RecordingTimeline> RecordingArchive::timeline(std::int64_t meeting_id) {
    auto snapshot = store_.snapshot();
    const Recording* recording = snapshot->recording(meeting_id);
    if (!recording) return std::nullopt;
    auto segments_of = segments(meeting_id, {});
    RecordingTimeline timeline;
    timeline.meeting_id = meeting_id;
    timeline.live = recording->state == RecordingState::kRecording;
    std::int64_t total_ms = 0;
    for (const auto& segment : *segments_of) {
        total_ms += archive::extinf_ms(segment, target_duration_s_);
    }
    timeline.duration_s = total_ms / 1000.0;
    // Where a wall-clock moment is on the timeline, if inside the span. While live, a mark made
    // now may be ahead of the segments indexed so far; once ended, nothing is past the end.
    // A mark inside a hidden (redacted) range is not shown.
    const auto hidden_now = hidden_ranges(meeting_id);
    auto place = [&](std::int64_t at_unix_ms) -> std::optional<double> {
        if (at_unix_ms < recording->start_unix_ms ||
            (recording->end_unix_ms != 0 && at_unix_ms > recording->end_unix_ms)) {
            return std::nullopt;
        }
        auto start = archive::timeline_seconds(*segments_of, target_duration_s_, at_unix_ms);
        if (!start || inside(hidden_now, *start)) return std::nullopt;
        return timeline.live ? *start : std::min(*start, timeline.duration_s);
    };
    for (const Chapter* chapter : snapshot->chapters_of(meeting_id)) {
        if (auto start = place(chapter->at_unix_ms)) {
            timeline.chapters.push_back({chapter->kind, chapter->title, *start});
        }
    }
    // Who spoke and the public notes are chapters too (kinds "speaker" and "note"): the chapter
    // list, chapters.vtt and the open data show them.
    const auto council = council_.snapshot();
    for (const SpeakerRange* speaker : snapshot->speakers_of(meeting_id)) {
        if (auto start = place(speaker->from_unix_ms)) {
            const std::string name = speaker_name(*council, *speaker);
            timeline.chapters.push_back({ChapterKind::kSpeaker, {name, name}, *start});
        }
    }
    for (const RecordingNote* note : snapshot->notes_of(meeting_id)) {
        if (!note->is_public) continue;
        if (auto start = place(note->from_unix_ms)) {
            timeline.chapters.push_back({ChapterKind::kNote, note->text, *start});
        }
    }
    std::stable_sort(
        timeline.chapters.begin(), timeline.chapters.end(),
        [](const TimelineChapter& a, const TimelineChapter& b) { return a.start_s < b.start_s; });
    return timeline;
}

std::vector<TimelineSpeech> RecordingArchive::speeches_of(std::int64_t member_id) {
    auto snapshot = store_.snapshot();
    std::vector<TimelineSpeech> speeches;
    for (auto it = snapshot->speakers.rbegin(); it != snapshot->speakers.rend(); ++it) {
        // The public's list: no unpublished recording, no speech that starts in a hidden range.
        if (it->member_id != member_id || !published(it->meeting_id)) continue;
        auto start = media_time(it->meeting_id, it->from_unix_ms);
        auto end = media_time(it->meeting_id, it->to_unix_ms);
        if (!start || inside(hidden_ranges(it->meeting_id), *start)) continue;
        speeches.push_back({it->meeting_id, *start, end ? *end : *start});
    }
    // Newest meeting first, and within a meeting in the order spoken.
    std::stable_sort(speeches.begin(), speeches.end(),
                     [](const TimelineSpeech& a, const TimelineSpeech& b) {
                         return a.meeting_id != b.meeting_id ? a.meeting_id > b.meeting_id
                                                             : a.start_s < b.start_s;
                     });
    return speeches;
}

std::int64_t RecordingArchive::version() {
    // A live recording's duration grows with every segment of its channel: the newest sequence
    // numbers count as a change too. Both only grow while the set of live recordings stays, and
    // that set changes only with the store's version.
    auto snapshot = store_.snapshot();
    std::int64_t sequences = 0;
    for (const auto& recording : snapshot->recordings) {
        if (recording.state != RecordingState::kRecording) continue;
        const config::Channel* channel_config = channel(recording.channel);
        if (!channel_config) continue;
        sequences +=
            1 + index_.last_sequence(recording.channel, channel_config->renditions.front().name);
    }
    std::lock_guard lock(mutex_);
    // Both versions only rise, so their sum does.
    const auto seen = std::make_pair(snapshot->version + redactions_version(), sequences);
    if (seen != summaries_seen_) {
        summaries_seen_ = seen;
        ++summaries_version_;
    }
    return summaries_version_;
}

std::vector<archive::KeptSpan> RecordingArchive::kept_spans() const {
    const auto redactions = redactions_ ? redactions_->snapshot() : nullptr;
    const std::int64_t kept_until =
        now_unix_ms() - config_.recordings.redaction_retention_days * kDayMs;
    std::vector<archive::KeptSpan> spans;
    for (const auto& recording : store_.snapshot()->recordings) {
        archive::KeptSpan span{
            recording.channel, recording.start_unix_ms,
            recording.state == RecordingState::kRecording ? 0 : recording.end_unix_ms};
        // A range hidden longer ago than the legal retention is cut out of the span: its
        // segments are then outside every recording. A segment partly outside it still
        // overlaps what is kept, and stays.
        std::vector<const Redaction*> expired;
        if (redactions) {
            for (const Redaction* redaction : redactions->active_of(recording.meeting_id)) {
                if (redaction->created_unix_ms < kept_until) expired.push_back(redaction);
            }
        }
        for (const auto& [from, to] : merged(expired)) {
            if (span.end_unix_ms != 0 && from >= span.end_unix_ms) break;
            if (to <= span.start_unix_ms) continue;
            if (from > span.start_unix_ms) {
                spans.push_back({span.channel, span.start_unix_ms, from});
            }
            span.start_unix_ms = to;
        }
        if (span.end_unix_ms == 0 || span.start_unix_ms < span.end_unix_ms) spans.push_back(span);
    }
    return spans;
}

}  // namespace councilcast::portal
