#include "portal/reports/demo_reports.hpp"

#include <fmt/core.h>

#include <array>
#include <cmath>
#include <fstream>
#include <numbers>
#include <optional>
#include <sstream>
#include <string_view>
#include <vector>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "common/durable_file.hpp"
#include "common/secret_token.hpp"
#include "portal/reports/report_store.hpp"

namespace councilcast::portal {
namespace {

constexpr std::int64_t kDemoDayMs = 24LL * 60 * 60 * 1000;

// One resident's report and what became of it.
struct DemoReportSeed {
    std::string_view category;
    int eldership;   // index into [reports] elderships
    double north_m;  // from the eldership's centre
    double east_m;
    std::string_view title;
    std::string_view details;
    std::string_view address;
    int days_ago;
    ReportState outcome;      // unconfirmed and hidden included
    int days_to_outcome;      // after the report
    std::string_view answer;  // the department's last words; may be empty
};

// clang-format off
constexpr std::array kDemoReports = {
    DemoReportSeed{"roads", 0, 120, -80, "Gili duobė Trakų gatvėje", "Prie autobusų stotelės asfalte atsivėrė gili duobė, automobiliai ją apvažiuoja per priešingą juostą.", "Trakų g. 2", 58, ReportState::kFixed, 6, "Duobė užlopyta karštu asfaltu."},
    DemoReportSeed{"lighting", 0, -300, 150, "Neveikia gatvės žibintas", "Trečią savaitę nedega žibintas prie vaikų žaidimų aikštelės, vakare visiškai tamsu.", "Draugystės g. 14", 52, ReportState::kFixed, 9, "Pakeista lempa ir jungiklis."},
    DemoReportSeed{"waste", 0, 400, 300, "Perpildyti konteineriai", "Stiklo konteineriai perpildyti, butelių prikrauta ant žemės.", "Rungos g. 7", 45, ReportState::kFixed, 2, "Konteineriai ištuštinti, vežėjas įspėtas."},
    DemoReportSeed{"greenery", 0, -150, -400, "Nulūžusi šaka virš tako", "Po vėtros ant medžio kabo didelė nulūžusi šaka tiesiai virš pėsčiųjų tako.", "Elektrinės g. parkas", 40, ReportState::kFixed, 1, "Šaka pašalinta tą pačią dieną."},
    DemoReportSeed{"transport_stops", 0, 250, 500, "Išdaužtas stotelės stiklas", "Autobusų stotelėje išdaužtas stiklas, šukės ant suolelio.", "Saulės g. stotelė", 33, ReportState::kActionScheduled, 4, "Naujas stiklas užsakytas, bus sumontuotas kitą savaitę."},
    DemoReportSeed{"roads", 0, 600, -200, "Nuvažinėtas kelio ženklas", "Prie sankryžos nuvirtęs kelio ženklas „Duoti kelią“.", "Pergalės g. ir Trakų g. sankryža", 12, ReportState::kInProgress, 2, "Ženklas bus pastatytas iš naujo."},
    DemoReportSeed{"other", 0, -500, 50, "Grafitis ant bibliotekos sienos", "Ant bibliotekos fasado nupiešti užrašai.", "Rungos g. 3", 8, ReportState::kInvestigating, 1, "Tikslinsime, kam priklauso siena."},
    DemoReportSeed{"lighting", 0, 130, -60, "Mirksi žibintas Trakų gatvėje", "Žibintas prie stotelės mirksi visą naktį.", "Trakų g. 2", 3, ReportState::kOpen, 0, ""},
    DemoReportSeed{"roads", 1, 100, 100, "Išdaužyta žvyrkelio danga", "Žvyrkelis į sodus po lietaus virto duobėmis, sunku pravažiuoti.", "Sodų g.", 55, ReportState::kFixed, 14, "Kelias išlygintas greideriu."},
    DemoReportSeed{"waste", 1, -200, 250, "Nelegalus atliekų sąvartynas miške", "Miško pakraštyje išmesta statybinių atliekų ir padangų.", "Prie Vievio aplinkkelio", 47, ReportState::kInternalReferral, 3, "Perduota Aplinkos apsaugos departamentui."},
    DemoReportSeed{"greenery", 1, 300, -150, "Nenušienauta vejos juosta", "Prie mokyklos žolė užaugusi iki kelių.", "Vilniaus g. 25", 20, ReportState::kFixed, 5, "Nušienauta."},
    DemoReportSeed{"transport_stops", 1, -50, -300, "Stotelėje nėra tvarkaraščio", "Nuo stotelės nuplėštas autobusų tvarkaraštis.", "Vievio autobusų stotis", 16, ReportState::kOpen, 0, ""},
    DemoReportSeed{"roads", 1, 150, 400, "Duobėtas šaligatvis", "Šaligatvio plytelės išvirtusios, sunku važiuoti vežimėliu.", "Kauno g. 10", 6, ReportState::kInvestigating, 2, "Įvertinsime remonto apimtį."},
    DemoReportSeed{"roads", 2, 200, 0, "Kelio kraštas nuplautas", "Lietus nuplovė kelkraštį, asfaltas lūžinėja.", "Semeliškių g. 4", 50, ReportState::kUnableToFix, 10, "Šiais metais lėšų remontui nėra; įtraukta į kitų metų planą."},
    DemoReportSeed{"lighting", 2, -100, 200, "Apšvietimas dega dieną", "Gatvės žibintai dega visą dieną.", "Aukštadvario g.", 27, ReportState::kFixed, 3, "Sureguliuotas laiko relė."},
    DemoReportSeed{"greenery", 2, 350, -250, "Išvirtęs medis ant šaligatvio", "Vėtra išvertė medį, jis užtvėrė šaligatvį.", "Mokyklos g. 1", 9, ReportState::kActionScheduled, 1, "Medis bus supjaustytas ir išvežtas penktadienį."},
    DemoReportSeed{"waste", 3, 0, 150, "Neišvežtos šiukšlės", "Mūsų gatvėje jau dvi savaites neišvežtos komunalinės atliekos.", "Kietaviškių k., Liepų g.", 44, ReportState::kNotResponsible, 2, "Atliekas veža UAB „Vilniaus regiono atliekų tvarkymo centras“; pranešėme jiems."},
    DemoReportSeed{"roads", 3, -250, -100, "Pavojinga duobė sankryžoje", "Sankryžoje duobė, pilna vandens.", "Kietaviškių k. centras", 24, ReportState::kFixed, 8, "Užlopyta."},
    DemoReportSeed{"other", 3, 180, 300, "Sugedęs suoliukas parke", "Nulūžusi suoliuko lenta.", "Kietaviškių parkas", 4, ReportState::kOpen, 0, ""},
    DemoReportSeed{"transport_stops", 4, 100, -50, "Stotelės stogas prakiuręs", "Lyjant vanduo bėga tiesiai ant suolo.", "Kazokiškių stotelė", 42, ReportState::kClosed, 20, "Stotelė bus keičiama nauja pagal rekonstrukcijos projektą; pranešimas uždaromas."},
    DemoReportSeed{"greenery", 4, -300, 100, "Sausas medis prie kelio", "Prie kelio stovi visiškai sudžiūvęs medis, gali nuvirsti.", "Kazokiškių g. 12", 30, ReportState::kInProgress, 6, "Gautas leidimas kirsti."},
    DemoReportSeed{"lighting", 5, 50, 50, "Tamsi perėja", "Pėsčiųjų perėja neapšviesta, vakarais vaikų nematyti.", "Gilučių k., Mokyklos g.", 38, ReportState::kActionScheduled, 12, "Apšvietimas įtrauktas į rudens darbų planą."},
    DemoReportSeed{"roads", 5, -150, -200, "Užslinkusi pralaida", "Po kelio pralaida užsikimšusi, vanduo lieja kelią.", "Gilučių k.", 18, ReportState::kFixed, 4, "Pralaida išvalyta."},
    DemoReportSeed{"waste", 6, 200, 100, "Išversti konteineriai", "Vėjas išvertė konteinerius, šiukšlės po visą kiemą.", "Pastrėvio k., Ežero g.", 35, ReportState::kFixed, 1, "Sutvarkyta."},
    DemoReportSeed{"other", 6, -100, -100, "Nelegali reklama ant stulpų", "Ant elektros stulpų priklijuota daugybė skelbimų.", "Pastrėvio k.", 14, ReportState::kNotResponsible, 3, "Stulpai priklauso ESO; informavome juos."},
    DemoReportSeed{"greenery", 7, 100, -100, "Apleistas gėlynas", "Gėlynas prie bendruomenės namų apžėlęs piktžolėmis.", "Beižionių k., Bendruomenės g. 1", 28, ReportState::kFixed, 10, "Gėlynas sutvarkytas kartu su bendruomene."},
    DemoReportSeed{"roads", 7, -200, 200, "Sulūžęs tiltelio turėklas", "Pėsčiųjų tiltelio per upelį turėklas nulūžęs.", "Beižionių k.", 10, ReportState::kInvestigating, 2, "Apžiūrėsime vietoje."},
    DemoReportSeed{"transport_stops", 7, 300, 0, "Trūksta šiukšliadėžės stotelėje", "Stotelėje nėra šiukšliadėžės, šiukšlės mėtosi aplink.", "Beižionių stotelė", 2, ReportState::kOpen, 0, ""},
    DemoReportSeed{"lighting", 1, 500, 100, "Visa gatvė be šviesos", "Nedega nė vienas gatvės žibintas.", "Vievio Ežero g.", 1, ReportState::kOpen, 0, ""},
    DemoReportSeed{"roads", 0, 125, -75, "Duobė prie stotelės Trakų g.", "Didelė duobė prie stotelės.", "Trakų g. 2", 57, ReportState::kDuplicate, 1, "Apie šią duobę jau pranešta."},
    DemoReportSeed{"other", 2, 0, -100, "Netinkamas turinys", "Įžeidžiantis tekstas.", "", 5, ReportState::kHidden, 0, ""},
    DemoReportSeed{"waste", 0, -50, 350, "Sudegęs konteineris", "Naktį sudegė plastiko konteineris.", "Rungos g. 11", 0, ReportState::kUnconfirmed, 0, ""},
};

constexpr std::array<std::string_view, 8> kDemoReporters = {
    "Ona Petraitytė", "Jonas Kazlauskas", "Rasa Jankauskienė", "Mindaugas Stankevičius",
    "Eglė Vasiliauskaitė", "Tomas Paulauskas", "Aušra Žukauskienė", "Darius Butkus",
};
// clang-format on

constexpr double kDemoMetresPerDegree = 111'195.08;

// What the staff do in the demo: a moderator of the municipality, with no account of its own
// (the updates show this name; the demo's writes carry no audit entry).
const ReportActor kDemoStaff{1, Role::kModerator, "Elektrėnų savivaldybės administracija"};

class DemoReports {
  public:
    DemoReports(const std::filesystem::path& database_file, const config::Reports& settings,
                std::int64_t now_unix_ms)
        : writer_(database_file),
          store_(database_file, writer_, settings, [this] { return at_; }),
          settings_(settings),
          now_(now_unix_ms) {
        store_.add_event_sink([this](Database&, const ReportEvent& event) {
            if (event.kind == ReportEvent::Kind::kConfirmationRequested)
                confirm_token_ = event.token;
            if (event.kind == ReportEvent::Kind::kQuestionnaire) asked_.push_back(event);
        });
    }

