#include "portal/recordings/redaction_staff_page.hpp"

#include <fmt/core.h>

#include <charconv>
#include <cmath>
#include <vector>

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

constexpr Access kEditors = Access::any_of(Roles(Role::kEditor) | Role::kAdmin);
// Showing hidden minutes again undoes an editor's legal judgement: the admin's alone.
constexpr Access kAdmins = Access::any_of(Roles(Role::kAdmin));
constexpr std::string_view kFormId = "redaction";
constexpr std::size_t kMaxTypedTime = 16;
// A typed time is bounded too: no meeting is longer than a few days.
constexpr double kLongestRecording = 7 * 86'400.0;

// Digits, with a fraction of at most three digits when `fraction` allows one.
std::optional<double> number(std::string_view text, bool fraction) {
    if (text.empty()) return std::nullopt;
    const auto dot = text.find('.');
    if (dot != std::string_view::npos &&
        (!fraction || dot == 0 || text.size() - dot - 1 > 3 || text.size() - dot - 1 == 0)) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i != dot && (text[i] < '0' || text[i] > '9')) return std::nullopt;
    }
    double value = 0;
    const auto [end, error] =
        std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::string meeting_path(std::int64_t meeting_id) {
    return fmt::format("/staff/recordings/{}", meeting_id);
}

}  // namespace

std::optional<double> typed_media_time(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (text.empty() || text.size() > kMaxTypedTime) return std::nullopt;
    std::vector<std::string_view> parts;
    for (std::size_t at = 0;;) {
        const auto colon = text.find(':', at);
        parts.push_back(text.substr(at, colon == std::string_view::npos ? colon : colon - at));
        if (colon == std::string_view::npos) break;
        at = colon + 1;
    }
    if (parts.size() > 3) return std::nullopt;
    double seconds = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const bool last = i + 1 == parts.size();
        // After the first part, minutes and seconds are two digits each ("1:02:03").
        if (i > 0 && (parts[i].size() < 2 || parts[i][0] > '5' ||
                      (parts[i].size() > 2 && parts[i][2] != '.'))) {
            return std::nullopt;
        }
        const auto value = number(parts[i], last);
        if (!value) return std::nullopt;
        seconds = seconds * 60 + *value;
    }
    if (!(seconds <= kLongestRecording)) return std::nullopt;
    return seconds;
}

std::string shown_media_time(double seconds) {
    const auto tenths = static_cast<std::int64_t>(std::llround(std::max(0.0, seconds) * 10));
    const std::int64_t whole = tenths / 10;
    std::string text = fmt::format("{}:{:02}:{:02}", whole / 3600, whole / 60 % 60, whole % 60);
    if (tenths % 10 != 0) text += fmt::format(".{}", tenths % 10);
    return text;
}

RedactionStaffPage::RedactionStaffPage(RedactionStore& redactions, RecordingArchive& archive,
                                       const CouncilStore& council,
                                       const Localization& localization)
    : redactions_(redactions), archive_(archive), council_(council), localization_(localization) {}

ModuleEntries RedactionStaffPage::entries() {
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        {verb::get, "/staff/recordings/{id}/redactions", kEditors, FormKind::kShort,
         handler_of(this, &RedactionStaffPage::show)},
        {verb::post, "/staff/recordings/{id}/redactions", kEditors, FormKind::kShort,
         handler_of(this, &RedactionStaffPage::hide)},
        {verb::post, "/staff/recordings/{id}/redactions/{redaction}/restore", kAdmins,
         FormKind::kShort, handler_of(this, &RedactionStaffPage::restore)},
        {verb::post, "/staff/recordings/{id}/publish", kEditors, FormKind::kShort,
         handler_of(this, &RedactionStaffPage::publish)},
    };
    return entries;
}

asio::awaitable<Response> RedactionStaffPage::show(PageCall& call) {
    const std::int64_t meeting_id = call.id("id");
    co_return page(call, meeting_id, nullptr);
}

asio::awaitable<Response> RedactionStaffPage::hide(PageCall& call) {
    const std::int64_t meeting_id = call.id("id");
    if (!archive_.recording(meeting_id)) throw NotFound();
    FormProblems problems = problems_of(call, std::string(kFormId));
    const FormData& form = call.form();
    const auto from_s = typed_media_time(form.get("from"));
    const auto to_s = typed_media_time(form.get("to"));
    if (!from_s) problems.field_errors["from"] = call.text("redaction_error_time");
    if (!to_s) problems.field_errors["to"] = call.text("redaction_error_time");
    if (from_s && to_s && !(*to_s > *from_s)) {
        problems.field_errors["to"] = call.text("redaction_error_range");
    }
    const auto timeline = archive_.timeline(meeting_id);
    if (from_s && timeline && !timeline->live && *from_s >= timeline->duration_s) {
        problems.field_errors["from"] =
            call.text("redaction_error_past_end", "length", shown_media_time(timeline->duration_s));
    }
    const std::string reason = form.get("reason");
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
        problems.field_errors["reason"] = call.text("redaction_error_reason");
    }
    std::optional<std::int64_t> from_ms;
    std::optional<std::int64_t> to_ms;
    if (problems.empty()) {
        from_ms = archive_.unix_ms_at(meeting_id, *from_s);
        to_ms = archive_.unix_ms_at(meeting_id, *to_s);
        if (!from_ms || !to_ms) problems.form_error = call.text("redaction_error_no_media");
    }
    if (problems.empty()) {
        try {
            const std::string detail =
                fmt::format("{} .. {}: {}", shown_media_time(*from_s), shown_media_time(*to_s),
                            reason.substr(0, RedactionStore::kMaxReasonBytes));
            auto write = redactions_.hide(
                meeting_id, *from_ms, *to_ms, reason, call.user().email, [&](std::int64_t id) {
                    return call.audit_entry("recording.redact",
                                            fmt::format("meeting {} redaction {}", meeting_id, id),
                                            detail);
                });
            co_await std::move(write);
        } catch (const InvalidInput& e) {
            problems.form_error = call.explain(e);
        }
    }
    if (!problems.empty()) co_return page(call, meeting_id, &problems);
    co_return call.redirect(call.path(meeting_path(meeting_id) + "/redactions") + "?saved=1");
}

