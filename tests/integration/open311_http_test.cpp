// Open311 GeoReport v2 over HTTP on one real server, as a real client meets it: the discovery,
// the services and a service's definition with its attributes, a request POSTed form-encoded
// with an api_key and attribute[...] answers (no cookie, no CSRF token), read back by id, by
// token and in lists filtered by service_code, status and dates; every refusal in the
// specification's form ([{"code": …, "description": …}]) in the client's language; and the same
// reports through /api/v1/reports, described in openapi.json.
#include <doctest/doctest.h>

#include <fstream>
#include <regex>

#include <boost/json.hpp>

#include "tests/support/demo_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/test_browser.hpp"
#include "tests/support/test_certificate.hpp"

using namespace councilcast::testing;
namespace json = boost::json;

namespace {

const std::string kKey = "open311-test-key-0123456789abcdef";

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

DemoProcess serve(const std::filesystem::path& dir) {
    const auto config = dir / "councilcast.toml";
    std::ofstream(config)
        << "[mail]\ntransport = \"files\"\nfrom_address = \"noreply@example.lt\"\n"
        << "[[reports.open311_api_keys]]\nname = \"city_app\"\nkey = \"" << kKey << "\"\n"
        << read_text_file(source_dir() + "/tests/support/light_channel.toml");
    return DemoProcess(
        DemoProcess::Command{{"serve", "--config", config.string(), "--listen", "127.0.0.1:0",
                              "--data-dir", (dir / "data").string()}});
}

// A refusal as the specification writes it: one error with the status as its code.
void check_error(const HttpResult& result, unsigned status, const std::string& text_part = {}) {
    CAPTURE(result.body);
    CHECK(result.status == status);
    CHECK(contains(result.header("content-type"), "application/json"));
    const json::array errors = json::parse(result.body).as_array();
    REQUIRE(errors.size() == 1);
    CHECK(errors.at(0).at("code").as_int64() == status);
    if (!text_part.empty()) {
        CHECK(contains(std::string(errors.at(0).at("description").as_string()), text_part));
    }
}

// What FixMyStreet's Open311 client sends for a street light: form-encoded, the key among the
// fields, the answer to the category's question as attribute[<code>].
std::string street_light(const std::string& lat, const std::string& lon) {
    return "api_key=" + kKey + "&jurisdiction_id=elektrenai.lt&service_code=lighting&lat=" + lat +
           "&long=" + lon + "&address_string=" + form_encode("Trakų g. 2, Elektrėnai") +
           "&email=" + form_encode("ona@example.lt") +
           "&first_name=Ona&last_name=" + form_encode("Petraitienė") + "&phone=&description=" +
           form_encode("Neveikia gatvės šviestuvas\nJau savaitę tamsu prie mokyklos.") +
           "&attribute%5Bpole_number%5D=" + form_encode("EL-1024") +
           "&media_url=" + form_encode("https://example.org/photo.jpg");
}

}  // namespace

