// Uploads are judged by their bytes (libmagic), never by their names, and stored under names
// that are safe to offer for download.
#include "portal/http/upload_checker.hpp"

#include <doctest/doctest.h>

#include "tests/support/test_images.hpp"

#include <glib.h>

#include <thread>
#include <vector>

#include "common/error.hpp"
#include "portal/council/demo_council.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using namespace std::string_literals;

namespace {

// The start of a JFIF file: all libmagic reads to know a JPEG.
const std::string kJpeg = "\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"s;
const std::string kHtml = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n";
const std::string kSvg =
    "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\">"
    "<script>alert(1)</script></svg>\n";
const std::string kExe = "MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"s;

}  // namespace

TEST_CASE("a real PDF is a document; PNG and JPEG are photos") {
    const UploadChecker checker;
    const std::string pdf = decision_draft_pdf("Dėl biudžeto", "KS-1");
    CHECK(checker.content_type(pdf) == "application/pdf");
    const CheckedUpload document =
        checker.check({"document", "Sprendimo projektas.pdf", pdf}, UploadKind::kDocument);
    CHECK(document.content_type == "application/pdf");
    CHECK(document.file_name == "Sprendimo projektas.pdf");
    CHECK(
        checker.check({"photo", "rasa.PNG", councilcast::testing::png_image()}, UploadKind::kPhoto)
            .content_type == "image/png");
    const CheckedUpload jpeg = checker.check({"photo", "rasa.jpeg", kJpeg}, UploadKind::kPhoto);
    CHECK(jpeg.content_type == "image/jpeg");
    CHECK(jpeg.file_name == "rasa.jpeg");
}

TEST_CASE("anything else is refused with a message naming the allowed types") {
    const UploadChecker checker;
    for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
             {"skelbimas.pdf", kHtml},
             {"setup.pdf", kExe},
             {"logo.pdf", kSvg},
             {"tekstas.pdf", "Sveiki"},
             {"nuotrauka.pdf", councilcast::testing::png_image()}}) {
        CAPTURE(name);
        CHECK_THROWS_WITH_AS(checker.check({"document", name, bytes}, UploadKind::kDocument),
                             doctest::Contains("upload_only_pdf"), InvalidInput);
    }
    CHECK_THROWS_WITH_AS(checker.check({"document", "a.pdf", kHtml}, UploadKind::kDocument),
                         doctest::Contains("type=text/html"), InvalidInput);
    for (const auto& bytes : {kSvg, kHtml, decision_draft_pdf("x", "y")}) {
        CHECK_THROWS_WITH_AS(checker.check({"photo", "photo.png", bytes}, UploadKind::kPhoto),
                             doctest::Contains("upload_only_photo"), InvalidInput);
    }
    CHECK_THROWS_WITH_AS(checker.check({"document", "empty.pdf", ""}, UploadKind::kDocument),
                         doctest::Contains("empty"), InvalidInput);
}

TEST_CASE("the stored name says what the bytes are") {
    const UploadChecker checker;
    const std::string pdf = decision_draft_pdf("x", "y");
    CHECK(checker.check({"d", "sprendimas.exe", pdf}, UploadKind::kDocument).file_name ==
          "sprendimas.exe.pdf");
    CHECK(checker.check({"d", "SPRENDIMAS.PDF", pdf}, UploadKind::kDocument).file_name ==
          "SPRENDIMAS.PDF");
    CHECK(checker.check({"d", "", pdf}, UploadKind::kDocument).file_name == "dokumentas.pdf");
    CHECK(checker.check({"d", "../..", pdf}, UploadKind::kDocument).file_name == "dokumentas.pdf");
    CHECK(checker.check({"p", "veidas.jpg", councilcast::testing::png_image()}, UploadKind::kPhoto)
              .file_name == "veidas.jpg.png");
    const std::string stored =
        checker.check({"d", std::string(200, 'x') + ".exe", pdf}, UploadKind::kDocument).file_name;
    CHECK(stored.size() == kMaxFileNameChars);
    CHECK(stored.ends_with("xx.pdf"));
}

TEST_CASE("file names lose path parts, controls and reserved characters, and keep letters") {
    CHECK(safe_file_name("../../etc/passwd") == "passwd");
    CHECK(safe_file_name("C:\\fakepath\\Sprendimas.pdf") == "Sprendimas.pdf");
    CHECK(safe_file_name("a\r\nb.pdf") == "ab.pdf");
    // A NUL is no text at all: marked, like any byte that is not UTF-8.
    CHECK(safe_file_name("a\0b.pdf"s) == "a_b.pdf");
    CHECK(safe_file_name("<script>.pdf") == "_script_.pdf");
    CHECK(safe_file_name("a\"b:c*d?e|f.pdf") == "a_b_c_d_e_f.pdf");
    CHECK(safe_file_name("Sprendimas ąčęėįšųūž ĄČĘĖĮŠŲŪŽ.pdf") ==
          "Sprendimas ąčęėįšųūž ĄČĘĖĮŠŲŪŽ.pdf");
    // A right-to-left override would make "fdp.exe" read as "exe.pdf".
    CHECK(safe_file_name("sąskaita\u202efdp.exe") == "sąskaitafdp.exe");
    CHECK(safe_file_name("a\u200bb.pdf") == "ab.pdf");
    // macOS sends decomposed letters: "ė" as e + combining dot.
    CHECK(safe_file_name("Elektre\u0307nai.pdf") == "Elektrėnai.pdf");
    CHECK(safe_file_name("..hidden.pdf") == "hidden.pdf");
    CHECK(safe_file_name("  daug   tarpų\t.pdf  ") == "daug tarpų .pdf");
    CHECK(safe_file_name("trailing.pdf...") == "trailing.pdf");
    CHECK(safe_file_name("a\xff\xfe.pdf") == "a__.pdf");
    CHECK(safe_file_name("...").empty());
    CHECK(safe_file_name("").empty());
    const std::string long_name = safe_file_name(std::string(150, 'a') + "ą.pdf");
    CHECK(long_name.ends_with("a.pdf"));
    CHECK(g_utf8_strlen(long_name.c_str(), -1) == static_cast<glong>(kMaxFileNameChars));
    // Cut by characters, never inside one.
    const std::string lithuanian = safe_file_name(std::string(90, 'x') + "ąčęėįšųūžąčęėįšųūž");
    CHECK(g_utf8_validate(lithuanian.c_str(), -1, nullptr));
    CHECK(g_utf8_strlen(lithuanian.c_str(), -1) == static_cast<glong>(kMaxFileNameChars));
    CHECK(lithuanian.ends_with("ąčęėįšųūžą"));
}

TEST_CASE("several threads may check at once") {
    const UploadChecker checker;
    const std::string pdf = decision_draft_pdf("x", "y");
    std::vector<int> wrong(4);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < wrong.size(); ++i) {
        threads.emplace_back([&, i] {
            for (int n = 0; n < 200; ++n) {
                if (checker.content_type(n % 2 ? pdf : kHtml) !=
                    (n % 2 ? "application/pdf" : "text/html")) {
                    ++wrong[i];
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    for (int count : wrong) CHECK(count == 0);
}
