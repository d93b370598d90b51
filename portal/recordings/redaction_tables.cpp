#include "portal/recordings/annotation_schema.hpp"

namespace councilcast::portal {

// Schema step 14: redactions and publishing.
const std::string_view kRedactionTables = R"sql(
SELECT 1;
)sql";

}  // namespace councilcast::portal
