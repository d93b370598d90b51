// The background thread that hands due mail to the transport and retries with backoff.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <stop_token>
#include <thread>

#include "portal/mail/mail_queue.hpp"
#include "portal/mail/mail_transport.hpp"

namespace councilcast::portal {

struct MailRetry {
    std::chrono::milliseconds first_retry = std::chrono::minutes(1);   // doubles after each failure
    std::chrono::milliseconds max_interval = std::chrono::hours(1);    // [mail] max_retry_interval
    std::chrono::milliseconds give_up_after = std::chrono::hours(72);  // [mail] give_up_after
};

// Delivery is at least once: a crash after the relay took a message and before it was marked
// sent sends it again after the restart. A message is never lost: it leaves the queue only as
// sent, or as failed (with its last error) once give_up_after has passed since it was enqueued.
class MailDispatcher {
  public:
    using Clock = MailQueue::Clock;

    // `queue` is not owned and must outlive the dispatcher, which registers itself as the
    // queue's on_enqueue callback until it is destroyed.
    MailDispatcher(MailQueue& queue, MailTransport transport, MailRetry retry);
    MailDispatcher(const MailDispatcher&) = delete;
    MailDispatcher& operator=(const MailDispatcher&) = delete;
    ~MailDispatcher();

    // Starts the thread: it sends what is due, oldest first, then sleeps until the next message
    // is due or one is enqueued.
    void start();
    // Aborts a send in progress and joins the thread (shutdown). What was not sent stays queued.
    void stop();
    // Wakes the thread to look for due mail now.
    void notify();

    // One pass on the calling thread: sends every message due at `now`, records each outcome and
    // returns how many were attempted. The thread runs this; tests call it with a chosen time
    // instead of waiting for the backoff. Throws Error if the database fails.
    std::size_t deliver_due(Clock::time_point now, std::stop_token stop = {});

    // When a message that failed its `attempts`-th time (1 for the first) is tried again;
    // nothing once give_up_after has passed since it was created.
    std::optional<Clock::time_point> retry_time(Clock::time_point now, int attempts,
                                                Clock::time_point created) const;

  private:
    void run(std::stop_token stop);

    MailQueue& queue_;
    MailTransport transport_;
    MailRetry retry_;
    std::mutex mutex_;
    std::condition_variable_any wake_;
    bool woken_ = false;
    std::jthread thread_;  // last: stopped and joined before the members it uses go
};

}  // namespace councilcast::portal
