#include "portal/http/file_response.hpp"

#include <fmt/core.h>
#include <boost/algorithm/string/predicate.hpp>

#include <charconv>
#include <map>

#include "portal/http/responses.hpp"
#include "portal/http/shared_body.hpp"

namespace councilcast::portal {
namespace http = boost::beast::http;

std::optional<std::filesystem::path> resolve_under(const std::filesystem::path& root,
                                                   std::span<const std::string> segments) {
    if (segments.empty()) return std::nullopt;
    std::filesystem::path relative;
    for (const auto& segment : segments) {
        if (segment.empty() || segment.front() == '.' ||
            segment.find_first_of(std::string_view("/\\\0", 3)) != std::string::npos) {
            return std::nullopt;
        }
        relative /= segment;
    }
    std::error_code ec;
    const auto real_root = std::filesystem::canonical(root, ec);
    if (ec) return std::nullopt;
    const auto real_path = std::filesystem::canonical(real_root / relative, ec);
    if (ec) return std::nullopt;
    auto [root_end, path_it] =
        std::mismatch(real_root.begin(), real_root.end(), real_path.begin(), real_path.end());
    if (root_end != real_root.end()) return std::nullopt;
    return real_path;
}

std::string_view content_type_for(const std::filesystem::path& path) {
    static const std::map<std::string, std::string_view, std::less<>> kTypes = {
        {".m3u8", "application/vnd.apple.mpegurl"},
        {".ts", "video/mp2t"},
        {".html", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".json", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
    };
    auto it = kTypes.find(path.extension().string());
    return it == kTypes.end() ? std::string_view("application/octet-stream") : it->second;
}

RangeResult parse_byte_range(std::string_view header, std::size_t size, ByteRange& range) {
    constexpr std::string_view kPrefix = "bytes=";
    if (!header.starts_with(kPrefix)) return RangeResult::kNone;
    header.remove_prefix(kPrefix.size());
    if (header.find(',') != std::string_view::npos) return RangeResult::kNone;
    auto dash = header.find('-');
    if (dash == std::string_view::npos) return RangeResult::kNone;
    auto parse = [](std::string_view text, std::uint64_t& value) {
        if (text.empty()) return false;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        return ec == std::errc() && end == text.data() + text.size();
    };
    std::string_view first_text = header.substr(0, dash);
    std::string_view last_text = header.substr(dash + 1);
    std::uint64_t first = 0;
    std::uint64_t last = 0;
    if (first_text.empty()) {
        // A suffix range: the last N bytes.
        if (!parse(last_text, last)) return RangeResult::kNone;
        if (last == 0 || size == 0) return RangeResult::kUnsatisfiable;
        const std::uint64_t length = std::min<std::uint64_t>(last, size);
        range = {static_cast<std::size_t>(size - length), static_cast<std::size_t>(length)};
        return RangeResult::kSatisfiable;
    }
    if (!parse(first_text, first)) return RangeResult::kNone;
    if (last_text.empty()) {
        last = size == 0 ? 0 : size - 1;
    } else if (!parse(last_text, last) || last < first) {
        return RangeResult::kNone;
    }
    if (first >= size) return RangeResult::kUnsatisfiable;
    last = std::min<std::uint64_t>(last, size - 1);
    range = {static_cast<std::size_t>(first), static_cast<std::size_t>(last - first + 1)};
    return RangeResult::kSatisfiable;
}

namespace {

Reply respond(const Request& request, FileCache::Cached file, std::string_view content_type,
              std::string_view cache_control, std::string_view content_disposition) {
    const std::size_t size = file.data ? file.data->size() : static_cast<std::size_t>(file.size);
    ByteRange range{0, size};
    http::status status = http::status::ok;
    RangeResult range_result = RangeResult::kNone;
    if (auto it = request.find(http::field::range); it != request.end()) {
        range_result = parse_byte_range(it->value(), size, range);
    }
    if (range_result == RangeResult::kUnsatisfiable) {
        http::response<http::empty_body> res{http::status::range_not_satisfiable,
                                             request.version()};
        res.set(http::field::content_range, fmt::format("bytes */{}", size));
        res.set(http::field::content_length, "0");
        res.keep_alive(request.keep_alive());
        return res;
    }
    if (range_result == RangeResult::kSatisfiable) status = http::status::partial_content;

    http::response<SharedBody> res{status, request.version()};
    res.set(http::field::content_type, content_type);
    res.set(http::field::cache_control, cache_control);
    res.set(http::field::accept_ranges, "bytes");
    res.set(http::field::access_control_allow_origin, "*");
    if (!content_disposition.empty()) {
        res.set(http::field::content_disposition, content_disposition);
    }
    if (status == http::status::partial_content) {
        res.set(http::field::content_range,
                fmt::format("bytes {}-{}/{}", range.first, range.first + range.length - 1, size));
    }
    res.keep_alive(request.keep_alive());
    res.content_length(range.length);
    if (request.method() != http::verb::head) {
        res.body() = SharedBody::value_type{std::move(file.data), range.first, range.length,
                                            std::move(file.file)};
    }
    return res;
}

}  // namespace

Reply file_response(const Request& request, std::shared_ptr<const std::string> data,
                    std::string_view content_type, std::string_view cache_control,
                    std::string_view content_disposition) {
    const std::uint64_t size = data->size();
    return respond(request, {std::move(data), nullptr, size}, content_type, cache_control,
                   content_disposition);
}

Reply file_response(const Request& request, FileCache::Cached file, std::string_view content_type,
                    std::string_view cache_control, std::string_view content_disposition) {
    return respond(request, std::move(file), content_type, cache_control, content_disposition);
}

}  // namespace councilcast::portal
