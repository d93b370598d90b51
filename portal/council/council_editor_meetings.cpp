#include "portal/council/council_editor.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <optional>

#include "common/error.hpp"
#include "portal/council/editor_forms.hpp"
#include "portal/council/field_changes.hpp"
#include "portal/http/responses.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = PageCall::Response;
using namespace editor_forms;

std::vector<StaffField> CouncilEditor::meeting_fields(PageCall& call,
                                                      const Meeting& meeting) const {
    const auto snapshot = store_.snapshot();
    const Language language = call.language();
    Options channels{{"", call.text("meeting_not_broadcast")}};
    for (const auto& channel : config_.channels) {
        channels.emplace_back(channel.id,
                              language == Language::kLt ? channel.title_lt : channel.title_en);
    }
    StaffField committee =
        choice("committee_id", call.text("field_committee"), optional_id(meeting.committee_id),
               none_and(call, snapshot->committees,
                        [&](const Committee& c) { return c.name.in(language); }));
    committee.hint = call.text("field_committee_hint");
    StaffField starts =
        field("starts", call.text("field_starts"),
              meeting.starts_unix ? localization_.datetime_local(meeting.starts_unix) : "", true);
    starts.control = Control::kDateTimeLocal;
    starts.hint = call.text("field_starts_hint");
    return {choice("kind", call.text("field_meeting_kind"), std::string(kind_name(meeting.kind)),
                   kind_options(call)),
            committee,
            field("title_lt", call.text("field_title_lt"), meeting.title.lt, true),
            english("title_en", call.text("field_title_en"), meeting.title.en),
            starts,
            field("place_lt", call.text("field_place_lt"), meeting.place.lt),
            english("place_en", call.text("field_place_en"), meeting.place.en),
            choice("status", call.text("field_status"), std::string(status_name(meeting.status)),
                   status_options(call)),
            choice("channel_id", call.text("field_channel"), meeting.channel_id, channels)};
}

std::optional<Meeting> CouncilEditor::read_meeting(PageCall& call, FormProblems& problems) const {
    const FormData& values = call.form();
    Meeting meeting;
    if (auto kind = parse_kind(values.get("kind"))) {
        meeting.kind = *kind;
    } else {
        problems.field_errors["kind"] = call.text("editor_error_choice");
    }
    const auto committee = chosen_id(call, "committee_id", problems);
    meeting.committee_id = meeting.kind == MeetingKind::kCommittee ? committee.value_or(0) : 0;
    if (meeting.kind == MeetingKind::kCommittee && committee == 0) {
        problems.field_errors["committee_id"] = call.text("editor_error_committee");
    }
    meeting.title = {values.get("title_lt"), values.get("title_en")};
    if (meeting.title.lt.empty()) {
        problems.field_errors["title_lt"] = call.text("editor_error_required");
    }
    if (auto starts = localization_.parse_datetime_local(values.get("starts"))) {
        meeting.starts_unix = *starts;
    } else {
        problems.field_errors["starts"] = call.text("editor_error_datetime");
    }
    meeting.place = {values.get("place_lt"), values.get("place_en")};
    if (auto status = parse_status(values.get("status"))) {
        meeting.status = *status;
    } else {
        problems.field_errors["status"] = call.text("editor_error_choice");
    }
    meeting.channel_id = values.get("channel_id");
    const bool known_channel =
        meeting.channel_id.empty() ||
        std::any_of(config_.channels.begin(), config_.channels.end(),
                    [&](const config::Channel& c) { return c.id == meeting.channel_id; });
    if (!known_channel) problems.field_errors["channel_id"] = call.text("editor_error_choice");
    if (!problems.empty()) return std::nullopt;
    return meeting;
}

asio::awaitable<Response> CouncilEditor::meetings(PageCall& call) {
    co_return meetings_page(call, nullptr);
}

