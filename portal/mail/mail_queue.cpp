#include "portal/mail/mail_queue.hpp"

#include <fmt/core.h>

#include "common/enum_names.hpp"

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

namespace {

std::int64_t unix_ms(MailQueue::Clock::time_point time) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

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

}  // namespace

std::string_view to_string(MailStatus status) {
    return name_of(kStatusNames, status);
}

MailQueue::MailQueue(const std::filesystem::path& database, std::string from_address,
                     DatabaseWriter& writer)
    : writer_(writer),
      reader_(database, Durability::kNormal, OpenMode::kReadOnly),
      from_address_(std::move(from_address)) {
    check_mail_address(from_address_);
}

// Not a coroutine itself, so no lambda is made inside one (GCC 12 destroys coroutine
// parameters moved into lambda captures twice; see HashingPool::run).
boost::asio::awaitable<std::int64_t> MailQueue::enqueue(const MailMessage& message) {
    const auto now = Clock::now();
    // Built before the job, and here: GMime work needs no database, and a bad recipient throws
    // at once.
    std::string mime = mime_bytes(message, from_address_, now);
    return announce(writer_.run(
        [to = message.to, subject = message.subject, mime = std::move(mime),
         at = unix_ms(now)](Database& db) {
            db.cached(
                  "INSERT INTO mail (recipient, subject, mime, status, next_attempt_unix_ms, "
                  "created_unix_ms) VALUES (?, ?, ?, 'queued', ?, ?)")
                .bind(1, std::string_view(to))
                .bind(2, std::string_view(subject))
                .bind(3, std::string_view(mime))
                .bind(4, at)
                .bind(5, at)
                .run();
            return db.last_insert_rowid();
        },
        Durability::kFull));
}

boost::asio::awaitable<std::int64_t> MailQueue::announce(
    boost::asio::awaitable<std::int64_t> insert) {
    const std::int64_t id = co_await std::move(insert);
    {
        std::lock_guard lock(callback_mutex_);
        if (on_enqueue_) on_enqueue_();
    }
    co_return id;
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

void MailQueue::mark_sent(std::int64_t id, Clock::time_point now) {
    writer_.execute(
        [id, at = unix_ms(now)](Database& db) {
            db.cached(
                  "UPDATE mail SET status = 'sent', attempts = attempts + 1, "
                  "sent_unix_ms = ? WHERE id = ?")
                .bind(1, at)
                .bind(2, id)
                .run();
        },
        Durability::kFull);
}

void MailQueue::mark_attempt_failed(std::int64_t id, std::string_view error,
                                    std::optional<Clock::time_point> retry_at) {
    std::optional<std::int64_t> retry_ms;
    if (retry_at) retry_ms = unix_ms(*retry_at);
    writer_.execute(
        [id, error = std::string(error), retry_ms](Database& db) {
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
                      "last_error = ? WHERE id = ?")
                    .bind(1, std::string_view(error))
                    .bind(2, id)
                    .run();
            }
        },
        Durability::kFull);
}

void MailQueue::on_enqueue(std::function<void()> callback) {
    std::lock_guard lock(callback_mutex_);
    on_enqueue_ = std::move(callback);
}

}  // namespace councilcast::portal
