// A page of one notice in the visitor's language (mail sent, a step done, a link that no longer
// works), or the one button a mailed link opens: only a person presses it, so a mail scanner
// opening the link confirms nothing. And the 429 said the same way, with Retry-After.
#pragma once

#include <boost/beast/http.hpp>

#include <chrono>
#include <string>
#include <string_view>

#include "portal/accounts/page_call.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

struct Notice {
    std::string title;
    std::string text;
    std::string kind = "ok";  // or "error"
    std::string action;       // a button posting here, when set
    std::string submit;
    std::string link;
    std::string link_text;
};

// `nav_current`: the main navigation's entry the page belongs to, if any.
boost::beast::http::response<boost::beast::http::string_body> notice_page(
    PageCall& call, boost::beast::http::status status, const Notice& notice,
    std::string_view nav_current = {});

// 429: `text_key` says so with {minutes} to wait (at least 1); Retry-After for programs.
boost::beast::http::response<boost::beast::http::string_body> too_many_page(
    PageCall& call, const PageRenderer& renderer, std::string_view text_key,
    std::chrono::seconds wait);

}  // namespace councilcast::portal
