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

namespace {

// The agenda item a form names, with its meeting, from the current snapshot.
const AgendaItem& item_of(const PageCall& call, const CouncilSnapshot& snapshot) {
    const AgendaItem* item = snapshot.agenda_item(required_id(call, "agenda_item_id"));
    if (item == nullptr) throw InvalidInput::text("council_no_item");
    return *item;
}

std::string item_target(const AgendaItem& item) {
    return fmt::format("agenda item {} of meeting {}: {}", item.id, item.meeting_id, item.title.lt);
}

Response back_to_meeting(PageCall& call, std::int64_t meeting_id, std::string_view anchor) {
    return call.redirect(call.path("/staff/meeting") + "?id=" + id_text(meeting_id) + "&saved=1" +
                         (anchor.empty() ? "" : "#" + std::string(anchor)));
}

}  // namespace

asio::awaitable<Response> CouncilEditor::save_item(PageCall& call) {
    const FormData& values = call.form();
    const auto before = store_.snapshot();
    const bool adding = values.get("agenda_item_id").empty();
    AgendaItem item;
    if (adding) {
        item.meeting_id = required_id(call, "meeting_id");
        if (!before->meeting(item.meeting_id)) {
            throw InvalidInput::text("council_no_meeting");
        }
    } else {
        item = item_of(call, *before);
    }
    const AgendaItem old = item;
    FormProblems problems =
        problems_of(call, adding ? "item-new" : "item-" + id_text(item.id) + "-edit");
    item.title = {values.get("title_lt"), values.get("title_en")};
    item.rapporteur = values.get("rapporteur");
    item.description = {values.get("description_lt"), values.get("description_en")};
    if (item.title.lt.empty())
        problems.field_errors["title_lt"] = call.text("editor_error_required");
    auto audit = [&](std::int64_t item_id) {
        AgendaItem target = item;
        target.id = item_id;
        return call.audit_entry(
            adding ? "agenda.add" : "agenda.update", item_target(target),
            adding ? ""
                   : FieldChanges()
                         .compare("title_lt", old.title.lt, item.title.lt)
                         .compare("title_en", old.title.en, item.title.en)
                         .compare("rapporteur", old.rapporteur, item.rapporteur)
                         .compare("description_lt", old.description.lt, item.description.lt)
                         .compare("description_en", old.description.en, item.description.en)
                         .detail());
    };
    auto stored = editor_forms::store_record(call, problems, item, adding, store_,
                                             &CouncilStore::add_agenda_item,
                                             &CouncilStore::update_agenda_item, audit);
    co_await std::move(stored);
    if (!problems.empty()) co_return meeting_page(call, item.meeting_id, &problems);
    co_return back_to_meeting(call, item.meeting_id, "item-" + id_text(item.id));
}

asio::awaitable<Response> CouncilEditor::move_item(PageCall& call) {
    const AgendaItem item = item_of(call, *store_.snapshot());
    const std::string direction = call.form().get("direction");
    if (direction != "up" && direction != "down") {
        throw InvalidInput::text("council_unknown_direction");
    }
    // Positions run 1..n, so the new one is known before the move; at either end it stays.
    const int last = static_cast<int>(store_.snapshot()->agenda(item.meeting_id).size());
    const int moved =
        direction == "up" ? std::max(1, item.position - 1) : std::min(last, item.position + 1);
    auto write = store_.move_agenda_item(
        item.id, direction == "up" ? AgendaMove::kUp : AgendaMove::kDown, [&](std::int64_t) {
            return call.audit_entry("agenda.move", item_target(item),
                                    fmt::format("position {} -> {}", item.position, moved));
        });
    co_await std::move(write);
    co_return back_to_meeting(call, item.meeting_id, "item-" + id_text(item.id));
}

asio::awaitable<Response> CouncilEditor::remove_item(PageCall& call) {
    const auto before = store_.snapshot();
    const AgendaItem item = item_of(call, *before);
    if (call.form().get("confirm") != "1") {
        FormProblems problems = problems_of(call, "item-" + id_text(item.id) + "-remove");
        problems.field_errors["confirm"] = call.text("agenda_remove_unconfirmed");
        co_return meeting_page(call, item.meeting_id, &problems);
    }
    const auto documents = before->documents_of(item.id);
    auto write = store_.remove_agenda_item(item.id, [&](std::int64_t) {
        return call.audit_entry(
            "agenda.remove", item_target(item),
            fmt::format("with {} document(s){}", documents.size(),
                        before->decision_on(item.id) ? " and its decision" : ""));
    });
    co_await std::move(write);
    co_return back_to_meeting(call, item.meeting_id, "agenda");
}

