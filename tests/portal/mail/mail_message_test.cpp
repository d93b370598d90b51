#include "portal/mail/mail_message.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "common/error.hpp"

using namespace councilcast;
using namespace councilcast::portal;

namespace {

const std::string kLink = "https://tv.elektrenai.lt/paskyra/patvirtinti?zetonas=Zx9-4kQ";

MailMessage confirmation() {
    return {.to = "vardenis.pavardenis@elektrenai.lt",
            .subject = "Patvirtinkite paskyrą: ąčęėįšųūž ĄČĘĖĮŠŲŪŽ",
            .text = "Sveiki,\n\nnorėdami patvirtinti paskyrą, atverkite nuorodą:\n" + kLink +
                    "\n\nElektrėnų savivaldybė\n",
            .html =
                "<p>Sveiki,</p><p>norėdami patvirtinti paskyrą, atverkite "
                "<a href=\"" +
                kLink + "\">šią nuorodą</a>.</p><p>Elektrėnų savivaldybė</p>"};
}

// 2026-03-11 10:00:00 UTC
const auto kDate = std::chrono::system_clock::time_point(std::chrono::seconds(1773223200));

std::vector<std::string> header_lines(const std::string& mime) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (;;) {
        const auto end = mime.find("\r\n", start);
        if (end == std::string::npos || end == start) return lines;
        lines.push_back(mime.substr(start, end - start));
        start = end + 2;
    }
}

}  // namespace

TEST_CASE("a message is plain text and HTML whose Lithuanian letters survive any relay") {
    const std::string mime = mime_bytes(confirmation(), "noreply@elektrenai.lt", kDate);

    // 7-bit and CRLF throughout: nothing for an old relay to mangle.
    CHECK(std::all_of(mime.begin(), mime.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x80; }));
    for (std::size_t i = mime.find('\n'); i != std::string::npos; i = mime.find('\n', i + 1)) {
        REQUIRE(i > 0);
        CHECK(mime[i - 1] == '\r');
    }
    CHECK(mime.find("multipart/alternative") != std::string::npos);
    const auto headers = header_lines(mime);
    auto header = [&](std::string_view name) {
        auto it = std::find_if(headers.begin(), headers.end(),
                               [&](const std::string& line) { return line.starts_with(name); });
        return it == headers.end() ? std::string() : *it;
    };
    CHECK(header("From: ") == "From: noreply@elektrenai.lt");
    CHECK(header("To: ") == "To: vardenis.pavardenis@elektrenai.lt");
    CHECK(header("Date: ") == "Date: Wed, 11 Mar 2026 10:00:00 +0000");
    CHECK(header("Subject: ").find("=?UTF-8?") != std::string::npos);  // RFC 2047
    CHECK(header("Message-Id: ").ends_with("@elektrenai.lt>"));

    const MailMessage read = read_mime(mime);
    CHECK(read.to == "vardenis.pavardenis@elektrenai.lt");
    CHECK(read.subject == "Patvirtinkite paskyrą: ąčęėįšųūž ĄČĘĖĮŠŲŪŽ");
    CHECK(read.text.find(kLink) != std::string::npos);
    CHECK(read.text.find("norėdami patvirtinti paskyrą") != std::string::npos);
    CHECK(read.html.find("<a href=\"" + kLink + "\">šią nuorodą</a>") != std::string::npos);
}

TEST_CASE("every message gets its own Message-ID") {
    const auto a = mime_bytes(confirmation(), "noreply@elektrenai.lt", kDate);
    const auto b = mime_bytes(confirmation(), "noreply@elektrenai.lt", kDate);
    auto id = [](const std::string& mime) {
        const auto at = mime.find("Message-Id: ");
        return mime.substr(at, mime.find("\r\n", at) - at);
    };
    CHECK(id(a) != id(b));
}

