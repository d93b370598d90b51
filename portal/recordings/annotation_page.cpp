#include "portal/recordings/annotation_page.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <utility>

#include "common/error.hpp"
#include "portal/accounts/access.hpp"
#include "portal/council/editor_forms.hpp"
#include "portal/pages/media_clock.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Dictionary = ctemplate::TemplateDictionary;
using namespace editor_forms;

namespace {

std::string recording_page_path(std::int64_t meeting_id) {
    return fmt::format("/staff/recordings/{}", meeting_id);
}

// A row's form id: "chapter-12", or "chapter-new" for the form that adds one.
std::string form_id(std::string_view subject, std::int64_t id) {
    return id == 0 ? fmt::format("{}-new", subject) : fmt::format("{}-{}", subject, id);
}

// The id a row's form posts in `name`: 0 (a new row) when empty.
std::int64_t posted_id(const PageCall& call, std::string_view name) {
    const std::string& text = call.form().get(name);
    if (text.empty()) return 0;
    return required_id(call, name);
}

StaffField time_field(const PageCall& call, std::string name, std::string label, std::string value,
                      bool required) {
    StaffField time = field(std::move(name), std::move(label), std::move(value), required);
    time.hint = call.text("annotation_time_hint");
    return time;
}

// Makes and awaits a store write unless the form has problems already; a refusal becomes the
// form's error, for the page.
template <typename MakeWrite>
asio::awaitable<void> store_change(PageCall& call, FormProblems& problems, MakeWrite make_write) {
    if (!problems.empty()) co_return;
    try {
        auto write = make_write();
        co_await std::move(write);
    } catch (const InvalidInput& refused) {
        problems.form_error = call.explain(refused);
    }
}

std::string audit_target(std::int64_t meeting_id) {
    return fmt::format("meeting {}", meeting_id);
}

}  // namespace

AnnotationPage::AnnotationPage(RecordingArchive& archive, const RecordingStore& store,
                               AnnotationStore& annotations, const CouncilStore& council)
    : archive_(archive), store_(store), annotations_(annotations), council_(council) {}

ModuleEntries AnnotationPage::entries() {
    using http::verb;
    auto post = [this](std::string_view pattern, auto method) {
        return PageRoute{verb::post, pattern, kEditors, FormKind::kShort, handler_of(this, method)};
    };
    auto removal = [this](std::string_view pattern, Removal removal) {
        return PageRoute{verb::post, pattern, kEditors, FormKind::kShort,
                         [this, removal](PageCall& call) -> asio::awaitable<Reply> {
                             auto answer = remove(call, removal);
                             co_return co_await std::move(answer);
                         }};
    };
    ModuleEntries entries;
    entries.routes = {
        {verb::get, "/staff/recordings/{id}", kEditors, FormKind::kShort,
         handler_of(this, &AnnotationPage::show)},
        post("/staff/recordings/{id}/chapter", &AnnotationPage::save_chapter),
        removal("/staff/recordings/{id}/chapter/remove",
                {"chapter", &AnnotationStore::remove_chapter}),
        post("/staff/recordings/{id}/speaker", &AnnotationPage::save_speaker),
        removal("/staff/recordings/{id}/speaker/remove",
                {"speaker", &AnnotationStore::remove_speaker}),
        post("/staff/recordings/{id}/note", &AnnotationPage::save_note),
        removal("/staff/recordings/{id}/note/remove", {"note", &AnnotationStore::remove_note}),
        post("/staff/recordings/{id}/undo", &AnnotationPage::undo),
    };
    return entries;
}

std::int64_t AnnotationPage::meeting_of(PageCall& call) const {
    const std::int64_t meeting_id = call.id("id");
    if (!archive_.recording(meeting_id) || !council_.snapshot()->meeting(meeting_id)) {
        throw NotFound();
    }
    return meeting_id;
}

