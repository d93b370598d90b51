#include "portal/council/demo_council.hpp"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <fmt/core.h>

#include <array>
#include <string_view>

#include "common/cairo_ptr.hpp"
#include "common/gst_ptr.hpp"

namespace councilcast::portal {

std::string decision_draft_pdf(std::string_view title, std::string_view number) {
    std::string pdf;
    CairoSurfacePtr surface(cairo_pdf_surface_create_for_stream(
        [](void* closure, const unsigned char* data, unsigned int length) {
            static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
            return CAIRO_STATUS_SUCCESS;
        },
        &pdf, 595, 842));
    {
        CairoPtr cr(cairo_create(surface.get()));
        auto layout = GPtr<PangoLayout>::adopt(pango_cairo_create_layout(cr.get()));
        FontDescriptionPtr font(pango_font_description_from_string("DejaVu Sans 12"));
        pango_layout_set_font_description(layout.get(), font.get());
        pango_layout_set_width(layout.get(), 475 * PANGO_SCALE);
        const std::string text = fmt::format(
            "ELEKTRĖNŲ SAVIVALDYBĖS TARYBA\n\nSPRENDIMO PROJEKTAS Nr. {}\n\n{}\n\n"
            "Elektrėnų savivaldybės taryba, vadovaudamasi Lietuvos Respublikos vietos savivaldos "
            "įstatymu, nusprendžia pritarti šiam klausimui.\n\n(Demonstracinis dokumentas.)",
            number, title);
        pango_layout_set_text(layout.get(), text.c_str(), static_cast<int>(text.size()));
        cairo_move_to(cr.get(), 60, 60);
        pango_cairo_show_layout(cr.get(), layout.get());
    }
    cairo_surface_finish(surface.get());
    return pdf;
}

namespace {

constexpr std::int64_t kDay = 24 * 3600;
constexpr std::int64_t kHalfHour = 30 * 60;

struct GroupSeed {
    std::string_view name_lt, name_en, abbreviation;
    int seats;
};

constexpr std::array<GroupSeed, 5> kGroups = {{
    {"Lietuvos socialdemokratų partija", "Social Democratic Party of Lithuania", "LSDP", 10},
    {"Tėvynės sąjunga–Lietuvos krikščionys demokratai",
     "Homeland Union – Lithuanian Christian Democrats", "TS-LKD", 6},
    {"Lietuvos valstiečių ir žaliųjų sąjunga", "Lithuanian Farmers and Greens Union", "LVŽS", 4},
    {"Liberalų sąjūdis", "Liberal Movement", "LS", 3},
    {"Visuomeninis rinkimų komitetas „Elektrėnų bendruomenė“",
     "Public electoral committee “Elektrėnai Community”", "EB", 3},
}};

// Fictional people with common Lithuanian names, in seat order of kGroups; the first is the
// mayor, who chairs the council and since 2023 is not one of its 25 members (no vote), the
// second the deputy.
constexpr std::array<std::string_view, 26> kMembers = {
    "Kęstutis Vaitkus",      "Rasa Petrauskienė",    "Tomas Kazlauskas",
    "Jolanta Stankevičienė", "Mindaugas Jankauskas", "Aušra Žukauskienė",
    "Darius Butkus",         "Vida Paulauskienė",    "Saulius Urbonas",
    "Giedrė Navickienė",     "Andrius Kavaliauskas", "Laima Ramanauskienė",
    "Rolandas Baranauskas",  "Irena Sakalauskienė",  "Vytautas Mockus",
    "Neringa Kairienė",      "Arūnas Žemaitis",      "Dalia Vasiliauskienė",
    "Gintaras Lukoševičius", "Ingrida Bagdonienė",   "Marius Pocius",
    "Jūratė Adomaitienė",    "Egidijus Šimkus",      "Loreta Grigaliūnienė",
    "Paulius Rimkus",        "Ramunė Jasaitė",
};

struct CommitteeSeed {
    std::string_view name_lt, name_en, remit_lt, remit_en;
    std::array<int, 6> seats;  // indexes into kMembers; the first chairs
};

constexpr std::array<CommitteeSeed, 4> kCommittees = {{
    {"Ekonomikos, finansų ir biudžeto komitetas",
     "Economy, Finance and Budget Committee",
     "Biudžetas, mokesčiai, savivaldybės turtas ir verslo sąlygos.",
     "The budget, taxes, municipal property and conditions for business.",
     {2, 9, 14, 18, 21, 24}},
    {"Švietimo, kultūros, sporto ir socialinių reikalų komitetas",
     "Education, Culture, Sport and Social Affairs Committee",
     "Mokyklos, darželiai, kultūros centrai, sportas ir socialinė parama.",
     "Schools, kindergartens, culture centres, sport and social support.",
     {3, 7, 11, 15, 19, 22}},
    {"Teritorijų planavimo, ūkio ir komunalinių reikalų komitetas",
     "Planning, Infrastructure and Utilities Committee",
     "Teritorijų planavimas, keliai, atliekos, vanduo ir šiluma.",
     "Land-use planning, roads, waste, water and heating.",
     {4, 8, 12, 16, 20, 23}},
    {"Kontrolės komitetas",
     "Audit Committee",
     "Savivaldybės lėšų ir turto naudojimo priežiūra.",
     "Oversight of how municipal money and property are used.",
     {10, 13, 17, 5, 6, 1}},
}};

constexpr std::array<std::string_view, 8> kElderships = {
    "Elektrėnų",  "Vievio",  "Semeliškių", "Kietaviškių",
    "Kazokiškių", "Gilučių", "Pastrėvio",  "Beižionių",
};

struct ItemSeed {
    std::string_view title_lt, title_en, rapporteur, description_lt, description_en;
};

constexpr std::array<ItemSeed, 18> kItems = {{
    {"Dėl Elektrėnų savivaldybės 2027 metų biudžeto patvirtinimo",
     "Approval of the Elektrėnai Municipality budget for 2027",
     "Asta Jonaitienė, Finansų skyriaus vedėja",
     "Siūloma patvirtinti **45,8 mln. eurų** biudžetą. Daugiausia lėšų numatoma:\n\n"
     "- švietimui (38 %),\n- socialinei apsaugai (17 %),\n- keliams ir gatvėms (9 %).",
     "A budget of **€45.8 million** is proposed. The largest shares go to:\n\n"
     "- education (38%),\n- social protection (17%),\n- roads and streets (9%)."},
    {"Dėl vietinės rinkliavos už komunalinių atliekų surinkimą nuostatų pakeitimo",
     "Amending the local levy rules for municipal waste collection",
     "Tadas Kučinskas, Komunalinio ūkio skyriaus vedėjas",
     "Rinkliavos dydis nuo sausio 1 d. skaičiuojamas pagal išvežtų atliekų kiekį.",
     "From 1 January the levy is charged by the amount of waste collected."},
    {"Dėl nekilnojamojo turto mokesčio tarifų 2027 metams nustatymo",
     "Setting real estate tax rates for 2027", "Asta Jonaitienė, Finansų skyriaus vedėja",
     "Tarifai nesikeičia: 0,5 % gyvenamajam turtui ir 1 % komerciniam.",
     "Rates stay as they are: 0.5% for housing and 1% for commercial property."},
    {"Dėl Vievio gimnazijos pastato atnaujinimo projekto",
     "Renovation project of the Vievis gymnasium building",
     "Ona Mikalauskienė, Švietimo skyriaus vedėja",
     "Projektas apima stogo, langų ir šildymo sistemos atnaujinimą. Darbai vyktų vasarą.",
     "The project covers the roof, the windows and the heating. Work would take place in summer."},
    {"Dėl Elektrėnų ledo arenos naudojimosi tvarkos aprašo patvirtinimo",
     "Rules for the use of the Elektrėnai ice arena",
     "Justinas Dambrauskas, Sporto centro direktorius",
     "Nustatomos viešo čiuožimo valandos ir kainos moksleiviams bei senjorams.",
     "Sets public skating hours and prices for pupils and seniors."},
    {"Dėl socialinio būsto nuomos mokesčio dydžio", "Rent for social housing",
     "Vilma Tamošiūnienė, Socialinės paramos skyriaus vedėja",
     "Nuomos mokestis perskaičiuojamas pagal Vyriausybės nustatytą metodiką.",
     "The rent is recalculated by the method the Government has set."},
    {"Dėl Semeliškių seniūnijos gatvių apšvietimo modernizavimo",
     "Modernising street lighting in Semeliškės eldership",
     "Tadas Kučinskas, Komunalinio ūkio skyriaus vedėjas",
     "Keičiami 214 šviestuvų į LED. Numatomas elektros sutaupymas – apie 60 %.",
     "214 street lights are replaced with LED ones, saving about 60% of the electricity."},
    {"Dėl mokinių pavėžėjimo tvarkos aprašo pakeitimo", "Amending the rules for school transport",
     "Ona Mikalauskienė, Švietimo skyriaus vedėja",
     "Mokykliniai autobusai stos ir naujose Pastrėvio seniūnijos stotelėse.",
     "School buses will also stop at new stops in Pastrėvys eldership."},
    {"Dėl Elektrėnų marių pakrantės tvarkymo plano", "Plan for the Elektrėnai reservoir shoreline",
     "Gediminas Lapinskas, Architektūros skyriaus vedėjas",
     "Planuojamas pėsčiųjų takas, poilsio aikštelės ir *viešieji tualetai* prie paplūdimio.",
     "A footpath, rest areas and *public toilets* by the beach are planned."},
    {"Dėl savivaldybės tarybos veiklos reglamento pakeitimo",
     "Amending the council's rules of procedure", "Rūta Šalkauskienė, Tarybos sekretorė",
     "Posėdžiai bus transliuojami ir archyvuojami, balsavimas – elektroninis.",
     "Meetings will be broadcast and archived, and votes cast electronically."},
    {"Dėl Kietaviškių bendruomenės namų perdavimo panaudos pagrindais",
     "Lending the Kietaviškės community house",
     "Laura Žilinskienė, Turto valdymo skyriaus specialistė",
     "Pastatas 10 metų perduodamas Kietaviškių bendruomenei.",
     "The building is lent to the Kietaviškės community for 10 years."},
    {"Dėl viešojo transporto maršruto Elektrėnai–Vievis tvarkaraščio",
     "Timetable of the Elektrėnai–Vievis bus route",
     "Tadas Kučinskas, Komunalinio ūkio skyriaus vedėjas",
     "Darbo dienomis autobusai važiuos kas 30 minučių nuo 6 iki 9 val.",
     "On weekdays buses will run every 30 minutes from 6 to 9 am."},
    {"Dėl kultūros centro 2025 metų veiklos ataskaitos",
     "Annual report of the Culture Centre for 2025", "Eglė Stasiulienė, Kultūros centro direktorė",
     "Per metus surengti 312 renginiai, juose apsilankė 41 000 žiūrovų.",
     "312 events were held in the year, with 41,000 visitors."},
    {"Dėl savivaldybės mero 2025 metų veiklos ataskaitos", "The mayor's report for 2025",
     "Kęstutis Vaitkus, meras", "Meras pristato metų darbus ir atsako į tarybos narių klausimus.",
     "The mayor presents the year's work and answers council members' questions."},
    {"Dėl dviračių tako Elektrėnai–Abromiškės tiesimo",
     "Building the Elektrėnai–Abromiškės cycle path",
     "Gediminas Lapinskas, Architektūros skyriaus vedėjas",
     "7,2 km takas, 85 % lėšų – iš Europos Sąjungos fondų.",
     "A 7.2 km path, 85% funded by the European Union."},
    {"Dėl ikimokyklinio ugdymo įstaigų darbo laiko", "Opening hours of kindergartens",
     "Ona Mikalauskienė, Švietimo skyriaus vedėja", "Dvi grupės Elektrėnuose dirbs iki 19 val.",
     "Two groups in Elektrėnai will stay open until 7 pm."},
    {"Dėl Kazokiškių kapinių plėtros", "Extending the Kazokiškės cemetery",
     "Gediminas Lapinskas, Architektūros skyriaus vedėjas", "Kapinių teritorija didinama 0,8 ha.",
     "The cemetery grows by 0.8 ha."},
    {"Dėl paramos daugiabučių namų renovacijai", "Support for renovating apartment blocks",
     "Laura Žilinskienė, Turto valdymo skyriaus specialistė",
     "Savivaldybė padengs 10 % gyventojų dalies, jei renovacija baigiama iki 2028 m.",
     "The municipality pays 10% of the residents' share if the work ends by 2028."},
}};

constexpr std::string_view kPlaceLt = "Savivaldybės posėdžių salė, Trakų g. 2, Elektrėnai";
constexpr std::string_view kPlaceEn = "Council chamber, Trakų g. 2, Elektrėnai";

// The Wednesday of the week `days` from today, as days since 1970-01-01 (a Thursday): the
// council meets on Wednesdays.
std::int64_t council_day(std::int64_t now_unix, int days) {
    const std::int64_t day = now_unix / kDay + days;
    const std::int64_t monday_based_weekday = (day + 3) % 7;
    return day - monday_based_weekday + 2;
}

// `hour` o'clock on a day. The offset from UTC is Lithuania's winter time; the demo does not
// need summer accuracy.
std::int64_t at_hour(std::int64_t day, int hour) {
    return day * kDay + (hour - 2) * 3600;
}

DecisionOutcome outcome_for(int serial) {
    if (serial % 11 == 5) return DecisionOutcome::kPostponed;
    if (serial % 13 == 7) return DecisionOutcome::kRejected;
    return DecisionOutcome::kAdopted;
}

struct Seeder {
    CouncilStore& store;
    std::vector<std::int64_t> member_ids;
    std::vector<std::int64_t> committee_ids;
    int item_serial = 0;
    int decision_number = 180;

