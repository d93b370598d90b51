#include "portal/accounts/gate.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <chrono>

#include "common/secret_token.hpp"
#include "common/unix_time.hpp"
#include "portal/http/responses.hpp"

namespace councilcast::portal {
namespace http = boost::beast::http;
using Response = PageCall::Response;

namespace {

constexpr std::string_view kCsrfField = "csrf";

// __Host- cookies must be Secure; over plain HTTP (the loopback demo) the names go without it.
std::string session_cookie_name(bool secure) {
    return secure ? "__Host-session" : "session";
}

std::string csrf_cookie_name(bool secure) {
    return secure ? "__Host-csrf" : "csrf";
}

std::string_view header_value(const Request& request, http::field field) {
    auto it = request.find(field);
    return it == request.end() ? std::string_view() : std::string_view(it->value());
}

}  // namespace

Gate::Gate(const config::Config& config, const PageRenderer& renderer, Services services)
    : config_(config),
      renderer_(renderer),
      services_(services),
      secure_cookies_(!config.tls.certificate.empty() ||
                      config.server.public_url.starts_with("https://")) {}

void Gate::add_navigation(std::span<const NavEntry> entries) {
    nav_.insert(nav_.end(), entries.begin(), entries.end());
}

std::optional<Gate::Refused> Gate::admit(const PageRoute& route, PageCall& call) const {
    // Authorisation: the route's rule, before anything else looks at the request.
    if (!route.access.open()) {
        const User* user = call.signed_in();
        if (!route.access.admits(user)) {
            if (user != nullptr) return Refused{http::status::forbidden, "error_forbidden", {}};
            if (route.method == http::verb::get) {
                return Refused{http::status::see_other,
                               {},
                               localised(call.language(), "/login") + "?next=" +
                                   std::string(boost::urls::encode(call.request().target(),
                                                                   boost::urls::unreserved_chars))};
            }
            return Refused{http::status::unauthorized, "error_sign_in_first", {}};
        }
    }
    if (route.method != http::verb::post) return std::nullopt;
    // Parsed under the route's limits before anything trusts it; only a route that takes files
    // reads multipart bodies (and only it gets a body past max_body_bytes).
    const Request& request = call.request();
    const std::string_view content_type = header_value(request, http::field::content_type);
    if (route.form == FormKind::kUpload && MultipartForm::is_multipart(content_type)) {
        call.upload_ = MultipartForm::parse(content_type, request.body(), FormData::kLongForm);
        call.form_ = call.upload_->fields();
    } else {
        const bool short_form = route.form == FormKind::kShort || route.form == FormKind::kKeyed;
        call.form_ = FormData::parse(request.body(),
                                     short_form ? FormData::kShortForm : FormData::kLongForm);
    }
    if (route.form == FormKind::kKeyed) return std::nullopt;
    // CSRF: the browser says the request is our own, and it carries our token.
    const bool same_origin =
        CsrfGuard::same_origin(header_value(request, http::field::origin),
                               request["Sec-Fetch-Site"], header_value(request, http::field::host));
    if (!same_origin ||
        !services_.csrf.token_matches(call.visitor().csrf_binding, call.form_.get(kCsrfField))) {
        return Refused{http::status::forbidden, "error_csrf", {}};
    }
    return std::nullopt;
}

Visitor Gate::visitor_of(const Request& request) const {
    Visitor visitor;
    if (auto token = cookie_value(request, session_cookie_name(secure_cookies_))) {
        visitor.session = services_.sessions.resume(*token, now_unix_ms());
        if (visitor.session) {
            visitor.csrf_binding = digest_hex(visitor.session->token);
            if (visitor.session->renewed) {
                visitor.set_session_cookie = session_cookie(visitor.session->token);
            }
            return visitor;
        }
    }
    auto anonymous = cookie_value(request, csrf_cookie_name(secure_cookies_));
    if (anonymous && looks_like_token(*anonymous)) visitor.csrf_binding = *anonymous;
    return visitor;
}

bool Gate::header_admits(const Access& access, const http::request_header<>& header) const {
    if (access.open()) return true;
    std::optional<User> user;
    if (auto token = cookie_value(header, session_cookie_name(secure_cookies_))) {
        user = services_.sessions.peek(*token, now_unix_ms());
    }
    return access.admits(user ? &*user : nullptr);
}

std::string Gate::csrf_token(Visitor& visitor) const {
    if (visitor.csrf_binding.empty()) {
        visitor.new_csrf_cookie = new_secret_token();
        visitor.csrf_binding = visitor.new_csrf_cookie;
    }
    return services_.csrf.token_for(visitor.csrf_binding);
}

void Gate::describe_visitor(const Visitor& visitor, Language language, PageFrame& frame) const {
    if (!visitor.session) {
        frame.account_links.push_back(
            {localised(language, "/login"), renderer_.message(language, "nav_login")});
        return;
    }
    const User& user = visitor.session->user;
    frame.account_links.push_back({localised(language, "/account"), user.email});
    // The staff page this account starts from: the admitted entry of the lowest rank.
    const NavEntry* start = nullptr;
    for (const NavEntry& entry : nav_) {
        if (entry.start_rank && entry.access.admits(&user) &&
            (start == nullptr || *entry.start_rank < *start->start_rank)) {
            start = &entry;
        }
    }
    if (start != nullptr) {
        frame.account_links.push_back(
            {localised(language, start->path), renderer_.message(language, "nav_staff")});
    }
    frame.logout_action = localised(language, "/logout");
    frame.csrf_token = services_.csrf.token_for(visitor.csrf_binding);
}

void Gate::add_cookies(const Visitor& visitor, http::response_header<>& header) const {
    if (!visitor.set_session_cookie.empty()) {
        header.insert(http::field::set_cookie, visitor.set_session_cookie);
    }
    if (!visitor.new_csrf_cookie.empty()) {
        header.insert(http::field::set_cookie,
                      set_cookie(csrf_cookie_name(secure_cookies_), visitor.new_csrf_cookie, 0,
                                 secure_cookies_));
    }
}

std::string Gate::session_cookie(std::string_view token) const {
    return set_cookie(session_cookie_name(secure_cookies_), token,
                      token.empty() ? -1 : services_.sessions.absolute_timeout().count(),
                      secure_cookies_);
}

Response Gate::page(PageCall& call, http::status status, std::string_view body_template,
                    PageFrame frame, const PageRenderer::FillBody& fill) const {
    describe_visitor(call.visitor(), call.language(), frame);
    return layout_page(call.request(), call.language(), status, body_template, std::move(frame),
                       fill);
}

Response Gate::layout_page(const Request& request, Language language, http::status status,
                           std::string_view body_template, PageFrame frame,
                           const PageRenderer::FillBody& fill) const {
    const auto& municipality = config_.municipality;
    frame.municipality_name =
        language == Language::kLt ? municipality.name_lt : municipality.name_en;
    frame.title = frame.title + " – " + frame.municipality_name;
    auto res = text_response(request, status, "text/html; charset=utf-8",
                             renderer_.render(body_template, language, frame, fill), "no-store");
    res.set("Content-Security-Policy", page_policy(Framing::kNobody));
    res.set(http::field::content_language, language_code(language));
    return res;
}

// Every staff page shares its frame and its navigation (staff_nav.tpl, included as STAFF_NAV);
// the language switch leads to the same page and query in the other language.
Response Gate::staff_page(PageCall& call, std::string_view body_template, const std::string& title,
                          http::status status, const PageRenderer::FillBody& fill,
                          std::vector<std::string> scripts) const {
    const Target& target = call.target();
    const std::string query = target.encoded_query.empty() ? "" : "?" + target.encoded_query;
    PageFrame frame;
    frame.title = title;
    frame.scripts = std::move(scripts);
    frame.alternate_path = localised(other_language(call.language()), target.path) + query;
    const User& user = call.user();
    return page(call, status, body_template, frame, [&](ctemplate::TemplateDictionary& body) {
        auto* nav = body.AddIncludeDictionary("STAFF_NAV");
        nav->SetFilename("staff_nav.tpl");
        for (const NavEntry& link : nav_) {
            if (!link.access.admits(&user)) continue;
            auto* item = nav->AddSectionDictionary("LINK");
            item->SetValue("href", localised(call.language(), link.path));
            item->SetValue("text", renderer_.message(call.language(), link.text_key));
            if (link.path == target.path) item->ShowSection("CURRENT");
        }
        if (!services_.writer.writable()) {
            nav->SetValueAndShowSection(
                "problem",
                renderer_.format(call.language(), "staff_storage_failing",
                                 {{"problem", services_.writer.storage_problem()}}),
                "STORAGE_FAILING");
        }
        fill(body);
    });
}

}  // namespace councilcast::portal