std::optional<std::int64_t> AnnotationPage::moment(PageCall& call, std::int64_t meeting_id,
                                                   std::string_view name, FormProblems& problems) {
    const auto seconds = parse_clock_text(call.form().get(name));
    if (!seconds) {
        problems.field_errors[std::string(name)] = call.text("annotation_error_time");
        return std::nullopt;
    }
    const auto timeline = archive_.timeline(meeting_id);
    if (timeline && !timeline->live && *seconds > timeline->duration_s) {
        problems.field_errors[std::string(name)] =
            call.text("annotation_error_past_end", "end", precise_clock_text(timeline->duration_s));
        return std::nullopt;
    }
    auto unix_ms = archive_.unix_ms_at(meeting_id, *seconds);
    if (!unix_ms) {
        problems.field_errors[std::string(name)] = call.text("annotation_error_no_segments");
    }
    return unix_ms;
}

PageCall::Response AnnotationPage::done(PageCall& call, std::int64_t meeting_id,
                                        const FormProblems& problems) {
    if (!problems.empty()) return page(call, meeting_id, &problems);
    return call.redirect(call.path(recording_page_path(meeting_id)) + "?saved=1");
}

asio::awaitable<PageCall::Response> AnnotationPage::show(PageCall& call) {
    co_return page(call, meeting_of(call), nullptr);
}

asio::awaitable<PageCall::Response> AnnotationPage::save_chapter(PageCall& call) {
    const std::int64_t meeting_id = meeting_of(call);
    const std::int64_t chapter_id = posted_id(call, "chapter_id");
    FormProblems problems = problems_of(call, form_id("chapter", chapter_id));
    Chapter chapter;
    chapter.id = chapter_id;
    chapter.meeting_id = meeting_id;
    chapter.kind = ChapterKind::kAgenda;
    chapter.title = {call.form().get("title_lt"), call.form().get("title_en")};
    if (chapter.title.lt.find_first_not_of(" \t\r\n") == std::string::npos) {
        problems.field_errors["title_lt"] = call.text("annotation_error_title");
    }
    const auto item = chosen_id(call, "agenda_item_id", problems);
    chapter.ref_id = item.value_or(0);
    const auto at = moment(call, meeting_id, "at", problems);
    chapter.at_unix_ms = at.value_or(0);
    auto change = store_change(call, problems, [&] {
        return annotations_.save_chapter(call.user().id, chapter, [&](std::int64_t id) {
            return call.audit_entry(
                "recording.chapter", audit_target(meeting_id),
                fmt::format("chapter {} at {}: {}", id, call.form().get("at"), chapter.title.lt));
        });
    });
    co_await std::move(change);
    co_return done(call, meeting_id, problems);
}

// The three removals: the posted "<subject>_id" of the recording's <subject>s.
asio::awaitable<PageCall::Response> AnnotationPage::remove(PageCall& call, Removal removal) {
    const std::int64_t meeting_id = meeting_of(call);
    const std::string subject(removal.subject);
    const std::int64_t row_id = required_id(call, subject + "_id");
    FormProblems problems = problems_of(call, form_id(subject + "-remove", row_id));
    auto change = store_change(call, problems, [&] {
        return (annotations_.*
                removal.write)(call.user().id, meeting_id, row_id, [&](std::int64_t id) {
            return call.audit_entry("recording." + subject + ".remove", audit_target(meeting_id),
                                    fmt::format("{} {}", subject, id));
        });
    });
    co_await std::move(change);
    co_return done(call, meeting_id, problems);
}

