// The database file's one ordered list of migrations, gathered from the modules that own tables.
#pragma once

#include "common/database.hpp"

namespace councilcast::portal {

// Brings the database to the current schema; returns how many migrations ran. Throws Error for a
// database newer than this program (an older binary must not touch it).
int migrate_database(Database& db);

}  // namespace councilcast::portal
