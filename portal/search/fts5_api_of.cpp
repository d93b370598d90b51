#include "portal/search/fts5_api_of.hpp"

#include "common/c_ptr.hpp"
#include "common/error.hpp"

namespace councilcast::portal {

fts5_api* fts5_api_of(sqlite3* db) {
    // SQLite's documented way: the pointer comes back through a bound pointer of this type.
    fts5_api* api = nullptr;
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &raw, nullptr) != SQLITE_OK) {
        throw Error("SQLite has no FTS5: search needs it");
    }
    CPtr<&sqlite3_finalize> statement(raw);
    sqlite3_bind_pointer(statement.get(), 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(statement.get());
    if (!api || api->iVersion < 2) throw Error("SQLite has no FTS5: search needs it");
    return api;
}

}  // namespace councilcast::portal
