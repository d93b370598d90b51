#include "portal/reports/report_new_pages.hpp"

#include <fmt/core.h>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>
#include <map>

#include "common/error.hpp"
#include "common/pool_call.hpp"
#include "common/typed_text.hpp"
#include "portal/accounts/form_checks.hpp"
#include "portal/mail/email_address.hpp"
#include "portal/pages/target.hpp"
#include "portal/reports/report_views.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = ReportNewPages::Response;
using Dictionary = ctemplate::TemplateDictionary;

namespace {

constexpr std::string_view kReportForm = "report";
constexpr FieldBounds kNewTitleBounds{3, 120};
constexpr FieldBounds kNewDetailsBounds{0, 5000};
constexpr FieldBounds kNewAddressBounds{0, 200};
constexpr FieldBounds kNewNameBounds{2, 100};
constexpr FieldBounds kNewAnswerBounds{0, 200};
constexpr std::string_view kPhotoTypes = "image/jpeg,image/png,image/webp";
// The first step's fields, in the order the page shows them.
constexpr std::string_view kPlaceFields[] = {"category", "lat", "lon", "eldership", "address"};

// The store's refusals that belong to one field of the details form, shown at it.
const std::map<std::string, std::string, std::less<>> kNewReportFieldOfRefusal = {
    {"report_error_title", "title"},     {"report_error_details", "details"},
    {"report_error_name", "name"},       {"report_error_email", "email"},
    {"report_error_address", "address"}, {"report_error_anonymous", "anonymous"},
};

std::string query_encoded(std::string_view text) {
    return std::string(boost::urls::encode(text, boost::urls::unreserved_chars));
}

std::string question_field(const config::ReportQuestion& question) {
    return "q_" + question.code;
}

std::string photo_field(int number) {
    return fmt::format("photo_{}", number);
}

// The first step's fields as the query carries them.
FormData place_values(PageCall& call) {
    std::vector<std::pair<std::string, std::string>> fields;
    for (const std::string_view name : kPlaceFields) {
        fields.emplace_back(std::string(name), call.query(name));
    }
    return FormData::from_fields(std::move(fields), FormData::kShortForm);
}

const config::ReportEldership* eldership_named(const config::Reports& reports,
                                               std::string_view name) {
    for (const auto& eldership : reports.elderships) {
        if (eldership.name == name) return &eldership;
    }
    return nullptr;
}

}  // namespace

ReportNewPages::ReportNewPages(ReportStore& store, PhotoFiles& photos, ReportRateLimits& limits,
                               const PageRenderer& renderer, const Localization& localization)
    : store_(store),
      photos_(photos),
      limits_(limits),
      renderer_(renderer),
      localization_(localization) {}

ReportNewPages::~ReportNewPages() {
    photo_pool_.join();
}

ModuleEntries ReportNewPages::entries() {
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        open_route("/reports/new", answer_of(this, &ReportNewPages::where)),
        open_route("/reports/new/details", answer_of(this, &ReportNewPages::details)),
        {verb::post, "/reports/new/details", kAnyone, FormKind::kUpload,
         handler_of(this, &ReportNewPages::create)},
        open_route("/reports/new/sent", answer_of(this, &ReportNewPages::sent)),
        open_route("/reports/confirm/{token}", answer_of(this, &ReportNewPages::confirm_form)),
        {verb::post, "/reports/confirm/{token}", kAnyone, FormKind::kShort,
         handler_of(this, &ReportNewPages::confirm)},
    };
    // Forms and private links: nothing for a search engine.
    entries.crawlers.disallow = {"/reports/new/", "/reports/confirm/"};
    return entries;
}

