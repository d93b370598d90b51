#include "portal/accounts/page_call.hpp"

#include <fmt/core.h>

#include <boost/algorithm/string/replace.hpp>

#include <algorithm>

#include "common/require.hpp"
#include "portal/accounts/gate.hpp"
#include "portal/http/responses.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;

PageCall::PageCall(const Gate& gate, const Request& request, const RequestContext& context,
                   const Target& target, PathValues path_values)
    : gate_(gate),
      request_(request),
      context_(context),
      target_(target),
      path_values_(std::move(path_values)) {}

const std::string& PageCall::parameter(std::string_view name) const {
    auto it = std::find_if(path_values_.named.begin(), path_values_.named.end(),
                           [&](const auto& named) { return named.first == name; });
    require(it != path_values_.named.end(), "a path parameter the route's pattern does not name");
    return it->second;
}

std::int64_t PageCall::id(std::string_view name) const {
    return std::stoll(parameter(name));
}

Visitor& PageCall::visitor() {
    if (!visitor_) visitor_ = gate_.visitor_of(request_);
    return *visitor_;
}

const User* PageCall::signed_in() {
    const Visitor& who = visitor();
    return who.session ? &who.session->user : nullptr;
}

const User& PageCall::user() const {
    require(visitor_ && visitor_->session, "user() on a route that admits anyone");
    return visitor_->session->user;
}

const UploadedFile* PageCall::file(std::string_view field) const {
    return upload_ ? upload_->file(field) : nullptr;
}

std::string PageCall::csrf_token() {
    return gate_.csrf_token(visitor());
}

const std::string& PageCall::text(std::string_view key) const {
    return gate_.renderer().message(language(), key);
}

std::string PageCall::text(std::string_view key, std::string_view name,
                           std::string_view value) const {
    std::string text = this->text(key);
    boost::algorithm::replace_all(text, "{" + std::string(name) + "}", value);
    return text;
}

std::string PageCall::explain(const InvalidInput& problem) const {
    return gate_.renderer().explain(language(), problem);
}

void PageCall::add_cookies(http::response_header<>& header) const {
    if (visitor_) gate_.add_cookies(*visitor_, header);
}

void PageCall::describe_visitor(PageFrame& frame) {
    gate_.describe_visitor(visitor(), language(), frame);
}

PageCall::Response PageCall::page(http::status status, std::string_view body_template,
                                  PageFrame frame, const PageRenderer::FillBody& fill) {
    return gate_.page(*this, status, body_template, std::move(frame), fill);
}

PageCall::Response PageCall::staff_page(std::string_view body_template, const std::string& title,
                                        http::status status, const PageRenderer::FillBody& fill,
                                        std::vector<std::string> scripts) {
    return gate_.staff_page(*this, body_template, title, status, fill, std::move(scripts));
}

PageCall::Response PageCall::redirect(std::string_view location) const {
    auto res = text_response(request_, http::status::see_other, "text/plain; charset=utf-8", "",
                             "no-store");
    res.set(http::field::location, location);
    return res;
}

asio::awaitable<void> PageCall::audit(std::string_view action, std::string_view target,
                                      std::string_view detail) const {
    return gate_.audit_log().record(audit_entry(action, target, detail));
}

AuditEntry PageCall::audit_entry(std::string_view action, std::string_view target,
                                 std::string_view detail) const {
    AuditEntry entry;
    if (visitor_ && visitor_->session) {
        entry.actor_user_id = visitor_->session->user.id;
        entry.actor = visitor_->session->user.email;
    }
    entry.action = action;
    entry.target = target;
    entry.detail = detail;
    entry.peer = context_.client().to_string();
    return entry;
}

AuditNote PageCall::audit_note(std::string action, std::string kind, std::string detail) const {
    return [this, action = std::move(action), kind = std::move(kind),
            detail = std::move(detail)](std::int64_t id) {
        return audit_entry(action, fmt::format("{} {}", kind, id), detail);
    };
}

}  // namespace councilcast::portal
