// A bounded pool for password hashing, so tens of milliseconds of argon2id never block a
// network thread and a burst of sign-ins cannot queue without limit.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>

#include "common/pool_call.hpp"

namespace councilcast::portal {

// The pool is full: the caller answers 503 with Retry-After.
class HashingBusy : public std::runtime_error {
  public:
    HashingBusy() : std::runtime_error("password hashing is busy") {}
};

class HashingPool {
  public:
    HashingPool(int threads, std::uint32_t max_waiting)
        : pool_(static_cast<std::size_t>(threads)), max_waiting_(max_waiting) {}
    ~HashingPool() { pool_.join(); }
    HashingPool(const HashingPool&) = delete;
    HashingPool& operator=(const HashingPool&) = delete;

    // Runs `work` on the pool (common/pool_call.hpp); the awaiting coroutine resumes on its own
    // executor with the result (or the exception) as soon as `work` returns. Throws HashingBusy
    // at once when `max_waiting` jobs are already queued or running.
    template <typename Result>
    boost::asio::awaitable<Result> run(std::function<Result()> work) {
        if (pending_.fetch_add(1) >= max_waiting_) {
            pending_.fetch_sub(1);
            throw HashingBusy();
        }
        return call_on_pool<Result>(pool_, [this, work = std::move(work)] {
            struct Release {
                std::atomic<std::uint32_t>& pending;
                ~Release() { pending.fetch_sub(1); }
            } release{pending_};
            return work();
        });
    }

    std::uint32_t pending() const { return pending_.load(); }

    // Waits for every job queued or running. Their results are posted to the awaiting
    // coroutines' executors, which must still exist, so this comes before the event loop is
    // destroyed; nothing may call run() after it.
    void join() { pool_.join(); }

  private:
    boost::asio::thread_pool pool_;
    const std::uint32_t max_waiting_;
    std::atomic<std::uint32_t> pending_ = 0;
};

}  // namespace councilcast::portal
