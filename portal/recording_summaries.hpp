// The meetings' recordings as publish shows them (its RecordingSummary), made from the
// recordings room's timelines: publish and recordings never include each other.
#pragma once

#include "portal/publish/recording_summary.hpp"
#include "portal/recordings/caption_store.hpp"
#include "portal/recordings/recording_archive.hpp"

namespace councilcast::portal {

// Functions over `archive` and `captions` (not owned; they outlive them).
RecordingSummaries recording_summaries(RecordingArchive& archive, const CaptionStore& captions);

}  // namespace councilcast::portal
