#include "portal/recordings/annotation_schema.hpp"

namespace councilcast::portal {

// Schema step 15: imports of older recordings.
const std::string_view kImportTables = R"sql(
SELECT 1;
)sql";

}  // namespace councilcast::portal
