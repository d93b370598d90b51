#include "portal/http/local_path.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>

namespace councilcast::portal {
namespace {

// Longer than any page's own address with its query.
constexpr std::size_t kMaxLength = 512;

bool forbidden(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x21 || byte == 0x7f || c == '\\';
}

}  // namespace

std::optional<std::string> local_path(std::string_view next) {
    if (next.empty() || next.size() > kMaxLength) return std::nullopt;
    // Checked before parsing too, so the rule holds whatever a parser accepts.
    if (std::any_of(next.begin(), next.end(), forbidden)) return std::nullopt;
    const auto reference = boost::urls::parse_relative_ref(next);
    if (!reference || reference->has_authority() || !reference->encoded_path().starts_with('/')) {
        return std::nullopt;
    }
    return std::string(reference->buffer());
}

}  // namespace councilcast::portal