std::optional<ReportNewPages::Place> ReportNewPages::read_place(PageCall& call,
                                                                const FormData& values,
                                                                FormProblems& problems) const {
    const config::Reports& settings = store_.settings();
    Place place;
    place.category = values.get("category");
    if (!store_.category(place.category)) {
        problems.field_errors["category"] = call.text("report_form_error_category");
    }
    FieldProblems line_problems;
    place.address = read_line(values, "address", kNewAddressBounds,
                              "report_form_error_address_length", line_problems);
    for (const auto& [field, problem] : line_problems) {
        problems.field_errors[field] =
            renderer_.format(call.language(), problem.key, {{"max", problem.bounds.max}});
    }
    const std::string typed_lat = values.get("lat");
    const std::string typed_lon = values.get("lon");
    if (!typed_lat.empty() || !typed_lon.empty()) {
        const auto lat = parse_degrees(typed_lat);
        const auto lon = parse_degrees(typed_lon);
        if (!lat || *lat < -90 || *lat > 90) {
            problems.field_errors["lat"] = call.text("report_form_error_lat");
        }
        if (!lon || *lon < -180 || *lon > 180) {
            problems.field_errors["lon"] = call.text("report_form_error_lon");
        }
        if (lat && lon && problems.field_errors.count("lat") == 0 &&
            problems.field_errors.count("lon") == 0) {
            if (!store_.inside_boundary(*lat, *lon)) {
                problems.field_errors["lat"] = call.text("report_form_error_outside");
            } else {
                place.lat = *lat;
                place.lon = *lon;
                place.pinned = true;
                place.eldership = store_.eldership_at(*lat, *lon);
            }
        }
    } else {
        const auto* eldership = eldership_named(settings, values.get("eldership"));
        if (!eldership) {
            problems.field_errors["eldership"] = call.text("report_form_error_no_place");
        } else if (place.address.empty()) {
            problems.field_errors["address"] = call.text("report_form_error_address_needed");
        } else {
            place.lat = eldership->centre.lat;
            place.lon = eldership->centre.lon;
            place.eldership = eldership->name;
        }
    }
    if (!problems.field_errors.empty()) return std::nullopt;
    return place;
}

std::string ReportNewPages::place_query(const Place& place) const {
    std::string query = "?category=" + query_encoded(place.category);
    if (place.pinned) {
        query += fmt::format("&lat={:.6f}&lon={:.6f}", place.lat, place.lon);
    } else {
        query += "&eldership=" + query_encoded(place.eldership);
    }
    if (!place.address.empty()) query += "&address=" + query_encoded(place.address);
    return query;
}

Response ReportNewPages::where(PageCall& call) {
    return where_page(call, place_values(call), nullptr);
}