    void roster() {
        std::size_t next_member = 0;
        for (const auto& group : kGroups) {
            const std::int64_t group_id =
                block_on(store.add_group({0,
                                          {std::string(group.name_lt), std::string(group.name_en)},
                                          std::string(group.abbreviation)}));
            for (int seat = 0; seat < group.seats; ++seat, ++next_member) {
                CouncilMember member;
                member.name = std::string(kMembers[next_member]);
                member.group_id = group_id;
                member.position = next_member == 0   ? CouncilPosition::kChair
                                  : next_member == 1 ? CouncilPosition::kDeputyChair
                                                     : CouncilPosition::kMember;
                member.term_start = "2023-04-20";
                member.biography =
                    next_member == 0
                        ? LocalizedText{fmt::format(
                                            "{} – Elektrėnų savivaldybės meras nuo 2023 m., "
                                            "pirmininkauja tarybai.",
                                            kMembers[next_member]),
                                        fmt::format("{} has been Mayor of Elektrėnai since 2023 "
                                                    "and chairs the council.",
                                                    kMembers[next_member])}
                        : LocalizedText{
                              fmt::format("{} – Elektrėnų savivaldybės tarybos narys(-ė) nuo "
                                          "2023 m. Gyvena {} seniūnijoje.",
                                          kMembers[next_member], kElderships[next_member % 8]),
                              fmt::format("{} has been a member of Elektrėnai Municipal Council "
                                          "since 2023.",
                                          kMembers[next_member])};
                member_ids.push_back(block_on(store.add_member(member)));
            }
        }
        for (const auto& seed : kCommittees) {
            Committee committee;
            committee.name = {std::string(seed.name_lt), std::string(seed.name_en)};
            committee.remit = {std::string(seed.remit_lt), std::string(seed.remit_en)};
            committee.chair_member_id = member_ids[seed.seats[0]];
            for (int seat : seed.seats) committee.member_ids.push_back(member_ids[seat]);
            committee_ids.push_back(block_on(store.add_committee(committee)));
        }
        for (auto name : kElderships) {
            block_on(store.add_eldership({0, fmt::format("{} seniūnija", name)}));
        }
    }

