#include "portal/reports/report_routing.hpp"

#include <fmt/core.h>
#include <libsoup/soup.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <boost/algorithm/string/replace.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <array>

#include "common/c_ptr.hpp"
#include "common/pool_call.hpp"
#include "common/unix_time.hpp"
#include "portal/http/responses.hpp"
#include "portal/pages/target.hpp"
#include "portal/reports/report_paths.hpp"
#include "portal/reports/report_texts.hpp"

namespace councilcast::portal {
namespace {

constexpr std::int64_t kFirstRetryMs = 30'000;
constexpr std::int64_t kLongestRetryMs = 6LL * 60 * 60 * 1000;

using WebhookSessionPtr = CPtr<&g_object_unref, SoupSession>;
using WebhookMessagePtr = CPtr<&g_object_unref, SoupMessage>;
using WebhookStreamPtr = CPtr<&g_object_unref, GInputStream>;
using WebhookBytesPtr = CPtr<&g_bytes_unref>;
using WebhookErrorPtr = CPtr<&g_error_free>;

// What one POST came to; default: not sent.
struct WebhookOutcome {
    bool delivered = false;
    std::string error;
};

// The wait after the `failures`-th failed attempt: 30 s, doubling, at most 6 h.
std::int64_t retry_after_ms(int failures) {
    const int doublings = std::clamp(failures - 1, 0, 20);
    return std::min(kFirstRetryMs << doublings, kLongestRetryMs);
}

// Blocking: on the pool's thread. The answer's body is never read, so a receiver cannot make
// us hold much of anything.
WebhookOutcome post_webhook(const std::string& url, const std::string& body,
                            const std::string& signature, std::int64_t delivery_id) {
    WebhookSessionPtr session(soup_session_new_with_options(
        "timeout", ReportRouting::kTimeoutSeconds, "idle-timeout", ReportRouting::kTimeoutSeconds,
        "user-agent", "councilcast-webhook/1", nullptr));
    WebhookMessagePtr message(soup_message_new("POST", url.c_str()));
    if (!message) return {false, "the webhook_url is not a URL"};
    soup_message_add_flags(message.get(), SOUP_MESSAGE_NO_REDIRECT);
    WebhookBytesPtr bytes(g_bytes_new(body.data(), body.size()));
    soup_message_set_request_body_from_bytes(message.get(), "application/json", bytes.get());
    SoupMessageHeaders* headers = soup_message_get_request_headers(message.get());
    soup_message_headers_replace(headers, "X-Councilcast-Signature", signature.c_str());
    soup_message_headers_replace(headers, "X-Councilcast-Delivery",
                                 std::to_string(delivery_id).c_str());
    GError* raw_error = nullptr;
    WebhookStreamPtr stream(soup_session_send(session.get(), message.get(), nullptr, &raw_error));
    WebhookErrorPtr error(raw_error);
    if (!stream) return {false, error ? error->message : "no answer"};
    g_input_stream_close(stream.get(), nullptr, nullptr);
    const unsigned status = soup_message_get_status(message.get());
    if (status >= 200 && status < 300) return {true, {}};
    return {false, fmt::format("the receiver answered HTTP {}", status)};
}

WebhookDelivery delivery_row(const Statement& row) {
    WebhookDelivery delivery;
    delivery.id = row.column_int(0);
    delivery.report_id = row.column_int(1);
    delivery.category = row.column_text(2);
    delivery.url = row.column_text(3);
    delivery.body = row.column_text(4);
    delivery.attempts = static_cast<int>(row.column_int(5));
    delivery.next_attempt_unix_ms = row.column_int(6);
    delivery.delivered_unix_ms = row.column_int(7);
    delivery.given_up_unix_ms = row.column_int(8);
    delivery.last_error = row.column_text(9);
    return delivery;
}

constexpr std::string_view kDeliveryColumns =
    "SELECT id, report_id, category, url, body, attempts, next_attempt_unix_ms, "
    "delivered_unix_ms, given_up_unix_ms, last_error FROM report_webhook ";

}  // namespace

std::string webhook_signature(std::string_view secret, std::string_view body) {
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                                secret.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                  body.size());
    std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
    crypto_auth_hmacsha256_final(&state, mac.data());
    std::array<char, crypto_auth_hmacsha256_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), mac.data(), mac.size());
    return "sha256=" + std::string(hex.data());
}