Response ReportNewPages::where_page(PageCall& call, const FormData& values,
                                    const FormProblems* problems) {
    const Language language = call.language();
    const config::Reports& settings = store_.settings();
    PageFrame frame;
    frame.title = call.text("report_new_title");
    frame.alternate_path = localised(other_language(language), "/reports/new");
    frame.nav_current = std::string(kReportsNav);
    frame.description = call.text("report_new_intro");
    frame.scripts = {"/assets/js/report_map.js"};
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;
    auto response = call.page(status, "report_new.tpl", std::move(frame), [&](Dictionary& body) {
        body.SetValue("back_href", call.path("/reports"));
        body.SetValue("action", call.path("/reports/new/details"));
        Dictionary* errors = nullptr;
        struct Shown {
            std::string_view name;
            std::string label;
            std::string hint;
            std::vector<std::pair<std::string, std::string>> options;  // a select's
            bool required = false;
            bool number = false;
            std::string legend;  // opens a fieldset
            std::string legend_hint;
            bool map = false;
            bool closes = false;  // the fieldset's last field
        };
        std::vector<std::pair<std::string, std::string>> categories{
            {"", call.text("report_new_choose_category")}};
        for (const auto& category : settings.categories) {
            categories.emplace_back(category.code, category_name(category, language));
        }
        std::vector<std::pair<std::string, std::string>> elderships{
            {"", call.text("report_new_choose_eldership")}};
        for (const auto& eldership : settings.elderships) {
            elderships.emplace_back(eldership.name, eldership.name);
        }
        const Shown fields[] = {
            {.name = "category",
             .label = call.text("report_form_category"),
             .options = categories,
             .required = true,
             .legend = call.text("report_new_what"),
             .closes = true},
            {.name = "lat",
             .label = call.text("report_form_lat"),
             .hint = call.text("report_new_lat_hint"),
             .number = true,
             .legend = call.text("report_new_where"),
             .legend_hint = call.text("report_new_where_hint"),
             .map = true},
            {.name = "lon", .label = call.text("report_form_lon"), .number = true},
            {.name = "eldership",
             .label = call.text("report_form_eldership"),
             .hint = call.text("report_new_eldership_hint"),
             .options = elderships},
            {.name = "address",
             .label = call.text("report_form_address"),
             .hint = call.text("report_new_address_hint"),
             .closes = true},
        };
        for (const Shown& field : fields) {
            const std::string id = "report-" + std::string(field.name);
            auto* shown = body.AddSectionDictionary("FIELD");
            shown->SetValue("field_id", id);
            shown->SetValue("name", std::string(field.name));
            shown->SetValue("label", field.label);
            if (field.required) shown->ShowSection("REQUIRED");
            if (!field.legend.empty()) {
                auto* fieldset = shown->AddSectionDictionary("FIELDSET_START");
                fieldset->SetValue("legend", field.legend);
                if (!field.legend_hint.empty()) {
                    fieldset->AddSectionDictionary("HINT")->SetValue("text", field.legend_hint);
                }
                if (field.map) {
                    place_report_map(*fieldset->AddSectionDictionary("MAP_HERE"), "MAP", settings,
                                     {.mode = "place",
                                      .label = call.text("report_new_map_label"),
                                      .lat_field = "report-lat",
                                      .lon_field = "report-lon",
                                      .status_id = "report-map-status"});
                }
            }
            if (field.closes) shown->ShowSection("FIELDSET_END");
            std::string described;
            if (!field.hint.empty()) {
                shown->AddSectionDictionary("FIELD_HINT")->SetValue("text", field.hint);
                described = id + "-hint";
            }
            const std::string value = values.get(field.name);
            if (problems) {
                const auto error = problems->field_errors.find(field.name);
                if (error != problems->field_errors.end()) {
                    shown->ShowSection("INVALID");
                    shown->AddSectionDictionary("FIELD_ERROR")->SetValue("text", error->second);
                    described += (described.empty() ? "" : " ") + id + "-error";
                    if (!errors) errors = body.AddSectionDictionary("ERRORS");
                    auto* listed = errors->AddSectionDictionary("ERROR");
                    listed->SetValue("field_id", id);
                    listed->SetValue("text", error->second);
                }
            }
            Dictionary* control = nullptr;
            if (field.options.empty()) {
                control = shown->AddSectionDictionary("INPUT");
                control->SetValue("value", value);
                if (field.number) control->ShowSection("NUMBER");
            } else {
                control = shown->AddSectionDictionary("SELECT");
                for (const auto& [option, text] : field.options) {
                    auto* choice = control->AddSectionDictionary("OPTION");
                    choice->SetValue("value", option);
                    choice->SetValue("text", text);
                    if (option == value) choice->ShowSection("SELECTED");
                }
            }
            if (!described.empty())
                control->AddSectionDictionary("DESCRIBED")->SetValue("ids", described);
        }
    });
    return with_report_tiles(std::move(response), settings);
}

