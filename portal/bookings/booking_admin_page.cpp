#include "portal/bookings/booking_admin_page.hpp"
#include "portal/accounts/form_checks.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "common/error.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = BookingAdminPage::Response;
using Dictionary = ctemplate::TemplateDictionary;
using namespace booking_staff_checks;
using staff_forms::button;
using staff_forms::field;

namespace {

// The store's bounds (BookingStore::save_department, save_service), in characters.
constexpr Bounds kDepartmentName{2, 120};
constexpr Bounds kTopic{2, 150};
constexpr Bounds kDescription{0, 2'000};
constexpr Bounds kDuration{5, 480};
constexpr Bounds kPlace{2, 200};
constexpr Bounds kVideoLink{9, 500};
constexpr Bounds kPosition{0, 999};

std::string staff_service_path(std::int64_t id) {
    return fmt::format("/staff/consultations/services/{}", id);
}

}  // namespace

BookingAdminPage::BookingAdminPage(BookingStore& store, BookingDeskPage& desk,
                                   const PageRenderer& renderer)
    : store_(store), desk_(desk), renderer_(renderer) {}

ModuleEntries BookingAdminPage::entries() {
    auto bind = [this](auto method) { return handler_of(this, method); };
    auto now = [this](auto method) { return answer_of(this, method); };
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        {.method = verb::get,
         .pattern = "/staff/consultations",
         .access = kOfficialsAndAdmins,
         .answer = now(&BookingAdminPage::start)},
        {.method = verb::get,
         .pattern = "/staff/consultations/services/{id}",
         .access = kAdmins,
         .answer = now(&BookingAdminPage::service)},
        {verb::post, "/staff/consultations/departments", kAdmins, FormKind::kShort,
         bind(&BookingAdminPage::add_department)},
        {verb::post, "/staff/consultations/departments/{id}", kAdmins, FormKind::kShort,
         bind(&BookingAdminPage::save_department)},
        {verb::post, "/staff/consultations/services", kAdmins, FormKind::kShort,
         bind(&BookingAdminPage::add_service)},
        {verb::post, "/staff/consultations/services/{id}", kAdmins, FormKind::kShort,
         bind(&BookingAdminPage::save_service)},
    };
    return entries;
}

Response BookingAdminPage::start(PageCall& call) {
    if (!call.user().roles.has(Role::kAdmin)) return desk_.day(call);
    return overview(call, nullptr);
}

Response BookingAdminPage::service(PageCall& call) {
    return service_page(call, nullptr);
}

// ---- the departments and services

