#include "portal/reports/open311_api.hpp"

#include <fmt/core.h>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <optional>

#include "common/error.hpp"
#include "common/typed_text.hpp"
#include "portal/accounts/preflight_route.hpp"
#include "portal/http/open_data_headers.hpp"
#include "portal/http/responses.hpp"
#include "portal/pages/language.hpp"
#include "portal/reports/report_paths.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

constexpr std::string_view kOpen311JsonType = "application/json; charset=utf-8";
// Requests change with every update: ask again each time, no older copy kept.
constexpr std::string_view kOpen311Caching = "no-cache";
// When this server's Open311 interface last changed in a way a client would notice.
constexpr std::string_view kOpen311Changeset = "2026-12-07T00:00:00Z";
constexpr std::string_view kOpen311Specification = "http://wiki.open311.org/GeoReport_v2";
constexpr std::size_t kOpen311MaxIds = 100;
constexpr std::size_t kOpen311TitleCharacters = 120;
// Without dates, GET requests.json answers for the last 90 days (the specification's default).
constexpr std::int64_t kOpen311DefaultDays = 90;
constexpr std::size_t kOpen311ListChunk = 500;  // ReportStore::Filter's largest page

// A refusal in the specification's form, with the status it answers with.
struct Open311Refusal {
    http::status status;
    std::string key;
};

[[noreturn]] void open311_refuse(http::status status, std::string key) {
    throw Open311Refusal{status, std::move(key)};
}

Reply open311_json(const Request& request, http::status status, const json::value& body,
                   Language language) {
    auto res =
        text_response(request, status, kOpen311JsonType, json::serialize(body), kOpen311Caching);
    res.set(http::field::content_language, language_code(language));
    set_cors(res.base());
    return res;
}

// [{"code": 400, "description": "…"}]: GeoReport v2's errors.
Reply open311_error(const Request& request, http::status status, const std::string& text,
                    Language language) {
    json::object error;
    error["code"] = static_cast<int>(status);
    error["description"] = text;
    return open311_json(request, status, json::array{std::move(error)}, language);
}

Language open311_language(const PageCall& call) {
    return preferred_language(call.request()[http::field::accept_language]);
}

// The body's answer, or the refusal it threw in the specification's form.
template <typename Body>
Reply open311_guarded(PageCall& call, const PageRenderer& renderer, Body body) {
    const Language language = open311_language(call);
    try {
        return body(language);
    } catch (const Open311Refusal& refusal) {
        return open311_error(call.request(), refusal.status,
                             renderer.message(language, refusal.key), language);
    } catch (const InvalidInput& problem) {
        return open311_error(call.request(), http::status::bad_request,
                             renderer.explain(language, problem), language);
    }
}

// "<name>.json" → "<name>"; refused as not found for any other format.
std::string_view open311_stem(std::string_view file, std::string_view missing_key) {
    constexpr std::string_view kSuffix = ".json";
    if (!file.ends_with(kSuffix) || file.size() == kSuffix.size() || file.size() > 200) {
        open311_refuse(http::status::not_found, std::string(missing_key));
    }
    return file.substr(0, file.size() - kSuffix.size());
}

std::optional<double> open311_degrees(std::string_view text) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

