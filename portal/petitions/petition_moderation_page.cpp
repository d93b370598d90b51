#include "portal/petitions/petition_moderation_page.hpp"
#include "portal/accounts/form_checks.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "common/error.hpp"
#include "common/unix_time.hpp"
#include "portal/pages/target.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = PetitionModerationPage::Response;
using Dictionary = ctemplate::TemplateDictionary;
using namespace petition_forms;

namespace {

using staff_forms::button;
using staff_forms::field;

std::string staff_path(std::int64_t id, std::string_view rest = {}) {
    return fmt::format("/staff/petitions/{}{}", id, rest);
}

std::string state_text(const PageCall& call, const Petition& petition) {
    return call.text("petition_state_" + std::string(petition_state_name(petition.state)));
}

}  // namespace

PetitionModerationPage::PetitionModerationPage(PetitionStore& store,
                                               const PetitionRateLimits& limits,
                                               const PageRenderer& renderer,
                                               const Localization& localization)
    : store_(store), limits_(limits), renderer_(renderer), localization_(localization) {}

ModuleEntries PetitionModerationPage::entries() {
    auto bind = [this](auto method) { return handler_of(this, method); };
    auto now = [this](auto method) { return answer_of(this, method); };
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        {.method = verb::get,
         .pattern = "/staff/petitions",
         .access = kModerators,
         .answer = now(&PetitionModerationPage::queue)},
        {.method = verb::get,
         .pattern = "/staff/petitions/{id}",
         .access = kModerators,
         .answer = now(&PetitionModerationPage::show)},
    };
    const std::pair<std::string_view,
                    asio::awaitable<Response> (PetitionModerationPage::*)(PageCall&)>
        actions[] = {
            {"/staff/petitions/{id}/approve", &PetitionModerationPage::approve},
            {"/staff/petitions/{id}/reject", &PetitionModerationPage::reject},
            {"/staff/petitions/{id}/hide", &PetitionModerationPage::hide},
            {"/staff/petitions/{id}/unhide", &PetitionModerationPage::unhide},
            {"/staff/petitions/{id}/stop", &PetitionModerationPage::stop},
            {"/staff/petitions/{id}/respond", &PetitionModerationPage::respond},
            {"/staff/petitions/{id}/invalidate", &PetitionModerationPage::invalidate},
        };
    for (const auto& [pattern, method] : actions) {
        // An answer runs to pages of text.
        const FormKind form = pattern.ends_with("/respond") ? FormKind::kLong : FormKind::kShort;
        entries.routes.push_back({verb::post, pattern, kModerators, form, bind(method)});
    }
    entries.navigation = {{"/staff/petitions", "petition_moderation_nav", kModerators, 20}};
    return entries;
}

// ---- shared

FormProblems PetitionModerationPage::problems_of(PageCall& call, std::string form_id,
                                                 const Problems& problems) const {
    return staff_forms::problems(call, renderer_, std::move(form_id), problems);
}

const Petition& PetitionModerationPage::petition_of(PageCall& call) const {
    const Petition* petition = store_.snapshot()->petition(call.id("id"));
    if (!petition) throw NotFound();
    return *petition;
}

Response PetitionModerationPage::saved(PageCall& call, std::int64_t petition_id,
                                       std::string_view query) const {
    return call.redirect(call.path(staff_path(petition_id)) + "?" + std::string(query));
}

// ---- the queue

Response PetitionModerationPage::queue(PageCall& call) {
    const auto snapshot = store_.snapshot();
    const auto waiting = store_.moderation_queue(now_unix_ms());
    const std::string title = call.text("petition_moderation_queue_title");
    return call.staff_page(
        "petitions/petition_moderation_queue.tpl", title, http::status::ok, [&](Dictionary& body) {
            body.SetValue("intro",
                          call.text("petition_moderation_queue_intro", "days",
                                    std::to_string(store_.settings().moderation_overdue_days)));
            if (waiting.empty()) body.ShowSection("QUEUE_EMPTY");
            Dictionary* table = waiting.empty() ? nullptr : body.AddSectionDictionary("QUEUE");
            for (const auto& entry : waiting) {
                const Petition* petition = snapshot->petition(entry.petition_id);
                if (!petition) continue;
                auto* row = table->AddSectionDictionary("WAITING");
                row->SetValue("href", call.path(staff_path(petition->id)));
                row->SetValue("title", petition->title);
                row->SetValue("title_lang", petition->language);
                row->SetValue("creator", petition->creator_name);
                row->SetValue("age", renderer_.format(call.language(), "petition_moderation_days",
                                                      {{"days", entry.age_days}}));
                if (entry.overdue) row->ShowSection("OVERDUE");
            }
            // Newest first: what changed last is what a moderator looks for.
            for (auto it = snapshot->petitions.rbegin(); it != snapshot->petitions.rend(); ++it) {
                auto* row = body.AddSectionDictionary("PETITION");
                row->SetValue("href", call.path(staff_path(it->id)));
                row->SetValue("title", it->title);
                row->SetValue("title_lang", it->language);
                row->SetValue("state", state_text(call, *it));
                row->SetValue("count", std::to_string(it->signature_count));
            }
        });
}

