#include "portal/petitions/petition_flow_pages.hpp"
#include "portal/accounts/form_checks.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "common/error.hpp"
#include "portal/pages/target.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = PetitionFlowPages::Response;
using Dictionary = ctemplate::TemplateDictionary;
using namespace petition_forms;

namespace {

// Tokens are 43 characters of base64url; anything much longer is not one, and is not looked up.
constexpr std::size_t kMaxTokenBytes = 128;

StaffField field(std::string name, std::string label, std::string value = {},
                 Control control = Control::kText, std::string hint = {}) {
    StaffField field;
    field.name = std::move(name);
    field.label = std::move(label);
    field.value = std::move(value);
    field.control = control;
    field.hint = std::move(hint);
    field.required = control != Control::kCheckbox;
    return field;
}

StaffField tick(std::string name, std::string label, bool required) {
    StaffField box = field(std::move(name), std::move(label), "", Control::kCheckbox);
    box.required = required;
    return box;
}

bool token_shaped(std::string_view token) {
    return !token.empty() && token.size() <= kMaxTokenBytes;
}

// The petition's text as paragraphs, in its own language.
void fill_petition(Dictionary& body, const Petition& petition) {
    body.SetValue("title", petition.title);
    body.SetValue("title_lang", petition.language);
    for (const auto& paragraph : split_paragraphs(petition.text)) {
        body.AddSectionDictionary("PARAGRAPH")->SetValue("text", paragraph);
    }
}

}  // namespace

PetitionFlowPages::PetitionFlowPages(PetitionStore& store, PetitionRateLimits& limits,
                                     const PageRenderer& renderer)
    : store_(store), limits_(limits), renderer_(renderer) {}

ModuleEntries PetitionFlowPages::entries() {
    auto bind = [this](auto method) { return handler_of(this, method); };
    auto now = [this](auto method) { return answer_of(this, method); };
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        {.method = verb::get,
         .pattern = "/petitions/new",
         .access = kAnyone,
         .answer = now(&PetitionFlowPages::start_form)},
        {verb::post, "/petitions/new", kAnyone, FormKind::kShort, bind(&PetitionFlowPages::start)},
        {.method = verb::get,
         .pattern = "/petitions/manage/{token}",
         .access = kAnyone,
         .answer = now(&PetitionFlowPages::manage)},
        {verb::post, "/petitions/manage/{token}", kAnyone, FormKind::kShort,
         bind(&PetitionFlowPages::edit)},
        {verb::post, "/petitions/manage/{token}/gather", kAnyone, FormKind::kShort,
         bind(&PetitionFlowPages::gather)},
        {.method = verb::get,
         .pattern = "/petitions/{id}/sign",
         .access = kAnyone,
         .answer = now(&PetitionFlowPages::sign_form)},
        {verb::post, "/petitions/{id}/sign", kAnyone, FormKind::kShort,
         bind(&PetitionFlowPages::sign)},
        {.method = verb::get,
         .pattern = "/petitions/{id}/sponsor/{token}",
         .access = kAnyone,
         .answer = now(&PetitionFlowPages::sponsor_form)},
        {verb::post, "/petitions/{id}/sponsor/{token}", kAnyone, FormKind::kShort,
         bind(&PetitionFlowPages::sponsor)},
        {.method = verb::get,
         .pattern = "/petitions/confirm/{token}",
         .access = kAnyone,
         .answer = now(&PetitionFlowPages::confirm_form)},
        {verb::post, "/petitions/confirm/{token}", kAnyone, FormKind::kShort,
         bind(&PetitionFlowPages::confirm)},
    };
    // Private links and forms: nothing for a search engine.
    entries.crawlers.disallow = {"/petitions/new", "/petitions/manage/", "/petitions/confirm/"};
    return entries;
}

// ---- shared

FormProblems PetitionFlowPages::problems_of(PageCall& call, std::string form_id,
                                            const Problems& problems) const {
    return staff_forms::problems(call, renderer_, std::move(form_id), problems);
}

const Petition* PetitionFlowPages::petition_of(PageCall& call) const {
    return store_.snapshot()->petition(call.id("id"));
}

Response PetitionFlowPages::gone(PageCall& call, std::string_view text_key) {
    return notice_page(call, http::status::not_found,
                       {.title = call.text("petition_manage_gone_title"),
                        .text = call.text(text_key),
                        .kind = "error",
                        .link = call.path("/petitions"),
                        .link_text = call.text("petition_moderation_nav")});
}

// ---- starting a petition

