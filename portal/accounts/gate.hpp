// The gate every route passes: who is asking (the session cookie, or the anonymous CSRF
// cookie), whether the route's access rule admits them, and for a POST the form parsed under
// the route's limits and the CSRF check, all before any handler runs. Also what every page says
// about its visitor: the header's account links, the staff navigation and the cookies to set.
#pragma once

#include <boost/beast/http.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/database_writer.hpp"
#include "config/config.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/accounts/session_manager.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/http/csrf_guard.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

class Gate {
  public:
    // Non-owning references: the portal keeps each alive while the server runs.
    struct Services {
        SessionManager& sessions;
        const CsrfGuard& csrf;
        AuditLog& audit;
        // Whether the database still takes writes: the staff pages say so when it does not.
        const DatabaseWriter& writer;
    };

    Gate(const config::Config& config, const PageRenderer& renderer, Services services);

    // Joins the staff navigation, after the entries already there. Before serving only.
    void add_navigation(std::span<const NavEntry> entries);

    // Why a call may not pass: a status and the catalogue text that says why, or a redirect
    // (someone not signed in asking for a page that needs an account goes to sign in first).
    struct Refused {
        boost::beast::http::status status;
        std::string_view key;
        std::string location;
    };
    // The route's access rule for the call's visitor; for a POST, the form parsed under the
    // route's limits (throws InvalidInput when it is malformed) and the CSRF check.
    std::optional<Refused> admit(const PageRoute& route, PageCall& call) const;

    // Finds the visitor's session from the cookie (renewing it when its roles changed).
    Visitor visitor_of(const Request& request) const;
    // Whether the account a request's session cookie names passes `access`, from the header
    // alone and changing nothing: asked before the body is read (only an account that may use a
    // route that takes files gets the upload allowance), on a network thread.
    bool header_admits(const Access& access,
                       const boost::beast::http::request_header<>& header) const;
    // The token a visitor's forms carry; someone with neither session nor CSRF cookie is given
    // a new cookie (Visitor::new_csrf_cookie).
    std::string csrf_token(Visitor& visitor) const;
    // The header's account links for any page: filled into the layout through PageFrame.
    void describe_visitor(const Visitor& visitor, Language language, PageFrame& frame) const;
    // Cookies the response must carry for this visitor (renewed session, new CSRF cookie).
    void add_cookies(const Visitor& visitor, boost::beast::http::response_header<>& header) const;

    // The Set-Cookie for a session token; an empty token deletes the cookie.
    std::string session_cookie(std::string_view token) const;

    // A page of the layout for `call`'s visitor, never cached, framed by nobody.
    PageCall::Response page(PageCall& call, boost::beast::http::status status,
                            std::string_view body_template, PageFrame frame,
                            const PageRenderer::FillBody& fill) const;
    // The same for a request no call was made for (a refusal before routing): the layout without
    // the visitor's header links.
    PageCall::Response layout_page(const Request& request, Language language,
                                   boost::beast::http::status status,
                                   std::string_view body_template, PageFrame frame,
                                   const PageRenderer::FillBody& fill) const;
    // A staff page: the layout, the staff navigation for what the account may reach, and a
    // warning while storage fails; `scripts` as PageFrame::scripts.
    PageCall::Response staff_page(PageCall& call, std::string_view body_template,
                                  const std::string& title, boost::beast::http::status status,
                                  const PageRenderer::FillBody& fill,
                                  std::vector<std::string> scripts = {}) const;

    const PageRenderer& renderer() const { return renderer_; }
    AuditLog& audit_log() const { return services_.audit; }

  private:
    const config::Config& config_;
    const PageRenderer& renderer_;
    Services services_;
    bool secure_cookies_;
    std::vector<NavEntry> nav_;  // every module's staff navigation, in order
};

}  // namespace councilcast::portal
