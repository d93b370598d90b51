#include "portal/reports/report_pages.hpp"

#include <fmt/core.h>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>
#include <cmath>

#include "common/error.hpp"
#include "portal/accounts/form_checks.hpp"
#include "portal/http/file_response.hpp"
#include "portal/mail/email_address.hpp"
#include "portal/pages/target.hpp"
#include "portal/reports/report_views.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = ReportPages::Response;
using Dictionary = ctemplate::TemplateDictionary;

namespace {

constexpr std::string_view kFollowForm = "follow";
// The list's age filter: reports made within this many days.
constexpr int kListAges[] = {7, 30, 90, 365};
constexpr std::int64_t kListDayMs = 24 * 3600 * 1000;
// A page number past this is no page a person turns to.
constexpr std::size_t kListMaxPage = 10'000;
// Photos are named by their content: the same address is always the same bytes.
constexpr std::string_view kReportPhotoCaching = "public, max-age=31536000, immutable";
// A full-size photo is a few hundred KiB; the cache keeps a few dozen.
constexpr std::size_t kPhotoCacheBytes = 32 << 20;
constexpr std::size_t kPhotoCacheFileBytes = 4 << 20;

struct ListFilterOption {
    std::string value;
    std::string text;
};

// One select of the list's filter form.
void add_list_filter(Dictionary& body, std::string_view name, const std::string& label,
                     const std::vector<ListFilterOption>& options, const std::string& chosen) {
    auto* filter = body.AddSectionDictionary("FILTER");
    filter->SetValue("name", std::string(name));
    filter->SetValue("label", label);
    for (const auto& option : options) {
        auto* shown = filter->AddSectionDictionary("OPTION");
        shown->SetValue("value", option.value);
        shown->SetValue("text", option.text);
        if (option.value == chosen) shown->ShowSection("SELECTED");
    }
}

bool known_eldership(const config::Reports& reports, std::string_view name) {
    return std::any_of(reports.elderships.begin(), reports.elderships.end(),
                       [&](const auto& eldership) { return eldership.name == name; });
}

// "?a=1&b=2" of the list's filters as chosen, `page` replaced.
std::string list_query(PageCall& call, std::size_t page) {
    std::string query;
    for (const std::string_view name : {"category", "state", "eldership", "age", "area"}) {
        const std::string value = call.query(name);
        if (value.empty()) continue;
        query += query.empty() ? "?" : "&";
        query += std::string(name) + "=" +
                 std::string(boost::urls::encode(value, boost::urls::unreserved_chars));
    }
    if (page > 1) query += (query.empty() ? "?" : "&") + fmt::format("page={}", page);
    return query;
}

std::string stats_median_text(PageCall& call, const PageRenderer& renderer,
                              const std::optional<double>& days) {
    if (!days) return call.text("report_stats_no_median");
    return renderer.format(call.language(), "report_stats_days",
                           {{"days", static_cast<std::int64_t>(std::lround(*days))}});
}

}  // namespace

ReportPages::ReportPages(const config::Config& config, ReportStore& store,
                         const PageRenderer& renderer, const Localization& localization)
    : store_(store),
      photo_cache_(kPhotoCacheBytes, kPhotoCacheFileBytes),
      photos_(config.server.data_dir, photo_cache_),
      renderer_(renderer),
      localization_(localization),
      configured_url_(!config.server.public_url.empty()),
      new_pages_(store, photos_, limits_, renderer, localization),
      follow_pages_(store, limits_, renderer, localization) {
    set_public_url(config.server.public_url);
}

void ReportPages::set_public_url(std::string url) {
    if (configured_url_ && !public_url_.empty()) return;
    public_url_ = std::move(url);
    while (public_url_.ends_with('/')) public_url_.pop_back();
}

ModuleEntries ReportPages::entries() {
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        open_route("/reports", answer_of(this, &ReportPages::list)),
        open_route("/reports/stats", answer_of(this, &ReportPages::stats)),
        open_route("/reports/{id}", answer_of(this, &ReportPages::report)),
        open_route("/reports/photos/{file}", answer_of(this, &ReportPages::photo),
                   Addresses::kProgram),
        {verb::post, "/reports/{id}/follow", kAnyone, FormKind::kShort,
         handler_of(this, &ReportPages::follow)},
    };
    entries.crawlers.sitemap_paths = [] {
        return std::vector<std::string>{"/reports", "/reports/stats"};
    };
    for (ModuleEntries more : {new_pages_.entries(), follow_pages_.entries()}) {
        for (auto& route : more.routes) entries.routes.push_back(std::move(route));
        for (auto path : more.crawlers.disallow) entries.crawlers.disallow.push_back(path);
    }
    return entries;
}