Response CouncilEditor::meetings_page(PageCall& call, const FormProblems* problems) const {
    const auto snapshot = store_.snapshot();
    const Language language = call.language();
    StaffForms forms(call.csrf_token(), problems);
    return call.staff_page(
        "staff_meetings.tpl", call.text("staff_meetings_title"),
        problems ? http::status::unprocessable_entity : http::status::ok,
        [&](ctemplate::TemplateDictionary& body) {
            if (snapshot->meetings.empty()) body.ShowSection("EMPTY");
            for (auto it = snapshot->meetings.rbegin(); it != snapshot->meetings.rend(); ++it) {
                auto* row = body.AddSectionDictionary("MEETING");
                row->SetValue("time", shown_time(localization_, it->starts_unix));
                row->SetValue("title", it->title.in(language));
                row->SetValue("href", call.path("/staff/meeting") + "?id=" + id_text(it->id));
                const Committee* committee = snapshot->committee(it->committee_id);
                row->SetValue("kind", it->kind == MeetingKind::kCommittee && committee
                                          ? committee->name.in(language)
                                          : call.text("meeting_kind_council"));
                row->SetValue("status",
                              call.text("meeting_status_" + std::string(status_name(it->status))));
            }
            forms.place(body, "MEETING_FORM",
                        form("meeting-new", call.path("/staff/meetings"), call.text("meetings_add"),
                             {}, meeting_fields(call, Meeting{})));
            forms.summarise(body);
        });
}

asio::awaitable<Response> CouncilEditor::add_meeting(PageCall& call) {
    FormProblems problems = problems_of(call, "meeting-new");
    auto meeting = read_meeting(call, problems);
    if (meeting) {
        try {
            auto write = store_.add_meeting(*meeting, [&](std::int64_t meeting_id) {
                return call.audit_entry(
                    "meeting.add", fmt::format("meeting {}: {}", meeting_id, meeting->title.lt),
                    fmt::format("{} {} (Vilnius), {}", kind_name(meeting->kind),
                                shown_time(localization_, meeting->starts_unix),
                                status_name(meeting->status)));
            });
            meeting->id = co_await std::move(write);
        } catch (const InvalidInput& e) {
            problems.form_error = call.explain(e);
        }
    }
    if (!problems.empty()) co_return meetings_page(call, &problems);
    co_return call.redirect(call.path("/staff/meeting") + "?id=" + id_text(meeting->id) +
                            "&saved=1");
}

asio::awaitable<Response> CouncilEditor::meeting(PageCall& call) {
    const auto id = parse_id(call.query("id"));
    co_return meeting_page(call, id.value_or(0), nullptr);
}

