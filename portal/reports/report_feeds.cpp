#include "portal/reports/report_feeds.hpp"

#include <fmt/core.h>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "common/error.hpp"
#include "common/unix_time.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/http/open_data_headers.hpp"
#include "portal/http/responses.hpp"
#include "portal/pages/target.hpp"
#include "portal/pages/xml_writer.hpp"
#include "portal/reports/report_paths.hpp"
#include "portal/reports/report_texts.hpp"

namespace councilcast::portal {
namespace http = boost::beast::http;
namespace {

constexpr const char* kReportAtomNamespace = "http://www.w3.org/2005/Atom";
constexpr const char* kReportXhtmlNamespace = "http://www.w3.org/1999/xhtml";
constexpr std::string_view kReportFeedPath = "/reports/feed.atom";
// Feed readers poll; a minute spares the server while a new report still shows soon.
constexpr std::string_view kReportFeedCaching = "public, max-age=60";

void feed_link(XmlWriter& xml, std::string_view rel, std::string_view type, std::string_view href) {
    xml.start("link");
    xml.attribute("rel", rel);
    xml.attribute("type", type);
    xml.attribute("href", href);
    xml.end();
}

void feed_paragraph(XmlWriter& xml, std::string_view text) {
    xml.start("p");
    xml.text(text);
    xml.end();
}

// A resident's plain text, one paragraph per non-blank line.
void feed_paragraphs(XmlWriter& xml, std::string_view text) {
    while (!text.empty()) {
        const std::size_t end = std::min(text.find('\n'), text.size());
        const std::string_view line = text.substr(0, end);
        if (line.find_first_not_of(" \t\r") != std::string_view::npos) feed_paragraph(xml, line);
        text.remove_prefix(std::min(end + 1, text.size()));
    }
}

std::string feed_time(std::int64_t unix_ms) {
    return rfc3339_utc(unix_ms / 1000);
}

// When a report last changed as the public sees it.
std::int64_t feed_last_change(const Report& report) {
    return std::max({report.created_unix_ms, report.confirmed_unix_ms, report.updated_unix_ms});
}

std::string feed_report_page(const ReportFeedContext& context, std::int64_t report_id) {
    return context.base_url + localised(context.language, report_path(report_id));
}

std::string feed_labelled(const ReportFeedContext& context, std::string_view label_key,
                          std::string_view value) {
    return fmt::format("{}: {}", context.messages.message(context.language, label_key), value);
}

std::string feed_state_text(const ReportFeedContext& context, ReportState state) {
    return context.messages.message(context.language, report_state_key(state));
}

// The feed's head: id and self link (the address it is read from), title, newest time.
void feed_start(XmlWriter& xml, const ReportFeedContext& context, const std::string& self,
                const std::string& alternate, const std::string& title,
                std::int64_t updated_unix_ms) {
    xml.start("feed", kReportAtomNamespace);
    xml.attribute("xml:lang", language_code(context.language));
    xml.element("id", self);
    xml.element("title", title);
    // The newest entry's time: the same rows give the same bytes.
    xml.element("updated", feed_time(updated_unix_ms));
    xml.start("author");
    xml.element("name", context.municipality_name);
    xml.element("uri", alternate);
    xml.end();
    feed_link(xml, "self", "application/atom+xml", self);
    feed_link(xml, "alternate", "text/html", alternate);
    xml.element("generator", "councilcast");
}

// What the report says: category, state, place, the reporter's words and a photo.
void feed_report_content(XmlWriter& xml, const Report& report, const ReportFeedContext& context) {
    xml.start("content");
    xml.attribute("type", "xhtml");
    xml.start("div", kReportXhtmlNamespace);
    feed_paragraph(
        xml, feed_labelled(context, "report_feed_category",
                           category_name(context.settings, report.category, context.language)));
    feed_paragraph(
        xml, feed_labelled(context, "report_feed_state", feed_state_text(context, report.state)));
    const std::string place = report.address.empty()
                                  ? report.eldership
                                  : fmt::format("{} ({})", report.address, report.eldership);
    feed_paragraph(xml, feed_labelled(context, "report_feed_place", place));
    feed_paragraphs(xml, report.details);
    const auto photo = std::find_if(report.photos.begin(), report.photos.end(),
                                    [](const ReportPhoto& candidate) { return !candidate.hidden; });
    if (photo != report.photos.end()) {
        xml.start("p");
        xml.start("img");
        xml.attribute("src", context.base_url + report_photo_path(photo->hash, "small"));
        xml.attribute("alt", report.title);
        xml.end();
        xml.end();
    }
    xml.end();
    xml.end();
}

std::string feed_query(const ReportFeedFilter& filter) {
    if (!filter.eldership.empty()) {
        return "?eldership=" + boost::urls::encode(filter.eldership, boost::urls::unreserved_chars);
    }
    if (filter.area) {
        const GeoBox& box = *filter.area;
        return fmt::format("?area={},{},{},{}", box.south, box.west, box.north, box.east);
    }
    return {};
}

std::optional<double> feed_degrees(std::string_view text) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

ReportFeedFilter parse_report_feed_filter(const config::Reports& settings,
                                          std::string_view eldership, std::string_view area) {
    ReportFeedFilter filter;
    if (!eldership.empty() && !area.empty()) throw InvalidInput::text("report_error_feed_area");
    if (!eldership.empty()) {
        const bool known = std::any_of(
            settings.elderships.begin(), settings.elderships.end(),
            [&](const config::ReportEldership& candidate) { return candidate.name == eldership; });
        if (!known) throw InvalidInput::text("report_error_feed_eldership");
        filter.eldership = std::string(eldership);
    }
    if (!area.empty()) {
        std::vector<double> corners;
        for (std::string_view rest = area;;) {
            const std::size_t comma = rest.find(',');
            const auto degrees = feed_degrees(rest.substr(0, comma));
            if (!degrees || corners.size() == 4) throw InvalidInput::text("report_error_feed_area");
            corners.push_back(*degrees);
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
        if (corners.size() != 4) throw InvalidInput::text("report_error_feed_area");
        const GeoBox box{corners[0], corners[1], corners[2], corners[3]};
        if (box.south < -90 || box.north > 90 || box.west < -180 || box.east > 180 ||
            box.south > box.north || box.west > box.east ||
            box.north - box.south > kReportFeedMaxSpan ||
            box.east - box.west > kReportFeedMaxSpan) {
            throw InvalidInput::text("report_error_feed_area");
        }
        filter.area = box;
    }
    return filter;
}

std::string reports_atom(const std::vector<Report>& reports, const ReportFeedFilter& filter,
                         const ReportFeedContext& context) {
    std::vector<const Report*> shown;
    for (const Report& report : reports) {
        if (report.is_public() && shown.size() < kReportFeedEntries) shown.push_back(&report);
    }
    std::int64_t newest = 0;
    for (const Report* report : shown) newest = std::max(newest, feed_last_change(*report));

    const auto& messages = context.messages;
    const std::string self =
        context.base_url + localised(context.language, kReportFeedPath) + feed_query(filter);
    const std::string list = context.base_url + localised(context.language, "/reports");
    std::string title = fmt::format("{}: {}", context.municipality_name,
                                    messages.message(context.language, "report_feed_title"));
    if (!filter.eldership.empty()) title += " — " + filter.eldership;
    if (filter.area) title += " — " + messages.message(context.language, "report_feed_area");

    XmlWriter xml;
    feed_start(xml, context, self, list, title, newest);
    for (const Report* report : shown) {
        const std::string page = feed_report_page(context, report->id);
        xml.start("entry");
        xml.element("id", page);
        xml.element("title", messages.format(context.language, "report_feed_entry",
                                             {{"id", std::to_string(report->id)},
                                              {"title", report->title},
                                              {"state", feed_state_text(context, report->state)}}));
        xml.element("published", feed_time(report->confirmed_unix_ms));
        xml.element("updated", feed_time(feed_last_change(*report)));
        if (!report->public_name().empty()) {
            xml.start("author");
            xml.element("name", report->public_name());
            xml.end();
        }
        feed_link(xml, "alternate", "text/html", page);
        xml.start("category");
        xml.attribute("term", report->category);
        xml.attribute("label", category_name(context.settings, report->category, context.language));
        xml.end();
        feed_report_content(xml, *report, context);
        xml.end();
    }
    xml.end();
    return xml.finish();
}

std::string report_updates_atom(const Report& report, const std::vector<ReportUpdate>& updates,
                                const ReportFeedContext& context) {
    const auto& messages = context.messages;
    const std::string page = feed_report_page(context, report.id);
    const std::string self =
        context.base_url + localised(context.language, report_path(report.id) + "/feed.atom");
    std::vector<const ReportUpdate*> shown;
    for (const ReportUpdate& update : updates) {
        if (!update.internal) shown.push_back(&update);
    }
    std::stable_sort(shown.begin(), shown.end(), [](const ReportUpdate* a, const ReportUpdate* b) {
        return a->created_unix_ms != b->created_unix_ms ? a->created_unix_ms > b->created_unix_ms
                                                        : a->id > b->id;
    });
    if (shown.size() + 1 > kReportFeedEntries) shown.resize(kReportFeedEntries - 1);
    const std::int64_t newest =
        shown.empty() ? report.confirmed_unix_ms
                      : std::max(report.confirmed_unix_ms, shown.front()->created_unix_ms);

    XmlWriter xml;
    feed_start(xml, context, self, page,
               messages.format(context.language, "report_feed_updates_title",
                               {{"id", std::to_string(report.id)}, {"title", report.title}}),
               newest);
    for (const ReportUpdate* update : shown) {
        xml.start("entry");
        xml.element("id", fmt::format("{}#update-{}", page, update->id));
        xml.element("title", update->changed_state()
                                 ? feed_labelled(context, "report_feed_state",
                                                 feed_state_text(context, update->new_state))
                                 : messages.message(context.language, "report_feed_update"));
        xml.element("updated", feed_time(update->created_unix_ms));
        xml.start("author");
        const std::string who = messages.message(
            context.language, "report_author_" + std::string(update_author_name(update->author)));
        xml.element("name", update->author == UpdateAuthor::kStaff && !update->author_name.empty()
                                ? fmt::format("{} ({})", who, update->author_name)
                                : who);
        xml.end();
        feed_link(xml, "alternate", "text/html", page);
        xml.start("content");
        xml.attribute("type", "xhtml");
        xml.start("div", kReportXhtmlNamespace);
        if (update->changed_state()) {
            feed_paragraph(xml, feed_labelled(context, "report_feed_state",
                                              feed_state_text(context, update->new_state)));
        }
        if (update->duplicate_of != 0) {
            xml.start("p");
            xml.start("a");
            xml.attribute("href", feed_report_page(context, update->duplicate_of));
            xml.text(messages.format(context.language, "report_feed_duplicate_of",
                                     {{"id", std::to_string(update->duplicate_of)}}));
            xml.end();
            xml.end();
        }
        feed_paragraphs(xml, update->text);
        xml.end();
        xml.end();
        xml.end();
    }
    xml.start("entry");
    xml.element("id", page);
    xml.element("title", messages.format(context.language, "report_feed_entry",
                                         {{"id", std::to_string(report.id)},
                                          {"title", report.title},
                                          {"state", feed_state_text(context, report.state)}}));
    xml.element("published", feed_time(report.confirmed_unix_ms));
    xml.element("updated", feed_time(report.confirmed_unix_ms));
    feed_link(xml, "alternate", "text/html", page);
    feed_report_content(xml, report, context);
    xml.end();
    xml.end();
    return xml.finish();
}

ReportFeeds::ReportFeeds(const config::Config& config, const ReportStore& store,
                         const PageRenderer& renderer)
    : config_(config), store_(store), renderer_(renderer), public_url_(config.server.public_url) {
    while (public_url_.ends_with('/')) public_url_.pop_back();
}

void ReportFeeds::set_public_url(std::string url) {
    if (!config_.server.public_url.empty()) return;
    public_url_ = std::move(url);
    while (public_url_.ends_with('/')) public_url_.pop_back();
}

ModuleEntries ReportFeeds::entries() {
    ModuleEntries entries;
    entries.routes = {
        open_route(kReportFeedPath, answer_of(this, &ReportFeeds::area_feed)),
        open_route("/reports/{id}/feed.atom", answer_of(this, &ReportFeeds::report_feed)),
    };
    return entries;
}

ReportFeedContext ReportFeeds::context(Language language) const {
    const auto& municipality = config_.municipality;
    return {public_url_, language,
            language == Language::kLt ? municipality.name_lt : municipality.name_en,
            store_.settings(), renderer_};
}

Reply ReportFeeds::area_feed(PageCall& call) {
    const ReportFeedFilter filter =
        parse_report_feed_filter(store_.settings(), call.query("eldership"), call.query("area"));
    ReportStore::Filter query;
    query.eldership = filter.eldership;
    query.area = filter.area;
    query.limit = kReportFeedEntries;
    const auto found = store_.list(query);
    auto res = text_response(
        call.request(), http::status::ok, "application/atom+xml; charset=utf-8",
        reports_atom(found.reports, filter, context(call.language())), kReportFeedCaching);
    res.set(http::field::content_language, language_code(call.language()));
    set_cors(res.base());
    return res;
}

Reply ReportFeeds::report_feed(PageCall& call) {
    const auto report = store_.report(call.id("id"));
    if (!report || !report->is_public()) throw NotFound();
    auto res = text_response(
        call.request(), http::status::ok, "application/atom+xml; charset=utf-8",
        report_updates_atom(*report, store_.updates(report->id, false), context(call.language())),
        kReportFeedCaching);
    res.set(http::field::content_language, language_code(call.language()));
    set_cors(res.base());
    return res;
}

}  // namespace councilcast::portal
