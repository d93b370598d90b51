// A bounded pool for password hashing, so tens of milliseconds of argon2id never block a
// network thread and a burst of sign-ins cannot queue without limit.
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
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
    // result (or the exception) as soon as `work` returns. Throws HashingBusy at once when
    // `max_waiting` jobs are already queued or running.
    //
    // Not co_spawn: its coroutine posts back to the pool before it completes, behind every job
    // queued meanwhile, so each sign-in would wait for the whole queue. Not a coroutine itself,
    // and `work` is never captured by a lambda inside one: GCC 12 destroys coroutine parameters
    // moved into lambda captures twice.
    template <typename Result>
    boost::asio::awaitable<Result> run(std::function<Result()> work) {
        if (pending_.fetch_add(1) >= max_waiting_) {
            pending_.fetch_sub(1);
            throw HashingBusy();
        }
        return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>,
                                           void(std::exception_ptr, Result)>(
            [this](auto handler, std::function<Result()> job) {
                // Keeps the awaiting coroutine's event loop running until the result is back.
                auto waiting = boost::asio::make_work_guard(handler);
                boost::asio::post(pool_, [this, job = std::move(job), handler = std::move(handler),
                                          waiting = std::move(waiting)]() mutable {
                    std::exception_ptr error;
                    std::optional<Result> result;
                    try {
                        result.emplace(job());
                    } catch (...) {
                        error = std::current_exception();
                    }
                    pending_.fetch_sub(1);
                    boost::asio::dispatch(
                        waiting.get_executor(), [handler = std::move(handler), error,
                                                 result = std::move(result)]() mutable {
                            std::move(handler)(error, result ? std::move(*result) : Result{});
                        });
                });
            },
            boost::asio::use_awaitable, std::move(work));
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
