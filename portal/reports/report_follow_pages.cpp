#include "portal/reports/report_follow_pages.hpp"

#include <fmt/core.h>

#include "common/error.hpp"
#include "portal/accounts/form_checks.hpp"
#include "portal/mail/email_address.hpp"
#include "portal/pages/target.hpp"
#include "portal/reports/report_views.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Response = ReportFollowPages::Response;
using Dictionary = ctemplate::TemplateDictionary;

namespace {

constexpr std::string_view kEldershipForm = "eldership";
constexpr std::string_view kAreaForm = "area";
constexpr std::string_view kFixedForm = "fixed";
constexpr FieldBounds kFixedCommentBounds{0, 2000};

std::vector<std::pair<std::string, std::string>> eldership_options(PageCall& call,
                                                                   const config::Reports& reports) {
    std::vector<std::pair<std::string, std::string>> options{
        {"", call.text("report_new_choose_eldership")}};
    for (const auto& eldership : reports.elderships) {
        options.emplace_back(eldership.name, eldership.name);
    }
    return options;
}

}  // namespace

ReportFollowPages::ReportFollowPages(ReportStore& store, ReportRateLimits& limits,
                                     const PageRenderer& renderer, const Localization& localization)
    : store_(store), limits_(limits), renderer_(renderer), localization_(localization) {}

ModuleEntries ReportFollowPages::entries() {
    using http::verb;
    ModuleEntries entries;
    entries.routes = {
        open_route("/reports/subscribe", answer_of(this, &ReportFollowPages::subscribe_form)),
        {verb::post, "/reports/subscribe", kAnyone, FormKind::kShort,
         handler_of(this, &ReportFollowPages::subscribe)},
        open_route("/reports/subscriptions/confirmed",
                   answer_of(this, &ReportFollowPages::subscribed)),
        open_route("/reports/subscriptions/confirm/{token}",
                   answer_of(this, &ReportFollowPages::confirm_form)),
        {verb::post, "/reports/subscriptions/confirm/{token}", kAnyone, FormKind::kShort,
         handler_of(this, &ReportFollowPages::confirm)},
        open_route("/reports/unsubscribe/{token}",
                   answer_of(this, &ReportFollowPages::unsubscribe_form)),
        {verb::post, "/reports/unsubscribe/{token}", kAnyone, FormKind::kShort,
         handler_of(this, &ReportFollowPages::unsubscribe)},
        open_route("/reports/fixed/{token}",
                   answer_of(this, &ReportFollowPages::questionnaire_form)),
        {verb::post, "/reports/fixed/{token}", kAnyone, FormKind::kShort,
         handler_of(this, &ReportFollowPages::answer)},
    };
    entries.crawlers.disallow = {"/reports/subscriptions/", "/reports/unsubscribe/",
                                 "/reports/fixed/"};
    return entries;
}

Response ReportFollowPages::link_used(PageCall& call) {
    return report_notice(call, http::status::gone,
                         {.title = call.text("report_page_link_used_title"),
                          .text = call.text("report_page_link_used"),
                          .kind = "error",
                          .link = call.path("/reports"),
                          .link_text = call.text("report_page_back")});
}

Response ReportFollowPages::subscribe_form(PageCall& call) {
    return subscribe_page(call, nullptr);
}

Response ReportFollowPages::subscribe_page(PageCall& call, const FormProblems* problems) {
    const Language language = call.language();
    const config::Reports& settings = store_.settings();
    const User* user = call.signed_in();
    const bool verified = user != nullptr && user->verified;
    const std::string typed_area = problems && problems->form_id == kAreaForm
                                       ? problems->values.get("area")
                                       : call.query("area");
    const auto area = parse_report_area(typed_area);
    StaffForms forms(call.csrf_token(), problems);
    PageFrame frame;
    frame.title = call.text("report_follow_subscribe_title");
    frame.alternate_path = localised(other_language(language), "/reports/subscribe") +
                           (area ? "?area=" + report_area_text(*area) : "");
    frame.nav_current = std::string(kReportsNav);
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;
    auto email_field = [&] {
        return staff_forms::field("email", call.text("report_form_email"), Control::kText, true);
    };
    return call.page(status, "report_form.tpl", std::move(frame), [&](Dictionary& body) {
        body.SetValue("back_href", call.path("/reports"));
        body.SetValue("back_text", call.text("report_page_back"));
        body.SetValue("heading", call.text("report_follow_subscribe_title"));
        body.AddSectionDictionary("INTRO")->SetValue("text",
                                                     call.text("report_follow_subscribe_intro"));
        std::vector<StaffField> fields;
        StaffField eldership = staff_forms::field("eldership", call.text("report_form_eldership"),
                                                  Control::kSelect, true);
        eldership.options = eldership_options(call, settings);
        fields.push_back(std::move(eldership));
        if (!verified) fields.push_back(email_field());
        auto* section = body.AddSectionDictionary("SECTION");
        section->AddSectionDictionary("SECTION_HEADING")
            ->SetValue("text", call.text("report_follow_subscribe_eldership"));
        forms.place(*section, "SECTION_FORM",
                    {.id = std::string(kEldershipForm),
                     .action = call.path("/reports/subscribe"),
                     .submit = call.text("report_follow_subscribe_submit"),
                     .hidden = {{"kind", "eldership"}},
                     .fields = std::move(fields)});
        if (area) {
            std::vector<StaffField> area_fields;
            if (!verified) area_fields.push_back(email_field());
            auto* in_area = body.AddSectionDictionary("SECTION");
            in_area->AddSectionDictionary("SECTION_HEADING")
                ->SetValue("text", call.text("report_follow_subscribe_area"));
            forms.place(*in_area, "SECTION_FORM",
                        {.id = std::string(kAreaForm),
                         .action = call.path("/reports/subscribe"),
                         .submit = call.text("report_follow_subscribe_submit"),
                         .hidden = {{"kind", "area"}, {"area", report_area_text(*area)}},
                         .fields = std::move(area_fields)});
        } else {
            auto* hint = body.AddSectionDictionary("SECTION");
            hint->AddSectionDictionary("SECTION_HEADING")
                ->SetValue("text", call.text("report_follow_subscribe_area"));
            hint->AddSectionDictionary("SECTION_TEXT")
                ->SetValue("text", call.text("report_follow_subscribe_area_hint"));
        }
        forms.summarise(body);
    });
}

