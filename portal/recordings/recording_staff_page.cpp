#include "portal/recordings/recording_staff_page.hpp"

#include <fmt/core.h>

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

// Meetings offered in the span form: the newest, as the sitting console offers them.
constexpr std::size_t kMeetingsToChoose = 40;
constexpr std::string_view kSpanFormId = "span";

std::int64_t seconds_of(std::int64_t unix_ms) {
    return unix_ms / 1000;
}

}  // namespace

RecordingStaffPage::RecordingStaffPage(const config::Config& config, RecordingStore& store,
                                       const CouncilStore& council,
                                       const Localization& localization,
                                       const DiskGuard& disk_guard,
                                       const RedactionStore* redactions)
    : config_(config),
      store_(store),
      council_(council),
      localization_(localization),
      disk_guard_(disk_guard),
      redactions_(redactions) {}

ModuleEntries RecordingStaffPage::entries() {
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        {verb::get, "/staff/recordings", kEditors, FormKind::kShort,
         handler_of(this, &RecordingStaffPage::show)},
        {verb::post, "/staff/recordings/span", kEditors, FormKind::kShort,
         handler_of(this, &RecordingStaffPage::set_span)},
    };
    entries.navigation = {{"/staff/recordings", "recording_staff_title", kEditors, std::nullopt}};
    return entries;
}

asio::awaitable<Response> RecordingStaffPage::show(PageCall& call) {
    co_return page(call, nullptr);
}

asio::awaitable<Response> RecordingStaffPage::set_span(PageCall& call) {
    FormProblems problems = problems_of(call, std::string(kSpanFormId));
    const FormData& form = call.form();
    const std::int64_t meeting_id = required_id(call, "meeting_id");
    const auto council = council_.snapshot();
    if (!council->meeting(meeting_id)) {
        problems.field_errors["meeting_id"] = call.text("recording_error_no_meeting");
    }
    const std::string channel = form.get("channel");
    if (std::none_of(config_.channels.begin(), config_.channels.end(),
                     [&](const config::Channel& c) { return c.id == channel; })) {
        problems.field_errors["channel"] = call.text("recording_error_channel");
    }
    const auto from = localization_.parse_datetime_local(form.get("from"));
    const auto to = localization_.parse_datetime_local(form.get("to"));
    if (!from) problems.field_errors["from"] = call.text("recording_error_time");
    if (!to) problems.field_errors["to"] = call.text("recording_error_time");
    if (problems.empty()) {
        try {
            auto write =
                store_.set_span(meeting_id, channel, *from * 1000, *to * 1000, [&](std::int64_t) {
                    return call.audit_entry(
                        "recording.span", fmt::format("meeting {}", meeting_id),
                        fmt::format("{} {} .. {}", channel, form.get("from"), form.get("to")));
                });
            co_await std::move(write);
        } catch (const InvalidInput& e) {
            problems.form_error = call.explain(e);
        }
    }
    if (!problems.empty()) co_return page(call, &problems);
    co_return call.redirect(call.path("/staff/recordings") + "?saved=1");
}

void RecordingStaffPage::fill_redactions(PageCall& call, Dictionary& row,
                                         std::int64_t meeting_id) const {
    if (!redactions_) return;
    const auto active = redactions_->snapshot()->active_of(meeting_id).size();
    auto* redacted = row.AddSectionDictionary("REDACTIONS");
    redacted->SetValue("count", call.text("redaction_count", "count", std::to_string(active)));
    redacted->SetValue("href",
                       call.path(fmt::format("/staff/recordings/{}/redactions", meeting_id)));
}

// Held meetings with no recording, newest first, each linked to its import page (issue 13).
void RecordingStaffPage::add_import_links(PageCall& call, Dictionary& body,
                                          const CouncilSnapshot& council,
                                          const RecordingsSnapshot& recordings) const {
    std::size_t listed = 0;
    Dictionary* section = nullptr;
    for (auto it = council.meetings.rbegin();
         it != council.meetings.rend() && listed < kMeetingsToChoose; ++it) {
        if (it->status != MeetingStatus::kEnded || recordings.recording(it->id)) continue;
        ++listed;
        if (!section) section = body.AddSectionDictionary("IMPORT");
        Dictionary* row = section->AddSectionDictionary("IMPORTABLE");
        row->SetValue("title", shown_time(localization_, it->starts_unix) + " " +
                                   it->title.in(call.language()));
        row->SetValue("import", call.path(fmt::format("/staff/recordings/{}/import", it->id)));
    }
}

