// The one SQLite writer: every durable write of the process on one connection and one thread,
// behind a bounded queue, with group commit; coroutines await a write without blocking.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <variant>
#include <vector>

#include "common/database.hpp"
#include "common/error.hpp"
#include "common/require.hpp"

namespace councilcast {

// The writer's queue is full: the caller answers 503 with Retry-After rather than wait.
class WriterBusy : public std::runtime_error {
  public:
    WriterBusy() : std::runtime_error("the database writer is busy") {}
};

// A write failed because the storage is failing (disk full, I/O error): the change was not
// made. The HTTP boundary answers 503 with a message from the catalogue (error_storage).
class StorageFailing : public Error {
  public:
    using Error::Error;
};

namespace writer_detail {
// How a job's result reaches an awaiting coroutine: the exception first, rethrown there.
template <typename Result>
struct Completion {
    using type = void(std::exception_ptr, Result);
};
template <>
struct Completion<void> {
    using type = void(std::exception_ptr);
};
}  // namespace writer_detail

// Jobs are functions of Database& that run on the writer's thread inside a BEGIN IMMEDIATE
// transaction, so a job never opens one of its own. Jobs waiting in the queue share one
// transaction (group commit: one fsync for many), each inside its own SAVEPOINT, so a job that
// throws rolls back only its own changes and gets its own error. When the shared transaction
// itself fails (COMMIT, or SQLite rolling it back on a full disk), each job of the group is run
// again alone, so every caller learns the fate of its own write. A job may therefore run more
// than once, always against a rolled-back database: it must not keep state between runs.
//
// A failed write (SQLITE_FULL, SQLITE_IOERR) fails that job (StorageFailing) and flips
// writable() to false until a commit succeeds again; it never ends the process.
class DatabaseWriter {
  public:
    // Jobs queued or running at once; more throw WriterBusy at once. A burst of page saves is a
    // few dozen; a thousand means the disk has stalled, and waiting longer helps nobody.
    static constexpr std::size_t kDefaultQueueLength = 1024;
    // Jobs that share one transaction at most: bounds how long a commit holds the write lock.
    static constexpr std::size_t kMaxGroup = 64;

    struct Settings {
        std::size_t queue_length = kDefaultQueueLength;
        bool group_commit = true;  // false: one transaction per job (the benchmark's peer)
    };

    struct Stats {
        std::uint64_t jobs = 0;     // finished, successfully or not
        std::uint64_t commits = 0;  // transactions committed
        std::uint64_t failures = 0;
    };

    // Opens the connection (read-write, WAL) and starts the thread. The schema must be current.
    explicit DatabaseWriter(const std::filesystem::path& database_file, Settings settings);
    explicit DatabaseWriter(const std::filesystem::path& database_file)
        : DatabaseWriter(database_file, Settings{}) {}
    // Runs every job already queued, then stops the thread.
    ~DatabaseWriter();
    DatabaseWriter(const DatabaseWriter&) = delete;
    DatabaseWriter& operator=(const DatabaseWriter&) = delete;

    // For coroutines: queues `job` and resumes the caller on its own executor with the result
    // (or the job's exception). Throws WriterBusy at once when the queue is full.
    //
    // Not a coroutine itself, and `job` is never captured inside one: GCC 12 destroys coroutine
    // parameters moved into lambda captures twice (see HashingPool::run).
    template <typename Job>
    auto run(Job job, Durability durability = Durability::kNormal)
        -> boost::asio::awaitable<std::invoke_result_t<Job&, Database&>> {
        using Result = std::invoke_result_t<Job&, Database&>;
        using Signature = typename writer_detail::Completion<Result>::type;
        auto slot = reserve();
        return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>, Signature>(
            [this, durability, slot = std::move(slot)](auto handler, Job job) mutable {
                auto executor = boost::asio::get_associated_executor(handler);
                // Keeps the caller's executor running while the job waits here: a blocking
                // caller's own io_context would otherwise run out of work and return.
                auto guard = boost::asio::make_work_guard(executor);
                auto deliver = [handler = std::move(handler), guard = std::move(guard)](
                                   std::exception_ptr error, auto result) mutable {
                    auto target = guard.get_executor();
                    boost::asio::post(target, [handler = std::move(handler), error,
                                               result = std::move(result)]() mutable {
                        if constexpr (std::is_void_v<Result>) {
                            std::move(handler)(error);
                        } else {
                            std::move(handler)(error, result ? std::move(*result) : Result{});
                        }
                    });
                    guard.reset();
                };
                enqueue(make_job(std::move(job), std::move(deliver), durability, std::move(slot)));
            },
            boost::asio::use_awaitable, std::move(job));
    }

    // For threads that may block (the command line, the demo seed, tests): the job's result,
    // or its exception. Never from the writer's own thread (it would wait for itself).
    template <typename Job>
    std::invoke_result_t<Job&, Database&> execute(Job job,
                                                  Durability durability = Durability::kNormal) {
        using Result = std::invoke_result_t<Job&, Database&>;
        require(std::this_thread::get_id() != thread_id(),
                "DatabaseWriter::execute on the writer's own thread would wait for itself");
        auto slot = reserve();
        std::promise<Result> promise;
        auto future = promise.get_future();
        auto deliver = [&promise](std::exception_ptr error, auto result) {
            if (error) {
                promise.set_exception(error);
            } else if constexpr (std::is_void_v<Result>) {
                promise.set_value();
            } else {
                promise.set_value(std::move(*result));
            }
        };
        enqueue(make_job(std::move(job), std::move(deliver), durability, std::move(slot)));
        return future.get();
    }

    // Waits until every job queued before it has finished (posted ones too): for shutdown, and
    // for tests that read what a posted job wrote.
    void flush() {
        execute([](Database&) {});
    }