Response BookingAdminPage::overview(PageCall& call, const FormProblems* problems) {
    const auto snapshot = store_.snapshot();
    const bool english = call.language() == Language::kEn;
    StaffForms forms(call.csrf_token(), problems);
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;
    auto department_fields = [&](const Department& department) {
        std::vector<StaffField> fields = {
            field("name_lt", call.text("booking_admin_field_name_lt")),
            field("name_en", call.text("booking_admin_field_name_en")),
            field("position", call.text("booking_admin_field_position"), Control::kText, false),
        };
        fields[0].value = department.name_lt;
        fields[0].lang = "lt";
        fields[1].value = department.name_en;
        fields[1].lang = "en";
        fields[2].value = std::to_string(department.position);
        return fields;
    };
    return call.staff_page(
        "booking_admin.tpl", call.text("booking_admin_title"), status, [&](Dictionary& body) {
            if (call.user().roles.has(Role::kOfficial)) {
                auto* own = body.AddSectionDictionary("OFFICIAL");
                own->SetValue("day_href", call.path("/staff/consultations/day"));
                own->SetValue("hours_href", call.path("/staff/consultations/hours"));
            }
            if (!problems && !call.query("saved").empty()) {
                body.AddSectionDictionary("SAVED")->SetValue("text",
                                                             call.text("booking_admin_saved"));
            }
            if (snapshot->departments.empty()) body.ShowSection("NO_DEPARTMENTS");
            for (const Department& department : snapshot->departments) {
                auto* item = body.AddSectionDictionary("DEPARTMENT");
                item->SetValue("name_lt", department.name_lt);
                item->SetValue("name_en", department.name_en);
                StaffForm form = button(
                    fmt::format("department-{}", department.id),
                    call.path(fmt::format("/staff/consultations/departments/{}", department.id)),
                    call.text("booking_admin_save"));
                form.fields = department_fields(department);
                if (forms.place(*item, "DEPARTMENT_FORM", std::move(form)))
                    item->ShowSection("OPEN");
            }
            StaffForm added =
                button("department-new", call.path("/staff/consultations/departments"),
                       call.text("booking_admin_add_department"));
            Department fresh;
            fresh.position = static_cast<int>(snapshot->departments.size()) + 1;
            added.fields = department_fields(fresh);
            forms.place(body, "NEW_DEPARTMENT_FORM", std::move(added));

            if (snapshot->services.empty()) body.ShowSection("NO_SERVICES");
            Dictionary* table =
                snapshot->services.empty() ? nullptr : body.AddSectionDictionary("SERVICES");
            for (const Service& service : snapshot->services) {
                auto* row = table->AddSectionDictionary("SERVICE");
                row->SetValue("href", call.path(staff_service_path(service.id)));
                row->SetValue("topic", english ? service.topic_en : service.topic_lt);
                if (const Department* department = snapshot->department(service.department_id)) {
                    row->SetValue("department",
                                  english ? department->name_en : department->name_lt);
                }
                row->SetValue("duration",
                              renderer_.format(call.language(), "booking_admin_minutes",
                                               {{"minutes", service.duration_minutes}}));
                row->SetValue("mode", call.text("booking_mode_" +
                                                std::string(service_mode_name(service.mode))));
                std::string officials;
                for (const AvailabilityRule* rule : snapshot->rules_for_service(service.id)) {
                    if (const Official* official = snapshot->official(rule->official_id)) {
                        officials += (officials.empty() ? "" : ", ") + official->display_name;
                    }
                }
                row->SetValue("officials", officials.empty() ? "–" : officials);
                row->SetValue("active",
                              call.text(service.active ? "booking_admin_yes" : "booking_admin_no"));
            }
            if (!snapshot->departments.empty()) {
                Service fresh_service;
                fresh_service.department_id = snapshot->departments.front().id;
                forms.place(
                    *body.AddSectionDictionary("NEW_SERVICE"), "NEW_SERVICE_FORM",
                    service_form(call, "service-new", call.path("/staff/consultations/services"),
                                 fresh_service, *snapshot));
            }

            if (snapshot->officials.empty()) body.ShowSection("NO_OFFICIALS");
            for (const Official& official : snapshot->officials) {
                auto* item = body.AddSectionDictionary("OFFICIAL_ROW");
                item->SetValue("name", official.display_name);
                item->SetValue("week_href", call.path("/staff/consultations/week") +
                                                fmt::format("?official={}", official.account_id));
            }
            forms.summarise(body);
        });
}

StaffForm BookingAdminPage::service_form(PageCall& call, std::string id, std::string action,
                                         const Service& service,
                                         const BookingsSnapshot& snapshot) const {
    const bool english = call.language() == Language::kEn;
    StaffForm form =
        button(std::move(id), std::move(action),
               call.text(service.id ? "booking_admin_save" : "booking_admin_add_service"));
    StaffField department =
        field("department", call.text("booking_admin_field_department"), Control::kSelect);
    for (const Department& choice : snapshot.departments) {
        department.options.emplace_back(std::to_string(choice.id),
                                        english ? choice.name_en : choice.name_lt);
    }
    department.value = std::to_string(service.department_id);
    StaffField topic_lt = field("topic_lt", call.text("booking_admin_field_topic_lt"));
    topic_lt.value = service.topic_lt;
    topic_lt.lang = "lt";
    StaffField topic_en = field("topic_en", call.text("booking_admin_field_topic_en"));
    topic_en.value = service.topic_en;
    topic_en.lang = "en";
    StaffField description_lt =
        field("description_lt", call.text("booking_admin_field_description_lt"), Control::kTextarea,
              false);
    description_lt.value = service.description_lt;
    description_lt.lang = "lt";
    StaffField description_en =
        field("description_en", call.text("booking_admin_field_description_en"), Control::kTextarea,
              false);
    description_en.value = service.description_en;
    description_en.lang = "en";
    StaffField duration =
        field("duration", call.text("booking_admin_field_duration"), Control::kText, true,
              renderer_.format(call.language(), "booking_admin_duration_hint",
                               {{"min", kDuration.min}, {"max", kDuration.max}}));
    duration.value = std::to_string(service.duration_minutes);
    StaffField mode = field("mode", call.text("booking_admin_field_mode"), Control::kSelect);
    for (const ServiceMode choice :
         {ServiceMode::kInPerson, ServiceMode::kPhone, ServiceMode::kVideo}) {
        const std::string name(service_mode_name(choice));
        mode.options.emplace_back(name, call.text("booking_mode_" + name));
    }
    mode.value = std::string(service_mode_name(service.mode));
    StaffField place = field("place", call.text("booking_admin_field_place"), Control::kText, false,
                             call.text("booking_admin_place_hint"));
    place.value = service.place;
    StaffField link =
        field("video_link", call.text("booking_admin_field_link"), Control::kText, false);
    link.value = service.video_link;
    StaffField languages =
        field("languages", call.text("booking_admin_field_languages"), Control::kCheckboxes);
    languages.options = {{"lt", call.text("booking_admin_language_lt")},
                         {"en", call.text("booking_admin_language_en")}};
    languages.values = service.languages;
    StaffField account = field("account_required", call.text("booking_admin_field_account"),
                               Control::kCheckbox, false);
    account.value = service.account_required ? "1" : "";
    StaffField active =
        field("active", call.text("booking_admin_field_active"), Control::kCheckbox, false);
    active.value = service.active ? "1" : "";
    StaffField position =
        field("position", call.text("booking_admin_field_position"), Control::kText, false);
    position.value = std::to_string(service.position);
    form.fields = {std::move(department),     std::move(topic_lt),       std::move(topic_en),
                   std::move(description_lt), std::move(description_en), std::move(duration),
                   std::move(mode),           std::move(place),          std::move(link),
                   std::move(languages),      std::move(account),        std::move(active),
                   std::move(position)};
    return form;
}