ReportRouting::ReportRouting(const std::filesystem::path& database_file, DatabaseWriter& writer,
                             const config::Config& config, MailQueue& queue,
                             const PageRenderer& renderer, Clock clock)
    : writer_(writer),
      config_(config),
      queue_(queue),
      renderer_(renderer),
      clock_(clock ? std::move(clock) : Clock(now_unix_ms)),
      reader_(database_file, Durability::kNormal, OpenMode::kReadOnly) {}

MailMessage ReportRouting::department_mail(const Report& report,
                                           const config::ReportCategory& category) const {
    const Language language = report_language(config_.municipality.default_language);
    std::string answers;
    for (const ReportAnswer& answer : report.answers) {
        const auto question =
            std::find_if(category.questions.begin(), category.questions.end(),
                         [&](const auto& q) { return q.code == answer.question_code; });
        if (question == category.questions.end()) continue;
        answers += "\n" + question_text(*question, language) + ": " + answer.value;
    }
    std::string photos;
    for (const ReportPhoto& photo : report.photos) {
        photos += "\n" + public_url_ + report_photo_path(photo.hash, "full");
    }
    const MessageArguments arguments{
        {"id", std::to_string(report.id)},
        {"title", report.title},
        {"category", category_name(category, language)},
        {"details", report.details},
        {"address", report.address},
        {"eldership", report.eldership},
        {"lat", fmt::format("{:.6f}", report.lat)},
        {"lon", fmt::format("{:.6f}", report.lon)},
        {"name", report.reporter.name},
        {"email", report.reporter.email},
        {"answers", answers},
        {"photos", photos},
        {"link", public_url_ + localised(language, report_staff_path(report.id))},
    };
    MailMessage message;
    message.to = category.department_email;
    message.subject = renderer_.format(language, "report_mail_department_subject", arguments);
    message.text = renderer_.format(language, "report_mail_department_body", arguments);
    std::string html = html_escape(message.text);
    boost::algorithm::replace_all(html, "\n", "<br>");
    message.html = "<!DOCTYPE html><html lang=\"" + std::string(language_code(language)) +
                   "\"><meta charset=\"utf-8\"><body><p>" + html + "</p></body></html>";
    return message;
}

std::string ReportRouting::webhook_body(const Report& report) const {
    boost::json::object answers;
    for (const ReportAnswer& answer : report.answers) answers[answer.question_code] = answer.value;
    boost::json::array photos;
    for (const ReportPhoto& photo : report.photos) {
        if (!photo.hidden) photos.emplace_back(public_url_ + report_photo_path(photo.hash, "full"));
    }
    boost::json::object body{
        {"id", report.id},
        {"token", report.token},
        {"category", report.category},
        {"title", report.title},
        {"details", report.details},
        {"lat", report.lat},
        {"lon", report.lon},
        {"eldership", report.eldership},
        {"address", report.address},
        {"answers", std::move(answers)},
        {"photos", std::move(photos)},
        {"reporter",
         {{"name", report.reporter.name},
          {"email", report.reporter.email},
          {"anonymous", report.reporter.anonymous}}},
        {"language", report.language},
        {"created_at", rfc3339_utc(report.created_unix_ms / 1000)},
        {"confirmed_at", rfc3339_utc(report.confirmed_unix_ms / 1000)},
        {"url", public_url_ + report_path(report.id)},
    };
    return boost::json::serialize(body);
}

