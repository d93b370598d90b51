#include "portal/search/search_rank.hpp"

#include <cmath>
#include <memory>
#include <vector>

#include "common/error.hpp"
#include "portal/search/fts5_api_of.hpp"

namespace councilcast::portal {
namespace {

constexpr double kK1 = 1.2;
// A phrase in more than half the documents would get a negative IDF; like bm25(), it still
// counts a little.
constexpr double kMinimumIdf = 1e-6;

int count_row(const Fts5ExtensionApi*, Fts5Context*, void* rows) noexcept {
    ++*static_cast<sqlite3_int64*>(rows);
    return SQLITE_OK;
}

void free_idf(void* idf) noexcept {
    delete static_cast<std::vector<double>*>(idf);
}

// Each phrase's IDF, computed once per query and kept with it.
const std::vector<double>* phrase_idf(const Fts5ExtensionApi* api, Fts5Context* context,
                                      bool rarity) {
    if (auto* kept = static_cast<const std::vector<double>*>(api->xGetAuxdata(context, 0))) {
        return kept;
    }
    const int phrases = api->xPhraseCount(context);
    auto idf = std::make_unique<std::vector<double>>(static_cast<std::size_t>(phrases), 1.0);
    // One phrase alone orders the same whatever its IDF: its pass over the index is skipped.
    if (rarity && phrases > 1) {
        sqlite3_int64 total = 0;
        if (api->xRowCount(context, &total) != SQLITE_OK) return nullptr;
        for (int phrase = 0; phrase < phrases; ++phrase) {
            sqlite3_int64 rows = 0;
            if (api->xQueryPhrase(context, phrase, &rows, &count_row) != SQLITE_OK) return nullptr;
            const double n = static_cast<double>(rows);
            (*idf)[static_cast<std::size_t>(phrase)] =
                std::max(kMinimumIdf, std::log((static_cast<double>(total) - n + 0.5) / (n + 0.5)));
        }
    }
    auto* kept = idf.get();
    if (api->xSetAuxdata(context, idf.release(), &free_idf) != SQLITE_OK) return nullptr;
    return kept;
}

void rank(const Fts5ExtensionApi* api, Fts5Context* context, sqlite3_context* result,
          int value_count, sqlite3_value** values) noexcept {
    try {
        const bool rarity = value_count > 0 && sqlite3_value_int(values[0]) != 0;
        const std::vector<double>* idf = phrase_idf(api, context, rarity);
        if (!idf) {
            sqlite3_result_error(result, "search_rank: could not read the index", -1);
            return;
        }
        const int columns = api->xColumnCount(context);
        std::vector<double> weight(static_cast<std::size_t>(columns), 1.0);
        for (int i = 1; i < value_count && i <= columns; ++i) {
            weight[static_cast<std::size_t>(i - 1)] = sqlite3_value_double(values[i]);
        }
        std::vector<int> frequency(static_cast<std::size_t>(columns));
        double score = 0;
        for (int phrase = 0; phrase < api->xPhraseCount(context); ++phrase) {
            std::fill(frequency.begin(), frequency.end(), 0);
            Fts5PhraseIter iterator;
            int column = -1;
            int offset = -1;
            for (api->xPhraseFirst(context, phrase, &iterator, &column, &offset); column >= 0;
                 api->xPhraseNext(context, &iterator, &column, &offset)) {
                ++frequency[static_cast<std::size_t>(column)];
            }
            for (int c = 0; c < columns; ++c) {
                const double tf = frequency[static_cast<std::size_t>(c)];
                if (tf == 0) continue;
                score += (*idf)[static_cast<std::size_t>(phrase)] *
                         weight[static_cast<std::size_t>(c)] * tf * (kK1 + 1) / (tf + kK1);
            }
        }
        sqlite3_result_double(result, -score);
    } catch (...) {
        sqlite3_result_error_nomem(result);
    }
}

}  // namespace

void register_search_rank(sqlite3* db) {
    fts5_api* api = fts5_api_of(db);
    if (api->xCreateFunction(api, "search_rank", nullptr, &rank, nullptr) != SQLITE_OK) {
        throw Error("could not register the search ranking function");
    }
}

}  // namespace councilcast::portal
