#include "portal/mail/mail_queue.hpp"

#include <doctest/doctest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>

#include "common/database_writer.hpp"
#include "common/error.hpp"
#include "portal/mail/file_transport.hpp"
#include "portal/mail/mail_dispatcher.hpp"
#include "portal/schema.hpp"
#include "tests/support/demo_process.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using namespace std::chrono_literals;

namespace {

MailMessage petition_signed() {
    return {.to = "gyventoja@elektrenai.lt",
            .subject = "Parašas po peticija „Dviračių takas į Vievį“",
            .text = "Ačiū! Parašą patvirtinkite: https://tv.elektrenai.lt/p/17?t=abc\n",
            .html = "<p>Ačiū! <a href=\"https://tv.elektrenai.lt/p/17?t=abc\">Patvirtinti</a></p>"};
}

std::filesystem::path migrated_database(const std::string& name) {
    auto path = testing::fresh_database_path(name);
    Database db(path);
    migrate_database(db);
    return path;
}

config::Mail files_settings() {
    config::Mail settings;
    settings.transport = "files";
    settings.from_address = "noreply@elektrenai.lt";
    return settings;
}

}  // namespace

TEST_CASE("an accepted message is still queued after the database is reopened") {
    const auto path = migrated_database("mail-durable.sqlite");
    std::int64_t id = 0;
    {
        DatabaseWriter writer(path);
        MailQueue queue(path, "noreply@elektrenai.lt", writer);
        id = block_on(queue.enqueue(petition_signed()));
    }
    DatabaseWriter writer(path);
    MailQueue reopened(path, "noreply@elektrenai.lt", writer);
    const auto listed = reopened.recent(10);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].id == id);
    CHECK(listed[0].recipient == "gyventoja@elektrenai.lt");
    CHECK(listed[0].subject == "Parašas po peticija „Dviračių takas į Vievį“");
    CHECK(listed[0].status == MailStatus::kQueued);
    CHECK(listed[0].attempts == 0);
    CHECK(listed[0].last_error.empty());
    CHECK_FALSE(listed[0].sent_unix_ms);
    const auto mime = reopened.mime(id);
    REQUIRE(mime);
    CHECK(read_mime(*mime).subject == "Parašas po peticija „Dviračių takas į Vievį“");
    CHECK(reopened.due(MailQueue::Clock::now(), 10).size() == 1);
    CHECK_FALSE(reopened.mime(id + 1));
}

TEST_CASE("a refused recipient leaves nothing in the queue") {
    const auto path = migrated_database("mail-refused.sqlite");
    DatabaseWriter writer(path);
    MailQueue queue(path, "noreply@elektrenai.lt", writer);
    auto message = petition_signed();
    message.to = "gyventoja@elektrenai.lt\r\nBcc: spy@example.com";
    CHECK_THROWS_AS(block_on(queue.enqueue(message)), InvalidInput);
    CHECK(queue.recent(10).empty());
    CHECK_FALSE(queue.next_due());
}

TEST_CASE("retries wait a minute, then twice as long each time up to the maximum") {
    const auto path = migrated_database("mail-backoff.sqlite");
    DatabaseWriter writer(path);
    MailQueue queue(path, "noreply@elektrenai.lt", writer);
    MailDispatcher dispatcher(queue, {},
                              {.first_retry = 1min, .max_interval = 5min, .give_up_after = 1h});
    const auto created = MailQueue::Clock::now();
    const auto now = created + 10min;
    CHECK(dispatcher.retry_time(now, 1, created) == now + 1min);
    CHECK(dispatcher.retry_time(now, 2, created) == now + 2min);
    CHECK(dispatcher.retry_time(now, 3, created) == now + 4min);
    CHECK(dispatcher.retry_time(now, 4, created) == now + 5min);
    CHECK(dispatcher.retry_time(now, 60, created) == now + 5min);
    // The last try comes at the deadline, not an interval after it; then the message fails.
    CHECK(dispatcher.retry_time(created + 58min, 9, created) == created + 1h);
    CHECK_FALSE(dispatcher.retry_time(created + 1h, 10, created));
}