Response ReportNewPages::details(PageCall& call) {
    const Language language = call.language();
    const FormData values = place_values(call);
    FormProblems problems;
    const auto place = read_place(call, values, problems);
    if (!place) return where_page(call, values, &problems);
    const auto nearby = place->pinned && call.query("new").empty()
                            ? store_.nearby(place->category, place->lat, place->lon)
                            : std::vector<ReportStore::Nearby>{};
    if (nearby.empty()) return details_page(call, *place, nullptr);

    const User* user = call.signed_in();
    const bool verified = user != nullptr && user->verified;
    StaffForms forms(call.csrf_token(), nullptr);
    PageFrame frame;
    frame.title = call.text("report_nearby_title");
    frame.alternate_path =
        localised(other_language(language), "/reports/new/details") + place_query(*place);
    frame.nav_current = std::string(kReportsNav);
    return call.page(
        http::status::ok, "report_nearby.tpl", std::move(frame), [&](Dictionary& body) {
            body.SetValue("back_href", call.path("/reports/new") + place_query(*place));
            body.SetValue("new_href",
                          call.path("/reports/new/details") + place_query(*place) + "&new=1");
            for (const auto& near : nearby) {
                const Report& report = near.report;
                auto* shown = body.AddSectionDictionary("REPORT");
                shown->SetValue("href", call.path(report_path(report.id)));
                shown->SetValue("title", report.title);
                shown->SetValue("lang", report.language);
                shown->SetValue("state", std::string(report_state_name(report.state)));
                shown->SetValue("state_text", report_state_text(call, report.state));
                shown->SetValue(
                    "distance",
                    renderer_.format(language, "report_nearby_distance",
                                     {{"metres", static_cast<std::int64_t>(near.distance_m)}}));
                shown->SetValue("date",
                                report_date(localization_, language, report.created_unix_ms));
                shown->SetValue("datetime", report_datetime(localization_, report.created_unix_ms));
                std::vector<StaffField> fields;
                if (!verified) {
                    fields.push_back(staff_forms::field("email", call.text("report_form_email"),
                                                        Control::kText, true));
                }
                forms.place(*shown, "FOLLOW_FORM",
                            {.id = fmt::format("follow-{}", report.id),
                             .action = call.path(report_path(report.id) + "/follow"),
                             .submit = call.text("report_nearby_follow"),
                             .fields = std::move(fields)});
            }
        });
}

Response ReportNewPages::details_page(PageCall& call, const Place& place,
                                      const FormProblems* problems) {
    const Language language = call.language();
    const config::Reports& settings = store_.settings();
    const config::ReportCategory& category = *store_.category(place.category);
    const User* user = call.signed_in();
    const bool verified = user != nullptr && user->verified;
    StaffForms forms(call.csrf_token(), problems);
    PageFrame frame;
    frame.title = call.text("report_details_title") + " – " + category_name(category, language);
    frame.alternate_path =
        localised(other_language(language), "/reports/new/details") + place_query(place);
    frame.nav_current = std::string(kReportsNav);
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;

    std::vector<StaffField> fields;
    fields.push_back(staff_forms::field("title", call.text("report_form_title"), Control::kText,
                                        true, call.text("report_details_title_hint")));
    fields.push_back(staff_forms::field("details", call.text("report_form_details"),
                                        Control::kTextarea, false,
                                        call.text("report_details_details_hint")));
    for (const auto& question : category.questions) {
        StaffField asked = staff_forms::field(
            question_field(question), question_text(question, language),
            question.kind == "yes_no" ? Control::kSelect : Control::kText, question.required);
        if (question.kind == "yes_no") {
            asked.options = {{"", call.text("report_details_choose")},
                             {"yes", call.text("report_form_yes")},
                             {"no", call.text("report_form_no")}};
        }
        fields.push_back(std::move(asked));
    }
    const int photo_inputs = std::min(settings.max_photos, kMaxPhotoInputs);
    for (int number = 1; number <= photo_inputs; ++number) {
        StaffField photo = staff_forms::field(
            photo_field(number),
            renderer_.format(language, "report_form_photo", {{"number", number}}), Control::kFile,
            false,
            number == 1
                ? renderer_.format(
                      language, "report_details_photo_hint",
                      {{"megabytes", static_cast<std::int64_t>(settings.max_photo_bytes >> 20)}})
                : std::string());
        photo.accept = std::string(kPhotoTypes);
        fields.push_back(std::move(photo));
    }
    fields.push_back(staff_forms::field("name", call.text("report_form_name"), Control::kText, true,
                                        call.text("report_details_name_hint")));
    if (!verified) {
        fields.push_back(staff_forms::field("email", call.text("report_form_email"), Control::kText,
                                            true, call.text("report_details_email_hint")));
    }
    if (category.anonymous_allowed) {
        fields.push_back(staff_forms::field("anonymous", call.text("report_form_anonymous"),
                                            Control::kCheckbox, false));
    }
    std::vector<std::pair<std::string, std::string>> hidden{{"category", place.category}};
    if (place.pinned) {
        hidden.emplace_back("lat", fmt::format("{:.6f}", place.lat));
        hidden.emplace_back("lon", fmt::format("{:.6f}", place.lon));
    } else {
        hidden.emplace_back("eldership", place.eldership);
    }
    hidden.emplace_back("address", place.address);
    std::string where = place.address.empty() ? degrees_text(place.lat, place.lon) : place.address;
    where += " (" + place.eldership + ")";
    return call.page(status, "report_details.tpl", std::move(frame), [&](Dictionary& body) {
        body.SetValue("back_href", call.path("/reports/new") + place_query(place));
        body.SetValue("category", category_name(category, language));
        body.SetValue("place", where);
        if (verified) {
            body.AddSectionDictionary("SIGNED_IN")
                ->SetValue("text", call.text("report_details_signed_in", "email", user->email));
        }
        forms.place(body, "REPORT_FORM",
                    {.id = std::string(kReportForm),
                     .action = call.path("/reports/new/details"),
                     .submit = call.text("report_details_submit"),
                     .multipart = true,
                     .hidden = std::move(hidden),
                     .fields = std::move(fields)});
        forms.summarise(body);
    });
}