// "2026-12-07T10:15:30Z", "2026-12-07T12:15:30+02:00", fractional seconds allowed: the W3C
// profile of ISO 8601 the specification names; a bare "2026-12-07" is that day's midnight in
// the municipality. Unix ms, or nothing for anything else.
std::optional<std::int64_t> open311_instant(std::string_view text,
                                            const Localization& localization) {
    auto number = [&](std::size_t at, std::size_t count) -> std::optional<int> {
        if (at + count > text.size()) return std::nullopt;
        int value = 0;
        for (std::size_t i = at; i < at + count; ++i) {
            if (text[i] < '0' || text[i] > '9') return std::nullopt;
            value = value * 10 + (text[i] - '0');
        }
        return value;
    };
    if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const auto year = number(0, 4);
    const auto month = number(5, 2);
    const auto day = number(8, 2);
    if (!year || !month || !day) return std::nullopt;
    if (text.size() == 10) {
        const auto seconds = localization.parse_datetime_local(std::string(text) + "T00:00");
        if (!seconds) return std::nullopt;
        return *seconds * 1000;
    }
    if (text.size() < 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':') {
        return std::nullopt;
    }
    const auto hour = number(11, 2);
    const auto minute = number(14, 2);
    const auto second = number(17, 2);
    if (!hour || !minute || !second || *hour > 23 || *minute > 59 || *second > 59) {
        return std::nullopt;
    }
    std::size_t at = 19;
    if (text[at] == '.') {
        const std::size_t first_digit = ++at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
        if (at == first_digit || at - first_digit > 9) return std::nullopt;
    }
    int offset_minutes = 0;
    if (at + 1 == text.size() && text[at] == 'Z') {
        offset_minutes = 0;
    } else if (at + 6 == text.size() && (text[at] == '+' || text[at] == '-' || text[at] == ' ') &&
               text[at + 3] == ':') {
        // A client that put "+02:00" in a query unencoded sent a space (the form encoding's).
        const auto hours = number(at + 1, 2);
        const auto minutes = number(at + 4, 2);
        if (!hours || !minutes || *hours > 14 || *minutes > 59) return std::nullopt;
        offset_minutes = (text[at] == '-' ? -1 : 1) * (*hours * 60 + *minutes);
    } else {
        return std::nullopt;
    }
    const std::chrono::year_month_day date{std::chrono::year(*year),
                                           std::chrono::month(static_cast<unsigned>(*month)),
                                           std::chrono::day(static_cast<unsigned>(*day))};
    if (!date.ok()) return std::nullopt;
    const std::int64_t days = std::chrono::sys_days(date).time_since_epoch().count();
    const std::int64_t seconds = days * 86'400 + std::int64_t{*hour} * 3600 +
                                 std::int64_t{*minute} * 60 + *second -
                                 std::int64_t{offset_minutes} * 60;
    return seconds * 1000;
}

// A comma-separated list's items, each trimmed; empty ones refused with `key`.
std::vector<std::string> open311_list(std::string_view text, std::size_t max_items,
                                      const char* key) {
    std::vector<std::string> items;
    for (;;) {
        const std::size_t comma = text.find(',');
        const std::string_view item = trimmed(text.substr(0, comma));
        if (item.empty() || items.size() == max_items) {
            open311_refuse(http::status::bad_request, key);
        }
        items.emplace_back(item);
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return items;
}

// The description's first line, at most kOpen311TitleCharacters characters: the report's
// title, which Open311 has no field for.
std::string open311_title(std::string_view description) {
    std::string line = tidy_line(description.substr(0, description.find('\n')));
    std::size_t count = 0;
    for (std::size_t at = 0; at < line.size(); ++at) {
        if ((static_cast<unsigned char>(line[at]) & 0xC0) == 0x80) continue;
        if (count++ == kOpen311TitleCharacters) {
            line.resize(at);
            break;
        }
    }
    return std::string(trimmed(line));
}

const std::string& open311_category_name(const config::ReportCategory& category,
                                         Language language) {
    return language == Language::kEn && !category.name_en.empty() ? category.name_en
                                                                  : category.name_lt;
}

json::value open311_text_or_null(const std::string& text) {
    return text.empty() ? json::value(nullptr) : json::value(text);
}

}  // namespace

Open311Api::Open311Api(const config::Config& config, ReportStore& store,
                       const PageRenderer& renderer, const Localization& localization)
    : config_(config), store_(store), renderer_(renderer), localization_(localization) {
    set_public_url(config.server.public_url);
}

