#include "portal/petitions/petition_pages.hpp"

#include <fmt/core.h>

#include "common/error.hpp"
#include "common/unix_time.hpp"
#include "portal/http/open_data_headers.hpp"
#include "portal/petitions/petition_listing.hpp"
#include "portal/petitions/petition_open_data.hpp"

namespace councilcast::portal {
namespace http = boost::beast::http;
namespace {

// How long an anonymous visitor's page is reused at most: a count moves with every tally, which
// changes the version anyway; this bounds what the elderships' names may lag.
constexpr auto kPageLifetime = std::chrono::seconds(5);
constexpr std::size_t kMaxCachedPages = 1024;
constexpr std::size_t kMaxCachedTarget = 256;
// Feed readers poll; a minute spares the server while a new petition still shows soon.
constexpr std::string_view kFeedCaching = "public, max-age=60";

}  // namespace

PetitionPages::PetitionPages(Services services)
    : services_(std::move(services)),
      run_unix_ms_(now_unix_ms()),
      public_url_(services_.config.server.public_url) {
    while (public_url_.ends_with('/')) public_url_.pop_back();
    const auto& municipality = services_.config.municipality;
    if (!municipality.website.empty()) page_framers_.push_back(municipality.website);
    widget_framers_ = page_framers_;
    widget_framers_.insert(widget_framers_.end(), municipality.embed_framers.begin(),
                           municipality.embed_framers.end());
}

void PetitionPages::set_public_url(std::string url) {
    if (!services_.config.server.public_url.empty()) return;
    public_url_ = std::move(url);
    while (public_url_.ends_with('/')) public_url_.pop_back();
}

ModuleEntries PetitionPages::entries() {
    auto route = [this](std::string_view pattern, Reply (PetitionPages::*method)(PageCall&)) {
        return open_route(pattern, answer_of(this, method));
    };
    ModuleEntries entries;
    entries.routes = {
        route("/petitions", &PetitionPages::list),
        route("/petitions/{id}", &PetitionPages::petition),
        route("/petitions/feed.atom", &PetitionPages::feed),
        route("/embed/petition/{id}", &PetitionPages::embed),
    };
    entries.crawlers.sitemap_paths = [this] { return sitemap_paths(); };
    return entries;
}

std::vector<std::string> PetitionPages::sitemap_paths() const {
    std::vector<std::string> paths = {"/petitions"};
    const auto snapshot = services_.petitions.snapshot();
    for (const Petition* petition : visible_petitions(*snapshot)) {
        paths.push_back(fmt::format("/petitions/{}", petition->id));
    }
    return paths;
}

PetitionViewContext PetitionPages::view(Language language) const {
    const auto& municipality = services_.config.municipality;
    return {services_.renderer,
            services_.localization,
            language,
            public_url_,
            language == Language::kLt ? municipality.name_lt : municipality.name_en,
            services_.petitions.settings(),
            services_.petitions.elderships()};
}

Reply PetitionPages::page(PageCall& call, http::status status, const Render& render, bool widget) {
    const Request& request = call.request();
    const Language language = call.language();
    const Visitor& visitor = call.visitor();
    const bool anonymous = !visitor.session && visitor.set_session_cookie.empty() &&
                           visitor.new_csrf_cookie.empty() && status == http::status::ok;
    // Read before rendering: a change made meanwhile leaves an entry one version behind, which
    // the next request replaces.
    const std::int64_t version = services_.petitions.snapshot()->version;
    const std::string key = std::string(language_code(language)) + std::string(request.target());
    const auto& framers = widget ? widget_framers_ : page_framers_;
    auto shared = [&](const SharedText& text) {
        // Private all the same: the same address shows a signed-in visitor their name.
        auto res =
            shared_text_response(request, text, "text/html; charset=utf-8", "private, no-cache");
        res.set("Content-Security-Policy", page_policy(Framing::kTheseSites, framers));
        res.set(http::field::content_language, language_code(language));
        return res;
    };
    if (anonymous) {
        std::lock_guard lock(cache_mutex_);
        auto it = cache_.find(key);
        if (it != cache_.end() && it->second.version == version &&
            std::chrono::steady_clock::now() - it->second.made < kPageLifetime) {
            return shared(it->second.text);
        }
    }
    PageFrame frame;
    if (!widget) call.describe_visitor(frame);
    std::string html = render(view(language), std::move(frame));
    if (anonymous && key.size() <= kMaxCachedTarget) {
        auto plain = std::make_shared<const std::string>(std::move(html));
        const SharedText text{plain, std::make_shared<const std::string>(gzip(*plain))};
        {
            std::lock_guard lock(cache_mutex_);
            // Bounded whatever addresses visitors make up: start over when full.
            if (cache_.size() >= kMaxCachedPages) cache_.clear();
            cache_[key] = {version, std::chrono::steady_clock::now(), text};
        }
        return shared(text);
    }
    auto res = text_response(request, status, "text/html; charset=utf-8", std::move(html),
                             "private, no-cache");
    res.set("Content-Security-Policy", page_policy(Framing::kTheseSites, framers));
    res.set(http::field::content_language, language_code(language));
    compress_if_accepted(request, res);
    return res;
}

Reply PetitionPages::list(PageCall& call) {
    const auto query = PetitionListQuery::parse(call.target().parameters);
    // Checked before the page: a bad query is the visitor's 400, in their language.
    const PetitionSearch check(query.q);
    const auto snapshot = services_.petitions.snapshot();
    return page(call, http::status::ok, [&](const PetitionViewContext& context, PageFrame frame) {
        return render_petition_list(context, *snapshot, query, std::move(frame));
    });
}

Reply PetitionPages::petition(PageCall& call) {
    const auto snapshot = services_.petitions.snapshot();
    const Petition* petition = snapshot->petition(call.id("id"));
    if (!petition || !has_public_page(*petition)) throw NotFound();
    // A hidden petition's page says why, but it is no page to keep or index.
    const auto status = petition->hidden ? http::status::not_found : http::status::ok;
    return page(call, status, [&](const PetitionViewContext& context, PageFrame frame) {
        return render_petition_page(context, *snapshot, *petition, std::move(frame));
    });
}

Reply PetitionPages::embed(PageCall& call) {
    const auto snapshot = services_.petitions.snapshot();
    const Petition* petition = snapshot->petition(call.id("id"));
    if (!petition || !publicly_visible(*petition)) throw NotFound();
    return page(
        call, http::status::ok,
        [&](const PetitionViewContext& context, PageFrame frame) {
            return render_petition_embed(context, *petition, std::move(frame));
        },
        true);
}

Reply PetitionPages::feed(PageCall& call) {
    const Request& request = call.request();
    const Language language = call.language();
    const auto snapshot = services_.petitions.snapshot();
    const std::string etag = petitions_etag(run_unix_ms_, *snapshot);
    http::response<http::string_body> res;
    if (petitions_not_modified(request, etag)) {
        res = http::response<http::string_body>{http::status::not_modified, request.version()};
        res.set(http::field::cache_control, kFeedCaching);
        res.keep_alive(request.keep_alive());
    } else {
        const PetitionViewContext context = view(language);
        const PetitionDataContext data{context.base_url, context.settings, context.elderships,
                                       services_.renderer};
        res = text_response(request, http::status::ok, "application/atom+xml; charset=utf-8",
                            petitions_atom(*snapshot, data, language, context.municipality_name),
                            kFeedCaching);
    }
    res.set(http::field::etag, etag);
    res.set(http::field::content_language, language_code(language));
    set_cors(res.base());
    return res;
}

}  // namespace councilcast::portal
