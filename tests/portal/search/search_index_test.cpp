// The index as a resident meets it: Lithuanian forms and missing diacritics find the record,
// titles rank before bodies, snippets are escaped HTML whatever a document holds.
#include "portal/search/search_index.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "portal/search/search_query.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

SearchDocument document(std::int64_t meeting_id, std::string kind, std::string title_lt,
                        std::string body_lt = {}, std::string title_en = {},
                        std::string body_en = {}) {
    return {meeting_id,
            std::move(kind),
            {std::move(title_lt), std::move(title_en)},
            {std::move(body_lt), std::move(body_en)},
            std::nullopt};
}

SearchResults find(const SearchIndex& index, std::string_view text,
                   Language language = Language::kLt) {
    const auto match = fts_query(text);
    if (!match) return {};
    return index.search(*match, language, 20, 0);
}

std::vector<std::int64_t> meetings(const SearchResults& results) {
    std::vector<std::int64_t> ids;
    for (const auto& hit : results.hits) ids.push_back(hit.meeting_id);
    return ids;
}

const std::vector<SearchDocument> kRecord = {
    document(1, "agenda", "Dėl žemės sklypo Vievyje nuomos",
             "Siūloma išnuomoti žemės sklypą be aukciono."),
    document(2, "decision", "Dėl sprendimo projekto pakeitimo",
             "Tarybos sprendimą įgyvendinti pavedama administracijai."),
    document(3, "agenda", "Dėl posėdžio darbotvarkės", "Posėdis vyks Elektrėnų savivaldybėje."),
    document(4, "meeting", "Tarybos posėdis", "", "Council meeting"),
    document(5, "vote", "Biudžeto tvirtinimas", "", "Approving the budget",
             "The decisions on the budget"),
};

}  // namespace

TEST_CASE("Lithuanian forms and missing diacritics find the record") {
    const SearchIndex index(kRecord, {});
    CHECK(meetings(find(index, "sprendimas ")) == std::vector<std::int64_t>{2});  // sprendimą
    CHECK(meetings(find(index, "zemes ")) == std::vector<std::int64_t>{1});       // žemės
    CHECK(meetings(find(index, "žemė ")) == std::vector<std::int64_t>{1});        // žemės
    CHECK(meetings(find(index, "ŽEMĖS SKLYPAS ")) == std::vector<std::int64_t>{1});
    CHECK(meetings(find(index, "biudzetas ")) == std::vector<std::int64_t>{5});
    // The stemmer joins "posėdžio" and "posėdis" only with diacritics; without them the
    // folded forms meet themselves.
    auto sittings = meetings(find(index, "posėdžio "));
    std::sort(sittings.begin(), sittings.end());
    CHECK(sittings == std::vector<std::int64_t>{3, 4});
    CHECK(meetings(find(index, "posedzio ")) == std::vector<std::int64_t>{3});
    CHECK(find(index, "lietus ").hits.empty());
}

TEST_CASE("English text is stemmed as English too") {
    const SearchIndex index(kRecord, {});
    CHECK(meetings(find(index, "decision ", Language::kEn)) == std::vector<std::int64_t>{5});
    CHECK(meetings(find(index, "budgets ", Language::kEn)) == std::vector<std::int64_t>{5});
}

TEST_CASE("a word being typed finds the words it begins") {
    const SearchIndex index(kRecord, {});
    CHECK(meetings(find(index, "sprendi")) == std::vector<std::int64_t>{2});
    CHECK(meetings(find(index, "zemes skl")) == std::vector<std::int64_t>{1});
    CHECK(find(index, "zemes skl ").hits.empty());
}

TEST_CASE("a title's words rank before a body's") {
    const std::vector<SearchDocument> documents = {
        document(1, "agenda", "Dėl atliekų tvarkymo", "Šildymo kainos lieka tos pačios."),
        document(2, "agenda", "Dėl šildymo kainų", "Kainos nustatomos metams."),
        document(3, "agenda", "Dėl kelių", "Gatvių priežiūra ir šildymo trasos."),
    };
    const SearchIndex index(documents, {});
    const auto results = find(index, "šildymas ");
    REQUIRE(results.total == 3);
    CHECK(results.hits[0].meeting_id == 2);
}

