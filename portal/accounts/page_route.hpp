// What a module contributes to the site: its routes, each with its access rule, its staff
// navigation entries and the public pages it lists in the sitemap. The composition root hands
// them to the router (portal/site/router); a module never dispatches requests itself.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/verb.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portal/accounts/access.hpp"
#include "portal/http/reply.hpp"

namespace councilcast::portal {

class PageCall;

// What a POST to a route carries; it is parsed, under these limits, before the CSRF check.
enum class FormKind {
    kShort,   // a resident's form: FormData::kShortForm
    kLong,    // an editor's form with pages of Markdown: FormData::kLongForm
    kUpload,  // multipart/form-data with a file, up to [http] max_upload_bytes; else as kLong
    // A program's form (Open311's POST): parsed as kShort and authorised by the key it carries,
    // not by the visitor's cookies, so it has no CSRF token to check. Only for a route open to
    // anyone at a program's address (the route table refuses any other), where a cookie gives
    // no authority a forged request could borrow.
    kKeyed,
};

// Where a route's address lives.
enum class Addresses {
    kPage,     // a page, in Lithuanian at its path and in English under /en
    kProgram,  // what programs and players fetch (API, media, assets, /metrics): no /en twin
};

// One method and address pattern, its rule and its handler. The pattern's segments are literal
// or a parameter: `{id}` a decimal id (PageCall::id), `{name}` any one segment
// (PageCall::parameter), and a last `{*}` the rest of the path, any length (PageCall::rest).
// A literal segment wins over a parameter where both match. A GET route answers HEAD too.
struct PageRoute {
    boost::beast::http::verb method;
    std::string_view pattern;  // "/meetings/{id}", without the /en prefix
    Access access;             // every route names its rule; there is no default
    FormKind form = FormKind::kShort;
    // The handler, called once the rule and, for a POST, the form and CSRF checks passed, with
    // a PageCall that outlives the coroutine. The function object is kept for the server's
    // lifetime, so a coroutine lambda may capture what it needs.
    std::function<boost::asio::awaitable<Reply>(PageCall&)> handler;
    // Or, for what answers without waiting (pages from the snapshot, media), this instead: it
    // saves a coroutine per request on the busiest routes.
    std::function<Reply(PageCall&)> answer;
    Addresses addresses = Addresses::kPage;
};

// A route's handler from a module's member coroutine (that may return any response a Reply
// takes): `{verb::get, "/login", kAnyone, FormKind::kShort, handler_of(this, &Pages::login)}`.
// The module must outlive the route table.
template <class Owner, class Response>
std::function<boost::asio::awaitable<Reply>(PageCall&)> handler_of(
    Owner* owner, boost::asio::awaitable<Response> (Owner::*method)(PageCall&)) {
    return [owner, method](PageCall& call) -> boost::asio::awaitable<Reply> {
        // Named before co_await: GCC 12 destroys a temporary awaitable operand twice.
        auto answer = (owner->*method)(call);
        co_return co_await std::move(answer);
    };
}

// The same for a member function that answers at once (PageRoute::answer).
template <class Owner, class Method>
std::function<Reply(PageCall&)> answer_of(Owner* owner, Method method) {
    return [owner, method](PageCall& call) { return Reply((owner->*method)(call)); };
}

// A GET route anyone may use that answers at once: a public page, or with Addresses::kProgram
// what programs and players fetch.
inline PageRoute open_route(std::string_view pattern, std::function<Reply(PageCall&)> answer,
                            Addresses addresses = Addresses::kPage) {
    return {.method = boost::beast::http::verb::get,
            .pattern = pattern,
            .access = Access::anyone(),
            .answer = std::move(answer),
            .addresses = addresses};
}

// A link of the staff navigation, shown to those `access` admits. `start_rank`: where a staff
// member lands from the header's staff link, the admitted entry with the lowest rank (none:
// never a start page).
struct NavEntry {
    std::string_view path;  // without the /en prefix
    std::string_view text_key;
    Access access;
    std::optional<int> start_rank;
};

// What a module tells search engines: the public pages to list in the sitemap (paths without
// the /en prefix, listed in both languages; a function, since they follow the record) and the
// address prefixes crawlers should leave alone.
struct CrawlerEntries {
    std::function<std::vector<std::string>()> sitemap_paths;
    std::vector<std::string_view> disallow;
};

// Everything a module contributes, gathered for the composition root.
struct ModuleEntries {
    std::vector<PageRoute> routes;
    std::vector<NavEntry> navigation;
    CrawlerEntries crawlers;
};

}  // namespace councilcast::portal
