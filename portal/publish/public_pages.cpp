#include "portal/publish/public_pages.hpp"

#include <fmt/core.h>
#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>
#include <chrono>
#include <regex>

#include "common/error.hpp"
#include "portal/http/file_response.hpp"
#include "portal/http/form_data.hpp"
#include "portal/http/local_path.hpp"
#include "portal/http/responses.hpp"
#include "portal/publish/api_problem.hpp"
#include "portal/publish/embed_views.hpp"

namespace councilcast::portal {
namespace http = boost::beast::http;
namespace json = boost::json;
namespace {

// Documents never change under their id (a new version is a new document) and photos are named
// by their content's digest, so caching lets a caching tier in front carry a busy meeting's
// drafts; but an hour at most: one taken off the record answers 404 at once here, and caches
// must not go on serving it for long (photos were cached for a year).
constexpr std::string_view kDocumentCaching = "public, max-age=3600";
constexpr std::string_view kPhotoCaching = "public, max-age=3600";

// How long an anonymous visitor's page is reused, at most: what is live and what comes next
// follow the clock, and a channel going on air shows within this.
constexpr auto kPageLifetime = std::chrono::seconds(5);
constexpr std::size_t kMaxCachedPages = 1024;
constexpr std::size_t kMaxCachedTarget = 256;

// The visitor's language, as the language switch last set it.
constexpr std::string_view kLanguageCookie = "lang";
constexpr long kLanguageCookieSeconds = 365L * 24 * 3600;

const std::regex kPhotoName("[0-9a-f]{64}\\.(jpg|png)");
// Seconds into a recording: up to about 115 days, to the millisecond.
const std::regex kMoment("[0-9]{1,7}(\\.[0-9]{1,3})?");

// A year in a query: four digits. Anything else is the visitor's mistake, said in both
// languages (the language switch keeps the query).
std::optional<int> parse_year(std::string_view text) {
    if (text.empty()) return std::nullopt;
    if (text.size() != 4 || text.find_first_not_of("0123456789") != std::string_view::npos ||
        text[0] == '0') {
        throw InvalidInput::text("publish_bad_year");
    }
    return std::stoi(std::string(text));
}

std::optional<MeetingKind> parse_kind_filter(std::string_view text) {
    if (text.empty()) return std::nullopt;
    if (auto kind = parse_kind(text)) return kind;
    throw InvalidInput::text("publish_bad_kind");
}

// ?t= on a meeting and its widget: seconds from the start of the recording, whole or with a
// fraction, as the chapter links and the share control write them. Beyond the end of a
// recording that has ended is a mistake too; while it is live the end keeps moving.
std::optional<double> parse_moment(std::string_view text,
                                   const std::optional<RecordingSummary>& recording) {
    if (text.empty()) return std::nullopt;
    if (!std::regex_match(text.begin(), text.end(), kMoment)) {
        throw InvalidInput::text("archive_bad_t");
    }
    const double seconds = std::stod(std::string(text));
    if (recording && !recording->live && seconds > recording->duration_s) {
        throw InvalidInput::text(
            "archive_t_past_end",
            {{"seconds", std::to_string(static_cast<long long>(recording->duration_s))}});
    }
    return seconds;
}

std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// RFC 6266: an ASCII fallback for old clients and the real name, UTF-8 and percent-encoded.
std::string content_disposition(std::string_view disposition, const std::string& file_name) {
    std::string ascii;
    for (char c : file_name) {
        const auto byte = static_cast<unsigned char>(c);
        ascii += (byte >= 0x20 && byte < 0x7f && c != '"' && c != '\\') ? c : '_';
    }
    return fmt::format("{}; filename=\"{}\"; filename*=UTF-8''{}", disposition, ascii,
                       boost::urls::encode(file_name, boost::urls::unreserved_chars));
}

}  // namespace

PublicPages::PublicPages(Services services)
    : services_(std::move(services)),
      public_url_(services_.config.server.public_url),
      secure_cookies_(!services_.config.tls.certificate.empty() ||
                      public_url_.starts_with("https://")) {
    while (public_url_.ends_with('/')) public_url_.pop_back();
    const auto& municipality = services_.config.municipality;
    if (!municipality.website.empty()) page_framers_.push_back(municipality.website);
    widget_framers_ = page_framers_;
    widget_framers_.insert(widget_framers_.end(), municipality.embed_framers.begin(),
                           municipality.embed_framers.end());
}

ViewContext PublicPages::view(Language language) const {
    const auto& municipality = services_.config.municipality;
    return {services_.renderer,
            services_.localization,
            language,
            unix_now(),
            language == Language::kLt ? municipality.name_lt : municipality.name_en,
            public_url_};
}

std::vector<VoteSummary> PublicPages::meeting_votes(std::int64_t meeting_id,
                                                    Language language) const {
    if (!services_.votes.of_meeting) return {};
    return services_.votes.of_meeting(meeting_id, language);
}

std::vector<VoteSummary> PublicPages::member_votes(std::int64_t member_id,
                                                   Language language) const {
    if (!services_.votes.of_member) return {};
    return services_.votes.of_member(member_id, language);
}

std::optional<RecordingSummary> PublicPages::recording_of(std::int64_t meeting_id) const {
    if (!services_.recordings.of_meeting) return std::nullopt;
    return services_.recordings.of_meeting(meeting_id);
}

std::vector<Broadcast> PublicPages::broadcasts(Language language) const {
    std::vector<Broadcast> channels;
    for (const auto& channel : services_.config.channels) {
        channels.push_back(
            {channel.id, language == Language::kLt ? channel.title_lt : channel.title_en,
             fmt::format("/live/{}/master.m3u8", channel.id), services_.on_air(channel)});
    }
    return channels;
}

Reply PublicPages::page(PageCall& call, http::status status, const Render& render, bool widget) {
    const Request& request = call.request();
    const Language language = call.language();
    const Visitor& visitor = call.visitor();
    // Someone signed in sees their name in the header; everyone else gets the same bytes.
    const bool anonymous = !visitor.session && visitor.set_session_cookie.empty() &&
                           visitor.new_csrf_cookie.empty() && status == http::status::ok;
    // Read before rendering: a change made meanwhile leaves an entry one version behind, which
    // the next request replaces.
    const std::int64_t version = services_.council.snapshot()->version;
    const std::int64_t votes_version = services_.votes.version ? services_.votes.version() : 0;
    const std::int64_t recordings_version =
        services_.recordings.version ? services_.recordings.version() : 0;
    const std::string key = std::string(language_code(language)) + std::string(request.target());
    if (anonymous) {
        std::lock_guard lock(cache_mutex_);
        auto it = cache_.find(key);
        if (it != cache_.end() && it->second.council_version == version &&
            it->second.votes_version == votes_version &&
            it->second.recordings_version == recordings_version &&
            std::chrono::steady_clock::now() - it->second.made < kPageLifetime) {
            return cached_response(request, language, widget, it->second.text);
        }
    }
    PageFrame frame;
    call.describe_visitor(frame);
    std::string html = render(view(language), std::move(frame));
    if (anonymous && key.size() <= kMaxCachedTarget) {
        auto plain = std::make_shared<const std::string>(std::move(html));
        const SharedText text{plain, std::make_shared<const std::string>(gzip(*plain))};
        {
            std::lock_guard lock(cache_mutex_);
            // Bounded whatever addresses visitors make up: start over when full.
            if (cache_.size() >= kMaxCachedPages) cache_.clear();
            cache_[key] = {version, votes_version, recordings_version,
                           std::chrono::steady_clock::now(), text};
        }
        return cached_response(request, language, widget, text);
    }
    // The header names whoever is signed in: a shared cache must not keep it.
    auto res = text_response(request, status, "text/html; charset=utf-8", std::move(html),
                             "private, no-cache");
    res.set("Content-Security-Policy",
            page_policy(Framing::kTheseSites, widget ? widget_framers_ : page_framers_));
    res.set(http::field::content_language, language_code(language));
    compress_if_accepted(request, res);
    return res;
}

Reply PublicPages::cached_response(const Request& request, Language language, bool widget,
                                   const SharedText& text) const {
    // Private all the same: the same address shows a signed-in visitor their name.
    auto res = shared_text_response(request, text, "text/html; charset=utf-8", "private, no-cache");
    // Pages may be framed by the municipality's own site (the home page's player always could);
    // the widgets under /embed are meant for framing, by the other configured sites too.
    res.set("Content-Security-Policy",
            page_policy(Framing::kTheseSites, widget ? widget_framers_ : page_framers_));
    res.set(http::field::content_language, language_code(language));
    return res;
}

Reply PublicPages::not_found(PageCall& call) {
    return page(call, http::status::not_found, [](const ViewContext& view, PageFrame frame) {
        return render_not_found(view, std::move(frame));
    });
}

ModuleEntries PublicPages::entries() {
    auto route = [this](std::string_view pattern, Reply (PublicPages::*method)(PageCall&)) {
        return open_route(pattern, answer_of(this, method));
    };
    ModuleEntries entries;
    entries.routes = {
        route("/", &PublicPages::home),
        route("/language", &PublicPages::choose_language),
        route("/meetings", &PublicPages::meetings),
        route("/meetings/{id}", &PublicPages::meeting),
        route("/council", &PublicPages::council),
        route("/council/{id}", &PublicPages::member),
        route("/decisions", &PublicPages::decisions),
        route("/decisions/{id}", &PublicPages::decision),
        route("/documents/{id}", &PublicPages::document),
        route("/photos/{name}", &PublicPages::photo),
        route("/embed/live", &PublicPages::embed_live),
        route("/embed/upcoming", &PublicPages::embed_upcoming),
        route("/embed/meeting/{id}", &PublicPages::embed_meeting),
        route("/oembed", &PublicPages::oembed),
    };
    entries.crawlers.sitemap_paths = [this] { return sitemap_paths(); };
    entries.crawlers.disallow = {"/embed/"};
    return entries;
}

std::vector<std::string> PublicPages::sitemap_paths() const {
    const auto council = services_.council.snapshot();
    std::vector<std::string> paths = {"/", "/meetings", "/council", "/decisions"};
    for (const auto& meeting : council->meetings) {
        paths.push_back(fmt::format("/meetings/{}", meeting.id));
    }
    for (const auto& member : council->members) {
        paths.push_back(fmt::format("/council/{}", member.id));
    }
    for (const auto& decision : council->decisions) {
        paths.push_back(fmt::format("/decisions/{}", decision.id));
    }
    return paths;
}

std::optional<Broadcast> PublicPages::broadcast_of(const Meeting& meeting,
                                                   Language language) const {
    for (auto& channel : broadcasts(language)) {
        if (channel.channel_id == meeting.channel_id) return channel;
    }
    return std::nullopt;
}

Reply PublicPages::home(PageCall& call) {
    // The home page remembers the visitor's language: "/" leads an English reader to "/en/".
    if (call.language() == Language::kLt && cookie_value(call.request(), kLanguageCookie) == "en") {
        return see_other(call.request(), home_path(Language::kEn));
    }
    const auto council = services_.council.snapshot();
    const auto channels = broadcasts(call.language());
    return page(call, http::status::ok, [&](const ViewContext& view, PageFrame frame) {
        return render_home(view, *council, channels, std::move(frame));
    });
}

Reply PublicPages::meetings(PageCall& call) {
    const auto council = services_.council.snapshot();
    MeetingFilter filter{parse_year(call.query("year")), parse_kind_filter(call.query("type"))};
    return page(call, http::status::ok, [&](const ViewContext& view, PageFrame frame) {
        return render_meetings(view, *council, filter, std::move(frame), services_.recordings);
    });
}

Reply PublicPages::meeting(PageCall& call) {
    const auto council = services_.council.snapshot();
    const Meeting* meeting = council->meeting(call.id("id"));
    if (!meeting) throw NotFound();
    const auto broadcast = broadcast_of(*meeting, call.language());
    const auto recording = recording_of(meeting->id);
    const auto start = parse_moment(call.query("t"), recording);
    const bool preparing =
        !recording && services_.recordings.preparing && services_.recordings.preparing(meeting->id);
    return page(call, http::status::ok, [&](const ViewContext& view, PageFrame frame) {
        return render_meeting(
            view, *council, *meeting, broadcast, std::move(frame),
            meeting_votes(meeting->id, call.language()),
            services_.votes.chain_head ? services_.votes.chain_head(meeting->id) : std::string(),
            recording, start, preparing);
    });
}

Reply PublicPages::council(PageCall& call) {
    const auto council = services_.council.snapshot();
    return page(call, http::status::ok, [&](const ViewContext& view, PageFrame frame) {
        return render_council(view, *council, std::move(frame));
    });
}

Reply PublicPages::member(PageCall& call) {
    const auto council = services_.council.snapshot();
    const CouncilMember* member = council->member(call.id("id"));
    if (!member) throw NotFound();
    return page(call, http::status::ok, [&](const ViewContext& view, PageFrame frame) {
        return render_member(view, *council, *member, std::move(frame),
                             member_votes(member->id, call.language()),
                             services_.recordings.speeches_of_member
                                 ? services_.recordings.speeches_of_member(member->id)
                                 : std::vector<MemberSpeech>());
    });
}

Reply PublicPages::decisions(PageCall& call) {
    const auto council = services_.council.snapshot();
    const auto year = parse_year(call.query("year"));
    return page(call, http::status::ok, [&](const ViewContext& view, PageFrame frame) {
        return render_decisions(view, *council, year, std::move(frame));
    });
}

Reply PublicPages::decision(PageCall& call) {
    const auto council = services_.council.snapshot();
    const Decision* decision = council->decision(call.id("id"));
    if (!decision) throw NotFound();
    return page(call, http::status::ok, [&](const ViewContext& view, PageFrame frame) {
        return render_decision(view, *council, *decision, std::move(frame));
    });
}

Reply PublicPages::embed_live(PageCall& call) {
    const auto council = services_.council.snapshot();
    const auto channels = broadcasts(call.language());
    return page(
        call, http::status::ok,
        [&](const ViewContext& view, PageFrame frame) {
            return render_embed_live(view, *council, channels, std::move(frame));
        },
        true);
}

Reply PublicPages::embed_upcoming(PageCall& call) {
    const auto council = services_.council.snapshot();
    return page(
        call, http::status::ok,
        [&](const ViewContext& view, PageFrame frame) {
            return render_embed_upcoming(view, *council, std::move(frame));
        },
        true);
}

Reply PublicPages::embed_meeting(PageCall& call) {
    const auto council = services_.council.snapshot();
    const Meeting* meeting = council->meeting(call.id("id"));
    if (!meeting) throw NotFound();
    const auto broadcast = broadcast_of(*meeting, call.language());
    const auto recording = recording_of(meeting->id);
    const auto start = parse_moment(call.query("t"), recording);
    return page(
        call, http::status::ok,
        [&](const ViewContext& view, PageFrame frame) {
            return render_embed_meeting(view, *council, *meeting, broadcast, std::move(frame),
                                        recording, start);
        },
        true);
}

// oEmbed 1.0 (https://oembed.com): a CMS given the address of a meeting page (or the home page,
// for the live player) asks here for the code to show in its place.
Reply PublicPages::oembed(PageCall& call) {
    const Request& request = call.request();
    auto error = [&](http::status status, std::string key) {
        return api_problem(request, status, services_.renderer, InvalidInput::text(std::move(key)));
    };
    const std::string format = call.query("format");
    if (!format.empty() && format != "json") {
        return error(http::status::not_implemented, "oembed_json_only");
    }
    const std::string page_url = call.query("url");  // the view below points into it
    auto url = boost::urls::parse_absolute_uri(page_url);
    if (!url) {
        return error(http::status::bad_request, "oembed_url_missing");
    }
    std::vector<std::string> path;
    for (auto segment : url->segments()) path.emplace_back(segment);
    if (!path.empty() && path.back().empty()) path.pop_back();
    Language language = Language::kLt;
    if (!path.empty() && path[0] == "en") {
        language = Language::kEn;
        path.erase(path.begin());
    }
    const auto council = services_.council.snapshot();
    const ViewContext context = view(language);
    // Our own pages only: the site's address when it is known, the path otherwise.
    const bool ours =
        public_url_.empty() ||
        boost::urls::parse_absolute_uri(public_url_)->encoded_origin() == url->encoded_origin();
    std::string widget;
    std::string title;
    if (ours && path.empty()) {
        widget = "/embed/live";
        title = context.renderer.message(language, "home_live");
    } else if (ours && path.size() == 2 && path[0] == "meetings") {
        const auto id = parse_id(path[1]);
        const Meeting* meeting = id ? council->meeting(*id) : nullptr;
        if (meeting) {
            widget = fmt::format("/embed/meeting/{}", meeting->id);
            title = meeting->title.in(language);
        }
    }
    if (widget.empty()) {
        return error(http::status::not_found, "oembed_not_embeddable");
    }
    // 16:9 for the player plus room for the title and the agenda, within the asked bounds.
    int width = kEmbedWidth;
    int height = 480;
    if (auto max_width = parse_id(call.query("maxwidth")); max_width && *max_width < width) {
        height = static_cast<int>(*max_width * height / width);
        width = static_cast<int>(*max_width);
    }
    if (auto max_height = parse_id(call.query("maxheight")); max_height && *max_height < height) {
        height = static_cast<int>(*max_height);
    }
    const std::string base = public_url_.empty() ? std::string(url->encoded_origin()) : public_url_;
    json::object answer{
        {"version", "1.0"},
        {"type", "rich"},
        {"provider_name", context.municipality_name},
        {"provider_url", base + "/"},
        {"title", title},
        {"width", width},
        {"height", height},
        {"html", iframe_code(base + localised(language, widget), title, width, height)},
    };
    auto res = text_response(request, http::status::ok, "application/json", json::serialize(answer),
                             "public, max-age=300");
    res.set(http::field::access_control_allow_origin, "*");
    return res;
}

// The language switch: remembers the choice in a cookie for a year and goes on to the same page
// in that language. A link (GET), since a language preference needs no protection from other
// sites; `next` must be a path on this site, so the switch cannot send anyone elsewhere.
Reply PublicPages::choose_language(PageCall& call) {
    const Request& request = call.request();
    const std::string to = call.query("to");
    if (to != "lt" && to != "en") {
        throw InvalidInput::text("publish_bad_language");
    }
    const Language language = stored_language(to);
    const std::string next =
        local_path(call.query("next")).value_or(std::string(home_path(language)));
    auto res = text_response(request, http::status::see_other, "text/plain; charset=utf-8", "",
                             "no-store");
    res.set(http::field::location, next);
    res.set(http::field::set_cookie,
            set_cookie(kLanguageCookie, to, kLanguageCookieSeconds, secure_cookies_));
    return res;
}

Reply PublicPages::see_other(const Request& request, std::string_view location) {
    auto res = text_response(request, http::status::see_other, "text/plain; charset=utf-8", "",
                             "no-store");
    res.set(http::field::location, location);
    res.set(http::field::vary, "Cookie");
    return res;
}

Reply PublicPages::document(PageCall& call) {
    const auto council = services_.council.snapshot();
    const Document* document = council->document(call.id("id"));
    if (document == nullptr) throw NotFound();
    const auto path = services_.council.document_path(*document);
    // A document over the cache's per-file limit is opened here and sent from the file.
    FileCache::Cached file = services_.files.get_cached(path, path);
    if (!file.found()) throw NotFound();
    // Shown in the browser's own viewer; the type was checked from the content on upload.
    return file_response(call.request(), std::move(file), document->content_type, kDocumentCaching,
                         content_disposition("inline", document->file_name));
}

Reply PublicPages::photo(PageCall& call) {
    const std::string& name = call.parameter("name");
    // Only while a member's record shows it: a removed or replaced photo is gone from the site.
    const auto council = services_.council.snapshot();
    const bool named =
        std::any_of(council->members.begin(), council->members.end(),
                    [&](const CouncilMember& member) { return member.photo == name; });
    FileCache::Cached file;
    if (named && std::regex_match(name, kPhotoName)) {
        const auto path = services_.council.photo_path(name);
        file = services_.files.get_cached(path, path);
    }
    if (!file.found()) throw NotFound();
    return file_response(call.request(), std::move(file),
                         name.ends_with(".png") ? "image/png" : "image/jpeg", kPhotoCaching);
}

}  // namespace councilcast::portal