asio::awaitable<Response> ReportNewPages::create(PageCall& call) {
    const Language language = call.language();
    const FormData& form = call.form();
    FormProblems refused;
    refused.form_id = std::string(kReportForm);
    refused.values = form;
    const auto found = read_place(call, form, refused);
    if (!found) co_return where_page(call, form, &refused);
    const Place place = *found;
    if (const auto wait = limits_.take_report(call.context().client()); wait.count() > 0) {
        co_return too_many_page(call, renderer_, "report_form_too_many", wait);
    }
    const config::Reports& settings = store_.settings();
    const config::ReportCategory category = *store_.category(place.category);
    const User* user = call.signed_in();
    const bool verified = user != nullptr && user->verified;

    ReportStore::NewReport report;
    report.category = place.category;
    report.lat = place.lat;
    report.lon = place.lon;
    report.address = place.address;
    FieldProblems problems;
    report.title =
        read_line(form, "title", kNewTitleBounds, "report_form_error_title_length", problems);
    report.details = read_paragraphs(form, "details", kNewDetailsBounds,
                                     "report_form_error_details_length", problems);
    report.name =
        read_line(form, "name", kNewNameBounds, "report_form_error_name_length", problems);
    for (const auto& question : category.questions) {
        const std::string field = question_field(question);
        std::string answer =
            read_line(form, field, kNewAnswerBounds, "report_form_error_answer_length", problems);
        if (question.kind == "yes_no" && !answer.empty() && answer != "yes" && answer != "no") {
            problems[field] = {"report_form_error_answer"};
        } else if (question.required && answer.empty()) {
            problems[field] = {"report_form_error_answer_needed"};
        } else if (!answer.empty()) {
            report.answers.push_back({question.code, std::move(answer)});
        }
    }
    if (verified) {
        report.email = user->email;
        report.email_verified = true;
    } else if (auto email = normalise_email(form.get("email")); email) {
        report.email = *email;
    } else {
        problems["email"] = {"report_form_error_email"};
    }
    report.account_id = user ? user->id : 0;
    report.anonymous = category.anonymous_allowed && form.get("anonymous") == "1";
    report.language = std::string(language_code(language));
    for (const auto& [field, problem] : problems) {
        refused.field_errors[field] = renderer_.format(
            language, problem.key, {{"min", problem.bounds.min}, {"max", problem.bounds.max}});
    }

    // The photos, each decoded and written on the pool; a refused one is named at its input.
    const int photo_inputs = std::min(settings.max_photos, kMaxPhotoInputs);
    const PhotoLimits limits{.max_bytes = static_cast<std::size_t>(settings.max_photo_bytes)};
    for (int number = 1; number <= photo_inputs && refused.empty(); ++number) {
        const UploadedFile* file = call.file(photo_field(number));
        if (!file) continue;
        const std::string_view bytes = file->bytes;
        PhotoFiles* files = &photos_;
        try {
            auto processing = call_on_pool<std::string>(
                photo_pool_, std::function<std::string()>([bytes, limits, files] {
                    const ProcessedPhoto photo = process_photo(bytes, limits);
                    files->store(photo);
                    return photo.hash;
                }));
            report.photo_hashes.push_back(co_await std::move(processing));
        } catch (const InvalidInput& problem) {
            refused.field_errors[photo_field(number)] = call.explain(problem);
        }
    }
    if (!refused.empty()) co_return details_page(call, place, &refused);

    ReportStore::Created created;
    try {
        auto creating = store_.create(std::move(report));
        created = co_await std::move(creating);
    } catch (const InvalidInput& problem) {
        const auto field = kNewReportFieldOfRefusal.find(problem.key());
        if (field != kNewReportFieldOfRefusal.end()) {
            refused.field_errors[field->second] = call.explain(problem);
        } else {
            refused.form_error = call.explain(problem);
        }
    }
    if (!refused.empty()) co_return details_page(call, place, &refused);
    if (created.state == ReportState::kUnconfirmed) {
        co_return call.redirect(call.path("/reports/new/sent"));
    }
    co_return call.redirect(call.path(report_path(created.report_id)) + "?created=1");
}