void Open311Api::set_public_url(std::string url) {
    // The configured address wins over the listening one the portal offers later.
    if (!config_.server.public_url.empty() && !public_url_.empty()) return;
    public_url_ = std::move(url);
    while (public_url_.ends_with('/')) public_url_.pop_back();
}

ModuleEntries Open311Api::entries() {
    ModuleEntries entries;
    auto add = [&](std::string_view pattern, Reply (Open311Api::*handler)(PageCall&) const) {
        entries.routes.push_back(open_route(
            pattern, [this, handler](PageCall& call) { return (this->*handler)(call); },
            Addresses::kProgram));
        entries.routes.push_back(preflight_route(pattern));
    };
    add("/open311/v2/discovery.json", &Open311Api::discovery);
    add("/open311/v2/services.json", &Open311Api::services);
    add("/open311/v2/services/{file}", &Open311Api::service);
    add("/open311/v2/requests.json", &Open311Api::requests);
    add("/open311/v2/requests/{file}", &Open311Api::request);
    add("/open311/v2/tokens/{file}", &Open311Api::token);
    add("/api/v1/reports", &Open311Api::api_reports);
    add("/api/v1/reports/{id}", &Open311Api::api_report);
    entries.routes.push_back({.method = http::verb::post,
                              .pattern = "/open311/v2/requests.json",
                              .access = Access::anyone(),
                              .form = FormKind::kKeyed,
                              .handler = handler_of(this, &Open311Api::post_request),
                              .addresses = Addresses::kProgram});
    return entries;
}

std::string Open311Api::photo_url(const ReportPhoto& photo) const {
    return public_url_ + report_photo_path(photo.hash, "full");
}

// ---- discovery and services

Reply Open311Api::discovery(PageCall& call) const {
    return open311_guarded(call, renderer_, [&](Language language) {
        json::object endpoint;
        endpoint["specification"] = kOpen311Specification;
        endpoint["url"] = public_url_ + "/open311/v2";
        endpoint["changeset"] = kOpen311Changeset;
        endpoint["type"] = "production";
        endpoint["formats"] = json::array{"application/json"};
        json::object body;
        body["changeset"] = kOpen311Changeset;
        body["contact"] = renderer_.message(language, "open311_discovery_contact") + " " +
                          config_.mail.from_address;
        body["key_service"] = config_.mail.from_address;
        body["endpoints"] = json::array{std::move(endpoint)};
        return open311_json(call.request(), http::status::ok, body, language);
    });
}

Reply Open311Api::services(PageCall& call) const {
    return open311_guarded(call, renderer_, [&](Language language) {
        json::array list;
        for (const config::ReportCategory& category : store_.settings().categories) {
            json::object service;
            service["service_code"] = category.code;
            service["service_name"] = open311_category_name(category, language);
            service["description"] = open311_category_name(category, language);
            service["metadata"] = !category.questions.empty();
            service["type"] = "realtime";
            service["keywords"] = "";
            service["group"] = "";
            list.emplace_back(std::move(service));
        }
        return open311_json(call.request(), http::status::ok, list, language);
    });
}

Reply Open311Api::service(PageCall& call) const {
    return open311_guarded(call, renderer_, [&](Language language) {
        const std::string_view code =
            open311_stem(call.parameter("file"), "open311_error_service_code");
        const config::ReportCategory* category = store_.category(code);
        if (!category) open311_refuse(http::status::not_found, "open311_error_service_code");
        json::array attributes;
        int order = 0;
        for (const config::ReportQuestion& question : category->questions) {
            const bool yes_no = question.kind == "yes_no";
            json::object attribute;
            attribute["variable"] = true;
            attribute["code"] = question.code;
            attribute["datatype"] = yes_no ? "singlevaluelist" : "string";
            attribute["required"] = question.required;
            attribute["datatype_description"] = nullptr;
            attribute["order"] = ++order;
            attribute["description"] =
                language == Language::kEn ? question.text_en : question.text_lt;
            json::array values;
            if (yes_no) {
                values.push_back(json::object{
                    {"key", "yes"}, {"name", renderer_.message(language, "open311_value_yes")}});
                values.push_back(json::object{
                    {"key", "no"}, {"name", renderer_.message(language, "open311_value_no")}});
            }
            attribute["values"] = std::move(values);
            attributes.emplace_back(std::move(attribute));
        }
        json::object body;
        body["service_code"] = category->code;
        body["attributes"] = std::move(attributes);
        return open311_json(call.request(), http::status::ok, body, language);
    });
}

