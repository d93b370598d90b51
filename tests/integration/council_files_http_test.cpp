// The council's files as a visitor and an editor meet them, on the real server: a 20 MiB
// document served from its file (whole, in ranges, HEAD) without the server's memory growing
// with its readers, and photos and documents served only while the record names them, their
// files deleted once it does not.
#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <vector>

#include "portal/council/council_store.hpp"
#include "portal/council/demo_council.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/raw_http.hpp"
#include "tests/support/test_browser.hpp"
#include "tests/support/test_certificate.hpp"
#include "tests/support/test_images.hpp"

using namespace councilcast;
using namespace councilcast::testing;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t kMiB = 1024 * 1024;

// `serve --seed-demo` with a channel that costs next to nothing and room for a whole 20 MiB
// document in an upload (the default max_upload_bytes counts the form around the file too).
DemoProcess serve_demo(const std::filesystem::path& data_dir) {
    const auto config = data_dir / "councilcast.toml";
    std::ofstream(config) << "[http]\nmax_upload_bytes = " << 24 * kMiB << "\n"
                          << read_text_file(source_dir() + "/tests/support/light_channel.toml");
    return DemoProcess(
        DemoProcess::Command{{"serve", "--config", config.string(), "--listen", "127.0.0.1:0",
                              "--data-dir", data_dir.string(), "--seed-demo"}});
}

std::shared_ptr<const portal::CouncilSnapshot> record(const std::filesystem::path& data_dir) {
    DatabaseWriter writer(data_dir / "councilcast.sqlite");
    portal::CouncilStore store(data_dir / "councilcast.sqlite", data_dir, writer);
    return store.snapshot();
}

// The resident set of a process, in bytes, as /proc reports it (VmRSS, in kB).
std::size_t resident_bytes(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with("VmRSS:")) return std::stoull(line.substr(6)) * 1024;
    }
    FAIL("no VmRSS for " << pid);
    return 0;
}

// A PDF as libmagic knows one, padded with a comment to exactly `size` bytes, its bytes varied
// so that a range served from the wrong place shows.
std::string pdf_of_size(std::size_t size) {
    std::string pdf = portal::decision_draft_pdf("Didelis priedas", "KS-20");
    pdf += "%";
    while (pdf.size() + 1 < size) pdf += static_cast<char>('a' + pdf.size() % 26);
    pdf += "\n";
    return pdf;
}

}  // namespace

