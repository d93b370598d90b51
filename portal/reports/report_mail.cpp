#include "portal/reports/report_mail.hpp"

#include <fmt/core.h>
#include <boost/algorithm/string/replace.hpp>

#include <chrono>

#include "portal/http/responses.hpp"
#include "portal/pages/target.hpp"
#include "portal/reports/report_paths.hpp"
#include "portal/reports/report_texts.hpp"

namespace councilcast::portal {
namespace {

// Someone could type a victim's address into many report or subscription forms; the rate
// limits per client bound that, and this bounds what one mailbox gets from all of them.
const MailLimit kReportLinksPerHour{"report.link", 10, std::chrono::hours{1}};

// Marks the links replace in each part: the catalogue's text is escaped for HTML, the links
// then put in as anchors.
constexpr std::string_view kReportLinkMark = "\x01";
constexpr std::string_view kUnsubscribeMark = "\x02";

std::string report_mail_html(std::string_view text) {
    std::string html = "<p>" + html_escape(text) + "</p>";
    boost::algorithm::replace_all(html, "\n\n", "</p><p>");
    boost::algorithm::replace_all(html, "\n", "<br>");
    return html;
}

}  // namespace

ReportMail::ReportMail(const config::Reports& settings, MailQueue& queue,
                       const PageRenderer& renderer)
    : settings_(settings), queue_(queue), renderer_(renderer) {}

MailMessage ReportMail::compose(const ReportEvent& event, std::string_view name,
                                std::string_view link_path) const {
    const Report& report = event.report;
    const Language language = report_language(event.recipient.language);
    std::string state;
    if (event.update)
        state = renderer_.format(language, report_state_key(event.update->new_state), {});
    const MessageArguments arguments{
        {"name", event.recipient.name},
        {"id", std::to_string(report.id)},
        {"title", report.title},
        {"category", category_name(settings_, report.category, language)},
        {"eldership", report.eldership},
        {"state", state},
        {"text", event.update ? event.update->text : std::string()},
        {"link", kReportLinkMark},
    };
    const std::string link = public_url_ + localised(language, link_path);
    std::string body = renderer_.format(language, std::string(name) + "_body", arguments);
    std::string unsubscribe_link;
    if (!event.recipient.unsubscribe_token.empty()) {
        unsubscribe_link =
            public_url_ +
            localised(language, report_unsubscribe_path(event.recipient.unsubscribe_token));
        body += "\n\n" +
                renderer_.format(language, "report_mail_unsubscribe", {{"link", kUnsubscribeMark}});
    }
    MailMessage message;
    message.to = event.recipient.email;
    message.subject = renderer_.format(language, std::string(name) + "_subject", arguments);
    message.text = body;
    boost::algorithm::replace_all(message.text, kReportLinkMark, link);
    boost::algorithm::replace_all(message.text, kUnsubscribeMark, unsubscribe_link);
    std::string html = report_mail_html(body);
    boost::algorithm::replace_all(html, kReportLinkMark,
                                  fmt::format("<a href=\"{0}\">{0}</a>", html_escape(link)));
    boost::algorithm::replace_all(
        html, kUnsubscribeMark,
        fmt::format("<a href=\"{0}\">{0}</a>", html_escape(unsubscribe_link)));
    message.html = "<!DOCTYPE html><html lang=\"" + std::string(language_code(language)) +
                   "\"><meta charset=\"utf-8\"><body>" + html + "</body></html>";
    return message;
}

void ReportMail::on_event(Database& db, const ReportEvent& event) const {
    using Kind = ReportEvent::Kind;
    const Report& report = event.report;
    MailHandling handling;
    MailMessage message;
    switch (event.kind) {
        case Kind::kConfirmationRequested:
            message = compose(event, "report_mail_confirm", report_confirm_path(event.token));
            handling.kind = kReportLinksPerHour.kind_prefix + ".confirm";
            handling.limits.push_back(kReportLinksPerHour);
            handling.secrets.push_back(event.token);
            break;
        case Kind::kConfirmed:
            message = compose(event, "report_mail_confirmed", report_path(report.id));
            handling.kind = "report.confirmed";
            break;
        case Kind::kUpdated:
            message =
                compose(event,
                        event.update && event.update->text.empty() ? "report_mail_state_changed"
                                                                   : "report_mail_updated",
                        report_path(report.id));
            handling.kind = "report.updated";
            break;
        case Kind::kSubscriptionRequested:
            message =
                compose(event,
                        event.subscription && event.subscription->kind == SubscriptionKind::kReport
                            ? "report_mail_subscribe_report"
                            : "report_mail_subscribe_place",
                        report_subscription_confirm_path(event.token));
            handling.kind = kReportLinksPerHour.kind_prefix + ".subscribe";
            handling.limits.push_back(kReportLinksPerHour);
            handling.secrets.push_back(event.token);
            break;
        case Kind::kAlert:
            message = compose(event, "report_mail_alert", report_path(report.id));
            handling.kind = "report.alert";
            break;
        case Kind::kQuestionnaire:
            message = compose(event, "report_mail_questionnaire", report_fixed_path(event.token));
            handling.kind = "report.questionnaire";
            handling.secrets.push_back(event.token);
            break;
    }
    queue_.enqueue_in(db, message, handling);
}

}  // namespace councilcast::portal
