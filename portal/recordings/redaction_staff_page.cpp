#include "portal/recordings/redaction_staff_page.hpp"

#include <fmt/core.h>

#include <cmath>
#include <vector>

#include "common/error.hpp"
#include "portal/accounts/access.hpp"
#include "portal/council/editor_forms.hpp"
#include "portal/pages/media_clock.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = PageCall::Response;
using Dictionary = ctemplate::TemplateDictionary;
using namespace editor_forms;

namespace {

// Showing hidden minutes again undoes an editor's legal judgement: the admin's alone.
constexpr std::string_view kRedactionFormId = "redaction";
std::string meeting_path(std::int64_t meeting_id) {
    return fmt::format("/staff/recordings/{}", meeting_id);
}

}  // namespace

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
    FormProblems problems = problems_of(call, std::string(kRedactionFormId));
    const FormData& form = call.form();
    const auto from_s = parse_clock_text(form.get("from"));
    const auto to_s = parse_clock_text(form.get("to"));
    if (!from_s) problems.field_errors["from"] = call.text("redaction_error_time");
    if (!to_s) problems.field_errors["to"] = call.text("redaction_error_time");
    if (from_s && to_s && !(*to_s > *from_s)) {
        problems.field_errors["to"] = call.text("redaction_error_range");
    }
    const auto timeline = archive_.timeline(meeting_id);
    if (from_s && timeline && !timeline->live && *from_s >= timeline->duration_s) {
        problems.field_errors["from"] = call.text("redaction_error_past_end", "length",
                                                  precise_clock_text(timeline->duration_s));
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
                fmt::format("{} .. {}: {}", precise_clock_text(*from_s), precise_clock_text(*to_s),
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
    FormProblems problems = problems_of(call, std::string(kRedactionFormId));
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
            row->SetValue("from", from ? precise_clock_text(*from) : std::string("?"));
            row->SetValue("to", to ? precise_clock_text(*to) : std::string("?"));
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
        forms.place(
            body, "REDACTION_FORM",
            form(std::string(kRedactionFormId), call.path(meeting_path(meeting_id) + "/redactions"),
                 call.text("redaction_submit"), {},
                 {std::move(from), std::move(to), std::move(reason)}));
        forms.summarise(body);
    });
}

}  // namespace councilcast::portal