TEST_CASE("a 20 MiB document is served from its file: whole, in ranges, HEAD, to slow readers") {
    const auto data_dir = fresh_directory("large-document");
    std::filesystem::create_directories(data_dir);
    add_user(data_dir, "editor@example.lt", "--role editor");
    DemoProcess demo = serve_demo(data_dir);
    Browser editor(demo);
    REQUIRE(editor.sign_in("editor@example.lt").status == 303);
    const std::int64_t item = record(data_dir)->agenda_items.front().id;
    REQUIRE(editor.get("/staff/meetings").status == 200);
    const std::string pdf = pdf_of_size(20 * kMiB);
    REQUIRE(editor
                .post_multipart("/staff/meeting/document",
                                {{"agenda_item_id", std::to_string(item)},
                                 {"title_lt", "Didelis priedas"},
                                 {"document", pdf, "priedas.pdf", "application/pdf"}})
                .status == 303);
    std::int64_t id = 0;
    const auto uploaded = record(data_dir);
    for (const auto& document : uploaded->documents_of(item)) {
        if (document.size_bytes == static_cast<std::int64_t>(pdf.size())) id = document.id;
    }
    REQUIRE(id != 0);
    const std::string path = "/documents/" + std::to_string(id);
    const std::string url = demo.base_url() + path.substr(1);
    const std::string size = std::to_string(pdf.size());

    HttpClient client;
    HttpResult whole = client.get(url);
    CHECK(whole.status == 200);
    CHECK(whole.header("content-length") == size);
    const bool same = whole.body == pdf;  // not printed: megabytes
    CHECK(same);
    HttpResult first = client.get(url, {{"Range", "bytes=0-0"}});
    CHECK(first.status == 206);
    CHECK(first.header("content-range") == "bytes 0-0/" + size);
    CHECK(first.body == "%");
    HttpResult middle = client.get(url, {{"Range", "bytes=10485760-10485859"}});
    CHECK(middle.status == 206);
    CHECK(middle.header("content-range") == "bytes 10485760-10485859/" + size);
    CHECK(middle.body == pdf.substr(10485760, 100));
    // HEAD: the length, and no body; the next request on the connection is answered properly.
    RawConnection head("127.0.0.1", demo.port());
    head.send("HEAD " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const std::string head_answer = head.read_until("\r\n\r\n", 10s);
    CHECK(head_answer.starts_with("HTTP/1.1 200 OK\r\n"));
    CHECK(head_answer.find("\r\nContent-Length: " + size + "\r\n") != std::string::npos);
    CHECK(head_answer.ends_with("\r\n\r\n"));
    head.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    CHECK(head.read_until("ok\n", 10s).starts_with("HTTP/1.1 200 OK\r\n"));

    // 50 readers each start the document and then read nothing more: what the server holds for
    // them is a descriptor each, not the file (before, each held its own 20 MiB copy: 1 GB).
    const std::size_t before = resident_bytes(demo.pid());
    std::vector<std::unique_ptr<RawConnection>> readers;
    for (int i = 0; i < 50; ++i) {
        readers.push_back(std::make_unique<RawConnection>("127.0.0.1", demo.port()));
        REQUIRE(readers.back()->send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    }
    for (auto& reader : readers) {
        CHECK(reader->read_until("\r\n\r\n", 20s).starts_with("HTTP/1.1 200 OK\r\n"));
    }
    const std::size_t during = resident_bytes(demo.pid());
    MESSAGE("server resident set: " << before / kMiB << " MiB before, " << during / kMiB
                                    << " MiB with 50 readers of a 20 MiB document");
    CHECK(during < before + 100 * kMiB);
    readers.clear();
    CHECK(client.get(demo.base_url() + "healthz").status == 200);
}

TEST_CASE("a photo or document taken off the record answers 404 and its file is deleted") {
    const auto data_dir = fresh_directory("removed-files");
    std::filesystem::create_directories(data_dir);
    add_user(data_dir, "editor@example.lt", "--role editor");
    DemoProcess demo = serve_demo(data_dir);
    Browser editor(demo);
    REQUIRE(editor.sign_in("editor@example.lt").status == 303);
    REQUIRE(editor.get("/staff/council").status == 200);
    HttpClient visitor;
    const auto status_of = [&](const std::string& path) {
        return visitor.get(demo.base_url() + path.substr(1)).status;
    };
    const auto gone = [&](const std::filesystem::path& file) {
        return wait_for([&] { return !std::filesystem::exists(file); }, 5s);
    };

    const std::vector<FormPart> member = {{"name", "Rūta Fotografuota"}, {"position", "member"},
                                          {"term_start", "2027-04-20"},  {"term_end", ""},
                                          {"biography_lt", "Mokytoja."}, {"biography_en", ""}};
    auto with_photo = [&](std::vector<FormPart> parts, const std::string& png) {
        parts.push_back({"photo", png, "ona.png", "image/png"});
        return parts;
    };
    REQUIRE(editor
                .post_multipart("/staff/council/member",
                                with_photo(member, councilcast::testing::png_image(8)))
                .status == 303);
    const auto find_ona = [&] {
        const auto now = record(data_dir);  // held: the loop reads into it
        for (const auto& m : now->members) {
            if (m.name == "Rūta Fotografuota") return m;
        }
        FAIL("no such member in the record");
        return portal::CouncilMember{};
    };
    const portal::CouncilMember ona = find_ona();
    const std::string first = ona.photo;
    REQUIRE_FALSE(first.empty());
    HttpResult shown = visitor.get(demo.base_url() + "photos/" + first);
    CHECK(shown.status == 200);
    CHECK(shown.header("cache-control") == "public, max-age=3600");

    // Replaced: the old photo's address is gone, and so is its file.
    std::vector<FormPart> update = member;
    update.insert(update.begin(), {"member_id", std::to_string(ona.id)});
    REQUIRE(editor
                .post_multipart("/staff/council/member",
                                with_photo(update, councilcast::testing::png_image(9)))
                .status == 303);
    const std::string second = find_ona().photo;
    REQUIRE(second != first);
    CHECK(status_of("/photos/" + first) == 404);
    CHECK(status_of("/photos/" + second) == 200);
    CHECK(gone(data_dir / "photos" / first));
    CHECK(std::filesystem::exists(data_dir / "photos" / second));

    // Removed: the same.
    update.push_back({"remove_photo", "1"});
    REQUIRE(editor.post_multipart("/staff/council/member", update).status == 303);
    CHECK(find_ona().photo.empty());
    CHECK(status_of("/photos/" + second) == 404);
    CHECK(gone(data_dir / "photos" / second));

    // A document removed from its agenda item: 404, and its file deleted.
    const std::int64_t item = record(data_dir)->agenda_items.front().id;
    editor.get("/staff/meetings");
    REQUIRE(editor
                .post_multipart("/staff/meeting/document",
                                {{"agenda_item_id", std::to_string(item)},
                                 {"title_lt", "Pašalinamas priedas"},
                                 {"document", portal::decision_draft_pdf("Pašalinamas", "KS-77"),
                                  "priedas.pdf", "application/pdf"}})
                .status == 303);
    std::optional<portal::Document> document;
    const auto with_document = record(data_dir);
    for (const auto& d : with_document->documents_of(item)) {
        if (d.title.lt == "Pašalinamas priedas") document = d;
    }
    REQUIRE(document);
    const std::string path = "/documents/" + std::to_string(document->id);
    CHECK(status_of(path) == 200);
    CHECK(
        editor.post("/staff/meeting/document/remove", "document_id=" + std::to_string(document->id))
            .status == 303);
    CHECK(status_of(path) == 404);
    CHECK(gone(data_dir / "documents" / document->sha256));
    // Files the record still names stay.
    const auto after = record(data_dir);
    for (const auto& d : after->documents) {
        CHECK(std::filesystem::exists(data_dir / "documents" / d.sha256));
    }
}