// ---- requests

json::object Open311Api::request_json(const Report& report, Language language) const {
    json::object request;
    request["service_request_id"] = report.id;
    request["status"] = is_open_state(report.state) ? "open" : "closed";
    // The newest public words of the municipality, as FixMyStreet gives them.
    std::string notes;
    for (const ReportUpdate& update : store_.updates(report.id, false)) {
        if (!update.text.empty()) notes = update.text;
    }
    request["status_notes"] = open311_text_or_null(notes);
    const config::ReportCategory* category = store_.category(report.category);
    request["service_name"] =
        category ? open311_category_name(*category, language) : report.category;
    request["service_code"] = report.category;
    // FixMyStreet's form, and its title and detail beside it.
    request["description"] =
        report.details.empty() ? report.title : report.title + ": " + report.details;
    request["title"] = report.title;
    request["detail"] = report.details;
    request["agency_responsible"] = config_.municipality.name_lt;
    request["service_notice"] = nullptr;
    request["requested_datetime"] = localization_.machine_datetime(report.created_unix_ms / 1000);
    request["updated_datetime"] = localization_.machine_datetime(
        std::max(report.updated_unix_ms, report.created_unix_ms) / 1000);
    request["expected_datetime"] = nullptr;
    request["address"] = open311_text_or_null(report.address);
    request["address_id"] = nullptr;
    request["zipcode"] = nullptr;
    request["lat"] = report.lat;
    request["long"] = report.lon;
    json::value media = nullptr;
    for (const ReportPhoto& photo : report.photos) {
        if (photo.hidden) continue;
        media = json::value(photo_url(photo));
        break;
    }
    request["media_url"] = std::move(media);
    return request;
}

