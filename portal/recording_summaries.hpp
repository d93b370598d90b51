// The meetings' recordings as publish shows them (its RecordingSummary), made from the
// recordings room's timelines: publish and recordings never include each other.
#pragma once

#include "portal/publish/recording_summary.hpp"
#include "portal/recordings/recording_archive.hpp"

namespace councilcast::portal {

// Functions over `archive` (not owned; it outlives them).
RecordingSummaries recording_summaries(RecordingArchive& archive);

}  // namespace councilcast::portal
