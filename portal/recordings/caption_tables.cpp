#include "portal/recordings/annotation_schema.hpp"

namespace councilcast::portal {

// Schema step 13: caption tracks and cues.
const std::string_view kCaptionTables = R"sql(
SELECT 1;
)sql";

}  // namespace councilcast::portal
