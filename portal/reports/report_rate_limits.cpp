#include "portal/reports/report_rate_limits.hpp"

namespace councilcast::portal {

ReportRateLimits::ReportRateLimits(const ReportRateSettings& settings)
    : reports_(settings.reports, settings.report_window),
      subscriptions_(settings.subscriptions, settings.subscription_window) {}

std::chrono::seconds ReportRateLimits::take_report(const boost::asio::ip::address& client) {
    return reports_.try_take(client, "report.create");
}

std::chrono::seconds ReportRateLimits::take_subscription(const boost::asio::ip::address& client) {
    return subscriptions_.try_take(client, "report.subscribe");
}

}  // namespace councilcast::portal
