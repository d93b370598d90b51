// Signing through the real store: every field refused when hostile, one signature per person
// however their address is spelled, exact counts when many sign at once, and bulk
// invalidation that corrects the counts and is audited.
#include "portal/petitions/petition_store.hpp"

#include <doctest/doctest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "tests/portal/petitions/petition_fixture.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using namespace councilcast::portal::testing;
using Outcome = PetitionStore::Signed::Outcome;

namespace {

// Signatures of a petition as the database holds them: {confirmed, pending, invalidated}.
struct Rows {
    std::int64_t confirmed = 0;
    std::int64_t pending = 0;
    std::int64_t invalidated = 0;
    std::map<std::int64_t, std::int64_t> confirmed_by_eldership;
};

Rows rows_of(const std::filesystem::path& database, std::int64_t petition_id) {
    Database db(database, Durability::kNormal, OpenMode::kReadOnly);
    Rows rows;
    Statement select = db.cached(
        "SELECT eldership_id, confirmed_unix_ms <> 0, invalidated_unix_ms <> 0 "
        "FROM petition_signature WHERE petition_id = ?");
    select.bind(1, petition_id);
    while (select.step()) {
        if (select.column_int(2) != 0) {
            ++rows.invalidated;
        } else if (select.column_int(1) != 0) {
            ++rows.confirmed;
            ++rows.confirmed_by_eldership[select.column_int(0)];
        } else {
            ++rows.pending;
        }
    }
    return rows;
}

// A coroutine's parameters are its own copies (no lambda captures: see DatabaseWriter::run).
boost::asio::awaitable<void> sign_and_confirm(PetitionStore& store, PetitionStore::Signing signing,
                                              std::atomic<int>& done) {
    auto sign = store.sign(std::move(signing));
    const auto result = co_await std::move(sign);
    auto confirm = store.confirm(result.confirmation_token);
    co_await std::move(confirm);
    ++done;
}

}  // namespace

TEST_CASE("hostile values in every signing field are refused and nothing is written") {
    PetitionFixture fixture("petition-hostile");
    auto& store = *fixture.store;
    const std::int64_t id = fixture.open_petition();
    const auto good = fixture.signing(id, "jonas@example.lt");
    const std::string huge(1 << 20, 'a');

    struct Case {
        std::string what;
        PetitionStore::Signing signing;
        std::string key;
    };
    std::vector<Case> cases;
    auto with = [&](std::string what, auto change, std::string key) {
        PetitionStore::Signing s = good;
        change(s);
        cases.push_back({std::move(what), std::move(s), std::move(key)});
    };
    for (const std::string& name :
         {std::string(), std::string("J"), std::string("   "), std::string(101, 'x'), huge,
          std::string("Jonas\nBcc: x@y.lt"), std::string("Jonas\rJonaitis"),
          std::string("Jonas\tJonaitis"), std::string("Jonas\x1b[31m"), std::string("Jonas\x7f"),
          std::string("Jonas \xc2\x85"), std::string("Jonas \xff\xfe"),
          std::string("Jonas \xc0\xaf"), std::string("Jonas \xed\xa0\x80"),
          std::string("Jonas \xf4\x90\x80\x80"), std::string("Jonas \xe2\x82"),
          std::string("Jonas\0Jonaitis", 14)}) {
        with(
            "name", [&](auto& s) { s.name = name; }, "petition_error_name");
    }
    for (const std::string& email :
         {std::string(), std::string("jonas"), std::string("jonas@"), std::string("@example.lt"),
          std::string("jonas@example"), std::string("jo nas@example.lt"),
          std::string("jonas@example.lt\r\nBcc: all@example.lt"), std::string("\"j\"@example.lt"),
          std::string("jonas@@example.lt"), std::string("<jonas@example.lt>"),
          std::string("jonas@exam\xc4\x85ple.lt"), huge + "@example.lt",
          std::string("+x@gmail.com")}) {
        with(
            "email", [&](auto& s) { s.email = email; }, "petition_error_email");
    }
    for (const std::int64_t eldership :
         {std::int64_t{4}, std::int64_t{-1}, std::int64_t{1} << 40}) {
        with(
            "eldership", [&](auto& s) { s.eldership_id = eldership; }, "petition_error_eldership");
    }
    with(
        "eligible", [](auto& s) { s.declared_eligible = false; }, "petition_error_eligible");
    with(
        "consent", [](auto& s) { s.consent = false; }, "petition_error_consent");
    for (const std::string language : {"", "de", "LT", "lt ", "lt\n", "l"}) {
        with(
            "language", [&](auto& s) { s.language = language; }, "petition_error_language");
    }
    for (const std::string& address :
         {std::string(), std::string(65, '1'), std::string("1.2.3.4; DROP TABLE petition"),
          std::string("<script>"), std::string("1.2.3.4\n"), std::string("10.0.0.1 10.0.0.2")}) {
        with(
            "address", [&](auto& s) { s.client_address = address; }, "petition_error_address");
    }
    for (const std::int64_t petition : {std::int64_t{0}, std::int64_t{-5}, id + 1000}) {
        with(
            "petition", [&](auto& s) { s.petition_id = petition; }, "petition_error_not_found");
    }
    for (const Case& c : cases) {
        CAPTURE(c.what);
        CAPTURE(c.signing.name.substr(0, 40));
        CAPTURE(c.signing.email.substr(0, 40));
        CHECK(refusal(store.sign(c.signing)) == c.key);
    }
    const Rows rows = rows_of(fixture.database, id);
    CHECK(rows.confirmed + rows.pending + rows.invalidated == 0);
    CHECK(fixture.events_of(PetitionEvent::Kind::kSignaturePending).empty());

    // What is hostile only to careless code is kept exactly as typed.
    auto odd = good;
    odd.name = "Robert'); DROP TABLE petition_signature;-- Žąsinas";
    odd.email = "o'brien+peticija@example.lt";
    const auto result = block_on(store.sign(odd));
    CHECK(result.outcome == Outcome::kPending);
    const auto pending = fixture.events_of(PetitionEvent::Kind::kSignaturePending);
    REQUIRE(pending.size() == 1);
    CHECK(pending[0].recipients.at(0).name == odd.name);
    CHECK(pending[0].recipients.at(0).email == odd.email);

    // Confirmation tokens: anything but a live one is refused before any lookup.
    for (const std::string& token : {std::string(), std::string("x"), std::string(43, 'A'), huge,
                                     std::string("' OR 1=1 --"), result.confirmation_token + "x"}) {
        CHECK(refusal(store.confirm(token)) == "petition_error_confirmation");
    }
}

