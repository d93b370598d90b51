// The council's voting as members, the chair and the secretary meet it: the real server (the
// demo's council, no simulated sitting), real HTTP clients with their own sessions, accounts
// made with `councilcast user add --member`, and what counted read back from the pages.
#include <doctest/doctest.h>

#include <signal.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <thread>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "portal/council/council_store.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/test_browser.hpp"

using namespace councilcast;
using namespace councilcast::testing;
using namespace std::chrono_literals;

namespace {

// The demo's roster: the mayor, who chairs and has no vote, and the council's 25 members.
constexpr int kVoters = 25;
constexpr int kSessions = kVoters + 1;  // the mayor tries too

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::int64_t id_in(const std::string& text, const std::string& pattern) {
    std::smatch match;
    REQUIRE(std::regex_search(text, match, std::regex(pattern)));
    return std::stoll(match[1]);
}

// The demo's council, read from the database the server seeded.
struct Roster {
    std::int64_t meeting_id = 0;
    std::int64_t other_meeting_id = 0;  // one that is not live
    std::vector<std::int64_t> items;    // the live meeting's agenda, in order
    std::vector<std::int64_t> members;  // serving members with a vote
    std::int64_t mayor = 0;             // on the roster, chairs, has no vote
};

Roster roster_of(const std::filesystem::path& data_dir) {
    DatabaseWriter writer(data_dir / "councilcast.sqlite");
    portal::CouncilStore store(data_dir / "councilcast.sqlite", data_dir, writer);
    const auto snapshot = store.snapshot();
    Roster roster;
    for (const auto& meeting : snapshot->meetings) {
        if (meeting.status == portal::MeetingStatus::kLive) {
            roster.meeting_id = meeting.id;
        } else {
            roster.other_meeting_id = meeting.id;
        }
    }
    for (const auto& item : snapshot->agenda(roster.meeting_id)) roster.items.push_back(item.id);
    for (const auto& member : snapshot->members) {
        if (member.position == portal::CouncilPosition::kChair) {
            roster.mayor = member.id;
        } else if (member.term_end.empty()) {
            roster.members.push_back(member.id);
        }
    }
    return roster;
}

// `serve --seed-demo` on one light channel: the demo's municipality without the demo's
// simulated sitting, which would open votes of its own.
class Portal {
  public:
    explicit Portal(const std::string& name) : dir_(fresh_directory(name)) {
        std::ifstream channel(source_dir() + "/tests/support/light_channel.toml");
        std::stringstream light;
        light << channel.rdbuf();
        std::ofstream(dir_ / "councilcast.toml") << light.str();
        start();
        roster = roster_of(data_dir());
        REQUIRE(roster.meeting_id != 0);
        REQUIRE(roster.members.size() == kVoters);
        REQUIRE(roster.mayor != 0);
        REQUIRE(roster.items.size() >= 2);
    }

    void start() {
        process = std::make_unique<DemoProcess>(DemoProcess::Command{
            {"serve", "--config", (dir_ / "councilcast.toml").string(), "--listen", "127.0.0.1:0",
             "--data-dir", data_dir().string(), "--seed-demo"}});
    }

    std::filesystem::path data_dir() const { return dir_ / "data"; }
    std::string meeting() const { return std::to_string(roster.meeting_id); }

    std::unique_ptr<DemoProcess> process;
    Roster roster;

  private:
    std::filesystem::path dir_;
};

// A council member's account, its own session and the member page's forms.
struct Member {
    Browser browser;
    std::string email;

    Member(Portal& portal, const std::string& email_address)
        : browser(*portal.process), email(email_address) {
        REQUIRE(browser.sign_in(email).status == 303);
    }

    HttpResult page(const Portal& portal, const std::string& prefix = "") {
        return browser.get(prefix + "/vote?meeting=" + portal.meeting());
    }

    void register_at(const Portal& portal) {
        page(portal);
        REQUIRE(browser.post("/vote/presence", "meeting_id=" + portal.meeting() + "&present=1")
                    .status == 303);
    }