Reply Open311Api::requests(PageCall& call) const {
    return open311_guarded(call, renderer_, [&](Language language) {
        std::vector<std::string> ids;
        std::vector<std::string> codes;
        std::optional<bool> open;  // nothing: both
        std::optional<std::int64_t> start;
        std::optional<std::int64_t> end;
        for (const auto& [name, value] : call.target().parameters) {
            if (name == "service_request_id") {
                ids = open311_list(value, kOpen311MaxIds, "open311_error_request_id");
            } else if (name == "service_code") {
                codes = open311_list(value, store_.settings().categories.size(),
                                     "open311_error_service_code");
                for (const std::string& code : codes) {
                    if (!store_.category(code)) {
                        open311_refuse(http::status::bad_request, "open311_error_service_code");
                    }
                }
            } else if (name == "status") {
                bool wants_open = false;
                bool wants_closed = false;
                for (const std::string& status : open311_list(value, 2, "open311_error_status")) {
                    if (status == "open") {
                        wants_open = true;
                    } else if (status == "closed") {
                        wants_closed = true;
                    } else {
                        open311_refuse(http::status::bad_request, "open311_error_status");
                    }
                }
                if (wants_open != wants_closed) open = wants_open;
            } else if (name == "start_date" || name == "end_date") {
                const auto instant = open311_instant(value, localization_);
                if (!instant) open311_refuse(http::status::bad_request, "open311_error_date");
                (name == "start_date" ? start : end) = instant;
            } else if (name != "jurisdiction_id" && name != "api_key") {
                // The jurisdiction is this server's one; a key is needed only to post.
                open311_refuse(http::status::bad_request, "open311_error_parameter");
            }
        }
        if (start && end && *end <= *start) {
            open311_refuse(http::status::bad_request, "open311_error_date_order");
        }
        json::array list;
        // Several ids ask for those requests, whatever else is asked.
        if (!ids.empty()) {
            for (const std::string& id_text : ids) {
                const auto id = parse_id(id_text);
                if (!id) open311_refuse(http::status::bad_request, "open311_error_request_id");
                const auto report = store_.report(*id);
                if (report && report->is_public())
                    list.emplace_back(request_json(*report, language));
            }
            return open311_json(call.request(), http::status::ok, list, language);
        }
        if (!start && !end) start = store_.now() - kOpen311DefaultDays * 86'400'000;
        ReportStore::Filter filter;
        if (codes.size() == 1) filter.category = codes.front();
        filter.open_only = open == true;
        // Both bounds as the store takes them: from start_date on, before end_date.
        if (end && *end <= 0) return open311_json(call.request(), http::status::ok, list, language);
        filter.created_after_unix_ms = start.value_or(0);
        filter.created_before_unix_ms = end.value_or(0);
        filter.limit = kOpen311ListChunk;
        for (std::size_t offset = 0; offset < kMaxScanned && list.size() < kMaxRequests;
             offset += kOpen311ListChunk) {
            filter.offset = offset;
            const ReportStore::Page page = store_.list(filter);
            for (const Report& report : page.reports) {
                if (!report.is_public()) continue;
                if (!codes.empty() &&
                    std::find(codes.begin(), codes.end(), report.category) == codes.end()) {
                    continue;
                }
                if (open && *open != is_open_state(report.state)) continue;
                list.emplace_back(request_json(report, language));
                if (list.size() == kMaxRequests) break;
            }
            if (offset + kOpen311ListChunk >= page.total) break;
        }
        return open311_json(call.request(), http::status::ok, list, language);
    });
}

Reply Open311Api::request(PageCall& call) const {
    return open311_guarded(call, renderer_, [&](Language language) {
        const auto id = parse_id(open311_stem(call.parameter("file"), "open311_error_not_found"));
        const auto report = id ? store_.report(*id) : std::nullopt;
        if (!report || !report->is_public()) {
            open311_refuse(http::status::not_found, "open311_error_not_found");
        }
        return open311_json(call.request(), http::status::ok,
                            json::array{request_json(*report, language)}, language);
    });
}

Reply Open311Api::token(PageCall& call) const {
    return open311_guarded(call, renderer_, [&](Language language) {
        const std::string token(open311_stem(call.parameter("file"), "open311_error_token"));
        const auto id = store_.report_of_token(token);
        if (!id) open311_refuse(http::status::not_found, "open311_error_token");
        json::object entry;
        // Not public yet (or hidden since): the token is known, the request not shown.
        const auto report = store_.report(*id);
        entry["service_request_id"] =
            report && report->is_public() ? json::value(*id) : json::value(nullptr);
        entry["token"] = token;
        return open311_json(call.request(), http::status::ok, json::array{std::move(entry)},
                            language);
    });
}