TEST_CASE("outside the municipality is a choice only when allowed") {
    config::Petitions settings = quick_settings();
    settings.allow_outside = false;
    PetitionFixture fixture("petition-outside", settings);
    const std::int64_t id = fixture.open_petition();
    CHECK(refusal(fixture.store->sign(fixture.signing(id, "a@example.lt", kOutsideEldership))) ==
          "petition_error_outside");
    const auto choices = fixture.store->elderships();
    REQUIRE(choices.size() == 3);
    CHECK(choices[0].name == "Elektrėnai");
    CHECK(std::none_of(choices.begin(), choices.end(),
                       [](const PetitionEldership& e) { return e.id == kOutsideEldership; }));

    PetitionFixture allowed("petition-outside-allowed");
    const std::int64_t other = allowed.open_petition();
    allowed.sign_and_confirm(other, "b@example.lt", kOutsideEldership);
    block_on(allowed.store->tally());
    CHECK(allowed.petition(other).signatures_by_eldership.at(kOutsideEldership) == 1);
    CHECK(allowed.store->elderships().back().id == kOutsideEldership);
}

TEST_CASE("one person signs once however their address is spelled") {
    PetitionFixture fixture("petition-canonical");
    auto& store = *fixture.store;
    const std::int64_t id = fixture.open_petition();
    const std::int64_t other = fixture.open_petition("Apšviesti dviračių taką į Vievį");

    const auto first = block_on(store.sign(fixture.signing(id, "Ona.Petraityte@gmail.com")));
    REQUIRE(first.outcome == Outcome::kPending);
    // Unconfirmed: the same person asking again gets the link again, by mail only.
    for (const std::string spelling :
         {"onapetraityte@gmail.com", "ONA.PETRAITYTE+peticija@googlemail.com",
          " o.n.a.petraityte@GMAIL.com "}) {
        CAPTURE(spelling);
        const auto again = block_on(store.sign(fixture.signing(id, spelling)));
        CHECK(again.outcome == Outcome::kAlreadySigned);
        CHECK(again.confirmation_token.empty());
    }
    auto pending = fixture.events_of(PetitionEvent::Kind::kSignaturePending);
    REQUIRE(pending.size() == 4);
    CHECK(pending.back().resent);
    // The mail goes to the address that first signed, not to whoever asked.
    CHECK(pending.back().recipients.at(0).email == "Ona.Petraityte@gmail.com");
    // Only the latest link confirms.
    CHECK(refusal(store.confirm(first.confirmation_token)) == "petition_error_confirmation");
    CHECK_FALSE(store.by_confirmation_token(first.confirmation_token).has_value());
    const auto lookup = store.by_confirmation_token(pending.back().token);
    REQUIRE(lookup.has_value());
    CHECK(lookup->petition_id == id);
    CHECK_FALSE(lookup->confirmed);
    CHECK_FALSE(block_on(store.confirm(pending.back().token)).already);
    CHECK(store.by_confirmation_token(pending.back().token)->confirmed);
    CHECK(block_on(store.confirm(pending.back().token)).already);

    // Confirmed: asking again changes nothing and sends nothing.
    const auto after = block_on(store.sign(fixture.signing(id, "onapetraityte+x@gmail.com")));
    CHECK(after.outcome == Outcome::kAlreadySigned);
    CHECK(fixture.events_of(PetitionEvent::Kind::kSignaturePending).size() == 4);
    // Elsewhere the address is not gmail's: dots count, case does not.
    block_on(store.sign(fixture.signing(id, "o.na@example.lt")));
    CHECK(block_on(store.sign(fixture.signing(id, "ona@example.lt"))).outcome == Outcome::kPending);
    CHECK(block_on(store.sign(fixture.signing(id, "O.NA@EXAMPLE.LT"))).outcome ==
          Outcome::kAlreadySigned);
    // Another petition is another signature.
    CHECK(block_on(store.sign(fixture.signing(other, "onapetraityte@gmail.com"))).outcome ==
          Outcome::kPending);

    // A signed-in resident with a verified address is counted without a mail.
    auto verified = fixture.signing(id, "petras@example.lt");
    verified.email_verified = true;
    CHECK(block_on(store.sign(verified)).outcome == Outcome::kConfirmed);
    block_on(store.tally());
    CHECK(fixture.petition(id).signature_count == 2);
    CHECK(rows_of(fixture.database, id).confirmed == 2);
}

