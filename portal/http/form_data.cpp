#include "portal/http/form_data.hpp"

#include <glib.h>

#include <fmt/core.h>
#include <boost/url/parse_query.hpp>

#include <algorithm>

#include "common/error.hpp"

namespace councilcast::portal {
namespace http = boost::beast::http;

FormData FormData::parse(std::string_view body, const Limits& limits) {
    if (body.size() > limits.max_body_bytes) {
        throw InvalidInput::text("form_too_large");
    }
    auto params = boost::urls::parse_query(body);
    if (!params) throw InvalidInput::text("form_malformed");
    if (params->size() > limits.max_fields) {
        throw InvalidInput::text("form_too_many_fields");
    }
    boost::urls::encoding_opts form_encoding;
    form_encoding.space_as_plus = true;
    std::vector<std::pair<std::string, std::string>> fields;
    for (auto param : *params) {
        fields.emplace_back(param.key.decode(form_encoding),
                            param.has_value ? param.value.decode(form_encoding) : std::string());
    }
    return from_fields(std::move(fields), limits);
}

FormData FormData::from_fields(std::vector<std::pair<std::string, std::string>> fields,
                               const Limits& limits) {
    if (fields.size() > limits.max_fields) {
        throw InvalidInput::text("form_too_many_fields");
    }
    FormData form;
    for (auto& [key, value] : fields) {
        const bool text = g_utf8_validate_len(key.data(), key.size(), nullptr) &&
                          g_utf8_validate_len(value.data(), value.size(), nullptr);
        const bool controls = std::any_of(value.begin(), value.end(), [](char c) {
            const auto byte = static_cast<unsigned char>(c);
            return (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7f;
        });
        if (!text || controls || key.size() > limits.max_value_bytes ||
            value.size() > limits.max_value_bytes) {
            throw InvalidInput::text("form_field_not_text");
        }
        form.values_.emplace(std::move(key), std::move(value));
    }
    return form;
}

std::string FormData::get(std::string_view name) const {
    auto it = values_.find(name);
    return it == values_.end() ? std::string() : it->second;
}

std::vector<std::string> FormData::all(std::string_view name) const {
    std::vector<std::string> values;
    auto [first, last] = values_.equal_range(name);
    for (auto it = first; it != last; ++it) values.push_back(it->second);
    return values;
}

std::optional<std::int64_t> parse_id(std::string_view text) {
    if (text.empty() || text.size() > 18 ||
        text.find_first_not_of("0123456789") != std::string_view::npos) {
        return std::nullopt;
    }
    return std::stoll(std::string(text));
}

std::optional<std::string> cookie_value(const http::request_header<>& request,
                                        std::string_view name) {
    auto [first, last] = request.equal_range(http::field::cookie);
    for (auto header = first; header != last; ++header) {
        std::string_view rest = header->value();
        while (!rest.empty()) {
            const auto end = rest.find(';');
            std::string_view pair = rest.substr(0, end);
            rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
            while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
            const auto equals = pair.find('=');
            if (equals == std::string_view::npos) continue;
            if (pair.substr(0, equals) == name) return std::string(pair.substr(equals + 1));
        }
    }
    return std::nullopt;
}

std::string set_cookie(std::string_view name, std::string_view value, long max_age_s, bool secure) {
    std::string cookie = fmt::format("{}={}; Path=/; HttpOnly; SameSite=Lax", name, value);
    if (max_age_s != 0) cookie += fmt::format("; Max-Age={}", std::max(0L, max_age_s));
    if (secure) cookie += "; Secure";
    return cookie;
}

}  // namespace councilcast::portal