Response ReportNewPages::sent(PageCall& call) {
    return report_notice(call, http::status::ok,
                         {.title = call.text("report_new_sent_title"),
                          .text = call.text("report_new_sent"),
                          .link = call.path("/reports"),
                          .link_text = call.text("report_page_back")});
}

Response ReportNewPages::confirm_form(PageCall& call) {
    const std::string& token = call.parameter("token");
    const auto found =
        report_token_shaped(token) ? store_.by_confirmation_token(token) : std::nullopt;
    if (!found) throw NotFound();
    if (found->used) {
        return report_notice(call, http::status::gone,
                             {.title = call.text("report_page_link_used_title"),
                              .text = call.text("report_page_link_used"),
                              .kind = "error",
                              .link = call.path(report_path(found->report.id)),
                              .link_text = call.text("report_new_confirm_see")});
    }
    return report_notice(
        call, http::status::ok,
        {.title = call.text("report_new_confirm_title"),
         .text = call.text("report_new_confirm_text", "title", found->report.title),
         .action = call.path("/reports/confirm/" + token),
         .submit = call.text("report_new_confirm_submit")});
}

asio::awaitable<Response> ReportNewPages::confirm(PageCall& call) {
    const std::string token = call.parameter("token");
    if (!report_token_shaped(token)) throw NotFound();
    std::int64_t report_id = 0;
    try {
        auto confirming = store_.confirm(token);
        report_id = co_await std::move(confirming);
    } catch (const InvalidInput& problem) {
        if (problem.key() != "report_error_link_used") throw NotFound();
    }
    if (report_id == 0) {
        co_return report_notice(call, http::status::gone,
                                {.title = call.text("report_page_link_used_title"),
                                 .text = call.text("report_page_link_used"),
                                 .kind = "error"});
    }
    co_return call.redirect(call.path(report_path(report_id)) + "?confirmed=1");
}

}  // namespace councilcast::portal