TEST_CASE("many signing at once on one petition are counted exactly, per eldership too") {
    PetitionFixture fixture("petition-concurrent");
    auto& store = *fixture.store;
    const std::int64_t id = fixture.open_petition();
    const std::int64_t other = fixture.open_petition("Apšviesti dviračių taką į Vievį");
    constexpr int kThreads = 8;
    constexpr int kPerThread = 60;
    constexpr int kCoroutines = 240;

    // Threads, each blocking on its own writes; some sign the other petition, some twice. One
    // of them folds the counts as it goes, so tallies run between the confirmations.
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                const std::int64_t petition = i % 4 == 3 ? other : id;
                const std::int64_t eldership = (t + i) % 4;  // 0: outside
                const auto result = block_on(store.sign(
                    fixture.signing(petition, fmt::format("t{}.s{}@example.lt", t, i), eldership)));
                block_on(store.confirm(result.confirmation_token));
                // The same person again, spelled otherwise: not counted twice.
                block_on(store.sign(
                    fixture.signing(petition, fmt::format("T{}.S{}@EXAMPLE.LT", t, i), eldership)));
                if (t == 0 && i % 5 == 0) block_on(store.tally());
            }
        });
    }
    // Coroutines sharing one event loop, their writes grouped by the writer.
    boost::asio::io_context loop;
    std::atomic<int> coroutines_done = 0;
    for (int c = 0; c < kCoroutines; ++c) {
        boost::asio::co_spawn(
            loop,
            sign_and_confirm(store,
                             fixture.signing(id, fmt::format("c{}@example.lt", c), 1 + c % 3),
                             coroutines_done),
            boost::asio::detached);
    }
    loop.run();
    for (auto& thread : threads) thread.join();
    CHECK(coroutines_done.load() == kCoroutines);
    block_on(store.tally());

    // Expected, from the same arithmetic.
    std::map<std::int64_t, std::map<std::int64_t, std::int64_t>> expected;
    for (int t = 0; t < kThreads; ++t) {
        for (int i = 0; i < kPerThread; ++i) ++expected[i % 4 == 3 ? other : id][(t + i) % 4];
    }
    for (int c = 0; c < kCoroutines; ++c) ++expected[id][1 + c % 3];
    for (const std::int64_t petition : {id, other}) {
        CAPTURE(petition);
        const Petition counted = fixture.petition(petition);
        std::int64_t total = 0;
        for (const auto& [eldership, count] : expected[petition]) total += count;
        CHECK(counted.signature_count == total);
        CHECK(counted.signatures_by_eldership == expected[petition]);
        const Rows rows = rows_of(fixture.database, petition);
        CHECK(rows.confirmed == total);
        CHECK(rows.confirmed_by_eldership == expected[petition]);
        CHECK(rows.pending == 0);
    }
}