Response BookingAdminPage::service_page(PageCall& call, const FormProblems* problems) {
    const auto snapshot = store_.snapshot();
    const Service* service = snapshot->service(call.id("id"));
    if (!service) throw NotFound();
    const bool english = call.language() == Language::kEn;
    const std::string title = english ? service->topic_en : service->topic_lt;
    StaffForms forms(call.csrf_token(), problems);
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;
    return call.staff_page("booking_admin_service.tpl", title, status, [&](Dictionary& body) {
        body.SetValue("topic", title);
        body.SetValue("back", call.path("/staff/consultations"));
        if (!problems && !call.query("saved").empty()) {
            body.AddSectionDictionary("SAVED")->SetValue("text", call.text("booking_admin_saved"));
        }
        const auto rules = snapshot->rules_for_service(service->id);
        if (rules.empty()) body.ShowSection("NO_OFFICIALS");
        Dictionary* list = rules.empty() ? nullptr : body.AddSectionDictionary("OFFICIALS");
        for (const AvailabilityRule* rule : rules) {
            if (const Official* official = snapshot->official(rule->official_id)) {
                list->AddSectionDictionary("OFFICIAL")->SetValue("name", official->display_name);
            }
        }
        forms.place(body, "SERVICE_FORM",
                    service_form(call, "service", call.path(staff_service_path(service->id)),
                                 *service, *snapshot));
        forms.summarise(body);
    });
}

// ---- the changes

Service BookingAdminPage::read_service(PageCall& call, std::int64_t id, Problems& problems,
                                       const BookingsSnapshot& snapshot) const {
    const FormData& form = call.form();
    Service service;
    service.id = id;
    const auto department = parse_id(form.get("department"));
    if (department && snapshot.department(*department)) {
        service.department_id = *department;
    } else {
        problems["department"] = {"booking_error_department", {}};
    }
    service.topic_lt = read_line(form, "topic_lt", kTopic, "booking_error_topic", problems);
    service.topic_en = read_line(form, "topic_en", kTopic, "booking_error_topic", problems);
    service.description_lt = read_paragraphs(form, "description_lt", kDescription,
                                             "booking_error_description", problems);
    service.description_en = read_paragraphs(form, "description_en", kDescription,
                                             "booking_error_description", problems);
    service.duration_minutes = static_cast<int>(
        read_number(form, "duration", kDuration, "booking_error_duration", problems));
    if (service.duration_minutes % 5 != 0) {
        problems["duration"] = {"booking_error_duration", kDuration};
    }
    if (const auto mode = parse_service_mode(form.get("mode"))) {
        service.mode = *mode;
    } else {
        problems["mode"] = {"booking_admin_error_mode", {}};
    }
    if (service.mode == ServiceMode::kInPerson) {
        service.place = read_line(form, "place", kPlace, "booking_error_place", problems);
    } else if (service.mode == ServiceMode::kVideo) {
        service.video_link =
            read_line(form, "video_link", kVideoLink, "booking_error_video_link", problems);
        if (!service.video_link.starts_with("https://") ||
            service.video_link.find_first_of(" \"<>") != std::string::npos) {
            problems["video_link"] = {"booking_error_video_link", kVideoLink};
        }
    }
    service.languages.clear();
    const auto ticked_languages = form.all("languages");
    for (const char* language : {"lt", "en"}) {
        if (std::find(ticked_languages.begin(), ticked_languages.end(), language) !=
            ticked_languages.end()) {
            service.languages.emplace_back(language);
        }
    }
    if (service.languages.empty() || ticked_languages.size() != service.languages.size()) {
        problems["languages"] = {"booking_error_languages", {}};
    }
    service.account_required = ticked(form, "account_required");
    service.active = ticked(form, "active");
    service.position = static_cast<int>(
        read_number(form, "position", kPosition, "booking_admin_error_position", problems));
    return service;
}

