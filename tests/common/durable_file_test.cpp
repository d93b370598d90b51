#include "common/durable_file.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <iterator>
#include <string>

#include "common/error.hpp"
#include "common/unique_fd.hpp"

using namespace councilcast;

namespace {

class TempDir {
  public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "durable-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path_ = pattern;
    }
    ~TempDir() {
        std::filesystem::permissions(path_, std::filesystem::perms::owner_all);
        std::filesystem::remove_all(path_);
    }
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

std::string content_of(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::size_t entries(const std::filesystem::path& folder) {
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(folder),
                                                  std::filesystem::directory_iterator()));
}

}  // namespace

TEST_CASE("a durable write leaves the whole new content and no temporary") {
    TempDir dir;
    const auto file = dir.path() / "key";
    write_file_durably(file, "first", 0600);
    CHECK(content_of(file) == "first");
    const std::string big(3 * 1024 * 1024, 'x');
    write_file_durably(file, big);
    CHECK(content_of(file) == big);
    CHECK(entries(dir.path()) == 1);
    CHECK((std::filesystem::status(file).permissions() & std::filesystem::perms::others_all) ==
          std::filesystem::perms::none);
}

TEST_CASE("a write that fails leaves the old file untouched and no temporary") {
    if (::geteuid() == 0) return;  // root writes through any permission
    TempDir dir;
    const auto file = dir.path() / "mail.eml";
    write_file_durably(file, "old");
    // A folder nobody may write to: the temporary cannot be created.
    std::filesystem::permissions(
        dir.path(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    CHECK_THROWS_AS(write_file_durably(file, "new"), Error);
    CHECK(content_of(file) == "old");
    CHECK(entries(dir.path()) == 1);
}

TEST_CASE("a write the disk refuses midway leaves the old file and removes the temporary") {
    TempDir dir;
    const auto file = dir.path() / "doc.pdf";
    write_file_durably(file, "old");
    // A file size limit stands in for a full disk: write() fails with EFBIG part of the way.
    struct rlimit saved {};
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
    const auto previous_handler = std::signal(SIGXFSZ, SIG_IGN);
    struct rlimit small = saved;
    small.rlim_cur = 1024;
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    CHECK_THROWS_AS(write_file_durably(file, std::string(4096, 'n')), Error);
    ::setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previous_handler);
    CHECK(content_of(file) == "old");
    CHECK(entries(dir.path()) == 1);
}

TEST_CASE("a write that cannot be renamed into place removes its temporary") {
    TempDir dir;
    // The target is a folder: writing and syncing succeed, the rename over it fails.
    const auto taken = dir.path() / "taken";
    std::filesystem::create_directories(taken / "inside");
    CHECK_THROWS_AS(write_file_durably(taken, "new"), Error);
    CHECK(std::filesystem::is_directory(taken / "inside"));
    CHECK(entries(dir.path()) == 1);
}

TEST_CASE("a file another writer made is published under its final name with its size") {
    TempDir dir;
    const auto part = dir.path() / "seg-000001.ts.part";
    {
        std::ofstream out(part, std::ios::binary);
        out << std::string(188 * 10, 'G');
    }
    const auto final_path = dir.path() / "seg-000001.ts";
    CHECK(publish_file_durably(part, final_path) == 1880);
    CHECK_FALSE(std::filesystem::exists(part));
    CHECK(content_of(final_path).size() == 1880);
    CHECK_THROWS_AS(publish_file_durably(part, final_path), Error);
}

TEST_CASE("a UniqueFd closes what it owns and hands it over on move") {
    TempDir dir;
    const auto file = dir.path() / "f";
    write_file_durably(file, "x");
    int raw = -1;
    {
        UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
        REQUIRE(fd);
        raw = fd.get();
        UniqueFd moved(std::move(fd));
        CHECK_FALSE(fd);
        CHECK(moved.get() == raw);
        CHECK(::fcntl(raw, F_GETFD) != -1);
    }
    CHECK(::fcntl(raw, F_GETFD) == -1);
    UniqueFd closed(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    CHECK(closed.close());
    CHECK_FALSE(closed);
}
