#include "portal/search/search_index.hpp"

#include "portal/http/responses.hpp"
#include "portal/search/search_rank.hpp"
#include "portal/search/search_tokenizer.hpp"

namespace councilcast::portal {
namespace {

// Titles are what a document is about: a word in one weighs as ten in its body (search_rank's
// column weights, in the columns' order).
constexpr std::string_view kSchema = R"(
CREATE VIRTUAL TABLE search USING fts5(
    title_lt, body_lt, title_en, body_en,
    meeting_id UNINDEXED, kind UNINDEXED, t UNINDEXED,
    tokenize = 'councilcast', prefix = '2 3'
);
)";

constexpr std::string_view kInsert =
    "INSERT INTO search(title_lt, body_lt, title_en, body_en, meeting_id, kind, t) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

// Counted up to one past kMaxCounted: past that a visitor learns "more than", and a word in
// every document is not counted to the end on every query.
constexpr std::string_view kCount =
    "SELECT count(*) FROM (SELECT 1 FROM search WHERE search MATCH ?1 LIMIT ?2)";

// The best hits' row ids. Ranked apart from their texts: SQLite would compute every selected
// column (highlights, snippets) of every match before sorting, which for a common word is
// thousands of snippets for the twenty shown (ten times slower; see bench/search_bench).
constexpr std::string_view kBest =
    "SELECT rowid FROM search WHERE search MATCH ?1 "
    "ORDER BY search_rank(search, ?4, 10.0, 1.0, 10.0, 1.0) LIMIT ?2 OFFSET ?3";

// One hit's texts: the titles highlighted, about 24 words of each body around its best match.
constexpr std::string_view kHit =
    "SELECT meeting_id, kind, t, title_en = '', body_en = '', "
    "highlight(search, 0, char(2), char(3)), snippet(search, 1, char(2), char(3), '…', 24), "
    "highlight(search, 2, char(2), char(3)), snippet(search, 3, char(2), char(3), '…', 24), "
    "title_lt, title_en "
    "FROM search WHERE search MATCH ?1 AND rowid = ?2";

// Control characters become spaces: the marks snippet() and highlight() set are two of them,
// and a document must not be able to set its own.
std::string clean(const std::string& text) {
    std::string cleaned = text;
    for (char& c : cleaned) {
        if (static_cast<unsigned char>(c) < 0x20 || c == '\x7f') c = ' ';
    }
    return cleaned;
}

}  // namespace

std::string marked_html(std::string_view marked) {
    std::string html;
    html.reserve(marked.size() + 32);
    bool open = false;
    for (std::size_t start = 0; start <= marked.size();) {
        const std::size_t mark = marked.find_first_of(std::string_view("\x02\x03", 2), start);
        html +=
            html_escape(marked.substr(start, mark == std::string_view::npos ? mark : mark - start));
        if (mark == std::string_view::npos) break;
        // Marks come in pairs; a stray one is dropped rather than nesting or leaving one open.
        if (marked[mark] == kMarkStart && !open) {
            html += "<mark>";
            open = true;
        } else if (marked[mark] == kMarkEnd && open) {
            html += "</mark>";
            open = false;
        }
        start = mark + 1;
    }
    if (open) html += "</mark>";
    return html;
}

SearchIndex::SearchIndex(std::span<const SearchDocument> documents, SearchVersion version)
    : version_(version), size_(documents.size()), db_(":memory:") {
    register_search_tokenizer(db_.handle());
    register_search_rank(db_.handle());
    db_.exec(kSchema);
    db_.exec("BEGIN");
    for (const SearchDocument& document : documents) {
        auto insert = db_.cached(kInsert);
        insert.bind(1, clean(document.title.lt))
            .bind(2, clean(document.body.lt))
            .bind(3, clean(document.title.en))
            .bind(4, clean(document.body.en))
            .bind(5, document.meeting_id)
            .bind(6, std::string_view(document.kind))
            .bind(7, document.t);
        insert.run();
    }
    db_.exec("COMMIT");
    // One b-tree per term instead of a segment per flush: the fastest shape for queries.
    db_.exec("INSERT INTO search(search) VALUES ('optimize')");
}

SearchResults SearchIndex::search(const FtsQuery& query, Language language, std::size_t limit,
                                  std::size_t offset) const {
    const std::string& match = query.match;
    std::lock_guard lock(mutex_);
    SearchResults results;
    {
        auto count = db_.cached(kCount);
        count.bind(1, std::string_view(match)).bind(2, static_cast<std::int64_t>(kMaxCounted + 1));
        if (count.step()) results.total = static_cast<std::size_t>(count.column_int(0));
    }
    if (results.total <= offset || limit == 0) return results;
    std::vector<std::int64_t> best;
    {
        auto rows = db_.cached(kBest);
        rows.bind(1, std::string_view(match))
            .bind(2, static_cast<std::int64_t>(limit))
            .bind(3, static_cast<std::int64_t>(offset))
            // Weighing the words' rarity takes a pass over each word's documents (and every
            // word a prefix begins): worth it for a submitted query of several words, too
            // slow for one typed a letter at a time.
            .bind(4, query.words > 1 && !query.prefix ? 1 : 0);
        while (rows.step()) best.push_back(rows.column_int(0));
    }
    for (const std::int64_t rowid : best) {
        auto hits = db_.cached(kHit);
        hits.bind(1, std::string_view(match)).bind(2, rowid);
        if (!hits.step()) continue;
        SearchHit hit;
        hit.meeting_id = hits.column_int(0);
        hit.kind = hits.column_text(1);
        if (!hits.column_is_null(2)) hit.t = hits.column_double(2);
        // An English page shows the Lithuanian text where nobody has translated it.
        const bool english_title = language == Language::kEn && hits.column_int(3) == 0;
        const bool english_body_exists = hits.column_int(4) == 0;
        hit.title_html = marked_html(hits.column_text(english_title ? 7 : 5));
        hit.title = hits.column_text(english_title ? 10 : 9);
        hit.title_language = english_title ? Language::kEn : Language::kLt;
        // The body in the page's language, unless only the other one has the words sought: a
        // snippet should show why the document was found.
        const std::string lithuanian_body = hits.column_text(6);
        const std::string english_body = english_body_exists ? hits.column_text(8) : "";
        auto marked = [](const std::string& text) { return text.find(kMarkStart) != text.npos; };
        bool english = language == Language::kEn && english_body_exists;
        if (english && !marked(english_body) && marked(lithuanian_body)) english = false;
        if (!english && english_body_exists && !marked(lithuanian_body) && marked(english_body)) {
            english = true;
        }
        hit.snippet_html = marked_html(english ? english_body : lithuanian_body);
        hit.snippet_language = english ? Language::kEn : Language::kLt;
        results.hits.push_back(std::move(hit));
    }
    return results;
}

}  // namespace councilcast::portal
