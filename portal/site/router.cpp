#include "portal/site/router.hpp"

#include <spdlog/spdlog.h>

#include "common/database_writer.hpp"
#include "common/error.hpp"
#include "common/require.hpp"
#include "portal/accounts/hashing_pool.hpp"
#include "portal/http/form_data.hpp"
#include "portal/http/responses.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace {

constexpr std::string_view kRest = "{*}";
constexpr std::string_view kId = "{id}";

std::vector<std::string_view> pattern_segments(std::string_view pattern) {
    std::vector<std::string_view> segments;
    std::size_t start = 1;  // after the leading '/'
    while (start < pattern.size()) {
        const std::size_t end = std::min(pattern.find('/', start), pattern.size());
        segments.push_back(pattern.substr(start, end - start));
        start = end + 1;
    }
    return segments;
}

bool is_parameter(std::string_view segment) {
    return segment.starts_with('{') && segment.ends_with('}');
}

// How well `pattern` matches `segments`: the number of literal segments that matched, or -1.
int match_score(const std::vector<std::string_view>& pattern,
                const std::vector<std::string>& segments, PageCall::PathValues* values) {
    int literals = 0;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const std::string_view part = pattern[i];
        if (part == kRest) {
            if (values) values->rest.assign(segments.begin() + i, segments.end());
            return segments.size() > i ? literals : -1;
        }
        if (i >= segments.size()) return -1;
        if (!is_parameter(part)) {
            if (part != segments[i]) return -1;
            ++literals;
            continue;
        }
        if (part == kId && !parse_id(segments[i])) return -1;
        if (values) values->named.emplace_back(part.substr(1, part.size() - 2), segments[i]);
    }
    return pattern.size() == segments.size() ? literals : -1;
}

std::string_view first_key(const std::vector<std::string_view>& pattern) {
    if (pattern.empty()) return "";
    return is_parameter(pattern[0]) ? "{" : pattern[0];
}

}  // namespace

Router::Router(const config::Config& config, const PageRenderer& renderer, Gate& gate)
    : config_(config), renderer_(renderer), gate_(gate) {}

void Router::add(ModuleEntries entries) {
    for (auto& route : entries.routes) {
        require(static_cast<bool>(route.handler) != static_cast<bool>(route.answer),
                "a route needs exactly one of handler and answer");
        for (const auto& existing : routes_) {
            require(existing.pattern != route.pattern || existing.method != route.method,
                    "two routes for one method and pattern");
        }
        const auto pattern = pattern_segments(route.pattern);
        by_first_[std::string(first_key(pattern))].push_back(routes_.size());
        if (route.addresses == Addresses::kProgram && !pattern.empty() &&
            !is_parameter(pattern[0]) &&
            std::find(program_prefixes_.begin(), program_prefixes_.end(), pattern[0]) ==
                program_prefixes_.end()) {
            program_prefixes_.emplace_back(pattern[0]);
        }
        routes_.push_back(std::move(route));
    }
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

Router::Match Router::match(const Target& target, http::verb method, std::string* allowed) const {
    Match best;
    int best_score = -1;
    auto consider = [&](std::string_view key) {
        auto it = by_first_.find(std::string(key));
        if (it == by_first_.end()) return;
        for (std::size_t index : it->second) {
            const PageRoute& route = routes_[index];
            // What programs fetch lives at its own address only, never under /en.
            if (route.addresses == Addresses::kProgram && target.language == Language::kEn) {
                continue;
            }
            const auto pattern = pattern_segments(route.pattern);
            if (match_score(pattern, target.segments, nullptr) < 0) continue;
            if (allowed) {
                if (!allowed->empty()) *allowed += ", ";
                *allowed += std::string(http::to_string(route.method));
                if (route.method == http::verb::get) *allowed += ", HEAD";
            }
            if (route.method != method) continue;
            PageCall::PathValues values;
            const int score = match_score(pattern, target.segments, &values);
            if (score > best_score) {
                best_score = score;
                best = {&route, std::move(values)};
            }
        }
    };
    consider(target.segments.empty() ? "" : target.segments[0]);
    if (!target.segments.empty()) consider("{");
    return best;
}

bool Router::for_programs(const Target& target) const {
    return target.language == Language::kLt && !target.segments.empty() &&
           std::find(program_prefixes_.begin(), program_prefixes_.end(), target.segments[0]) !=
               program_prefixes_.end();
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
    const http::verb method =
        request.method() == http::verb::head ? http::verb::get : request.method();
    std::string allowed;
    Match found = match(target, method, &allowed);
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
    if (!not_found_ || for_programs(target)) {
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
    const bool programs = target ? for_programs(*target)
                                 : raw.starts_with("/api/") || raw.starts_with("/live/") ||
                                       raw.starts_with("/assets/");
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
        return problem_response(request, status, text, language_code(language));
    }
    if (programs) {
        auto res = plain_response(request, status, text);
        res.set(http::field::content_language, language_code(language));
        return res;
    }
    // A page: what went wrong, in the page's language and layout, and the way home.
    PageFrame frame;
    const auto& municipality = config_.municipality;
    frame.municipality_name =
        language == Language::kLt ? municipality.name_lt : municipality.name_en;
    frame.title = renderer_.message(language, "error_page_title") + " – " + frame.municipality_name;
    frame.alternate_path = std::string(home_path(other_language(language)));
    auto res = text_response(
        request, status, "text/html; charset=utf-8",
        renderer_.render("error.tpl", language, frame,
                         [&](ctemplate::TemplateDictionary& body) { body.SetValue("text", text); }),
        "no-store");
    res.set("Content-Security-Policy", page_policy(Framing::kNobody));
    res.set(http::field::content_language, language_code(language));
    return res;
}

bool Router::carries_upload(const http::request_header<>& header) const {
    if (header.method() != http::verb::post) return false;
    const auto target = Target::parse(header.target());
    if (!target) return false;
    const Match found = match(*target, http::verb::post);
    return found.route && found.route->form == FormKind::kUpload;
}

std::string Router::too_large_text(const http::request_header<>& header, std::string_view limit,
                                   bool upload) const {
    const auto target = Target::parse(header.target());
    return renderer_.format(target ? target->language : Language::kLt,
                            upload ? "error_file_too_large" : "error_request_too_large",
                            {{"size", limit}});
}

}  // namespace councilcast::portal