    // As member_vote.js sends it: the page's form fields, a key of its own, JSON asked for.
    HttpResult ballot(const Portal& portal, std::int64_t vote_id, const std::string& choice,
                      const std::string& key, const std::string& prefix = "") {
        return browser.post(prefix + "/vote/ballot",
                            "meeting_id=" + portal.meeting() + "&vote_id=" +
                                std::to_string(vote_id) + "&choice=" + choice + "&key=" + key,
                            {{"Accept", "application/json"}});
    }
};

std::string member_email(int i) {
    return "narys" + std::to_string(i) + "@example.lt";
}

// Accounts for the first `count` serving members, made while the server runs (the roster the
// --member check reads is the one the server seeded).
void add_members(const Portal& portal, int count) {
    for (int i = 0; i < count; ++i) {
        add_user(portal.data_dir(), member_email(i),
                 "--role council_member --member " + std::to_string(portal.roster.members[i]));
    }
}

// The chair's console, signed in.
struct Chair {
    Browser browser;

    explicit Chair(Portal& portal, const std::string& email = "pirmininkas@example.lt")
        : browser(*portal.process) {
        REQUIRE(browser.sign_in(email).status == 303);
        REQUIRE(browser.get("/staff/sitting?meeting=" + portal.meeting()).status == 200);
    }

    HttpResult console(const Portal& portal) {
        return browser.get("/staff/sitting?meeting=" + portal.meeting());
    }

    std::int64_t open_vote(const Portal& portal, std::int64_t item_id) {
        REQUIRE(browser
                    .post("/staff/sitting/item", "meeting_id=" + portal.meeting() +
                                                     "&agenda_item_id=" + std::to_string(item_id))
                    .status == 303);
        console(portal);
        HttpResult opened = browser.post("/staff/sitting/open",
                                         "meeting_id=" + portal.meeting() +
                                             "&motion_lt=" + form_encode("Pritarti projektui") +
                                             "&motion_en=&question=ordinary&kind=&countdown=0");
        INFO(opened.body);
        REQUIRE(opened.status == 303);
        return id_in(console(portal).body, R"re(name="vote_id" value="(\d+)")re");
    }

    HttpResult close_vote(const Portal& portal, std::int64_t vote_id) {
        console(portal);
        return browser.post("/staff/sitting/close", "vote_id=" + std::to_string(vote_id));
    }

    // The open vote's counts as the console shows them: for, against, abstain, not voting.
    std::vector<int> counts(const Portal& portal) {
        const std::string page = console(portal).body;
        std::vector<int> found;
        static const std::regex count(R"re(<dt>[^<]+</dt><dd>(\d+)</dd>)re");
        for (auto it = std::sregex_iterator(page.begin(), page.end(), count);
             it != std::sregex_iterator(); ++it) {
            found.push_back(std::stoi((*it)[1]));
        }
        return found;
    }
};

}  // namespace