asio::awaitable<Response> RedactionStaffPage::restore(PageCall& call) {
    const std::int64_t meeting_id = call.id("id");
    const std::int64_t redaction_id = call.id("redaction");
    const Redaction* redaction = redactions_.snapshot()->redaction(redaction_id);
    if (!redaction || redaction->meeting_id != meeting_id) throw NotFound();
    FormProblems problems = problems_of(call, std::string(kFormId));
    try {
        auto write = redactions_.restore(redaction_id, call.user().email, [&](std::int64_t id) {
            return call.audit_entry("recording.restore",
                                    fmt::format("meeting {} redaction {}", meeting_id, id), "");
        });
        co_await std::move(write);
    } catch (const InvalidInput& e) {
        problems.form_error = call.explain(e);
        co_return page(call, meeting_id, &problems);
    }
    co_return call.redirect(call.path(meeting_path(meeting_id) + "/redactions") + "?saved=1");
}

asio::awaitable<Response> RedactionStaffPage::publish(PageCall& call) {
    const std::int64_t meeting_id = call.id("id");
    if (!archive_.recording(meeting_id)) throw NotFound();
    const std::string value = call.form().get("published");
    if (value != "1" && value != "0") throw InvalidInput::text("publishing_error_value");
    const bool published = value == "1";
    auto write = redactions_.set_published(meeting_id, published, [&](std::int64_t id) {
        return call.audit_entry(published ? "recording.publish" : "recording.unpublish",
                                fmt::format("meeting {}", id), "");
    });
    co_await std::move(write);
    co_return call.redirect(call.path(meeting_path(meeting_id)) + "?saved=1");
}

Response RedactionStaffPage::page(PageCall& call, std::int64_t meeting_id,
                                  const FormProblems* problems) {
    if (!archive_.recording(meeting_id)) throw NotFound();
    const Language language = call.language();
    const auto council = council_.snapshot();
    const Meeting* meeting = council->meeting(meeting_id);
    const auto snapshot = redactions_.snapshot();
    const bool admin = call.user().roles.has(Role::kAdmin);
    StaffForms forms(call.csrf_token(), problems);
    const std::string title = call.text("redaction_staff_title");
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;
    return call.staff_page("recordings/staff_redactions.tpl", title, status, [&](Dictionary& body) {
        body.SetValue("heading", title);
        body.SetValue("meeting", meeting ? meeting->title.in(language) : id_text(meeting_id));
        body.SetValue("back", call.path(meeting_path(meeting_id)));
        body.SetValue("state",
                      call.text(archive_.published(meeting_id) ? "publishing_published"
                                                               : "publishing_unpublished"));
        if (!problems && !call.query("saved").empty()) body.ShowSection("SAVED");
        const auto redactions = snapshot->of(meeting_id);
        if (redactions.empty()) body.ShowSection("EMPTY");
        for (const Redaction* redaction : redactions) {
            auto* row = body.AddSectionDictionary("REDACTION");
            const auto from = archive_.media_time(meeting_id, redaction->from_unix_ms);
            const auto to = archive_.media_time(meeting_id, redaction->to_unix_ms);
            row->SetValue("from", from ? shown_media_time(*from) : std::string("?"));
            row->SetValue("to", to ? shown_media_time(*to) : std::string("?"));
            row->SetValue("reason", redaction->reason);
            row->SetValue("by", redaction->created_by);
            row->SetValue("when", shown_time(localization_, redaction->created_unix_ms / 1000));
            if (redaction->active()) {
                row->SetValue("state", call.text("redaction_state_active"));
                if (admin) {
                    forms.place(*row, "RESTORE_FORM",
                                buttons(form(fmt::format("restore-{}", redaction->id),
                                             call.path(fmt::format(
                                                 "/staff/recordings/{}/redactions/{}/restore",
                                                 meeting_id, redaction->id)),
                                             call.text("redaction_restore"), {})));
                }
            } else {
                row->SetValue("state",
                              call.text("redaction_state_restored", "who", redaction->restored_by) +
                                  " " +
                                  shown_time(localization_, redaction->restored_unix_ms / 1000));
            }
        }
        StaffField from = field("from", call.text("redaction_field_from"), "", true);
        from.hint = call.text("redaction_time_hint");
        StaffField to = field("to", call.text("redaction_field_to"), "", true);
        to.hint = call.text("redaction_time_hint");
        StaffField reason = field("reason", call.text("redaction_field_reason"), "", true);
        reason.control = Control::kTextarea;
        reason.hint = call.text("redaction_reason_hint");
        forms.place(body, "REDACTION_FORM",
                    form(std::string(kFormId), call.path(meeting_path(meeting_id) + "/redactions"),
                         call.text("redaction_submit"), {},
                         {std::move(from), std::move(to), std::move(reason)}));
        forms.summarise(body);
    });
}

}  // namespace councilcast::portal
