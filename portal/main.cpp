// councilcast: the command line. Each subcommand hands over to its module at once.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "common/log.hpp"
#include "common/private_files.hpp"
#include "config/config_loader.hpp"
#include "portal/accounts/user_command.hpp"
#include "portal/libraries.hpp"
#include "portal/portal.hpp"
#include "portal/recordings/import_command.hpp"
#include "streamer/worker.hpp"

namespace {

using namespace councilcast;

constexpr std::string_view kUsage =
    "usage:\n"
    "  councilcast demo [--listen HOST:PORT] [--data-dir DIR]   the built-in demonstration\n"
    "  councilcast serve --config FILE [--listen HOST:PORT] [--data-dir DIR] [--seed-demo]\n"
    "                   --seed-demo: fill an empty database with the demo's municipality\n"
    "  councilcast check-config FILE                           report every error in FILE\n"
    "  councilcast migrate (--config FILE | --data-dir DIR)     update the database schema\n"
    "  councilcast user add [--role ROLE]... [--member ID] [--password-stdin | --link] EMAIL\n"
    "                   (--config FILE | --data-dir DIR)        make an account; ROLE is admin,\n"
    "                   editor, moderator, official, council_member, chair, secretary or\n"
    "                   operator (the hall's broadcast console);\n"
    "                   --member: the council member (roster id) a council_member votes as\n"
    "  councilcast user list|disable EMAIL|enable EMAIL (--config FILE | --data-dir DIR)\n"
    "  councilcast import --meeting ID FILE... (--config FILE | --data-dir DIR)\n"
    "                   an older recording of meeting ID from FILE(s), one recording in order:\n"
    "                   H.264/AAC remuxed as it is, anything else transcoded; a running\n"
    "                   server shows it within seconds\n"
    "  councilcast audit verify [--config FILE | --data-dir DIR] walk the vote log's and the\n"
    "                   audit log's hash chains (default: /var/lib/councilcast); exits 1\n"
    "                   naming the first entry changed or removed\n"
    "  councilcast stream                                      (internal) a streamer worker\n";

struct Options {
    std::optional<std::string> config_file;
    std::optional<std::string> listen;
    std::optional<std::filesystem::path> data_dir;
    std::vector<std::string> roles;
    std::string member;
    std::optional<std::string> meeting;
    bool password_stdin = false;
    bool link = false;
    bool seed_demo = false;
    std::vector<std::string> positional;
};

Options parse_options(const std::vector<std::string>& args) {
    Options options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        auto value = [&](std::string_view flag) {
            if (i + 1 >= args.size()) throw InvalidInput(std::string(flag) + " needs a value");
            return args[++i];
        };
        if (args[i] == "--config") {
            options.config_file = value("--config");
        } else if (args[i] == "--listen") {
            options.listen = value("--listen");
        } else if (args[i] == "--data-dir") {
            options.data_dir = value("--data-dir");
        } else if (args[i] == "--role") {
            options.roles.push_back(value("--role"));
        } else if (args[i] == "--member") {
            options.member = value("--member");
        } else if (args[i] == "--meeting") {
            options.meeting = value("--meeting");
        } else if (args[i] == "--password-stdin") {
            options.password_stdin = true;
        } else if (args[i] == "--link") {
            options.link = true;
        } else if (args[i] == "--seed-demo") {
            options.seed_demo = true;
        } else if (args[i].starts_with("--")) {
            throw InvalidInput("unknown option " + args[i]);
        } else {
            options.positional.push_back(args[i]);
        }
    }
    return options;
}

config::Config load_or_exit(const std::filesystem::path& file) {
    config::LoadResult result = config::load_config_file(file);
    for (const auto& error : result.errors) std::fprintf(stderr, "%s\n", error.to_string().c_str());
    if (!result.config) throw InvalidInput(file.string() + " has errors; nothing was started");
    return *result.config;
}

std::filesystem::path own_executable() {
    return std::filesystem::read_symlink("/proc/self/exe");
}

