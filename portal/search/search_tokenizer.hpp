// The search index's FTS5 tokenizer: unicode61's words, folded and stemmed for Lithuanian (and
// English), registered on a connection as "councilcast".
#pragma once

#include <sqlite3.h>

#include <string_view>

namespace councilcast::portal {

// The name a table gives in `tokenize = '…'`.
inline constexpr std::string_view kSearchTokenizer = "councilcast";

// Registers the tokenizer on `db` through its fts5_api. Throws councilcast::Error when the
// SQLite library has no FTS5.
void register_search_tokenizer(sqlite3* db);

}  // namespace councilcast::portal
