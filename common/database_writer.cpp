#include "common/database_writer.hpp"

#include <spdlog/spdlog.h>

#include <utility>

namespace councilcast {
namespace {

// Rolls back whatever the connection has open; a failed ROLLBACK (nothing open) is no news.
void roll_back(Database& db) {
    sqlite3_exec(db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace

DatabaseWriter::DatabaseWriter(const std::filesystem::path& database_file, Settings settings)
    : settings_(settings), db_(database_file), thread_([this] { loop(); }) {}

DatabaseWriter::~DatabaseWriter() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

DatabaseWriter::Slot DatabaseWriter::reserve() {
    if (pending_.fetch_add(1) >= settings_.queue_length) {
        pending_.fetch_sub(1);
        throw WriterBusy();
    }
    return Slot(&pending_);
}

void DatabaseWriter::enqueue(std::unique_ptr<Job> job) {
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(job));
    }
    wake_.notify_one();
}

void DatabaseWriter::log_failure(const std::string& context, std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        spdlog::error("{} not written: {}", context, e.what());
    } catch (...) {
        spdlog::error("{} not written: an unknown exception", context);
    }
}

std::string DatabaseWriter::storage_problem() const {
    std::lock_guard lock(mutex_);
    return storage_problem_;
}

DatabaseWriter::Stats DatabaseWriter::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

void DatabaseWriter::add_commit_listener(std::function<void(Database&)> listener) {
    std::lock_guard lock(mutex_);
    commit_listeners_.push_back(std::move(listener));
}

void DatabaseWriter::loop() {
    const std::size_t group_size = settings_.group_commit ? kMaxGroup : 1;
    for (;;) {
        std::vector<std::unique_ptr<Job>> group;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and every queued job has run
            while (!queue_.empty() && group.size() < group_size) {
                group.push_back(std::move(queue_.front()));
                queue_.pop_front();
            }
        }
        std::exception_ptr group_error;
        if (run_group(group, group_error)) continue;
        if (group.size() == 1) {
            finish(*group.front(), classify(group_error));
            continue;
        }
        // The shared transaction failed: nothing of it was kept. Alone, each job either
        // commits or fails for a reason of its own.
        for (auto& job : group) run_alone(job);
    }
}

void DatabaseWriter::run_alone(std::unique_ptr<Job>& job) {
    std::vector<std::unique_ptr<Job>> alone;
    alone.push_back(std::move(job));
    std::exception_ptr error;
    if (!run_group(alone, error)) finish(*alone.front(), classify(error));
}

bool DatabaseWriter::run_group(std::vector<std::unique_ptr<Job>>& group,
                               std::exception_ptr& group_error) {
    Durability durability = Durability::kNormal;
    for (const auto& job : group) {
        if (job->durability == Durability::kFull) durability = Durability::kFull;
    }
    try {
        if (db_.durability() != durability) db_.set_durability(durability);
        db_.exec("BEGIN IMMEDIATE");
    } catch (...) {
        group_error = std::current_exception();
        return false;
    }
    std::vector<std::exception_ptr> errors(group.size());
    for (std::size_t i = 0; i < group.size(); ++i) {
        try {
            db_.exec("SAVEPOINT job");
            group[i]->run(db_);
            db_.exec("RELEASE job");
        } catch (...) {
            errors[i] = std::current_exception();
            // On a full disk or an I/O error SQLite may roll the whole transaction back
            // itself: then the jobs before this one lost their changes too.
            if (sqlite3_get_autocommit(db_.handle())) {
                group_error = errors[i];
                return false;
            }
            try {
                db_.exec("ROLLBACK TO job");
                db_.exec("RELEASE job");
            } catch (...) {
                roll_back(db_);
                group_error = std::current_exception();
                return false;
            }
        }
    }
    try {
        db_.exec("COMMIT");
    } catch (...) {
        roll_back(db_);
        group_error = std::current_exception();
        return false;
    }
    std::vector<std::function<void(Database&)>> listeners;
    {
        std::lock_guard lock(mutex_);
        ++stats_.commits;
        listeners = commit_listeners_;
        storage_problem_.clear();
    }
    writable_ = true;
    for (const auto& listener : listeners) {
        try {
            listener(db_);
        } catch (const std::exception& e) {
            spdlog::error("[writer] after commit: {}", e.what());
        }
    }
    for (std::size_t i = 0; i < group.size(); ++i) {
        finish(*group[i], errors[i] ? classify(errors[i]) : nullptr);
    }
    return true;
}

void DatabaseWriter::finish(Job& job, std::exception_ptr error) {
    {
        std::lock_guard lock(mutex_);
        ++stats_.jobs;
        if (error) ++stats_.failures;
    }
    job.release();
    job.finish(error);
}

std::exception_ptr DatabaseWriter::classify(std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const DatabaseError& e) {
        if (!e.storage_failing()) return error;
        writable_ = false;
        {
            std::lock_guard lock(mutex_);
            storage_problem_ = e.what();
        }
        spdlog::error("[writer] storage failing: {}", e.what());
        return std::make_exception_ptr(StorageFailing(e.what()));
    } catch (...) {
        return error;
    }
}

}  // namespace councilcast