Response PetitionFlowPages::start_form(PageCall& call) {
    if (!call.query("sent").empty()) {
        return notice_page(call, http::status::ok,
                           {.title = call.text("petition_start_sent_title"),
                            .text = call.text("petition_start_sent")});
    }
    return start_page(call, nullptr);
}

Response PetitionFlowPages::start_page(PageCall& call, const FormProblems* problems) {
    const Language language = call.language();
    StaffForms forms(call.csrf_token(), problems);
    PageFrame frame;
    frame.title = call.text("petition_start_title");
    frame.alternate_path = localised(other_language(language), call.target().path);
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;
    const MessageArguments title_bounds{{"min", kTitle.min}, {"max", kTitle.max}};
    const MessageArguments text_bounds{{"min", kText.min}, {"max", kText.max}};
    StaffField choice = field("language", call.text("petition_start_field_language"),
                              std::string(language_code(language)), Control::kSelect);
    choice.options = {{"lt", call.text("petition_start_language_lt")},
                      {"en", call.text("petition_start_language_en")}};
    std::vector<StaffField> fields{
        field("title", call.text("petition_start_field_title"), "", Control::kText,
              renderer_.format(language, "petition_start_title_hint", title_bounds)),
        field("text", call.text("petition_start_field_text"), "", Control::kTextarea,
              renderer_.format(language, "petition_start_text_hint", text_bounds)),
        field("name", call.text("petition_start_field_name"), "", Control::kText,
              call.text("petition_start_name_hint")),
        field("email", call.text("petition_start_field_email"), "", Control::kText,
              call.text("petition_start_email_hint")),
        std::move(choice),
        tick("consent", call.text("petition_start_field_consent"), true),
    };
    return call.page(status, "petitions/petition_start.tpl", std::move(frame),
                     [&](Dictionary& body) {
                         forms.place(body, "START_FORM",
                                     {.id = "start",
                                      .action = call.path("/petitions/new"),
                                      .submit = call.text("petition_start_submit"),
                                      .fields = std::move(fields)});
                         forms.summarise(body);
                     });
}

asio::awaitable<Response> PetitionFlowPages::start(PageCall& call) {
    if (const auto wait = limits_.take_start(call.context().client()); wait.count() > 0) {
        co_return too_many_page(call, renderer_, "petition_sign_too_many", wait);
    }
    Problems problems;
    DraftInput input = read_draft(call.form(), true, problems);
    if (problems.empty()) {
        try {
            auto created = store_.create({.title = input.title,
                                          .text = input.text,
                                          .creator_name = input.creator_name,
                                          .creator_email = input.email,
                                          .language = std::string(language_code(input.language)),
                                          .client_address = call.context().client().to_string()});
            co_await std::move(created);
            co_return call.redirect(call.path("/petitions/new") + "?sent=1");
        } catch (const InvalidInput& e) {
            FormProblems refused = problems_of(call, "start", problems);
            refused.form_error = call.explain(e);
            co_return start_page(call, &refused);
        }
    }
    const FormProblems refused = problems_of(call, "start", problems);
    co_return start_page(call, &refused);
}

// ---- the creator's page

Response PetitionFlowPages::manage(PageCall& call) {
    const std::string& token = call.parameter("token");
    const auto access = token_shaped(token) ? store_.by_manage_token(token) : std::nullopt;
    if (!access) return gone(call, "petition_manage_gone");
    return manage_page(call, *access, nullptr);
}

