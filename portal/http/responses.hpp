// The common shape of every response the portal generates: headers every answer carries, text
// bodies, and the Content-Security-Policy of pages.
#pragma once

#include <boost/beast/http.hpp>

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "portal/http/http_server.hpp"
#include "portal/http/shared_body.hpp"

namespace councilcast::portal {

// Who may frame a page (clickjacking defence, CSP frame-ancestors).
enum class Framing {
    kNobody,      // sign-in and account pages, staff pages
    kTheseSites,  // public pages and widgets: this site and the framers given
};

// Pages load only our own scripts and styles; hls.js feeds the video element from blob: URLs
// and may run its demuxer in a blob: worker. No inline script or style anywhere. `framers` are
// other sites (origins, checked by the config loader) that may frame a kTheseSites page.
std::string page_policy(Framing framing, std::span<const std::string> framers = {});

// Text for HTML that templates do not write (mail bodies, the iframe code of oEmbed answers and
// embed snippets): & < > " escaped, so it can go in an element or a double-quoted attribute.
std::string html_escape(std::string_view text);

// nosniff and the referrer policy; over TLS (`secure`) Strict-Transport-Security too, telling
// browsers to use HTTPS only for a year (OWASP ASVS 4.0 14.4.5), and never over plain HTTP
// (RFC 6797 7.2). Subdomains are left out: they are the municipality's, not ours. HttpServer
// adds these to every answer it writes, its own refusals included, so handlers need not.
void set_common_headers(boost::beast::http::response_header<>& header, bool secure);

// Whether the client takes gzip (Accept-Encoding, with q=0 honoured).
bool accepts_gzip(const Request& request);

// How hard gzip works: per response or per change (playlists, pages), or once for good (files).
enum class Compression { kFast, kSmall };

std::string gzip(std::string_view text, Compression compression = Compression::kFast);

// A text kept in memory in plain and gzip form, shared by reference between responses.
struct SharedText {
    std::shared_ptr<const std::string> plain;
    std::shared_ptr<const std::string> gzip;
};

// The form the client takes, with Vary: Accept-Encoding; HEAD without
// the body. Callers add the headers particular to theirs (CORS, CSP).
boost::beast::http::response<SharedBody> shared_text_response(const Request& request,
                                                              const SharedText& text,
                                                              std::string_view content_type,
                                                              std::string_view cache_control);

// Compresses a generated response's body when the client takes gzip (pages are text that
// shrinks to a fifth), and says so with Content-Encoding and Vary.
void compress_if_accepted(const Request& request,
                          boost::beast::http::response<boost::beast::http::string_body>& response);

// A whole generated response; callers add the headers particular to theirs. A HEAD request
// gets the length without the body.
boost::beast::http::response<boost::beast::http::string_body> text_response(
    const Request& request, boost::beast::http::status status, std::string_view content_type,
    std::string body, std::string_view cache_control);

// An error for a program (the API, oEmbed): RFC 9457 problem details, application/problem+json
// {"type": "about:blank", "title": <the status's reason>, "status": N, "detail": `detail`}, with
// Content-Language `language` ("lt", "en"), never cached.
boost::beast::http::response<boost::beast::http::string_body> problem_response(
    const Request& request, boost::beast::http::status status, std::string_view detail,
    std::string_view language);

// A short plain-text answer (errors), never cached.
boost::beast::http::response<boost::beast::http::string_body> plain_response(
    const Request& request, boost::beast::http::status status, std::string_view message);

}  // namespace councilcast::portal