// ---- one petition

Response PetitionModerationPage::show(PageCall& call) {
    return page(call, nullptr);
}

Response PetitionModerationPage::page(PageCall& call, const FormProblems* problems) {
    const Petition petition = petition_of(call);
    const Language language = call.language();
    const std::string base = call.path(staff_path(petition.id));
    StaffForms forms(call.csrf_token(), problems);
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;
    const bool published = petition.published();
    return call.staff_page(
        "petitions/petition_moderation.tpl", petition.title, status, [&](Dictionary& body) {
            body.SetValue("title", petition.title);
            body.SetValue("title_lang", petition.language);
            body.SetValue("back", call.path("/staff/petitions"));
            if (published || petition.state == PetitionState::kRejected) {
                body.AddSectionDictionary("PUBLIC")->SetValue(
                    "href", call.path(fmt::format("/petitions/{}", petition.id)));
            }
            if (const auto count = parse_id(call.query("invalidated")); !problems && count) {
                body.AddSectionDictionary("SAVED")->SetValue(
                    "text",
                    call.text("petition_moderation_invalidated", "count", std::to_string(*count)));
            } else if (!problems && !call.query("saved").empty()) {
                body.AddSectionDictionary("SAVED")->SetValue(
                    "text", call.text("petition_moderation_saved"));
            }
            body.SetValue("state", state_text(call, petition));
            body.SetValue("creator", petition.creator_name);
            body.SetValue("email", petition.creator_email);
            body.SetValue("language",
                          call.text(petition.language == "en" ? "petition_start_language_en"
                                                              : "petition_start_language_lt"));
            const auto totals = store_.signature_totals(petition.id);
            body.SetValue("count", std::to_string(petition.signature_count));
            body.SetValue("totals",
                          renderer_.format(language, "petition_moderation_totals",
                                           {{"confirmed", std::to_string(totals.confirmed)},
                                            {"pending", std::to_string(totals.pending)},
                                            {"invalidated", std::to_string(totals.invalidated)}}));
            if (petition.hidden) {
                body.AddSectionDictionary("HIDDEN_FLAG")
                    ->SetValue("reason", petition.hidden_reason);
            }
            for (const auto& paragraph : split_paragraphs(petition.text)) {
                body.AddSectionDictionary("PARAGRAPH")->SetValue("text", paragraph);
            }

            if (petition.state == PetitionState::kModeration) {
                forms.place(
                    *body.AddSectionDictionary("APPROVE"), "APPROVE_FORM",
                    button("approve", base + "/approve", call.text("petition_moderation_approve")));
                StaffField reason = field("reason", call.text("petition_moderation_field_reason"),
                                          Control::kSelect);
                reason.options.emplace_back("", call.text("petition_sign_choose"));
                for (const RejectionReason choice : rejection_reasons()) {
                    const std::string name(rejection_reason_name(choice));
                    reason.options.emplace_back(name, call.text("petition_reason_" + name));
                }
                StaffForm reject =
                    button("reject", base + "/reject", call.text("petition_moderation_reject"));
                reject.fields = {
                    std::move(reason),
                    field("text", call.text("petition_moderation_field_text"), Control::kTextarea,
                          false),
                    field("duplicate_of", call.text("petition_moderation_field_duplicate"),
                          Control::kText, false),
                };
                forms.place(*body.AddSectionDictionary("REJECT"), "REJECT_FORM", std::move(reject));
            }
            if ((petition.state == PetitionState::kOpen ||
                 petition.state == PetitionState::kClosed)) {
                StaffForm respond =
                    button("respond", base + "/respond", call.text("petition_moderation_respond"));
                respond.fields = {
                    field("response", call.text("petition_moderation_field_response"),
                          Control::kTextarea),
                    field("meeting_id", call.text("petition_moderation_field_meeting"),
                          Control::kText, false),
                    field("decision", call.text("petition_moderation_field_decision"),
                          Control::kTextarea, false),
                };
                forms.place(*body.AddSectionDictionary("RESPOND"), "RESPOND_FORM",
                            std::move(respond));
            }
            if (petition.state == PetitionState::kOpen) {
                StaffForm stop =
                    button("stop", base + "/stop", call.text("petition_moderation_stop"));
                stop.fields = {field("reason", call.text("petition_moderation_field_stop_reason"),
                                     Control::kTextarea)};
                forms.place(*body.AddSectionDictionary("STOP"), "STOP_FORM", std::move(stop));
            }
            if (published) {
                auto* section = body.AddSectionDictionary("HIDE");
                if (petition.hidden) {
                    forms.place(*section, "HIDE_FORM",
                                button("unhide", base + "/unhide",
                                       call.text("petition_moderation_unhide")));
                } else {
                    StaffForm hide =
                        button("hide", base + "/hide", call.text("petition_moderation_hide"));
                    hide.fields = {field("reason",
                                         call.text("petition_moderation_field_hide_reason"),
                                         Control::kTextarea)};
                    forms.place(*section, "HIDE_FORM", std::move(hide));
                }
            }
            if (petition.state != PetitionState::kDraft &&
                petition.state != PetitionState::kRejected) {
                auto* signatures = body.AddSectionDictionary("SIGNATURES");
                const auto flagged = store_.flagged_addresses(petition.id);
                const auto refused = limits_.refused(petition.id);
                if (flagged.empty() && refused.empty()) signatures->ShowSection("FLAGGED_NONE");
                Dictionary* table = flagged.empty() && refused.empty()
                                        ? nullptr
                                        : signatures->AddSectionDictionary("FLAGGED");
                for (const auto& address : flagged) {
                    auto* row = table->AddSectionDictionary("ADDRESS");
                    row->SetValue("address", address.client_address);
                    row->SetValue("count", std::to_string(address.signatures));
                    const auto burst = std::find_if(
                        refused.begin(), refused.end(),
                        [&](const RefusedBurst& b) { return b.address == address.client_address; });
                    row->SetValue("refused", burst == refused.end()
                                                 ? std::string("0")
                                                 : std::to_string(burst->refused));
                    row->SetValue(
                        "when",
                        localization_.short_date(language, address.first_unix_ms / 1000) + " " +
                            localization_.time_of_day(language, address.first_unix_ms / 1000) +
                            " – " +
                            localization_.time_of_day(language, address.last_unix_ms / 1000));
                }
                for (const auto& burst : refused) {
                    const bool listed =
                        std::any_of(flagged.begin(), flagged.end(), [&](const auto& address) {
                            return address.client_address == burst.address;
                        });
                    if (listed) continue;
                    auto* row = table->AddSectionDictionary("ADDRESS");
                    row->SetValue("address", burst.address);
                    row->SetValue("count", "–");
                    row->SetValue("refused", std::to_string(burst.refused));
                    row->SetValue(
                        "when", localization_.short_date(language, burst.last_unix_ms / 1000) +
                                    " " +
                                    localization_.time_of_day(language, burst.last_unix_ms / 1000));
                }
                StaffForm invalidate = button("invalidate", base + "/invalidate",
                                              call.text("petition_moderation_invalidate"));
                invalidate.fields = {
                    field("address", call.text("petition_moderation_field_address"), Control::kText,
                          false),
                    field("domain", call.text("petition_moderation_field_domain"), Control::kText,
                          false),
                    field("from", call.text("petition_moderation_field_from"),
                          Control::kDateTimeLocal, false,
                          call.text("petition_moderation_window_hint")),
                    field("to", call.text("petition_moderation_field_to"), Control::kDateTimeLocal,
                          false),
                    field("reason", call.text("petition_moderation_field_invalidate_reason"),
                          Control::kTextarea),
                };
                forms.place(*signatures, "INVALIDATE_FORM", std::move(invalidate));
            }
            forms.summarise(body);
        });
}

