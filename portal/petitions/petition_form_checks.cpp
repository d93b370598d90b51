#include "portal/petitions/petition_form_checks.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <cctype>

#include "common/typed_text.hpp"
#include "portal/mail/email_address.hpp"
#include "portal/petitions/petition_input.hpp"

namespace councilcast::portal::petition_forms {
namespace {

bool ticked(const FormData& form, std::string_view field) {
    return form.get(field) == "1";
}

std::string read_email(const FormData& form, Problems& problems) {
    if (auto email = normalise_email(form.get("email")); email && email->size() <= 254) {
        return *email;
    }
    problems["email"] = {"petition_error_email", {}};
    return {};
}

}  // namespace

std::vector<std::string> split_paragraphs(std::string_view text) {
    std::vector<std::string> result;
    const std::string tidy = tidy_paragraphs(text);
    std::string_view rest = tidy;
    while (!rest.empty()) {
        const auto end = rest.find("\n\n");
        result.emplace_back(rest.substr(0, end));
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 2);
    }
    return result;
}

DraftInput read_draft(const FormData& form, bool with_contact, Problems& problems) {
    DraftInput input;
    input.title = read_line(form, "title", kTitle, "petition_error_title", problems);
    input.text = read_paragraphs(form, "text", kText, "petition_error_text", problems);
    if (!with_contact) return input;
    input.creator_name = read_line(form, "name", kName, "petition_error_name", problems);
    input.email = read_email(form, problems);
    const std::string language = form.get("language");
    const auto chosen = std::find_if(kLanguages.begin(), kLanguages.end(),
                                     [&](Language l) { return language_code(l) == language; });
    if (chosen != kLanguages.end()) {
        input.language = *chosen;
    } else {
        problems["language"] = {"petition_error_language", {}};
    }
    if (!ticked(form, "consent")) problems["consent"] = {"petition_start_error_consent", {}};
    return input;
}

SignatureInput read_signature(const FormData& form, const std::vector<std::int64_t>& elderships,
                              bool allow_outside, const std::optional<std::string>& account_email,
                              Problems& problems) {
    SignatureInput input;
    input.name = read_line(form, "name", kName, "petition_error_name", problems);
    input.email = account_email ? *account_email : read_email(form, problems);
    const auto eldership = parse_id(form.get("eldership"));
    const bool known = eldership && ((*eldership == kOutsideEldership && allow_outside) ||
                                     std::find(elderships.begin(), elderships.end(), *eldership) !=
                                         elderships.end());
    if (known) {
        input.eldership_id = *eldership;
    } else {
        problems["eldership"] = {"petition_error_eldership", {}};
    }
    input.eligible = ticked(form, "eligible");
    if (!input.eligible) problems["eligible"] = {"petition_error_eligible", {}};
    input.consent = ticked(form, "consent");
    if (!input.consent) problems["consent"] = {"petition_error_consent", {}};
    input.notify = ticked(form, "notify");
    return input;
}

std::optional<std::int64_t> read_optional_id(const FormData& form, std::string_view field,
                                             std::string_view problem_key, Problems& problems) {
    const std::string value = tidy_line(form.get(field));
    if (value.empty()) return std::nullopt;
    auto id = parse_id(value);
    if (!id || *id <= 0) {
        problems[std::string(field)] = {std::string(problem_key), {}};
        return std::nullopt;
    }
    return id;
}

std::optional<std::string> parse_domain(std::string_view typed) {
    std::string domain(trimmed(typed));
    if (!domain.empty() && domain.front() == '@') domain.erase(0, 1);
    std::transform(domain.begin(), domain.end(), domain.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const bool shape =
        !domain.empty() && domain.size() <= 253 && domain.find('.') != std::string::npos &&
        domain.front() != '.' && domain.back() != '.' && domain.find("..") == std::string::npos &&
        std::all_of(domain.begin(), domain.end(),
                    [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '.'; });
    if (!shape) return std::nullopt;
    return domain;
}

InvalidationInput read_invalidation(const FormData& form, const Localization& localization,
                                    Problems& problems) {
    InvalidationInput input;
    const std::string address = tidy_line(form.get("address"));
    const std::string domain = tidy_line(form.get("domain"));
    const std::string from = tidy_line(form.get("from"));
    const std::string to = tidy_line(form.get("to"));
    if (address.empty() && domain.empty() && from.empty() && to.empty()) {
        problems["address"] = {"petition_error_invalidation_criteria", {}};
    }
    if (!address.empty()) {
        boost::system::error_code error;
        const auto parsed = boost::asio::ip::make_address(address, error);
        if (error) {
            problems["address"] = {"petition_moderation_error_address", {}};
        } else {
            input.address = parsed.to_string();
        }
    }
    if (!domain.empty()) {
        if (auto parsed = parse_domain(domain)) {
            input.domain = *parsed;
        } else {
            problems["domain"] = {"petition_moderation_error_domain", {}};
        }
    }
    const auto from_s = localization.parse_datetime_local(from);
    const auto to_s = localization.parse_datetime_local(to);
    if (!from.empty() && !from_s) problems["from"] = {"petition_moderation_error_window", {}};
    if (!to.empty() && !to_s) problems["to"] = {"petition_moderation_error_window", {}};
    if (from_s && to_s && *from_s >= *to_s) {
        problems["to"] = {"petition_moderation_error_window", {}};
    }
    if (from_s) input.from_unix_ms = *from_s * 1000;
    if (to_s) input.to_unix_ms = *to_s * 1000;
    input.reason =
        read_paragraphs(form, "reason", kReason, "petition_error_invalidation_reason", problems);
    return input;
}

}  // namespace councilcast::portal::petition_forms