asio::awaitable<Response> BookingAdminPage::finish(
    PageCall& call, std::string done, FormProblems refused,
    std::function<asio::awaitable<void>()> write,
    std::function<Response(PageCall&, const FormProblems*)> again) {
    if (refused.empty()) {
        try {
            auto pending = write();
            co_await std::move(pending);
            co_return call.redirect(done);
        } catch (const InvalidInput& e) {
            refused.form_error = call.explain(e);
        }
    }
    co_return again(call, &refused);
}

namespace {

Department read_department(const FormData& form, std::int64_t id, Problems& problems) {
    Department department;
    department.id = id;
    department.name_lt =
        read_line(form, "name_lt", kDepartmentName, "booking_error_department_name", problems);
    department.name_en =
        read_line(form, "name_en", kDepartmentName, "booking_error_department_name", problems);
    department.position = static_cast<int>(
        read_number(form, "position", kPosition, "booking_admin_error_position", problems));
    return department;
}

}  // namespace

asio::awaitable<Response> BookingAdminPage::add_department(PageCall& call) {
    Problems problems;
    Department department = read_department(call.form(), 0, problems);
    FormProblems refused = staff_forms::problems(call, renderer_, "department-new", problems);
    auto done = finish(
        call, call.path("/staff/consultations") + "?saved=1", std::move(refused),
        [&] {
            return without_id(store_.save_department(
                department,
                call.audit_note("booking.department", "department", department.name_lt)));
        },
        [this](PageCall& again, const FormProblems* problems) {
            return overview(again, problems);
        });
    co_return co_await std::move(done);
}

asio::awaitable<Response> BookingAdminPage::save_department(PageCall& call) {
    const std::int64_t id = call.id("id");
    if (!store_.snapshot()->department(id)) throw NotFound();
    Problems problems;
    Department department = read_department(call.form(), id, problems);
    FormProblems refused =
        staff_forms::problems(call, renderer_, fmt::format("department-{}", id), problems);
    auto done = finish(
        call, call.path("/staff/consultations") + "?saved=1", std::move(refused),
        [&] {
            return without_id(store_.save_department(
                department,
                call.audit_note("booking.department", "department", department.name_lt)));
        },
        [this](PageCall& again, const FormProblems* problems) {
            return overview(again, problems);
        });
    co_return co_await std::move(done);
}

asio::awaitable<Response> BookingAdminPage::add_service(PageCall& call) {
    const auto snapshot = store_.snapshot();
    Problems problems;
    Service service = read_service(call, 0, problems, *snapshot);
    FormProblems refused = staff_forms::problems(call, renderer_, "service-new", problems);
    auto done = finish(
        call, call.path("/staff/consultations") + "?saved=1", std::move(refused),
        [&] {
            return without_id(store_.save_service(
                service, call.audit_note("booking.service", "service", service.topic_lt)));
        },
        [this](PageCall& again, const FormProblems* problems) {
            return overview(again, problems);
        });
    co_return co_await std::move(done);
}

asio::awaitable<Response> BookingAdminPage::save_service(PageCall& call) {
    const auto snapshot = store_.snapshot();
    const std::int64_t id = call.id("id");
    if (!snapshot->service(id)) throw NotFound();
    Problems problems;
    Service service = read_service(call, id, problems, *snapshot);
    FormProblems refused = staff_forms::problems(call, renderer_, "service", problems);
    auto done = finish(
        call, call.path(staff_service_path(id)) + "?saved=1", std::move(refused),
        [&] {
            return without_id(store_.save_service(
                service, call.audit_note("booking.service", "service", service.topic_lt)));
        },
        [this](PageCall& again, const FormProblems* problems) {
            return service_page(again, problems);
        });
    co_return co_await std::move(done);
}

}  // namespace councilcast::portal