asio::awaitable<Response> ReportFollowPages::subscribe(PageCall& call) {
    const FormData& form = call.form();
    const std::string kind = form.get("kind");
    FormProblems refused;
    refused.form_id = kind == "area" ? std::string(kAreaForm) : std::string(kEldershipForm);
    refused.values = form;
    ReportStore::SubscriptionRequest request;
    if (kind == "area") {
        const auto area = parse_report_area(form.get("area"));
        if (!area) throw InvalidInput::text("report_form_error_area");
        request.kind = SubscriptionKind::kArea;
        request.area = *area;
    } else {
        request.kind = SubscriptionKind::kEldership;
        request.eldership = form.get("eldership");
        const auto& elderships = store_.settings().elderships;
        if (std::none_of(elderships.begin(), elderships.end(),
                         [&](const auto& e) { return e.name == request.eldership; })) {
            refused.field_errors["eldership"] = call.text("report_form_error_eldership");
        }
    }
    const User* user = call.signed_in();
    const bool verified = user != nullptr && user->verified;
    if (verified) {
        request.email = user->email;
        request.email_verified = true;
    } else if (auto email = normalise_email(form.get("email")); email) {
        request.email = *email;
    } else {
        refused.field_errors["email"] = call.text("report_form_error_email");
    }
    if (!refused.empty()) co_return subscribe_page(call, &refused);
    if (const auto wait = limits_.take_subscription(call.context().client()); wait.count() > 0) {
        co_return too_many_page(call, renderer_, "report_form_too_many", wait);
    }
    request.language = std::string(language_code(call.language()));
    request.account_id = user ? user->id : 0;
    auto subscribing = store_.subscribe(std::move(request));
    const ReportStore::Subscribed done = co_await std::move(subscribing);
    co_return call.redirect(call.path("/reports/subscriptions/confirmed") +
                            (done.confirmed ? "" : "?sent=1"));
}

Response ReportFollowPages::subscribed(PageCall& call) {
    const bool sent = !call.query("sent").empty();
    return report_notice(
        call, http::status::ok,
        {.title = call.text(sent ? "report_follow_subscribe_sent_title"
                                 : "report_follow_subscribed_title"),
         .text = call.text(sent ? "report_follow_subscribe_sent" : "report_follow_subscribed"),
         .link = call.path("/reports"),
         .link_text = call.text("report_page_back")});
}

Response ReportFollowPages::confirm_form(PageCall& call) {
    const std::string& token = call.parameter("token");
    // A made-up or mistyped link says so at once, not after the button.
    if (!report_token_shaped(token) || !store_.subscription_by_confirm_token(token)) {
        throw NotFound();
    }
    return report_notice(call, http::status::ok,
                         {.title = call.text("report_follow_subscription_confirm_title"),
                          .text = call.text("report_follow_subscription_confirm_text"),
                          .action = call.path("/reports/subscriptions/confirm/" + token),
                          .submit = call.text("report_follow_subscription_confirm_submit")});
}

asio::awaitable<Response> ReportFollowPages::confirm(PageCall& call) {
    const std::string token = call.parameter("token");
    if (!report_token_shaped(token)) throw NotFound();
    try {
        auto confirming = store_.confirm_subscription(token);
        co_await std::move(confirming);
    } catch (const InvalidInput&) {
        throw NotFound();
    }
    co_return call.redirect(call.path("/reports/subscriptions/confirmed"));
}