    // Nothing waits for it: after the commit `then` gets the job's result on the writer's
    // thread; a failure is logged with `context` ("[channel:hall segment:12]") instead. Returns
    // false, having logged, when the queue is full.
    template <typename Job, typename Then>
    bool post(Job job, Then then, std::string context,
              Durability durability = Durability::kNormal) {
        std::optional<Slot> slot;
        try {
            slot.emplace(reserve());
        } catch (const WriterBusy& e) {
            log_failure(context, std::make_exception_ptr(e));
            return false;
        }
        auto deliver = [then = std::move(then), context = std::move(context)](
                           std::exception_ptr error, auto result) mutable {
            if (error) return log_failure(context, error);
            try {
                if constexpr (std::is_void_v<std::invoke_result_t<Job&, Database&>>) {
                    then();
                } else {
                    then(std::move(*result));
                }
            } catch (...) {
                log_failure(context, std::current_exception());
            }
        };
        enqueue(make_job(std::move(job), std::move(deliver), durability, std::move(*slot)));
        return true;
    }
    template <typename Job>
    bool post(Job job, std::string context, Durability durability = Durability::kNormal) {
        return post(
            std::move(job), [](auto&&...) {}, std::move(context), durability);
    }

    // False since a write failed for the storage (disk full, I/O error), until one succeeds.
    bool writable() const { return writable_.load(); }
    // SQLite's words for the last storage failure; empty while writable.
    std::string storage_problem() const;
    std::size_t queued() const { return pending_.load(); }
    std::size_t queue_length() const { return settings_.queue_length; }
    Stats stats() const;
    // The thread every job runs on (tests assert no write happens anywhere else).
    std::thread::id thread_id() const { return thread_.get_id(); }

    // Called on the writer's thread after every successful commit, before the jobs' callers
    // resume (a store republishes its snapshot here, so a caller sees its own change). Added
    // before the first job; a listener's exception is logged and goes no further.
    void add_commit_listener(std::function<void(Database&)> listener);

  private:
    // Counts a job from reserve() until it has finished, so the bound covers running jobs too.
    class Slot {
      public:
        explicit Slot(std::atomic<std::size_t>* pending) : pending_(pending) {}
        Slot(Slot&& other) noexcept : pending_(std::exchange(other.pending_, nullptr)) {}
        Slot& operator=(Slot&&) = delete;
        ~Slot() {
            if (pending_) pending_->fetch_sub(1);
        }

      private:
        std::atomic<std::size_t>* pending_;
    };

    class Job {
      public:
        Job(Durability durability, Slot slot) : durability(durability) {
            slot_.emplace(std::move(slot));
        }
        virtual ~Job() = default;
        // Runs the work; keeps its result until finish().
        virtual void run(Database& db) = 0;
        // Delivers the result, or `error`, to the caller.
        virtual void finish(std::exception_ptr error) = 0;
        // Frees the job's place in the queue: before finish(), so a caller that resumes finds it.
        void release() { slot_.reset(); }
        const Durability durability;

      private:
        std::optional<Slot> slot_;
    };

    template <typename Work, typename Deliver>
    class JobOf final : public Job {
      public:
        using Result = std::invoke_result_t<Work&, Database&>;
        using Stored = std::conditional_t<std::is_void_v<Result>, std::monostate, Result>;

        JobOf(Work work, Deliver deliver, Durability durability, Slot slot)
            : Job(durability, std::move(slot)),
              work_(std::move(work)),
              deliver_(std::move(deliver)) {}

        void run(Database& db) override {
            result_.reset();
            if constexpr (std::is_void_v<Result>) {
                work_(db);
                result_.emplace();
            } else {
                result_.emplace(work_(db));
            }
        }
        void finish(std::exception_ptr error) override {
            if (error) result_.reset();
            deliver_(error, std::move(result_));
        }

      private:
        Work work_;
        Deliver deliver_;
        std::optional<Stored> result_;
    };

    template <typename Work, typename Deliver>
    static std::unique_ptr<Job> make_job(Work work, Deliver deliver, Durability durability,
                                         Slot slot) {
        return std::make_unique<JobOf<Work, Deliver>>(std::move(work), std::move(deliver),
                                                      durability, std::move(slot));
    }

    Slot reserve();
    static void log_failure(const std::string& context, std::exception_ptr error);
    void enqueue(std::unique_ptr<Job> job);
    void loop();
    // Runs `group` in one transaction; false when the transaction itself failed (nothing kept).
    bool run_group(std::vector<std::unique_ptr<Job>>& group, std::exception_ptr& group_error);
    void run_alone(std::unique_ptr<Job>& job);
    void finish(Job& job, std::exception_ptr error);
    // Notes a storage failure from `error`, and returns what the caller should get instead.
    std::exception_ptr classify(std::exception_ptr error);

    const Settings settings_;
    Database db_;  // the writer thread's only
    std::atomic<std::size_t> pending_ = 0;
    std::atomic<bool> writable_ = true;
    mutable std::mutex mutex_;  // guards everything below
    std::condition_variable wake_;
    std::deque<std::unique_ptr<Job>> queue_;
    bool stopping_ = false;
    std::string storage_problem_;
    Stats stats_;
    std::vector<std::function<void(Database&)>> commit_listeners_;
    std::thread thread_;  // last: starts once everything above exists
};

// Runs a coroutine to completion on a private io_context: how a synchronous caller (the command
// line, the demo seed, tests) uses a store's awaitable write. Never on a network thread.
template <typename T>
T block_on(boost::asio::awaitable<T> work) {
    boost::asio::io_context context;
    auto future = boost::asio::co_spawn(context, std::move(work), boost::asio::use_future);
    context.run();
    return future.get();
}

}  // namespace councilcast
