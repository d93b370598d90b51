// Which route a request reaches: the patterns modules write, checked with hand-made targets.
#include "portal/site/route_table.hpp"

#include <doctest/doctest.h>

#include <string>

namespace councilcast::portal {
namespace {
namespace http = boost::beast::http;

PageRoute route(http::verb method, std::string_view pattern,
                Addresses addresses = Addresses::kPage) {
    return {.method = method,
            .pattern = pattern,
            .access = Access::anyone(),
            .answer = [](PageCall&) -> Reply {
                return http::response<http::string_body>{http::status::ok, 11};
            },
            .addresses = addresses};
}

Target target(std::string_view text) {
    auto parsed = Target::parse(text);
    REQUIRE(parsed);
    return *parsed;
}

std::string_view matched(const RouteTable& table, std::string_view text,
                         http::verb method = http::verb::get) {
    const auto found = table.match(target(text), method);
    return found.route ? found.route->pattern : "none";
}

RouteTable sample() {
    RouteTable table;
    table.add(route(http::verb::get, "/"));
    table.add(route(http::verb::get, "/meetings"));
    table.add(route(http::verb::get, "/meetings/{id}"));
    table.add(route(http::verb::post, "/meetings/{id}"));
    table.add(route(http::verb::get, "/live/{channel}/master.m3u8", Addresses::kProgram));
    table.add(route(http::verb::get, "/live/{channel}/{rendition}/live.m3u8", Addresses::kProgram));
    table.add(route(http::verb::get, "/live/{channel}/{rendition}/{segment}", Addresses::kProgram));
    table.add(route(http::verb::get, "/assets/{*}", Addresses::kProgram));
    return table;
}

}  // namespace

TEST_CASE("a path reaches its route in both languages, a trailing slash and HEAD included") {
    const RouteTable table = sample();
    CHECK(matched(table, "/") == "/");
    CHECK(matched(table, "/en") == "/");
    CHECK(matched(table, "/en/") == "/");
    CHECK(matched(table, "/meetings") == "/meetings");
    CHECK(matched(table, "/en/meetings/?year=2026") == "/meetings");
    CHECK(matched(table, "/meetings/42", http::verb::head) == "/meetings/{id}");
}

TEST_CASE("{id} takes decimal ids only; the rest match nothing") {
    const RouteTable table = sample();
    const auto found = table.match(target("/en/meetings/42"), http::verb::get);
    REQUIRE(found.route);
    CHECK(found.values.named.at(0).first == "id");
    CHECK(found.values.named.at(0).second == "42");
    CHECK(matched(table, "/meetings/x") == "none");
    CHECK(matched(table, "/meetings/-1") == "none");
    CHECK(matched(table, "/meetings/1234567890123456789") == "none");
    CHECK(matched(table, "/meetings/42/more") == "none");
}

TEST_CASE("a literal segment wins over a parameter") {
    const RouteTable table = sample();
    CHECK(matched(table, "/live/hall/hd/live.m3u8") == "/live/{channel}/{rendition}/live.m3u8");
    const auto segment = table.match(target("/live/hall/hd/1f-000001.ts"), http::verb::get);
    REQUIRE(segment.route);
    CHECK(segment.route->pattern == "/live/{channel}/{rendition}/{segment}");
    CHECK(segment.values.named.size() == 3);
    CHECK(segment.values.named.at(2).second == "1f-000001.ts");
}

TEST_CASE("what programs fetch lives at its own address only, never under /en") {
    const RouteTable table = sample();
    CHECK(matched(table, "/live/hall/master.m3u8") == "/live/{channel}/master.m3u8");
    CHECK(matched(table, "/en/live/hall/master.m3u8") == "none");
    CHECK(table.for_programs(target("/live/anything")));
    CHECK(table.for_programs(target("/assets/app.css")));
    CHECK_FALSE(table.for_programs(target("/en/live/anything")));
    CHECK_FALSE(table.for_programs(target("/meetings")));
    CHECK(table.program_prefix("live"));
    CHECK_FALSE(table.program_prefix("meetings"));
}

TEST_CASE("{*} takes the rest of the path, at least one segment") {
    const RouteTable table = sample();
    const auto found = table.match(target("/assets/vendor/hls.min.js"), http::verb::get);
    REQUIRE(found.route);
    CHECK(found.values.rest == std::vector<std::string>{"vendor", "hls.min.js"});
    CHECK(matched(table, "/assets") == "none");
}

TEST_CASE("a path another method takes names its methods for the 405") {
    const RouteTable table = sample();
    std::string allowed;
    const auto found = table.match(target("/meetings/7"), http::verb::delete_, &allowed);
    CHECK(found.route == nullptr);
    CHECK(allowed == "GET, HEAD, POST");
    allowed.clear();
    CHECK(table.match(target("/nowhere"), http::verb::get, &allowed).route == nullptr);
    CHECK(allowed.empty());
}

}  // namespace councilcast::portal
