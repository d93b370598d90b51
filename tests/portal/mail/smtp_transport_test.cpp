#include "portal/mail/smtp_transport.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "common/database_writer.hpp"
#include "common/error.hpp"
#include "portal/mail/mail_dispatcher.hpp"
#include "portal/schema.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/smtp_sink.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using namespace std::chrono_literals;

namespace {

const std::string kLink = "https://tv.elektrenai.lt/registracija/patvirtinti?t=Q7w";

MailMessage booking_confirmation() {
    return {.to = "seniunas@vievis.lt",
            .subject = "Konsultacija patvirtinta: ąčęėįšųūž",
            .text = "Jūsų konsultacija patvirtinta. Atšaukti: " + kLink + "\n",
            .html = "<p>Jūsų konsultacija patvirtinta. <a href=\"" + kLink + "\">Atšaukti</a></p>"};
}

// A relay on loopback at `port`; nothing need listen there.
config::Mail relay(unsigned short port, std::string starttls) {
    config::Mail settings;
    settings.transport = "smtp";
    settings.relay_host = "127.0.0.1";
    settings.relay_port = port;
    settings.starttls = std::move(starttls);
    settings.from_address = "noreply@elektrenai.lt";
    return settings;
}

struct Fixture {
    explicit Fixture(const std::string& name)
        : database(testing::fresh_database_path(name + ".sqlite")),
          maildir(testing::fresh_directory(name) / "Maildir"),
          writer(migrate(database)),
          queue(database, "noreply@elektrenai.lt", writer) {}

    static const std::filesystem::path& migrate(const std::filesystem::path& path) {
        Database db(path);
        migrate_database(db);
        return path;
    }

    std::filesystem::path database;
    std::filesystem::path maildir;
    DatabaseWriter writer;
    MailQueue queue;
};

}  // namespace

TEST_CASE("while the relay is down a message waits with its error; once up it is delivered") {
    Fixture f("smtp-outage");
    const auto port = testing::free_port();
    MailDispatcher dispatcher(f.queue, make_mail_transport(relay(port, "off"), {}), {});
    const auto id = block_on(f.queue.enqueue(booking_confirmation()));
    const auto now = MailQueue::Clock::now();

    CHECK(dispatcher.deliver_due(now) == 1);
    auto waiting = f.queue.find(id);
    REQUIRE(waiting);
    CHECK(waiting->status == MailStatus::kQueued);
    CHECK(waiting->attempts == 1);
    CHECK(waiting->last_error.find("127.0.0.1") != std::string::npos);
    CHECK(waiting->next_attempt_unix_ms >=
          std::chrono::duration_cast<std::chrono::milliseconds>((now + 60s).time_since_epoch())
              .count());
    CHECK(dispatcher.deliver_due(now + 30s) == 0);  // not due again yet

    testing::SmtpSink relay_up(f.maildir, port);
    CHECK(dispatcher.deliver_due(now + 61s) == 1);
    const auto sent = f.queue.find(id);
    CHECK(sent->status == MailStatus::kSent);
    CHECK(sent->attempts == 2);

    const auto arrived = relay_up.messages();
    REQUIRE(arrived.size() == 1);
    CHECK(arrived[0].find("X-RcptTo: seniunas@vievis.lt") != std::string::npos);
    const auto read = read_mime(arrived[0]);
    CHECK(read.to == "seniunas@vievis.lt");
    CHECK(read.subject == "Konsultacija patvirtinta: ąčęėįšųūž");
    CHECK(read.text.find(kLink) != std::string::npos);
    CHECK(read.html.find(kLink) != std::string::npos);
    CHECK(read.html.find("Jūsų konsultacija") != std::string::npos);
}

