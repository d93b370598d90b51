#include "tests/support/http_client.hpp"

#include <libsoup/soup.h>

#include <algorithm>
#include <stdexcept>

namespace councilcast::testing {

constexpr guint kTimeoutSeconds = 15;

HttpClient::HttpClient(bool keep_cookies) : HttpClient(keep_cookies, std::string()) {}

HttpClient::HttpClient(bool keep_cookies, const std::string& local_address) {
    GInetSocketAddress* local = nullptr;
    if (!local_address.empty()) {
        local =
            G_INET_SOCKET_ADDRESS(g_inet_socket_address_new_from_string(local_address.c_str(), 0));
        if (local == nullptr) throw std::runtime_error("not an address: " + local_address);
    }
    session_ = soup_session_new_with_options("timeout", kTimeoutSeconds, "idle-timeout",
                                             kTimeoutSeconds, "local-address", local, nullptr);
    if (local != nullptr) g_object_unref(local);
    // Show what the server sent: no transparent decompression of gzip bodies.
    soup_session_remove_feature_by_type(session_, SOUP_TYPE_CONTENT_DECODER);
    if (keep_cookies) {
        jar_ = soup_cookie_jar_new();
        soup_session_add_feature(session_, SOUP_SESSION_FEATURE(jar_));
        g_object_unref(jar_);  // the session holds it now
    }
}

HttpClient::HttpClient(const std::string& trusted_pem_file) : HttpClient() {
    GError* error = nullptr;
    GTlsDatabase* database = g_tls_file_database_new(trusted_pem_file.c_str(), &error);
    if (!database) {
        std::string message = error->message;
        g_error_free(error);
        throw std::runtime_error("cannot trust " + trusted_pem_file + ": " + message);
    }
    soup_session_set_tls_database(session_, database);
    g_object_unref(database);
}

HttpClient::~HttpClient() {
    g_object_unref(session_);
}

HttpResult HttpClient::get(const std::string& url,
                           const std::map<std::string, std::string>& headers) {
    return send("GET", url, headers);
}

HttpResult HttpClient::head(const std::string& url) {
    return send("HEAD", url, {});
}

HttpResult HttpClient::options(const std::string& url,
                               const std::map<std::string, std::string>& headers) {
    return send("OPTIONS", url, headers);
}

HttpResult HttpClient::post(const std::string& url, const std::string& form,
                            const std::map<std::string, std::string>& headers) {
    return send("POST", url, headers, &form);
}

HttpResult HttpClient::post_as(const std::string& url, const std::string& content_type,
                               const std::string& body,
                               const std::map<std::string, std::string>& headers) {
    return send("POST", url, headers, &body, content_type.c_str());
}

std::string HttpClient::cookie(const std::string& url, const std::string& name) const {
    if (!jar_) return {};
    GUri* uri = g_uri_parse(url.c_str(), G_URI_FLAGS_NONE, nullptr);
    if (!uri) return {};
    GSList* cookies = soup_cookie_jar_get_cookie_list(jar_, uri, TRUE);
    g_uri_unref(uri);
    std::string value;
    for (GSList* item = cookies; item; item = item->next) {
        auto* cookie = static_cast<SoupCookie*>(item->data);
        if (name == soup_cookie_get_name(cookie)) value = soup_cookie_get_value(cookie);
    }
    g_slist_free_full(cookies, reinterpret_cast<GDestroyNotify>(soup_cookie_free));
    return value;
}

HttpResult HttpClient::send(const char* method, const std::string& url,
                            const std::map<std::string, std::string>& headers,
                            const std::string* body, const char* content_type) {
    HttpResult result;
    SoupMessage* message = soup_message_new(method, url.c_str());
    if (!message) {
        result.error = "bad URL";
        return result;
    }
    soup_message_add_flags(message, SOUP_MESSAGE_NO_REDIRECT);
    if (body) {
        GBytes* bytes = g_bytes_new(body->data(), body->size());
        soup_message_set_request_body_from_bytes(message, content_type, bytes);
        g_bytes_unref(bytes);
    }
    SoupMessageHeaders* request_headers = soup_message_get_request_headers(message);
    for (const auto& [name, value] : headers) {
        soup_message_headers_replace(request_headers, name.c_str(), value.c_str());
    }
    GError* error = nullptr;
    GBytes* bytes = soup_session_send_and_read(session_, message, nullptr, &error);
    if (error) {
        result.error = error->message;
        g_error_free(error);
    } else {
        result.status = soup_message_get_status(message);
        gsize size = 0;
        const char* data = static_cast<const char*>(g_bytes_get_data(bytes, &size));
        result.body.assign(data ? data : "", size);
        SoupMessageHeadersIter iter;
        const char* name;
        const char* value;
        soup_message_headers_iter_init(&iter, soup_message_get_response_headers(message));
        while (soup_message_headers_iter_next(&iter, &name, &value)) {
            std::string key = name;
            std::transform(key.begin(), key.end(), key.begin(), ::tolower);
            // Several Set-Cookie headers are kept, one a line.
            auto [it, inserted] = result.headers.emplace(key, value);
            if (!inserted) it->second += std::string("\n") + value;
        }
        if (GTlsCertificate* peer = soup_message_get_tls_peer_certificate(message)) {
            gchar* pem = nullptr;
            g_object_get(peer, "certificate-pem", &pem, nullptr);
            result.peer_certificate_pem = pem ? pem : "";
            g_free(pem);
        }
    }
    if (bytes) g_bytes_unref(bytes);
    g_object_unref(message);
    return result;
}

}  // namespace councilcast::testing
