// The service keeps its index current: a change of the record or of another source is indexed
// on the service's thread and swapped in whole, while queries go on against the old one.
#include "portal/search/search_service.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

using namespace councilcast;
using namespace councilcast::portal;
using namespace std::chrono_literals;

namespace {

std::shared_ptr<const CouncilSnapshot> record(std::int64_t version, std::string item_title) {
    auto snapshot = std::make_shared<CouncilSnapshot>();
    snapshot->version = version;
    snapshot->meetings.push_back({.id = 1, .title = {"Tarybos posėdis", "Council meeting"}});
    snapshot->agenda_items.push_back({.id = 10,
                                      .meeting_id = 1,
                                      .position = 1,
                                      .title = {std::move(item_title), ""},
                                      .rapporteur = "Jonas Jonaitis",
                                      .description = {"**Svarbu**: sklypas Vievyje.", ""}});
    snapshot->decisions.push_back({.id = 20,
                                   .agenda_item_id = 10,
                                   .number = "TS-12",
                                   .text = {"Pritarti sprendimui.", "Adopted."}});
    snapshot->index();
    return snapshot;
}

// Waits for `condition` for at most five seconds.
bool eventually(const std::function<bool()>& condition) {
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) return true;
        std::this_thread::yield();
    }
    return condition();
}

}  // namespace

TEST_CASE("the council's record is searchable, with its agenda items' moments") {
    std::atomic<std::shared_ptr<const CouncilSnapshot>> council = record(1, "Dėl žemės nuomos");
    SearchSources sources;
    sources.agenda_moment = [](std::int64_t meeting_id, std::int64_t item_id) {
        return meeting_id == 1 && item_id == 10 ? std::optional<double>(754.5) : std::nullopt;
    };
    SearchService service([&] { return council.load(); }, sources);
    auto results = service.search("zemes ", Language::kLt, 20, 0);
    REQUIRE(results.hits.size() == 2);  // the agenda item and its decision
    CHECK(results.hits[0].kind == "agenda");
    CHECK(results.hits[0].t == 754.5);
    CHECK(results.hits[1].kind == "decision");
    CHECK(results.hits[1].title == "TS-12: Dėl žemės nuomos");
    // Markdown is indexed as its words, without its markup.
    results = service.search("sklypas ", Language::kLt, 20, 0);
    REQUIRE(results.hits.size() == 1);
    CHECK(results.hits[0].snippet_html.find("**") == std::string::npos);
    CHECK(service.search("Jonaitis ", Language::kLt, 20, 0).total == 1);
}

TEST_CASE("a change is indexed on the service's thread and swapped in") {
    std::atomic<std::shared_ptr<const CouncilSnapshot>> council = record(1, "Dėl žemės nuomos");
    std::atomic<std::int64_t> votes_version = 1;
    SearchSources sources;
    sources.version = [&] { return votes_version.load(); };
    sources.extra = [&] {
        std::vector<SearchDocument> documents;
        if (votes_version.load() > 1) {
            documents.push_back({1, "vote", {"Balsavimas dėl biudžeto", ""}, {}, 3600.0});
        }
        return documents;
    };
    SearchService service([&] { return council.load(); }, sources);
    CHECK(service.current());
    CHECK(service.search("biudzetas ", Language::kLt, 20, 0).hits.empty());

    votes_version = 2;
    // The query that notices the change still answers from the index in hand.
    CHECK_FALSE(service.current());
    service.search("biudzetas ", Language::kLt, 20, 0);
    REQUIRE(eventually([&] { return service.current(); }));
    auto results = service.search("biudzetas ", Language::kLt, 20, 0);
    REQUIRE(results.hits.size() == 1);
    CHECK(results.hits[0].t == 3600.0);

    council = record(2, "Dėl mokyklų tinklo");
    service.refresh();
    REQUIRE(eventually([&] { return service.current(); }));
    CHECK(service.search("mokykla ", Language::kLt, 20, 0).total == 2);
    CHECK(service.search("zemes ", Language::kLt, 20, 0).total == 0);
}

TEST_CASE("queries on many threads while the index is rebuilt") {
    std::atomic<std::shared_ptr<const CouncilSnapshot>> council = record(1, "Dėl žemės nuomos");
    SearchService service([&] { return council.load(); }, {});
    std::atomic<bool> stop = false;
    std::atomic<int> failures = 0;
    std::vector<std::thread> readers;
    for (int i = 0; i < 4; ++i) {
        readers.emplace_back([&] {
            while (!stop) {
                // Either index has the meeting; neither may be seen half built.
                if (service.search("tarybos ", Language::kLt, 20, 0).total != 1) ++failures;
            }
        });
    }
    for (int version = 2; version < 30; ++version) {
        council = record(version, version % 2 ? "Dėl žemės nuomos" : "Dėl kelių");
        service.refresh();
        REQUIRE(eventually([&] { return service.current(); }));
    }
    stop = true;
    for (auto& reader : readers) reader.join();
    CHECK(failures == 0);
}