asio::awaitable<PageCall::Response> AnnotationPage::save_speaker(PageCall& call) {
    const std::int64_t meeting_id = meeting_of(call);
    const std::int64_t speaker_id = posted_id(call, "speaker_id");
    FormProblems problems = problems_of(call, form_id("speaker", speaker_id));
    SpeakerRange speaker;
    speaker.id = speaker_id;
    speaker.meeting_id = meeting_id;
    const auto member = chosen_id(call, "member_id", problems);
    speaker.member_id = member.value_or(0);
    speaker.guest_name = call.form().get("guest_name");
    const auto council = council_.snapshot();
    if (speaker.member_id != 0 && !council->member(speaker.member_id)) {
        problems.field_errors["member_id"] = call.text("annotation_error_member");
    } else if ((speaker.member_id == 0) ==
               (speaker.guest_name.find_first_not_of(" \t\r\n") == std::string::npos)) {
        problems.field_errors["guest_name"] = call.text("annotation_error_speaker");
    }
    const auto from = moment(call, meeting_id, "from", problems);
    const auto to = moment(call, meeting_id, "to", problems);
    if (from && to && *to <= *from)
        problems.field_errors["to"] = call.text("annotation_error_order");
    speaker.from_unix_ms = from.value_or(0);
    speaker.to_unix_ms = to.value_or(0);
    auto change = store_change(call, problems, [&] {
        return annotations_.save_speaker(call.user().id, speaker, [&](std::int64_t id) {
            return call.audit_entry(
                "recording.speaker", audit_target(meeting_id),
                fmt::format("speaker {} {}..{}: {}", id, call.form().get("from"),
                            call.form().get("to"), speaker_name(*council, speaker)));
        });
    });
    co_await std::move(change);
    co_return done(call, meeting_id, problems);
}

asio::awaitable<PageCall::Response> AnnotationPage::save_note(PageCall& call) {
    const std::int64_t meeting_id = meeting_of(call);
    const std::int64_t note_id = posted_id(call, "note_id");
    FormProblems problems = problems_of(call, form_id("note", note_id));
    RecordingNote note;
    note.id = note_id;
    note.meeting_id = meeting_id;
    const std::string& visibility = call.form().get("visibility");
    if (visibility != "public" && visibility != "internal") {
        problems.field_errors["visibility"] = call.text("annotation_error_visibility");
    }
    note.is_public = visibility == "public";
    note.text = {call.form().get("text_lt"), call.form().get("text_en")};
    if (note.text.lt.find_first_not_of(" \t\r\n") == std::string::npos) {
        problems.field_errors["text_lt"] = call.text("annotation_error_note_text");
    }
    const auto from = moment(call, meeting_id, "from", problems);
    std::optional<std::int64_t> to;
    if (!call.form().get("to").empty()) {
        to = moment(call, meeting_id, "to", problems);
        if (from && to && *to <= *from) {
            problems.field_errors["to"] = call.text("annotation_error_order");
        }
    }
    note.from_unix_ms = from.value_or(0);
    note.to_unix_ms = to.value_or(0);
    auto change = store_change(call, problems, [&] {
        return annotations_.save_note(call.user().id, note, [&](std::int64_t id) {
            return call.audit_entry(
                "recording.note", audit_target(meeting_id),
                fmt::format("note {} ({}) at {}", id, visibility, call.form().get("from")));
        });
    });
    co_await std::move(change);
    co_return done(call, meeting_id, problems);
}

asio::awaitable<PageCall::Response> AnnotationPage::undo(PageCall& call) {
    const std::int64_t meeting_id = meeting_of(call);
    FormProblems problems = problems_of(call, "undo");
    bool undone = false;
    try {
        auto write = annotations_.undo(call.user().id, meeting_id, [&](std::int64_t id) {
            return call.audit_entry("recording.undo", audit_target(meeting_id),
                                    fmt::format("row {}", id));
        });
        undone = co_await std::move(write);
    } catch (const InvalidInput& refused) {
        problems.form_error = call.explain(refused);
    }
    if (problems.empty() && !undone) problems.form_error = call.text("annotation_nothing_to_undo");
    co_return done(call, meeting_id, problems);
}