Response CouncilEditor::meeting_page(PageCall& call, std::int64_t meeting_id,
                                     const FormProblems* problems) const {
    const auto snapshot = store_.snapshot();
    const Meeting* meeting = snapshot->meeting(meeting_id);
    if (meeting == nullptr) throw NotFound();
    const Language language = call.language();
    const std::string id = id_text(meeting->id);
    const auto agenda = snapshot->agenda(meeting->id);
    StaffForms forms(call.csrf_token(), problems);
    return call.staff_page(
        "staff_meeting.tpl", meeting->title.in(language),
        problems ? http::status::unprocessable_entity : http::status::ok,
        [&](ctemplate::TemplateDictionary& body) {
            body.SetValue("heading", meeting->title.in(language));
            body.SetValue("meetings_href", call.path("/staff/meetings"));
            body.SetValue("when", shown_time(localization_, meeting->starts_unix));
            body.SetValue("status",
                          call.text("meeting_status_" + std::string(status_name(meeting->status))));
            if (!problems && !call.query("saved").empty()) body.ShowSection("SAVED");
            if (forms.place(body, "MEETING_FORM",
                            form("meeting", call.path("/staff/meeting"), call.text("editor_save"),
                                 {{"meeting_id", id}}, meeting_fields(call, *meeting)))) {
                body.ShowSection("MEETING_OPEN");
            }
            if (agenda.empty()) body.ShowSection("NO_ITEMS");
            for (std::size_t i = 0; i < agenda.size(); ++i) {
                const AgendaItem& item = agenda[i];
                const std::string item_id = id_text(item.id);
                const std::string number = std::to_string(item.position);
                auto* row = body.AddSectionDictionary("ITEM");
                row->SetValue("item_id", item_id);
                row->SetValue("number", number);
                row->SetValue("title", item.title.in(language));
                if (!item.rapporteur.empty()) {
                    row->AddSectionDictionary("RAPPORTEUR")->SetValue("name", item.rapporteur);
                }
                const std::vector<std::pair<std::string, std::string>> hidden_item{
                    {"agenda_item_id", item_id}};
                if (i > 0) {
                    forms.place(*row, "UP_FORM",
                                buttons(form("item-" + item_id + "-up",
                                             call.path("/staff/meeting/item/move"),
                                             call.text("agenda_move_up", "n", number),
                                             {{"agenda_item_id", item_id}, {"direction", "up"}})));
                }
                if (i + 1 < agenda.size()) {
                    forms.place(
                        *row, "DOWN_FORM",
                        buttons(form("item-" + item_id + "-down",
                                     call.path("/staff/meeting/item/move"),
                                     call.text("agenda_move_down", "n", number),
                                     {{"agenda_item_id", item_id}, {"direction", "down"}})));
                }
                StaffField confirm =
                    field("confirm", call.text("agenda_remove_confirm", "n", number), "", true);
                confirm.control = Control::kCheckbox;
                if (forms.place(
                        *row, "REMOVE_FORM",
                        buttons(form(
                            "item-" + item_id + "-remove", call.path("/staff/meeting/item/remove"),
                            call.text("agenda_remove", "n", number), hidden_item, {confirm})))) {
                    row->ShowSection("REMOVE_OPEN");
                }
                row->SetValue("edit_summary", call.text("agenda_edit", "n", number));
                if (forms.place(
                        *row, "EDIT_FORM",
                        form("item-" + item_id + "-edit", call.path("/staff/meeting/item"),
                             call.text("editor_save"), hidden_item,
                             {field("title_lt", call.text("field_title_lt"), item.title.lt, true),
                              english("title_en", call.text("field_title_en"), item.title.en),
                              field("rapporteur", call.text("field_rapporteur"), item.rapporteur),
                              long_text(field("description_lt", call.text("field_description_lt"),
                                              item.description.lt),
                                        markdown_hint(call)),
                              long_text(english("description_en", call.text("field_description_en"),
                                                item.description.en),
                                        markdown_hint(call))}))) {
                    row->ShowSection("EDIT_OPEN");
                }

                const auto documents = snapshot->documents_of(item.id);
                if (documents.empty()) row->ShowSection("NO_DOCUMENTS");
                for (const Document& document : documents) {
                    auto* entry = row->AddSectionDictionary("DOCUMENT");
                    entry->SetValue("title", document.title.in(language));
                    entry->SetValue("file_name", document.file_name);
                    entry->SetValue("size", size_text(document.size_bytes));
                    entry->SetValue("uploaded", shown_time(localization_, document.uploaded_unix));
                    forms.place(
                        *entry, "DOCUMENT_REMOVE_FORM",
                        buttons(form("document-" + id_text(document.id) + "-remove",
                                     call.path("/staff/meeting/document/remove"),
                                     call.text("document_remove", "name", document.file_name),
                                     {{"document_id", id_text(document.id)}})));
                }
                StaffField file = field("document", call.text("field_document"), "", true);
                file.control = Control::kFile;
                file.accept = "application/pdf,.pdf";
                file.hint =
                    call.text("field_document_hint", "size",
                              size_text(static_cast<std::int64_t>(config_.http.max_upload_bytes)));
                StaffForm upload =
                    form("item-" + item_id + "-document", call.path("/staff/meeting/document"),
                         call.text("document_upload"), hidden_item,
                         {field("title_lt", call.text("field_document_title_lt"), "", true),
                          english("title_en", call.text("field_document_title_en"), ""), file});
                upload.multipart = true;
                row->SetValue("upload_summary", call.text("document_upload_for", "n", number));
                if (forms.place(*row, "UPLOAD_FORM", upload)) row->ShowSection("UPLOAD_OPEN");

                const Decision* decision = snapshot->decision_on(item.id);
                const Decision shown = decision ? *decision : Decision{};
                if (decision) {
                    auto* summary = row->AddSectionDictionary("DECISION");
                    summary->SetValue("number", decision->number);
                    summary->SetValue(
                        "outcome",
                        call.text("outcome_" + std::string(outcome_name(decision->outcome))));
                    summary->SetValue("date", date_of(localization_, decision->decided_unix));
                    forms.place(*summary, "DECISION_REMOVE_FORM",
                                buttons(form("decision-" + id_text(decision->id) + "-remove",
                                             call.path("/staff/meeting/decision/remove"),
                                             call.text("decision_remove", "n", number),
                                             {{"decision_id", id_text(decision->id)}})));
                } else {
                    row->ShowSection("NO_DECISION");
                }
                StaffField date = field("decided", call.text("field_decided"),
                                        date_of(localization_, decision ? decision->decided_unix
                                                                        : meeting->starts_unix),
                                        true);
                date.control = Control::kDate;
                row->SetValue(
                    "decision_summary",
                    call.text(decision ? "decision_edit" : "decision_record", "n", number));
                if (forms.place(
                        *row, "DECISION_FORM",
                        form("item-" + item_id + "-decision", call.path("/staff/meeting/decision"),
                             call.text("editor_save"), hidden_item,
                             {field("number", call.text("field_decision_number"), shown.number),
                              choice("outcome", call.text("field_outcome"),
                                     std::string(outcome_name(shown.outcome)),
                                     outcome_options(call)),
                              long_text(field("text_lt", call.text("field_decision_text_lt"),
                                              shown.text.lt),
                                        markdown_hint(call)),
                              long_text(english("text_en", call.text("field_decision_text_en"),
                                                shown.text.en),
                                        markdown_hint(call)),
                              date}))) {
                    row->ShowSection("DECISION_OPEN");
                }
            }
            forms.place(
                body, "ITEM_FORM",
                form("item-new", call.path("/staff/meeting/item"), call.text("agenda_add"),
                     {{"meeting_id", id}},
                     {field("title_lt", call.text("field_title_lt"), "", true),
                      english("title_en", call.text("field_title_en"), ""),
                      field("rapporteur", call.text("field_rapporteur"), ""),
                      long_text(field("description_lt", call.text("field_description_lt"), ""),
                                markdown_hint(call)),
                      long_text(english("description_en", call.text("field_description_en"), ""),
                                markdown_hint(call))}));
            forms.summarise(body);
        });
}

