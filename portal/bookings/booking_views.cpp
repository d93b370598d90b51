#include "portal/bookings/booking_views.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <map>

#include "common/secret_token.hpp"
#include "portal/pages/target.hpp"

namespace councilcast::portal {

// An English text the administrator left empty falls back to the Lithuanian one.
const std::string& topic_in(const Service& service, Language language) {
    return language == Language::kEn && !service.topic_en.empty() ? service.topic_en
                                                                  : service.topic_lt;
}

const std::string& description_in(const Service& service, Language language) {
    return language == Language::kEn && !service.description_en.empty() ? service.description_en
                                                                        : service.description_lt;
}

const std::string& department_in(const Department& department, Language language) {
    return language == Language::kEn && !department.name_en.empty() ? department.name_en
                                                                    : department.name_lt;
}

std::string mode_text(const Service& service, Language language, const PageRenderer& renderer) {
    switch (service.mode) {
        case ServiceMode::kInPerson:
            return renderer.format(language, "booking_find_mode_place", {{"place", service.place}});
        case ServiceMode::kPhone:
            return renderer.message(language, "booking_find_mode_phone");
        case ServiceMode::kVideo:
            return renderer.message(language, "booking_find_mode_video");
    }
    return {};
}

std::string languages_text(const Service& service, Language language,
                           const PageRenderer& renderer) {
    std::string names;
    for (const auto& code : service.languages) {
        if (!names.empty()) names += ", ";
        names += renderer.message(
            language, code == "en" ? "booking_find_language_en" : "booking_find_language_lt");
    }
    return renderer.format(language, "booking_find_languages", {{"languages", names}});
}

std::string minutes_text(const Service& service, Language language, const PageRenderer& renderer) {
    return renderer.format(language, "booking_find_minutes",
                           {{"minutes", service.duration_minutes}});
}

std::string when_text(std::int64_t unix_ms, Language language, const Localization& localization) {
    const std::int64_t seconds = unix_ms / 1000;
    return localization.date_with_weekday(language, seconds) + ", " +
           localization.time_of_day(language, seconds);
}

void fill_times(ctemplate::TemplateDictionary& body, const std::vector<FreeSlot>& slots,
                const TimesForm& form, Language language, const Localization& localization,
                const PageRenderer& renderer, const std::string& empty_text) {
    if (slots.empty()) {
        if (!empty_text.empty())
            body.AddSectionDictionary("NO_TIMES")->SetValue("text", empty_text);
        return;
    }
    // Local days by their ISO date ("2026-12-07" sorts as the days do). Several officials free
    // at one time are one button: the store picks who takes it.
    std::map<std::string, std::vector<std::int64_t>> by_day;
    for (const auto& slot : slots) {
        auto& starts =
            by_day[localization.machine_datetime(slot.start_unix_ms / 1000).substr(0, 10)];
        if (starts.empty() || starts.back() != slot.start_unix_ms) {
            starts.push_back(slot.start_unix_ms);
        }
    }
    for (const auto& [iso, starts] : by_day) {
        const std::string day_text =
            localization.date_with_weekday(language, starts.front() / 1000);
        const auto count = static_cast<std::int64_t>(starts.size());
        auto* day = body.AddSectionDictionary("DAY");
        day->SetValue("date", iso);
        day->SetValue("heading", day_text);
        day->SetValue("count",
                      renderer.format(language, "booking_find_day_times", {{"count", count}}));
        day->SetValue("grid_label", renderer.format(language, "booking_find_grid_day",
                                                    {{"date", day_text}, {"count", count}}));
        day->SetValue("action", form.action);
        day->SetValue("csrf", form.csrf);
        day->SetValue("request", form.request);
        for (const std::int64_t start : starts) {
            const std::string time = localization.time_of_day(language, start / 1000);
            auto* button = day->AddSectionDictionary("TIME");
            button->SetValue("start", std::to_string(start));
            button->SetValue("time", time);
            button->SetValue("datetime", localization.machine_datetime(start / 1000));
            button->SetValue("label", renderer.format(language, "booking_find_pick_time",
                                                      {{"time", time + ", " + day_text}}));
        }
    }
}

namespace http = boost::beast::http;
using Response = http::response<http::string_body>;

Response times_page(PageCall& call, http::status status, const TimesPage& page,
                    const std::vector<FreeSlot>& slots, const Localization& localization,
                    const PageRenderer& renderer, const BookingsSnapshot& snapshot) {
    const Language language = call.language();
    PageFrame frame;
    frame.title = page.heading;
    frame.alternate_path = localised(other_language(language), call.target().path);
    frame.nav_current = "consultations";
    frame.scripts = {"/assets/js/booking.js"};
    const TimesForm form{page.action, call.csrf_token(), new_secret_token()};
    return call.page(
        status, "booking_find_times.tpl", std::move(frame),
        [&](ctemplate::TemplateDictionary& body) {
            body.SetValue("heading", page.heading);
            body.SetValue("back_href", page.back_href);
            body.SetValue("back_text", page.back_text);
            body.SetValue("intro", page.intro);
            if (page.service) {
                auto* info = body.AddSectionDictionary("SERVICE_INFO");
                const Department* department = snapshot.department(page.service->department_id);
                info->SetValue("department",
                               department ? department_in(*department, language) : "");
                info->SetValue("minutes", minutes_text(*page.service, language, renderer));
                info->SetValue("mode", mode_text(*page.service, language, renderer));
                const std::string& description = description_in(*page.service, language);
                if (!description.empty()) {
                    info->AddSectionDictionary("DESCRIPTION")->SetValue("text", description);
                }
            }
            if (!page.notice.empty()) {
                auto* notice = body.AddSectionDictionary("NOTICE");
                notice->SetValue("text", page.notice);
                notice->SetValue("kind", page.notice_kind);
                notice->SetValue("role", page.notice_kind == "error" ? "alert" : "status");
            }
            if (!page.sign_in_href.empty()) {
                body.AddSectionDictionary("SIGN_IN")->SetValue("href", page.sign_in_href);
            }
            if (!page.period.empty()) {
                body.AddSectionDictionary("PERIOD")->SetValue("text", page.period);
            }
            fill_times(body, slots, form, language, localization, renderer, page.empty_text);
            if (!page.previous_href.empty() || !page.next_href.empty()) {
                auto* pages = body.AddSectionDictionary("PAGES");
                if (!page.previous_href.empty()) {
                    pages->AddSectionDictionary("PREVIOUS")->SetValue("href", page.previous_href);
                }
                if (!page.next_href.empty()) {
                    pages->AddSectionDictionary("NEXT")->SetValue("href", page.next_href);
                }
            }
        });
}

Response consultation_notice(PageCall& call, http::status status, const Notice& notice) {
    return notice_page(call, status, notice, "consultations");
}

bool token_shaped(std::string_view token) {
    constexpr std::size_t kMaxTokenBytes = 128;
    return !token.empty() && token.size() <= kMaxTokenBytes;
}

std::optional<std::int64_t> parse_start(std::string_view text) {
    constexpr std::size_t kMaxDigits = 15;  // unix ms until the year 33658
    if (text.empty() || text.size() > kMaxDigits) return std::nullopt;
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
    return value;
}

}  // namespace councilcast::portal
