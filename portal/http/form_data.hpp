// What a browser sends: form bodies (application/x-www-form-urlencoded) and cookies, bounded
// and checked before any page looks at them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "portal/http/http_server.hpp"

namespace councilcast::portal {

class FormData {
  public:
    struct Limits {
        std::size_t max_body_bytes;
        std::size_t max_fields;
        std::size_t max_value_bytes;
    };
    // Limits of a resident's form (sign-in, account): more or longer fields than this are not a
    // person typing.
    static constexpr std::size_t kMaxBodyBytes = 64 * 1024;
    static constexpr std::size_t kMaxFields = 200;
    static constexpr std::size_t kMaxValueBytes = 4096;
    static constexpr Limits kShortForm{kMaxBodyBytes, kMaxFields, kMaxValueBytes};
    // An editor's form: an agenda item's description or a decision's text runs to pages of
    // Markdown. The server's max_body_bytes still bounds the whole body first.
    static constexpr Limits kLongForm{1024 * 1024, kMaxFields, 256 * 1024};

    // Throws InvalidInput (bilingual) for a body that is too large, malformed, not UTF-8,
    // or has a control character other than tab and newline in a value.
    static FormData parse(std::string_view body, const Limits& limits = kShortForm);

    // The text fields of a form that came another way (multipart/form-data), checked as parse()
    // checks a decoded body's: the same exceptions for the same faults.
    static FormData from_fields(std::vector<std::pair<std::string, std::string>> fields,
                                const Limits& limits);

    // The first value of `name`, or empty.
    std::string get(std::string_view name) const;
    std::vector<std::string> all(std::string_view name) const;

  private:
    std::multimap<std::string, std::string, std::less<>> values_;
};

// A row id from a form or query: digits only, and small enough for int64.
std::optional<std::int64_t> parse_id(std::string_view text);

// The value of cookie `name` in the request's Cookie headers, if present. Hand-written because
// neither Beast nor Boost.URL parses Cookie headers; RFC 6265 5.4's grammar is name=value pairs
// separated by "; ".
std::optional<std::string> cookie_value(const boost::beast::http::request_header<>& request,
                                        std::string_view name);

// A Set-Cookie value: Path=/, HttpOnly, SameSite=Lax always; Secure when `secure`. A negative
// max_age_s deletes the cookie; zero makes it last as long as the browser session.
std::string set_cookie(std::string_view name, std::string_view value, long max_age_s, bool secure);

}  // namespace councilcast::portal