TEST_CASE(
    "26 sessions vote at once: the council's 25 members count exactly, the mayor is refused") {
    Portal portal("voting-parallel");
    add_members(portal, kVoters);
    // The mayor's account linked to the mayor's roster entry: a council member's page, no vote.
    add_user(portal.data_dir(), "meras@example.lt",
             "--role council_member --member " + std::to_string(portal.roster.mayor));
    add_user(portal.data_dir(), "pirmininkas@example.lt", "--role chair");
    Chair chair(portal);

    std::vector<std::unique_ptr<Member>> members;
    for (int i = 0; i < kVoters; ++i) {
        members.push_back(std::make_unique<Member>(portal, member_email(i)));
        members.back()->register_at(portal);
    }
    members.push_back(std::make_unique<Member>(portal, "meras@example.lt"));
    const std::int64_t vote_id = chair.open_vote(portal, portal.roster.items[0]);

    // 13 for, 7 against, 5 abstain and the mayor's try, all in flight at once, each from its
    // own session.
    std::vector<HttpResult> answers(kSessions);
    std::vector<std::thread> threads;
    std::atomic<int> ready{0};
    for (int i = 0; i < kSessions; ++i) {
        members[i]->page(portal);
        const std::string choice = i < 13 ? "for" : i < 20 ? "against" : "abstain";
        threads.emplace_back([&, i, choice] {
            ++ready;
            while (ready.load() < kSessions) std::this_thread::yield();
            answers[i] =
                members[i]->ballot(portal, vote_id, choice, "parallel" + std::to_string(i));
        });
    }
    for (auto& thread : threads) thread.join();
    for (int i = 0; i < kVoters; ++i) {
        INFO(answers[i].body);
        CHECK(answers[i].status == 200);
        CHECK(contains(answers[i].body, R"("result":"counted")"));
        CHECK(contains(answers[i].body, "Jūsų balsas įskaitytas: "));
    }
    INFO(answers[kVoters].body);
    CHECK(answers[kVoters].status == 422);
    CHECK(contains(answers[kVoters].body, "Meras posėdžiui pirmininkauja, bet nebalsuoja."));
    CHECK(chair.counts(portal) == std::vector<int>{13, 7, 5, 0});

    // Closed: the console's list of votes says the result and its arithmetic.
    CHECK(chair.close_vote(portal, vote_id).status == 303);
    const std::string console = chair.console(portal).body;
    CHECK(contains(console, "PRIIMTA"));
    CHECK(contains(console, "13 už iš 25 dalyvavusių; reikėjo 13"));

    // Residents without JavaScript: the meeting page lists the vote, each member's page how
    // they voted, in both languages.
    HttpClient resident;
    const std::string meeting =
        resident.get(members[0]->browser.url("/meetings/" + portal.meeting())).body;
    CHECK(contains(meeting, "id=\"vote-" + std::to_string(vote_id) + "\""));
    // With the votes, the vote log's hash after the meeting's last entry, for anyone to compare
    // with the log later.
    std::smatch chain;
    REQUIRE(std::regex_search(meeting, chain, std::regex("vote-chain__hash\">([0-9a-f]{64})<")));
    {
        Database db(portal.data_dir() / "councilcast.sqlite", Durability::kNormal,
                    OpenMode::kReadOnly);
        Statement last =
            db.cached("SELECT hash FROM vote_log WHERE meeting_id = ? ORDER BY id DESC LIMIT 1");
        last.bind(1, std::stoll(portal.meeting()));
        REQUIRE(last.step());
        CHECK(last.column_text(0) == chain[1].str());
    }
    CHECK(contains(meeting, "13 už iš 25 dalyvavusių; reikėjo 13"));
    const std::string member_page =
        resident
            .get(members[0]->browser.url("/council/" + std::to_string(portal.roster.members[0])))
            .body;
    CHECK(contains(member_page, "Kaip balsavo"));
    CHECK(contains(member_page, "Balsas: <strong>Už</strong>"));
    const std::string english = resident
                                    .get(members[19]->browser.url(
                                        "/en/council/" + std::to_string(portal.roster.members[19])))
                                    .body;
    CHECK(contains(english, "How they voted"));
    CHECK(contains(english, "Vote: <strong>Against</strong>"));
}

TEST_CASE("a member's second vote replaces the first, and a retried ballot counts once") {
    Portal portal("voting-change");
    add_members(portal, 13);
    add_user(portal.data_dir(), "pirmininkas@example.lt", "--role chair");
    Chair chair(portal);
    std::vector<std::unique_ptr<Member>> members;
    for (int i = 0; i < 13; ++i) {
        members.push_back(std::make_unique<Member>(portal, member_email(i)));
        members.back()->register_at(portal);
    }
    const std::int64_t vote_id = chair.open_vote(portal, portal.roster.items[0]);
    Member& member = *members[0];
    member.page(portal);

    HttpResult first = member.ballot(portal, vote_id, "for", "first-key-1");
    CHECK(contains(first.body, R"("result":"counted")"));
    // The same request again (a retry after a lost answer): nothing changes.
    HttpResult again = member.ballot(portal, vote_id, "for", "first-key-1");
    CHECK(again.status == 200);
    CHECK(contains(again.body, R"("result":"repeated")"));
    CHECK(chair.counts(portal) == std::vector<int>{1, 0, 0, 12});

    HttpResult changed = member.ballot(portal, vote_id, "against", "second-key");
    CHECK(contains(changed.body, R"("result":"replaced")"));
    CHECK(contains(changed.body, "Jūsų balsas įskaitytas: Prieš"));
    CHECK(chair.counts(portal) == std::vector<int>{0, 1, 0, 12});

    // Without JavaScript: the form posts, the page comes back saying what counted.
    member.page(portal);
    HttpResult plain = member.browser.post(
        "/vote/ballot", "meeting_id=" + portal.meeting() + "&vote_id=" + std::to_string(vote_id) +
                            "&choice=abstain&key=plainformkey");
    REQUIRE(plain.status == 303);
    HttpResult after =
        member.browser.get(plain.header("location").substr(plain.header("location").find("/vote")));
    CHECK(contains(after.body, "Jūsų balsas įskaitytas: Susilaikė"));
    CHECK(contains(after.body, "Jūsų balsas: Susilaikė."));
    CHECK(chair.counts(portal) == std::vector<int>{0, 0, 1, 12});
}