Response ReportPages::list(PageCall& call) {
    const Language language = call.language();
    const config::Reports& settings = store_.settings();
    ReportStore::Filter filter;
    filter.category = call.query("category");
    if (!filter.category.empty() && !store_.category(filter.category)) {
        throw InvalidInput::text("report_form_error_filter");
    }
    const std::string state = call.query("state");
    if (state == "unresolved") {
        filter.open_only = true;
    } else if (!state.empty()) {
        filter.state = parse_report_state(state);
        if (!filter.state || *filter.state == ReportState::kUnconfirmed ||
            *filter.state == ReportState::kHidden) {
            throw InvalidInput::text("report_form_error_filter");
        }
    }
    filter.eldership = call.query("eldership");
    if (!filter.eldership.empty() && !known_eldership(settings, filter.eldership)) {
        throw InvalidInput::text("report_form_error_filter");
    }
    const std::string age = call.query("age");
    if (!age.empty()) {
        const auto days = parse_id(age);
        if (!days ||
            std::find(std::begin(kListAges), std::end(kListAges), *days) == std::end(kListAges)) {
            throw InvalidInput::text("report_form_error_filter");
        }
        filter.created_after_unix_ms = store_.now() - *days * kListDayMs;
    }
    const std::string area = call.query("area");
    if (!area.empty()) {
        filter.area = parse_report_area(area);
        if (!filter.area) throw InvalidInput::text("report_form_error_filter");
    }
    std::size_t page = 1;
    if (const std::string asked = call.query("page"); !asked.empty()) {
        const auto number = parse_id(asked);
        if (!number || *number < 1 || static_cast<std::size_t>(*number) > kListMaxPage) {
            throw InvalidInput::text("report_form_error_filter");
        }
        page = static_cast<std::size_t>(*number);
    }
    filter.offset = (page - 1) * kPerPage;
    filter.limit = kPerPage;
    const ReportStore::Page found = store_.list(filter);

    PageFrame frame;
    frame.title = call.text("report_list_title");
    frame.alternate_path = localised(other_language(language), "/reports") + list_query(call, page);
    frame.nav_current = std::string(kReportsNav);
    frame.description = call.text("report_list_intro");
    frame.scripts = {"/assets/js/report_map.js"};
    auto response =
        call.page(http::status::ok, "report_list.tpl", std::move(frame), [&](Dictionary& body) {
            body.SetValue("new_href", call.path("/reports/new"));
            body.SetValue("subscribe_href",
                          call.path("/reports/subscribe") + (area.empty() ? "" : "?area=" + area));
            body.SetValue("stats_href", call.path("/reports/stats"));
            body.SetValue("action", call.path("/reports"));
            std::vector<ListFilterOption> categories{{"", call.text("report_list_all_categories")}};
            for (const auto& category : settings.categories) {
                categories.push_back({category.code, category_name(category, language)});
            }
            add_list_filter(body, "category", call.text("report_form_category"), categories,
                            filter.category);
            std::vector<ListFilterOption> states{
                {"", call.text("report_list_all_states")},
                {"unresolved", call.text("report_list_unresolved")}};
            for (const ReportState shown : all_report_states()) {
                if (shown == ReportState::kUnconfirmed || shown == ReportState::kHidden) continue;
                states.push_back(
                    {std::string(report_state_name(shown)), report_state_text(call, shown)});
            }
            add_list_filter(body, "state", call.text("report_form_state"), states, state);
            std::vector<ListFilterOption> elderships{{"", call.text("report_list_all_elderships")}};
            for (const auto& eldership : settings.elderships) {
                elderships.push_back({eldership.name, eldership.name});
            }
            add_list_filter(body, "eldership", call.text("report_form_eldership"), elderships,
                            filter.eldership);
            std::vector<ListFilterOption> ages{{"", call.text("report_list_any_age")}};
            for (const int days : kListAges) {
                ages.push_back({std::to_string(days),
                                renderer_.format(language, "report_list_age", {{"days", days}})});
            }
            add_list_filter(body, "age", call.text("report_form_age"), ages, age);
            if (filter.area) {
                auto* shown = body.AddSectionDictionary("AREA");
                shown->SetValue("value", report_area_text(*filter.area));
                shown->SetValue("clear_href", call.path("/reports"));
            }
            place_report_map(body, "MAP", settings,
                             {.mode = "show",
                              .label = call.text("report_list_map_label"),
                              .items_id = "report-list",
                              .area_link = call.text("report_list_area_link")});
            body.SetValue("count",
                          renderer_.format(language, "report_list_count",
                                           {{"count", static_cast<std::int64_t>(found.total)}}));
            if (found.reports.empty()) body.ShowSection("NOTHING");
            Dictionary* listed = nullptr;
            for (const Report& report : found.reports) {
                if (!listed) listed = body.AddSectionDictionary("REPORTS");
                auto* item = listed->AddSectionDictionary("REPORT");
                item->SetValue("href", call.path(report_path(report.id)));
                item->SetValue("title", report.title);
                item->SetValue("lang", report.language);
                item->SetValue("lat", fmt::format("{:.6f}", report.lat));
                item->SetValue("lon", fmt::format("{:.6f}", report.lon));
                item->SetValue("state", std::string(report_state_name(report.state)));
                item->SetValue("state_text", report_state_text(call, report.state));
                item->SetValue("category", category_name(settings, report.category, language));
                item->SetValue("eldership", report.eldership);
                item->SetValue("date",
                               report_date(localization_, language, report.created_unix_ms));
                item->SetValue("datetime", report_datetime(localization_, report.created_unix_ms));
                const auto shown_photos = std::count_if(report.photos.begin(), report.photos.end(),
                                                        [](const auto& p) { return !p.hidden; });
                if (shown_photos > 0) {
                    item->AddSectionDictionary("PHOTOS")->SetValue(
                        "text",
                        renderer_.format(language, "report_list_photos",
                                         {{"count", static_cast<std::int64_t>(shown_photos)}}));
                }
            }
            const bool more = page * kPerPage < found.total;
            if (page > 1 || more) {
                auto* paging = body.AddSectionDictionary("PAGING");
                if (page > 1) {
                    paging->AddSectionDictionary("PREVIOUS")
                        ->SetValue("href", call.path("/reports") + list_query(call, page - 1));
                }
                if (more) {
                    paging->AddSectionDictionary("NEXT")->SetValue(
                        "href", call.path("/reports") + list_query(call, page + 1));
                }
            }
        });
    return with_report_tiles(std::move(response), settings);
}

