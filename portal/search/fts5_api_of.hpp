// The FTS5 extension API of a connection, through which the search room registers its
// tokenizer and ranking function.
#pragma once

#include <sqlite3.h>

namespace councilcast::portal {

// Throws councilcast::Error when SQLite has no FTS5 (or an FTS5 older than version 2).
fts5_api* fts5_api_of(sqlite3* db);

}  // namespace councilcast::portal
