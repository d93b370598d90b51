// The one router: every request's target is parsed once, matched against the routes the modules
// contributed, passed through the gate (access rule, form, CSRF) and handed to its handler with
// a PageCall; cookies the visitor needs are added once, and every refusal speaks the visitor's
// language: a page for pages, problem details (RFC 9457) under /api/, text for players and
// programs.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "portal/accounts/gate.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/http/http_server.hpp"
#include "portal/http/reply.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/pages/target.hpp"
#include "portal/site/route_table.hpp"

namespace councilcast::portal {

class Router {
  public:
    // Non-owning references: the portal keeps each alive for the server's lifetime.
    Router(const PageRenderer& renderer, Gate& gate);

    // A module's routes, navigation and crawler entries. Before serving only. A method and
    // pattern already routed is a programmer error (the process stops).
    void add(ModuleEntries entries);
    // The answer for a page address no route has (a module's "not found" page); by default a
    // refusal page.
    void set_not_found(std::function<Reply(PageCall&)> not_found) {
        not_found_ = std::move(not_found);
    }

    boost::asio::awaitable<Reply> handle(Request request, RequestContext context);

    // The server's UploadRule: a POST to a route that takes files (FormKind::kUpload) may carry
    // a body up to [http] max_upload_bytes when the session its cookie names passes the route's
    // access rule. Anyone else is held to max_body_bytes, so a stranger cannot make the server
    // read 20 MiB before it says 401.
    bool carries_upload(const boost::beast::http::request_header<>& header) const;
    // The server's TooLargeText: a body over its limit refused in the language of the page the
    // request was for.
    std::string too_large_text(const boost::beast::http::request_header<>& header,
                               std::string_view limit, bool upload) const;

    // What every module asked crawlers to leave alone, and the public pages they list.
    const std::vector<std::string_view>& disallowed() const { return disallow_; }
    std::vector<std::string> sitemap_paths() const;

    // A refusal in the visitor's language: see the class comment.
    Reply refusal(const Request& request, const Target* target, boost::beast::http::status status,
                  const InvalidInput& problem) const;

  private:
    boost::asio::awaitable<Reply> dispatch(const Request& request, const RequestContext& context,
                                           const Target& target);
    // 404: the module's "not found" page for a page address, a refusal for the rest.
    Reply not_found(const Request& request, const RequestContext& context,
                    const Target& target) const;

    const PageRenderer& renderer_;
    Gate& gate_;
    RouteTable routes_;
    std::vector<std::string_view> disallow_;
    std::vector<std::function<std::vector<std::string>()>> sitemap_sources_;
    std::function<Reply(PageCall&)> not_found_;
};

}  // namespace councilcast::portal