TEST_CASE("Open311 GeoReport v2 as a real client meets it, and /api/v1/reports") {
    const auto dir = fresh_directory("open311-http");
    DemoProcess server = serve(dir);
    const std::string base = server.base_url() + "open311/v2/";
    HttpClient client;

    // ---- discovery and services
    const HttpResult discovery = client.get(base + "discovery.json");
    REQUIRE(discovery.status == 200);
    CHECK(discovery.header("access-control-allow-origin") == "*");
    const auto endpoints = json::parse(discovery.body).at("endpoints").as_array();
    CHECK(endpoints.at(0).at("specification").as_string() ==
          "http://wiki.open311.org/GeoReport_v2");
    CHECK(contains(std::string(endpoints.at(0).at("url").as_string()), "/open311/v2"));

    const HttpResult services = client.get(base + "services.json?jurisdiction_id=elektrenai.lt");
    REQUIRE(services.status == 200);
    const json::array listed = json::parse(services.body).as_array();
    CHECK(listed.size() == 6);
    CHECK(listed.at(1).at("service_code").as_string() == "lighting");
    CHECK(listed.at(1).at("service_name").as_string() == "Gatvių apšvietimas");
    CHECK(listed.at(1).at("metadata").as_bool());
    CHECK(listed.at(1).at("type").as_string() == "realtime");
    const HttpResult english = client.get(base + "services.json", {{"Accept-Language", "en"}});
    CHECK(json::parse(english.body).as_array().at(1).at("service_name").as_string() ==
          "Street lighting");

    const HttpResult roads = client.get(base + "services/roads.json");
    REQUIRE(roads.status == 200);
    const auto definition = json::parse(roads.body).as_object();
    CHECK(definition.at("service_code").as_string() == "roads");
    const auto& attribute = definition.at("attributes").as_array().at(0);
    CHECK(attribute.at("code").as_string() == "dangerous");
    CHECK(attribute.at("datatype").as_string() == "singlevaluelist");
    CHECK(attribute.at("required").as_bool());
    CHECK(attribute.at("values").as_array().size() == 2);
    check_error(client.get(base + "services/potholes.json"), 404);
    check_error(client.get(base + "services/roads.xml"), 404);

    // ---- a request posted: no cookie, no CSRF token, the key is the authority
    const HttpResult posted = client.post(base + "requests.json", street_light("54.786", "24.663"));
    REQUIRE(posted.status == 200);
    CAPTURE(posted.body);
    const auto created = json::parse(posted.body).as_array().at(0).as_object();
    const std::int64_t id = created.at("service_request_id").as_int64();
    const std::string token(created.at("token").as_string());
    CHECK(id > 0);
    CHECK_FALSE(token.empty());
    const HttpResult second = client.post(
        base + "requests.json",
        "api_key=" + kKey +
            "&service_code=roads&lat=54.70&long=24.90&email=" + form_encode("jonas@example.lt") +
            "&description=" + form_encode("Duobė kelyje") + "&attribute%5Bdangerous%5D=yes");
    REQUIRE(second.status == 200);
    const std::int64_t road =
        json::parse(second.body).as_array().at(0).at("service_request_id").as_int64();

    // ---- refusals in the specification's form, in the client's language
    check_error(client.post(base + "requests.json",
                            "api_key=wrong-key-0123456789abcdefgh&service_code=roads&lat=54.7&"
                            "long=24.9&email=a%40example.lt&description=x",
                            {{"Accept-Language", "en"}}),
                403, "api_key");
    check_error(client.post(base + "requests.json", "service_code=roads&lat=54.7&long=24.9"), 403);
    check_error(client.post(base + "requests.json",
                            "api_key=" + kKey + "&lat=54.7&long=24.9&email=a%40example.lt",
                            {{"Accept-Language", "en"}}),
                400, "service_code");
    check_error(client.post(base + "requests.json",
                            "api_key=" + kKey + "&service_code=roads&lat=54.68&long=25.28" +
                                "&email=a%40example.lt&description=" + form_encode("Vilniuje") +
                                "&attribute%5Bdangerous%5D=no",
                            {{"Accept-Language", "en"}}),
                400, "inside the municipality");
    // The roads' question is required.
    check_error(client.post(base + "requests.json",
                            "api_key=" + kKey + "&service_code=roads&lat=54.7&long=24.9" +
                                "&email=a%40example.lt&description=" + form_encode("Duobė")),
                400);
    check_error(client.post(base + "requests.json",
                            "api_key=" + kKey + "&service_code=roads&lat=54.7&long=24.9" +
                                "&email=not-an-address&description=" + form_encode("Duobė") +
                                "&attribute%5Bdangerous%5D=yes"),
                400);

    // ---- the request read back: by id, by token, in lists
    const HttpResult one = client.get(base + "requests/" + std::to_string(id) + ".json");
    REQUIRE(one.status == 200);
    const auto request = json::parse(one.body).as_array().at(0).as_object();
    CHECK(request.at("service_request_id").as_int64() == id);
    CHECK(request.at("status").as_string() == "open");
    CHECK(request.at("service_code").as_string() == "lighting");
    CHECK(request.at("title").as_string() == "Neveikia gatvės šviestuvas");
    CHECK(request.at("address").as_string() == "Trakų g. 2, Elektrėnai");
    CHECK(request.at("lat").as_double() == doctest::Approx(54.786));
    CHECK(request.at("long").as_double() == doctest::Approx(24.663));
    CHECK(std::regex_match(std::string(request.at("requested_datetime").as_string()),
                           std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[23]:00)")));
    CHECK(request.at("media_url").is_null());  // a remote photo is never fetched
    check_error(client.get(base + "requests/999999.json"), 404);
    check_error(client.get(base + "requests/abc.json"), 404);

    const HttpResult by_token = client.get(base + "tokens/" + token + ".json");
    REQUIRE(by_token.status == 200);
    CHECK(json::parse(by_token.body).as_array().at(0).at("service_request_id").as_int64() == id);
    check_error(client.get(base + "tokens/no-such-token.json"), 404);

    auto ids_of = [&](const std::string& query) {
        const HttpResult result = client.get(base + "requests.json" + query);
        CAPTURE(query);
        CAPTURE(result.body);
        REQUIRE(result.status == 200);
        std::vector<std::int64_t> ids;
        // Named: a range-for over a temporary's member would read it after it is destroyed.
        const json::value list = json::parse(result.body);
        for (const auto& entry : list.as_array()) {
            ids.push_back(entry.at("service_request_id").as_int64());
        }
        return ids;
    };
    CHECK(ids_of("") == std::vector<std::int64_t>{road, id});  // newest first
    CHECK(ids_of("?service_code=lighting") == std::vector<std::int64_t>{id});
    CHECK(ids_of("?service_code=lighting,roads&status=open").size() == 2);
    CHECK(ids_of("?status=closed").empty());
    CHECK(ids_of("?service_request_id=" + std::to_string(id) + ",999999") ==
          std::vector<std::int64_t>{id});
    CHECK(ids_of("?start_date=2000-01-01T00:00:00Z&end_date=2001-01-01T00:00:00Z").empty());
    CHECK(ids_of("?start_date=2000-01-01T00:00:00%2B02:00").size() == 2);
    CHECK(ids_of("?start_date=2000-01-01T00:00:00+02:00").size() == 2);  // "+" unencoded
    CHECK(ids_of("?end_date=2999-01-01T00:00:00Z&jurisdiction_id=elektrenai.lt").size() == 2);
    check_error(
        client.get(base + "requests.json?start_date=yesterday", {{"Accept-Language", "en"}}), 400,
        "W3C");
    check_error(client.get(base + "requests.json?start_date=2026-02-30T00:00:00Z"), 400);
    check_error(client.get(base + "requests.json?start_date=2026-03-01T00:00:00Z"
                                  "&end_date=2026-02-01T00:00:00Z"),
                400);
    check_error(client.get(base + "requests.json?status=pending"), 400);
    check_error(client.get(base + "requests.json?service_code=potholes"), 400);
    check_error(client.get(base + "requests.json?colour=red"), 400);

    // ---- /api/v1/reports: the same reports for the open-data readers
    const HttpResult api = client.get(server.base_url() + "api/v1/reports?category=lighting");
    REQUIRE(api.status == 200);
    CHECK(api.header("access-control-allow-origin") == "*");
    const auto page = json::parse(api.body).as_object();
    CHECK(page.at("total").as_int64() == 1);
    const auto& report = page.at("reports").as_array().at(0);
    CHECK(report.at("id").as_int64() == id);
    CHECK(report.at("state").as_string() == "open");
    CHECK(report.at("category_name").at("en").as_string() == "Street lighting");
    CHECK(report.at("reporter").as_string() == "Ona Petraitienė");
    const HttpResult detail =
        client.get(server.base_url() + "api/v1/reports/" + std::to_string(id));
    REQUIRE(detail.status == 200);
    CHECK(json::parse(detail.body).at("updates").as_array().empty());
    const HttpResult unknown = client.get(server.base_url() + "api/v1/reports?colour=red");
    CHECK(unknown.status == 400);
    CHECK(contains(unknown.header("content-type"), "application/problem+json"));
    CHECK(client.get(server.base_url() + "api/v1/reports?bbox=55,24,54,25").status == 400);
    CHECK(client.get(server.base_url() + "api/v1/reports/999999").status == 404);
    const HttpResult inside =
        client.get(server.base_url() + "api/v1/reports?bbox=54.78,24.66,54.79,24.67");
    CHECK(json::parse(inside.body).at("total").as_int64() == 1);
    CHECK(contains(client.get(server.base_url() + "api/v1/openapi.json").body, "/api/v1/reports"));
}