asio::awaitable<Response> CouncilEditor::add_document(PageCall& call) {
    const AgendaItem item = item_of(call, *store_.snapshot());
    FormProblems problems = problems_of(call, "item-" + id_text(item.id) + "-document");
    Document document;
    document.agenda_item_id = item.id;
    document.title = {call.form().get("title_lt"), call.form().get("title_en")};
    if (document.title.lt.empty()) {
        problems.field_errors["title_lt"] = call.text("editor_error_required");
    }
    const UploadedFile* file = call.file("document");
    std::optional<CheckedUpload> checked;
    if (file == nullptr) {
        problems.field_errors["document"] = call.text("editor_error_no_file");
    } else {
        try {
            checked = uploads_.check(*file, UploadKind::kDocument);
        } catch (const InvalidInput& e) {
            problems.field_errors["document"] = call.explain(e);
        }
    }
    if (problems.empty()) {
        document.file_name = checked->file_name;
        document.content_type = checked->content_type;
        try {
            auto write = store_.add_document(document, file->bytes, [&](std::int64_t document_id) {
                return call.audit_entry(
                    "document.add",
                    fmt::format("document {} of agenda item {}: {}", document_id, item.id,
                                document.title.lt),
                    fmt::format("{} ({}, {} bytes, sha256 {})", document.file_name,
                                document.content_type, file->bytes.size(),
                                CouncilStore::content_digest(file->bytes)));
            });
            document.id = co_await std::move(write);
        } catch (const InvalidInput& e) {
            problems.form_error = call.explain(e);
        }
    }
    if (!problems.empty()) co_return meeting_page(call, item.meeting_id, &problems);
    co_return back_to_meeting(call, item.meeting_id, "item-" + id_text(item.id));
}

asio::awaitable<Response> CouncilEditor::remove_document(PageCall& call) {
    const auto before = store_.snapshot();
    const Document* document = before->document(required_id(call, "document_id"));
    if (document == nullptr) throw InvalidInput::text("council_no_document");
    const AgendaItem* item = before->agenda_item(document->agenda_item_id);
    auto write = store_.remove_document(document->id, [&](std::int64_t) {
        return call.audit_entry("document.remove",
                                fmt::format("document {} of agenda item {}: {}", document->id,
                                            document->agenda_item_id, document->title.lt),
                                document->file_name);
    });
    co_await std::move(write);
    co_return back_to_meeting(call, item ? item->meeting_id : 0,
                              "item-" + id_text(document->agenda_item_id));
}

asio::awaitable<Response> CouncilEditor::save_decision(PageCall& call) {
    const FormData& values = call.form();
    const auto before = store_.snapshot();
    const AgendaItem item = item_of(call, *before);
    const Decision* old = before->decision_on(item.id);
    FormProblems problems = problems_of(call, "item-" + id_text(item.id) + "-decision");
    Decision decision;
    decision.id = old ? old->id : 0;
    decision.agenda_item_id = item.id;
    decision.number = values.get("number");
    decision.text = {values.get("text_lt"), values.get("text_en")};
    if (auto outcome = parse_outcome(values.get("outcome"))) {
        decision.outcome = *outcome;
    } else {
        problems.field_errors["outcome"] = call.text("editor_error_choice");
    }
    if (auto decided = noon_of(localization_, values.get("decided"))) {
        decision.decided_unix = *decided;
    } else {
        problems.field_errors["decided"] = call.text("editor_error_date");
    }
    auto audit = [&](std::int64_t decision_id) {
        return call.audit_entry(
            old ? "decision.update" : "decision.add",
            fmt::format("decision {} on agenda item {}: {}", decision_id, item.id, decision.number),
            old ? FieldChanges()
                      .compare("number", old->number, decision.number)
                      .compare("outcome", old->outcome, decision.outcome)
                      .compare("text_lt", old->text.lt, decision.text.lt)
                      .compare("text_en", old->text.en, decision.text.en)
                      .compare("date", old->decided_unix, decision.decided_unix)
                      .detail()
                : fmt::format("{} on {}", outcome_name(decision.outcome),
                              date_of(localization_, decision.decided_unix)));
    };
    auto stored = editor_forms::store_record(call, problems, decision, !old, store_,
                                             &CouncilStore::add_decision,
                                             &CouncilStore::update_decision, audit);
    co_await std::move(stored);
    if (!problems.empty()) co_return meeting_page(call, item.meeting_id, &problems);
    co_return back_to_meeting(call, item.meeting_id, "item-" + id_text(item.id));
}

asio::awaitable<Response> CouncilEditor::remove_decision(PageCall& call) {
    const auto before = store_.snapshot();
    const Decision* decision = before->decision(required_id(call, "decision_id"));
    if (decision == nullptr) throw InvalidInput::text("council_no_decision");
    const AgendaItem* item = before->agenda_item(decision->agenda_item_id);
    auto write = store_.remove_decision(decision->id, [&](std::int64_t) {
        return call.audit_entry("decision.remove",
                                fmt::format("decision {} on agenda item {}: {}", decision->id,
                                            decision->agenda_item_id, decision->number),
                                "");
    });
    co_await std::move(write);
    co_return back_to_meeting(call, item ? item->meeting_id : 0,
                              "item-" + id_text(decision->agenda_item_id));
}

}  // namespace councilcast::portal