asio::awaitable<Reply> Open311Api::post_request(PageCall& call) {
    const Language language = open311_language(call);
    const FormData& form = call.form();
    std::optional<Reply> refused;
    ReportStore::NewReport report;
    try {
        const auto key_name = store_.api_key_name(form.get("api_key"));
        if (!key_name) open311_refuse(http::status::forbidden, "open311_error_api_key");
        report.category = form.get("service_code");
        if (report.category.empty()) {
            open311_refuse(http::status::bad_request, "open311_error_service_code_missing");
        }
        const config::ReportCategory* category = store_.category(report.category);
        if (!category) open311_refuse(http::status::bad_request, "open311_error_service_code");
        const auto lat = open311_degrees(form.get("lat"));
        const auto lon = open311_degrees(form.get("long"));
        if (!lat || !lon || !store_.inside_boundary(*lat, *lon)) {
            open311_refuse(http::status::bad_request, "open311_error_location");
        }
        report.lat = *lat;
        report.lon = *lon;
        const std::string description = form.get("description");
        report.details = std::string(trimmed(description));
        report.title = open311_title(description);
        if (characters(report.title) < 3) report.title = open311_category_name(*category, language);
        report.address = tidy_line(form.get("address_string"));
        for (const config::ReportQuestion& question : category->questions) {
            const std::string value = form.get("attribute[" + question.code + "]");
            if (value.empty()) continue;
            report.answers.push_back({question.code, value});
        }
        report.email = std::string(trimmed(form.get("email")));
        report.name = tidy_line(form.get("first_name") + " " + form.get("last_name"));
        // A program that names nobody posts in its own name.
        if (report.name.empty()) report.name = *key_name;
        report.language = std::string(language_code(language));
        report.api_key_name = *key_name;
    } catch (const Open311Refusal& refusal) {
        refused = open311_error(call.request(), refusal.status,
                                renderer_.message(language, refusal.key), language);
    }
    if (refused) co_return std::move(*refused);
    try {
        auto pending = store_.create(std::move(report));
        const ReportStore::Created created = co_await std::move(pending);
        json::object entry;
        entry["service_request_id"] = created.report_id;
        entry["token"] = created.token;
        entry["service_notice"] = renderer_.message(language, "open311_request_notice");
        entry["account_id"] = nullptr;
        co_return open311_json(call.request(), http::status::ok, json::array{std::move(entry)},
                               language);
    } catch (const InvalidInput& problem) {
        refused = open311_error(call.request(), http::status::bad_request,
                                renderer_.explain(language, problem), language);
    }
    co_return std::move(*refused);
}

// ---- /api/v1/reports

json::object Open311Api::report_json(const Report& report) const {
    json::object entry;
    entry["id"] = report.id;
    entry["url"] = fmt::format("{}/reports/{}", public_url_, report.id);
    entry["category"] = report.category;
    json::object name;
    const config::ReportCategory* category = store_.category(report.category);
    name["lt"] = category ? json::value(category->name_lt) : json::value(nullptr);
    name["en"] = category ? json::value(category->name_en) : json::value(nullptr);
    entry["category_name"] = std::move(name);
    entry["state"] = report_state_name(report.state);
    entry["open"] = is_open_state(report.state);
    entry["title"] = report.title;
    entry["details"] = report.details;
    entry["lat"] = report.lat;
    entry["lon"] = report.lon;
    entry["eldership"] = report.eldership;
    entry["address"] = open311_text_or_null(report.address);
    entry["reporter"] = open311_text_or_null(std::string(report.public_name()));
    auto instant = [&](std::int64_t unix_ms) {
        return unix_ms == 0 ? json::value(nullptr)
                            : json::value(localization_.machine_datetime(unix_ms / 1000));
    };
    entry["created"] = instant(report.created_unix_ms);
    entry["confirmed"] = instant(report.confirmed_unix_ms);
    entry["updated"] = instant(report.updated_unix_ms);
    entry["fixed"] = instant(report.fixed_unix_ms);
    entry["duplicate_of"] =
        report.duplicate_of == 0 ? json::value(nullptr) : json::value(report.duplicate_of);
    json::array photos;
    for (const ReportPhoto& photo : report.photos) {
        if (photo.hidden) continue;
        photos.push_back(
            json::object{{"small", public_url_ + report_photo_path(photo.hash, "small")},
                         {"full", public_url_ + report_photo_path(photo.hash, "full")}});
    }
    entry["photos"] = std::move(photos);
    return entry;
}

