#include "portal/recordings/import_command.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>

#include "common/database_writer.hpp"
#include "common/error.hpp"
#include "portal/recordings/import_service.hpp"

namespace councilcast::portal {
namespace {

constexpr int kBarWidth = 30;
constexpr std::string_view kActor = "councilcast import";

// The command line speaks English, as `councilcast user` does; the site's pages say the same
// refusals from the catalogues (import.toml).
std::string refusal_text(const InvalidInput& refusal) {
    static const std::map<std::string, std::string, std::less<>> kTexts = {
        {"import_error_no_meeting", "there is no meeting with that id"},
        {"import_error_has_recording",
         "the meeting already has a recording; an import never replaces one"},
        {"import_error_overlap",
         "another imported recording covers the same time (a meeting scheduled at the same "
         "moment); nothing was imported"},
        {"import_error_not_media", "the file cannot be imported"},
    };
    auto it = kTexts.find(refusal.key());
    if (it == kTexts.end()) return refusal.what();
    std::string text = it->second;
    for (const auto& [name, value] : refusal.arguments()) {
        if (name == "reason") text += ": " + value;
    }
    return text;
}

std::string clock_text(double seconds) {
    const auto total = static_cast<long>(std::lround(seconds));
    return total >= 3600 ? fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60)
                         : fmt::format("{}:{:02}", total / 60, total % 60);
}

// A bar redrawn in place on a terminal; elsewhere (a log, a pipe) a line at each tenth.
class ProgressPrinter {
  public:
    ProgressPrinter() : terminal_(isatty(STDERR_FILENO) == 1) {}

    void show(const archive::ImportProgress& progress) {
        const int percent = static_cast<int>(progress.fraction * 100);
        const std::string left =
            progress.seconds_left ? clock_text(*progress.seconds_left) + " left" : "";
        if (terminal_) {
            const int filled = static_cast<int>(progress.fraction * kBarWidth);
            std::fprintf(stderr, "\r[%s%s] %3d%% %-14s", std::string(filled, '#').c_str(),
                         std::string(kBarWidth - filled, '.').c_str(), percent, left.c_str());
            std::fflush(stderr);
            drawn_ = true;
        } else if (percent / 10 > last_tenth_) {
            last_tenth_ = percent / 10;
            std::fprintf(stderr, "import: %d%% %s\n", last_tenth_ * 10, left.c_str());
        }
    }

    void end() {
        if (drawn_) std::fputc('\n', stderr);
        drawn_ = false;
    }

  private:
    const bool terminal_;
    bool drawn_ = false;
    int last_tenth_ = 0;
};

}  // namespace

std::int64_t parse_meeting_id(const std::string& text) {
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
        throw InvalidInput("--meeting needs a meeting id (a positive number), not \"" + text +
                           "\"");
    }
    return id;
}

int run_import_command(const ImportCommand& command, const config::Config& config) {
    if (command.files.empty()) throw InvalidInput("import needs at least one FILE");
    if (config.channels.empty()) throw InvalidInput("import needs a configured [[channel]]");
    std::vector<std::filesystem::path> files;
    for (const auto& file : command.files) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec)) {
            std::fprintf(stderr, "councilcast: %s is not a readable file\n", file.c_str());
            return 1;
        }
        files.emplace_back(file);
    }
    DatabaseWriter writer(config.server.data_dir / "councilcast.sqlite");
    ImportService service(config, config.server.data_dir / "media", writer);
    AuditEntry who;
    who.actor = kActor;
    who.peer = "cli";
    ProgressPrinter printer;
    const std::atomic<bool> never{false};
    try {
        service.check(command.meeting_id);
        const ImportReport report = service.import(
            command.meeting_id, files, who,
            [&printer](const archive::ImportProgress& progress) { printer.show(progress); }, never);
        printer.end();
        const auto& first = report.outcome.renditions.front();
        std::printf(
            "meeting %lld: %.1f s imported (%s) on channel %s, %zu segment(s) in %zu "
            "rendition(s), the first %s %dx%d\n",
            static_cast<long long>(report.meeting_id), report.outcome.duration_s,
            report.outcome.method == archive::ImportMethod::kRemux ? "remuxed" : "transcoded",
            report.channel.c_str(), first.segments.size(), report.outcome.renditions.size(),
            first.name.c_str(), first.width, first.height);
        if (const std::string skipped = describe_skipped(report); !skipped.empty()) {
            std::printf("warning: %s\n", skipped.c_str());
        }
        return 0;
    } catch (const InvalidInput& refusal) {
        printer.end();
        std::fprintf(stderr, "councilcast: meeting %lld: %s\n",
                     static_cast<long long>(command.meeting_id), refusal_text(refusal).c_str());
        return 1;
    } catch (const std::exception& failure) {
        printer.end();
        std::fprintf(stderr, "councilcast: meeting %lld: the import failed, nothing was kept: %s\n",
                     static_cast<long long>(command.meeting_id), failure.what());
        return 1;
    }
}

}  // namespace councilcast::portal
