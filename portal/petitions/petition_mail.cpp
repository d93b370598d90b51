#include "portal/petitions/petition_mail.hpp"

#include <fmt/core.h>
#include <boost/algorithm/string/replace.hpp>

#include <chrono>

#include "portal/http/responses.hpp"
#include "portal/pages/target.hpp"

namespace councilcast::portal {
namespace {

// Someone could type a victim's address into many sign forms; the rate limits per client bound
// that, and this bounds what one mailbox gets from all of them together.
const MailLimit kConfirmationsPerHour{"petition.confirm", 10, std::chrono::hours{1}};

// Every catalogue name of a petition mail starts so; the rest names its kind in the queue.
constexpr std::string_view kMailPrefix = "petition_mail_";

}  // namespace

PetitionMail::PetitionMail(MailQueue& queue, const PageRenderer& renderer)
    : queue_(queue), renderer_(renderer) {}

std::string PetitionMail::link(Language language, std::string_view path) const {
    return public_url_ + localised(language, path);
}

// Texts come from the catalogue; the HTML part is the same text, escaped, in paragraphs, with
// the link made clickable.
MailMessage PetitionMail::compose(std::string to, Language language, std::string_view name,
                                  MessageArguments arguments, std::string_view link,
                                  std::string_view note_key) const {
    const std::string prefix(name);
    arguments.emplace_back("link", "\x01");  // a mark the link replaces in each part
    MailMessage message;
    message.to = std::move(to);
    message.subject = renderer_.format(language, prefix + "_subject", arguments);
    std::string body = renderer_.format(language, prefix + "_body", arguments);
    if (!note_key.empty()) body += "\n\n" + renderer_.message(language, note_key);
    message.text = body;
    boost::algorithm::replace_all(message.text, "\x01", link);
    std::string html = "<p>" + html_escape(body) + "</p>";
    boost::algorithm::replace_all(html, "\n\n", "</p><p>");
    boost::algorithm::replace_all(html, "\n", "<br>");
    boost::algorithm::replace_all(html, "\x01",
                                  fmt::format("<a href=\"{0}\">{0}</a>", html_escape(link)));
    message.html = "<!DOCTYPE html><html lang=\"" + std::string(language_code(language)) +
                   "\"><meta charset=\"utf-8\"><body>" + html + "</body></html>";
    return message;
}

void PetitionMail::queue(Database& db, const MailMessage& message, std::string kind,
                         std::string_view token) const {
    MailHandling handling;
    handling.kind = std::move(kind);
    if (handling.kind == kConfirmationsPerHour.kind_prefix) {
        handling.limits.push_back(kConfirmationsPerHour);
    }
    if (!token.empty()) handling.secrets.emplace_back(token);
    queue_.enqueue_in(db, message, handling);
}

void PetitionMail::to_creator(Database& db, const PetitionEvent& event, std::string_view name,
                              std::string_view path, MessageArguments extra) const {
    const Language language = stored_language(event.creator.language);
    MessageArguments arguments{{"title", event.petition->title},
                               {"name", event.creator.name},
                               {"count", event.petition->signature_count}};
    for (auto& argument : extra) arguments.push_back(std::move(argument));
    queue(db,
          compose(event.creator.email, language, name, std::move(arguments),
                  path.empty() ? std::string() : link(language, path)),
          "petition." + std::string(name.substr(kMailPrefix.size())), event.token);
}

void PetitionMail::on_event(Database& db, const PetitionEvent& event) const {
    using Kind = PetitionEvent::Kind;
    const Petition& petition = *event.petition;
    const std::string page = petition_path(petition.id);
    switch (event.kind) {
        case Kind::kCreated:
            to_creator(db, event, "petition_mail_manage", "/petitions/manage/" + event.token);
            return;
        case Kind::kSignaturePending: {
            if (event.recipients.empty()) return;
            const PetitionRecipient& signer = event.recipients.front();
            const Language language = stored_language(signer.language);
            queue(db,
                  compose(signer.email, language, "petition_mail_confirm",
                          {{"title", petition.title}},
                          link(language, "/petitions/confirm/" + event.token)),
                  std::string(kConfirmationsPerHour.kind_prefix), event.token);
            return;
        }
        case Kind::kSponsorsGathered:
            to_creator(db, event, "petition_mail_sponsored", "");
            return;
        case Kind::kPublished:
            to_creator(db, event, "petition_mail_published", page);
            return;
        case Kind::kRejected: {
            const Language language = stored_language(event.creator.language);
            const PetitionRejection rejection = petition.rejection.value_or(PetitionRejection{});
            to_creator(db, event, "petition_mail_rejected", page,
                       {{"reason",
                         renderer_.message(
                             language, "petition_reason_" +
                                           std::string(rejection_reason_name(rejection.reason)))},
                        {"text", rejection.text}});
            return;
        }
        case Kind::kResponseThresholdReached:
            to_creator(db, event, "petition_mail_response_threshold", page);
            return;
        case Kind::kCouncilThresholdReached:
            to_creator(db, event, "petition_mail_council_threshold", page);
            return;
        case Kind::kAnswered: {
            const std::string response = petition.response ? petition.response->text : "";
            to_creator(db, event, "petition_mail_answered", page, {{"response", response}});
            for (const PetitionRecipient& signer : event.recipients) {
                const Language language = stored_language(signer.language);
                queue(db,
                      compose(signer.email, language, "petition_mail_answered",
                              {{"title", petition.title}, {"response", response}},
                              link(language, page), "petition_mail_answered_signer_note"),
                      "petition.answered");
            }
            return;
        }
    }
}

}  // namespace councilcast::portal
