#include "portal/petitions/petition_rate_limits.hpp"

#include <algorithm>

#include "common/unix_time.hpp"

namespace councilcast::portal {

PetitionRateLimits::PetitionRateLimits(const PetitionRateSettings& settings)
    : by_address_(settings.signatures_per_address, settings.address_window),
      by_petition_(settings.signatures_per_petition, settings.petition_window),
      starts_(settings.starts_per_address, settings.start_window) {}

RateRefusal PetitionRateLimits::take_signature(const boost::asio::ip::address& client,
                                               std::int64_t petition_id,
                                               RateLimiter::Clock::time_point now) {
    const std::string petition_key = std::to_string(petition_id);
    // The petition's limit is asked first and taken last, so an address refused by its own
    // limit uses none of the petition's room.
    if (const auto wait = by_petition_.retry_after(petition_key, now); wait.count() > 0) {
        remember(client, petition_id);
        return {RateRefusal::Limit::kPetition, wait};
    }
    if (const auto wait = by_address_.try_take(client, "petition.sign", now); wait.count() > 0) {
        remember(client, petition_id);
        return {RateRefusal::Limit::kAddress, wait};
    }
    if (const auto wait = by_petition_.try_take(petition_key, now); wait.count() > 0) {
        // Another request took the petition's last place meanwhile.
        by_address_.give_back(client, "petition.sign", now);
        remember(client, petition_id);
        return {RateRefusal::Limit::kPetition, wait};
    }
    return {};
}

std::chrono::seconds PetitionRateLimits::take_start(const boost::asio::ip::address& client,
                                                    RateLimiter::Clock::time_point now) {
    return starts_.try_take(client, "petition.start", now);
}

void PetitionRateLimits::remember(const boost::asio::ip::address& client,
                                  std::int64_t petition_id) {
    std::lock_guard lock(mutex_);
    auto found = std::find(order_.begin(), order_.end(), petition_id);
    if (found != order_.end()) order_.erase(found);
    order_.push_back(petition_id);
    if (order_.size() > kMaxPetitions) {
        refused_.erase(order_.front());
        order_.pop_front();
    }
    auto& addresses = refused_[petition_id];
    const std::string address = client.to_string();
    auto entry = addresses.find(address);
    if (entry == addresses.end()) {
        if (addresses.size() >= kMaxAddresses) {
            // The quietest address makes room: a burst's own address keeps counting.
            addresses.erase(std::min_element(
                addresses.begin(), addresses.end(),
                [](const auto& a, const auto& b) { return a.second.refused < b.second.refused; }));
        }
        entry = addresses.emplace(address, RefusedBurst{address, 0, 0}).first;
    }
    entry->second.refused += 1;
    entry->second.last_unix_ms = now_unix_ms();
}

std::vector<RefusedBurst> PetitionRateLimits::refused(std::int64_t petition_id) const {
    std::lock_guard lock(mutex_);
    std::vector<RefusedBurst> bursts;
    if (auto found = refused_.find(petition_id); found != refused_.end()) {
        for (const auto& [address, burst] : found->second) bursts.push_back(burst);
    }
    std::sort(bursts.begin(), bursts.end(),
              [](const auto& a, const auto& b) { return a.refused > b.refused; });
    return bursts;
}

}  // namespace councilcast::portal