TEST_CASE("titles and snippets are escaped HTML with the matched words in <mark>") {
    const std::vector<SearchDocument> documents = {document(
        7, "agenda", "<script>alert(1)</script> biudžetas & \"kita\"",
        "Prieš <b>biudžetą</b> \x02 buvo <mark>svarstyta</mark>\x03 </p> <img src=x onerror=1>")};
    const SearchIndex index(documents, {});
    const auto results = find(index, "biudžetas ");
    REQUIRE(results.hits.size() == 1);
    const SearchHit& hit = results.hits[0];
    CHECK(hit.title_html ==
          "&lt;script&gt;alert(1)&lt;/script&gt; <mark>biudžetas</mark> &amp; &quot;kita&quot;");
    CHECK(hit.title == "<script>alert(1)</script> biudžetas & \"kita\"");
    CHECK(
        hit.snippet_html ==
        "Prieš &lt;b&gt;<mark>biudžetą</mark>&lt;/b&gt;   buvo &lt;mark&gt;svarstyta&lt;/mark&gt;  "
        "&lt;/p&gt; &lt;img src=x onerror=1&gt;");
    // Stray marks never leave an element open.
    CHECK(marked_html("a\x03 b \x02"
                      "c") == "a b <mark>c</mark>");
}

TEST_CASE("an English page shows the English text, or marks the Lithuanian one") {
    const SearchIndex index(kRecord, {});
    auto results = find(index, "tarybos posėdis ", Language::kEn);
    REQUIRE(results.hits.size() == 1);
    CHECK(results.hits[0].title == "Council meeting");
    CHECK(results.hits[0].title_language == Language::kEn);
    results = find(index, "sklypas ", Language::kEn);
    REQUIRE(results.hits.size() == 1);
    CHECK(results.hits[0].title == "Dėl žemės sklypo Vievyje nuomos");
    CHECK(results.hits[0].title_language == Language::kLt);
    CHECK(results.hits[0].snippet_language == Language::kLt);
    // A body found only in the other language is the one the snippet shows.
    results = find(index, "budget ", Language::kLt);
    REQUIRE(results.hits.size() == 1);
    CHECK(results.hits[0].title == "Biudžeto tvirtinimas");
    CHECK(results.hits[0].snippet_language == Language::kEn);
    CHECK(results.hits[0].snippet_html == "The decisions on the <mark>budget</mark>");
}

TEST_CASE("punctuation and FTS5 syntax never fail a query") {
    const SearchIndex index(kRecord, {});
    for (std::string_view text :
         {"—", "„“ ", "žemės — ", "* ", "NEAR( ", "\"\"\"", "title:žemės", "- - -", "AND OR NOT"}) {
        CAPTURE(text);
        CHECK_NOTHROW(find(index, text));
    }
    CHECK(find(index, "— žemės ").hits.empty());
}

TEST_CASE("results come a page at a time with the total") {
    std::vector<SearchDocument> documents;
    for (int i = 1; i <= 45; ++i) documents.push_back(document(i, "agenda", "Dėl biudžeto"));
    const SearchIndex index(documents, {});
    const auto match = *fts_query("biudžetas ");
    CHECK(index.search(match, Language::kLt, 20, 0).hits.size() == 20);
    const auto last = index.search(match, Language::kLt, 20, 40);
    CHECK(last.total == 45);
    CHECK(last.hits.size() == 5);
    CHECK(index.search(match, Language::kLt, 20, 60).hits.empty());
}

TEST_CASE("matches are counted up to a bound") {
    std::vector<SearchDocument> documents;
    for (int i = 1; i <= 1005; ++i) documents.push_back(document(i, "agenda", "Dėl kelio"));
    const SearchIndex index(documents, {});
    const auto results = index.search(*fts_query("kelias "), Language::kLt, 20, 0);
    CHECK(results.total == kMaxCounted + 1);
    CHECK(results.hits.size() == 20);
}
