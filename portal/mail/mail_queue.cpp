#include "portal/mail/mail_queue.hpp"

#include <fmt/core.h>
#include <boost/algorithm/string/replace.hpp>

#include <algorithm>
#include <thread>

#include "common/enum_names.hpp"
#include "common/require.hpp"
#include "common/unix_time.hpp"

namespace councilcast::portal {

const std::string_view kMailTables = R"sql(
-- AUTOINCREMENT: an id is never reused, so a demo's <id>.eml file never names two messages.
CREATE TABLE mail (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    -- The whole message as built at enqueue: every retry sends the same bytes, Message-ID too.
    mime TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_unix_ms INTEGER NOT NULL,
    created_unix_ms INTEGER NOT NULL,
    sent_unix_ms INTEGER,
    last_error TEXT
);
CREATE INDEX mail_due ON mail (next_attempt_unix_ms, id) WHERE status = 'queued';
)sql";

const std::string_view kMailLimitColumns = R"sql(
-- What a message is ('account.link.reset'), for limits per recipient; '' for mail without one.
ALTER TABLE mail ADD COLUMN kind TEXT NOT NULL DEFAULT '';
CREATE INDEX mail_by_recipient ON mail (recipient, created_unix_ms);
CREATE INDEX mail_by_age ON mail (created_unix_ms);
)sql";

const std::string_view kMailRedactionColumns = R"sql(
-- The message with its one-time secrets replaced, put in place of mime once it is sent or given
-- up; NULL when it has none.
ALTER TABLE mail ADD COLUMN redacted_mime TEXT;
)sql";

namespace {

// As stored in mail.status.
constexpr auto kStatusNames = std::to_array<EnumName<MailStatus>>({
    {MailStatus::kQueued, "queued"},
    {MailStatus::kSent, "sent"},
    {MailStatus::kFailed, "failed"},
});

MailStatus status_from(std::string_view text) {
    return parse(kStatusNames, text).value_or(MailStatus::kQueued);
}

constexpr std::string_view kListColumns =
    "id, recipient, subject, status, attempts, next_attempt_unix_ms, created_unix_ms, "
    "sent_unix_ms, last_error";

QueuedMail read_listed(const Statement& row) {
    QueuedMail mail;
    mail.id = row.column_int(0);
    mail.recipient = row.column_text(1);
    mail.subject = row.column_text(2);
    mail.status = status_from(row.column_text(3));
    mail.attempts = static_cast<int>(row.column_int(4));
    mail.next_attempt_unix_ms = row.column_int(5);
    mail.created_unix_ms = row.column_int(6);
    if (!row.column_is_null(7)) mail.sent_unix_ms = row.column_int(7);
    mail.last_error = row.column_text(8);
    return mail;
}

// The staff page's columns of the rows `tail` picks with its one parameter.
std::vector<QueuedMail> select_listed(Database& db, std::string_view tail, std::int64_t parameter) {
    Statement select = db.cached(fmt::format("SELECT {} FROM mail {}", kListColumns, tail));
    select.bind(1, parameter);
    std::vector<QueuedMail> rows;
    while (select.step()) rows.push_back(read_listed(select));
    select.reset();
    return rows;
}

// The message as it may be kept once delivered: each secret replaced by an ellipsis, so a link
// still shows where it led but no longer opens anything.
MailMessage without_secrets(MailMessage message, const std::vector<std::string>& secrets) {
    for (const auto& secret : secrets) {
        if (secret.empty()) continue;
        for (std::string* part : {&message.subject, &message.text, &message.html}) {
            boost::algorithm::replace_all(*part, secret, "…");
        }
    }
    return message;
}

// Zero when `limit` leaves room for one more message to `recipient` at `now_ms`; otherwise how
// long until the oldest message that fills it leaves its window, in whole seconds (at least 1).
std::chrono::seconds time_until_room(Database& db, std::string_view recipient,
                                     const MailLimit& limit, std::int64_t now_ms) {
    const std::int64_t since = now_ms - limit.window.count() * 1000;
    constexpr std::string_view kCounted =
        "FROM mail WHERE recipient = ?1 AND created_unix_ms > ?2 "
        "AND substr(kind, 1, length(?3)) = ?3";
    Statement count = db.cached(fmt::format("SELECT count(*) {}", kCounted));
    count.bind(1, recipient).bind(2, since).bind(3, std::string_view(limit.kind_prefix));
    const std::int64_t counted = count.step() ? count.column_int(0) : 0;
    count.reset();
    if (counted < limit.count) return std::chrono::seconds{0};
    // Room comes back when all but count - 1 of them have left the window.
    Statement oldest = db.cached(fmt::format(
        "SELECT created_unix_ms {} ORDER BY created_unix_ms LIMIT 1 OFFSET ?4", kCounted));
    oldest.bind(1, recipient)
        .bind(2, since)
        .bind(3, std::string_view(limit.kind_prefix))
        .bind(4, counted - limit.count);
    const std::int64_t leaves_ms =
        (oldest.step() ? oldest.column_int(0) : now_ms) + limit.window.count() * 1000;
    oldest.reset();
    return std::chrono::seconds{std::max<std::int64_t>(1, (leaves_ms - now_ms + 999) / 1000)};
}

// Counts the limits and stores the message, in the transaction of the writer job that runs it.
Enqueued store(Database& db, const std::string& to, const std::string& subject,
               const std::string& mime, const std::optional<std::string>& redacted,
               const MailHandling& handling, std::int64_t at) {
    // Counted here, on the writer's one thread, so concurrent requests cannot both take the
    // last place.
    std::chrono::seconds wait{0};
    for (const auto& limit : handling.limits) {
        wait = std::max(wait, time_until_room(db, to, limit, at));
    }
    if (wait.count() > 0) return {0, wait};
    if (handling.with) handling.with(db);
    Statement insert = db.cached(
        "INSERT INTO mail (recipient, subject, mime, status, next_attempt_unix_ms, "
        "created_unix_ms, kind, redacted_mime) VALUES (?, ?, ?, 'queued', ?, ?, ?, ?)");
    insert.bind(1, std::string_view(to))
        .bind(2, std::string_view(subject))
        .bind(3, std::string_view(mime))
        .bind(4, at)
        .bind(5, at)
        .bind(6, std::string_view(handling.kind));
    if (redacted) {
        insert.bind(7, std::string_view(*redacted));
    } else {
        insert.bind_null(7);
    }
    insert.run();
    return {db.last_insert_rowid(), {}};
}

}  // namespace

