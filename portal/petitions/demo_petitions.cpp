#include "portal/petitions/demo_petitions.hpp"

#include <fmt/core.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <future>
#include <numeric>
#include <string_view>
#include <vector>

#include "common/unix_time.hpp"

namespace councilcast::portal {
namespace {

// Signatures queued together (one commit) and then tallied: about a day's worth.
constexpr std::int64_t kBatch = 25;

// Where a petition's story ends in the demo.
enum class Stage {
    kGathering,
    kModeration,
    kOpen,
    kAnswered,
    kRejected,
    kDuplicate,
    kClosed,
    kStopped
};

struct DemoPetition {
    std::string_view title;
    std::string_view text;
    std::string_view creator;
    std::string_view language;
    Stage stage;
    int created_days_ago;
    int signatures;  // confirmed, besides the sponsors
};

// Oldest first: the story is told in the order it happened.
constexpr std::array<DemoPetition, 11> kPetitions = {{
    {"Save the old water tower in Kietaviškės",
     "The old water tower is a landmark of Kietaviškės and the first thing visitors see from "
     "the road. Its roof is failing and bricks fall from its top.\n\nWe ask the municipality to "
     "have it surveyed and to keep it from collapse until its future is decided.",
     "Daniel Novak", "en", Stage::kClosed, 100, 57},
    {"Dėl vaikų žaidimų aikštelės Semeliškėse atnaujinimo",
     "Semeliškių miestelio vaikų žaidimų aikštelės įrenginiai nusidėvėję ir nesaugūs: "
     "sūpuoklių grandinės surūdijusios, o smėlio dėžė be smėlio.\n\nPrašome aikštelę atnaujinti "
     "iki kitos vasaros ir įrengti pavėsinę tėvams.",
     "Lina Kazlauskienė", "lt", Stage::kAnswered, 70, 342},
    {"Dėl Elektrėnų marių pakrantės takų apšvietimo",
     "Vakarais marių pakrantės takas tamsus, todėl juo vaikščioti ir važiuoti dviračiu "
     "nesaugu. Prašome įrengti energiją taupančius šviestuvus nuo Draugystės gatvės iki ledo "
     "arenos.\n\nŠviesa prailgintų laiką, kai takais galima naudotis, ir padidintų saugumą.",
     "Rūta Jankauskienė", "lt", Stage::kOpen, 40, 236},
    {"Dėl dviračių tako Vievis–Elektrėnai",
     "Tarp Vievio ir Elektrėnų dviratininkai važiuoja senuoju plentu kartu su automobiliais "
     "ir sunkvežimiais.\n\nPrašome parengti ir įgyvendinti atskiro dviračių tako tarp abiejų "
     "miestų projektą, pasinaudojant Europos Sąjungos parama.",
     "Mantas Paulauskas", "lt", Stage::kOpen, 32, 318},
    {"Dėl valstybinių kelių priežiūros mokesčio panaikinimo",
     "Prašome panaikinti mokestį, kurį vairuotojai moka už valstybinių kelių priežiūrą, nes "
     "keliai prižiūrimi blogai.",
     "Petras Kairys", "lt", Stage::kRejected, 26, 0},
    {"Apšvieskite marių pakrantę",
     "Prašome apšviesti takus prie Elektrėnų marių, nes vakarais ten labai tamsu ir "
     "nesaugu vaikščioti.",
     "Darius Mockus", "lt", Stage::kDuplicate, 20, 0},
    {"Dėl Kazokiškių bibliotekos darbo šeštadieniais",
     "Kazokiškių biblioteka dirba tik darbo dienomis, kai dauguma gyventojų dirba. Prašome, "
     "kad biblioteka būtų atvira ir šeštadieniais nuo 10 iki 14 valandos.",
     "Ona Petrauskienė", "lt", Stage::kStopped, 16, 41},
    {"Dėl nemokamo viešojo transporto moksleiviams",
     "Prašome, kad visi savivaldybės mokyklų mokiniai vietiniais autobusais važiuotų "
     "nemokamai ištisus metus, ne tik mokslo dienomis.\n\nTai paskatintų vaikus rinktis "
     "autobusą, o ne tėvų automobilius.",
     "Tomas Grigas", "lt", Stage::kModeration, 10, 0},
    {"Allow dogs on a section of the Elektrėnai lakeside beach",
     "Many residents walk their dogs by the reservoir all year. We ask for a marked section of "
     "the beach where dogs on a lead are allowed from June to August, with bags and bins.",
     "Emily Carter", "en", Stage::kModeration, 3, 0},
    {"Dėl šunų vedžiojimo aikštelės Vievyje",
     "Vievyje nėra nė vienos aptvertos vietos šunims vedžioti. Prašome įrengti aikštelę prie "
     "Vievio parko su tvora, suoliukais ir šiukšliadėžėmis.\n\nAikštelė sumažintų konfliktų "
     "parke ir padėtų palaikyti švarą.",
     "Agnė Vaitkevičiūtė", "lt", Stage::kGathering, 1, 0},
    {"Dėl Gilučių kaimo kelio žvyravimo",
     "Gilučių kaimo kelias pavasarį tampa nebepravažiuojamas. Prašome jį pažvyruoti dar šiais "
     "metais.",
     "Jonas Butkus", "lt", Stage::kGathering, 0, 0},
}};

constexpr std::array<std::string_view, 12> kFirstNames = {"Jonas",     "Ona",   "Petras",   "Asta",
                                                          "Mindaugas", "Rasa",  "Tomas",    "Eglė",
                                                          "Andrius",   "Jurga", "Vytautas", "Inga"};
constexpr std::array<std::string_view, 12> kLastNames = {
    "Kazlauskas", "Jankauskienė", "Petrauskas", "Stankevičiūtė", "Vasiliauskas", "Žukauskaitė",
    "Butkus",     "Paulauskienė", "Urbonas",    "Navickaitė",    "Kavaliauskas", "Ramanauskienė"};
// How the signatures spread over the elderships: the towns of Elektrėnai and Vievis most, the
// villages less (kOtherWeight), a few from outside the municipality.
constexpr std::array<std::pair<std::string_view, int>, 2> kTownWeights = {
    {{"Elektrėnų", 30}, {"Vievio", 18}}};
constexpr int kOtherWeight = 6;
constexpr int kOutsideWeight = 3;

class DemoStory {
  public:
    DemoStory(const std::filesystem::path& database_file, const config::Petitions& settings,
              PetitionStore::Elderships elderships, std::int64_t now_unix_ms)
        : now_(now_unix_ms),
          clock_(now_unix_ms),
          writer_(database_file),
          store_(database_file, writer_, settings, std::move(elderships),
                 [this] { return clock_.load(); }) {
        for (const auto& eldership : store_.elderships()) {
            int weight = eldership.id == kOutsideEldership ? kOutsideWeight : kOtherWeight;
            for (const auto& [town, town_weight] : kTownWeights) {
                if (eldership.name.starts_with(town)) weight = town_weight;
            }
            for (int i = 0; i < weight; ++i) eldership_wheel_.push_back(eldership.id);
        }
    }

