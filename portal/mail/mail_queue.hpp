// Outgoing mail waiting in SQLite until the relay takes it, so a relay outage or a restart loses
// nothing; the staff pages list it from here.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "portal/mail/mail_message.hpp"

namespace councilcast::portal {

// The mail table and its later columns, steps of the database file's one migration list
// (portal/schema.cpp).
extern const std::string_view kMailTables;
extern const std::string_view kMailLimitColumns;
extern const std::string_view kMailRedactionColumns;

enum class MailStatus { kQueued, kSent, kFailed };

// A message as the staff pages show it; the MIME itself is fetched with MailQueue::mime.
struct QueuedMail {
    std::int64_t id = 0;
    std::string recipient;
    std::string subject;
    MailStatus status = MailStatus::kQueued;
    int attempts = 0;
    std::int64_t next_attempt_unix_ms = 0;
    std::int64_t created_unix_ms = 0;
    std::optional<std::int64_t> sent_unix_ms;
    std::string last_error;  // empty until an attempt failed
};

// A message due for sending, as the dispatcher hands it to a transport.
struct DueMail {
    std::int64_t id = 0;
    std::string recipient;
    std::string mime;
    int attempts = 0;  // failed attempts so far
    std::int64_t created_unix_ms = 0;
};

// At most `count` messages whose kind starts with `kind_prefix` to one recipient within
// `window`, counted in the transaction that would add one more.
struct MailLimit {
    std::string kind_prefix;
    std::uint32_t count = 0;
    std::chrono::seconds window{0};
};

// How the queue treats a message besides sending it.
struct MailHandling {
    // What the message is ("account.link.reset"), kept with it for `limits` to count by.
    std::string kind;
    // Every limit must leave room, or the message is not stored.
    std::vector<MailLimit> limits;
    // Text in the message that must not outlive its delivery (a one-time link's token): the
    // stored copy has each replaced by "…" once the message is sent or given up, unless the
    // queue keeps sent messages whole (SentCopy::kWhole).
    std::vector<std::string> secrets;
    // Another write that belongs with the message (the link it carries), run in the same
    // transaction only when the message is stored, so neither exists without the other. It may
    // run more than once (see DatabaseWriter) and must not keep state between runs.
    std::function<void(Database&)> with;
};

// What enqueue made of a message that limits apply to.
struct Enqueued {
    std::int64_t id = 0;  // 0: a limit refused the message
    // When refused: how long until every limit has room again.
    std::chrono::seconds retry_after{0};
    bool queued() const { return id != 0; }
};

// What the mail table keeps of a message once it is sent (or given up).
enum class SentCopy {
    kRedacted,  // the MIME with its secrets replaced: a relay delivered it, the mailbox has it
    kWhole,     // as sent: the demo's file transport, whose .eml files hold it whole anyway
};

// Thread-safe: any thread may enqueue while the dispatcher sends. Writes are jobs of the one
// DatabaseWriter with synchronous=FULL, so a message enqueue() accepted is on disk when it
// resolves; reads (the dispatcher's, the staff pages') use the queue's own read-only connection.
class MailQueue {
  public:
    using Clock = std::chrono::system_clock;

    // `database` is the portal's database file; its schema must be current
    // (portal::migrate_database). `from_address` is the sender of every message. Writes go
    // through `writer` (not owned; it outlives the queue).
    MailQueue(const std::filesystem::path& database, std::string from_address,
              DatabaseWriter& writer, SentCopy sent_copy = SentCopy::kRedacted);
    ~MailQueue();
    MailQueue(const MailQueue&) = delete;
    MailQueue& operator=(const MailQueue&) = delete;

    // Builds the MIME now, so every retry sends the same bytes, and stores it due at once.
    // Resolves to the message's id once it is committed (one fsync, on the writer's thread;
    // the awaiting network thread goes on with other work meanwhile). Throws InvalidInput for a
    // bad recipient or text that is not UTF-8, WriterBusy or StorageFailing when it cannot be
    // stored, Error if the database fails otherwise.
    boost::asio::awaitable<std::int64_t> enqueue(const MailMessage& message);
    // The same, with `handling`: resolves to the id, or to a refusal when a limit has no room
    // left (then nothing is stored, `handling.with` included).
    boost::asio::awaitable<Enqueued> enqueue(const MailMessage& message, MailHandling handling);
    // For a writer job already running (a store's event sink): stores the message in that job's
    // transaction, so a mail and the change it tells of are committed or rolled back together.
    // Limits are counted and `handling.with` runs as enqueue does; the dispatcher is woken once
    // the transaction has committed. Only on the writer's thread, inside a job. Throws
    // InvalidInput for a bad recipient or text that is not UTF-8: the job then fails, and its
    // change with it.
    Enqueued enqueue_in(Database& db, const MailMessage& message, const MailHandling& handling);

    // Deletes messages sent or given up that were queued before `before`, so addresses and
    // texts are not kept for ever; queued ones stay. Resolves to how many went.
    boost::asio::awaitable<int> remove_done_before(Clock::time_point before);

    // The newest `limit` messages, newest first.
    std::vector<QueuedMail> recent(std::size_t limit);
    std::optional<std::string> mime(std::int64_t id);
    std::optional<QueuedMail> find(std::int64_t id);

    // For the dispatcher: queued messages due at `now`, oldest first.
    std::vector<DueMail> due(Clock::time_point now, std::size_t limit);
    // When the earliest queued message is due; nothing when none is queued.
    std::optional<Clock::time_point> next_due();
    // The dispatcher's thread may block: these wait for the writer (synchronous=FULL, so a
    // message sent is not sent again after a power cut).
    void mark_sent(std::int64_t id, Clock::time_point now);
    // Counts a failed attempt; the message is retried at `retry_at`, or marked failed for good
    // when there is none.
    void mark_attempt_failed(std::int64_t id, std::string_view error,
                             std::optional<Clock::time_point> retry_at);

    // Called after every enqueue has committed, and after the commit of a job that called
    // enqueue_in (the dispatcher's wake-up). Set it before other
    // threads use the queue; pass nullptr to remove it.
    void on_enqueue(std::function<void()> callback);

  private:
    // The dispatcher's wake-up, shared with the writer's commit listener, which may outlive the
    // queue (the writer keeps its listeners until it is destroyed).
    struct Waker {
        std::mutex mutex;
        std::function<void()> callback;  // under mutex
        // Set by enqueue_in, taken by the commit listener.
        std::atomic<bool> stored_in_job = false;
        void wake();
    };

    // Awaits the insert, then wakes the dispatcher when something was stored.
    boost::asio::awaitable<Enqueued> announce(boost::asio::awaitable<Enqueued> insert);
    boost::asio::awaitable<std::int64_t> id_of(boost::asio::awaitable<Enqueued> enqueued);

    DatabaseWriter& writer_;
    std::mutex mutex_;  // guards reader_
    Database reader_;
    std::string from_address_;
    const SentCopy sent_copy_;
    std::shared_ptr<Waker> waker_;
};

std::string_view to_string(MailStatus status);

}  // namespace councilcast::portal