Response PetitionFlowPages::manage_page(PageCall& call, const PetitionStore::ManageAccess& access,
                                        const FormProblems* problems) {
    const auto snapshot = store_.snapshot();
    const Petition* petition = snapshot->petition(access.petition_id);
    if (!petition) return gone(call, "petition_manage_gone");
    const Language language = call.language();
    const std::string token = call.parameter("token");
    const std::string base = call.path("/petitions/manage/" + token);
    StaffForms forms(call.csrf_token(), problems);
    PageFrame frame;
    frame.title = call.text("petition_manage_title");
    frame.alternate_path = localised(other_language(language), call.target().path);
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;
    const bool editable =
        petition->state == PetitionState::kDraft || petition->state == PetitionState::kGathering;
    return call.page(
        status, "petitions/petition_manage.tpl", std::move(frame), [&](Dictionary& body) {
            body.SetValue("title", petition->title);
            body.SetValue("title_lang", petition->language);
            body.SetValue("state", call.text("petition_state_" +
                                             std::string(petition_state_name(petition->state))));
            if (!problems && !call.query("saved").empty()) body.ShowSection("SAVED");
            auto step = [&](std::string text) {
                body.AddSectionDictionary("STEP")->SetValue("text", text);
            };
            switch (petition->state) {
                case PetitionState::kDraft: {
                    step(call.text("petition_manage_draft"));
                    auto* gather = body.AddSectionDictionary("GATHER");
                    gather->SetValue("action", base + "/gather");
                    gather->SetValue("csrf", call.csrf_token());
                    break;
                }
                case PetitionState::kGathering: {
                    auto* sponsors = body.AddSectionDictionary("SPONSORS");
                    const int needed = store_.settings().sponsors;
                    sponsors->SetValue("intro", call.text("petition_manage_sponsor_intro",
                                                          "sponsors", std::to_string(needed)));
                    sponsors->SetValue(
                        "link",
                        public_url_ +
                            localised(language, petition_path(petition->id,
                                                              "/sponsor/" + access.sponsor_token)));
                    sponsors->SetValue("count",
                                       renderer_.format(language, "petition_manage_sponsors",
                                                        {{"count", petition->sponsors_confirmed},
                                                         {"needed", needed}}));
                    break;
                }
                case PetitionState::kModeration:
                    step(call.text("petition_manage_moderation", "days",
                                   std::to_string(store_.settings().moderation_overdue_days)));
                    break;
                case PetitionState::kOpen:
                    step(call.text("petition_manage_open"));
                    break;
                case PetitionState::kClosed:
                case PetitionState::kAnswered:
                    step(call.text("petition_manage_finished"));
                    break;
                case PetitionState::kRejected: {
                    const auto rejection = petition->rejection.value_or(PetitionRejection{});
                    step(call.text("petition_manage_rejected", "reason",
                                   call.text("petition_reason_" + std::string(rejection_reason_name(
                                                                      rejection.reason)))));
                    if (!rejection.text.empty()) step(rejection.text);
                    break;
                }
            }
            if (petition->hidden) {
                step(call.text("petition_manage_hidden", "reason", petition->hidden_reason));
            }
            if (petition->published() || petition->state == PetitionState::kRejected) {
                body.AddSectionDictionary("PUBLIC")->SetValue(
                    "href", call.path(petition_path(petition->id)));
            }
            if (editable) {
                auto* edit = body.AddSectionDictionary("EDIT");
                forms.place(
                    *edit, "EDIT_FORM",
                    {.id = "edit",
                     .action = base,
                     .submit = call.text("petition_manage_save"),
                     .fields = {
                         field("title", call.text("petition_start_field_title"), petition->title,
                               Control::kText,
                               renderer_.format(language, "petition_start_title_hint",
                                                {{"min", kTitle.min}, {"max", kTitle.max}})),
                         field("text", call.text("petition_start_field_text"), petition->text,
                               Control::kTextarea,
                               renderer_.format(language, "petition_start_text_hint",
                                                {{"min", kText.min}, {"max", kText.max}}))}});
            }
            forms.summarise(body);
        });
}

asio::awaitable<Response> PetitionFlowPages::edit(PageCall& call) {
    const std::string token = call.parameter("token");
    const auto access = token_shaped(token) ? store_.by_manage_token(token) : std::nullopt;
    if (!access) co_return gone(call, "petition_manage_gone");
    Problems problems;
    const DraftInput input = read_draft(call.form(), false, problems);
    FormProblems refused = problems_of(call, "edit", problems);
    if (problems.empty()) {
        try {
            auto write = store_.edit(token, input.title, input.text);
            co_await std::move(write);
            co_return call.redirect(call.path("/petitions/manage/" + token) + "?saved=1");
        } catch (const InvalidInput& e) {
            refused.form_error = call.explain(e);
        }
    }
    co_return manage_page(call, *access, &refused);
}

asio::awaitable<Response> PetitionFlowPages::gather(PageCall& call) {
    const std::string token = call.parameter("token");
    if (!token_shaped(token) || !store_.by_manage_token(token)) {
        co_return gone(call, "petition_manage_gone");
    }
    auto write = store_.start_gathering(token);
    co_await std::move(write);
    co_return call.redirect(call.path("/petitions/manage/" + token));
}

// ---- signing

