#include "portal/mail/mail_dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace councilcast::portal {
namespace {

// Messages taken from the queue per database read; the pass repeats until none is due.
constexpr std::size_t kBatch = 50;
// After the database itself failed (disk full, locked too long), try again after this.
constexpr std::chrono::seconds kDatabaseRetry{30};

}  // namespace

MailDispatcher::MailDispatcher(MailQueue& queue, MailTransport transport, MailRetry retry)
    : queue_(queue), transport_(std::move(transport)), retry_(retry) {
    queue_.on_enqueue([this] { notify(); });
}

MailDispatcher::~MailDispatcher() {
    queue_.on_enqueue(nullptr);
    stop();
}

void MailDispatcher::start() {
    thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void MailDispatcher::stop() {
    if (!thread_.joinable()) return;
    thread_.request_stop();
    thread_.join();
}

void MailDispatcher::notify() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    wake_.notify_one();
}

std::optional<MailDispatcher::Clock::time_point> MailDispatcher::retry_time(
    Clock::time_point now, int attempts, Clock::time_point created) const {
    const auto give_up_at = created + retry_.give_up_after;
    if (now >= give_up_at) return std::nullopt;
    auto interval = retry_.first_retry;
    for (int i = 1; i < attempts && interval < retry_.max_interval; ++i) interval *= 2;
    interval = std::min(interval, retry_.max_interval);
    // One last attempt right at the deadline rather than none after the last long interval.
    return std::min(now + interval, give_up_at);
}

std::size_t MailDispatcher::deliver_due(Clock::time_point now, std::stop_token stop) {
    std::size_t attempted = 0;
    for (;;) {
        const auto batch = queue_.due(now, kBatch);
        for (const auto& mail : batch) {
            if (stop.stop_requested()) return attempted;
            ++attempted;
            const auto error = transport_(mail, stop);
            // A send cut short by shutdown is not the relay's failure: it stays due as it was.
            if (error && stop.stop_requested()) return attempted;
            const auto finished = Clock::now();
            if (!error) {
                // A crash right here sends this message again after the restart (at least once).
                queue_.mark_sent(mail.id, finished);
                spdlog::info("[mail:{}] sent to {}", mail.id, mail.recipient);
                continue;
            }
            const Clock::time_point created{std::chrono::milliseconds(mail.created_unix_ms)};
            const auto retry_at = retry_time(std::max(now, finished), mail.attempts + 1, created);
            queue_.mark_attempt_failed(mail.id, *error, retry_at);
            if (retry_at) {
                spdlog::warn("[mail:{}] not sent (attempt {}), will retry: {}", mail.id,
                             mail.attempts + 1, *error);
            } else {
                spdlog::error("[mail:{}] to {} given up after {} attempts: {}", mail.id,
                              mail.recipient, mail.attempts + 1, *error);
            }
        }
        if (batch.size() < kBatch) return attempted;
    }
}

void MailDispatcher::run(std::stop_token stop) {
    while (!stop.stop_requested()) {
        std::optional<Clock::time_point> next;
        try {
            deliver_due(Clock::now(), stop);
            next = queue_.next_due();
        } catch (const std::exception& e) {
            spdlog::error("[mail] the queue failed, trying again in {} s: {}",
                          kDatabaseRetry.count(), e.what());
            next = Clock::now() + kDatabaseRetry;
        }
        std::unique_lock lock(mutex_);
        // The wall clock decides when mail is due; the wait runs on the steady clock so a clock
        // step cannot stretch it, and the next pass re-reads the queue anyway.
        if (next) {
            const auto wait = std::max<Clock::duration>(*next - Clock::now(), Clock::duration{});
            wake_.wait_for(lock, stop, wait, [this] { return woken_; });
        } else {
            wake_.wait(lock, stop, [this] { return woken_; });
        }
        woken_ = false;
    }
}

}  // namespace councilcast::portal
