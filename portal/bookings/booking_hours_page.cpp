#include "portal/bookings/booking_hours_page.hpp"
#include "portal/accounts/form_checks.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <set>

#include "common/error.hpp"
#include "portal/bookings/booking_staff_checks.hpp"
#include "portal/bookings/local_days.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = BookingHoursPage::Response;
using Dictionary = ctemplate::TemplateDictionary;
using namespace booking_staff_checks;
using staff_forms::button;
using staff_forms::field;

namespace {

constexpr Access kOfficials = Access::any_of(Roles(Role::kOfficial));
constexpr int kGranule = 5;
// The store's bounds (BookingStore::save_official, save_rule, add_exception).
constexpr Bounds kDisplayName{2, 100};
constexpr Bounds kBuffer{0, 240};
constexpr Bounds kNotice{0, 43'200};
constexpr Bounds kHorizon{1, 366};
constexpr Bounds kDailyMaximum{0, 200};
constexpr Bounds kExceptionNote{0, 200};
// How far ahead the page lists the holidays.
constexpr int kHolidayDays = 366;

std::string day_field(int weekday) {
    return fmt::format("day_{}", weekday);
}

AuditNote hours_audit_note(const PageCall& call, std::string action, std::string detail) {
    return [&call, action = std::move(action), detail = std::move(detail)](std::int64_t id) {
        return call.audit_entry(action, fmt::format("official {}", call.user().id),
                                fmt::format("{} {}", id, detail));
    };
}

// A change that turned out to change nothing.
asio::awaitable<void> nothing() {
    co_return;
}

}  // namespace

BookingHoursPage::BookingHoursPage(BookingStore& store, const PageRenderer& renderer,
                                   const Localization& localization)
    : store_(store), renderer_(renderer), localization_(localization) {}

ModuleEntries BookingHoursPage::entries() {
    auto bind = [this](auto method) { return handler_of(this, method); };
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        {.method = verb::get,
         .pattern = "/staff/consultations/hours",
         .access = kOfficials,
         .answer = answer_of(this, &BookingHoursPage::show)},
        {verb::post, "/staff/consultations/hours/name", kOfficials, FormKind::kShort,
         bind(&BookingHoursPage::save_name)},
        {verb::post, "/staff/consultations/hours/services/{id}", kOfficials, FormKind::kShort,
         bind(&BookingHoursPage::save_hours)},
        {verb::post, "/staff/consultations/hours/off", kOfficials, FormKind::kShort,
         bind(&BookingHoursPage::add_off)},
        {verb::post, "/staff/consultations/hours/extra", kOfficials, FormKind::kShort,
         bind(&BookingHoursPage::add_extra)},
        {verb::post, "/staff/consultations/hours/exceptions/{id}/remove", kOfficials,
         FormKind::kShort, bind(&BookingHoursPage::remove_exception)},
    };
    return entries;
}

Response BookingHoursPage::show(PageCall& call) {
    return page(call, nullptr);
}