TEST_CASE("those who may not vote are refused, each told why in their own language") {
    Portal portal("voting-refusals");
    add_members(portal, 14);
    add_user(portal.data_dir(), "pirmininkas@example.lt", "--role chair");
    add_user(portal.data_dir(), "gyventojas@example.lt");
    add_user(portal.data_dir(), "nesusietas@example.lt", "--role council_member");
    Chair chair(portal);
    std::vector<std::unique_ptr<Member>> members;
    for (int i = 0; i < 14; ++i) {
        members.push_back(std::make_unique<Member>(portal, member_email(i)));
        members.back()->register_at(portal);
    }
    // Member 13 declares a conflict of interest on the first item before its vote opens.
    Member& recused = *members[13];
    recused.page(portal);
    const std::string item = std::to_string(portal.roster.items[0]);
    HttpResult unconfirmed = recused.browser.post(
        "/vote/recusal", "meeting_id=" + portal.meeting() + "&agenda_item_id=" + item);
    CHECK(unconfirmed.status == 422);
    CHECK(contains(unconfirmed.body, "Pažymėkite, kad tikrai nusišalinate"));
    CHECK(recused.browser
              .post("/vote/recusal",
                    "meeting_id=" + portal.meeting() + "&agenda_item_id=" + item + "&confirm=1")
              .status == 303);
    const std::int64_t vote_id = chair.open_vote(portal, portal.roster.items[0]);

    {  // the chair, who is no council member
        HttpResult lt = chair.browser.get("/vote");
        CHECK(lt.status == 403);
        CHECK(contains(lt.body, "Neturite teisių šiam puslapiui."));
        HttpResult en = chair.browser.get("/en/vote");
        CHECK(en.status == 403);
        CHECK(contains(en.body, "You do not have the rights for this page."));
        HttpResult post =
            chair.browser.post("/vote/ballot", "meeting_id=" + portal.meeting() +
                                                   "&vote_id=" + std::to_string(vote_id) +
                                                   "&choice=for&key=chairkey1");
        CHECK(post.status == 403);
    }
    {  // a resident
        Browser resident(*portal.process);
        REQUIRE(resident.sign_in("gyventojas@example.lt").status == 303);
        CHECK(resident.get("/vote").status == 403);
        CHECK(contains(resident.get("/en/vote").body, "You do not have the rights for this page."));
    }
    {  // a council member's account that names no roster entry
        Browser unlinked(*portal.process);
        REQUIRE(unlinked.sign_in("nesusietas@example.lt").status == 303);
        CHECK(contains(unlinked.get("/vote").body, "Jūsų paskyra nesusieta su tarybos nariu."));
        CHECK(contains(unlinked.get("/en/vote").body,
                       "Your account is not linked to a council member."));
    }
    {  // a recused member
        recused.page(portal);
        HttpResult lt = recused.ballot(portal, vote_id, "for", "recusedkey1");
        CHECK(lt.status == 422);
        CHECK(contains(lt.body, "nusišalinote"));
        recused.page(portal, "/en");
        HttpResult en = recused.ballot(portal, vote_id, "for", "recusedkey2", "/en");
        CHECK(en.status == 422);
        CHECK(contains(en.body, "conflict of interest"));
        // The page says so instead of offering the buttons.
        CHECK(contains(recused.page(portal).body, "Nusišalinote nuo šio klausimo"));
    }
    {  // a vote of another meeting, a vote that is not there, a made-up choice
        Member& member = *members[0];
        member.page(portal);
        HttpResult other = member.browser.post(
            "/vote/ballot",
            "meeting_id=" + std::to_string(portal.roster.other_meeting_id) +
                "&vote_id=" + std::to_string(vote_id) + "&choice=for&key=othermeeting",
            {{"Accept", "application/json"}});
        CHECK(other.status == 422);
        CHECK(contains(other.body, "kitame posėdyje"));
        HttpResult missing = member.ballot(portal, vote_id + 1000, "for", "missingvote");
        CHECK(missing.status == 422);
        HttpResult choice = member.ballot(portal, vote_id, "maybe", "madeupchoice");
        CHECK(choice.status == 422);
        CHECK(contains(choice.body, "Pasirinkite Už, Prieš arba Susilaikė."));
    }
    {  // a closed vote
        CHECK(chair.close_vote(portal, vote_id).status == 303);
        Member& member = *members[0];
        member.page(portal);
        HttpResult lt = member.ballot(portal, vote_id, "for", "closedvote1");
        CHECK(lt.status == 422);
        CHECK(contains(lt.body, "neįskaitytas"));
        member.page(portal, "/en");
        HttpResult en = member.ballot(portal, vote_id, "for", "closedvote2", "/en");
        CHECK(en.status == 422);
        CHECK(contains(en.body, "not counted"));
        // Without JavaScript, the refusal is on the page, which offers no buttons any more.
        member.page(portal);
        HttpResult plain =
            member.browser.post("/vote/ballot", "meeting_id=" + portal.meeting() +
                                                    "&vote_id=" + std::to_string(vote_id) +
                                                    "&choice=for&key=closedvote3");
        CHECK(plain.status == 422);
        CHECK(contains(plain.body, "role=\"alert\""));
        CHECK(contains(plain.body, "Šiuo metu balsavimas nevyksta."));
    }
}

