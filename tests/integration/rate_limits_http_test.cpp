// The limits a resident or an attacker meets over HTTP, per client address: failed sign-ins,
// sign-ups, and a password-hashing queue that is full. The real server with small limits; a
// second visitor connects from 127.0.0.2 (all of 127/8 is loopback) to show whose address counts.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <latch>
#include <map>
#include <thread>

#include "tests/support/demo_process.hpp"
#include "tests/support/test_browser.hpp"
#include "tests/support/test_certificate.hpp"

using namespace councilcast::testing;
using namespace std::chrono_literals;

namespace {

constexpr const char* kOtherAddress = "127.0.0.2";

// `serve` with a worker that costs next to nothing and the given [accounts] and [server] tables.
DemoProcess serve_with(const std::filesystem::path& data_dir, const std::string& accounts,
                       const std::string& server = "") {
    const auto config = data_dir / "councilcast.toml";
    std::ofstream(config) << "[server]\n"
                          << server << "[accounts]\n"
                          << accounts
                          << read_text_file(source_dir() + "/tests/support/light_channel.toml");
    return DemoProcess(DemoProcess::Command{{"serve", "--config", config.string(), "--listen",
                                             "127.0.0.1:0", "--data-dir", data_dir.string()}});
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// 43 characters of base64url like a mailed link's token, different for each `n`.
std::string new_token_like(int n) {
    std::string token(43, 'Q');
    const std::string digits = std::to_string(n);
    return token.replace(0, digits.size(), digits);
}

int retry_after(const HttpResult& result) {
    const std::string value = result.header("retry-after");
    REQUIRE_FALSE(value.empty());
    return std::stoi(value);
}

}  // namespace

TEST_CASE("failed sign-ins are limited per client address, not per account alone") {
    const auto data_dir = fresh_directory("limits-sign-in");
    add_user(data_dir, "ona@example.lt");
    DemoProcess serve = serve_with(data_dir, "max_failed_logins_per_address = 3\n");
    Browser guesser(serve);
    // Three different accounts, one wrong guess each: no account reaches its own limit.
    for (const char* email : {"a@example.lt", "b@example.lt", "ona@example.lt"}) {
        CHECK(guesser.sign_in(email, "wrong guess").status == 401);
    }
    // The fourth try from that address waits, even with the right password, and says how long
    // in the page's language.
    guesser.get("/en/login");
    HttpResult limited =
        guesser.post("/en/login", "email=ona%40example.lt&password=" + form_encode(kTestPassword));
    CHECK(limited.status == 429);
    CHECK(limited.header("content-type") == "text/html; charset=utf-8");
    CHECK(contains(limited.body, "Too many attempts. Try again in "));
    const int wait = retry_after(limited);
    CHECK(wait > 3000);
    CHECK(wait <= 3600);
    CHECK(contains(limited.body, "in " + std::to_string((wait + 59) / 60) + " min."));
    HttpResult lithuanian = guesser.sign_in("ona@example.lt");
    CHECK(lithuanian.status == 429);
    CHECK(contains(lithuanian.body, "Per daug bandymų. Bandykite vėl po"));
    CHECK(guesser.session().empty());

    // The resident at another address is not locked out by the guesser.
    Browser resident(serve, kOtherAddress);
    CHECK(resident.sign_in("ona@example.lt").status == 303);
}

TEST_CASE("sign-ups are limited per client address") {
    const auto data_dir = fresh_directory("limits-sign-up");
    DemoProcess serve = serve_with(data_dir, "max_signups_per_address = 2\n");
    Browser visitor(serve);
    visitor.get("/signup");
    for (const char* email : {"a%40example.lt", "b%40example.lt"}) {
        HttpResult sent = visitor.post(
            "/signup", std::string("email=") + email + "&password=" + form_encode(kTestPassword));
        CHECK(sent.status == 200);
    }
    HttpResult limited =
        visitor.post("/signup", "email=c%40example.lt&password=" + form_encode(kTestPassword));
    CHECK(limited.status == 429);
    CHECK(contains(limited.body, "Per daug bandymų. Bandykite vėl po"));
    CHECK(retry_after(limited) > 3000);
    visitor.get("/en/signup");
    HttpResult english =
        visitor.post("/en/signup", "email=c%40example.lt&password=" + form_encode(kTestPassword));
    CHECK(english.status == 429);
    CHECK(contains(english.body, "Too many attempts. Try again in "));

    Browser neighbour(serve, kOtherAddress);
    neighbour.get("/en/signup");
    HttpResult other =
        neighbour.post("/en/signup", "email=c%40example.lt&password=" + form_encode(kTestPassword));
    CHECK(other.status == 200);
    CHECK(contains(other.body, "We have sent a message to c@example.lt"));
}

TEST_CASE("a full password-hashing queue answers 503 with Retry-After, and recovers") {
    const auto data_dir = fresh_directory("limits-hashing");
    add_user(data_dir, "ona@example.lt");
    DemoProcess serve = serve_with(data_dir, "hash_threads = 1\nhash_queue = 1\n");
    // Many sign-ins at the same moment, each hashing (argon2id, tens of ms): one at a time is
    // hashed and nothing waits, so the others are turned away at once.
    constexpr int kVisitors = 20;
    std::vector<HttpResult> results(kVisitors);
    std::vector<int> form_status(kVisitors);
    std::latch ready(kVisitors);
    std::vector<std::thread> threads;
    for (int i = 0; i < kVisitors; ++i) {
        // Each visitor's client lives on its own thread: a libsoup session is used by one only.
        threads.emplace_back([&, i] {
            const std::string path = i % 2 ? "/en/login" : "/login";
            Browser visitor(serve);
            form_status[i] = visitor.get(path).status;
            ready.arrive_and_wait();
            results[i] =
                visitor.post(path, "email=ona%40example.lt&password=wrong+" + std::to_string(i));
        });
    }
    for (auto& thread : threads) thread.join();

    int refused = 0;
    int answered = 0;
    for (int i = 0; i < kVisitors; ++i) {
        CAPTURE(i);
        const HttpResult& result = results[i];
        REQUIRE(form_status[i] == 200);
        CHECK((result.status == 401 || result.status == 503));
        if (result.status == 503) {
            ++refused;
            CHECK(retry_after(result) == 5);
            CHECK(contains(result.body, i % 2 ? "The server is busy. Try again in a few seconds."
                                              : "Serveris užimtas"));
        } else {
            ++answered;
        }
    }
    MESSAGE(refused, " of ", kVisitors, " simultaneous sign-ins were asked to retry");
    CHECK(refused > 0);
    CHECK(answered > 0);
    // Once the rush is over, signing in works again.
    Browser later(serve);
    CHECK(later.sign_in("ona@example.lt").status == 303);
}

TEST_CASE("a SIGTERM while sign-ins are hashing answers every one of them, then exits cleanly") {
    const auto data_dir = fresh_directory("limits-shutdown");
    add_user(data_dir, "ona@example.lt");
    // Every guess from one client at one account: their limit is raised past the guesses.
    DemoProcess serve = serve_with(
        data_dir,
        "hash_threads = 1\nhash_queue = 64\nmax_failed_logins_per_account_and_address = 50\n");
    // A visitor who only keeps a connection open must not hold up the exit.
    Browser idle(serve);
    REQUIRE(idle.get("/login").status == 200);
    // Sign-ins hashed one at a time (argon2id, tens of ms each): when the first is answered the
    // others have arrived and wait in the pool, and the SIGTERM comes then. Wrong passwords (long
    // enough to be hashed), so each is answered as soon as it is hashed (right ones wait for their
    // sessions' commit, which the writer makes for all of them at once).
    constexpr int kVisitors = 16;
    std::vector<int> status(kVisitors);
    std::atomic<int> answered = 0;
    std::latch ready(kVisitors);
    std::vector<std::thread> threads;
    for (int i = 0; i < kVisitors; ++i) {
        threads.emplace_back([&, i] {
            Browser visitor(serve);
            visitor.get("/login");
            ready.arrive_and_wait();
            status[i] =
                visitor.post("/login", "email=ona%40example.lt&password=not+her+password+at+all")
                    .status;
            ++answered;
        });
    }
    REQUIRE(wait_for([&] { return answered > 0; }, 10s));
    // Each is answered as soon as it is hashed, not when the whole queue is: others still wait.
    CHECK(answered < kVisitors);
    const auto signalled = std::chrono::steady_clock::now();
    const int exit_status = serve.stop();
    const auto stopped_after = std::chrono::steady_clock::now() - signalled;
    for (auto& thread : threads) thread.join();
    for (int i = 0; i < kVisitors; ++i) {
        CAPTURE(i);
        CHECK(status[i] == 401);
    }
    CHECK(WIFEXITED(exit_status));
    CHECK(WEXITSTATUS(exit_status) == 0);
    // Well within the 6 s grace: the idle connection was closed, not waited for.
    CHECK(stopped_after < 4s);
}

TEST_CASE("/metrics answers only the hosts [server] metrics_allow names") {
    const auto data_dir = fresh_directory("limits-metrics");
    const auto config = data_dir / "councilcast.toml";
    std::ofstream(config) << "[server]\nmetrics_allow = [\"127.0.0.2/32\"]\n"
                          << read_text_file(source_dir() + "/tests/support/light_channel.toml");
    DemoProcess serve(DemoProcess::Command{{"serve", "--config", config.string(), "--listen",
                                            "127.0.0.1:0", "--data-dir", data_dir.string()}});
    HttpClient anyone(false, "");
    HttpResult refused = anyone.get(serve.base_url() + "metrics");
    CHECK(refused.status == 404);
    CHECK_FALSE(contains(refused.body, "councilcast_"));
    HttpClient monitor(false, kOtherAddress);
    HttpResult counted = monitor.get(serve.base_url() + "metrics");
    CHECK(counted.status == 200);
    CHECK(contains(counted.body, "councilcast_http_requests_total"));
}

TEST_CASE("by default /metrics answers this machine only") {
    const auto data_dir = fresh_directory("limits-metrics-default");
    DemoProcess serve = serve_with(data_dir, "");
    CHECK(HttpClient(false, "").get(serve.base_url() + "metrics").status == 200);
    CHECK(HttpClient(false, kOtherAddress).get(serve.base_url() + "metrics").status == 404);
}

TEST_CASE("wrong guesses sent at the same moment get no more password verdicts than the limit") {
    const auto data_dir = fresh_directory("limits-concurrent-guesses");
    add_user(data_dir, "ona@example.lt");
    constexpr int kLimit = 3;
    DemoProcess serve = serve_with(data_dir, "max_failed_logins_per_address = 3\n");
    // Every guess awaits its own hash (tens of milliseconds, one at a time), so all of them are
    // in flight together: each must count before it awaits, or all pass the check at once.
    constexpr int kGuesses = 12;
    std::vector<int> status(kGuesses);
    std::latch ready(kGuesses);
    std::vector<std::thread> threads;
    for (int i = 0; i < kGuesses; ++i) {
        threads.emplace_back([&, i] {
            Browser guesser(serve);
            REQUIRE(guesser.get("/en/login").status == 200);
            ready.arrive_and_wait();
            status[i] =
                guesser
                    .post("/en/login", "email=ona%40example.lt&password=wrong+" + std::to_string(i))
                    .status;
        });
    }
    for (auto& thread : threads) thread.join();
    const auto verdicts = std::count(status.begin(), status.end(), 401);
    const auto limited = std::count(status.begin(), status.end(), 429);
    MESSAGE(verdicts, " of ", kGuesses, " simultaneous guesses had their password checked");
    CHECK(verdicts == kLimit);
    CHECK(limited == kGuesses - kLimit);
}

TEST_CASE("made-up reset links cost no password hash and are limited per client") {
    const auto data_dir = fresh_directory("limits-reset");
    add_user(data_dir, "ona@example.lt");
    // One hashing thread and room for one more: a single hash on the attacker's behalf at the
    // moment the resident signs in is enough for a 503.
    DemoProcess serve = serve_with(
        data_dir, "hash_threads = 1\nhash_queue = 1\nmax_password_resets_per_address = 30\n");
    constexpr int kResets = 40;
    constexpr int kLimit = 30;
    constexpr int kSignIns = 5;
    std::vector<HttpResult> resets;
    std::atomic<int> sign_ins = 0;
    // The attacker sends 40 resets, and goes on until the resident is done.
    std::thread attacker([&] {
        Browser browser(serve);
        REQUIRE(browser.get("/en/reset?token=x").status == 200);
        for (int i = 0; i < kResets || sign_ins < kSignIns; ++i) {
            resets.push_back(browser.post("/en/reset", "token=" + new_token_like(i) + "&password=" +
                                                           form_encode(kTestPassword)));
        }
    });
    // The resident signs in again and again during the attack, from an address of her own;
    // every sign-in is hashed and none is turned away.
    Browser resident(serve, kOtherAddress);
    for (int i = 0; i < kSignIns; ++i) {
        CHECK(resident.sign_in("ona@example.lt").status == 303);
        ++sign_ins;
    }
    attacker.join();
    MESSAGE(resets.size(), " resets with made-up links during ", kSignIns, " sign-ins");
    REQUIRE(resets.size() >= kResets);
    for (int i = 0; i < kResets; ++i) {
        CAPTURE(i);
        if (i < kLimit) {
            CHECK(resets[i].status == 200);
            CHECK(contains(resets[i].body, "This link is not valid"));
        } else {
            CHECK(resets[i].status == 429);
            CHECK(retry_after(resets[i]) > 3000);
        }
    }
}

TEST_CASE("a stranger guessing from one address does not lock the owner out") {
    const auto data_dir = fresh_directory("limits-lockout");
    add_user(data_dir, "ona@example.lt", "--role admin");
    DemoProcess serve = serve_with(data_dir,
                                   "max_failed_logins_per_account = 4\n"
                                   "max_failed_logins_per_account_and_address = 2\n");
    Browser stranger(serve);
    for (int i = 0; i < 2; ++i) CHECK(stranger.sign_in("ona@example.lt", "guess").status == 401);
    // The stranger is done with this account for the hour, even with the right password...
    CHECK(stranger.sign_in("ona@example.lt").status == 429);
    // ...but the owner, from her own address, signs in.
    Browser owner(serve, kOtherAddress);
    CHECK(owner.sign_in("ona@example.lt").status == 303);

    // Guessers at many addresses still meet the account's own limit, the ceiling.
    Browser second(serve, "127.0.0.3");
    for (int i = 0; i < 2; ++i) CHECK(second.sign_in("ona@example.lt", "guess").status == 401);
    Browser latecomer(serve, "127.0.0.4");
    CHECK(latecomer.sign_in("ona@example.lt", "guess").status == 429);
}

TEST_CASE("behind a trusted proxy the forwarded address is the client, for limits and the audit") {
    const auto data_dir = fresh_directory("limits-proxy");
    add_user(data_dir, "admin@example.lt", "--role admin");
    // This machine's 127.0.0.1 is the proxy; 127.0.0.2 is a stranger connecting directly.
    DemoProcess serve = serve_with(data_dir, "max_failed_logins_per_address = 2\n",
                                   "trusted_proxies = [\"127.0.0.1/32\"]\n");
    auto guess = [](Browser& browser, const std::string& account,
                    const std::map<std::string, std::string>& headers) {
        browser.get("/en/login");
        return browser
            .post("/en/login", "email=" + form_encode(account) + "&password=wrong+guess", headers)
            .status;
    };
    const std::map<std::string, std::string> first{{"X-Forwarded-For", "203.0.113.1"}};
    // What a client writes itself stands left of what the proxy appends, and is passed over.
    const std::map<std::string, std::string> second{
        {"X-Forwarded-For", "203.0.113.1, 203.0.113.2"}};
    Browser proxy(serve);
    CHECK(guess(proxy, "a@example.lt", first) == 401);
    CHECK(guess(proxy, "b@example.lt", first) == 401);
    CHECK(guess(proxy, "c@example.lt", first) == 429);
    // Another resident through the same proxy has her own allowance.
    CHECK(guess(proxy, "c@example.lt", second) == 401);

    // A stranger's own forwarding header is not believed: its allowance is its own address's.
    Browser stranger(serve, kOtherAddress);
    CHECK(guess(stranger, "a@example.lt", {{"X-Forwarded-For", "198.51.100.1"}}) == 401);
    CHECK(guess(stranger, "b@example.lt", {{"X-Forwarded-For", "198.51.100.2"}}) == 401);
    CHECK(guess(stranger, "c@example.lt", {{"X-Forwarded-For", "198.51.100.3"}}) == 429);

    // The audit log records the resident, not the proxy.
    Browser admin(serve);
    admin.get("/en/login");
    CHECK(admin
              .post("/en/login", "email=admin%40example.lt&password=" + form_encode(kTestPassword),
                    {{"X-Forwarded-For", "garbage, 198.51.100.23"}})
              .status == 303);
    HttpResult audit = admin.get("/en/staff/audit");
    REQUIRE(audit.status == 200);
    CHECK(contains(audit.body, "198.51.100.23"));
}

TEST_CASE("without trusted_proxies every forwarding header is ignored") {
    const auto data_dir = fresh_directory("limits-no-proxy");
    DemoProcess serve = serve_with(data_dir, "max_failed_logins_per_address = 1\n");
    Browser visitor(serve);
    visitor.get("/en/login");
    CHECK(visitor
              .post("/en/login", "email=a%40example.lt&password=wrong+guess",
                    {{"X-Forwarded-For", "203.0.113.1"}, {"Forwarded", "for=203.0.113.1"}})
              .status == 401);
    CHECK(visitor
              .post("/en/login", "email=b%40example.lt&password=wrong+guess",
                    {{"X-Forwarded-For", "203.0.113.2"}, {"Forwarded", "for=203.0.113.2"}})
              .status == 429);
}