Response PetitionFlowPages::sign_form(PageCall& call) {
    const Petition* petition = petition_of(call);
    if (!petition || petition->hidden) throw NotFound();
    const std::string back = call.path(petition_path(petition->id));
    if (!call.query("sent").empty()) {
        return notice_page(call, http::status::ok,
                           {.title = call.text("petition_sign_pending_title"),
                            .text = call.text("petition_sign_pending"),
                            .link = back,
                            .link_text = call.text("petition_sign_back")});
    }
    if (!call.query("counted").empty()) {
        return notice_page(call, http::status::ok,
                           {.title = call.text("petition_sign_confirmed_title"),
                            .text = call.text("petition_sign_confirmed"),
                            .link = back,
                            .link_text = call.text("petition_sign_back")});
    }
    if (petition->state != PetitionState::kOpen) {
        return notice_page(call, http::status::ok,
                           {.title = call.text("petition_sign_title"),
                            .text = call.text("petition_sign_closed"),
                            .kind = "error",
                            .link = back,
                            .link_text = call.text("petition_sign_back")});
    }
    return sign_page(call, *petition, false, nullptr);
}

Response PetitionFlowPages::sponsor_form(PageCall& call) {
    const Petition* petition = petition_of(call);
    const std::string& token = call.parameter("token");
    if (!petition || !token_shaped(token) || !store_.sponsor_token_valid(petition->id, token)) {
        return gone(call, "petition_error_sponsor_token");
    }
    if (!call.query("sent").empty()) {
        return notice_page(call, http::status::ok,
                           {.title = call.text("petition_sign_pending_title"),
                            .text = call.text("petition_sign_pending")});
    }
    if (petition->state != PetitionState::kGathering) {
        return notice_page(call, http::status::ok,
                           {.title = call.text("petition_sign_sponsor_title"),
                            .text = call.text("petition_sign_closed"),
                            .kind = "error"});
    }
    return sign_page(call, *petition, true, nullptr);
}

Response PetitionFlowPages::sign_page(PageCall& call, const Petition& petition, bool as_sponsor,
                                      const FormProblems* problems) {
    const Language language = call.language();
    const User* user = call.signed_in();
    const bool verified = user != nullptr && user->verified;
    StaffForms forms(call.csrf_token(), problems);
    const std::string heading =
        call.text(as_sponsor ? "petition_sign_sponsor_title" : "petition_sign_title");
    PageFrame frame;
    frame.title = heading + " – " + petition.title;
    frame.alternate_path = localised(other_language(language), call.target().path);
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;

    StaffField eldership = field("eldership", call.text("petition_sign_field_eldership"), "",
                                 Control::kSelect, call.text("petition_sign_eldership_hint"));
    eldership.options.emplace_back("", call.text("petition_sign_choose"));
    for (const auto& choice : store_.elderships()) {
        eldership.options.emplace_back(
            std::to_string(choice.id),
            choice.id == kOutsideEldership ? call.text("petition_eldership_outside") : choice.name);
    }
    std::vector<StaffField> fields;
    fields.push_back(field("name", call.text("petition_sign_field_name"), "", Control::kText,
                           call.text("petition_sign_name_hint")));
    if (!verified) {
        fields.push_back(field("email", call.text("petition_sign_field_email"), "", Control::kText,
                               call.text("petition_sign_email_hint")));
    }
    fields.push_back(std::move(eldership));
    fields.push_back(tick("eligible", call.text("petition_sign_field_eligible"), true));
    fields.push_back(tick("consent", call.text("petition_sign_field_consent"), true));
    fields.push_back(tick("notify", call.text("petition_sign_field_notify"), false));
    const std::string action =
        as_sponsor ? call.path(petition_path(petition.id, "/sponsor/" + call.parameter("token")))
                   : call.path(petition_path(petition.id, "/sign"));
    return call.page(
        status, "petitions/petition_sign.tpl", std::move(frame), [&](Dictionary& body) {
            body.SetValue("heading", heading);
            body.SetValue("petition_href", call.path(petition_path(petition.id)));
            fill_petition(body, petition);
            body.SetValue("count", renderer_.format(language, "petition_sign_count",
                                                    {{"count", petition.signature_count}}));
            body.SetValue("intro", call.text(as_sponsor ? "petition_sign_sponsor_intro"
                                                        : "petition_sign_intro"));
            if (verified) {
                body.AddSectionDictionary("SIGNED_IN")
                    ->SetValue("text", call.text("petition_sign_signed_in", "email", user->email));
            }
            forms.place(body, "SIGN_FORM",
                        {.id = "sign",
                         .action = action,
                         .submit = call.text(as_sponsor ? "petition_sign_sponsor_submit"
                                                        : "petition_sign_submit"),
                         .fields = std::move(fields)});
            forms.summarise(body);
        });
}