Response ReportFollowPages::unsubscribe_form(PageCall& call) {
    const std::string& token = call.parameter("token");
    if (!call.query("done").empty()) {
        return report_notice(call, http::status::ok,
                             {.title = call.text("report_follow_unsubscribed_title"),
                              .text = call.text("report_follow_unsubscribed"),
                              .link = call.path("/reports"),
                              .link_text = call.text("report_page_back")});
    }
    const auto found =
        report_token_shaped(token) ? store_.subscription_by_unsubscribe_token(token) : std::nullopt;
    if (!found) return link_used(call);
    return report_notice(call, http::status::ok,
                         {.title = call.text("report_follow_unsubscribe_title"),
                          .text = call.text("report_follow_unsubscribe_text"),
                          .action = call.path("/reports/unsubscribe/" + token),
                          .submit = call.text("report_follow_unsubscribe_submit")});
}

asio::awaitable<Response> ReportFollowPages::unsubscribe(PageCall& call) {
    const std::string token = call.parameter("token");
    if (!report_token_shaped(token)) throw NotFound();
    bool ended = true;
    try {
        auto ending = store_.unsubscribe(token);
        co_await std::move(ending);
    } catch (const InvalidInput&) {
        ended = false;
    }
    if (!ended) co_return link_used(call);
    co_return call.redirect(call.path("/reports/unsubscribe/" + token) + "?done=1");
}

Response ReportFollowPages::questionnaire_form(PageCall& call) {
    const std::string& token = call.parameter("token");
    const auto found = report_token_shaped(token) ? store_.questionnaire(token) : std::nullopt;
    if (!found) throw NotFound();
    if (found->used) return link_used(call);
    return questionnaire_page(call, found->report, nullptr);
}

Response ReportFollowPages::questionnaire_page(PageCall& call, const Report& report,
                                               const FormProblems* problems) {
    const Language language = call.language();
    StaffForms forms(call.csrf_token(), problems);
    PageFrame frame;
    frame.title = call.text("report_follow_fixed_title");
    frame.alternate_path = localised(other_language(language), call.target().path);
    frame.nav_current = std::string(kReportsNav);
    const auto status = problems ? http::status::unprocessable_entity : http::status::ok;
    return call.page(status, "report_form.tpl", std::move(frame), [&](Dictionary& body) {
        body.SetValue("back_href", call.path(report_path(report.id)));
        body.SetValue("back_text", report.title);
        body.SetValue("heading", call.text("report_follow_fixed_title"));
        body.AddSectionDictionary("INTRO")->SetValue(
            "text", call.text("report_follow_fixed_intro", "title", report.title));
        StaffField fixed = staff_forms::field("fixed", call.text("report_follow_fixed_question"),
                                              Control::kSelect, true);
        fixed.options = {{"", call.text("report_details_choose")},
                         {"yes", call.text("report_form_yes")},
                         {"no", call.text("report_form_no")}};
        std::vector<StaffField> fields;
        fields.push_back(std::move(fixed));
        fields.push_back(staff_forms::field("comment", call.text("report_follow_fixed_comment"),
                                            Control::kTextarea, false,
                                            call.text("report_follow_fixed_comment_hint")));
        auto* section = body.AddSectionDictionary("SECTION");
        forms.place(*section, "SECTION_FORM",
                    {.id = std::string(kFixedForm),
                     .action = call.path(call.target().path),
                     .submit = call.text("report_follow_fixed_submit"),
                     .fields = std::move(fields)});
        forms.summarise(body);
    });
}

asio::awaitable<Response> ReportFollowPages::answer(PageCall& call) {
    const std::string token = call.parameter("token");
    const auto found = report_token_shaped(token) ? store_.questionnaire(token) : std::nullopt;
    if (!found) throw NotFound();
    if (found->used) co_return link_used(call);
    const Report report = found->report;
    if (const auto wait = limits_.take_subscription(call.context().client()); wait.count() > 0) {
        co_return too_many_page(call, renderer_, "report_form_too_many", wait);
    }
    const FormData& form = call.form();
    FieldProblems problems;
    std::string comment = read_paragraphs(form, "comment", kFixedCommentBounds,
                                          "report_form_error_comment_length", problems);
    const std::string fixed = form.get("fixed");
    if (fixed != "yes" && fixed != "no") problems["fixed"] = {"report_form_error_fixed_answer"};
    if (!problems.empty()) {
        const FormProblems refused =
            staff_forms::problems(call, renderer_, std::string(kFixedForm), problems);
        co_return questionnaire_page(call, report, &refused);
    }
    bool answered = true;
    try {
        auto answering = store_.answer_questionnaire(token, fixed == "yes", std::move(comment));
        co_await std::move(answering);
    } catch (const InvalidInput& problem) {
        if (problem.key() != "report_error_link_used") throw;
        answered = false;
    }
    if (!answered) co_return link_used(call);
    co_return call.redirect(call.path(report_path(report.id)) + "?answered=1");
}

}  // namespace councilcast::portal
