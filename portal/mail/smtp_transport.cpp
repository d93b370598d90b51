#include "portal/mail/smtp_transport.hpp"

#include <curl/curl.h>

#include <fmt/core.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include "common/c_ptr.hpp"
#include "common/error.hpp"

namespace councilcast::portal {
namespace {

std::string read_password(const std::filesystem::path& file) {
    if (file.empty()) {
        throw Error(
            "[mail] username is set but password_file is empty: name the file that holds "
            "the relay password");
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    if (!in || !(content << in.rdbuf())) {
        throw Error(fmt::format("cannot read the relay password from [mail] password_file {}: {}",
                                file.string(), std::strerror(errno)));
    }
    std::string password = content.str();
    // Editors end the file with a newline that is not part of the password.
    while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) {
        password.pop_back();
    }
    return password;
}

std::string smtp_url(const std::string& host, int port) {
    // An IPv6 literal goes in brackets, or its colons would read as the port.
    if (host.find(':') != std::string::npos) return fmt::format("smtp://[{}]:{}", host, port);
    return fmt::format("smtp://{}:{}", host, port);
}

struct Upload {
    std::string_view rest;
};

size_t feed_message(char* buffer, size_t size, size_t count, void* user) noexcept {
    auto* upload = static_cast<Upload*>(user);
    const size_t n = std::min(size * count, upload->rest.size());
    std::memcpy(buffer, upload->rest.data(), n);
    upload->rest.remove_prefix(n);
    return n;
}

int abort_on_stop(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) noexcept {
    return static_cast<std::stop_token*>(user)->stop_requested() ? 1 : 0;
}

}  // namespace

SmtpTransport::SmtpTransport(const config::Mail& settings)
    : url_(smtp_url(settings.relay_host, settings.relay_port)),
      require_tls_(settings.starttls != "off"),
      username_(settings.username),
      from_address_(settings.from_address) {
    if (!username_.empty()) password_ = read_password(settings.password_file);
}

std::optional<std::string> SmtpTransport::send(const DueMail& mail, std::stop_token stop) const {
    CPtr<&curl_easy_cleanup> curl(curl_easy_init());
    if (!curl) return "libcurl could not make a handle (out of memory)";
    CURL* c = curl.get();
    const std::string sender = "<" + from_address_ + ">";
    CPtr<&curl_slist_free_all> recipients(
        curl_slist_append(nullptr, ("<" + mail.recipient + ">").c_str()));
    Upload upload{mail.mime};
    char error_text[CURL_ERROR_SIZE] = {};

    curl_easy_setopt(c, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp");
    curl_easy_setopt(c, CURLOPT_USE_SSL, require_tls_ ? CURLUSESSL_ALL : CURLUSESSL_NONE);
    if (!username_.empty()) {
        curl_easy_setopt(c, CURLOPT_USERNAME, username_.c_str());
        curl_easy_setopt(c, CURLOPT_PASSWORD, password_.c_str());
    }
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, sender.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, feed_message);
    curl_easy_setopt(c, CURLOPT_READDATA, &upload);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(mail.mime.size()));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(std::chrono::milliseconds(kConnectTimeout).count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(std::chrono::milliseconds(kSendTimeout).count()));
    // Signals would reach the whole process; timeouts work without them.
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, abort_on_stop);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &stop);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_text);

    const CURLcode result = curl_easy_perform(c);
    if (result == CURLE_OK) return std::nullopt;
    long reply = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
    std::string reason = error_text[0] ? error_text : curl_easy_strerror(result);
    if (result == CURLE_USE_SSL_FAILED) reason += " (the relay does not offer STARTTLS)";
    if (reply >= 400) reason += fmt::format(" (the relay answered {})", reply);
    return fmt::format("{}: {}", url_, reason);
}

}  // namespace councilcast::portal
