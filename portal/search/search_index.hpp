// One built search index: an in-memory SQLite FTS5 table of every document, never changed
// after it is built, queried from any thread (one query at a time).
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/database.hpp"
#include "portal/pages/language.hpp"
#include "portal/search/search_document.hpp"
#include "portal/search/search_query.hpp"

namespace councilcast::portal {

// The versions of what an index was built from: it is current while both still hold.
struct SearchVersion {
    std::int64_t council = 0;
    std::int64_t sources = 0;
    bool operator==(const SearchVersion&) const = default;
};

struct SearchHit {
    std::int64_t meeting_id = 0;
    std::string kind;
    // The title as HTML: the text escaped, the words that matched in <mark>.
    std::string title_html;
    std::string title;  // the same as plain text
    // Some words of the body around what matched, as HTML like the title; may be empty.
    std::string snippet_html;
    // The languages they are in: the page's where translated, else Lithuanian; a snippet is
    // in the language whose text matched when only the other language's did.
    Language title_language = Language::kLt;
    Language snippet_language = Language::kLt;
    std::optional<double> t;
};

// Matches are counted up to this; more is "more than" it.
inline constexpr std::size_t kMaxCounted = 1000;

struct SearchResults {
    // Every match, however many `hits` shows; kMaxCounted + 1 when there are more than that.
    std::size_t total = 0;
    std::vector<SearchHit> hits;  // best first (search_rank: a title's words weigh more)
};

class SearchIndex {
  public:
    // Builds the index of `documents` (which may take a while: off the network threads).
    SearchIndex(std::span<const SearchDocument> documents, SearchVersion version);
    SearchIndex(const SearchIndex&) = delete;
    SearchIndex& operator=(const SearchIndex&) = delete;

    SearchVersion version() const { return version_; }
    std::size_t size() const { return size_; }

    // The hits of `query` from the `offset`-th best, at most `limit`, with
    // texts in `language`.
    SearchResults search(const FtsQuery& query, Language language, std::size_t limit,
                         std::size_t offset) const;

  private:
    SearchVersion version_;
    std::size_t size_ = 0;
    // One connection, so one query at a time; a query takes about a millisecond.
    mutable std::mutex mutex_;
    mutable Database db_;
};

// Text that SQLite's highlight() or snippet() marked with kMarkStart/kMarkEnd as HTML: every
// character escaped, each marked stretch in <mark>. Documents are indexed without control
// characters, so no document text can open or close a mark.
std::string marked_html(std::string_view marked);
inline constexpr char kMarkStart = '\x02';
inline constexpr char kMarkEnd = '\x03';

}  // namespace councilcast::portal