Reply Open311Api::api_reports(PageCall& call) const {
    ReportStore::Filter filter;
    std::int64_t page = 1;
    for (const auto& [name, value] : call.target().parameters) {
        if (name == "category") {
            if (!store_.category(value)) throw InvalidInput::text("report_api_error_value");
            filter.category = value;
        } else if (name == "state") {
            if (value == "unresolved") {
                filter.open_only = true;
                continue;
            }
            filter.state = parse_report_state(value);
            if (!filter.state || *filter.state == ReportState::kUnconfirmed ||
                *filter.state == ReportState::kHidden) {
                throw InvalidInput::text("report_api_error_value");
            }
        } else if (name == "eldership") {
            const auto& elderships = store_.settings().elderships;
            const std::string& wanted = value;  // clang 14 cannot capture a structured binding
            if (std::none_of(elderships.begin(), elderships.end(),
                             [&](const auto& eldership) { return eldership.name == wanted; })) {
                throw InvalidInput::text("report_api_error_value");
            }
            filter.eldership = value;
        } else if (name == "bbox") {
            std::vector<double> sides;
            std::string_view rest = value;
            for (int i = 0; i < 4; ++i) {
                const std::size_t comma = i < 3 ? rest.find(',') : rest.size();
                const auto side = comma == std::string_view::npos
                                      ? std::nullopt
                                      : open311_degrees(rest.substr(0, comma));
                if (!side) throw InvalidInput::text("report_api_error_value");
                sides.push_back(*side);
                rest.remove_prefix(std::min(rest.size(), comma + 1));
            }
            const GeoBox box{sides[0], sides[1], sides[2], sides[3]};
            if (!(box.south < box.north) || !(box.west < box.east) || box.south < -90 ||
                box.north > 90 || box.west < -180 || box.east > 180) {
                throw InvalidInput::text("report_api_error_value");
            }
            filter.area = box;
        } else if (name == "page") {
            const auto number = parse_id(value);
            if (!number || *number < 1 || *number > 100'000) {
                throw InvalidInput::text("report_api_error_value");
            }
            page = *number;
        } else {
            throw InvalidInput::text("report_api_error_parameter");
        }
    }
    filter.offset = static_cast<std::size_t>(page - 1) * kApiPageSize;
    filter.limit = kApiPageSize;
    const ReportStore::Page found = store_.list(filter);
    json::array reports;
    for (const Report& report : found.reports) {
        if (report.is_public()) reports.emplace_back(report_json(report));
    }
    json::object body;
    body["page"] = page;
    body["page_size"] = kApiPageSize;
    body["total"] = found.total;
    body["reports"] = std::move(reports);
    auto res = text_response(call.request(), http::status::ok, "application/json",
                             json::serialize(body), kOpen311Caching);
    set_cors(res.base());
    return res;
}

Reply Open311Api::api_report(PageCall& call) const {
    if (!call.target().parameters.empty()) throw InvalidInput::text("report_api_error_parameter");
    const auto report = store_.report(call.id("id"));
    if (!report || !report->is_public()) throw NotFound();
    json::object body = report_json(*report);
    json::array updates;
    for (const ReportUpdate& update : store_.updates(report->id, false)) {
        json::object entry;
        entry["time"] = localization_.machine_datetime(update.created_unix_ms / 1000);
        entry["author"] = update_author_name(update.author);
        entry["text"] = open311_text_or_null(update.text);
        entry["previous_state"] = report_state_name(update.previous_state);
        entry["new_state"] = report_state_name(update.new_state);
        entry["duplicate_of"] =
            update.duplicate_of == 0 ? json::value(nullptr) : json::value(update.duplicate_of);
        updates.emplace_back(std::move(entry));
    }
    body["updates"] = std::move(updates);
    auto res = text_response(call.request(), http::status::ok, "application/json",
                             json::serialize(body), kOpen311Caching);
    set_cors(res.base());
    return res;
}

}  // namespace councilcast::portal
