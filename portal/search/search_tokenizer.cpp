#include "portal/search/search_tokenizer.hpp"

#include <libstemmer.h>

#include <array>
#include <new>
#include <string>

#include "common/c_ptr.hpp"
#include "common/error.hpp"
#include "portal/search/fts5_api_of.hpp"

namespace councilcast::portal {
namespace {

// Longer "words" (a pasted address, a hash) are kept as they are: no stemmer knows them, and
// it bounds the stemmers' work per token.
constexpr int kMaxStemmedBytes = 64;

// Why both orders of folding and stemming, as colocated tokens (FTS5's synonyms), in the index
// and in the query alike:
// - fold, then stem: what a resident types without diacritics ("zemes", "posedzio") and the
//   record's "žemės", "posėdžio" become the same word before the stemmer sees either, so they
//   always meet ("zem", "posedz");
// - stem, then fold: Snowball's Lithuanian stemmer knows endings by their diacritics, and only
//   with them does it join forms whose stem changes ("posėdžio" and "posėdis" are both
//   "posėd"; folded first they are "posedz" and "posed"), so someone typing diacritics finds
//   every form.
// Each order alone passes "sprendimas"/"sprendimą", "zemes"/"žemės" and "žemė"/"žemės", but
// each fails the other's cases above; with both a query matches when any of its forms does.
// English texts go through the same tokenizer: FTS5 gives a tokenizer no column, so a third
// colocated form is Snowball's English stem of the folded word ("decision" and "decisions" are
// "decis"; the Lithuanian stemmer makes them "decis" and "decision"). It rarely makes a
// Lithuanian word meet an unrelated one, since both forms above must miss as well.
struct Tokenizer {
    fts5_tokenizer unicode{};
    Fts5Tokenizer* words = nullptr;   // unicode61 remove_diacritics 0: lower case, "žemės"
    Fts5Tokenizer* folder = nullptr;  // unicode61 remove_diacritics 2: "zemes"
    CPtr<&sb_stemmer_delete> lithuanian{sb_stemmer_new("lithuanian", "UTF_8")};
    CPtr<&sb_stemmer_delete> english{sb_stemmer_new("english", "UTF_8")};

    Tokenizer() = default;
    Tokenizer(const Tokenizer&) = delete;
    Tokenizer& operator=(const Tokenizer&) = delete;
    ~Tokenizer() {
        if (words) unicode.xDelete(words);
        if (folder) unicode.xDelete(folder);
    }
};

std::string stem(sb_stemmer* stemmer, const std::string& word) {
    if (word.size() > kMaxStemmedBytes) return word;
    const sb_symbol* stemmed = sb_stemmer_stem(
        stemmer, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
    if (!stemmed) throw std::bad_alloc();
    const int length = sb_stemmer_length(stemmer);
    if (length <= 0) return word;
    return std::string(reinterpret_cast<const char*>(stemmed), static_cast<std::size_t>(length));
}

int collect(void* context, int, const char* token, int length, int, int) noexcept {
    try {
        static_cast<std::string*>(context)->append(token, static_cast<std::size_t>(length));
        return SQLITE_OK;
    } catch (...) {
        return SQLITE_NOMEM;
    }
}

std::string fold(Tokenizer& tokenizer, const std::string& word) {
    std::string folded;
    const int rc =
        tokenizer.unicode.xTokenize(tokenizer.folder, &folded, FTS5_TOKENIZE_DOCUMENT, word.data(),
                                    static_cast<int>(word.size()), &collect);
    if (rc != SQLITE_OK) throw std::bad_alloc();
    return folded;
}

using TokenCallback = int (*)(void*, int, const char*, int, int, int);

struct Emit {
    Tokenizer& tokenizer;
    void* context;
    TokenCallback token;
    int flags;
};

int emit_forms(void* context, int, const char* token, int length, int start, int end) noexcept {
    auto& emit = *static_cast<Emit*>(context);
    try {
        const std::string word(token, static_cast<std::size_t>(length));
        const std::string folded = fold(emit.tokenizer, word);
        if (folded.empty()) return SQLITE_OK;
        auto send = [&](const std::string& form, int tflags) {
            return emit.token(emit.context, tflags, form.data(), static_cast<int>(form.size()),
                              start, end);
        };
        // A prefix the visitor is still typing is no word yet: stemming would cut it short.
        if (emit.flags & FTS5_TOKENIZE_PREFIX) return send(folded, 0);
        const std::array<std::string, 3> forms = {
            stem(emit.tokenizer.lithuanian.get(), folded),
            fold(emit.tokenizer, stem(emit.tokenizer.lithuanian.get(), word)),
            stem(emit.tokenizer.english.get(), folded)};
        for (std::size_t i = 0; i < forms.size(); ++i) {
            bool repeated = false;
            for (std::size_t j = 0; j < i; ++j) repeated = repeated || forms[j] == forms[i];
            if (repeated || forms[i].empty()) continue;
            if (int rc = send(forms[i], i == 0 ? 0 : FTS5_TOKEN_COLOCATED); rc != SQLITE_OK) {
                return rc;
            }
        }
        return SQLITE_OK;
    } catch (...) {
        return SQLITE_NOMEM;
    }
}

int create(void* api_pointer, const char**, int, Fts5Tokenizer** out) noexcept {
    try {
        auto* api = static_cast<fts5_api*>(api_pointer);
        auto tokenizer = std::make_unique<Tokenizer>();
        if (!tokenizer->lithuanian || !tokenizer->english) return SQLITE_NOMEM;
        void* unicode_context = nullptr;
        if (int rc = api->xFindTokenizer(api, "unicode61", &unicode_context, &tokenizer->unicode);
            rc != SQLITE_OK) {
            return rc;
        }
        const char* keep[] = {"remove_diacritics", "0"};
        const char* remove[] = {"remove_diacritics", "2"};
        if (int rc = tokenizer->unicode.xCreate(unicode_context, keep, 2, &tokenizer->words);
            rc != SQLITE_OK) {
            return rc;
        }
        if (int rc = tokenizer->unicode.xCreate(unicode_context, remove, 2, &tokenizer->folder);
            rc != SQLITE_OK) {
            return rc;
        }
        *out = reinterpret_cast<Fts5Tokenizer*>(tokenizer.release());
        return SQLITE_OK;
    } catch (...) {
        return SQLITE_NOMEM;
    }
}

void destroy(Fts5Tokenizer* handle) noexcept {
    delete reinterpret_cast<Tokenizer*>(handle);
}

int tokenize(Fts5Tokenizer* handle, void* context, int flags, const char* text, int length,
             TokenCallback token) noexcept {
    auto& tokenizer = *reinterpret_cast<Tokenizer*>(handle);
    Emit emit{tokenizer, context, token, flags};
    return tokenizer.unicode.xTokenize(tokenizer.words, &emit, flags, text, length, &emit_forms);
}

fts5_tokenizer kModule = {&create, &destroy, &tokenize};

}  // namespace

void register_search_tokenizer(sqlite3* db) {
    fts5_api* api = fts5_api_of(db);
    if (api->xCreateTokenizer(api, kSearchTokenizer.data(), api, &kModule, nullptr) != SQLITE_OK) {
        throw Error("could not register the search tokenizer");
    }
}

}  // namespace councilcast::portal
