// A bounded pool for password hashing, so tens of milliseconds of argon2id never block a
// network thread and a burst of sign-ins cannot queue without limit.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <cstdint>
#include <exception>
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

    // Runs `work` on the pool; the calling coroutine resumes on its own executor with the result
    // (or the exception). Throws HashingBusy at once when `max_waiting` jobs are already queued
    // or running.
    template <typename Result>
    boost::asio::awaitable<Result> run(std::function<Result()> work) {
        if (pending_.fetch_add(1) >= max_waiting_) {
            pending_.fetch_sub(1);
            throw HashingBusy();
        }
        struct Release {
            std::atomic<std::uint32_t>& pending;
            ~Release() { pending.fetch_sub(1); }
        } release{pending_};
        // A plain job posted to the pool, its result posted back to the caller's executor: no
        // coroutine lambda with captures is handed to co_spawn, as GCC 12 destroyed that
        // lambda's captures twice (a double free on every sign-in).
        co_return co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable),
                                                       void(std::exception_ptr, Result)>(
            [this, &work](auto handler) {
                // The caller's executor counts the job as its work, so its run() waits for it.
                auto caller = boost::asio::make_work_guard(
                    boost::asio::get_associated_executor(handler));
                boost::asio::post(pool_, [work = std::move(work), handler = std::move(handler),
                                          caller = std::move(caller)]() mutable {
                    std::exception_ptr error;
                    Result result{};
                    try {
                        result = work();
                    } catch (...) {
                        error = std::current_exception();
                    }
                    auto executor = caller.get_executor();
                    boost::asio::post(executor, [handler = std::move(handler), error,
                                                 result = std::move(result)]() mutable {
                        std::move(handler)(error, std::move(result));
                    });
                });
            },
            boost::asio::use_awaitable);
    }

    std::uint32_t pending() const { return pending_.load(); }

  private:
    boost::asio::thread_pool pool_;
    const std::uint32_t max_waiting_;
    std::atomic<std::uint32_t> pending_ = 0;
};

}  // namespace councilcast::portal
