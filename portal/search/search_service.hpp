// Search over the council's record and what other rooms add: keeps an index built from the
// sources' current versions, rebuilding it on its own thread when they change and swapping the
// new one in whole, so a query never sees half an index.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>

#include "portal/council/council_snapshot.hpp"
#include "portal/pages/language.hpp"
#include "portal/search/search_document.hpp"
#include "portal/search/search_index.hpp"

namespace councilcast::portal {

class SearchService {
  public:
    using CouncilSnapshots = std::function<std::shared_ptr<const CouncilSnapshot>()>;

    // Builds the first index at once (the portal's start, before it serves), then starts the
    // thread that rebuilds it.
    SearchService(CouncilSnapshots council, SearchSources sources);
    ~SearchService();
    SearchService(const SearchService&) = delete;
    SearchService& operator=(const SearchService&) = delete;

    // A source may have changed: the index is rebuilt if it has. Returns at once.
    void refresh();

    // The hits of what a visitor typed (check_query() it first), `limit` from the `offset`-th,
    // in `language`, from the index as it is now (a change being indexed shows when it is
    // done). Nothing found when the text has no word.
    SearchResults search(std::string_view text, Language language, std::size_t limit,
                         std::size_t offset);

    // True once the index is built from what the sources hold now.
    bool current() const;
    // The index now in use.
    std::shared_ptr<const SearchIndex> index() const { return index_.load(); }

  private:
    SearchVersion source_version() const;
    std::shared_ptr<const SearchIndex> build() const;
    void run();

    CouncilSnapshots council_;
    SearchSources sources_;
    std::atomic<std::shared_ptr<const SearchIndex>> index_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool wanted_ = false;
    bool stopping_ = false;
    std::thread builder_;
};

}  // namespace councilcast::portal