TEST_CASE("the files transport writes each message as a whole .eml a mail reader opens") {
    const auto data_dir = testing::fresh_directory("mail-files");
    const auto path = migrated_database("mail-files.sqlite");
    DatabaseWriter writer(path);
    MailQueue queue(path, "noreply@elektrenai.lt", writer);
    MailDispatcher dispatcher(queue, make_mail_transport(files_settings(), data_dir), {});
    const auto id = block_on(queue.enqueue(petition_signed()));

    CHECK(dispatcher.deliver_due(MailQueue::Clock::now()) == 1);
    const auto file = data_dir / "mail" / FileTransport::file_name(id);
    REQUIRE(std::filesystem::exists(file));
    CHECK(std::distance(std::filesystem::directory_iterator(data_dir / "mail"),
                        std::filesystem::directory_iterator()) == 1);  // no .part left behind
    std::ifstream in(file, std::ios::binary);
    const std::string content((std::istreambuf_iterator<char>(in)), {});
    CHECK(content == *queue.mime(id));
    const auto read = read_mime(content);
    CHECK(read.to == "gyventoja@elektrenai.lt");
    CHECK(read.text.find("https://tv.elektrenai.lt/p/17?t=abc") != std::string::npos);
    const auto sent = queue.find(id);
    REQUIRE(sent);
    CHECK(sent->status == MailStatus::kSent);
    CHECK(sent->attempts == 1);
    CHECK(sent->sent_unix_ms);
    CHECK(dispatcher.deliver_due(MailQueue::Clock::now()) == 0);
}

TEST_CASE("the running dispatcher sends a message as soon as it is enqueued") {
    const auto data_dir = testing::fresh_directory("mail-wake");
    const auto path = migrated_database("mail-wake.sqlite");
    DatabaseWriter writer(path);
    MailQueue queue(path, "noreply@elektrenai.lt", writer);
    MailDispatcher dispatcher(queue, make_mail_transport(files_settings(), data_dir), {});
    dispatcher.start();
    // Nothing is due, so the thread sleeps with no deadline: only enqueue's wake-up gets it going.
    const auto id = block_on(queue.enqueue(petition_signed()));
    CHECK(testing::wait_for([&] { return queue.find(id)->status == MailStatus::kSent; }, 5s));
    CHECK(std::filesystem::exists(data_dir / "mail" / FileTransport::file_name(id)));
    dispatcher.stop();
}

TEST_CASE("a message enqueued inside a writer job shares its fate and wakes the dispatcher") {
    const auto data_dir = testing::fresh_directory("mail-in-job");
    const auto path = migrated_database("mail-in-job.sqlite");
    DatabaseWriter writer(path);
    MailQueue queue(path, "noreply@elektrenai.lt", writer);
    MailDispatcher dispatcher(queue, make_mail_transport(files_settings(), data_dir), {});
    dispatcher.start();
    // A job that fails after enqueueing (a store's write refused at its last check): its mail
    // goes with it.
    bool stored_before_failing = false;
    CHECK_THROWS_AS(writer.execute([&](Database& db) {
        stored_before_failing = queue.enqueue_in(db, petition_signed(), {}).queued();
        throw InvalidInput("the petition closed meanwhile");
    }),
                    InvalidInput);
    CHECK(stored_before_failing);
    CHECK(queue.recent(10).empty());
    // A bad recipient fails the job that enqueues it.
    auto bad = petition_signed();
    bad.to = "gyventoja@elektrenai.lt\r\nBcc: spy@example.com";
    CHECK_THROWS_AS(writer.execute([&](Database& db) { return queue.enqueue_in(db, bad, {}); }),
                    InvalidInput);
    // One that commits: the sleeping dispatcher (nothing was due) is woken by the commit alone,
    // and the message keeps its kind and limits like any other.
    const MailHandling once{"petition.sign", {{"petition.sign", 1, 1h}}, {}};
    const Enqueued stored =
        writer.execute([&](Database& db) { return queue.enqueue_in(db, petition_signed(), once); });
    REQUIRE(stored.queued());
    CHECK(
        testing::wait_for([&] { return queue.find(stored.id)->status == MailStatus::kSent; }, 5s));
    CHECK(std::filesystem::exists(data_dir / "mail" / FileTransport::file_name(stored.id)));
    const Enqueued again =
        writer.execute([&](Database& db) { return queue.enqueue_in(db, petition_signed(), once); });
    CHECK_FALSE(again.queued());
    CHECK(again.retry_after > 3590s);
    dispatcher.stop();
}