// ---- the moderators' changes

// The write of a form with nothing refused, then back to the petition's page; else (or when the
// store refuses) the page again with the form's problems.
asio::awaitable<Response> PetitionModerationPage::finish(
    PageCall& call, std::int64_t id, FormProblems refused,
    std::function<asio::awaitable<void>()> write) {
    if (refused.empty()) {
        try {
            auto pending = write();
            co_await std::move(pending);
            co_return saved(call, id);
        } catch (const InvalidInput& e) {
            refused.form_error = call.explain(e);
        }
    }
    co_return page(call, &refused);
}

asio::awaitable<Response> PetitionModerationPage::approve(PageCall& call) {
    const std::int64_t id = petition_of(call).id;
    FormProblems refused = problems_of(call, "approve", {});
    auto done = finish(call, id, std::move(refused), [&] {
        return store_.approve(id, call.audit_note("petition.approve", "petition", ""));
    });
    co_return co_await std::move(done);
}

asio::awaitable<Response> PetitionModerationPage::reject(PageCall& call) {
    const std::int64_t id = petition_of(call).id;
    const FormData& form = call.form();
    Problems problems;
    PetitionRejection rejection;
    if (auto reason = parse_rejection_reason(form.get("reason"))) {
        rejection.reason = *reason;
    } else {
        problems["reason"] = {"petition_moderation_error_reason", {}};
    }
    rejection.text =
        read_paragraphs(form, "text", kExplanation, "petition_error_reason_text", problems);
    rejection.duplicate_of =
        read_optional_id(form, "duplicate_of", "petition_error_duplicate_of", problems).value_or(0);
    if (problems.empty() && rejection.reason == RejectionReason::kDuplicate &&
        rejection.duplicate_of == 0) {
        problems["duplicate_of"] = {"petition_error_duplicate_of", {}};
    }
    FormProblems refused = problems_of(call, "reject", problems);
    const std::string detail =
        fmt::format("{}: {}", rejection_reason_name(rejection.reason), rejection.text);
    auto done = finish(call, id, std::move(refused), [&] {
        return store_.reject(id, rejection, call.audit_note("petition.reject", "petition", detail));
    });
    co_return co_await std::move(done);
}

