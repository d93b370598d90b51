#include "portal/site/router.hpp"

#include <spdlog/spdlog.h>

#include "common/database_writer.hpp"
#include "common/error.hpp"
#include "portal/accounts/hashing_pool.hpp"
#include "portal/http/responses.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;

Router::Router(const PageRenderer& renderer, Gate& gate) : renderer_(renderer), gate_(gate) {}

void Router::add(ModuleEntries entries) {
    for (auto& route : entries.routes) routes_.add(std::move(route));
    gate_.add_navigation(entries.navigation);
    disallow_.insert(disallow_.end(), entries.crawlers.disallow.begin(),
                     entries.crawlers.disallow.end());
    if (entries.crawlers.sitemap_paths) {
        sitemap_sources_.push_back(std::move(entries.crawlers.sitemap_paths));
    }
}

std::vector<std::string> Router::sitemap_paths() const {
    std::vector<std::string> paths;
    for (const auto& source : sitemap_sources_) {
        auto more = source();
        paths.insert(paths.end(), std::make_move_iterator(more.begin()),
                     std::make_move_iterator(more.end()));
    }
    return paths;
}

asio::awaitable<Reply> Router::handle(Request request, RequestContext context) {
    std::optional<Target> target;
    try {
        target = Target::parse(request.target());
        if (!target) throw InvalidInput::text("error_malformed_url");
        co_return co_await dispatch(request, context, *target);
    } catch (const InvalidInput& e) {
        if (e.key().empty()) {
            spdlog::warn("[http {} {}] a refusal without a catalogue text: {}",
                         context.peer.to_string(), std::string(request.target()), e.what());
        }
        co_return refusal(request, target ? &*target : nullptr, http::status::bad_request, e);
    } catch (const std::exception& e) {
        spdlog::error("[http {} {}] {}", context.peer.to_string(), std::string(request.target()),
                      e.what());
        co_return refusal(request, target ? &*target : nullptr, http::status::internal_server_error,
                          InvalidInput::text("error_internal"));
    }
}

asio::awaitable<Reply> Router::dispatch(const Request& request, const RequestContext& context,
                                        const Target& target) {
    std::string allowed;
    RouteTable::Match found = routes_.match(target, request.method(), &allowed);
    if (!found.route && !allowed.empty()) {
        Reply refused = refusal(request, &target, http::status::method_not_allowed,
                                InvalidInput::text("error_method"));
        refused.header().set(http::field::allow, allowed);
        co_return refused;
    }
    if (!found.route) co_return not_found(request, context, target);
    const PageRoute& route = *found.route;
    PageCall call(gate_, request, context, target, std::move(found.values));
    auto finish = [&](Reply reply) {
        call.add_cookies(reply.header());
        return reply;
    };
    if (auto refused = gate_.admit(route, call)) {
        if (!refused->location.empty()) co_return finish(call.redirect(refused->location));
        co_return finish(refusal(request, &target, refused->status,
                                 InvalidInput::text(std::string(refused->key))));
    }
    std::string_view problem = "error_busy";
    try {
        if (route.answer) co_return finish(route.answer(call));
        auto pending = route.handler(call);
        co_return finish(co_await std::move(pending));
    } catch (const NotFound&) {
        problem = {};
    } catch (const HashingBusy&) {
    } catch (const WriterBusy&) {
    } catch (const StorageFailing&) {
        problem = "error_storage";
    }
    if (problem.empty()) co_return finish(not_found(request, context, target));
    Reply busy = refusal(request, &target, http::status::service_unavailable,
                         InvalidInput::text(std::string(problem)));
    busy.header().set(http::field::retry_after, "5");
    co_return finish(std::move(busy));
}

Reply Router::not_found(const Request& request, const RequestContext& context,
                        const Target& target) const {
    if (!not_found_ || routes_.for_programs(target)) {
        return refusal(request, &target, http::status::not_found,
                       InvalidInput::text("error_not_found"));
    }
    PageCall call(gate_, request, context, target, {});
    Reply page = not_found_(call);
    call.add_cookies(page.header());
    return page;
}

Reply Router::refusal(const Request& request, const Target* target, http::status status,
                      const InvalidInput& problem) const {
    const std::string_view raw = request.target();
    // A target that did not parse is judged by its first segment as written.
    const bool programs = target ? routes_.for_programs(*target)
                                 : raw.starts_with('/') && routes_.program_prefix(raw.substr(
                                                               1, raw.find_first_of("/?", 1) - 1));
    Language language = Language::kLt;
    if (programs) {
        language = preferred_language(request[http::field::accept_language]);
    } else if (target) {
        language = target->language;
    } else if (raw == "/en" || raw.starts_with("/en/") || raw.starts_with("/en?")) {
        language = Language::kEn;
    }
    const std::string text = renderer_.explain(language, problem);
    if (raw.starts_with("/api/")) {
        auto res = problem_response(request, status, text, language_code(language));
        // Everything under /api/ is open data any page may read, its refusals too.
        res.set(http::field::access_control_allow_origin, "*");
        return res;
    }
    if (programs) {
        auto res = plain_response(request, status, text);
        res.set(http::field::content_language, language_code(language));
        return res;
    }
    // A page: what went wrong, in the page's language and layout, and the way home.
    PageFrame frame;
    frame.title = renderer_.message(language, "error_page_title");
    frame.alternate_path = std::string(home_path(other_language(language)));
    return gate_.layout_page(
        request, language, status, "error.tpl", std::move(frame),
        [&](ctemplate::TemplateDictionary& body) { body.SetValue("text", text); });
}

bool Router::carries_upload(const http::request_header<>& header) const {
    if (header.method() != http::verb::post) return false;
    const auto target = Target::parse(header.target());
    if (!target) return false;
    const auto found = routes_.match(*target, http::verb::post);
    return found.route && found.route->form == FormKind::kUpload &&
           gate_.header_admits(found.route->access, header);
}

std::string Router::too_large_text(const http::request_header<>& header, std::string_view limit,
                                   bool upload) const {
    const auto target = Target::parse(header.target());
    std::string_view key = upload ? "error_file_too_large" : "error_request_too_large";
    // A page that takes files, refused the allowance: whoever sent it must sign in (again) with
    // an account that may upload, which "too large" alone would not tell them.
    if (!upload && target && header.method() == http::verb::post) {
        const auto found = routes_.match(*target, http::verb::post);
        if (found.route && found.route->form == FormKind::kUpload) key = "error_upload_not_allowed";
    }
    return renderer_.format(target ? target->language : Language::kLt, key, {{"size", limit}});
}

}  // namespace councilcast::portal