TEST_CASE("kill -9 of the portal while members vote loses no acknowledged vote") {
    Portal portal("voting-kill");
    add_members(portal, kVoters);
    add_user(portal.data_dir(), "pirmininkas@example.lt", "--role chair");
    Chair chair(portal);
    std::vector<std::unique_ptr<Member>> members;
    for (int i = 0; i < kVoters; ++i) {
        members.push_back(std::make_unique<Member>(portal, member_email(i)));
        members.back()->register_at(portal);
        members.back()->page(portal);
    }
    const std::int64_t vote_id = chair.open_vote(portal, portal.roster.items[0]);

    // Every member votes "for", one after another in several threads; the portal is killed
    // once some have been acknowledged and others are still on their way.
    std::vector<bool> acknowledged(kVoters, false);
    std::atomic<int> acknowledgements{0};
    std::vector<std::thread> threads;
    for (int lane = 0; lane < 5; ++lane) {
        threads.emplace_back([&, lane] {
            for (int i = lane; i < kVoters; i += 5) {
                HttpResult answer =
                    members[i]->ballot(portal, vote_id, "for", "killtest" + std::to_string(i));
                if (answer.status == 200 && contains(answer.body, R"("result":"counted")")) {
                    acknowledged[i] = true;
                    ++acknowledgements;
                }
            }
        });
    }
    REQUIRE(wait_for([&] { return acknowledgements.load() >= 8; }, 30s, 1ms));
    ::kill(portal.process->pid(), SIGKILL);
    for (auto& thread : threads) thread.join();
    portal.process->stop();
    const int acked = acknowledgements.load();
    INFO("acknowledged before the kill: " << acked);

    portal.start();
    Chair after(portal);
    const auto counts = after.counts(portal);
    REQUIRE(counts.size() == 4);
    CHECK(counts[0] >= acked);
    CHECK(counts[0] + counts[3] == kVoters);
    // Each acknowledged member's page still says how they voted.
    for (int i = 0; i < kVoters; ++i) {
        if (!acknowledged[i]) continue;
        Member member(portal, member_email(i));
        CHECK(contains(member.page(portal).body, "Jūsų balsas: Už."));
    }
}

