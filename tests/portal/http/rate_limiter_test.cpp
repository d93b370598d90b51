#include "portal/http/rate_limiter.hpp"

#include <doctest/doctest.h>

using namespace councilcast::portal;
using namespace std::chrono_literals;

namespace {

const auto kStart = RateLimiter::Clock::time_point{} + 10h;

}  // namespace

TEST_CASE("a rate limit blocks past its count and says when to come back") {
    RateLimiter limiter(3, 3600s);
    const auto start = kStart;
    for (int i = 0; i < 3; ++i) {
        CHECK(limiter.retry_after("ona", start + std::chrono::minutes(i)) == 0s);
        limiter.record("ona", start + std::chrono::minutes(i));
    }
    CHECK(limiter.retry_after("ona", start + 10min) == 3000s);
    CHECK(limiter.retry_after("jonas", start + 10min) == 0s);
    CHECK(limiter.retry_after("ona", start + 60min) == 0s);
    limiter.clear("ona");
    CHECK(limiter.retry_after("ona", start + 10min) == 0s);
}

TEST_CASE("taking an event checks and counts it in one step, and it can be given back") {
    RateLimiter limiter(2, 3600s);
    CHECK(limiter.try_take("ona", kStart) == 0s);
    CHECK(limiter.try_take("ona", kStart + 1min) == 0s);
    // Full: refused, and the refusal itself is not counted.
    CHECK(limiter.try_take("ona", kStart + 2min) == 3480s);
    CHECK(limiter.try_take("ona", kStart + 2min) == 3480s);
    CHECK(limiter.retry_after("ona", kStart + 2min) == 3480s);
    // The attempt at 1 min turned out not to count.
    limiter.give_back("ona", kStart + 1min);
    CHECK(limiter.retry_after("ona", kStart + 2min) == 0s);
    CHECK(limiter.try_take("ona", kStart + 3min) == 0s);
    CHECK(limiter.try_take("ona", kStart + 4min) == 3360s);
    // Giving back what was never taken changes nothing.
    limiter.give_back("ona", kStart + 30min);
    limiter.give_back("jonas", kStart);
    CHECK(limiter.try_take("ona", kStart + 4min) == 3360s);
    CHECK(limiter.try_take("ona", kStart + 60min) == 0s);
}