std::string_view to_string(MailStatus status) {
    return name_of(kStatusNames, status);
}

MailQueue::MailQueue(const std::filesystem::path& database, std::string from_address,
                     DatabaseWriter& writer, SentCopy sent_copy)
    : writer_(writer),
      reader_(database, Durability::kNormal, OpenMode::kReadOnly),
      from_address_(std::move(from_address)),
      sent_copy_(sent_copy),
      waker_(std::make_shared<Waker>()) {
    check_mail_address(from_address_);
    // Mail stored by enqueue_in is visible to the dispatcher's connection only after the commit.
    writer_.add_commit_listener([waker = waker_](Database&) {
        if (waker->stored_in_job.exchange(false)) waker->wake();
    });
}

MailQueue::~MailQueue() {
    on_enqueue(nullptr);
}

void MailQueue::Waker::wake() {
    std::lock_guard lock(mutex);
    if (callback) callback();
}

boost::asio::awaitable<std::int64_t> MailQueue::enqueue(const MailMessage& message) {
    return id_of(enqueue(message, MailHandling{}));
}

// Not a coroutine itself, so no lambda is made inside one (GCC 12 destroys coroutine
// parameters moved into lambda captures twice; see HashingPool::run).
boost::asio::awaitable<Enqueued> MailQueue::enqueue(const MailMessage& message,
                                                    MailHandling handling) {
    const auto now = Clock::now();
    // Built before the job, and here: GMime work needs no database, and a bad recipient throws
    // at once.
    std::string mime = mime_bytes(message, from_address_, now);
    std::optional<std::string> redacted;
    if (!handling.secrets.empty()) {
        redacted = mime_bytes(without_secrets(message, handling.secrets), from_address_, now);
    }
    return announce(writer_.run(
        [to = message.to, subject = message.subject, mime = std::move(mime),
         redacted = std::move(redacted), handling = std::move(handling),
         at = unix_ms(now)](Database& db) -> Enqueued {
            return store(db, to, subject, mime, redacted, handling, at);
        },
        Durability::kFull));
}

Enqueued MailQueue::enqueue_in(Database& db, const MailMessage& message,
                               const MailHandling& handling) {
    require(std::this_thread::get_id() == writer_.thread_id(),
            "MailQueue::enqueue_in runs inside a writer job");
    const auto now = Clock::now();
    const std::string mime = mime_bytes(message, from_address_, now);
    std::optional<std::string> redacted;
    if (!handling.secrets.empty()) {
        redacted = mime_bytes(without_secrets(message, handling.secrets), from_address_, now);
    }
    const Enqueued enqueued =
        store(db, message.to, message.subject, mime, redacted, handling, unix_ms(now));
    // A job rolled back after this leaves a wake-up with nothing new to send: harmless.
    if (enqueued.queued()) waker_->stored_in_job = true;
    return enqueued;
}

boost::asio::awaitable<Enqueued> MailQueue::announce(boost::asio::awaitable<Enqueued> insert) {
    const Enqueued enqueued = co_await std::move(insert);
    if (enqueued.queued()) waker_->wake();
    co_return enqueued;
}

