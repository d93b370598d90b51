// The schema steps of the recordings' annotation (issue 13): each part's tables in a file of
// its own, so each part changes only its own step.
#pragma once

#include <string_view>

namespace councilcast::portal {

extern const std::string_view kAnnotationTables;      // 12: chapter edits, speakers, notes, undo
extern const std::string_view kCaptionTables;         // 13: caption tracks and cues
extern const std::string_view kRedactionTables;       // 14: redactions, publishing
extern const std::string_view kImportTables;          // 15: imports of older recordings
extern const std::string_view kImportPictureColumns;  // 16: a remuxed import's own picture

}  // namespace councilcast::portal