    bool empty() const { return store_.snapshot()->petitions.empty(); }

    std::int64_t tell(const DemoPetition& petition, std::int64_t meeting_id,
                      std::int64_t duplicate_of) {
        clock_ = now_ - petition.created_days_ago * kDayMs;
        const auto created = block_on(store_.create(
            {std::string(petition.title), std::string(petition.text), std::string(petition.creator),
             creator_email(petition), std::string(petition.language), "192.0.2.10"}));
        const std::int64_t id = created.petition_id;
        step(kDayMs / 24);
        block_on(store_.start_gathering(created.manage_token));
        const auto access = store_.by_manage_token(created.manage_token);
        const int sponsors = petition.stage == Stage::kGathering
                                 ? std::min(2, store_.settings().sponsors - 1)
                                 : store_.settings().sponsors;
        for (int i = 0; i < sponsors; ++i) {
            step(kDayMs / 6);
            block_on(store_.sign(signing(id, access->sponsor_token)));
        }
        if (petition.stage == Stage::kGathering || petition.stage == Stage::kModeration) return id;
        step(kDayMs);
        if (petition.stage == Stage::kRejected) {
            block_on(store_.reject(id,
                                   {RejectionReason::kNotMunicipal,
                                    "Kelių priežiūros mokesčius nustato Seimas, ne savivaldybės "
                                    "taryba. Kreipkitės į Lietuvos Respublikos Seimą.",
                                    0},
                                   moderator("petition.reject")));
            return id;
        }
        if (petition.stage == Stage::kDuplicate) {
            block_on(store_.reject(
                id,
                {RejectionReason::kDuplicate,
                 "Tą patį prašo jau paskelbta peticija: pasirašykite ją.", duplicate_of},
                moderator("petition.reject")));
            return id;
        }
        block_on(store_.approve(id, moderator("petition.approve")));
        // The signatures come over the days after it opened, fewer as the news gets old:
        // within its open days, and before the answer or the stop a few days ago.
        const std::int64_t opened = clock_;
        const std::int64_t days =
            std::max(1, std::min(petition.created_days_ago - 6, store_.settings().open_days - 5));
        const std::int64_t total = petition.signatures;
        for (std::int64_t first = 0; first < total; first += kBatch) {
            clock_ = opened + (first * first * days * kDayMs) / (total * total) + first * 1000;
            sign_together(id, static_cast<int>(std::min(kBatch, total - first)));
            block_on(store_.tally());
        }
        if (petition.stage == Stage::kStopped) {
            clock_ = now_ - 2 * kDayMs;
            block_on(store_.stop(id,
                                 "Biblioteka nuo kito mėnesio dirbs ir šeštadieniais: "
                                 "peticijos tikslas pasiektas.",
                                 moderator("petition.stop")));
        }
        if (petition.stage == Stage::kAnswered) {
            clock_ = now_ - 4 * kDayMs;
            block_on(store_.respond(
                id,
                {"Savivaldybės administracija įtraukė Semeliškių vaikų žaidimų aikštelės "
                 "atnaujinimą į 2027 metų investicijų planą.\n\nTaryba peticiją svarstė "
                 "posėdyje ir pritarė finansavimui. Darbai numatyti 2027 m. balandžio–birželio "
                 "mėnesiais; pavėsinė bus įrengta kartu.",
                 clock_, meeting_id, "Pritarta skirti 45 000 eurų aikštelei atnaujinti."},
                moderator("petition.respond")));
        }
        return id;
    }