TEST_CASE("bulk invalidation corrects the counts at once and is audited") {
    PetitionFixture fixture("petition-invalidate");
    auto& store = *fixture.store;
    const std::int64_t id = fixture.open_petition();
    // A burst from one address: 25 confirmed and 5 pending, within ten minutes.
    for (int i = 0; i < 30; ++i) {
        fixture.clock += 20'000;
        const auto result = block_on(store.sign(
            fixture.signing(id, fmt::format("bot{}@spam.example", i), 1 + i % 2, "203.0.113.9")));
        if (i < 25) block_on(store.confirm(result.confirmation_token));
    }
    const std::int64_t burst_end = fixture.clock.load() + 1;
    // Honest signers from everywhere, later.
    fixture.clock += 3600'000;
    for (int i = 0; i < 10; ++i) {
        fixture.clock += 60'000;
        fixture.sign_and_confirm(id, fmt::format("gyventojas{}@example.lt", i), 3,
                                 fmt::format("198.51.100.{}", i));
    }
    block_on(store.tally());
    CHECK(fixture.petition(id).signature_count == 35);

    const auto flagged = store.flagged_addresses(id);
    REQUIRE(flagged.size() == 1);
    CHECK(flagged[0].client_address == "203.0.113.9");
    CHECK(flagged[0].signatures == 30);
    const auto totals = store.signature_totals(id);
    CHECK(totals.confirmed == 35);
    CHECK(totals.pending == 5);

    PetitionStore::Invalidation none;
    none.petition_id = id;
    none.reason = "Automatinis pasirašymas";
    CHECK(refusal(store.invalidate(none, {})) == "petition_error_invalidation_criteria");
    auto no_reason = none;
    no_reason.client_address = "203.0.113.9";
    no_reason.reason = "";
    CHECK(refusal(store.invalidate(no_reason, {})) == "petition_error_invalidation_reason");
    auto backwards = none;
    backwards.from_unix_ms = burst_end;
    backwards.to_unix_ms = kStartUnixMs;
    CHECK(refusal(store.invalidate(backwards, {})) == "petition_error_invalidation_criteria");

    // By address and time window: the whole burst, confirmed or not.
    auto by_address = none;
    by_address.client_address = "203.0.113.9";
    by_address.from_unix_ms = kStartUnixMs;
    by_address.to_unix_ms = burst_end;
    CHECK(block_on(store.invalidate(by_address, moderator_note("petition.invalidate"))) == 30);
    // Corrected in the same write, without waiting for a tally.
    const Petition corrected = fixture.petition(id);
    CHECK(corrected.signature_count == 10);
    CHECK(corrected.signatures_by_eldership == std::map<std::int64_t, std::int64_t>{{3, 10}});
    CHECK(store.flagged_addresses(id).empty());
    // Nothing is invalidated twice; an invalidated signature cannot be confirmed or repeated.
    CHECK(block_on(store.invalidate(by_address, {})) == 0);
    const auto pending = fixture.events_of(PetitionEvent::Kind::kSignaturePending);
    CHECK(refusal(store.confirm(pending.at(29).token)) == "petition_error_invalidated");
    CHECK(
        block_on(store.sign(fixture.signing(id, "bot1@spam.example", 1, "203.0.113.9"))).outcome ==
        Outcome::kAlreadySigned);

    // By email domain, any case.
    auto by_domain = none;
    by_domain.email_domain = "EXAMPLE.lt";
    CHECK(block_on(store.invalidate(by_domain, moderator_note("petition.invalidate"))) == 10);
    block_on(store.tally());
    CHECK(fixture.petition(id).signature_count == 0);
    const Rows rows = rows_of(fixture.database, id);
    CHECK(rows.invalidated == 40);
    CHECK(rows.confirmed == 0);

    AuditLog audit(fixture.database, *fixture.writer);
    const auto entries = audit.entries(20);
    CHECK(std::count_if(entries.begin(), entries.end(), [](const AuditEntry& e) {
              return e.action == "petition.invalidate";
          }) == 2);
    // Each says how many went.
    CHECK(std::any_of(entries.begin(), entries.end(), [](const AuditEntry& e) {
        return e.action == "petition.invalidate" &&
               e.detail.ends_with("30 signature(s) invalidated");
    }));
}