boost::asio::awaitable<std::int64_t> MailQueue::id_of(boost::asio::awaitable<Enqueued> enqueued) {
    co_return (co_await std::move(enqueued)).id;
}

boost::asio::awaitable<int> MailQueue::remove_done_before(Clock::time_point before) {
    return writer_.run([before_ms = unix_ms(before)](Database& db) {
        db.cached("DELETE FROM mail WHERE status != 'queued' AND created_unix_ms < ?")
            .bind(1, before_ms)
            .run();
        return db.changes();
    });
}

std::vector<QueuedMail> MailQueue::recent(std::size_t limit) {
    std::lock_guard lock(mutex_);
    return select_listed(reader_, "ORDER BY id DESC LIMIT ?", static_cast<std::int64_t>(limit));
}

std::optional<QueuedMail> MailQueue::find(std::int64_t id) {
    std::lock_guard lock(mutex_);
    auto found = select_listed(reader_, "WHERE id = ?", id);
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
}

std::optional<std::string> MailQueue::mime(std::int64_t id) {
    std::lock_guard lock(mutex_);
    Statement select = reader_.cached("SELECT mime FROM mail WHERE id = ?");
    select.bind(1, id);
    std::optional<std::string> result;
    if (select.step()) result = select.column_text(0);
    select.reset();
    return result;
}

std::vector<DueMail> MailQueue::due(Clock::time_point now, std::size_t limit) {
    std::lock_guard lock(mutex_);
    Statement select = reader_.cached(
        "SELECT id, recipient, mime, attempts, created_unix_ms FROM mail "
        "WHERE status = 'queued' AND next_attempt_unix_ms <= ? "
        "ORDER BY next_attempt_unix_ms, id LIMIT ?");
    select.bind(1, unix_ms(now)).bind(2, static_cast<std::int64_t>(limit));
    std::vector<DueMail> result;
    while (select.step()) {
        result.push_back({select.column_int(0), select.column_text(1), select.column_text(2),
                          static_cast<int>(select.column_int(3)), select.column_int(4)});
    }
    select.reset();
    return result;
}

std::optional<MailQueue::Clock::time_point> MailQueue::next_due() {
    std::lock_guard lock(mutex_);
    Statement select =
        reader_.cached("SELECT min(next_attempt_unix_ms) FROM mail WHERE status = 'queued'");
    std::optional<Clock::time_point> result;
    if (select.step() && !select.column_is_null(0)) {
        result = Clock::time_point(std::chrono::milliseconds(select.column_int(0)));
    }
    select.reset();
    return result;
}

// Once a message is sent or given up, its secrets have no reason to stay: the redacted copy
// takes the MIME's place (SentCopy::kRedacted) or is dropped (kWhole).
void MailQueue::mark_sent(std::int64_t id, Clock::time_point now) {
    writer_.execute(
        [id, at = unix_ms(now), redact = sent_copy_ == SentCopy::kRedacted](Database& db) {
            db.cached(
                  "UPDATE mail SET status = 'sent', attempts = attempts + 1, sent_unix_ms = ?, "
                  "mime = CASE WHEN ? THEN coalesce(redacted_mime, mime) ELSE mime END, "
                  "redacted_mime = NULL WHERE id = ?")
                .bind(1, at)
                .bind(2, redact ? 1 : 0)
                .bind(3, id)
                .run();
        },
        Durability::kFull);
}

void MailQueue::mark_attempt_failed(std::int64_t id, std::string_view error,
                                    std::optional<Clock::time_point> retry_at) {
    std::optional<std::int64_t> retry_ms;
    if (retry_at) retry_ms = unix_ms(*retry_at);
    writer_.execute(
        [id, error = std::string(error), retry_ms,
         redact = sent_copy_ == SentCopy::kRedacted](Database& db) {
            if (retry_ms) {
                db.cached(
                      "UPDATE mail SET attempts = attempts + 1, last_error = ?, "
                      "next_attempt_unix_ms = ? WHERE id = ?")
                    .bind(1, std::string_view(error))
                    .bind(2, *retry_ms)
                    .bind(3, id)
                    .run();
            } else {
                db.cached(
                      "UPDATE mail SET status = 'failed', attempts = attempts + 1, "
                      "last_error = ?, "
                      "mime = CASE WHEN ? THEN coalesce(redacted_mime, mime) ELSE mime END, "
                      "redacted_mime = NULL WHERE id = ?")
                    .bind(1, std::string_view(error))
                    .bind(2, redact ? 1 : 0)
                    .bind(3, id)
                    .run();
            }
        },
        Durability::kFull);
}

void MailQueue::on_enqueue(std::function<void()> callback) {
    std::lock_guard lock(waker_->mutex);
    waker_->callback = std::move(callback);
}

}  // namespace councilcast::portal
