#include "portal/recordings/caption_staff_page.hpp"

#include <fmt/core.h>
#include <boost/algorithm/string/replace.hpp>

#include <algorithm>
#include <array>
#include <cctype>

#include "archive/playlist.hpp"
#include "common/error.hpp"
#include "portal/accounts/access.hpp"
#include "portal/council/editor_forms.hpp"
#include "portal/http/upload_checker.hpp"
#include "portal/pages/media_clock.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = PageCall::Response;
using Dictionary = ctemplate::TemplateDictionary;
using namespace editor_forms;

namespace {

// An editor's typed time ("1:02:03.5", "62:03", "3723.5") in milliseconds.
std::optional<std::int64_t> typed_ms(std::string_view text) {
    const auto seconds = parse_clock_text(text);
    if (!seconds) return std::nullopt;
    return timeline_ms(*seconds);
}

constexpr std::string_view kUploadForm = "upload";
constexpr std::array<Language, 2> kCaptionLanguages = {Language::kLt, Language::kEn};

std::string captions_page_path(std::int64_t meeting_id) {
    return fmt::format("/staff/recordings/{}/captions", meeting_id);
}

std::string cue_form_id(std::int64_t cue_id) {
    return "cue-" + id_text(cue_id);
}

}  // namespace

CaptionStaffPage::CaptionStaffPage(const config::Config& config, CaptionStore& store,
                                   RecordingArchive& archive, const CouncilStore& council)
    : config_(config), store_(store), archive_(archive), council_(council) {}

ModuleEntries CaptionStaffPage::entries() {
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        {verb::get, "/staff/recordings/{id}/captions", kEditors, FormKind::kShort,
         handler_of(this, &CaptionStaffPage::show)},
        {verb::post, "/staff/recordings/{id}/captions", kEditors, FormKind::kUpload,
         handler_of(this, &CaptionStaffPage::upload)},
        {verb::post, "/staff/recordings/{id}/captions/cue", kEditors, FormKind::kShort,
         handler_of(this, &CaptionStaffPage::edit)},
        {verb::post, "/staff/recordings/{id}/captions/cue/remove", kEditors, FormKind::kShort,
         handler_of(this, &CaptionStaffPage::remove)},
    };
    return entries;
}

CaptionLimits CaptionStaffPage::limits(std::int64_t meeting_id) {
    CaptionLimits limits;
    limits.max_bytes = static_cast<std::size_t>(config_.recordings.max_caption_mb) << 20;
    auto timeline = archive_.timeline(meeting_id);
    // While it records, the end is not known yet.
    if (timeline && !timeline->live) limits.length_ms = timeline_ms(timeline->duration_s);
    return limits;
}

Response CaptionStaffPage::back(PageCall& call, std::int64_t meeting_id, std::string_view language,
                                std::string_view anchor) const {
    std::string location =
        call.path(captions_page_path(meeting_id)) + "?lang=" + std::string(language);
    const std::string from = call.form().get("from");
    if (!from.empty() && std::all_of(from.begin(), from.end(), ::isdigit) && from.size() < 8) {
        location += "&from=" + from;
    }
    location += "&saved=1";
    if (!anchor.empty()) location += "#" + std::string(anchor);
    return call.redirect(location);
}

asio::awaitable<Response> CaptionStaffPage::show(PageCall& call) {
    const auto language = language_of(call.query("lang"));
    co_return page(call, call.id("id"), language.value_or(Language::kLt), nullptr);
}

asio::awaitable<Response> CaptionStaffPage::upload(PageCall& call) {
    const std::int64_t meeting_id = call.id("id");
    if (!council_.snapshot()->meeting(meeting_id)) throw NotFound();
    FormProblems problems = problems_of(call, std::string(kUploadForm));
    const auto language = language_of(call.form().get("language"));
    if (!language) problems.field_errors["language"] = call.text("caption_error_language");
    const UploadedFile* file = call.file("file");
    if (file == nullptr) problems.field_errors["file"] = call.text("caption_error_no_file");
    auto segments = archive_.segments(meeting_id, "");
    if (!archive_.recording(meeting_id) || segments->empty()) {
        problems.form_error = call.text("caption_error_no_recording");
    }
    std::vector<StoredCue> stored;
    if (problems.empty()) {
        try {
            const auto cues = parse_caption_file(file->bytes, limits(meeting_id));
            const int target = archive_.target_duration_s();
            stored.reserve(cues.size());
            for (const CaptionCue& cue : cues) {
                const auto start = archive::timeline_unix_ms(*segments, target, cue.start_ms / 1e3);
                const auto end = archive::timeline_unix_ms(*segments, target, cue.end_ms / 1e3);
                // Within a segment the wall clock runs as the timeline does: a cue keeps its
                // length even when both ends fall in one millisecond's rounding.
                const std::int64_t end_ms = std::max(*end, *start + 1);
                stored.push_back({0, *start, end_ms, cue.text});
            }
        } catch (const InvalidInput& e) {
            problems.field_errors["file"] = call.explain(e);
        }
    }
    if (problems.empty()) {
        const std::string name = safe_file_name(file->file_name);
        const std::size_t count = stored.size();
        const std::string code(language_code(*language));
        try {
            auto write = store_.replace_track(
                meeting_id, *language, name, std::move(stored), [&](std::int64_t track_id) {
                    return call.audit_entry(
                        "caption.upload",
                        fmt::format("meeting {} captions {} (track {})", meeting_id, code,
                                    track_id),
                        fmt::format("{}: {} cues, {} bytes", name, count, file->bytes.size()));
                });
            co_await std::move(write);
        } catch (const InvalidInput& e) {
            problems.form_error = call.explain(e);
        }
    }
    if (!problems.empty()) {
        co_return page(call, meeting_id, language.value_or(Language::kLt), &problems);
    }
    co_return back(call, meeting_id, language_code(*language), "");
}