TEST_CASE("a recipient gets at most a limit's count of a kind within its window, even at once") {
    const auto path = migrated_database("mail-limit.sqlite");
    DatabaseWriter writer(path);
    MailQueue queue(path, "noreply@elektrenai.lt", writer);
    const MailLimit five{"account.link.", 5, 1h};
    auto handling = [&](std::string kind) { return MailHandling{std::move(kind), {five}, {}}; };
    // Twenty requests in flight together: the count and the insert share the writer's thread.
    boost::asio::io_context io;
    std::vector<Enqueued> outcomes;
    for (int i = 0; i < 20; ++i) {
        boost::asio::co_spawn(io, queue.enqueue(petition_signed(), handling("account.link.reset")),
                              [&](std::exception_ptr error, Enqueued enqueued) {
                                  REQUIRE_FALSE(error);
                                  outcomes.push_back(enqueued);
                              });
    }
    io.run();
    REQUIRE(outcomes.size() == 20);
    CHECK(std::count_if(outcomes.begin(), outcomes.end(),
                        [](const Enqueued& e) { return e.queued(); }) == 5);
    for (const auto& outcome : outcomes) {
        if (outcome.queued()) continue;
        CHECK(outcome.retry_after > 3590s);
        CHECK(outcome.retry_after <= 3600s);
    }
    CHECK(queue.recent(100).size() == 5);
    // Other kinds and other recipients have allowances of their own; the refused stored nothing.
    const MailHandling notice{"account.notice.password_changed", {{"account.notice.", 5, 1h}}, {}};
    CHECK(block_on(queue.enqueue(petition_signed(), notice)).queued());
    auto other = petition_signed();
    other.to = "kaimynas@elektrenai.lt";
    CHECK(block_on(queue.enqueue(other, handling("account.link.reset"))).queued());
    bool with_ran = false;
    MailHandling refused = handling("account.link.verify");
    refused.with = [&with_ran](Database&) { with_ran = true; };
    CHECK_FALSE(block_on(queue.enqueue(petition_signed(), refused)).queued());
    CHECK_FALSE(with_ran);
}

TEST_CASE("sent and failed mail goes after its keeping time; queued mail stays") {
    const auto path = migrated_database("mail-keep.sqlite");
    DatabaseWriter writer(path);
    MailQueue queue(path, "noreply@elektrenai.lt", writer);
    const auto sent = block_on(queue.enqueue(petition_signed()));
    const auto failed = block_on(queue.enqueue(petition_signed()));
    const auto waiting = block_on(queue.enqueue(petition_signed()));
    queue.mark_sent(sent, MailQueue::Clock::now());
    queue.mark_attempt_failed(failed, "550 no such mailbox", std::nullopt);
    CHECK(block_on(queue.remove_done_before(MailQueue::Clock::now() - 1min)) == 0);
    CHECK(block_on(queue.remove_done_before(MailQueue::Clock::now() + 1min)) == 2);
    const auto left = queue.recent(10);
    REQUIRE(left.size() == 1);
    CHECK(left[0].id == waiting);
}
