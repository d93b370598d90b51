// The search index's ranking function, registered on a connection as the FTS5 auxiliary
// function search_rank(table, rarity, weight of each column...).
#pragma once

#include <sqlite3.h>

namespace councilcast::portal {

// Registers search_rank on `db` through its fts5_api. Like FTS5's bm25() it returns a negative
// score (ORDER BY it ascending, best first): for each phrase of the query, its inverse document
// frequency times, in each column, the column's weight times the saturated term frequency
// tf (k1 + 1) / (tf + k1), k1 = 1.2. It is bm25 with b = 0: no document-length normalisation.
// Why: bm25() reads each matching row's column sizes from the %_docsize table, and for a word
// thousands of documents hold that lookup was three quarters of a query's time (p95 far above
// 10 ms on a decade's archive, bench/search_bench). Our documents are titles and paragraphs of
// similar length, and the column weights put a title's words first, so the lengths add little.
// `rarity` 0 takes every IDF as 1: finding them is a pass over each phrase's documents, which
// one word (sought as a word, and as a prefix while typed) does not need, and a query typed a
// letter at a time cannot afford.
// Throws councilcast::Error when SQLite has no FTS5.
void register_search_rank(sqlite3* db);

}  // namespace councilcast::portal