asio::awaitable<Response> CaptionStaffPage::edit(PageCall& call) {
    const std::int64_t meeting_id = call.id("id");
    if (!council_.snapshot()->meeting(meeting_id)) throw NotFound();
    const std::int64_t cue_id = required_id(call, "cue_id");
    const FormData& form = call.form();
    const Language language = language_of(form.get("lang")).value_or(Language::kLt);
    FormProblems problems = problems_of(call, cue_form_id(cue_id));
    const auto start = typed_ms(form.get("start"));
    const auto end = typed_ms(form.get("end"));
    if (!start) problems.field_errors["start"] = call.text("caption_error_typed_time");
    if (!end) problems.field_errors["end"] = call.text("caption_error_typed_time");
    const CaptionLimits bounds = limits(meeting_id);
    if (start && end && *end <= *start) {
        problems.field_errors["end"] = call.text("caption_error_typed_order");
    } else if (end && bounds.length_ms && *end > *bounds.length_ms) {
        problems.field_errors["end"] =
            call.text("caption_error_typed_past_end", "length", vtt_timestamp(*bounds.length_ms));
    }
    std::string text;
    try {
        text = clean_cue_text(form.get("text"), start.value_or(0), end.value_or(0), bounds);
    } catch (const InvalidInput& e) {
        problems.field_errors["text"] = call.explain(e);
    }
    auto segments = archive_.segments(meeting_id, "");
    if (segments->empty()) problems.form_error = call.text("caption_error_no_recording");
    if (problems.empty()) {
        const int target = archive_.target_duration_s();
        const std::int64_t start_unix = *archive::timeline_unix_ms(*segments, target, *start / 1e3);
        const std::int64_t end_unix =
            std::max(*archive::timeline_unix_ms(*segments, target, *end / 1e3), start_unix + 1);
        try {
            auto write = store_.edit_cue(
                meeting_id, {cue_id, start_unix, end_unix, text}, [&](std::int64_t) {
                    return call.audit_entry("caption.edit",
                                            fmt::format("meeting {} cue {}", meeting_id, cue_id),
                                            fmt::format("{} --> {} {}", vtt_timestamp(*start),
                                                        vtt_timestamp(*end), text));
                });
            co_await std::move(write);
        } catch (const InvalidInput& e) {
            problems.form_error = call.explain(e);
        }
    }
    if (!problems.empty()) co_return page(call, meeting_id, language, &problems);
    co_return back(call, meeting_id, language_code(language), cue_form_id(cue_id));
}

asio::awaitable<Response> CaptionStaffPage::remove(PageCall& call) {
    const std::int64_t meeting_id = call.id("id");
    if (!council_.snapshot()->meeting(meeting_id)) throw NotFound();
    const std::int64_t cue_id = required_id(call, "cue_id");
    const Language language = language_of(call.form().get("lang")).value_or(Language::kLt);
    auto write = store_.delete_cue(meeting_id, cue_id, [&](std::int64_t) {
        return call.audit_entry("caption.remove",
                                fmt::format("meeting {} cue {}", meeting_id, cue_id), "");
    });
    co_await std::move(write);
    co_return back(call, meeting_id, language_code(language), "cues-heading");
}

