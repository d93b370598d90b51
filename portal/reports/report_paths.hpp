// The addresses of the residents' report pages that mail and other pages link to (without the
// /en prefix): one place, so the mail and the routes cannot drift apart.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace councilcast::portal {

inline std::string report_path(std::int64_t report_id) {
    return "/reports/" + std::to_string(report_id);
}
// The confirmation from the mail: GET asks, POST confirms.
inline std::string report_confirm_path(std::string_view token) {
    return "/reports/confirm/" + std::string(token);
}
inline std::string report_subscription_confirm_path(std::string_view token) {
    return "/reports/subscriptions/confirm/" + std::string(token);
}
inline std::string report_unsubscribe_path(std::string_view unsubscribe_token) {
    return "/reports/unsubscribe/" + std::string(unsubscribe_token);
}
// The fixed-questionnaire.
inline std::string report_fixed_path(std::string_view token) {
    return "/reports/fixed/" + std::string(token);
}
// A report's staff page (the department's mail links to it).
inline std::string report_staff_path(std::int64_t report_id) {
    return "/staff/reports/" + std::to_string(report_id);
}
// A photo's file: size "full" or "small".
inline std::string report_photo_path(std::string_view hash, std::string_view size) {
    return "/reports/photos/" + std::string(hash) + "-" + std::string(size) + ".jpg";
}

}  // namespace councilcast::portal
