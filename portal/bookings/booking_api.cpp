#include "portal/bookings/booking_api.hpp"

#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <charconv>

#include "common/error.hpp"
#include "portal/accounts/preflight_route.hpp"
#include "portal/bookings/local_days.hpp"
#include "portal/http/open_data_headers.hpp"
#include "portal/http/responses.hpp"

namespace councilcast::portal {
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

// Free times change with every booking: ask again each time.
constexpr std::string_view kCaching = "no-store";

json::object localized(const std::string& lt, const std::string& en) {
    json::object text;
    text["lt"] = lt;
    text["en"] = en.empty() ? json::value(nullptr) : json::value(en);
    return text;
}

Reply json_answer(const Request& request, const json::value& body) {
    auto res = text_response(request, http::status::ok, "application/json", json::serialize(body),
                             kCaching);
    set_cors(res.base());
    return res;
}

std::int64_t service_parameter(std::string_view text) {
    std::int64_t id = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (text.empty() || text.size() > 18 || error != std::errc() ||
        end != text.data() + text.size() || id <= 0) {
        throw InvalidInput::text("booking_api_error_service");
    }
    return id;
}

}  // namespace

BookingApi::BookingApi(const BookingStore& store, BookingRateLimits& limits,
                       const PageRenderer& renderer, const Localization& localization)
    : store_(store), limits_(limits), renderer_(renderer), localization_(localization) {}

ModuleEntries BookingApi::entries() {
    ModuleEntries entries;
    auto add = [&](std::string_view pattern, Reply (BookingApi::*handler)(PageCall&) const) {
        entries.routes.push_back(open_route(
            pattern, [this, handler](PageCall& call) { return (this->*handler)(call); },
            Addresses::kProgram));
        entries.routes.push_back(preflight_route(pattern));
    };
    add("/api/v1/consultations/services", &BookingApi::services);
    add("/api/v1/consultations/slots", &BookingApi::slots);
    return entries;
}

Reply BookingApi::services(PageCall& call) const {
    if (!call.target().parameters.empty()) throw InvalidInput::text("booking_api_error_parameter");
    const auto snapshot = store_.snapshot();
    json::array departments;
    for (const Department& department : snapshot->departments) {
        json::array services;
        for (const Service* service : snapshot->services_of(department.id)) {
            if (!service->active) continue;
            json::array languages;
            for (const auto& code : service->languages) languages.emplace_back(code);
            json::object item;
            item["id"] = service->id;
            item["topic"] = localized(service->topic_lt, service->topic_en);
            item["description"] = localized(service->description_lt, service->description_en);
            item["duration_minutes"] = service->duration_minutes;
            item["mode"] = service_mode_name(service->mode);
            item["place"] =
                service->place.empty() ? json::value(nullptr) : json::value(service->place);
            item["languages"] = std::move(languages);
            item["account_required"] = service->account_required;
            services.emplace_back(std::move(item));
        }
        if (services.empty()) continue;
        json::object entry;
        entry["id"] = department.id;
        entry["name"] = localized(department.name_lt, department.name_en);
        entry["services"] = std::move(services);
        departments.emplace_back(std::move(entry));
    }
    json::object body;
    body["time_zone"] = store_.zone().zone_id();
    body["departments"] = std::move(departments);
    return json_answer(call.request(), body);
}

Reply BookingApi::slots(PageCall& call) const {
    if (const auto wait = limits_.take_api(call.context().client()); wait.count() > 0) {
        const Language language = preferred_language(call.request()[http::field::accept_language]);
        const auto minutes = std::max<std::int64_t>(1, (wait.count() + 59) / 60);
        auto res = problem_response(
            call.request(), http::status::too_many_requests,
            renderer_.format(language, "booking_find_too_many", {{"minutes", minutes}}),
            language_code(language));
        res.set(http::field::retry_after, std::to_string(wait.count()));
        set_cors(res.base());
        return res;
    }
    std::optional<std::int64_t> service_id;
    std::optional<LocalDate> from;
    std::optional<LocalDate> to;
    for (const auto& [name, value] : call.target().parameters) {
        if (name == "service") {
            service_id = service_parameter(value);
        } else if (name == "from" || name == "to") {
            const auto date = parse_iso_date(value);
            if (!date) throw InvalidInput::text("booking_api_error_date");
            (name == "from" ? from : to) = date;
        } else {
            throw InvalidInput::text("booking_api_error_parameter");
        }
    }
    if (!service_id) throw InvalidInput::text("booking_api_error_service");
    const auto snapshot = store_.snapshot();
    const Service* service = snapshot->service(*service_id);
    if (!service || !service->active) throw NotFound();
    const LocalDate today = store_.zone().local_date(store_.now());
    if (!from) from = today;
    if (!to) to = add_days(*from, 30);
    if (*to < *from) throw InvalidInput::text("booking_api_error_date");
    if (day_number(*to) - day_number(*from) >= kMaxDays) {
        throw InvalidInput::text("booking_api_error_range", {{"days", std::to_string(kMaxDays)}});
    }
    json::array starts;
    std::int64_t previous = -1;
    for (const FreeSlot& slot : store_.free_slots(service->id, *from, *to)) {
        // Several officials free at one time are one time for the resident.
        if (slot.start_unix_ms == previous) continue;
        previous = slot.start_unix_ms;
        json::object entry;
        entry["start"] = localization_.machine_datetime(slot.start_unix_ms / 1000);
        entry["end"] = localization_.machine_datetime(slot.end_unix_ms / 1000);
        starts.emplace_back(std::move(entry));
    }
    json::object body;
    body["service"] = service->id;
    body["from"] = iso_date(*from);
    body["to"] = iso_date(*to);
    body["time_zone"] = store_.zone().zone_id();
    body["slots"] = std::move(starts);
    return json_answer(call.request(), body);
}

}  // namespace councilcast::portal