Response CaptionStaffPage::page(PageCall& call, std::int64_t meeting_id, Language shown,
                                const FormProblems* problems) {
    const auto council = council_.snapshot();
    const Meeting* meeting = council->meeting(meeting_id);
    if (!meeting) throw NotFound();
    const Language language = call.language();
    const auto snapshot = store_.snapshot();
    const std::string title = call.text("caption_staff_title");
    const std::string base = call.path(captions_page_path(meeting_id));
    const std::string shown_code(language_code(shown));
    StaffForms forms(call.csrf_token(), problems);
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;
    return call.staff_page("recordings/staff_captions.tpl", title, status, [&](Dictionary& body) {
        body.SetValue("heading",
                      call.text("caption_staff_heading", "title", meeting->title.in(language)));
        body.SetValue("annotation_page",
                      call.path(fmt::format("/staff/recordings/{}", meeting_id)));
        if (!problems && !call.query("saved").empty()) body.ShowSection("SAVED");
        if (!archive_.recording(meeting_id)) body.ShowSection("NO_RECORDING");
        for (const CaptionTrack* track : snapshot->tracks_of(meeting_id)) {
            const std::string code(language_code(track->language));
            std::string text = call.text("caption_track_summary", "language",
                                         call.text("caption_language_" + code));
            boost::algorithm::replace_all(text, "{count}", std::to_string(track->cues));
            boost::algorithm::replace_all(text, "{file}", track->file_name);
            body.AddSectionDictionary("TRACK")->SetValue("text", text);
        }
        if (snapshot->tracks_of(meeting_id).empty()) body.ShowSection("NO_TRACKS");
        Options languages;
        for (Language l : kCaptionLanguages) {
            const std::string code(language_code(l));
            languages.emplace_back(code, call.text("caption_language_" + code));
        }
        StaffForm upload =
            form(std::string(kUploadForm), base, call.text("caption_upload_submit"), {},
                 {choice("language", call.text("caption_field_language"), shown_code, languages)});
        StaffField file = field("file", call.text("caption_field_file"), "", true);
        file.control = Control::kFile;
        file.accept = ".vtt,.srt,text/vtt,application/x-subrip";
        upload.fields.push_back(std::move(file));
        upload.multipart = true;
        forms.place(body, "UPLOAD_FORM", std::move(upload));

        for (Language l : kCaptionLanguages) {
            const std::string code(language_code(l));
            Dictionary* link = body.AddSectionDictionary("LANGUAGE");
            link->SetValue("href", base + "?lang=" + code);
            link->SetValue("label", call.text("caption_language_" + code));
            link->SetValue("current", l == shown ? "page" : "false");
        }
        body.SetValue("cues_heading", call.text("caption_cues_heading", "language",
                                                call.text("caption_language_" + shown_code)));
        const CaptionTrack* track = snapshot->track(meeting_id, shown);
        auto segments = archive_.segments(meeting_id, "");
        if (!track || track->cues == 0 || segments->empty()) {
            body.ShowSection("NO_CUES");
        } else {
            const auto cues = store_.cues(track->id);
            std::size_t from = 0;
            const std::string asked = call.query("from");
            if (!asked.empty() && asked.size() < 8 &&
                std::all_of(asked.begin(), asked.end(), ::isdigit)) {
                from = std::min<std::size_t>(std::stoul(asked), cues->size());
            }
            const std::size_t to = std::min(cues->size(), from + kCuesPerPage);
            const int target = archive_.target_duration_s();
            for (std::size_t i = from; i < to; ++i) {
                const StoredCue& cue = (*cues)[i];
                const std::string id = cue_form_id(cue.id);
                const auto start = archive::timeline_seconds(*segments, target, cue.start_unix_ms);
                const auto end = archive::timeline_seconds(*segments, target, cue.end_unix_ms);
                Dictionary* row = body.AddSectionDictionary("CUE");
                row->SetValue("id", id);
                const std::vector<std::pair<std::string, std::string>> hidden = {
                    {"cue_id", id_text(cue.id)},
                    {"lang", shown_code},
                    {"from", std::to_string(from)}};
                StaffField start_field = field("start", call.text("caption_field_start"),
                                               vtt_timestamp(timeline_ms(start.value_or(0))), true);
                start_field.hint = call.text("caption_time_hint");
                StaffField text =
                    long_text(field("text", call.text("caption_field_text"), cue.text, true), "");
                if (shown != language) text.lang = shown_code;
                forms.place(*row, "EDIT_FORM",
                            form(id, base + "/cue", call.text("caption_edit_submit"), hidden,
                                 {std::move(start_field),
                                  field("end", call.text("caption_field_end"),
                                        vtt_timestamp(timeline_ms(end.value_or(0))), true),
                                  std::move(text)}));
                forms.place(*row, "DELETE_FORM",
                            buttons(form(id + "-remove", base + "/cue/remove",
                                         call.text("caption_delete_submit"), hidden)));
            }
            std::string shown_text =
                call.text("caption_cues_shown", "shown", fmt::format("{}–{}", from + 1, to));
            boost::algorithm::replace_all(shown_text, "{count}", std::to_string(cues->size()));
            body.SetValue("cues_shown", shown_text);
            if (to < cues->size()) {
                body.AddSectionDictionary("NEXT")->SetValue(
                    "href", fmt::format("{}?lang={}&from={}", base, shown_code, to));
            }
        }
        forms.summarise(body);
    });
}

}  // namespace councilcast::portal