    bool empty() const { return store_.list({.include_hidden = true, .limit = 1}).total == 0; }

    void make(const DemoReportPhoto& photo) {
        std::vector<std::int64_t> ids;
        for (std::size_t i = 0; i < kDemoReports.size(); ++i) {
            const DemoReportSeed& seed = kDemoReports[i];
            if (seed.outcome == ReportState::kDuplicate && ids.empty()) continue;
            at_ = now_ - seed.days_ago * kDemoDayMs - static_cast<std::int64_t>(i) * 3'600'000;
            const config::GeoPoint centre =
                settings_.elderships[seed.eldership % settings_.elderships.size()].centre;
            ReportStore::NewReport report;
            report.category = std::string(seed.category);
            report.title = std::string(seed.title);
            report.details = std::string(seed.details);
            report.address = std::string(seed.address);
            report.lat = centre.lat + seed.north_m / kDemoMetresPerDegree;
            report.lon = centre.lon + seed.east_m / (kDemoMetresPerDegree *
                                                     std::cos(centre.lat * std::numbers::pi / 180));
            const std::string_view name = kDemoReporters[i % kDemoReporters.size()];
            report.name = std::string(name);
            report.email = fmt::format("gyventojas{}@example.lt", i + 1);
            report.anonymous = i % 5 == 4;
            report.language = i % 6 == 5 ? "en" : "lt";
            const config::ReportCategory* category = store_.category(seed.category);
            if (category == nullptr) continue;  // the administrator renamed the defaults
            for (const auto& question : category->questions) {
                if (question.kind == "yes_no") {
                    report.answers.push_back({question.code, i % 2 ? "no" : "yes"});
                } else if (question.required) {
                    report.answers.push_back({question.code, "-"});
                }
            }
            if (photo && i % 3 == 0) report.photo_hashes = {photo(static_cast<int>(i))};
            const auto created = block_on(store_.create(report));
            ids.push_back(created.report_id);
            if (seed.outcome == ReportState::kUnconfirmed) continue;
            at_ += 20 * 60'000;
            block_on(store_.confirm(confirm_token_));
            finish(created.report_id, seed, ids);
        }
        // The reporters of reports four weeks old are asked whether they were fixed, and one
        // says so; the rest of the answers the demo leaves to a newcomer.
        at_ = now_;
        block_on(store_.send_questionnaires(now_));
        if (!asked_.empty()) {
            block_on(store_.answer_questionnaire(asked_.front().token, true,
                                                 "Ačiū, dabar viskas tvarkoje."));
        }
    }