TEST_CASE("the secretary registers members, cancels a vote and enters a show of hands") {
    Portal portal("voting-secretary");
    add_user(portal.data_dir(), "sekretore@example.lt", "--role secretary");
    Chair secretary(portal, "sekretore@example.lt");
    for (int i = 0; i < 14; ++i) {
        secretary.console(portal);
        HttpResult registered = secretary.browser.post(
            "/staff/sitting/presence", "meeting_id=" + portal.meeting() + "&member_id=" +
                                           std::to_string(portal.roster.members[i]) + "&present=1");
        INFO(registered.error << registered.body);
        REQUIRE(registered.status == 303);
    }
    CHECK(contains(secretary.console(portal).body, "Užsiregistravo 14 iš 25"));
    const std::int64_t vote_id = secretary.open_vote(portal, portal.roster.items[1]);
    // Cancelling needs its tick.
    secretary.console(portal);
    HttpResult unconfirmed =
        secretary.browser.post("/staff/sitting/void", "vote_id=" + std::to_string(vote_id));
    CHECK(unconfirmed.status == 422);
    CHECK(contains(unconfirmed.body, "Pažymėkite, kad tikrai anuliuojate balsavimą."));
    secretary.console(portal);
    CHECK(secretary.browser
              .post("/staff/sitting/void", "vote_id=" + std::to_string(vote_id) + "&confirm=1")
              .status == 303);
    std::string console = secretary.console(portal).body;
    CHECK(contains(console, "ANULIUOTA"));
    CHECK(contains(console, "Balsuoti pakartotinai"));

    HttpResult manual = secretary.browser.post(
        "/staff/sitting/manual",
        "meeting_id=" + portal.meeting() +
            "&agenda_item_id=" + std::to_string(portal.roster.items[1]) +
            "&motion_lt=" + form_encode("Pritarti projektui") +
            "&motion_en=&question=ordinary&in_favour=10&against=2&abstain=1&not_voting=1"
            "&registered=14");
    INFO(manual.body);
    CHECK(manual.status == 303);
    console = secretary.console(portal).body;
    CHECK(contains(console, "Balsai suskaičiuoti rankomis"));
    CHECK(contains(console, "10 už iš 14 dalyvavusių; reikėjo 8"));
    // Every one of these is in the audit log with who did it.
    Browser admin(*portal.process);
    add_user(portal.data_dir(), "admin@example.lt", "--role admin");
    REQUIRE(admin.sign_in("admin@example.lt").status == 303);
    const std::string audit = admin.get("/staff/audit").body;
    CHECK(contains(audit, "vote.manual"));
    CHECK(contains(audit, "vote.void"));
    CHECK(contains(audit, "sitting.register"));
}

TEST_CASE("the demo's council sits: a vote opens within a minute, counts up and closes") {
    const auto data_dir = fresh_directory("voting-demo");
    add_user(data_dir, "admin@example.lt", "--role admin");
    DemoProcess demo(data_dir);
    Browser admin(demo);
    REQUIRE(admin.sign_in("admin@example.lt").status == 303);
    // The live meeting's console, which shows its open vote and then lists it as closed.
    auto console = [&] { return admin.get("/staff/sitting").body; };
    REQUIRE(wait_for([&] { return contains(console(), "Baigti balsavimą"); }, 70s, 500ms));
    CHECK(contains(console(), "svarstomas dabar"));
    // Simulated members vote over about 20 s: the "for" count rises above zero.
    static const std::regex in_favour(R"re(<dt>Už</dt><dd>([1-9]\d*)</dd>)re");
    CHECK(wait_for([&] { return std::regex_search(console(), in_favour); }, 25s, 500ms));
    CHECK(wait_for([&] { return !contains(console(), "Baigti balsavimą"); }, 40s, 500ms));
    const std::string closed = console();
    CHECK((contains(closed, "PRIIMTA") || contains(closed, "NEPRIIMTA")));
    CHECK(contains(closed, " už iš "));
}
