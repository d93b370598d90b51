// multipart/form-data as browsers send it, and as they never would: missing or wrong
// boundaries, bodies cut short, parts without names, hostile file names.
#include "portal/http/multipart_form.hpp"

#include <doctest/doctest.h>

#include "common/error.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using namespace std::string_literals;

namespace {

constexpr const char* kType = "multipart/form-data; boundary=----councilcastXyZ";
constexpr FormData::Limits kLimits = FormData::kLongForm;

struct Part {
    std::string name;
    std::string content;
    const char* file_name = nullptr;  // a file part when set
    std::string disposition_extra;    // appended to Content-Disposition as written
};

std::string body_of(const std::vector<Part>& parts, bool closed = true) {
    std::string body;
    for (const auto& part : parts) {
        body +=
            "------councilcastXyZ\r\nContent-Disposition: form-data; name=\"" + part.name + "\"";
        if (part.file_name) {
            body += "; filename=\"" + std::string(part.file_name) +
                    "\"\r\nContent-Type: application/octet-stream";
        }
        body += part.disposition_extra + "\r\n\r\n" + part.content + "\r\n";
    }
    if (closed) body += "------councilcastXyZ--\r\n";
    return body;
}

}  // namespace

TEST_CASE("text fields and a file come through byte for byte") {
    // A boundary's prefix, a NUL and bytes that are not UTF-8 inside the file.
    const std::string pdf =
        "%PDF-1.4\r\n\r\n------councilcastXy\r\n\0binary\xff"
        "\r\n--"s;
    const std::string body = body_of({{"csrf", "tok"},
                                      {"title_lt", "Sprendimo projektas\r\nantra eilutė"},
                                      {"document", pdf, "Sprendimo projektas ąčęėįšųūž.pdf"},
                                      {"title_lt", "antras"}});
    const MultipartForm form = MultipartForm::parse(kType, body, kLimits);
    CHECK(form.fields().get("csrf") == "tok");
    CHECK(form.fields().get("title_lt") == "Sprendimo projektas\r\nantra eilutė");
    CHECK(form.fields().all("title_lt").size() == 2);
    const UploadedFile* file = form.file("document");
    REQUIRE(file != nullptr);
    CHECK(file->file_name == "Sprendimo projektas ąčęėįšųūž.pdf");
    CHECK(file->bytes == pdf);
    CHECK(form.file("photo") == nullptr);
    CHECK(form.fields().get("document").empty());
}

TEST_CASE("the content type is recognised whatever its case and parameters") {
    CHECK(MultipartForm::is_multipart("multipart/form-data; boundary=x"));
    CHECK(MultipartForm::is_multipart("Multipart/Form-Data;boundary=x"));
    CHECK_FALSE(MultipartForm::is_multipart("application/x-www-form-urlencoded"));
    CHECK_FALSE(MultipartForm::is_multipart("multipart/mixed; boundary=x"));
    CHECK_FALSE(MultipartForm::is_multipart(""));
}

TEST_CASE("a body without the boundary its header names is refused") {
    const std::string body = body_of({{"csrf", "tok"}});
    for (const char* type :
         {"multipart/form-data", "multipart/form-data; boundary=", "multipart/form-data; charset=x",
          "multipart/mixed; boundary=----councilcastXyZ", "text/plain",
          "multipart/form-data; boundary=other", "multipart/form-data; boundary=a\r\nX: y"}) {
        CAPTURE(type);
        CHECK_THROWS_AS(MultipartForm::parse(type, body, kLimits), InvalidInput);
    }
    CHECK_THROWS_WITH_AS(MultipartForm::parse("multipart/form-data", body, kLimits),
                         doctest::Contains("form_no_boundary"), InvalidInput);
}