Response BookingHoursPage::page(PageCall& call, const FormProblems* problems) {
    const auto snapshot = store_.snapshot();
    const std::int64_t me = call.user().id;
    const Official* official = snapshot->official(me);
    const Language language = call.language();
    const bool english = language == Language::kEn;
    const BookingTimeZone& zone = store_.zone();
    const LocalDate today = zone.local_date(store_.now());
    auto short_date = [&](LocalDate date) {
        return localization_.short_date(language, zone.unix_ms(date, 720) / 1000);
    };
    StaffForms forms(call.csrf_token(), problems);
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;
    return call.staff_page(
        "booking_hours.tpl", call.text("booking_hours_title"), status, [&](Dictionary& body) {
            body.SetValue("day_href", call.path("/staff/consultations/day"));
            body.SetValue("week_href", call.path("/staff/consultations/week"));
            body.SetValue("calendar_href", call.path("/staff/consultations/calendar"));
            if (!problems && !call.query("saved").empty()) {
                body.AddSectionDictionary("SAVED")->SetValue("text",
                                                             call.text("booking_hours_saved"));
            }
            StaffForm name = button("name", call.path("/staff/consultations/hours/name"),
                                    call.text("booking_hours_save_name"));
            name.fields = {field("display_name", call.text("booking_hours_field_name"),
                                 Control::kText, true, call.text("booking_hours_name_hint"))};
            if (official) name.fields[0].value = official->display_name;
            forms.place(body, "NAME_FORM", std::move(name));
            if (!official) {
                body.ShowSection("NO_NAME");
                forms.summarise(body);
                return;
            }
            auto* offered = body.AddSectionDictionary("OFFERED");
            if (snapshot->services.empty()) offered->ShowSection("NO_SERVICES");
            for (const Service& service : snapshot->services) {
                const AvailabilityRule* rule = snapshot->rule(me, service.id);
                const AvailabilityRule shown = rule ? *rule : AvailabilityRule{};
                auto* section = offered->AddSectionDictionary("SERVICE");
                section->SetValue("id", std::to_string(service.id));
                section->SetValue("topic", english ? service.topic_en : service.topic_lt);
                if (rule) {
                    std::set<int> days;
                    for (const WeeklyRange& range : rule->weekly) days.insert(range.weekday);
                    section->SetValue(
                        "summary",
                        renderer_.format(language, "booking_hours_summary",
                                         {{"days", days.size()},
                                          {"notice", std::to_string(rule->minimum_notice_minutes)},
                                          {"horizon", std::to_string(rule->horizon_days)}}));
                } else {
                    section->SetValue("summary", call.text("booking_hours_summary_off"));
                }
                StaffForm form = button(
                    fmt::format("hours-{}", service.id),
                    call.path(fmt::format("/staff/consultations/hours/services/{}", service.id)),
                    call.text("booking_hours_save"));
                for (int weekday = 1; weekday <= 7; ++weekday) {
                    std::vector<DayRange> ranges;
                    for (const WeeklyRange& range : shown.weekly) {
                        if (range.weekday == weekday) {
                            ranges.push_back({range.start_minute, range.end_minute});
                        }
                    }
                    StaffField day =
                        field(day_field(weekday),
                              call.text(fmt::format("booking_weekday_{}", weekday)), Control::kText,
                              false, weekday == 1 ? call.text("booking_hours_field_day_hint") : "");
                    day.value = format_day_ranges(ranges);
                    form.fields.push_back(std::move(day));
                }
                const std::pair<const char*, int> numbers[] = {
                    {"buffer_before", shown.buffer_before_minutes},
                    {"buffer_after", shown.buffer_after_minutes},
                    {"notice", shown.minimum_notice_minutes},
                    {"horizon", shown.horizon_days},
                    {"daily_max", shown.daily_maximum},
                };
                for (const auto& [name, value] : numbers) {
                    StaffField number =
                        field(name, call.text(fmt::format("booking_hours_field_{}", name)));
                    number.value = std::to_string(value);
                    form.fields.push_back(std::move(number));
                }
                if (forms.place(*section, "RULE_FORM", std::move(form)))
                    section->ShowSection("OPEN");
            }

            const auto exceptions = snapshot->exceptions_of(me);
            auto* changes = body.AddSectionDictionary("CHANGES");
            if (exceptions.empty()) changes->ShowSection("NO_EXCEPTIONS");
            Dictionary* list =
                exceptions.empty() ? nullptr : changes->AddSectionDictionary("EXCEPTIONS");
            for (const AvailabilityException* exception : exceptions) {
                auto* item = list->AddSectionDictionary("EXCEPTION");
                std::string text;
                if (exception->kind == AvailabilityException::Kind::kOff) {
                    text = renderer_.format(
                        language, "booking_hours_off_text",
                        {{"from", short_date(exception->from)}, {"to", short_date(exception->to)}});
                } else {
                    const Service* service = snapshot->service(exception->service_id);
                    text = renderer_.format(
                        language, "booking_hours_extra_text",
                        {{"date", short_date(exception->from)},
                         {"start", format_clock(exception->start_minute)},
                         {"end", format_clock(exception->end_minute)},
                         {"service", service ? (english ? service->topic_en : service->topic_lt)
                                             : call.text("booking_hours_every_service")}});
                }
                if (!exception->note.empty()) text += " (" + exception->note + ")";
                item->SetValue("text", text);
                StaffForm remove =
                    button(fmt::format("remove-{}", exception->id),
                           call.path(fmt::format("/staff/consultations/hours/exceptions/{}/remove",
                                                 exception->id)),
                           call.text("booking_hours_remove"));
                remove.compact = true;
                forms.place(*item, "REMOVE_FORM", std::move(remove));
            }
            StaffForm off = button("off", call.path("/staff/consultations/hours/off"),
                                   call.text("booking_hours_add_off"));
            off.fields = {
                field("from", call.text("booking_hours_field_from"), Control::kDate),
                field("to", call.text("booking_hours_field_to"), Control::kDate),
                field("note", call.text("booking_hours_field_note"), Control::kText, false)};
            forms.place(*changes, "OFF_FORM", std::move(off));
            StaffForm extra = button("extra", call.path("/staff/consultations/hours/extra"),
                                     call.text("booking_hours_add_extra"));
            StaffField service =
                field("service", call.text("booking_hours_field_service"), Control::kSelect);
            service.options.emplace_back("0", call.text("booking_hours_every_service"));
            for (const AvailabilityRule* rule : snapshot->rules_of_official(me)) {
                if (const Service* offered_service = snapshot->service(rule->service_id)) {
                    service.options.emplace_back(
                        std::to_string(offered_service->id),
                        english ? offered_service->topic_en : offered_service->topic_lt);
                }
            }
            extra.fields = {
                field("date", call.text("booking_hours_field_date"), Control::kDate),
                field("start", call.text("booking_hours_field_start"), Control::kText, true,
                      call.text("booking_hours_time_hint")),
                field("end", call.text("booking_hours_field_end"), Control::kText, true,
                      call.text("booking_hours_time_hint")),
                std::move(service),
                field("note", call.text("booking_hours_field_note"), Control::kText, false)};
            forms.place(*changes, "EXTRA_FORM", std::move(extra));

            for (int offset = 0; offset < kHolidayDays; ++offset) {
                const LocalDate date = add_days(today, offset);
                if (const auto holiday = store_.holidays().holiday(date)) {
                    auto* item = body.AddSectionDictionary("HOLIDAY");
                    item->SetValue("date", iso_date(date));
                    item->SetValue("date_text", short_date(date));
                    item->SetValue("name", call.text("booking_holiday_" + std::string(*holiday)));
                }
            }
            forms.summarise(body);
        });
}