TEST_CASE("the dispatcher thread keeps retrying until the relay comes back") {
    Fixture f("smtp-retry");
    const auto port = testing::free_port();
    // A fast first retry so the test need not wait a minute.
    MailDispatcher dispatcher(f.queue, make_mail_transport(relay(port, "off"), {}),
                              {.first_retry = 200ms, .max_interval = 400ms, .give_up_after = 1h});
    dispatcher.start();
    const auto id = block_on(f.queue.enqueue(booking_confirmation()));
    REQUIRE(testing::wait_for([&] { return f.queue.find(id)->attempts >= 2; }, 10s));
    CHECK(f.queue.find(id)->status == MailStatus::kQueued);

    testing::SmtpSink relay_up(f.maildir, port);
    CHECK(testing::wait_for([&] { return f.queue.find(id)->status == MailStatus::kSent; }, 10s));
    CHECK(relay_up.messages().size() == 1);
    dispatcher.stop();
}

TEST_CASE("with STARTTLS required, a relay without it gets nothing in clear text") {
    Fixture f("smtp-starttls");
    const auto port = testing::free_port();
    testing::SmtpSink plain_relay(f.maildir, port);
    MailDispatcher dispatcher(f.queue, make_mail_transport(relay(port, "required"), {}), {});
    const auto id = block_on(f.queue.enqueue(booking_confirmation()));

    CHECK(dispatcher.deliver_due(MailQueue::Clock::now()) == 1);
    const auto refused = f.queue.find(id);
    CHECK(refused->status == MailStatus::kQueued);
    CHECK(refused->last_error.find("STARTTLS") != std::string::npos);
    CHECK(plain_relay.messages().empty());
}

TEST_CASE("shutdown does not wait for a relay that never answers, and costs no attempt") {
    Fixture f("smtp-silent");
    // Accepts connections (the kernel does, into the backlog) and never says a word.
    const int silent = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    REQUIRE(::bind(silent, reinterpret_cast<sockaddr*>(&address), size) == 0);
    REQUIRE(::listen(silent, 4) == 0);
    REQUIRE(::getsockname(silent, reinterpret_cast<sockaddr*>(&address), &size) == 0);
    MailDispatcher dispatcher(f.queue,
                              make_mail_transport(relay(ntohs(address.sin_port), "off"), {}), {});
    dispatcher.start();
    const auto id = block_on(f.queue.enqueue(booking_confirmation()));
    pollfd connected{silent, POLLIN, 0};
    REQUIRE(testing::wait_for([&] { return ::poll(&connected, 1, 0) == 1; }, 5s));

    const auto asked = std::chrono::steady_clock::now();
    dispatcher.stop();
    CHECK(std::chrono::steady_clock::now() - asked < 3s);
    const auto waiting = f.queue.find(id);
    CHECK(waiting->status == MailStatus::kQueued);
    CHECK(waiting->attempts == 0);
    ::close(silent);
}

TEST_CASE("a message the relay never takes is marked failed after give_up_after") {
    Fixture f("smtp-give-up");
    MailDispatcher dispatcher(f.queue, make_mail_transport(relay(testing::free_port(), "off"), {}),
                              {.give_up_after = 1h});
    const auto id = block_on(f.queue.enqueue(booking_confirmation()));
    CHECK(dispatcher.deliver_due(MailQueue::Clock::now() + 1h) == 1);
    const auto failed = f.queue.find(id);
    CHECK(failed->status == MailStatus::kFailed);
    CHECK_FALSE(failed->last_error.empty());
    CHECK(dispatcher.deliver_due(MailQueue::Clock::now() + 2h) == 0);
}

TEST_CASE("a relay password file that cannot be read stops the server at start") {
    auto settings = relay(25, "required");
    settings.username = "councilcast";
    settings.password_file = "/nonexistent/smtp-password";
    CHECK_THROWS_WITH_AS(make_mail_transport(settings, {}),
                         doctest::Contains("/nonexistent/smtp-password"), Error);
    settings.password_file.clear();
    CHECK_THROWS_AS(make_mail_transport(settings, {}), Error);
}