    // Closes what is due by now: the oldest petition's days are over.
    void finish() {
        clock_ = now_;
        block_on(store_.close_due(now_));
        block_on(store_.tally());
    }

  private:
    void step(std::int64_t ms) { clock_ += ms; }

    std::string creator_email(const DemoPetition& petition) const {
        return fmt::format("petition.creator.{}@example.lt", petition.created_days_ago);
    }

    // `count` signatures queued at once, so the writer commits them together (one fsync for
    // the lot, as under a real burst): the demo starts in seconds rather than a minute.
    void sign_together(std::int64_t petition_id, int count) {
        boost::asio::io_context context;
        std::vector<std::future<PetitionStore::Signed>> done;
        for (int i = 0; i < count; ++i) {
            done.push_back(boost::asio::co_spawn(context, store_.sign(signing(petition_id, {})),
                                                 boost::asio::use_future));
        }
        context.run();
        for (auto& signed_one : done) signed_one.get();
    }

    PetitionStore::Signing signing(std::int64_t petition_id, const std::string& sponsor_token) {
        const int n = signer_++;
        const std::string first(kFirstNames[n % kFirstNames.size()]);
        const std::string last(kLastNames[(n / kFirstNames.size()) % kLastNames.size()]);
        return {.petition_id = petition_id,
                .name = first + " " + last,
                .email = fmt::format("demo.signer.{}@example.lt", n),
                .eldership_id = eldership_of(n),
                .declared_eligible = true,
                .consent = true,
                .notify_on_answer = n % 3 == 0,
                .language = n % 10 == 0 ? "en" : "lt",
                .client_address = fmt::format("198.51.100.{}", n % 250 + 1),
                .sponsor_token = sponsor_token,
                // Confirmed at once, as a signed-in resident's: the demo's signers have no
                // mailbox to confirm from.
                .email_verified = true};
    }

    // The n-th signer's eldership: a stride through the weighted wheel that, coprime with
    // its length, keeps the mix in any stretch of signers.
    std::int64_t eldership_of(int n) const {
        if (eldership_wheel_.empty()) return kOutsideEldership;
        std::size_t stride = 37;
        while (std::gcd(stride, eldership_wheel_.size()) != 1) ++stride;
        return eldership_wheel_[(static_cast<std::size_t>(n) * stride) % eldership_wheel_.size()];
    }

    AuditNote moderator(std::string_view action) const {
        return [this, action](std::int64_t petition_id) {
            AuditEntry entry;
            entry.at_unix_ms = clock_.load();
            entry.actor = "councilcast demo";
            entry.action = std::string(action);
            entry.target = fmt::format("petition {}", petition_id);
            entry.peer = "cli";
            return entry;
        };
    }

    const std::int64_t now_;
    // Read by the store on the writer's thread while this thread waits for the write.
    std::atomic<std::int64_t> clock_;
    // A writer of the story's own: a store stays its writer's commit listener, so both go
    // when the story is told, before the server's own store is made.
    DatabaseWriter writer_;
    PetitionStore store_;
    std::vector<std::int64_t> eldership_wheel_;  // each eldership id, as often as its weight
    int signer_ = 0;
};

}  // namespace

void seed_demo_petitions(const std::filesystem::path& database_file,
                         const config::Petitions& settings, PetitionStore::Elderships elderships,
                         std::int64_t now_unix_ms, std::int64_t meeting_id) {
    {
        DemoStory story(database_file, settings, std::move(elderships), now_unix_ms);
        if (!story.empty()) return;
        std::int64_t lighting = 0;
        for (const auto& petition : kPetitions) {
            const std::int64_t id = story.tell(petition, meeting_id, lighting);
            if (petition.stage == Stage::kOpen && lighting == 0) lighting = id;
        }
        story.finish();
    }
    // A thousand signatures grew the write-ahead log to megabytes, which SQLite keeps and
    // reuses: given back, the demo's disk holds its data, and a full disk fails the next write
    // that needs room (as tests/integration/full_disk_test.sh expects) instead of much later.
    Database(database_file).exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

}  // namespace councilcast::portal
