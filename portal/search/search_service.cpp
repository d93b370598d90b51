#include "portal/search/search_service.hpp"

#include <spdlog/spdlog.h>

#include "portal/search/council_documents.hpp"
#include "portal/search/search_query.hpp"

namespace councilcast::portal {

SearchService::SearchService(CouncilSnapshots council, SearchSources sources)
    : council_(std::move(council)), sources_(std::move(sources)) {
    index_.store(build());
    builder_ = std::thread([this] { run(); });
}

SearchService::~SearchService() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    builder_.join();
}

SearchVersion SearchService::source_version() const {
    return {council_()->version, sources_.version ? sources_.version() : 0};
}

std::shared_ptr<const SearchIndex> SearchService::build() const {
    // The versions are read before the documents: a change made meanwhile leaves the index a
    // version behind, which the next refresh sees and rebuilds.
    const SearchVersion version = source_version();
    const auto council = council_();
    std::vector<SearchDocument> documents = council_documents(*council, sources_);
    if (sources_.extra) {
        auto extra = sources_.extra();
        documents.insert(documents.end(), std::make_move_iterator(extra.begin()),
                         std::make_move_iterator(extra.end()));
    }
    return std::make_shared<const SearchIndex>(documents, version);
}

void SearchService::refresh() {
    {
        std::lock_guard lock(mutex_);
        wanted_ = true;
    }
    wake_.notify_one();
}

bool SearchService::current() const {
    return index_.load()->version() == source_version();
}

void SearchService::run() {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [this] { return wanted_ || stopping_; });
        if (stopping_) return;
        wanted_ = false;
        lock.unlock();
        try {
            // Several changes in a row need one build: whatever is current when it starts.
            if (!current()) index_.store(build());
        } catch (const std::exception& e) {
            // The last index keeps answering; the next change tries again.
            spdlog::error("[search] rebuilding the index failed: {}", e.what());
        }
        lock.lock();
    }
}

SearchResults SearchService::search(std::string_view text, Language language, std::size_t limit,
                                    std::size_t offset) {
    const auto index = index_.load();
    // A source whose change reached no listener is caught here; this answer still comes from
    // the index in hand.
    if (index->version() != source_version()) refresh();
    const auto query = fts_query(text);
    if (!query) return {};
    return index->search(*query, language, limit, offset);
}

}  // namespace councilcast::portal
