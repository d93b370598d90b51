#include "portal/petitions/petition_rate_limits.hpp"

#include <doctest/doctest.h>

using namespace councilcast::portal;
using namespace std::chrono_literals;
namespace ip = boost::asio::ip;

namespace {

PetitionRateSettings small() {
    PetitionRateSettings settings;
    settings.signatures_per_address = 3;
    settings.address_window = 3600s;
    settings.signatures_per_petition = 5;
    settings.petition_window = 60s;
    settings.starts_per_address = 2;
    return settings;
}

}  // namespace

TEST_CASE("an address signs up to its limit; the refusals are kept for the moderators") {
    PetitionRateLimits limits(small());
    const auto now = RateLimiter::Clock::now();
    const auto flooder = ip::make_address("192.0.2.7");
    for (int i = 0; i < 3; ++i) CHECK_FALSE(limits.take_signature(flooder, 17, now).refused());
    const RateRefusal refused = limits.take_signature(flooder, 17, now);
    CHECK(refused.limit == RateRefusal::Limit::kAddress);
    CHECK(refused.retry_after == 3600s);
    limits.take_signature(flooder, 17, now);
    // Another address still signs; the petition's own limit (5) is reached by the fifth.
    const auto neighbour = ip::make_address("192.0.2.8");
    CHECK_FALSE(limits.take_signature(neighbour, 17, now).refused());
    CHECK_FALSE(limits.take_signature(neighbour, 17, now).refused());
    CHECK(limits.take_signature(ip::make_address("192.0.2.9"), 17, now).limit ==
          RateRefusal::Limit::kPetition);
    // Other petitions are untouched by this one's limit.
    CHECK_FALSE(limits.take_signature(ip::make_address("192.0.2.9"), 18, now).refused());
    const auto bursts = limits.refused(17);
    REQUIRE(bursts.size() == 2);
    CHECK(bursts[0].address == "192.0.2.7");
    CHECK(bursts[0].refused == 2);
    CHECK(bursts[1].address == "192.0.2.9");
    CHECK(limits.refused(18).empty());
    // Once the window has passed the petition takes signatures again.
    CHECK_FALSE(limits.take_signature(ip::make_address("192.0.2.10"), 17, now + 61s).refused());
}

TEST_CASE("an address refused by its own limit uses none of the petition's room") {
    PetitionRateLimits limits(small());
    const auto now = RateLimiter::Clock::now();
    const auto flooder = ip::make_address("2001:db8::7");
    for (int i = 0; i < 3; ++i) CHECK_FALSE(limits.take_signature(flooder, 1, now).refused());
    for (int i = 0; i < 50; ++i) {
        CHECK(limits.take_signature(flooder, 1, now).limit == RateRefusal::Limit::kAddress);
    }
    CHECK_FALSE(limits.take_signature(ip::make_address("198.51.100.1"), 1, now).refused());
    CHECK_FALSE(limits.take_signature(ip::make_address("198.51.100.2"), 1, now).refused());
    CHECK(limits.refused(1).front().refused == 50);
}

TEST_CASE("a flood of made-up addresses keeps a bounded list, the loudest burst kept") {
    PetitionRateSettings settings = small();
    settings.signatures_per_petition = 1;
    PetitionRateLimits limits(settings);
    const auto now = RateLimiter::Clock::now();
    const auto loud = ip::make_address("203.0.113.1");
    CHECK_FALSE(limits.take_signature(loud, 5, now).refused());
    for (int i = 0; i < 10; ++i) limits.take_signature(loud, 5, now);
    for (std::uint32_t i = 0; i < 3 * PetitionRateLimits::kMaxAddresses; ++i) {
        limits.take_signature(ip::make_address_v4(0x0A000000u + i), 5, now);
    }
    const auto bursts = limits.refused(5);
    CHECK(bursts.size() == PetitionRateLimits::kMaxAddresses);
    CHECK(bursts.front().address == "203.0.113.1");
    CHECK(bursts.front().refused == 10);
}

TEST_CASE("starting petitions has an allowance per address of its own") {
    PetitionRateLimits limits(small());
    const auto now = RateLimiter::Clock::now();
    const auto creator = ip::make_address("192.0.2.50");
    CHECK(limits.take_start(creator, now) == 0s);
    CHECK(limits.take_start(creator, now) == 0s);
    CHECK(limits.take_start(creator, now) == 3600s);
    CHECK_FALSE(limits.take_signature(creator, 3, now).refused());
}