void ReportRouting::on_event(Database& db, const ReportEvent& event) const {
    if (event.kind != ReportEvent::Kind::kConfirmed) return;
    const Report& report = event.report;
    const auto category =
        std::find_if(config_.reports.categories.begin(), config_.reports.categories.end(),
                     [&](const auto& c) { return c.code == report.category; });
    if (category == config_.reports.categories.end()) return;
    if (!category->department_email.empty()) {
        MailHandling handling;
        handling.kind = "report.department";
        queue_.enqueue_in(db, department_mail(report, *category), handling);
    }
    if (!category->webhook_url.empty()) {
        const std::int64_t at = clock_();
        db.cached(
              "INSERT INTO report_webhook (report_id, category, url, body, next_attempt_unix_ms, "
              "created_unix_ms) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(1, report.id)
            .bind(2, category->code)
            .bind(3, category->webhook_url)
            .bind(4, webhook_body(report))
            .bind(5, at)
            .bind(6, at)
            .run();
    }
}

std::vector<WebhookDelivery> ReportRouting::due(std::int64_t now_unix_ms) const {
    std::lock_guard lock(reader_mutex_);
    Statement statement = reader_.cached(
        std::string(kDeliveryColumns) +
        "WHERE delivered_unix_ms = 0 AND given_up_unix_ms = 0 AND next_attempt_unix_ms <= ? "
        "ORDER BY next_attempt_unix_ms, id LIMIT ?");
    statement.bind(1, now_unix_ms).bind(2, static_cast<std::int64_t>(kDeliveriesPerRun));
    std::vector<WebhookDelivery> deliveries;
    while (statement.step()) deliveries.push_back(delivery_row(statement));
    return deliveries;
}

std::vector<WebhookDelivery> ReportRouting::deliveries(std::int64_t report_id) const {
    std::lock_guard lock(reader_mutex_);
    Statement statement =
        reader_.cached(std::string(kDeliveryColumns) + "WHERE report_id = ? ORDER BY id");
    statement.bind(1, report_id);
    std::vector<WebhookDelivery> deliveries;
    while (statement.step()) deliveries.push_back(delivery_row(statement));
    return deliveries;
}

boost::asio::awaitable<int> ReportRouting::deliver_due(boost::asio::thread_pool& pool) {
    if (delivering_.exchange(true)) co_return 0;
    struct Done {
        std::atomic<bool>& flag;
        ~Done() { flag = false; }
    } done{delivering_};
    int delivered = 0;
    for (const WebhookDelivery& delivery : due(clock_())) {
        const auto& categories = config_.reports.categories;
        const auto category =
            std::find_if(categories.begin(), categories.end(),
                         [&](const auto& c) { return c.code == delivery.category; });
        WebhookOutcome outcome{false, "the category has no webhook any more"};
        if (category != categories.end() && !category->webhook_url.empty()) {
            std::function<WebhookOutcome()> post =
                [url = delivery.url, body = delivery.body,
                 signature = webhook_signature(category->webhook_secret, delivery.body),
                 id = delivery.id] { return post_webhook(url, body, signature, id); };
            auto sent = call_on_pool<WebhookOutcome>(pool, std::move(post));
            outcome = co_await std::move(sent);
        }
        const std::int64_t at = clock_();
        const int failures = delivery.attempts + (outcome.delivered ? 0 : 1);
        const bool give_up = !outcome.delivered && failures >= kMaxAttempts;
        if (give_up) {
            spdlog::warn("[reports webhook:{} report:{}] given up after {} attempts: {}",
                         delivery.id, delivery.report_id, failures, outcome.error);
        }
        auto record = writer_.run([id = delivery.id, outcome, at, failures, give_up](Database& db) {
            db.cached(
                  "UPDATE report_webhook SET attempts = ?, delivered_unix_ms = ?, "
                  "given_up_unix_ms = ?, next_attempt_unix_ms = ?, last_error = ? WHERE id = ?")
                .bind(1, failures)
                .bind(2, outcome.delivered ? at : 0)
                .bind(3, give_up ? at : 0)
                .bind(4, at + retry_after_ms(failures))
                .bind(5, outcome.error)
                .bind(6, id)
                .run();
        });
        co_await std::move(record);
        if (outcome.delivered) ++delivered;
    }
    co_return delivered;
}

}  // namespace councilcast::portal