// ---- the changes

asio::awaitable<Response> BookingHoursPage::finish(PageCall& call, std::string_view anchor,
                                                   FormProblems refused,
                                                   std::function<asio::awaitable<void>()> write) {
    if (refused.empty()) {
        try {
            auto pending = write();
            co_await std::move(pending);
            co_return call.redirect(call.path("/staff/consultations/hours") + "?saved=1#" +
                                    std::string(anchor));
        } catch (const InvalidInput& e) {
            refused.form_error = call.explain(e);
        }
    }
    co_return page(call, &refused);
}

asio::awaitable<Response> BookingHoursPage::save_name(PageCall& call) {
    Problems problems;
    Official official;
    official.account_id = call.user().id;
    official.display_name = read_line(call.form(), "display_name", kDisplayName,
                                      "booking_error_official_name", problems);
    FormProblems refused = staff_forms::problems(call, renderer_, "name", problems);
    auto done = finish(call, "booking-name", std::move(refused), [&] {
        return store_.save_official(
            official, hours_audit_note(call, "booking.official", official.display_name));
    });
    co_return co_await std::move(done);
}

asio::awaitable<Response> BookingHoursPage::save_hours(PageCall& call) {
    const auto snapshot = store_.snapshot();
    const std::int64_t service_id = call.id("id");
    if (!snapshot->service(service_id)) throw NotFound();
    const std::int64_t me = call.user().id;
    const FormData& form = call.form();
    Problems problems;
    AvailabilityRule rule;
    rule.official_id = me;
    rule.service_id = service_id;
    for (int weekday = 1; weekday <= 7; ++weekday) {
        const std::string name = day_field(weekday);
        const auto ranges = parse_day_ranges(form.get(name), kGranule);
        if (!ranges) {
            problems[name] = {"booking_hours_error_day", {}};
            continue;
        }
        for (const DayRange& range : *ranges) {
            rule.weekly.push_back({weekday, range.start_minute, range.end_minute});
        }
    }
    rule.buffer_before_minutes = static_cast<int>(
        read_number(form, "buffer_before", kBuffer, "booking_error_buffer", problems));
    rule.buffer_after_minutes = static_cast<int>(
        read_number(form, "buffer_after", kBuffer, "booking_error_buffer", problems));
    for (const auto& [name, value] : {std::pair{"buffer_before", rule.buffer_before_minutes},
                                      std::pair{"buffer_after", rule.buffer_after_minutes}}) {
        if (value % kGranule != 0) problems[name] = {"booking_error_buffer", {}};
    }
    rule.minimum_notice_minutes = static_cast<int>(
        read_number(form, "notice", kNotice, "booking_hours_error_minutes", problems));
    rule.horizon_days = static_cast<int>(
        read_number(form, "horizon", kHorizon, "booking_hours_error_minutes", problems));
    rule.daily_maximum = static_cast<int>(
        read_number(form, "daily_max", kDailyMaximum, "booking_hours_error_minutes", problems));
    FormProblems refused =
        staff_forms::problems(call, renderer_, fmt::format("hours-{}", service_id), problems);
    const std::string anchor = fmt::format("booking-hours-{}", service_id);
    const bool had_rule = snapshot->rule(me, service_id) != nullptr;
    auto done = finish(call, anchor, std::move(refused), [&]() -> asio::awaitable<void> {
        // No hours on any day: the official no longer offers the service.
        if (rule.weekly.empty()) {
            if (!had_rule) return nothing();
            return store_.remove_rule(me, service_id,
                                      hours_audit_note(call, "booking.rule.remove", anchor));
        }
        return store_.save_rule(rule, hours_audit_note(call, "booking.rule", anchor));
    });
    co_return co_await std::move(done);
}