  private:
    void finish(std::int64_t id, const DemoReportSeed& seed, const std::vector<std::int64_t>& ids) {
        if (seed.outcome == ReportState::kOpen) return;
        ReportStore::StaffUpdate update;
        update.report_id = id;
        if (seed.outcome != ReportState::kHidden && seed.days_to_outcome > 1 &&
            seed.outcome != ReportState::kInvestigating) {
            at_ += kDemoDayMs;
            update.new_state = ReportState::kInvestigating;
            update.text = "Pranešimą gavome, apžiūrėsime vietoje.";
            block_on(store_.add_update(kDemoStaff, update, {}));
        }
        at_ = std::min(now_, at_ + seed.days_to_outcome * kDemoDayMs);
        update.new_state = seed.outcome;
        update.text = std::string(seed.answer);
        if (seed.outcome == ReportState::kDuplicate) update.duplicate_of = ids.front();
        block_on(store_.add_update(kDemoStaff, update, {}));
    }

    DatabaseWriter writer_;
    std::int64_t at_ = 0;
    ReportStore store_;
    const config::Reports& settings_;
    const std::int64_t now_;
    std::string confirm_token_;
    std::vector<ReportEvent> asked_;
};

}  // namespace

void seed_demo_reports(const std::filesystem::path& database_file, const config::Reports& settings,
                       DemoReportPhoto photo, std::int64_t now_unix_ms) {
    if (settings.elderships.empty()) return;
    {
        DemoReports demo(database_file, settings, now_unix_ms);
        if (!demo.empty()) return;
        demo.make(photo);
    }
    Database(database_file).exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

config::Open311ApiKey demo_open311_key(const std::filesystem::path& data_dir) {
    const std::filesystem::path file = data_dir / "demo-open311-key";
    std::string key;
    if (std::ifstream in(file); in) std::getline(in, key);
    if (key.size() < 24) {
        key = new_secret_token();
        write_file_durably(file, key + "\n", 0600);
    }
    return {"demo", key};
}

}  // namespace councilcast::portal
