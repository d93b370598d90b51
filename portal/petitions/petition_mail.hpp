// Every mail about petitions, in the recipient's language, stored by the durable mail queue in
// the transaction of the change it tells of (the store's event sink), so a confirmation link
// and its signature, or an answer and its notices, exist together or not at all.
#pragma once

#include <string>
#include <string_view>

#include "common/database.hpp"
#include "portal/mail/mail_queue.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/petitions/petition_store.hpp"

namespace councilcast::portal {

// Thread-safe: on_event runs on the writer's thread, the composing on any.
class PetitionMail {
  public:
    // Non-owning references: each outlives this.
    PetitionMail(MailQueue& queue, const PageRenderer& renderer);

    // The address links start with ("https://tv.elektrenai.lt"); set before serving.
    void set_public_url(std::string url) { public_url_ = std::move(url); }

    // The store's event sink (PetitionStore::set_event_sink): queues the event's mail inside
    // the writer job's transaction. A refused recipient fails the job, and the change with it.
    void on_event(Database& db, const PetitionEvent& event) const;

    // A message in `language` from the catalogue's `<name>_subject` and `<name>_body`, with
    // `arguments` filled in and {link} made a link in its HTML part; `note_key` (if any) a
    // paragraph added at the end.
    MailMessage compose(std::string to, Language language, std::string_view name,
                        MessageArguments arguments, std::string_view link,
                        std::string_view note_key = {}) const;

  private:
    // The absolute address of `path` in `language`.
    std::string link(Language language, std::string_view path) const;
    // Queues `message` in the job's transaction; a token it carries is a secret (redacted once
    // the message is sent).
    void queue(Database& db, const MailMessage& message, std::string kind,
               std::string_view token = {}) const;
    void to_creator(Database& db, const PetitionEvent& event, std::string_view name,
                    std::string_view path, MessageArguments extra = {}) const;

    MailQueue& queue_;
    const PageRenderer& renderer_;
    std::string public_url_;
};

}  // namespace councilcast::portal
