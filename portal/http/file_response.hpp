// Serving files safely: confinement to a root directory, content types, byte ranges, HEAD.
#pragma once

#include <boost/beast/http.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "portal/http/file_cache.hpp"
#include "portal/http/http_server.hpp"

namespace councilcast::portal {

// Maps decoded URL path segments to a file under root, or nothing when any segment could leave
// it: "..", ".", hidden names, separators or NULs inside a segment, or a symlink whose target
// lies outside root.
std::optional<std::filesystem::path> resolve_under(const std::filesystem::path& root,
                                                   std::span<const std::string> segments);

std::string_view content_type_for(const std::filesystem::path& path);

struct ByteRange {
    std::size_t first = 0;
    std::size_t length = 0;
};

enum class RangeResult { kNone, kSatisfiable, kUnsatisfiable };

// One "bytes=" range (RFC 9110 14.1.2); several ranges or other units are answered whole,
// which the RFC allows.
RangeResult parse_byte_range(std::string_view header, std::size_t size, ByteRange& range);

// 200, 206 or 416 for GET and HEAD of an in-memory file; sets Content-Type, Cache-Control,
// Accept-Ranges and, when given, Content-Disposition.
Reply file_response(const Request& request, std::shared_ptr<const std::string> data,
                    std::string_view content_type, std::string_view cache_control,
                    std::string_view content_disposition = {});

// As above for a file from the cache: when it is kept open, a plain-HTTP connection gets the
// bytes from the file with sendfile(2); a file with no `data` (over the cache's per-file limit)
// is sent from its descriptor, only the range asked for, and HEAD reads nothing of it.
// `file.found()` must be true.
Reply file_response(const Request& request, FileCache::Cached file, std::string_view content_type,
                    std::string_view cache_control, std::string_view content_disposition = {});

}  // namespace councilcast::portal
