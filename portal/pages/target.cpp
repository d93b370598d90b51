#include "portal/pages/target.hpp"

#include <boost/url/parse.hpp>

namespace councilcast::portal {

std::optional<Target> Target::parse(std::string_view target) {
    auto url = boost::urls::parse_origin_form(target);
    if (!url) return std::nullopt;
    Target parsed;
    for (auto segment : url->segments()) parsed.segments.push_back(segment);
    if (!parsed.segments.empty() && parsed.segments.back().empty()) parsed.segments.pop_back();
    if (!parsed.segments.empty() && parsed.segments.front() == "en") {
        parsed.language = Language::kEn;
        parsed.segments.erase(parsed.segments.begin());
    }
    for (const auto& segment : parsed.segments) parsed.path += "/" + segment;
    if (parsed.path.empty()) parsed.path = "/";
    if (url->has_query()) parsed.encoded_query = url->encoded_query();
    for (auto param : url->params()) {
        parsed.parameters.emplace_back(param.key, param.has_value ? param.value : std::string());
    }
    return parsed;
}

std::string Target::query(std::string_view name) const {
    for (const auto& [key, value] : parameters) {
        if (key == name) return value;
    }
    return {};
}

std::vector<std::string> Target::query_all(std::string_view name) const {
    std::vector<std::string> values;
    for (const auto& [key, value] : parameters) {
        if (key == name) values.push_back(value);
    }
    return values;
}

std::string localised(Language language, std::string_view path) {
    if (language == Language::kLt) return std::string(path);
    if (path == "/") return "/en/";
    return "/en" + std::string(path);
}

}  // namespace councilcast::portal
