// Reading the council's tables into a snapshot, for CouncilStore to publish after each write.
#pragma once

#include <memory>

#include "common/database.hpp"
#include "portal/council/council_snapshot.hpp"

namespace councilcast::portal {

// Reads every table whole, inside one read transaction so the snapshot is consistent; indexed,
// its version and publication time left for the publisher to set.
std::shared_ptr<CouncilSnapshot> load_council_snapshot(Database& db);

}  // namespace councilcast::portal