Response ReportPages::report(PageCall& call) {
    const auto found = store_.report(call.id("id"));
    if (!found || !found->is_public()) throw NotFound();
    return report_page(call, *found, nullptr);
}

Response ReportPages::report_page(PageCall& call, const Report& report,
                                  const FormProblems* problems) {
    const Language language = call.language();
    const config::Reports& settings = store_.settings();
    const User* user = call.signed_in();
    const bool verified = user != nullptr && user->verified;
    const auto updates = store_.updates(report.id, false);
    StaffForms forms(call.csrf_token(), problems);
    PageFrame frame;
    frame.title = report.title;
    frame.alternate_path = localised(other_language(language), report_path(report.id));
    if (!public_url_.empty()) {
        frame.canonical_url = public_url_ + call.path(report_path(report.id));
    }
    frame.nav_current = std::string(kReportsNav);
    frame.scripts = {"/assets/js/report_map.js"};
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;
    std::string notice;
    for (const std::string_view flag :
         {"created", "confirmed", "followed", "follow_sent", "answered"}) {
        if (!call.query(flag).empty())
            notice = call.text("report_page_notice_" + std::string(flag));
    }
    auto response = call.page(status, "report_page.tpl", std::move(frame), [&](Dictionary& body) {
        if (!notice.empty()) body.AddSectionDictionary("NOTICE")->SetValue("text", notice);
        body.SetValue("back_href", call.path("/reports"));
        body.SetValue("title", report.title);
        body.SetValue("lang", report.language);
        body.SetValue("self_href", call.path(report_path(report.id)));
        body.SetValue("state", std::string(report_state_name(report.state)));
        body.SetValue("state_text", report_state_text(call, report.state));
        if (report.state == ReportState::kDuplicate && report.duplicate_of != 0) {
            auto* duplicate = body.AddSectionDictionary("DUPLICATE");
            duplicate->SetValue("href", call.path(report_path(report.duplicate_of)));
            duplicate->SetValue("text", renderer_.format(language, "report_page_duplicate_of",
                                                         {{"id", report.duplicate_of}}));
        }
        body.SetValue("category", category_name(settings, report.category, language));
        body.SetValue("eldership", report.eldership);
        if (!report.address.empty()) {
            body.AddSectionDictionary("ADDRESS")->SetValue("text", report.address);
        }
        const std::int64_t reported =
            report.confirmed_unix_ms != 0 ? report.confirmed_unix_ms : report.created_unix_ms;
        body.SetValue("date", report_date(localization_, language, reported));
        body.SetValue("datetime", report_datetime(localization_, reported));
        body.SetValue("reporter", report.public_name().empty() ? call.text("report_page_anonymous")
                                                               : std::string(report.public_name()));
        if (report.fixed_unix_ms != 0 && report.state == ReportState::kFixed) {
            auto* fixed = body.AddSectionDictionary("FIXED");
            fixed->SetValue("date", report_date(localization_, language, report.fixed_unix_ms));
            fixed->SetValue("datetime", report_datetime(localization_, report.fixed_unix_ms));
        }
        body.SetValue("coordinates", degrees_text(report.lat, report.lon));
        body.SetValue("lat", fmt::format("{:.6f}", report.lat));
        body.SetValue("lon", fmt::format("{:.6f}", report.lon));
        if (const auto* category = store_.category(report.category)) {
            for (const auto& question : category->questions) {
                const auto answer =
                    std::find_if(report.answers.begin(), report.answers.end(),
                                 [&](const auto& a) { return a.question_code == question.code; });
                if (answer == report.answers.end() || answer->value.empty()) continue;
                auto* shown = body.AddSectionDictionary("ANSWER");
                shown->SetValue("question", question_text(question, language));
                shown->SetValue("answer", question.kind == "yes_no"
                                              ? call.text(answer->value == "yes" ? "report_form_yes"
                                                                                 : "report_form_no")
                                              : answer->value);
            }
        }
        fill_report_paragraphs(body, report.details);
        int number = 0;
        Dictionary* photos = nullptr;
        for (const ReportPhoto& photo : report.photos) {
            if (photo.hidden) continue;
            if (!photos) photos = body.AddSectionDictionary("PHOTOS");
            auto* shown = photos->AddSectionDictionary("PHOTO");
            ++number;
            shown->SetValue("small_href", report_photo_path(photo.hash, "small"));
            shown->SetValue("full_href", report_photo_path(photo.hash, "full"));
            shown->SetValue(
                "alt", renderer_.format(language, "report_page_photo_alt", {{"number", number}}));
        }
        place_report_map(body, "MAP", settings,
                         {.mode = "show",
                          .label = call.text("report_page_map_label"),
                          .items_id = "report-here"});
        if (updates.empty()) body.ShowSection("NO_UPDATES");
        Dictionary* listed = nullptr;
        for (const ReportUpdate& update : updates) {
            if (!listed) listed = body.AddSectionDictionary("UPDATES");
            auto* shown = listed->AddSectionDictionary("UPDATE");
            shown->SetValue("date", report_date(localization_, language, update.created_unix_ms));
            shown->SetValue("datetime", report_datetime(localization_, update.created_unix_ms));
            std::string author =
                call.text("report_author_" + std::string(update_author_name(update.author)));
            if (update.author == UpdateAuthor::kStaff && !update.author_name.empty()) {
                author = update.author_name;
            }
            shown->SetValue("author", author);
            if (update.changed_state()) {
                auto* state = shown->AddSectionDictionary("STATE");
                state->SetValue("state", std::string(report_state_name(update.new_state)));
                state->SetValue("state_text", report_state_text(call, update.new_state));
            }
            fill_report_paragraphs(*shown, update.text);
        }
        std::vector<StaffField> fields;
        if (!verified) {
            fields.push_back(staff_forms::field("email", call.text("report_form_email"),
                                                Control::kText, true,
                                                call.text("report_follow_email_hint")));
        }
        forms.place(body, "FOLLOW_FORM",
                    {.id = std::string(kFollowForm),
                     .action = call.path(report_path(report.id) + "/follow"),
                     .submit = call.text("report_follow_submit"),
                     .fields = std::move(fields)});
        forms.summarise(body);
    });
    return with_report_tiles(std::move(response), settings);
}

