// Mail throughput: messages enqueued per second (each a synchronous=FULL commit) and delivered
// per second to a loopback SMTP server (Debian's aiosmtpd), one connection per message. Only
// messages the relay holds count as delivered; attempts that failed are printed apart.
// Figures only: nothing here fails on a slow machine.
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "portal/mail/mail_dispatcher.hpp"
#include "portal/mail/mail_queue.hpp"
#include "portal/schema.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/smtp_sink.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

constexpr int kMessages = 200;

double per_second(int count, std::chrono::steady_clock::duration elapsed) {
    return count / std::chrono::duration<double>(elapsed).count();
}

}  // namespace

int main() {
    spdlog::set_level(spdlog::level::warn);  // one line per message would drown the figures
    const auto database = testing::fresh_database_path("mail-bench.sqlite");
    {
        Database db(database);
        migrate_database(db);
    }
    DatabaseWriter writer(database);
    MailQueue queue(database, "noreply@elektrenai.lt", writer);
    const MailMessage message{
        .to = "gyventojas@elektrenai.lt",
        .subject = "Patvirtinkite paskyrą: ąčęėįšųūž",
        .text = "Patvirtinkite: https://tv.elektrenai.lt/paskyra/patvirtinti?t=Zx9-4kQ\n",
        .html =
            "<p><a href=\"https://tv.elektrenai.lt/paskyra/patvirtinti?t=Zx9-4kQ\">"
            "Patvirtinti</a></p>"};

    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kMessages; ++i) block_on(queue.enqueue(message));
    const double enqueued = per_second(kMessages, std::chrono::steady_clock::now() - start);

    const auto port = testing::free_port();
    testing::SmtpSink relay(testing::fresh_directory("mail-bench") / "Maildir", port);
    config::Mail settings;
    settings.relay_host = "127.0.0.1";
    settings.relay_port = port;
    settings.starttls = "off";
    settings.from_address = "noreply@elektrenai.lt";
    MailDispatcher dispatcher(queue, make_mail_transport(settings, {}), {});
    start = std::chrono::steady_clock::now();
    const auto attempted = dispatcher.deliver_due(MailQueue::Clock::now());
    const auto elapsed = std::chrono::steady_clock::now() - start;
    // What the relay wrote to its Maildir, not what the dispatcher tried: a refused or broken
    // delivery must not count as a fast one.
    const auto delivered = relay.messages().size();
    const auto failed = attempted > delivered ? attempted - delivered : 0;

    std::printf(
        "mail_bench: %d messages: enqueue %.0f msg/s (synchronous=FULL commits), "
        "SMTP delivery to loopback aiosmtpd %.0f msg/s (%zu delivered, %zu failed, %zu never "
        "attempted)\n",
        kMessages, enqueued, per_second(static_cast<int>(delivered), elapsed), delivered, failed,
        static_cast<std::size_t>(kMessages) - attempted);
    return 0;
}