asio::awaitable<Response> PetitionModerationPage::hide(PageCall& call) {
    const std::int64_t id = petition_of(call).id;
    Problems problems;
    const std::string reason =
        read_paragraphs(call.form(), "reason", kReason, "petition_error_hidden_reason", problems);
    FormProblems refused = problems_of(call, "hide", problems);
    auto done = finish(call, id, std::move(refused), [&] {
        return store_.hide(id, reason, call.audit_note("petition.hide", "petition", reason));
    });
    co_return co_await std::move(done);
}

asio::awaitable<Response> PetitionModerationPage::unhide(PageCall& call) {
    const std::int64_t id = petition_of(call).id;
    FormProblems refused = problems_of(call, "unhide", {});
    auto done = finish(call, id, std::move(refused), [&] {
        return store_.unhide(id, call.audit_note("petition.unhide", "petition", ""));
    });
    co_return co_await std::move(done);
}

asio::awaitable<Response> PetitionModerationPage::stop(PageCall& call) {
    const std::int64_t id = petition_of(call).id;
    Problems problems;
    const std::string reason =
        read_paragraphs(call.form(), "reason", kReason, "petition_error_stop_reason", problems);
    FormProblems refused = problems_of(call, "stop", problems);
    auto done = finish(call, id, std::move(refused), [&] {
        return store_.stop(id, reason, call.audit_note("petition.stop", "petition", reason));
    });
    co_return co_await std::move(done);
}

asio::awaitable<Response> PetitionModerationPage::respond(PageCall& call) {
    const std::int64_t id = petition_of(call).id;
    const FormData& form = call.form();
    Problems problems;
    PetitionResponse response;
    response.text =
        read_paragraphs(form, "response", kResponse, "petition_error_response", problems);
    response.meeting_id =
        read_optional_id(form, "meeting_id", "petition_error_meeting", problems).value_or(0);
    response.decision =
        read_paragraphs(form, "decision", kExplanation, "petition_error_decision", problems);
    FormProblems refused = problems_of(call, "respond", problems);
    const std::string detail =
        response.meeting_id ? fmt::format("meeting {}", response.meeting_id) : "";
    auto done = finish(call, id, std::move(refused), [&] {
        return store_.respond(id, response,
                              call.audit_note("petition.respond", "petition", detail));
    });
    co_return co_await std::move(done);
}

asio::awaitable<Response> PetitionModerationPage::invalidate(PageCall& call) {
    const std::int64_t id = petition_of(call).id;
    Problems problems;
    const InvalidationInput input = read_invalidation(call.form(), localization_, problems);
    FormProblems refused = problems_of(call, "invalidate", problems);
    if (problems.empty()) {
        try {
            const std::string detail =
                fmt::format("address '{}' domain '{}' from {} to {}: {}", input.address,
                            input.domain, input.from_unix_ms, input.to_unix_ms, input.reason);
            auto write =
                store_.invalidate({.petition_id = id,
                                   .client_address = input.address,
                                   .email_domain = input.domain,
                                   .from_unix_ms = input.from_unix_ms,
                                   .to_unix_ms = input.to_unix_ms,
                                   .reason = input.reason},
                                  call.audit_note("petition.invalidate", "petition", detail));
            const int count = co_await std::move(write);
            co_return saved(call, id, "invalidated=" + std::to_string(count));
        } catch (const InvalidInput& e) {
            refused.form_error = call.explain(e);
        }
    }
    co_return page(call, &refused);
}

}  // namespace councilcast::portal