asio::awaitable<Response> CouncilEditor::save_meeting(PageCall& call) {
    const std::int64_t id = required_id(call, "meeting_id");
    const auto before = store_.snapshot();
    const Meeting* old = before->meeting(id);
    if (old == nullptr) throw InvalidInput::text("council_no_meeting");
    FormProblems problems = problems_of(call, "meeting");
    auto meeting = read_meeting(call, problems);
    if (meeting) {
        meeting->id = id;
        try {
            auto write = store_.update_meeting(*meeting, [&](std::int64_t) {
                return call.audit_entry(
                    "meeting.update", fmt::format("meeting {}: {}", id, meeting->title.lt),
                    FieldChanges()
                        .compare("kind", old->kind, meeting->kind)
                        .compare("committee", old->committee_id, meeting->committee_id)
                        .compare("title_lt", old->title.lt, meeting->title.lt)
                        .compare("title_en", old->title.en, meeting->title.en)
                        .compare("starts", old->starts_unix, meeting->starts_unix)
                        .compare("place_lt", old->place.lt, meeting->place.lt)
                        .compare("place_en", old->place.en, meeting->place.en)
                        .compare("status", old->status, meeting->status)
                        .compare("channel", old->channel_id, meeting->channel_id)
                        .detail());
            });
            co_await std::move(write);
        } catch (const InvalidInput& e) {
            problems.form_error = call.explain(e);
        }
    }
    if (!problems.empty()) co_return meeting_page(call, id, &problems);
    co_return call.redirect(call.path("/staff/meeting") + "?id=" + id_text(id) + "&saved=1");
}

}  // namespace councilcast::portal
