// Runs a blocking call on a thread pool and resumes the awaiting coroutine on its own executor
// with the result, as soon as the call returns.
#pragma once

#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <functional>
#include <optional>

namespace councilcast {

// The result (or the exception `work` threw) comes back to the caller's executor, which is kept
// from running out of work meanwhile; the pool must be joined before that executor's event loop
// is destroyed.
//
// Not co_spawn: its coroutine posts back to the pool before it completes, behind every job queued
// meanwhile, so each caller would wait for the whole queue. Not a coroutine itself, and `work` is
// never captured by a lambda inside one: GCC 12 destroys coroutine parameters moved into lambda
// captures twice.
template <typename Result>
boost::asio::awaitable<Result> call_on_pool(boost::asio::thread_pool& pool,
                                            std::function<Result()> work) {
    return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>,
                                       void(std::exception_ptr, Result)>(
        [&pool](auto handler, std::function<Result()> job) {
            auto waiting = boost::asio::make_work_guard(handler);
            boost::asio::post(pool, [job = std::move(job), handler = std::move(handler),
                                     waiting = std::move(waiting)]() mutable {
                std::exception_ptr error;
                std::optional<Result> result;
                try {
                    result.emplace(job());
                } catch (...) {
                    error = std::current_exception();
                }
                boost::asio::dispatch(
                    waiting.get_executor(),
                    [handler = std::move(handler), error, result = std::move(result)]() mutable {
                        std::move(handler)(error, result ? std::move(*result) : Result{});
                    });
            });
        },
        boost::asio::use_awaitable, std::move(work));
}

}  // namespace councilcast
