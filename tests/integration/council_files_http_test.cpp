// The council's files as a visitor and an editor meet them, on the real server: a 20 MiB
// document served from its file (whole, in ranges, HEAD) without the server's memory growing
// with its readers, and photos and documents served only while the record names them.
#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <vector>

#include "portal/council/council_store.hpp"
#include "portal/council/demo_council.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/raw_http.hpp"
#include "tests/support/test_browser.hpp"
#include "tests/support/test_certificate.hpp"

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
    for (const auto& document : record(data_dir)->documents_of(item)) {
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