Response RecordingStaffPage::page(PageCall& call, const FormProblems* problems) const {
    const Language language = call.language();
    const auto council = council_.snapshot();
    const auto recordings = store_.snapshot();
    StaffForms forms(call.csrf_token(), problems);
    const std::string title = call.text("recording_staff_title");
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;
    return call.staff_page("recordings/staff_recordings.tpl", title, status, [&](Dictionary& body) {
        body.SetValue("heading", title);
        if (!problems && !call.query("saved").empty()) body.ShowSection("SAVED");
        if (config_.recordings.min_free_mb > 0) {
            Dictionary* disk = body.AddSectionDictionary("DISK");
            disk->SetValue("text", call.text("recording_disk_free", "free",
                                             std::to_string(disk_guard_.last_free_bytes() >> 20)) +
                                       " " +
                                       call.text("recording_disk_floor", "floor",
                                                 std::to_string(config_.recordings.min_free_mb)));
            if (disk_guard_.below_floor()) disk->ShowSection("BELOW");
        }
        if (recordings->recordings.empty()) body.ShowSection("EMPTY");
        // Newest first: the meeting an editor is looking for is usually the last one.
        for (auto it = recordings->recordings.rbegin(); it != recordings->recordings.rend(); ++it) {
            auto* row = body.AddSectionDictionary("RECORDING");
            const Meeting* meeting = council->meeting(it->meeting_id);
            row->SetValue("title", meeting ? meeting->title.in(language) : id_text(it->meeting_id));
            row->SetValue("channel", it->channel);
            row->SetValue("start", shown_time(localization_, seconds_of(it->start_unix_ms)));
            row->SetValue("end", it->end_unix_ms == 0
                                     ? std::string()
                                     : shown_time(localization_, seconds_of(it->end_unix_ms)));
            // An operator's stop is not a fault: it says so, from the catalogue.
            row->SetValue("state", it->stopped_by == StopReason::kOperator
                                       ? call.text("recording_state_stopped_operator")
                                       : call.text("recording_state_" +
                                                   std::string(recording_state_name(it->state))));
            row->SetValue("error", it->error);
            row->SetValue("playlist", fmt::format("/recordings/{}/master.m3u8", it->meeting_id));
            row->SetValue("annotate",
                          call.path(fmt::format("/staff/recordings/{}", it->meeting_id)));
            fill_redactions(call, *row, it->meeting_id);
        }
        add_import_links(call, body, *council, *recordings);
        Options meetings;
        std::size_t listed = 0;
        for (auto it = council->meetings.rbegin();
             it != council->meetings.rend() && listed < kMeetingsToChoose; ++it, ++listed) {
            meetings.emplace_back(id_text(it->id), shown_time(localization_, it->starts_unix) +
                                                       " " + it->title.in(language));
        }
        Options channels;
        for (const auto& channel : config_.channels) {
            channels.emplace_back(channel.id, language == Language::kEn && !channel.title_en.empty()
                                                  ? channel.title_en
                                                  : channel.title_lt);
        }
        StaffField from = field("from", call.text("recording_field_from"), "", true);
        from.control = Control::kDateTimeLocal;
        StaffField to = field("to", call.text("recording_field_to"), "", true);
        to.control = Control::kDateTimeLocal;
        to.hint = call.text("recording_span_hint");
        forms.place(body, "SPAN_FORM",
                    form(std::string(kSpanFormId), call.path("/staff/recordings/span"),
                         call.text("recording_span_submit"), {},
                         {choice("meeting_id", call.text("recording_field_meeting"), "",
                                 std::move(meetings)),
                          choice("channel", call.text("recording_field_channel"),
                                 config_.channels.empty() ? "" : config_.channels.front().id,
                                 std::move(channels)),
                          std::move(from), std::move(to)}));
        forms.summarise(body);
    });
}

}  // namespace councilcast::portal