Reply ReportPages::photo(PageCall& call) {
    const std::string& file = call.parameter("file");
    constexpr std::string_view kSmall = "-small.jpg";
    constexpr std::string_view kFull = "-full.jpg";
    PhotoSize size = PhotoSize::kSmall;
    std::string_view hash;
    if (file.ends_with(kSmall)) {
        hash = std::string_view(file).substr(0, file.size() - kSmall.size());
    } else if (file.ends_with(kFull)) {
        hash = std::string_view(file).substr(0, file.size() - kFull.size());
        size = PhotoSize::kFull;
    }
    const bool shown = PhotoFiles::valid_hash(hash) && store_.photo_shown(hash);
    auto bytes = shown ? photos_.bytes(hash, size) : nullptr;
    if (!bytes) throw NotFound();
    return file_response(call.request(), std::move(bytes), "image/jpeg", kReportPhotoCaching);
}

Response ReportPages::stats(PageCall& call) {
    const Language language = call.language();
    const config::Reports& settings = store_.settings();
    const ReportStats stats = store_.stats();
    PageFrame frame;
    frame.title = call.text("report_stats_title");
    frame.alternate_path = localised(other_language(language), "/reports/stats");
    frame.nav_current = std::string(kReportsNav);
    frame.description = call.text("report_stats_intro");
    return call.page(http::status::ok, "report_stats.tpl", std::move(frame), [&](Dictionary& body) {
        body.SetValue("back_href", call.path("/reports"));
        auto add_row = [&](Dictionary& table, const std::string& name, const ReportStatsRow& row) {
            auto* shown = table.AddSectionDictionary("ROW");
            shown->SetValue("name", name);
            shown->SetIntValue("open", row.open);
            shown->SetIntValue("fixed", row.fixed);
            shown->SetValue("median", stats_median_text(call, renderer_, row.median_days_to_fix));
        };
        auto* by_category = body.AddSectionDictionary("TABLE");
        by_category->SetValue("caption", call.text("report_stats_by_category"));
        by_category->SetValue("first", call.text("report_form_category"));
        for (const auto& row : stats.by_category) {
            add_row(*by_category, category_name(settings, row.category, language), row);
        }
        add_row(*by_category, call.text("report_stats_all"), stats.all);
        auto* by_eldership = body.AddSectionDictionary("TABLE");
        by_eldership->SetValue("caption", call.text("report_stats_by_eldership"));
        by_eldership->SetValue("first", call.text("report_form_eldership"));
        for (const auto& row : stats.by_eldership) add_row(*by_eldership, row.eldership, row);
        add_row(*by_eldership, call.text("report_stats_all"), stats.all);
    });
}

