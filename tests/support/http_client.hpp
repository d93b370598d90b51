// A real HTTP client for tests (libsoup 3), synchronous and with a timeout.
#pragma once

#include <map>
#include <string>

// libsoup's session, declared here so tests need not include libsoup.
struct _SoupSession;
struct _SoupCookieJar;

namespace councilcast::testing {

struct HttpResult {
    unsigned status = 0;  // 0 when the request failed at the transport level
    std::string body;
    std::map<std::string, std::string> headers;  // names lowercased
    std::string error;
    std::string peer_certificate_pem;  // the certificate an https:// server presented

    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

// Redirects are not followed: a test sees the 303 and its Location.
class HttpClient {
  public:
    // keep_cookies: a cookie jar like a browser's, filled from Set-Cookie and sent back.
    explicit HttpClient(bool keep_cookies = false);
    // Connects from `local_address` (say 127.0.0.2: all of 127/8 is loopback), so a test can be
    // a second visitor with an address of its own.
    HttpClient(bool keep_cookies, const std::string& local_address);
    // Trusts only the certificates (a CA or a self-signed one) in the PEM file, with the usual
    // host name checks: a test sees what a browser that trusts that CA would.
    explicit HttpClient(const std::string& trusted_pem_file);
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;
    ~HttpClient();

    HttpResult get(const std::string& url, const std::map<std::string, std::string>& headers = {});
    HttpResult head(const std::string& url);
    // A CORS preflight, as a browser sends one before a cross-origin request it may not make
    // unasked.
    HttpResult options(const std::string& url,
                       const std::map<std::string, std::string>& headers = {});
    // A form POST (application/x-www-form-urlencoded); `form` is sent as given.
    HttpResult post(const std::string& url, const std::string& form,
                    const std::map<std::string, std::string>& headers = {});
    // A POST of `body` as `content_type` (multipart/form-data with its boundary, say).
    HttpResult post_as(const std::string& url, const std::string& content_type,
                       const std::string& body,
                       const std::map<std::string, std::string>& headers = {});
    // The value of a cookie the jar holds for `url`, or empty.
    std::string cookie(const std::string& url, const std::string& name) const;

  private:
    HttpResult send(const char* method, const std::string& url,
                    const std::map<std::string, std::string>& headers,
                    const std::string* body = nullptr,
                    const char* content_type = "application/x-www-form-urlencoded");
    ::_SoupSession* session_;
    ::_SoupCookieJar* jar_ = nullptr;  // owned by the session when set
};

}  // namespace councilcast::testing
