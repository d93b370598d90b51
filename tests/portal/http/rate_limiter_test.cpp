#include "portal/http/rate_limiter.hpp"

#include <doctest/doctest.h>

#include "portal/http/client_rate_limiter.hpp"

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

TEST_CASE("an IPv6 client is its /64, and a /48 holds the allowance of a few clients") {
    using boost::asio::ip::make_address;
    ClientRateLimiter limiter(2, 3600s);
    const auto now = kStart;
    // Two events from one /64, whatever the interface part: that client is done.
    CHECK(limiter.try_take(make_address("2001:db8:1:1::1"), {}, now) == 0s);
    CHECK(limiter.try_take(make_address("2001:db8:1:1:aaaa::9"), {}, now) == 0s);
    CHECK(limiter.try_take(make_address("2001:db8:1:1::2"), {}, now) == 3600s);
    // Other /64s of the same /48 go on, up to kClientsPerNetwork clients' allowance in all.
    constexpr int kNetworkLimit = 2 * ClientRateLimiter::kClientsPerNetwork;
    for (int i = 2; i < kNetworkLimit; ++i) {
        CAPTURE(i);
        const auto address = make_address("2001:db8:1:" + std::to_string(i + 1) + "::1");
        CHECK(limiter.try_take(address, {}, now) == 0s);
    }
    CHECK(limiter.retry_after(make_address("2001:db8:1:ffff::1"), {}, now) == 3600s);
    CHECK(limiter.try_take(make_address("2001:db8:1:ffff::1"), {}, now) == 3600s);
    // The refused /64 was not counted: once the network has room again, it may go ahead.
    limiter.give_back(make_address("2001:db8:1:2::1"), {}, now);
    CHECK(limiter.try_take(make_address("2001:db8:1:ffff::1"), {}, now) == 0s);
    // Another /48 is another site.
    CHECK(limiter.try_take(make_address("2001:db8:2:1::1"), {}, now) == 0s);
    // A count about one thing (an account) is apart from the client's other counts.
    CHECK(limiter.try_take(make_address("2001:db8:1:1::1"), "ona@example.lt", now) == 0s);
}

TEST_CASE("IPv4 clients are counted per address, with no network around them") {
    using boost::asio::ip::make_address;
    ClientRateLimiter limiter(1, 3600s);
    for (int i = 1; i < 40; ++i) {
        CHECK(limiter.try_take(make_address("192.0.2." + std::to_string(i)), {}, kStart) == 0s);
    }
    CHECK(limiter.try_take(make_address("::ffff:192.0.2.1"), {}, kStart) == 3600s);
    CHECK_FALSE(ClientRateLimiter::network_of(make_address("192.0.2.1")));
    CHECK_FALSE(ClientRateLimiter::network_of(make_address("::ffff:192.0.2.1")));
    CHECK(ClientRateLimiter::network_of(make_address("2001:db8:1:2:3:4:5:6")) ==
          make_address("2001:db8:1::"));
    limiter.clear(make_address("192.0.2.1"));
    CHECK(limiter.try_take(make_address("192.0.2.1"), {}, kStart) == 0s);
}
