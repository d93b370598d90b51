// The administrator's commands run as the administrator runs them: the real binary, its exit
// status, what it prints, and what it did to the database (read back with Debian's sqlite3).
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "tests/support/demo_process.hpp"
#include "tests/support/shell_command.hpp"
#include "tests/support/test_browser.hpp"
#include "tests/support/test_certificate.hpp"

using namespace councilcast::testing;

namespace {

// Runs `councilcast ARGUMENTS` with `input` on standard input (a file, so not a terminal) and
// `environment` (NAME=VALUE ..., shell-quoted) added, under an administrator's usual umask 022.
CommandResult run_councilcast(const std::string& arguments, const std::string& input = "",
                              const std::string& environment = "") {
    static int run = 0;
    const auto in = fresh_directory("command-line-io") / ("in-" + std::to_string(++run));
    std::ofstream(in) << input;
    return run_shell("umask 022; " + environment + " " + shell_quoted(councilcast_binary()) + " " +
                     arguments + " < " + shell_quoted(in));
}

// One value from the database, as Debian's sqlite3 prints it.
std::string query(const std::filesystem::path& data_dir, const std::string& sql) {
    const std::string command = "sqlite3 " +
                                shell_quoted((data_dir / "councilcast.sqlite").string()) + " " +
                                shell_quoted(sql);
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::string output;
    char chunk[256];
    while (std::fgets(chunk, sizeof chunk, pipe) != nullptr) output += chunk;
    REQUIRE(::pclose(pipe) == 0);
    while (!output.empty() && output.back() == '\n') output.pop_back();
    return output;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("check-config passes the shipped files and names the line and key of each error") {
    for (const char* file : {"config/councilcast.toml", "config/demo.toml"}) {
        CAPTURE(file);
        const std::string path = source_dir() + "/" + file;
        CommandResult good = run_councilcast("check-config " + shell_quoted(path));
        CHECK(good.exit_code == 0);
        CHECK(good.out == path + ": ok\n");
    }

    const auto dir = fresh_directory("check-config");
    const auto bad = dir / "bad.toml";
    std::ofstream(bad) << "[server]\n"
                          "listen = \"127.0.0.1:8080\"\n"
                          "\n"
                          "[accounts]\n"
                          "hash_threads = 99\n"
                          "\n"
                          "[[channel]]\n"
                          "id = \"hall\"\n"
                          "title_lt = \"Salė\"\n"
                          "title_en = \"Hall\"\n"
                          "  [[channel.camera]]\n"
                          "  id = \"test\"\n"
                          "  title = \"Test\"\n"
                          "  kind = \"test\"\n"
                          "  [[channel.rendition]]\n"
                          "  name = \"720p\"\n"
                          "  width = 161\n"
                          "  height = 90\n";
    CommandResult result = run_councilcast("check-config " + shell_quoted(bad.string()));
    INFO(result.out);
    CHECK(result.exit_code != 0);
    // Every error, each with file:line:column and the key's path, not just the first.
    CHECK(contains(result.out, bad.string() + ":5:"));
    CHECK(contains(result.out, "accounts.hash_threads: "));
    CHECK(contains(result.out, bad.string() + ":17:"));
    CHECK(contains(result.out, "channel[0].rendition[0].width: "));
    CHECK_FALSE(contains(result.out, ": ok"));

    CommandResult broken =
        run_councilcast("check-config " + shell_quoted((dir / "missing.toml").string()));
    CHECK(broken.exit_code != 0);
    CHECK(contains(broken.out, "missing.toml"));

    std::ofstream(dir / "syntax.toml") << "[server\nlisten = 1\n";
    CommandResult syntax =
        run_councilcast("check-config " + shell_quoted((dir / "syntax.toml").string()));
    CHECK(syntax.exit_code != 0);
    CHECK(contains(syntax.out, "syntax.toml:1:"));
}

TEST_CASE("migrate applies the schema once, then nothing more, and refuses a newer database") {
    const auto data_dir = fresh_directory("migrate");
    CommandResult first = run_councilcast("migrate --data-dir " + shell_quoted(data_dir.string()));
    CHECK(first.exit_code == 0);
    int applied = 0;
    REQUIRE(std::sscanf(first.out.c_str(), "%*[^:]: %d migration(s) applied", &applied) == 1);
    CHECK(applied > 0);
    CHECK(query(data_dir, "PRAGMA user_version") == std::to_string(applied));
    CHECK(query(data_dir, "PRAGMA journal_mode") == "wal");

    CommandResult second = run_councilcast("migrate --data-dir " + shell_quoted(data_dir.string()));
    CHECK(second.exit_code == 0);
    CHECK(second.out == data_dir.string() + ": 0 migration(s) applied\n");
    CHECK(query(data_dir, "PRAGMA user_version") == std::to_string(applied));

    // A database from a newer councilcast (after a downgrade) is left alone, with a reason.
    query(data_dir, "PRAGMA user_version = " + std::to_string(applied + 1));
    CommandResult newer = run_councilcast("migrate --data-dir " + shell_quoted(data_dir.string()));
    CHECK(newer.exit_code != 0);
    CHECK(contains(newer.err, "newer than this program knows"));
    CHECK(query(data_dir, "PRAGMA user_version") == std::to_string(applied + 1));
}

TEST_CASE("user add, list, disable and enable work as commands and reach the running site") {
    const auto data_dir = fresh_directory("user-command");
    const std::string where = " --data-dir " + shell_quoted(data_dir.string());

    CommandResult added =
        run_councilcast("user add --role admin --password-stdin" + where + " Admin@Example.lt",
                        std::string(kTestPassword) + "\n");
    CHECK(added.exit_code == 0);
    CHECK(added.out == "admin@example.lt: account made with roles admin\n");
    CommandResult resident = run_councilcast(
        "user add --password-stdin" + where + " ona@example.lt", std::string(kTestPassword) + "\n");
    CHECK(resident.exit_code == 0);
    CHECK(resident.out == "ona@example.lt: account made\n");

    // Refusals say what was wrong, change nothing and exit non-zero.
    CommandResult again = run_councilcast("user add --password-stdin" + where + " ona@example.lt",
                                          std::string(kTestPassword) + "\n");
    CHECK(again.exit_code != 0);
    CHECK(contains(again.err, "ona@example.lt already has an account; nothing was changed"));
    CommandResult common = run_councilcast(
        "user add --password-stdin" + where + " jonas@example.lt", "winniethepooh\n");
    CHECK(common.exit_code != 0);
    CHECK(contains(common.err, "among the most common ones"));
    CommandResult short_one =
        run_councilcast("user add --password-stdin" + where + " jonas@example.lt", "elevenchars\n");
    CHECK(short_one.exit_code != 0);
    CHECK(contains(short_one.err, "too short: use at least 12 characters"));
    CommandResult no_password = run_councilcast("user add" + where + " jonas@example.lt");
    CHECK(no_password.exit_code != 0);
    CHECK(contains(no_password.err, "standard input is not a terminal"));
    CommandResult role =
        run_councilcast("user add --role mayor --password-stdin" + where + " jonas@example.lt",
                        std::string(kTestPassword) + "\n");
    CHECK(role.exit_code != 0);
    CHECK(contains(role.err, "unknown role \"mayor\""));
    CommandResult address = run_councilcast("user add --password-stdin" + where + " not-an-address",
                                            std::string(kTestPassword) + "\n");
    CHECK(address.exit_code != 0);
    CHECK(contains(address.err, "not-an-address is not an email address"));
    CHECK(query(data_dir, "SELECT count(*) FROM user") == "2");

    CommandResult list = run_councilcast("user list" + where);
    CHECK(list.exit_code == 0);
    CHECK(contains(list.out, "admin@example.lt"));
    CHECK(contains(list.out, "ona@example.lt"));
    CHECK(contains(list.out, "2 account(s)\n"));
    CHECK_FALSE(contains(list.out, "jonas@example.lt"));
    CHECK_FALSE(contains(list.out, "disabled"));

    // Disabling someone who is signed in on the running site ends their session there.
    const auto config = data_dir / "councilcast.toml";
    std::ofstream(config) << read_text_file(source_dir() + "/tests/support/light_channel.toml");
    DemoProcess serve(DemoProcess::Command{{"serve", "--config", config.string(), "--listen",
                                            "127.0.0.1:0", "--data-dir", data_dir.string()}});
    Browser ona(serve);
    REQUIRE(ona.sign_in("ona@example.lt").status == 303);
    REQUIRE(ona.get("/account").status == 200);

    CommandResult disabled = run_councilcast("user disable" + where + " ona@example.lt");
    CHECK(disabled.exit_code == 0);
    CHECK(disabled.out == "ona@example.lt: disabled, and signed out everywhere\n");
    CHECK(contains(run_councilcast("user list" + where).out, "disabled"));
    CHECK(ona.get("/account").status == 303);
    HttpResult refused = ona.sign_in("ona@example.lt");
    CHECK(refused.status == 401);

    CommandResult enabled = run_councilcast("user enable" + where + " ona@example.lt");
    CHECK(enabled.exit_code == 0);
    CHECK(enabled.out == "ona@example.lt: enabled\n");
    CHECK(ona.sign_in("ona@example.lt").status == 303);

    CommandResult unknown = run_councilcast("user disable" + where + " nobody@example.lt");
    CHECK(unknown.exit_code != 0);
    CHECK(contains(unknown.err, "nobody@example.lt has no account"));

    // Each change made on the command line is in the audit log, by the command.
    const std::string actions =
        query(data_dir, "SELECT group_concat(action, ' ') FROM audit_log ORDER BY id");
    CHECK(contains(actions, "user.add"));
    CHECK(contains(actions, "user.disable"));
    CHECK(contains(actions, "user.enable"));
}

TEST_CASE(
    "the data directory is 0750 and the database 0600, whatever the umask; older ones are "
    "narrowed") {
    namespace fs = std::filesystem;
    const auto data_dir = fresh_directory("private-data") / "data";
    // A careless umask, as an administrator's shell may have.
    const auto first = run_councilcast("migrate --data-dir " + shell_quoted(data_dir.string()));
    REQUIRE(first.exit_code == 0);
    auto mode = [](const fs::path& path) {
        return static_cast<unsigned>(fs::status(path).permissions() & fs::perms::mask);
    };
    CHECK(mode(data_dir) == 0750);
    CHECK(mode(data_dir / "councilcast.sqlite") == 0600);
    {
        DemoProcess demo(data_dir);
        CHECK(mode(data_dir / "site.key") == 0600);
        CHECK(mode(data_dir / "councilcast.sqlite-wal") == 0600);
        CHECK((mode(data_dir / "media") & 0077) == 0);
    }
    // A data directory an older version left readable by everyone.
    fs::permissions(data_dir, fs::perms(0755));
    fs::permissions(data_dir / "councilcast.sqlite", fs::perms(0644));
    const auto again = run_councilcast("migrate --data-dir " + shell_quoted(data_dir.string()));
    REQUIRE(again.exit_code == 0);
    CHECK(mode(data_dir) == 0750);
    CHECK(mode(data_dir / "councilcast.sqlite") == 0600);
    CHECK(contains(again.err, "narrowed the permissions of"));
}

TEST_CASE(
    "check-config warns of a secret others can read, and takes systemd's credential instead") {
    namespace fs = std::filesystem;
    const auto dir = fresh_directory("exposed-secret");
    const auto password = dir / "smtp-password";
    std::ofstream(password) << "relay secret\n";
    fs::permissions(password, fs::perms(0644));
    const auto config = dir / "councilcast.toml";
    std::ofstream(config) << "[mail]\nusername = \"portal\"\npassword_file = \""
                          << password.string() << "\"\n"
                          << read_text_file(source_dir() + "/tests/support/light_channel.toml");
    const auto exposed = run_councilcast("check-config " + shell_quoted(config.string()));
    CHECK(exposed.exit_code == 0);
    CHECK(contains(exposed.out, "warning: " + password.string() +
                                    " is readable by group or others (mode 0644)"));
    // Passed by systemd (LoadCredential=councilcast-smtp-password): the file is not used.
    const auto credentials = dir / "credentials";
    fs::create_directories(credentials);
    std::ofstream(credentials / "councilcast-smtp-password") << "relay secret\n";
    fs::permissions(credentials / "councilcast-smtp-password", fs::perms(0400));
    const auto passed =
        run_councilcast("check-config " + shell_quoted(config.string()), "",
                        "CREDENTIALS_DIRECTORY=" + shell_quoted(credentials.string()));
    CHECK(passed.exit_code == 0);
    CHECK_FALSE(contains(passed.out, "warning:"));
}

TEST_CASE("check-config warns of a camera's credentials file others can read") {
    namespace fs = std::filesystem;
    const auto dir = fresh_directory("exposed-camera-credentials");
    const auto credentials = dir / "camera.credentials";
    std::ofstream(credentials) << "viewer:camera secret\n";
    fs::permissions(credentials, fs::perms(0640));
    const auto config = dir / "councilcast.toml";
    std::ofstream(config) << "[[channel]]\nid = \"hall\"\n[[channel.camera]]\nid = \"wide\"\n"
                             "kind = \"rtsp\"\nlocation = \"rtsp://192.0.2.1/1\"\n"
                             "credentials_file = \""
                          << credentials.string() << "\"\n[[channel.rendition]]\nname = \"720p\"\n";
    const auto exposed = run_councilcast("check-config " + shell_quoted(config.string()));
    CHECK(exposed.exit_code == 0);
    CHECK(contains(exposed.out, "warning: " + credentials.string() +
                                    " is readable by group or others (mode 0640)"));
    CHECK_FALSE(contains(exposed.out, "camera secret"));
    fs::permissions(credentials, fs::perms(0600));
    CHECK_FALSE(
        contains(run_councilcast("check-config " + shell_quoted(config.string())).out, "warning:"));
    // Read at start: a file that is not there stops `serve` before it broadcasts anything.
    fs::remove(credentials);
    const auto missing = run_councilcast("serve --config " + shell_quoted(config.string()) +
                                         " --listen 127.0.0.1:0 --data-dir " +
                                         shell_quoted((dir / "data").string()));
    CHECK(missing.exit_code != 0);
    CHECK(contains(missing.err, "credentials_file " + credentials.string()));
}
