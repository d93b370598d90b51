#include "portal/http/responses.hpp"

#include <zlib.h>
#include <boost/json.hpp>

#include <boost/algorithm/string.hpp>

#include <vector>

#include "common/error.hpp"
#include "portal/http/shared_body.hpp"

namespace councilcast::portal {
namespace http = boost::beast::http;

std::string page_policy(Framing framing, std::span<const std::string> framers) {
    // media-src data:: hls.js gives each subtitles <track> it makes the empty "data:,WEBVTT"
    // (Chromium's captions menu needs a source) and fills it with cues itself.
    std::string policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "media-src 'self' blob: data:; worker-src 'self' blob:; connect-src 'self'; object-src "
        "'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors ";
    if (framing == Framing::kNobody) return policy + "'none'";
    policy += "'self'";
    for (const auto& framer : framers) policy += " " + framer;
    return policy;
}

std::string html_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

bool accepts_gzip(const Request& request) {
    auto it = request.find(http::field::accept_encoding);
    if (it == request.end()) return false;
    std::vector<std::string> codings;
    boost::split(codings, it->value(), boost::is_any_of(","));
    for (auto& coding : codings) {
        boost::trim(coding);
        std::vector<std::string> parts;
        boost::split(parts, coding, boost::is_any_of(";"));
        boost::trim(parts[0]);
        if (!boost::iequals(parts[0], "gzip")) continue;
        if (parts.size() > 1) {
            std::string q = boost::erase_all_copy(parts[1], " ");
            if (q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000") return false;
        }
        return true;
    }
    return false;
}

std::string gzip(std::string_view text, Compression compression) {
    z_stream stream{};
    // windowBits 15 + 16 asks zlib for a gzip wrapper rather than raw zlib.
    const int level = compression == Compression::kFast ? Z_BEST_SPEED : Z_BEST_COMPRESSION;
    if (deflateInit2(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw Error("zlib: cannot initialise");
    }
    std::string out(deflateBound(&stream, text.size()), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    stream.avail_in = static_cast<uInt>(text.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    if (rc != Z_STREAM_END) throw Error("zlib: cannot compress");
    return out;
}

http::response<SharedBody> shared_text_response(const Request& request, const SharedText& text,
                                                std::string_view content_type,
                                                std::string_view cache_control) {
    const bool use_gzip = accepts_gzip(request);
    const auto& body = use_gzip ? text.gzip : text.plain;
    http::response<SharedBody> res{http::status::ok, request.version()};
    res.set(http::field::content_type, content_type);
    res.set(http::field::cache_control, cache_control);
    res.set(http::field::vary, "Accept-Encoding");
    if (use_gzip) res.set(http::field::content_encoding, "gzip");
    res.keep_alive(request.keep_alive());
    res.content_length(body->size());
    if (request.method() != http::verb::head) {
        res.body() = SharedBody::value_type{body, 0, body->size()};
    }
    return res;
}

void compress_if_accepted(const Request& request, http::response<http::string_body>& response) {
    response.set(http::field::vary, "Accept-Encoding");
    if (!accepts_gzip(request) || response.body().empty()) return;
    response.body() = gzip(response.body());
    response.set(http::field::content_encoding, "gzip");
    response.content_length(response.body().size());
}

void set_common_headers(http::response_header<>& header, bool secure) {
    header.set("X-Content-Type-Options", "nosniff");
    header.set("Referrer-Policy", "strict-origin-when-cross-origin");
    if (secure) header.set(http::field::strict_transport_security, "max-age=31536000");
}

http::response<http::string_body> text_response(const Request& request, http::status status,
                                                std::string_view content_type, std::string body,
                                                std::string_view cache_control) {
    http::response<http::string_body> res{status, request.version()};
    res.set(http::field::content_type, content_type);
    res.set(http::field::cache_control, cache_control);
    res.keep_alive(request.keep_alive());
    const std::size_t length = body.size();
    if (request.method() != http::verb::head) res.body() = std::move(body);
    res.content_length(length);
    return res;
}

http::response<http::string_body> problem_response(const Request& request, http::status status,
                                                   std::string_view detail,
                                                   std::string_view language) {
    const boost::json::object problem{{"type", "about:blank"},
                                      {"title", http::obsolete_reason(status)},
                                      {"status", static_cast<unsigned>(status)},
                                      {"detail", detail}};
    auto res = text_response(request, status, "application/problem+json",
                             boost::json::serialize(problem), "no-store");
    res.set(http::field::content_language, language);
    return res;
}

http::response<http::string_body> plain_response(const Request& request, http::status status,
                                                 std::string_view message) {
    return text_response(request, status, "text/plain; charset=utf-8", std::string(message) + "\n",
                         "no-store");
}

}  // namespace councilcast::portal
