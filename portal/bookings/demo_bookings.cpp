#include "portal/bookings/demo_bookings.hpp"

#include <fmt/core.h>

#include <atomic>
#include <mutex>
#include <vector>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "common/unix_time.hpp"
#include "portal/bookings/booking_store.hpp"
#include "portal/bookings/local_days.hpp"

namespace councilcast::portal {
namespace {

// The demo's story starts this long before now: the bookings of its first half are the past.
constexpr int kStoryDays = 14;
// Bookings a service gets a day, at most, and every how many free times one is taken.
constexpr std::size_t kPerServiceDay = 2;
constexpr std::size_t kEvery = 5;

struct DemoService {
    int department;  // index into kDepartments
    std::string_view topic_lt;
    std::string_view topic_en;
    std::string_view description_lt;
    std::string_view description_en;
    int duration_minutes;
    ServiceMode mode;
    std::string_view where;      // the place, or the video link
    bool english;                // offered in English too
    std::vector<int> officials;  // indices into kDemoOfficialEmails
};

constexpr std::pair<std::string_view, std::string_view> kDepartments[] = {
    {"Architektūros ir teritorijų planavimo skyrius",
     "Architecture and Spatial Planning Department"},
    {"Socialinės paramos skyrius", "Social Support Department"},
    {"Švietimo, kultūros ir sporto skyrius", "Education, Culture and Sport Department"},
};

constexpr std::string_view kOfficialNames[] = {
    "Rūta Kazlauskienė",
    "Tomas Žukauskas",
    "Ona Petrauskienė",
    "Mantas Vasiliauskas",
};

const std::vector<DemoService>& demo_services() {
    static const std::vector<DemoService> services = {
        {0,
         "Statybos leidimai",
         "Building permits",
         "Ką reikia pateikti statybos leidimui gauti ir kaip užpildyti prašymą.",
         "What to submit for a building permit and how to fill in the application.",
         30,
         ServiceMode::kInPerson,
         "Elektrėnai, Trakų g. 2, 104 kab.",
         true,
         {0, 1}},
        {0,
         "Teritorijų planavimas",
         "Spatial planning",
         "Detalieji planai, žemės paskirties keitimas, viešinimas.",
         "Detailed plans, changing how land may be used, public consultation.",
         45,
         ServiceMode::kVideo,
         "https://meet.example.lt/elektrenai-planavimas",
         false,
         {0}},
        {1,
         "Socialinė pašalpa ir kompensacijos",
         "Social benefit and compensations",
         "Kas gali gauti pašalpą, šildymo ir vandens kompensacijas, kokių dokumentų reikia.",
         "Who can receive the benefit and heating and water compensations, which documents "
         "are needed.",
         30,
         ServiceMode::kInPerson,
         "Elektrėnai, Trakų g. 2, 12 kab.",
         false,
         {2}},
        {1,
         "Pagalba į namus",
         "Help at home",
         "Pagalba senyvo amžiaus ir neįgaliems žmonėms jų namuose.",
         "Help for older and disabled people in their homes.",
         20,
         ServiceMode::kPhone,
         "",
         false,
         {2}},
        {2,
         "Priėmimas į darželius ir mokyklas",
         "Admission to kindergartens and schools",
         "Eilės, prašymai ir lengvatos priimant vaikus į ugdymo įstaigas.",
         "Waiting lists, applications and priorities when children are admitted.",
         20,
         ServiceMode::kPhone,
         "",
         true,
         {3}},
        {2,
         "Renginių ir sporto projektų finansavimas",
         "Funding for events and sports projects",
         "Kaip parengti paraišką savivaldybės finansavimui gauti.",
         "How to prepare an application for the municipality's funding.",
         30,
         ServiceMode::kVideo,
         "https://meet.example.lt/elektrenai-projektai",
         true,
         {3}},
    };
    return services;
}

constexpr std::pair<std::string_view, std::string_view> kResidents[] = {
    {"Jonas Jonaitis", "lt"}, {"Aistė Petraitytė", "lt"},    {"Vytautas Kazlauskas", "lt"},
    {"Emily Clarke", "en"},   {"Greta Stankevičiūtė", "lt"}, {"Paulius Žemaitis", "lt"},
    {"Laura Vaitkutė", "lt"}, {"Andrius Mockus", "lt"},      {"Olena Kovalenko", "en"},
    {"Dalia Butkienė", "lt"}, {"Rimantas Urbonas", "lt"},    {"Eglė Navickaitė", "lt"},
};

constexpr std::string_view kNotes[] = {
    "", "Norėčiau pasitarti dėl namo Vievyje.", "", "Turiu klausimų dėl dokumentų.",
    "", "Paskambinkite, jei vėluosiu.",
};

class DemoStory {
  public:
    DemoStory(const std::filesystem::path& database_file, const config::Bookings& settings,
              std::int64_t now_unix_ms)
        : now_(now_unix_ms),
          clock_(now_unix_ms - kStoryDays * kDayMs),
          writer_(database_file),
          store_(database_file, writer_, settings, {}, [this] { return clock_.load(); }) {
        // The mails of a real booking are not sent: the confirmation link is followed here.
        store_.set_event_sink([this](Database&, const BookingEvent& event) {
            if (event.kind != BookingEvent::Kind::kPendingConfirmation) return;
            std::lock_guard lock(tokens_mutex_);
            confirmation_ = event.confirmation_token;
        });
    }

