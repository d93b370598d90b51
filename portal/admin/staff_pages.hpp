// The staff's own pages: accounts and their roles (administrators), the audit log (all staff)
// and the outgoing mail (administrators).
#pragma once

#include <boost/asio/awaitable.hpp>

#include "config/config.hpp"
#include "portal/accounts/account_store.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/mail/mail_queue.hpp"

namespace councilcast::portal {

class StaffPages {
  public:
    // Non-owning references: the portal keeps each alive while the server runs.
    StaffPages(const config::Config& config, AccountStore& store, AuditLog& audit, MailQueue& mail);

    // The routes (kept by the router while the server runs, pointing into this object), the
    // staff navigation entries and what crawlers should leave alone.
    ModuleEntries entries();

  private:
    using Response = PageCall::Response;

    boost::asio::awaitable<Response> users(PageCall& call);
    boost::asio::awaitable<Response> save_user(PageCall& call);
    boost::asio::awaitable<Response> audit(PageCall& call);
    // The outgoing mail: what is queued, sent or failed, and one message read back in full. In
    // the demo (transport "files") this is how a newcomer follows a confirmation link.
    boost::asio::awaitable<Response> mail(PageCall& call);

    const config::Config& config_;
    AccountStore& store_;
    AuditLog& audit_;
    MailQueue& mail_;
};

}  // namespace councilcast::portal
