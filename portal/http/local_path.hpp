// The one check of every `next=`: where a form or the language switch may send a visitor.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace councilcast::portal {

// `next` (a query or form value, once decoded: the target of a page on this site, itself in
// URI form, "/staff/meeting?id=7") as a Location header. Nothing when it could lead elsewhere:
// not a relative reference of RFC 3986 (Boost.URL's parser), an authority ("//host"), a path
// not starting with "/", or any byte below 0x21, 0x7f or a backslash. Such bytes are refused,
// never stripped: browsers drop TAB, CR and LF before parsing, so "/\t/evil.example" would
// otherwise reach "//evil.example". What is returned is a valid URI reference, so any
// percent-encoded byte in it stays encoded in the Location.
std::optional<std::string> local_path(std::string_view next);

}  // namespace councilcast::portal