    void agenda(std::int64_t meeting_id, std::int64_t starts, int items, bool decided,
                bool with_documents) {
        for (int i = 0; i < items; ++i, ++item_serial) {
            const ItemSeed& seed = kItems[item_serial % kItems.size()];
            AgendaItem item;
            item.meeting_id = meeting_id;
            item.title = {std::string(seed.title_lt), std::string(seed.title_en)};
            item.rapporteur = std::string(seed.rapporteur);
            item.description = {std::string(seed.description_lt), std::string(seed.description_en)};
            const std::int64_t item_id = block_on(store.add_agenda_item(item));
            const std::string number = fmt::format("KS-{}", ++decision_number);
            if (with_documents) {
                Document draft;
                draft.agenda_item_id = item_id;
                draft.title = {"Sprendimo projektas", "Draft decision"};
                draft.file_name = fmt::format("sprendimo-projektas-{}.pdf", number);
                draft.content_type = "application/pdf";
                block_on(store.add_document(draft, decision_draft_pdf(seed.title_lt, number)));
            }
            if (!decided) continue;
            Decision decision;
            decision.agenda_item_id = item_id;
            decision.number = number;
            decision.outcome = outcome_for(item_serial);
            decision.text = {
                fmt::format("Elektrėnų savivaldybės taryba nusprendžia: {}.", seed.description_lt),
                fmt::format("Elektrėnai Municipal Council decides: {}", seed.description_en)};
            decision.decided_unix = starts;
            block_on(store.add_decision(decision));
        }
    }