asio::awaitable<Response> BookingHoursPage::add_off(PageCall& call) {
    const FormData& form = call.form();
    Problems problems;
    AvailabilityException exception;
    exception.official_id = call.user().id;
    exception.kind = AvailabilityException::Kind::kOff;
    const auto from = read_date(form, "from", "booking_hours_error_date", problems);
    const auto to = read_date(form, "to", "booking_hours_error_date", problems);
    if (from && to && *to < *from) problems["to"] = {"booking_hours_error_range", {}};
    if (from) exception.from = *from;
    if (to) exception.to = *to;
    exception.note =
        read_line(form, "note", kExceptionNote, "booking_error_exception_note", problems);
    FormProblems refused = staff_forms::problems(call, renderer_, "off", problems);
    auto done = finish(call, "booking-exceptions", std::move(refused), [&] {
        return without_id(store_.add_exception(
            exception, hours_audit_note(call, "booking.exception", iso_date(exception.from))));
    });
    co_return co_await std::move(done);
}

asio::awaitable<Response> BookingHoursPage::add_extra(PageCall& call) {
    const auto snapshot = store_.snapshot();
    const FormData& form = call.form();
    Problems problems;
    AvailabilityException exception;
    exception.official_id = call.user().id;
    exception.kind = AvailabilityException::Kind::kExtra;
    const auto date = read_date(form, "date", "booking_hours_error_date", problems);
    if (date) exception.from = exception.to = *date;
    const auto start = read_clock(form, "start", kGranule, "booking_hours_error_time", problems);
    const auto end = read_clock(form, "end", kGranule, "booking_hours_error_time", problems);
    if (start && end && *end <= *start) problems["end"] = {"booking_hours_error_range", {}};
    if (start) exception.start_minute = *start;
    if (end) exception.end_minute = *end;
    const std::string service = form.get("service");
    const auto service_id = parse_id(service);
    if (service == "0") {
        exception.service_id = 0;
    } else if (service_id && snapshot->service(*service_id)) {
        exception.service_id = *service_id;
    } else {
        problems["service"] = {"booking_hours_error_service", {}};
    }
    exception.note =
        read_line(form, "note", kExceptionNote, "booking_error_exception_note", problems);
    FormProblems refused = staff_forms::problems(call, renderer_, "extra", problems);
    auto done = finish(call, "booking-exceptions", std::move(refused), [&] {
        return without_id(store_.add_exception(
            exception, hours_audit_note(call, "booking.exception", iso_date(exception.from))));
    });
    co_return co_await std::move(done);
}

asio::awaitable<Response> BookingHoursPage::remove_exception(PageCall& call) {
    const std::int64_t me = call.user().id;
    const std::int64_t id = call.id("id");
    const auto mine = store_.snapshot()->exceptions_of(me);
    // Another official's exception is none of this one's business: as if it did not exist.
    if (std::none_of(mine.begin(), mine.end(), [id](const AvailabilityException* exception) {
            return exception->id == id;
        })) {
        throw NotFound();
    }
    FormProblems refused = staff_forms::problems(call, renderer_, "remove", {});
    auto done = finish(call, "booking-exceptions", std::move(refused), [&] {
        return store_.remove_exception(me, id,
                                       hours_audit_note(call, "booking.exception.remove", ""));
    });
    co_return co_await std::move(done);
}

}  // namespace councilcast::portal
