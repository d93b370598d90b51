// A bounded pool for password hashing, so tens of milliseconds of argon2id never block a
// network thread and a burst of sign-ins cannot queue without limit.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>

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

    // Runs `work` on the pool; the awaiting coroutine resumes on its own executor with the
    // result (or the exception). Throws HashingBusy at once when `max_waiting` jobs are already
    // queued or running.
    //
    // Not a coroutine itself, and `work` is never captured by a lambda inside one: GCC 12
    // destroys coroutine parameters moved into lambda captures twice.
    template <typename Result>
    boost::asio::awaitable<Result> run(std::function<Result()> work) {
        if (pending_.fetch_add(1) >= max_waiting_) {
            pending_.fetch_sub(1);
            throw HashingBusy();
        }
        return boost::asio::co_spawn(pool_.get_executor(), perform(std::move(work), pending_),
                                     boost::asio::use_awaitable);
    }

    std::uint32_t pending() const { return pending_.load(); }

  private:
    template <typename Result>
    static boost::asio::awaitable<Result> perform(std::function<Result()> work,
                                                  std::atomic<std::uint32_t>& pending) {
        struct Release {
            std::atomic<std::uint32_t>& pending;
            ~Release() { pending.fetch_sub(1); }
        } release{pending};
        co_return work();
    }

    boost::asio::thread_pool pool_;
    const std::uint32_t max_waiting_;
    std::atomic<std::uint32_t> pending_ = 0;
};

}  // namespace councilcast::portal
