// Where a confirmed report goes: its category's department by mail (the durable mail queue, in
// the confirming transaction) and/or its webhook, a JSON POST signed with the category's secret
// (X-Councilcast-Signature: sha256=<hex HMAC-SHA256 of the body>) through a durable outbox row
// written in the same transaction and retried with backoff until the receiver answers 2xx.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "config/config.hpp"
#include "portal/mail/mail_queue.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/reports/report_store.hpp"

namespace councilcast::portal {

// One webhook delivery of a report, as the outbox keeps it.
struct WebhookDelivery {
    std::int64_t id = 0;  // also sent as X-Councilcast-Delivery: a receiver drops repeats by it
    std::int64_t report_id = 0;
    std::string category;
    std::string url;
    std::string body;  // the JSON, byte for byte as signed and sent
    int attempts = 0;  // failed attempts so far
    std::int64_t next_attempt_unix_ms = 0;
    std::int64_t delivered_unix_ms = 0;  // 0: not yet
    std::int64_t given_up_unix_ms = 0;   // 0: still trying
    std::string last_error;              // empty until an attempt failed
};

// "sha256=" and the lowercase hex HMAC-SHA256 of `body` under `secret`: what the receiver
// recomputes to trust the request.
std::string webhook_signature(std::string_view secret, std::string_view body);

class ReportRouting {
  public:
    // Attempts before a delivery is given up; the waits between them double from 30 s up to
    // 6 h, so the last comes about two days after the first.
    static constexpr int kMaxAttempts = 16;
    // Deliveries one run of deliver_due attempts at most.
    static constexpr std::size_t kDeliveriesPerRun = 20;
    // How long one POST may take, connecting included.
    static constexpr unsigned kTimeoutSeconds = 10;

    using Clock = std::function<std::int64_t()>;

    // Reads through its own connection; `writer`, `queue` and `renderer` are not owned and
    // outlive this. Department mail is in [municipality] default_language.
    ReportRouting(const std::filesystem::path& database_file, DatabaseWriter& writer,
                  const config::Config& config, MailQueue& queue, const PageRenderer& renderer,
                  Clock clock = {});
    ReportRouting(const ReportRouting&) = delete;
    ReportRouting& operator=(const ReportRouting&) = delete;

    // The address links start with; set before serving.
    void set_public_url(std::string url) { public_url_ = std::move(url); }

    // The store's event sink: on kConfirmed, the department's mail and the webhook's outbox
    // row, in the confirming job's transaction.
    void on_event(Database& db, const ReportEvent& event) const;

    // POSTs each due delivery (at most kDeliveriesPerRun) on `pool`, one at a time, and records
    // each outcome through the writer: delivered on a 2xx answer, else retried later, given up
    // after kMaxAttempts. A run while another is under way does nothing. Resolves to how many
    // were delivered.
    boost::asio::awaitable<int> deliver_due(boost::asio::thread_pool& pool);

    // A report's deliveries, oldest first (the staff page and the tests).
    std::vector<WebhookDelivery> deliveries(std::int64_t report_id) const;

  private:
    MailMessage department_mail(const Report& report, const config::ReportCategory& category) const;
    std::string webhook_body(const Report& report) const;
    std::vector<WebhookDelivery> due(std::int64_t now_unix_ms) const;

    DatabaseWriter& writer_;
    const config::Config& config_;
    MailQueue& queue_;
    const PageRenderer& renderer_;
    Clock clock_;
    std::string public_url_;
    std::atomic<bool> delivering_{false};
    mutable std::mutex reader_mutex_;  // guards reader_
    mutable Database reader_;
};

}  // namespace councilcast::portal
