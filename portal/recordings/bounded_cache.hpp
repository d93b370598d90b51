// A thread-safe map of at most a fixed number of entries that forgets the least recently used:
// the recordings' thumbnails and storyboards, made once by libav and then served from memory.
#pragma once

#include <cstddef>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

namespace councilcast::portal {

template <class Key, class Value>
class BoundedCache {
  public:
    explicit BoundedCache(std::size_t capacity) : capacity_(capacity) {}

    // The entry, now the most recently used; null when there is none.
    std::shared_ptr<const Value> get(const Key& key) {
        std::lock_guard lock(mutex_);
        auto found = entries_.find(key);
        if (found == entries_.end()) return nullptr;
        order_.splice(order_.begin(), order_, found->second.second);
        return found->second.first;
    }

    void put(const Key& key, std::shared_ptr<const Value> value) {
        std::lock_guard lock(mutex_);
        auto found = entries_.find(key);
        if (found != entries_.end()) {
            found->second.first = std::move(value);
            order_.splice(order_.begin(), order_, found->second.second);
            return;
        }
        order_.push_front(key);
        entries_.emplace(key, std::make_pair(std::move(value), order_.begin()));
        if (entries_.size() > capacity_) {
            entries_.erase(order_.back());
            order_.pop_back();
        }
    }

    std::size_t size() const {
        std::lock_guard lock(mutex_);
        return entries_.size();
    }

  private:
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::list<Key> order_;  // most recently used first
    std::map<Key, std::pair<std::shared_ptr<const Value>, typename std::list<Key>::iterator>>
        entries_;
};

}  // namespace councilcast::portal