asio::awaitable<Response> ReportPages::follow(PageCall& call) {
    const auto found = store_.report(call.id("id"));
    if (!found || !found->is_public()) throw NotFound();
    const Report report = *found;
    if (const auto wait = limits_.take_subscription(call.context().client()); wait.count() > 0) {
        co_return too_many_page(call, renderer_, "report_form_too_many", wait);
    }
    const User* user = call.signed_in();
    const bool verified = user != nullptr && user->verified;
    std::string email;
    if (verified) {
        email = user->email;
    } else if (auto typed = normalise_email(call.form().get("email")); typed) {
        email = *typed;
    } else {
        FormProblems refused;
        refused.form_id = std::string(kFollowForm);
        refused.values = call.form();
        refused.field_errors["email"] = call.text("report_form_error_email");
        co_return report_page(call, report, &refused);
    }
    ReportStore::SubscriptionRequest request;
    request.kind = SubscriptionKind::kReport;
    request.report_id = report.id;
    request.email = email;
    request.language = std::string(language_code(call.language()));
    request.account_id = user ? user->id : 0;
    request.email_verified = verified && email == user->email;
    auto subscribing = store_.subscribe(std::move(request));
    const ReportStore::Subscribed subscribed = co_await std::move(subscribing);
    co_return call.redirect(call.path(report_path(report.id)) +
                            (subscribed.confirmed ? "?followed=1" : "?follow_sent=1"));
}

}  // namespace councilcast::portal