TEST_CASE("a recipient that could inject a header or a second address is refused") {
    auto with_to = [](std::string to) {
        auto message = confirmation();
        message.to = std::move(to);
        return message;
    };
    for (const char* bad :
         {"vardenis@elektrenai.lt\r\nBcc: spy@example.com",
          "vardenis@elektrenai.lt\nBcc: spy@example.com", "<vardenis@elektrenai.lt>",
          "Vardenis <vardenis@elektrenai.lt>", "vardenis@elektrenai.lt, spy@example.com",
          "vardenis", "vardenis@", "@elektrenai.lt", "var@denis@elektrenai.lt",
          "var denis@elektrenai.lt", "vardenis@elektrėnai.lt", ""}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(mime_bytes(with_to(bad), "noreply@elektrenai.lt", kDate), InvalidInput);
    }
    // RFC 5321's limits: 64 bytes before the @, 254 in all.
    const std::string longest = std::string(64, 'a') + "@" + std::string(186, 'b') + ".lt";
    REQUIRE(longest.size() == 254);
    CHECK_NOTHROW(mime_bytes(with_to(longest), "noreply@elektrenai.lt", kDate));
    CHECK_THROWS_AS(mime_bytes(with_to(longest + "t"), "noreply@elektrenai.lt", kDate),
                    InvalidInput);
    CHECK_THROWS_AS(
        mime_bytes(with_to("a" + longest.substr(0, 253)), "noreply@elektrenai.lt", kDate),
        InvalidInput);
}

TEST_CASE("a line break in the subject stays in the subject") {
    auto message = confirmation();
    message.subject = "Peticija: Labas\r\nBcc: spy@example.com";
    const std::string mime = mime_bytes(message, "noreply@elektrenai.lt", kDate);
    for (const auto& line : header_lines(mime)) CHECK_FALSE(line.starts_with("Bcc"));
    CHECK(read_mime(mime).subject == "Peticija: Labas  Bcc: spy@example.com");
}

TEST_CASE("text that is not UTF-8 is refused rather than sent garbled") {
    auto message = confirmation();
    message.text = "Sveiki \xe0\xe8";  // Windows-1257 bytes
    CHECK_THROWS_AS(mime_bytes(message, "noreply@elektrenai.lt", kDate), InvalidInput);
    CHECK_THROWS_AS(read_mime("not a message at all"), InvalidInput);
}

TEST_CASE("an invitation travels as invite.ics beside the text and comes back whole") {
    auto message = confirmation();
    message.calendar =
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//councilcast//Consultations//lt\r\n"
        "METHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:booking-7@elektrenai.lt\r\n"
        "SUMMARY;LANGUAGE=lt:Konsultacija: žemėtvarka\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    const std::string mime = mime_bytes(message, "noreply@elektrenai.lt", kDate);
    CHECK(std::all_of(mime.begin(), mime.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x80; }));
    CHECK(mime.find("multipart/mixed") != std::string::npos);
    CHECK(mime.find("multipart/alternative") != std::string::npos);
    CHECK(mime.find("text/calendar") != std::string::npos);
    CHECK(mime.find("method=REQUEST") != std::string::npos);
    CHECK(mime.find("filename=invite.ics") != std::string::npos);
    // The alternative comes first: a program that shows one part shows the text.
    CHECK(mime.find("multipart/alternative") < mime.find("text/calendar"));

    const MailMessage read = read_mime(mime);
    CHECK(read.text.find(kLink) != std::string::npos);
    CHECK(read.html.find("šią nuorodą") != std::string::npos);
    CHECK(read.calendar == message.calendar);

    // Without a calendar the message is as before: no mixed part.
    CHECK(mime_bytes(confirmation(), "noreply@elektrenai.lt", kDate).find("multipart/mixed") ==
          std::string::npos);
    CHECK(read_mime(mime_bytes(confirmation(), "noreply@elektrenai.lt", kDate)).calendar.empty());
}

TEST_CASE("a calendar without its METHOD, or not UTF-8, is refused") {
    auto message = confirmation();
    message.calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
    CHECK_THROWS_AS(mime_bytes(message, "noreply@elektrenai.lt", kDate), InvalidInput);
    message.calendar = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nSUMMARY:\xe0\xe8\r\nEND:VCALENDAR\r\n";
    CHECK_THROWS_AS(mime_bytes(message, "noreply@elektrenai.lt", kDate), InvalidInput);
}