int run(const std::string& command, const Options& options) {
    if (command == "stream") {
        init_logging("info", false);
        return streamer::run_worker();
    }
    if (command == "check-config") {
        if (options.positional.size() != 1) throw InvalidInput("check-config needs one FILE");
        config::LoadResult result = config::load_config_file(options.positional[0]);
        for (const auto& error : result.errors) {
            std::printf("%s\n", error.to_string().c_str());
        }
        if (!result.config) return 1;
        config::apply_credentials(*result.config, std::getenv("CREDENTIALS_DIRECTORY"));
        for (const auto& warning : portal::exposed_secrets(*result.config)) {
            std::printf("warning: %s\n", warning.c_str());
        }
        std::printf("%s: ok\n", options.positional[0].c_str());
        return 0;
    }
    if (command == "migrate") {
        init_logging("info", false);
        std::filesystem::path data_dir;
        if (options.data_dir) {
            data_dir = *options.data_dir;
        } else if (options.config_file) {
            data_dir = load_or_exit(*options.config_file).server.data_dir;
        } else {
            throw InvalidInput("migrate needs --config FILE or --data-dir DIR");
        }
        int applied = portal::migrate_data_dir(data_dir);
        std::printf("%s: %d migration(s) applied\n", data_dir.c_str(), applied);
        return 0;
    }
    if (command == "user") {
        init_logging("info", false);
        if (options.positional.empty())
            throw InvalidInput("user needs add, list, disable or enable");
        config::Config config;
        if (options.config_file) {
            config = load_or_exit(*options.config_file);
        } else if (options.data_dir) {
            // A data directory alone: the demo's settings (its address for links) apply.
            config = config::demo_config();
        } else {
            throw InvalidInput("user needs --config FILE or --data-dir DIR");
        }
        config::apply_overrides(config, std::nullopt, options.data_dir);
        portal::UserCommand user{options.positional[0],
                                 options.roles,
                                 options.password_stdin,
                                 options.link,
                                 {options.positional.begin() + 1, options.positional.end()},
                                 options.member,
                                 [&config](std::int64_t member_id) {
                                     return portal::roster_has_member(config.server.data_dir,
                                                                      member_id);
                                 }};
        portal::migrate_data_dir(config.server.data_dir);
        return portal::run_user_command(user, config);
    }
    if (command == "import") {
        init_logging("warn", false);
        if (!options.meeting) throw InvalidInput("import needs --meeting ID");
        config::Config config;
        if (options.config_file) {
            config = load_or_exit(*options.config_file);
        } else if (options.data_dir) {
            // A data directory alone: the demo's channel and renditions apply.
            config = config::demo_config();
        } else {
            throw InvalidInput("import needs --config FILE or --data-dir DIR");
        }
        config::apply_overrides(config, std::nullopt, options.data_dir);
        portal::migrate_data_dir(config.server.data_dir);
        return portal::run_import_command(
            {portal::parse_meeting_id(*options.meeting), options.positional}, config);
    }
    if (command == "audit") {
        if (options.positional != std::vector<std::string>{"verify"}) {
            throw InvalidInput("audit needs one subcommand: verify");
        }
        std::filesystem::path data_dir = config::Config{}.server.data_dir;
        if (options.data_dir) {
            data_dir = *options.data_dir;
        } else if (options.config_file) {
            data_dir = load_or_exit(*options.config_file).server.data_dir;
        }
        return portal::verify_logs(data_dir);
    }
    if (command == "serve" || command == "demo") {
        config::Config config;
        if (command == "demo") {
            config = config::demo_config();
        } else if (options.config_file) {
            config = load_or_exit(*options.config_file);
        } else {
            throw InvalidInput("serve needs --config FILE");
        }
        config::apply_overrides(config, options.listen, options.data_dir);
        config::apply_credentials(config, std::getenv("CREDENTIALS_DIRECTORY"));
        config.server.data_dir = std::filesystem::absolute(config.server.data_dir);
        // Under systemd, journald stamps every line itself.
        init_logging(config.server.log_level, std::getenv("JOURNAL_STREAM") == nullptr);
        return portal::serve(config, own_executable(), command == "demo" || options.seed_demo,
                             command == "demo");
    }
    throw InvalidInput("unknown command " + command);
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::fputs(kUsage.data(), args.empty() ? stderr : stdout);
        return args.empty() ? 2 : 0;
    }
    councilcast::keep_new_files_private();
    try {
        councilcast::portal::init_libraries();
        std::string command = args[0];
        return run(command, parse_options({args.begin() + 1, args.end()}));
    } catch (const councilcast::InvalidInput& e) {
        std::fprintf(stderr, "councilcast: %s\n%s", e.what(), kUsage.data());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "councilcast: %s\n", e.what());
        return 1;
    }
}
