#include "portal/recordings/import_page.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "common/error.hpp"
#include "portal/accounts/access.hpp"
#include "portal/council/editor_forms.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = PageCall::Response;
using Dictionary = ctemplate::TemplateDictionary;
using namespace editor_forms;

namespace {

constexpr std::string_view kImportFormId = "import";
// While an import runs its page reloads this often (the Refresh header: no script needed).
constexpr int kRefreshSeconds = 2;
constexpr std::uint64_t kMiB = 1024 * 1024;
// What the file chooser offers: the containers older recordings come in.
constexpr std::string_view kAccept =
    "video/*,audio/*,.mp4,.m4v,.mov,.mkv,.avi,.wmv,.asf,.mpg,.mpeg,.vob,.ts,.m2ts,.flv,.3gp";

std::int64_t meeting_of(const PageCall& call) {
    const std::string& text = call.parameter("id");
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size() || id <= 0) throw NotFound();
    return id;
}

std::string minutes_and_seconds(double seconds) {
    const auto total = static_cast<long>(std::lround(std::max(0.0, seconds)));
    return fmt::format("{}:{:02}", total / 60, total % 60);
}

}  // namespace

ImportPage::ImportPage(const config::Config& config, ImportJobs& jobs, RecordingStore& store,
                       const CouncilStore& council)
    : config_(config), jobs_(jobs), store_(store), council_(council) {}

ModuleEntries ImportPage::entries() {
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        {verb::get, "/staff/recordings/{id}/import", kEditors, FormKind::kShort,
         handler_of(this, &ImportPage::show)},
        {verb::post, "/staff/recordings/{id}/import", kEditors, FormKind::kUpload,
         handler_of(this, &ImportPage::upload)},
    };
    return entries;
}

std::uint64_t ImportPage::max_upload_bytes() const {
    return std::min<std::uint64_t>(config_.recordings.max_upload_mb * kMiB,
                                   config_.http.max_upload_bytes);
}

asio::awaitable<Response> ImportPage::show(PageCall& call) {
    const std::int64_t meeting_id = meeting_of(call);
    if (!council_.snapshot()->meeting(meeting_id)) throw NotFound();
    co_return page(call, meeting_id, nullptr);
}

asio::awaitable<Response> ImportPage::upload(PageCall& call) {
    const std::int64_t meeting_id = meeting_of(call);
    if (!council_.snapshot()->meeting(meeting_id)) throw NotFound();
    FormProblems problems = problems_of(call, std::string(kImportFormId));
    const UploadedFile* file = call.file("file");
    if (file == nullptr || file->bytes.empty()) {
        problems.field_errors["file"] = call.text("import_error_no_file");
    } else if (file->bytes.size() > max_upload_bytes()) {
        problems.field_errors["file"] =
            call.text("import_error_too_large", "size", std::to_string(max_upload_bytes() / kMiB));
    } else if (store_.snapshot()->recording(meeting_id)) {
        problems.form_error = call.text("import_error_has_recording");
    }
    if (problems.empty()) {
        // The worker writes the bytes out: a network thread never touches the disk for them.
        std::string bytes = file->bytes;
        if (!jobs_.start(meeting_id, file->file_name, std::move(bytes),
                         call.audit_entry("recording.import", "", ""))) {
            problems.form_error = call.text("import_error_busy");
        }
    }
    if (!problems.empty()) co_return page(call, meeting_id, &problems);
    co_return call.redirect(call.path(fmt::format("/staff/recordings/{}/import", meeting_id)));
}

Response ImportPage::page(PageCall& call, std::int64_t meeting_id,
                          const FormProblems* problems) const {
    const Language language = call.language();
    const Meeting* meeting = council_.snapshot()->meeting(meeting_id);
    const std::string title = call.text("import_title");
    const auto job = jobs_.state(meeting_id);
    const bool running = !problems && job && job->phase == ImportJobState::Phase::kRunning;
    const bool has_recording = store_.snapshot()->recording(meeting_id) != nullptr;
    StaffForms forms(call.csrf_token(), problems);
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;
    Response res = call.staff_page("recordings/import.tpl", title, status, [&](Dictionary& body) {
        body.SetValue("heading", title);
        body.SetValue("meeting", meeting ? meeting->title.in(language) : std::string());
        const std::string annotation = call.path(fmt::format("/staff/recordings/{}", meeting_id));
        if (running) {
            Dictionary* progress = body.AddSectionDictionary("RUNNING");
            const int percent = static_cast<int>(job->fraction * 100);
            progress->SetIntValue("percent", percent);
            progress->SetValue("text",
                               call.text("import_percent", "percent", std::to_string(percent)));
            if (job->seconds_left) {
                progress->SetValue("left", call.text("import_time_left", "time",
                                                     minutes_and_seconds(*job->seconds_left)));
            }
            return;
        }
        if (!problems && job && job->phase == ImportJobState::Phase::kFailed) {
            Dictionary* failed = body.AddSectionDictionary("FAILED");
            failed->SetValue(
                "text", call.explain(InvalidInput::text(job->error_key, job->error_arguments)));
        }
        if (has_recording) {
            Dictionary* done = body.AddSectionDictionary("DONE");
            done->SetValue("annotation", annotation);
            if (job && job->phase == ImportJobState::Phase::kDone) {
                done->ShowSection("IMPORTED");
                for (const auto& skipped : job->skipped) {
                    Dictionary* lost = done->AddSectionDictionary("SKIPPED");
                    lost->SetValue("text", call.text("import_skipped", "seconds",
                                                     fmt::format("{:.1f}", skipped.seconds)));
                }
            }
            return;
        }
        Dictionary* section = body.AddSectionDictionary("UPLOAD");
        const std::string limit = std::to_string(max_upload_bytes() / kMiB);
        section->SetValue("limit", call.text("import_limit", "size", limit));
        section->SetValue("command", fmt::format("councilcast import --meeting {} --config "
                                                 "/etc/councilcast/councilcast.toml FILE",
                                                 meeting_id));
        StaffField file = field("file", call.text("import_field_file"), "", true);
        file.control = Control::kFile;
        file.accept = kAccept;
        file.hint = call.text("import_file_hint");
        StaffForm upload = form(std::string(kImportFormId),
                                call.path(fmt::format("/staff/recordings/{}/import", meeting_id)),
                                call.text("import_submit"), {}, {std::move(file)});
        upload.multipart = true;
        forms.place(*section, "IMPORT_FORM", std::move(upload));
        forms.summarise(body);
    });
    if (running) res.set("Refresh", std::to_string(kRefreshSeconds));
    return res;
}

}  // namespace councilcast::portal