    bool empty() const { return store_.snapshot()->departments.empty(); }

    void set_up(const DemoOfficialAccount& official_account) {
        std::vector<std::int64_t> departments;
        int position = 1;
        for (const auto& [lt, en] : kDepartments) {
            departments.push_back(block_on(store_.save_department(
                {0, std::string(lt), std::string(en), position++}, note("booking.department"))));
        }
        for (std::size_t i = 0; i < std::size(kDemoOfficialEmails); ++i) {
            officials_.push_back(official_account(std::string(kDemoOfficialEmails[i])));
            block_on(store_.save_official({officials_.back(), std::string(kOfficialNames[i]), true},
                                          note("booking.official")));
        }
        position = 1;
        for (const DemoService& demo : demo_services()) {
            Service service;
            service.department_id = departments[demo.department];
            service.topic_lt = demo.topic_lt;
            service.topic_en = demo.topic_en;
            service.description_lt = demo.description_lt;
            service.description_en = demo.description_en;
            service.duration_minutes = demo.duration_minutes;
            service.mode = demo.mode;
            if (demo.mode == ServiceMode::kInPerson) service.place = demo.where;
            if (demo.mode == ServiceMode::kVideo) service.video_link = demo.where;
            service.languages = demo.english ? std::vector<std::string>{"lt", "en"}
                                             : std::vector<std::string>{"lt"};
            service.position = position++;
            const std::int64_t id = block_on(store_.save_service(service, note("booking.service")));
            services_.push_back(id);
            for (int official : demo.officials) {
                block_on(
                    store_.save_rule(office_hours(officials_[official], id), note("booking.rule")));
            }
        }
        // Tomas is away for three days of next week; Ona takes extra calls one Saturday.
        const LocalDate today = store_.zone().local_date(now_);
        const LocalDate next_monday = add_days(today, 8 - weekday_of(today));
        AvailabilityException away;
        away.official_id = officials_[1];
        away.kind = AvailabilityException::Kind::kOff;
        away.from = add_days(next_monday, 1);
        away.to = add_days(next_monday, 3);
        away.note = "Komandiruotė";
        block_on(store_.add_exception(away, note("booking.exception")));
        AvailabilityException saturday;
        saturday.official_id = officials_[2];
        saturday.kind = AvailabilityException::Kind::kExtra;
        saturday.from = saturday.to = add_days(next_monday, 5);
        saturday.start_minute = 9 * 60;
        saturday.end_minute = 12 * 60;
        saturday.service_id = services_[3];
        block_on(store_.add_exception(saturday, note("booking.exception")));
    }

    // Residents book a few of each service's free times over four weeks from the story's start:
    // the first two are the past by now.
    void book() {
        const LocalDate first = store_.zone().local_date(clock_.load());
        const LocalDate last = add_days(first, 2 * kStoryDays);
        int resident = 0;
        for (const std::int64_t service : services_) {
            std::vector<FreeSlot> day_slots;
            LocalDate day = first;
            for (const FreeSlot& slot : store_.free_slots(service, first, last)) {
                const LocalDate date = store_.zone().local_date(slot.start_unix_ms);
                if (!(date == day)) {
                    take(service, day_slots, resident);
                    day_slots.clear();
                    day = date;
                }
                day_slots.push_back(slot);
            }
            take(service, day_slots, resident);
        }
    }

