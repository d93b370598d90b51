// Every mail to residents about problem reports, in the report's (or subscription's) language,
// queued by the store's event sink inside the change's transaction (MailQueue::enqueue_in): the
// confirmation link, the "it went to the department" receipt, each public update to the
// reporter and the report's subscribers, a subscription's confirmation link, the alert of a new
// report in a followed eldership or area, and the fixed-questionnaire. A subscriber's every
// mail ends with the link that ends the subscription.
#pragma once

#include <string>
#include <string_view>

#include "common/database.hpp"
#include "config/config.hpp"
#include "portal/mail/mail_queue.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/reports/report_store.hpp"

namespace councilcast::portal {

// Thread-safe: on_event runs on the writer's thread.
class ReportMail {
  public:
    // Non-owning references: each outlives this.
    ReportMail(const config::Reports& settings, MailQueue& queue, const PageRenderer& renderer);

    // The address links start with ("https://tv.elektrenai.lt"); set before serving.
    void set_public_url(std::string url) { public_url_ = std::move(url); }

    // The store's event sink (ReportStore::add_event_sink). A refused recipient fails the job,
    // and the change with it; a mailbox over its hourly limit of confirmation links gets no
    // more of them (the change stands).
    void on_event(Database& db, const ReportEvent& event) const;

  private:
    // A message from the catalogue's `<name>_subject` and `<name>_body`, {link} made a link in
    // the HTML part, and the unsubscribe line when the recipient has a subscription token.
    MailMessage compose(const ReportEvent& event, std::string_view name,
                        std::string_view link_path) const;

    const config::Reports& settings_;
    MailQueue& queue_;
    const PageRenderer& renderer_;
    std::string public_url_;
};

}  // namespace councilcast::portal
