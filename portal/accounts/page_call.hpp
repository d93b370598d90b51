// One request to a route, as its handler sees it: the parsed address and path parameters, who is
// asking (resolved once, on first use), the form once its checks passed, and the helpers pages
// share. A handler never sees a session or a cookie, so it cannot skip a check or get one wrong.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "portal/accounts/account_store.hpp"
#include "portal/accounts/session_manager.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/http/form_data.hpp"
#include "portal/http/http_server.hpp"
#include "portal/http/multipart_form.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/pages/target.hpp"

namespace councilcast::portal {

class Gate;

// Who is asking, as far as the pages care.
struct Visitor {
    std::optional<ActiveSession> session;
    std::string csrf_binding;        // the session's token digest, or the anonymous cookie
    std::string new_csrf_cookie;     // set when this response must give the visitor one
    std::string set_session_cookie;  // a Set-Cookie for a renewed session, if any
};

class PageCall {
  public:
    using Response = boost::beast::http::response<boost::beast::http::string_body>;
    // A route pattern's parameters by name, and what its `{*}` matched.
    struct PathValues {
        std::vector<std::pair<std::string_view, std::string>> named;
        std::vector<std::string> rest;
    };

    // Made by the router for one request; everything referred to outlives the call.
    PageCall(const Gate& gate, const Request& request, const RequestContext& context,
             const Target& target, PathValues path_values);

    const Request& request() const { return request_; }
    const RequestContext& context() const { return context_; }
    const Target& target() const { return target_; }
    Language language() const { return target_.language; }

    // A `{id}` of the route's pattern (checked decimal by the router) or a `{name}` one.
    std::int64_t id(std::string_view name) const;
    const std::string& parameter(std::string_view name) const;
    // What the pattern's `{*}` matched.
    std::span<const std::string> rest() const { return path_values_.rest; }
    // A query parameter's value, or empty.
    std::string query(std::string_view name) const { return target_.query(name); }

    // Who is asking: looked up from the cookies the first time it is asked, then kept.
    Visitor& visitor();
    // The signed-in account, or nullptr.
    const User* signed_in();
    // The signed-in account: every route but Access::anyone() ones has one.
    const User& user() const;

    // A POST's text fields (a multipart form's too); empty for GET.
    const FormData& form() const { return form_; }
    // The file chosen for `field` in a kUpload route's multipart form, or nothing.
    const UploadedFile* file(std::string_view field) const;
    // The token the page's own forms carry in their csrf field. Someone without a session or a
    // CSRF cookie is given one with this answer.
    std::string csrf_token();

    // `path` ("/staff/meetings") in the request's language: "/en/staff/meetings" in English.
    std::string path(std::string_view path) const { return localised(language(), path); }
    // A message of the catalogue in the request's language.
    const std::string& text(std::string_view key) const;
    // The same with "{name}" in it replaced by `value`.
    std::string text(std::string_view key, std::string_view name, std::string_view value) const;
    // What a refusal says, in the request's language (PageRenderer::explain).
    std::string explain(const InvalidInput& problem) const;

    // The cookies this visitor's answer must carry (a renewed session, a new CSRF cookie), if
    // the visitor was looked up; the router adds them to every answer.
    void add_cookies(boost::beast::http::response_header<>& header) const;
    // The header's account links for this visitor, into a page's frame.
    void describe_visitor(PageFrame& frame);
    // A page of the site's layout, with the header for this visitor; never cached.
    Response page(boost::beast::http::status status, std::string_view body_template,
                  PageFrame frame, const PageRenderer::FillBody& fill);
    // A staff page: `body_template` in the layout under `title`, with the staff navigation
    // (a {{>STAFF_NAV}} include) filled in for what this account may reach.
    // `scripts`: same-origin scripts the page adds to its forms (PageFrame::scripts).
    Response staff_page(std::string_view body_template, const std::string& title,
                        boost::beast::http::status status, const PageRenderer::FillBody& fill,
                        std::vector<std::string> scripts = {});
    // 303 See Other: where a form goes after it has done its work.
    Response redirect(std::string_view location) const;
    // An audit log entry with who (this account) and from where.
    boost::asio::awaitable<void> audit(std::string_view action, std::string_view target,
                                       std::string_view detail) const;
    // The same entry, for a store to append in the transaction of the change it records.
    AuditEntry audit_entry(std::string_view action, std::string_view target,
                           std::string_view detail) const;
    // The same for a row the store has yet to make or is changing: the store calls it with the
    // row's id in its transaction, and the target reads "<kind> <id>" ("booking 12").
    AuditNote audit_note(std::string action, std::string kind, std::string detail = {}) const;

  private:
    friend class Gate;

    const Gate& gate_;
    const Request& request_;
    const RequestContext& context_;
    const Target& target_;
    PathValues path_values_;
    std::optional<Visitor> visitor_;
    FormData form_;
    std::optional<MultipartForm> upload_;  // a kUpload route's multipart form
};

}  // namespace councilcast::portal