    // Now: the consultations before the last week marked, a few cancelled by the resident and
    // by the official, and tomorrow's reminders counted as sent: the demo's residents are made up,
    // and a mail to each would bury the newcomer's own on the staff mail page.
    void finish() {
        clock_ = now_;
        int count = 0;
        for (const Made& made : made_) {
            ++count;
            // The last week's are left for the official to mark.
            if (made.start_unix_ms < now_ - 7 * kDayMs) {
                const BookingState outcome =
                    count % 9 == 0 ? BookingState::kNoShow : BookingState::kAttended;
                block_on(store_.mark(made.id, outcome, note("booking.mark")));
                if (count % 4 == 0) {
                    block_on(store_.note(made.id, "Klausimas išspręstas, dokumentai priimti.",
                                         note("booking.note")));
                }
            } else if (made.start_unix_ms > now_ + kDayMs && count % 7 == 0) {
                block_on(store_.cancel(made.manage_token));
            } else if (made.start_unix_ms > now_ + kDayMs && count % 11 == 0) {
                block_on(store_.cancel_by_official(
                    made.id, "Atsiprašau, tą dieną būsiu išvykęs. Užsiregistruokite kitu laiku.",
                    note("booking.cancel_by_official")));
            }
        }
        // This store has no event sink: the reminders are marked without a mail.
        block_on(store_.send_reminders(now_));
    }

  private:
    struct Made {
        std::int64_t id;
        std::int64_t start_unix_ms;
        std::string manage_token;
    };

    // Every kEvery-th free time of one day of a service, up to kPerServiceDay.
    void take(std::int64_t service, const std::vector<FreeSlot>& slots, int& resident) {
        std::size_t taken = 0;
        for (std::size_t i = 1; i < slots.size() && taken < kPerServiceDay; i += kEvery) {
            // An earlier booking of the day may have taken this time: the store says so.
            const auto held = block_on(store_.hold({service, slots[i].start_unix_ms, "demo", ""}));
            if (held.taken) continue;
            const auto& [name, language] = kResidents[resident % std::size(kResidents)];
            BookingStore::BookingRequest request;
            request.hold_token = held.token;
            request.name = name;
            request.email = fmt::format("gyventojas{}@example.lt", resident + 1);
            request.phone =
                resident % 3 == 0 ? "" : fmt::format("+370 600 {:05}", 10'000 + resident);
            request.note = kNotes[resident % std::size(kNotes)];
            const Service* offered = store_.snapshot()->service(service);
            request.language =
                offered && offered->languages.size() > 1 ? std::string(language) : "lt";
            ++resident;
            const auto booked = block_on(store_.book(request));
            std::string token;
            {
                std::lock_guard lock(tokens_mutex_);
                token = confirmation_;
            }
            block_on(store_.confirm(token));
            made_.push_back({booked.booking_id, slots[i].start_unix_ms, booked.manage_token});
            ++taken;
        }
    }

    static AvailabilityRule office_hours(std::int64_t official, std::int64_t service) {
        AvailabilityRule rule;
        rule.official_id = official;
        rule.service_id = service;
        for (Weekday day = 1; day <= 4; ++day) {
            rule.weekly.push_back({day, 8 * 60, 12 * 60});
            rule.weekly.push_back({day, 13 * 60, 16 * 60});
        }
        rule.weekly.push_back({5, 8 * 60, 12 * 60});
        rule.buffer_after_minutes = 5;
        rule.minimum_notice_minutes = 120;
        rule.horizon_days = 60;
        rule.daily_maximum = 8;
        return rule;
    }

    AuditNote note(std::string_view action) const {
        return [this, action](std::int64_t id) {
            AuditEntry entry;
            entry.at_unix_ms = clock_.load();
            entry.actor = "councilcast demo";
            entry.action = std::string(action);
            entry.target = fmt::format("{}", id);
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
    BookingStore store_;
    std::mutex tokens_mutex_;
    std::string confirmation_;  // the last booking's, as its mail would have carried it
    std::vector<std::int64_t> officials_;
    std::vector<std::int64_t> services_;
    std::vector<Made> made_;
};

}  // namespace

void seed_demo_bookings(const std::filesystem::path& database_file,
                        const config::Bookings& settings, DemoOfficialAccount official_account,
                        std::int64_t now_unix_ms) {
    {
        DemoStory story(database_file, settings, now_unix_ms);
        if (!story.empty()) return;
        story.set_up(official_account);
        story.book();
        story.finish();
    }
    // As the demo's petitions do: the write-ahead log those few hundred commits grew is given
    // back, so the demo's disk holds its data and a full disk fails the next write that needs room.
    Database(database_file).exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

}  // namespace councilcast::portal