TEST_CASE("a body cut short is refused, wherever it was cut") {
    const std::string body =
        body_of({{"csrf", "tok"}, {"document", std::string(3000, 'p'), "a.pdf"}});
    for (std::size_t cut :
         {std::size_t{0}, std::size_t{10}, body.size() / 2, body.size() - 30, body.size() - 4}) {
        CAPTURE(cut);
        CHECK_THROWS_WITH_AS(MultipartForm::parse(kType, body.substr(0, cut), kLimits),
                             doctest::Contains("form_damaged"), InvalidInput);
    }
    CHECK_THROWS_AS(MultipartForm::parse(kType, body_of({{"csrf", "tok"}}, false), kLimits),
                    InvalidInput);
    CHECK_THROWS_AS(MultipartForm::parse(kType, "not a multipart body at all", kLimits),
                    InvalidInput);
}

TEST_CASE("a part without a file name is a text field; one without a field name is refused") {
    const MultipartForm form =
        MultipartForm::parse(kType, body_of({{"document", "just text"}}), kLimits);
    CHECK(form.file("document") == nullptr);
    CHECK(form.fields().get("document") == "just text");

    const std::string nameless =
        "------councilcastXyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n"
        "------councilcastXyZ--\r\n";
    CHECK_THROWS_AS(MultipartForm::parse(kType, nameless, kLimits), InvalidInput);
    const std::string attachment =
        "------councilcastXyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n"
        "------councilcastXyZ--\r\n";
    CHECK_THROWS_AS(MultipartForm::parse(kType, attachment, kLimits), InvalidInput);
    const std::string nested =
        "------councilcastXyZ\r\nContent-Disposition: form-data; name=\"files\"\r\n"
        "Content-Type: multipart/mixed; boundary=inner\r\n\r\n--inner\r\n"
        "Content-Disposition: file; filename=\"a.pdf\"\r\n\r\nx\r\n--inner--\r\n"
        "------councilcastXyZ--\r\n";
    CHECK_THROWS_AS(MultipartForm::parse(kType, nested, kLimits), InvalidInput);
}

TEST_CASE("an empty file input is no file; a 0-byte file with a name is one") {
    const MultipartForm none =
        MultipartForm::parse(kType, body_of({{"document", "", ""}}), kLimits);
    CHECK(none.file("document") == nullptr);
    const MultipartForm empty =
        MultipartForm::parse(kType, body_of({{"document", "", "empty.pdf"}}), kLimits);
    REQUIRE(empty.file("document") != nullptr);
    CHECK(empty.file("document")->bytes.empty());
}

TEST_CASE("hostile file names arrive as sent, for the upload checks to deal with") {
    const MultipartForm form = MultipartForm::parse(
        kType,
        body_of({{"a", "x", "../../etc/passwd"},
                 {"b", "x", "a%0D%0Ab.pdf"},
                 {"c", "x", "<script>.pdf"},
                 {"d", "x", nullptr, "; filename*=UTF-8''a%0D%0Ab%E2%80%AE.pdf"}}),
        kLimits);
    CHECK(form.file("a")->file_name == "../../etc/passwd");
    CHECK(form.file("b")->file_name == "a\r\nb.pdf");
    CHECK(form.file("c")->file_name == "<script>.pdf");
    REQUIRE(form.file("d") != nullptr);
    CHECK(form.file("d")->file_name == "a\r\nb\u202e.pdf");
}

TEST_CASE("text fields are held to the form rules; files are counted") {
    CHECK_THROWS_AS(MultipartForm::parse(kType, body_of({{"title", "a\x01z"}}), kLimits),
                    InvalidInput);
    CHECK_THROWS_AS(MultipartForm::parse(kType, body_of({{"title", "\xff\xfe"}}), kLimits),
                    InvalidInput);
    CHECK_THROWS_AS(MultipartForm::parse(kType, body_of({{"title", std::string(5000, 'x')}}),
                                         FormData::kShortForm),
                    InvalidInput);
    std::vector<Part> files;
    for (int i = 0; i <= static_cast<int>(MultipartForm::kMaxFiles); ++i) {
        files.push_back({"f" + std::to_string(i), "x", "x.pdf"});
    }
    CHECK_THROWS_WITH_AS(MultipartForm::parse(kType, body_of(files), kLimits),
                         doctest::Contains("form_too_many_files"), InvalidInput);
}