    std::int64_t meeting(MeetingKind kind, std::int64_t committee_id, std::int64_t starts,
                         MeetingStatus status, int number, const std::string& channel_id = {}) {
        Meeting meeting;
        meeting.channel_id = channel_id;
        meeting.kind = kind;
        meeting.committee_id = committee_id;
        if (kind == MeetingKind::kCouncil) {
            meeting.title = {fmt::format("Tarybos posėdis Nr. {}", number),
                             fmt::format("Council meeting no. {}", number)};
            meeting.place = {std::string(kPlaceLt), std::string(kPlaceEn)};
        } else {
            for (std::size_t i = 0; i < committee_ids.size(); ++i) {
                if (committee_ids[i] == committee_id) {
                    // "...komitetas" -> "...komiteto posėdis": the genitive.
                    std::string name(kCommittees[i].name_lt);
                    name.replace(name.size() - 2, 2, "o");
                    meeting.title = {fmt::format("{} posėdis", name),
                                     fmt::format("{} meeting", kCommittees[i].name_en)};
                }
            }
            meeting.place = {"Savivaldybės 214 kab., Trakų g. 2, Elektrėnai",
                             "Room 214, Trakų g. 2, Elektrėnai"};
        }
        meeting.starts_unix = starts;
        meeting.status = status;
        return block_on(store.add_meeting(meeting));
    }
};

}  // namespace

void seed_demo_council(CouncilStore& store, std::int64_t now_unix, const std::string& channel_id) {
    if (!store.snapshot()->members.empty() || !store.snapshot()->meetings.empty()) return;
    CouncilStore::Batch batch(store);
    Seeder seed{store, {}, {}};
    seed.roster();
    // Council meetings every four weeks, the committees a week before each.
    int number = 60;
    for (int month = -6; month <= 2; ++month) {
        const int days = month * 28;
        const bool past = month < 0;
        const bool live = month == 0;
        for (std::size_t c = 0; c < seed.committee_ids.size(); ++c) {
            // Tuesday to Friday of the week before.
            const std::int64_t starts =
                at_hour(council_day(now_unix, days) - 8 + static_cast<std::int64_t>(c), 13);
            const bool cancelled = month == -3 && c == 3;
            const MeetingStatus status = cancelled           ? MeetingStatus::kCancelled
                                         : starts < now_unix ? MeetingStatus::kEnded
                                                             : MeetingStatus::kPlanned;
            const auto id =
                seed.meeting(MeetingKind::kCommittee, seed.committee_ids[c], starts, status, 0);
            if (!cancelled) seed.agenda(id, starts, 3, false, false);
        }
        const std::int64_t starts =
            live ? now_unix - kHalfHour : at_hour(council_day(now_unix, days), 14);
        const MeetingStatus status = past   ? MeetingStatus::kEnded
                                     : live ? MeetingStatus::kLive
                                            : MeetingStatus::kPlanned;
        const auto id = seed.meeting(MeetingKind::kCouncil, 0, starts, status, ++number,
                                     live ? channel_id : std::string());
        seed.agenda(id, starts, month == -1 || live ? 7 : 5, past, month >= -1);
    }
}

void keep_demo_calendar_current(CouncilStore& store, std::int64_t now_unix) {
    auto snapshot = store.snapshot();
    auto live = std::find_if(snapshot->meetings.begin(), snapshot->meetings.end(),
                             [](const Meeting& m) { return m.status == MeetingStatus::kLive; });
    if (live == snapshot->meetings.end()) return;
    const std::int64_t was = live->starts_unix + kHalfHour;
    // Whole weeks, so meetings stay on their weekdays.
    constexpr std::int64_t kWeek = 7 * kDay;
    const std::int64_t whole_weeks = (now_unix - was) / kWeek * kWeek;
    if (whole_weeks != 0) block_on(store.shift_calendar(whole_weeks));
    Meeting meeting = *store.snapshot()->meeting(live->id);
    meeting.starts_unix = now_unix - kHalfHour;
    block_on(store.update_meeting(meeting));
}

}  // namespace councilcast::portal
