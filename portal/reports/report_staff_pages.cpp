#include "portal/reports/report_staff_pages.hpp"
#include "portal/accounts/form_checks.hpp"

#include <fmt/core.h>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>
#include <charconv>
#include <iterator>

#include "common/error.hpp"
#include "common/typed_text.hpp"
#include "portal/pages/target.hpp"
#include "portal/reports/report_paths.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = ReportStaffPages::Response;
using Dictionary = ctemplate::TemplateDictionary;
using staff_forms::button;
using staff_forms::field;

namespace {

// Handlers are officials; moderators and administrators handle every category.
constexpr Access kReportStaff =
    Access::any_of(Roles(Role::kOfficial) | Role::kModerator | Role::kAdmin);
constexpr FieldBounds kStaffUpdateText{0, 5'000};
constexpr FieldBounds kStaffNoteText{1, 5'000};
constexpr FieldBounds kStaffTitle{3, 120};
constexpr FieldBounds kStaffDetails{0, 5'000};
// A category's handlers, one address a line.
constexpr std::int64_t kStaffMaxHandlers = 50;

// The list's age filter: reports made within the last N days ("new7"), or before ("old30").
struct StaffAge {
    std::string_view value;
    int days;
    bool newer;
};
constexpr StaffAge kStaffAges[] = {
    {"new7", 7, true}, {"new30", 30, true}, {"old30", 30, false}, {"old90", 90, false}};

std::string staff_report_path(std::int64_t id, std::string_view rest = {}) {
    return fmt::format("/staff/reports/{}{}", id, rest);
}

const std::string& staff_category_name(const PageCall& call,
                                       const config::ReportCategory& category) {
    return call.language() == Language::kEn ? category.name_en : category.name_lt;
}

std::string staff_category_text(const PageCall& call, const ReportStore& store,
                                std::string_view code) {
    const config::ReportCategory* category = store.category(code);
    return category ? staff_category_name(call, *category) : std::string(code);
}

const std::string& staff_state_text(const PageCall& call, ReportState state) {
    return call.text("report_state_" + std::string(report_state_name(state)));
}

// Each change of a report carries its audit entry into the store's transaction.
AuditNote staff_audit(const PageCall& call, std::string action, std::string detail) {
    return [&call, action = std::move(action), detail = std::move(detail)](std::int64_t id) {
        return call.audit_entry(action, fmt::format("report {}", id), detail);
    };
}

// Degrees of a box as the area filter writes them: "54.7,24.6,54.8,24.7".
std::optional<double> staff_degrees(std::string_view text) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// "south,west,north,east", south below north and west below east, in degrees.
std::optional<GeoBox> staff_area(std::string_view text) {
    double sides[4];
    for (int i = 0; i < 4; ++i) {
        const std::size_t comma = i < 3 ? text.find(',') : text.size();
        if (comma == std::string_view::npos) return std::nullopt;
        const auto value = staff_degrees(text.substr(0, comma));
        if (!value) return std::nullopt;
        sides[i] = *value;
        text.remove_prefix(std::min(text.size(), comma + 1));
    }
    const GeoBox box{sides[0], sides[1], sides[2], sides[3]};
    if (box.south < -90 || box.north > 90 || box.west < -180 || box.east > 180 ||
        !(box.south < box.north) || !(box.west < box.east)) {
        return std::nullopt;
    }
    return box;
}

}  // namespace

ReportStaffPages::ReportStaffPages(const config::Config& config, ReportStore& store,
                                   AccountStore& accounts, const PageRenderer& renderer,
                                   const Localization& localization)
    : store_(store),
      accounts_(accounts),
      renderer_(renderer),
      localization_(localization),
      public_url_(config.server.public_url) {}

ModuleEntries ReportStaffPages::entries() {
    auto bind = [this](auto method) { return handler_of(this, method); };
    auto now = [this](auto method) { return answer_of(this, method); };
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        {.method = verb::get,
         .pattern = "/staff/reports",
         .access = kReportStaff,
         .answer = now(&ReportStaffPages::list)},
        {.method = verb::get,
         .pattern = "/staff/reports/{id}",
         .access = kReportStaff,
         .answer = now(&ReportStaffPages::show)},
    };
    const std::pair<std::string_view, asio::awaitable<Response> (ReportStaffPages::*)(PageCall&)>
        actions[] = {
            {"/staff/reports/{id}/update", &ReportStaffPages::update},
            {"/staff/reports/{id}/note", &ReportStaffPages::note},
            {"/staff/reports/{id}/edit", &ReportStaffPages::edit},
            {"/staff/reports/{id}/photo", &ReportStaffPages::photo},
        };
    for (const auto& [pattern, method] : actions) {
        entries.routes.push_back(
            {verb::post, pattern, kReportStaff, FormKind::kShort, bind(method)});
    }
    entries.routes.push_back({verb::post, "/staff/reports/handlers/{code}", kAdmins,
                              FormKind::kShort, bind(&ReportStaffPages::handlers)});
    entries.navigation = {{"/staff/reports", "report_staff_nav", kReportStaff, 30}};
    return entries;
}

// ---- shared

ReportActor ReportStaffPages::actor_of(const PageCall& call) {
    const User& user = call.user();
    // No name: the public pages say "the municipality", never a staff member's address; staff
    // see who it was from the account.
    return {.account_id = user.id, .roles = user.roles, .name = {}};
}

std::vector<const config::ReportCategory*> ReportStaffPages::handled_categories(
    const ReportActor& actor) const {
    std::vector<const config::ReportCategory*> handled;
    for (const config::ReportCategory& category : store_.settings().categories) {
        if (store_.may_handle(actor, category.code)) handled.push_back(&category);
    }
    return handled;
}

Report ReportStaffPages::report_of(PageCall& call) const {
    auto report = store_.report(call.id("id"));
    // A category the visitor does not handle is no business of theirs: as if it did not exist.
    if (!report || !store_.may_handle(actor_of(call), report->category)) throw NotFound();
    return std::move(*report);
}

// ---- the list

Response ReportStaffPages::list(PageCall& call) {
    return list_page(call, nullptr);
}

Response ReportStaffPages::list_page(PageCall& call, const FormProblems* problems) {
    const ReportActor actor = actor_of(call);
    const auto handled = handled_categories(actor);
    if (handled.empty()) {
        return call.staff_page("report_staff_list.tpl", call.text("report_staff_list_title"),
                               http::status::forbidden,
                               [&](Dictionary& body) { body.ShowSection("NO_CATEGORIES"); });
    }
    const bool everything = ReportStore::may_moderate(actor);
    const config::Reports& settings = store_.settings();
    ReportStore::Filter filter;
    filter.include_hidden = true;
    filter.category = call.query("category");
    if (!filter.category.empty() &&
        std::none_of(handled.begin(), handled.end(),
                     [&](const auto* category) { return category->code == filter.category; })) {
        throw InvalidInput::text("report_staff_error_filter");
    }
    // A handler of several categories sees one at a time; the first until they choose.
    if (filter.category.empty() && !everything) filter.category = handled.front()->code;
    const std::string state = call.query("state");
    if (state == "unresolved") {
        filter.open_only = true;
    } else if (!state.empty()) {
        filter.state = parse_report_state(state);
        if (!filter.state) throw InvalidInput::text("report_staff_error_filter");
    }
    filter.eldership = call.query("eldership");
    if (!filter.eldership.empty() &&
        std::none_of(settings.elderships.begin(), settings.elderships.end(),
                     [&](const auto& eldership) { return eldership.name == filter.eldership; })) {
        throw InvalidInput::text("report_staff_error_filter");
    }
    const std::string age = call.query("age");
    if (!age.empty()) {
        const auto* chosen =
            std::find_if(std::begin(kStaffAges), std::end(kStaffAges),
                         [&](const StaffAge& option) { return option.value == age; });
        if (chosen == std::end(kStaffAges)) throw InvalidInput::text("report_staff_error_filter");
        const std::int64_t edge = store_.now() - std::int64_t{chosen->days} * 86'400'000;
        (chosen->newer ? filter.created_after_unix_ms : filter.created_before_unix_ms) = edge;
    }
    const std::string area = call.query("area");
    if (!area.empty()) {
        filter.area = staff_area(area);
        if (!filter.area) throw InvalidInput::text("report_staff_error_area");
    }
    std::int64_t page_number = 1;
    if (const std::string asked = call.query("page"); !asked.empty()) {
        const auto number = parse_id(asked);
        if (!number || *number < 1 || *number > 100'000) {
            throw InvalidInput::text("report_staff_error_filter");
        }
        page_number = *number;
    }
    filter.offset = static_cast<std::size_t>(page_number - 1) * kPageSize;
    filter.limit = kPageSize;
    const ReportStore::Page found = store_.list(filter);
    const Language language = call.language();
    auto page_href = [&](std::int64_t number) {
        // The filters stay as they are.
        std::string href = call.path("/staff/reports") + fmt::format("?page={}", number);
        for (const auto& [name, value] : call.target().parameters) {
            if (name == "page" || value.empty()) continue;
            href += "&" + name + "=" +
                    std::string(boost::urls::encode(value, boost::urls::unreserved_chars));
        }
        return href;
    };
    StaffForms forms(call.csrf_token(), problems);
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;
    return call.staff_page(
        "report_staff_list.tpl", call.text("report_staff_list_title"), status,
        [&](Dictionary& body) {
            body.SetValue("action", call.path("/staff/reports"));
            if (!problems && call.query("saved") == "handlers") {
                body.AddSectionDictionary("SAVED")->SetValue(
                    "text", call.text("report_staff_saved_handlers"));
            }
            auto* filters = body.AddSectionDictionary("FILTERS");
            if (everything) filters->ShowSection("ANY_CATEGORY");
            for (const auto* category : handled) {
                auto* option = filters->AddSectionDictionary("CATEGORY");
                option->SetValue("value", category->code);
                option->SetValue("label", staff_category_name(call, *category));
                if (category->code == filter.category) option->ShowSection("SELECTED");
            }
            auto* unresolved = filters->AddSectionDictionary("STATE");
            unresolved->SetValue("value", "unresolved");
            unresolved->SetValue("label", call.text("report_staff_filter_unresolved"));
            if (filter.open_only) unresolved->ShowSection("SELECTED");
            for (const ReportState option_state : all_report_states()) {
                auto* option = filters->AddSectionDictionary("STATE");
                option->SetValue("value", std::string(report_state_name(option_state)));
                option->SetValue("label", staff_state_text(call, option_state));
                if (filter.state == option_state) option->ShowSection("SELECTED");
            }
            for (const auto& eldership : settings.elderships) {
                auto* option = filters->AddSectionDictionary("ELDERSHIP");
                option->SetValue("value", eldership.name);
                option->SetValue("label", eldership.name);
                if (eldership.name == filter.eldership) option->ShowSection("SELECTED");
            }
            for (const StaffAge& option_age : kStaffAges) {
                auto* option = filters->AddSectionDictionary("AGE");
                option->SetValue("value", std::string(option_age.value));
                option->SetValue("label",
                                 renderer_.format(language,
                                                  option_age.newer ? "report_staff_filter_newer"
                                                                   : "report_staff_filter_older",
                                                  {{"days", option_age.days}}));
                if (option_age.value == age) option->ShowSection("SELECTED");
            }
            filters->SetValue("area", area);
            body.SetValue("count", renderer_.format(language, "report_staff_list_count",
                                                    {{"count", found.total}}));
            if (found.reports.empty()) body.ShowSection("NONE");
            Dictionary* table =
                found.reports.empty() ? nullptr : body.AddSectionDictionary("TABLE");
            for (const Report& report : found.reports) {
                auto* row = table->AddSectionDictionary("REPORT");
                row->SetValue("href", call.path(staff_report_path(report.id)));
                row->SetValue("number", std::to_string(report.id));
                row->SetValue("title", report.title);
                row->SetValue("category", staff_category_text(call, store_, report.category));
                row->SetValue("eldership", report.eldership);
                row->SetValue("state", staff_state_text(call, report.state));
                row->SetValue("created",
                              localization_.short_date(language, report.created_unix_ms / 1000));
                row->SetValue("created_machine",
                              localization_.machine_datetime(report.created_unix_ms / 1000));
            }
            const auto pages = static_cast<std::int64_t>((found.total + kPageSize - 1) / kPageSize);
            if (pages > 1) {
                auto* pager = body.AddSectionDictionary("PAGER");
                pager->SetValue("text",
                                renderer_.format(language, "report_staff_list_page",
                                                 {{"page", page_number}, {"pages", pages}}));
                if (page_number > 1) {
                    pager->AddSectionDictionary("PREVIOUS")
                        ->SetValue("href", page_href(page_number - 1));
                }
                if (page_number < pages) {
                    pager->AddSectionDictionary("NEXT")->SetValue("href",
                                                                  page_href(page_number + 1));
                }
            }
            // Administrators name each category's handlers.
            if (actor.roles.has(Role::kAdmin)) {
                auto* section = body.AddSectionDictionary("HANDLERS");
                for (const config::ReportCategory& category : settings.categories) {
                    auto* row = section->AddSectionDictionary("HANDLER_CATEGORY");
                    row->SetValue("name", staff_category_name(call, category));
                    std::string emails;
                    for (const std::int64_t id : store_.handlers(category.code)) {
                        if (const auto user = accounts_.find_user(id)) emails += user->email + "\n";
                    }
                    if (emails.empty()) row->ShowSection("NOBODY");
                    StaffForm form = button("handlers-" + category.code,
                                            call.path("/staff/reports/handlers/" + category.code),
                                            call.text("report_staff_handlers_submit"));
                    StaffField field_emails =
                        field("emails", call.text("report_staff_field_handlers"),
                              Control::kTextarea, false, call.text("report_staff_handlers_hint"));
                    field_emails.value = emails;
                    form.fields = {std::move(field_emails)};
                    forms.place(*row, "HANDLERS_FORM", std::move(form));
                }
            }
            forms.summarise(body);
        });
}

// ---- one report

Response ReportStaffPages::show(PageCall& call) {
    return page(call, nullptr);
}

Response ReportStaffPages::page(PageCall& call, const FormProblems* problems) {
    const Report report = report_of(call);
    const ReportActor actor = actor_of(call);
    const bool moderator = ReportStore::may_moderate(actor);
    const Language language = call.language();
    const std::string base = call.path(staff_report_path(report.id));
    const auto updates = store_.updates(report.id, true);
    const config::ReportCategory* category = store_.category(report.category);
    StaffForms forms(call.csrf_token(), problems);
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;
    const std::string title = fmt::format("#{} {}", report.id, report.title);
    return call.staff_page("report_staff_report.tpl", title, status, [&](Dictionary& body) {
        body.SetValue("title", title);
        body.SetValue("lang", report.language);
        body.SetValue("list_href", call.path("/staff/reports") + "?category=" + report.category);
        if (const std::string saved = call.query("saved");
            !problems &&
            (saved == "update" || saved == "note" || saved == "edit" || saved == "photo")) {
            body.AddSectionDictionary("SAVED")->SetValue("text",
                                                         call.text("report_staff_saved_" + saved));
        }
        body.SetValue("state", staff_state_text(call, report.state));
        if (report.state == ReportState::kDuplicate && report.duplicate_of != 0) {
            auto* duplicate = body.AddSectionDictionary("DUPLICATE_OF");
            duplicate->SetValue("href", call.path(staff_report_path(report.duplicate_of)));
            duplicate->SetValue("number", std::to_string(report.duplicate_of));
        }
        body.SetValue("category", staff_category_text(call, store_, report.category));
        body.SetValue("eldership", report.eldership);
        if (!report.address.empty()) {
            body.AddSectionDictionary("ADDRESS")->SetValue("text", report.address);
        }
        body.SetValue("coordinates", fmt::format("{:.6f}, {:.6f}", report.lat, report.lon));
        body.SetValue("reporter", report.reporter.name);
        body.SetValue("email", report.reporter.email);
        if (report.reporter.anonymous) body.ShowSection("ANONYMOUS");
        if (!report.reporter.api_key_name.empty()) {
            body.AddSectionDictionary("API_KEY")->SetValue("name", report.reporter.api_key_name);
        }
        body.SetValue("created",
                      localization_.short_date(language, report.created_unix_ms / 1000) + " " +
                          localization_.time_of_day(language, report.created_unix_ms / 1000));
        body.SetValue("created_machine",
                      localization_.machine_datetime(report.created_unix_ms / 1000));
        if (report.is_public()) {
            auto* public_page = body.AddSectionDictionary("PUBLIC");
            public_page->SetValue("href", call.path(fmt::format("/reports/{}", report.id)));
            public_page->SetValue(
                "address",
                public_url_ + localised(Language::kLt, fmt::format("/reports/{}", report.id)));
        }
        body.SetValue("details", report.details);
        if (!report.original_title.empty() || !report.original_details.empty()) {
            auto* original = body.AddSectionDictionary("ORIGINAL");
            original->SetValue("title", report.original_title);
            original->SetValue("details", report.original_details);
        }
        if (category) {
            for (const config::ReportQuestion& question : category->questions) {
                const auto answer = std::find_if(
                    report.answers.begin(), report.answers.end(),
                    [&](const auto& given) { return given.question_code == question.code; });
                if (answer == report.answers.end()) continue;
                auto* shown = body.AddSectionDictionary("ANSWER");
                shown->SetValue("question",
                                language == Language::kEn ? question.text_en : question.text_lt);
                shown->SetValue(
                    "answer",
                    question.kind == "yes_no"
                        ? call.text(answer->value == "yes" ? "report_staff_yes" : "report_staff_no")
                        : answer->value);
            }
        }

        bool placed = false;  // a refused form was shown with its errors
        // The photos: the public ones as the public sees them; a moderator hides or shows each.
        int number = 0;
        for (const ReportPhoto& photo : report.photos) {
            ++number;
            auto* shown = body.AddSectionDictionary("PHOTOS")->AddSectionDictionary("PHOTO");
            shown->SetValue("label", renderer_.format(language, "report_staff_photo_label",
                                                      {{"number", number}}));
            if (photo.hidden) shown->ShowSection("HIDDEN");
            if (report.is_public() && !photo.hidden) {
                auto* image = shown->AddSectionDictionary("IMAGE");
                image->SetValue("small_href", report_photo_path(photo.hash, "small"));
                image->SetValue("full_href", report_photo_path(photo.hash, "full"));
            }
            if (moderator) {
                StaffForm toggle = button(fmt::format("photo-{}", number), base + "/photo",
                                          call.text(photo.hidden ? "report_staff_photo_show"
                                                                 : "report_staff_photo_hide"));
                toggle.compact = true;
                toggle.hidden = {{"hash", photo.hash}, {"hidden", photo.hidden ? "0" : "1"}};
                placed |= forms.place(*shown, "PHOTO_FORM", std::move(toggle));
            }
        }

        if (updates.empty()) body.ShowSection("NO_UPDATES");
        for (const ReportUpdate& update : updates) {
            auto* shown = body.AddSectionDictionary("UPDATES")->AddSectionDictionary("UPDATE");
            shown->SetValue(
                "when", localization_.short_date(language, update.created_unix_ms / 1000) + " " +
                            localization_.time_of_day(language, update.created_unix_ms / 1000));
            shown->SetValue("when_machine",
                            localization_.machine_datetime(update.created_unix_ms / 1000));
            std::string author = update.author_name;
            if (update.author == UpdateAuthor::kStaff && update.author_account_id != 0) {
                if (const auto user = accounts_.find_user(update.author_account_id)) {
                    author = user->email;
                }
            }
            if (author.empty()) {
                author =
                    call.text("report_author_" + std::string(update_author_name(update.author)));
            }
            shown->SetValue("author", author);
            if (update.internal) shown->ShowSection("INTERNAL");
            if (update.changed_state()) {
                auto* change = shown->AddSectionDictionary("CHANGE");
                change->SetValue("from", staff_state_text(call, update.previous_state));
                change->SetValue("to", staff_state_text(call, update.new_state));
                if (update.new_state == ReportState::kDuplicate && update.duplicate_of != 0) {
                    change->AddSectionDictionary("OF")->SetValue(
                        "number", std::to_string(update.duplicate_of));
                }
            }
            if (!update.text.empty())
                shown->AddSectionDictionary("TEXT")->SetValue("text", update.text);
        }

        // The update: the states this visitor may move the report to from where it is.
        StaffForm update =
            button("update", base + "/update", call.text("report_staff_update_submit"));
        StaffField state = field("state", call.text("report_staff_field_state"), Control::kSelect,
                                 false, call.text("report_staff_state_hint"));
        state.options.emplace_back("", call.text("report_staff_state_keep"));
        for (const ReportState next : all_report_states()) {
            if (next == report.state ||
                !store_.may_change_state(actor, report.category, report.state, next)) {
                continue;
            }
            state.options.emplace_back(std::string(report_state_name(next)),
                                       staff_state_text(call, next));
        }
        StaffField duplicate =
            field("duplicate_of", call.text("report_staff_field_duplicate_of"), Control::kText,
                  false, call.text("report_staff_duplicate_hint"));
        StaffField text = field("text", call.text("report_staff_field_update_text"),
                                Control::kTextarea, false, call.text("report_staff_update_hint"));
        update.fields = {std::move(state), std::move(duplicate), std::move(text)};
        placed |= forms.place(body, "UPDATE_FORM", std::move(update));

        StaffForm note = button("note", base + "/note", call.text("report_staff_note_submit"));
        note.fields = {field("text", call.text("report_staff_field_note"), Control::kTextarea, true,
                             call.text("report_staff_note_hint"))};
        placed |= forms.place(body, "NOTE_FORM", std::move(note));

        if (moderator) {
            auto* editing = body.AddSectionDictionary("EDIT");
            StaffForm edit = button("edit", base + "/edit", call.text("report_staff_edit_submit"));
            StaffField new_title = field("title", call.text("report_staff_field_title"));
            new_title.value = report.title;
            new_title.lang = report.language;
            StaffField new_details = field("details", call.text("report_staff_field_details"),
                                           Control::kTextarea, false);
            new_details.value = report.details;
            new_details.lang = report.language;
            edit.fields = {std::move(new_title), std::move(new_details)};
            placed |= forms.place(*editing, "EDIT_FORM", std::move(edit));
        }
        // A refusal of a form this visitor is not offered (a handler's edit) is said at the top.
        if (problems && !placed && !problems->form_error.empty()) {
            body.AddSectionDictionary("REFUSED")->SetValue("text", problems->form_error);
        }
        forms.summarise(body);
    });
}

// ---- the changes

asio::awaitable<Response> ReportStaffPages::finish(PageCall& call, std::int64_t id,
                                                   std::string_view saved, FormProblems refused,
                                                   std::function<asio::awaitable<void>()> write) {
    if (refused.empty()) {
        try {
            auto pending = write();
            co_await std::move(pending);
            co_return call.redirect(call.path(staff_report_path(id)) +
                                    "?saved=" + std::string(saved));
        } catch (const InvalidInput& e) {
            refused.form_error = call.explain(e);
        }
    }
    co_return page(call, &refused);
}

asio::awaitable<void> ReportStaffPages::add_update(ReportActor actor,
                                                   ReportStore::StaffUpdate change,
                                                   AuditNote audit) {
    auto pending = store_.add_update(std::move(actor), std::move(change), std::move(audit));
    co_await std::move(pending);
}

asio::awaitable<Response> ReportStaffPages::update(PageCall& call) {
    const Report report = report_of(call);
    FieldProblems problems;
    ReportStore::StaffUpdate change;
    change.report_id = report.id;
    change.text = read_paragraphs(call.form(), "text", kStaffUpdateText,
                                  "report_staff_error_update_text", problems);
    if (const std::string state = call.form().get("state"); !state.empty()) {
        change.new_state = parse_report_state(state);
        if (!change.new_state) {
            problems["state"] = {"report_staff_error_state"};
        } else if (*change.new_state == report.state) {
            change.new_state.reset();
        }
    }
    const std::string duplicate = call.form().get("duplicate_of");
    if (change.new_state == ReportState::kDuplicate) {
        std::string_view number = duplicate;
        if (number.starts_with('#')) number.remove_prefix(1);
        const auto target = parse_id(number);
        if (!target) {
            problems["duplicate_of"] = {"report_staff_error_duplicate_of"};
        } else {
            change.duplicate_of = *target;
        }
    } else if (!duplicate.empty()) {
        problems["duplicate_of"] = {"report_staff_error_duplicate_state"};
    }
    if (!change.new_state && change.text.empty() && !problems.contains("text")) {
        problems["text"] = {"report_staff_error_update_empty"};
    }
    FormProblems refused = staff_forms::problems(call, renderer_, "update", problems);
    const std::string detail = change.new_state
                                   ? fmt::format("{} -> {}", report_state_name(report.state),
                                                 report_state_name(*change.new_state))
                                   : std::string("text");
    auto done = finish(call, report.id, "update", std::move(refused), [&] {
        return add_update(actor_of(call), change, staff_audit(call, "report.update", detail));
    });
    co_return co_await std::move(done);
}

asio::awaitable<Response> ReportStaffPages::note(PageCall& call) {
    const Report report = report_of(call);
    FieldProblems problems;
    ReportStore::StaffUpdate change;
    change.report_id = report.id;
    change.internal = true;
    change.text =
        read_paragraphs(call.form(), "text", kStaffNoteText, "report_staff_error_note", problems);
    FormProblems refused = staff_forms::problems(call, renderer_, "note", problems);
    auto done = finish(call, report.id, "note", std::move(refused), [&] {
        // The note is for staff: the audit log says one was written, not what it says.
        return add_update(actor_of(call), change, staff_audit(call, "report.note", ""));
    });
    co_return co_await std::move(done);
}

asio::awaitable<Response> ReportStaffPages::edit(PageCall& call) {
    const Report report = report_of(call);
    FieldProblems problems;
    std::string title =
        read_line(call.form(), "title", kStaffTitle, "report_staff_error_title", problems);
    std::string details = read_paragraphs(call.form(), "details", kStaffDetails,
                                          "report_staff_error_details", problems);
    FormProblems refused = staff_forms::problems(call, renderer_, "edit", problems);
    auto done = finish(call, report.id, "edit", std::move(refused), [&] {
        return store_.edit_text(actor_of(call), report.id, title, details,
                                staff_audit(call, "report.edit", title));
    });
    co_return co_await std::move(done);
}

asio::awaitable<Response> ReportStaffPages::photo(PageCall& call) {
    const Report report = report_of(call);
    const std::string hash = call.form().get("hash");
    const std::string hidden = call.form().get("hidden");
    const auto position =
        std::find_if(report.photos.begin(), report.photos.end(),
                     [&](const ReportPhoto& photo) { return photo.hash == hash; });
    if (position == report.photos.end() || (hidden != "1" && hidden != "0")) throw NotFound();
    const std::string form_id = fmt::format("photo-{}", position - report.photos.begin() + 1);
    FormProblems refused = staff_forms::problems(call, renderer_, form_id, {});
    auto done = finish(call, report.id, "photo", std::move(refused), [&] {
        return store_.set_photo_hidden(
            actor_of(call), report.id, hash, hidden == "1",
            staff_audit(call, hidden == "1" ? "report.photo_hide" : "report.photo_show", hash));
    });
    co_return co_await std::move(done);
}

asio::awaitable<Response> ReportStaffPages::handlers(PageCall& call) {
    const std::string& code = call.parameter("code");
    if (!store_.category(code)) throw NotFound();
    FieldProblems problems;
    std::vector<std::int64_t> ids;
    const std::string emails = call.form().get("emails");
    std::string_view rest = emails;
    while (!rest.empty()) {
        const std::size_t end = std::min(rest.find('\n'), rest.size());
        std::string email(trimmed(rest.substr(0, end)));
        rest.remove_prefix(std::min(rest.size(), end + 1));
        if (email.empty()) continue;
        // Accounts keep their addresses lowercased; people do not always type them so.
        std::transform(email.begin(), email.end(), email.begin(), [](unsigned char c) {
            return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c);
        });
        const auto user = std::ssize(ids) < kStaffMaxHandlers ? accounts_.find_user_by_email(email)
                                                              : std::nullopt;
        if (!user) {
            problems["emails"] = {"report_staff_error_handlers", {0, kStaffMaxHandlers}};
            break;
        }
        if (std::find(ids.begin(), ids.end(), user->id) == ids.end()) ids.push_back(user->id);
    }
    FormProblems refused = staff_forms::problems(call, renderer_, "handlers-" + code, problems);
    if (refused.empty()) {
        try {
            auto pending = store_.set_handlers(actor_of(call), code, ids,
                                               staff_audit(call, "report.handlers", code));
            co_await std::move(pending);
            co_return call.redirect(call.path("/staff/reports") + "?saved=handlers");
        } catch (const InvalidInput& e) {
            refused.form_error = call.explain(e);
        }
    }
    co_return list_page(call, &refused);
}

}  // namespace councilcast::portal