asio::awaitable<Response> PetitionFlowPages::sign(PageCall& call) {
    const Petition* petition = petition_of(call);
    if (!petition || petition->hidden) throw NotFound();
    const Petition shown = *petition;
    // Named before co_await: GCC 12 destroys a temporary awaitable operand twice.
    auto taking = take_signature(call, shown, "", call.path(petition_path(shown.id, "/sign")));
    co_return co_await std::move(taking);
}

asio::awaitable<Response> PetitionFlowPages::sponsor(PageCall& call) {
    const Petition* petition = petition_of(call);
    const std::string token = call.parameter("token");
    if (!petition || !token_shaped(token) || !store_.sponsor_token_valid(petition->id, token)) {
        co_return gone(call, "petition_error_sponsor_token");
    }
    const Petition shown = *petition;
    auto taking =
        take_signature(call, shown, token, call.path(petition_path(shown.id, "/sponsor/" + token)));
    co_return co_await std::move(taking);
}

asio::awaitable<Response> PetitionFlowPages::take_signature(PageCall& call,
                                                            const Petition& petition,
                                                            std::string sponsor_token,
                                                            std::string done_path) {
    const bool as_sponsor = !sponsor_token.empty();
    const RateRefusal refusal = limits_.take_signature(call.context().client(), petition.id);
    if (refusal.refused()) {
        co_return too_many_page(call, renderer_,
                                refusal.limit == RateRefusal::Limit::kAddress
                                    ? "petition_sign_too_many"
                                    : "petition_sign_busy",
                                refusal.retry_after);
    }
    const User* user = call.signed_in();
    std::optional<std::string> account_email;
    if (user != nullptr && user->verified) account_email = user->email;
    std::vector<std::int64_t> elderships;
    for (const auto& eldership : store_.elderships()) elderships.push_back(eldership.id);
    Problems problems;
    const SignatureInput input = read_signature(
        call.form(), elderships, store_.settings().allow_outside, account_email, problems);
    FormProblems refused = problems_of(call, "sign", problems);
    if (problems.empty()) {
        try {
            auto write = store_.sign({.petition_id = petition.id,
                                      .name = input.name,
                                      .email = input.email,
                                      .eldership_id = input.eldership_id,
                                      .declared_eligible = input.eligible,
                                      .consent = input.consent,
                                      .notify_on_answer = input.notify,
                                      .language = std::string(language_code(call.language())),
                                      .client_address = call.context().client().to_string(),
                                      .sponsor_token = std::move(sponsor_token),
                                      .email_verified = account_email.has_value()});
            const auto outcome = co_await std::move(write);
            co_return call.redirect(done_path +
                                    (outcome.outcome == PetitionStore::Signed::Outcome::kConfirmed
                                         ? "?counted=1"
                                         : "?sent=1"));
        } catch (const InvalidInput& e) {
            refused.form_error = call.explain(e);
        }
    }
    co_return sign_page(call, petition, as_sponsor, &refused);
}

// ---- confirming from the mail

Response PetitionFlowPages::confirm_form(PageCall& call) {
    const std::string& token = call.parameter("token");
    const auto signature = token_shaped(token) ? store_.by_confirmation_token(token) : std::nullopt;
    if (!signature || signature->invalidated) return gone(call, "petition_sign_confirm_gone");
    if (signature->confirmed) {
        return call.redirect(call.path(petition_path(signature->petition_id, "/sign")) +
                             "?counted=1");
    }
    return notice_page(call, http::status::ok,
                       {.title = call.text("petition_sign_confirm_title"),
                        .text = call.text("petition_sign_confirm_intro"),
                        .action = call.path("/petitions/confirm/" + token),
                        .submit = call.text("petition_sign_confirm_submit")});
}

asio::awaitable<Response> PetitionFlowPages::confirm(PageCall& call) {
    const std::string token = call.parameter("token");
    if (!token_shaped(token)) co_return gone(call, "petition_sign_confirm_gone");
    std::optional<PetitionStore::Confirmed> confirmed;
    try {
        auto write = store_.confirm(token);
        confirmed = co_await std::move(write);
    } catch (const InvalidInput& e) {
        co_return notice_page(call, http::status::not_found,
                              {.title = call.text("petition_manage_gone_title"),
                               .text = call.explain(e),
                               .kind = "error"});
    }
    co_return call.redirect(call.path(petition_path(confirmed->petition_id, "/sign")) +
                            "?counted=1");
}

}  // namespace councilcast::portal