PageCall::Response AnnotationPage::page(PageCall& call, std::int64_t meeting_id,
                                        const FormProblems* problems) {
    const Language language = call.language();
    const auto council = council_.snapshot();
    const Meeting& meeting = *council->meeting(meeting_id);
    const auto timeline = archive_.timeline(meeting_id);
    const double duration = timeline ? timeline->duration_s : 0;
    const std::string base = recording_page_path(meeting_id);
    StaffForms forms(call.csrf_token(), problems);
    const std::string title = call.text("annotation_title", "meeting", meeting.title.in(language));
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;
    // Times as the editor reads and types them; a moment outside the timeline shows empty.
    auto shown = [&](std::int64_t unix_ms) {
        const auto seconds = archive_.media_time(meeting_id, unix_ms);
        return seconds ? precise_clock_text(*seconds) : std::string();
    };
    auto seconds_of = [&](std::int64_t unix_ms) {
        return archive_.media_time(meeting_id, unix_ms).value_or(0);
    };
    return call.staff_page(
        "recordings/annotation.tpl", title, status,
        [&](Dictionary& body) {
            body.SetValue("heading", title);
            body.SetIntValue("meeting_id", meeting_id);
            body.SetValue("duration", fmt::format("{:.3f}", duration));
            body.SetValue("duration_text", precise_clock_text(duration));
            body.SetValue("master_playlist", fmt::format("/recordings/{}/master.m3u8", meeting_id));
            body.SetValue("list_href", call.path("/staff/recordings"));
            body.SetValue("captions_href", call.path(base + "/captions"));
            body.SetValue("redactions_href", call.path(base + "/redactions"));
            body.SetValue("import_href", call.path(base + "/import"));
            body.SetValue("public_href", call.path(fmt::format("/meetings/{}", meeting_id)));
            if (!problems && !call.query("saved").empty()) body.ShowSection("SAVED");

            // The timeline: every range, by kind, for the bar JavaScript draws and the list
            // under it that screen readers and keyboards use.
            auto range = [&](std::string_view kind, double from_s, double to_s,
                             const std::string& label, const std::string& label_lang) {
                Dictionary* row = body.AddSectionDictionary("RANGE");
                row->SetValue("kind", std::string(kind));
                row->SetValue("kind_text", call.text("annotation_kind_" + std::string(kind)));
                row->SetValue("from_s", fmt::format("{:.3f}", from_s));
                row->SetValue("to_s", fmt::format("{:.3f}", std::max(from_s, to_s)));
                row->SetValue("from", precise_clock_text(from_s));
                if (to_s > from_s)
                    row->SetValueAndShowSection("to", precise_clock_text(to_s), "TO");
                row->SetValue("label", label);
                if (!label_lang.empty()) {
                    row->SetValueAndShowSection("lang", label_lang, "LABEL_LANG");
                }
            };
            // Chapters run to the next one's start.
            const auto snapshot = store_.snapshot();
            const auto chapters = snapshot->chapters_of(meeting_id);
            const auto speakers = snapshot->speakers_of(meeting_id);
            const auto notes = snapshot->notes_of(meeting_id);
            for (std::size_t i = 0; i < chapters.size(); ++i) {
                const double from_s = seconds_of(chapters[i]->at_unix_ms);
                const double to_s =
                    i + 1 < chapters.size() ? seconds_of(chapters[i + 1]->at_unix_ms) : duration;
                range("chapter", from_s, to_s, chapters[i]->title.in(language), "");
            }
            for (const SpeakerRange* speaker : speakers) {
                range("speaker", seconds_of(speaker->from_unix_ms), seconds_of(speaker->to_unix_ms),
                      speaker_name(*council, *speaker), "");
            }
            for (const RecordingNote* note : notes) {
                range(note->is_public ? "note" : "internal", seconds_of(note->from_unix_ms),
                      note->to_unix_ms ? seconds_of(note->to_unix_ms) : 0, note->text.in(language),
                      "");
            }
            for (const HiddenRange& hidden : archive_.hidden_ranges(meeting_id)) {
                range("redaction", hidden.from_s, hidden.to_s, call.text("annotation_redacted"),
                      "");
            }

            // Publishing (the redaction part's route answers it).
            const bool published = archive_.published(meeting_id);
            body.SetValue("published_text",
                          call.text(published ? "annotation_published" : "annotation_unpublished"));
            forms.place(
                body, "PUBLISH_FORM",
                buttons(form("publish", call.path(base + "/publish"),
                             call.text(published ? "annotation_unpublish" : "annotation_publish"),
                             {{"published", published ? "0" : "1"}})));

            // Undo of this editor's last change.
            if (const AnnotationUndo* last = snapshot->undo_of(meeting_id, call.user().id)) {
                body.SetValueAndShowSection("undo_text",
                                            call.text("annotation_undo_" + last->subject), "UNDO");
                forms.place(body, "UNDO_FORM",
                            buttons(form("undo", call.path(base + "/undo"),
                                         call.text("annotation_undo"), {})));
            } else {
                body.ShowSection("NO_UNDO");
                if (problems && problems->form_id == "undo") {
                    forms.place(body, "UNDO_FORM",
                                buttons(form("undo", call.path(base + "/undo"),
                                             call.text("annotation_undo"), {})));
                }
            }

            // Chapters.
            Options items{{"", call.text("editor_none")}};
            for (const AgendaItem& item : council->agenda(meeting_id)) {
                items.emplace_back(id_text(item.id),
                                   fmt::format("{}. {}", item.position, item.title.in(language)));
            }
            auto chapter_fields = [&](const Chapter* chapter) {
                std::vector<StaffField> fields{
                    field("title_lt", call.text("annotation_field_title_lt"),
                          chapter ? chapter->title.lt : "", true),
                    english("title_en", call.text("annotation_field_title_en"),
                            chapter ? chapter->title.en : ""),
                    time_field(call, "at", call.text("annotation_field_at"),
                               chapter ? shown(chapter->at_unix_ms) : "", true)};
                if (!chapter || chapter->kind == ChapterKind::kAgenda) {
                    fields.push_back(
                        choice("agenda_item_id", call.text("annotation_field_agenda_item"),
                               chapter && chapter->ref_id ? id_text(chapter->ref_id) : "", items));
                }
                return fields;
            };
            if (chapters.empty()) body.ShowSection("NO_CHAPTERS");
            for (const Chapter* chapter : chapters) {
                Dictionary* row = body.AddSectionDictionary("CHAPTER");
                row->SetValue("title", chapter->title.in(language));
                row->SetValue("at", shown(chapter->at_unix_ms));
                row->SetValue("kind_text",
                              call.text("annotation_chapter_" +
                                        std::string(chapter_kind_name(chapter->kind))));
                if (chapter->edited) row->ShowSection("EDITED");
                const bool open = forms.place(
                    *row, "EDIT_FORM",
                    form(form_id("chapter", chapter->id), call.path(base + "/chapter"),
                         call.text("annotation_save"), {{"chapter_id", id_text(chapter->id)}},
                         chapter_fields(chapter)));
                if (open) row->ShowSection("OPEN");
                forms.place(
                    *row, "REMOVE_FORM",
                    buttons(form(
                        form_id("chapter-remove", chapter->id), call.path(base + "/chapter/remove"),
                        call.text("annotation_remove"), {{"chapter_id", id_text(chapter->id)}})));
            }
            forms.place(body, "NEW_CHAPTER_FORM",
                        form("chapter-new", call.path(base + "/chapter"),
                             call.text("annotation_chapter_add"), {}, chapter_fields(nullptr)));

            // Speakers.
            Options members{{"", call.text("annotation_guest")}};
            for (const CouncilMember& member : council->members) {
                members.emplace_back(id_text(member.id), member.name);
            }
            auto speaker_fields = [&](const SpeakerRange* speaker) {
                StaffField guest = field("guest_name", call.text("annotation_field_guest"),
                                         speaker ? speaker->guest_name : "");
                guest.hint = call.text("annotation_guest_hint");
                return std::vector<StaffField>{
                    choice("member_id", call.text("annotation_field_member"),
                           speaker && speaker->member_id ? id_text(speaker->member_id) : "",
                           members),
                    std::move(guest),
                    time_field(call, "from", call.text("annotation_field_from"),
                               speaker ? shown(speaker->from_unix_ms) : "", true),
                    time_field(call, "to", call.text("annotation_field_to"),
                               speaker ? shown(speaker->to_unix_ms) : "", true)};
            };
            if (speakers.empty()) body.ShowSection("NO_SPEAKERS");
            for (const SpeakerRange* speaker : speakers) {
                Dictionary* row = body.AddSectionDictionary("SPEAKER");
                row->SetValue("name", speaker_name(*council, *speaker));
                if (speaker->member_id != 0) {
                    row->SetValueAndShowSection(
                        "member_href", call.path(fmt::format("/council/{}", speaker->member_id)),
                        "MEMBER");
                } else {
                    row->ShowSection("GUEST");
                }
                row->SetValue("from", shown(speaker->from_unix_ms));
                row->SetValue("to", shown(speaker->to_unix_ms));
                if (forms.place(
                        *row, "EDIT_FORM",
                        form(form_id("speaker", speaker->id), call.path(base + "/speaker"),
                             call.text("annotation_save"), {{"speaker_id", id_text(speaker->id)}},
                             speaker_fields(speaker)))) {
                    row->ShowSection("OPEN");
                }
                forms.place(
                    *row, "REMOVE_FORM",
                    buttons(form(
                        form_id("speaker-remove", speaker->id), call.path(base + "/speaker/remove"),
                        call.text("annotation_remove"), {{"speaker_id", id_text(speaker->id)}})));
            }
            forms.place(body, "NEW_SPEAKER_FORM",
                        form("speaker-new", call.path(base + "/speaker"),
                             call.text("annotation_speaker_add"), {}, speaker_fields(nullptr)));

            // Notes.
            const Options visibilities{{"public", call.text("annotation_note_public")},
                                       {"internal", call.text("annotation_note_internal")}};
            auto note_fields = [&](const RecordingNote* note) {
                StaffField to =
                    time_field(call, "to", call.text("annotation_field_note_to"),
                               note && note->to_unix_ms ? shown(note->to_unix_ms) : "", false);
                to.hint = call.text("annotation_note_to_hint");
                StaffField text_lt = field("text_lt", call.text("annotation_field_text_lt"),
                                           note ? note->text.lt : "", true);
                text_lt.control = Control::kTextarea;
                StaffField text_en = english("text_en", call.text("annotation_field_text_en"),
                                             note ? note->text.en : "");
                text_en.control = Control::kTextarea;
                return std::vector<StaffField>{
                    choice("visibility", call.text("annotation_field_visibility"),
                           note && !note->is_public ? "internal" : "public", visibilities),
                    std::move(text_lt), std::move(text_en),
                    time_field(call, "from", call.text("annotation_field_note_from"),
                               note ? shown(note->from_unix_ms) : "", true),
                    std::move(to)};
            };
            if (notes.empty()) body.ShowSection("NO_NOTES");
            for (const RecordingNote* note : notes) {
                Dictionary* row = body.AddSectionDictionary("NOTE");
                row->SetValue("text", note->text.in(language));
                row->SetValue("visibility",
                              call.text(note->is_public ? "annotation_note_public"
                                                        : "annotation_note_internal"));
                row->SetValue("from", shown(note->from_unix_ms));
                if (note->to_unix_ms) {
                    row->SetValueAndShowSection("to", shown(note->to_unix_ms), "TO");
                }
                if (forms.place(*row, "EDIT_FORM",
                                form(form_id("note", note->id), call.path(base + "/note"),
                                     call.text("annotation_save"), {{"note_id", id_text(note->id)}},
                                     note_fields(note)))) {
                    row->ShowSection("OPEN");
                }
                forms.place(*row, "REMOVE_FORM",
                            buttons(form(
                                form_id("note-remove", note->id), call.path(base + "/note/remove"),
                                call.text("annotation_remove"), {{"note_id", id_text(note->id)}})));
            }
            forms.place(body, "NEW_NOTE_FORM",
                        form("note-new", call.path(base + "/note"),
                             call.text("annotation_note_add"), {}, note_fields(nullptr)));
            forms.summarise(body);
        },
        {"/assets/vendor/hls.min.js", "/assets/js/recording_player.js",
         "/assets/js/annotation.js"});
}

}  // namespace councilcast::portal
