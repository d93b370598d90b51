// A browser for tests of the real server: a cookie jar, the CSRF token of the last page read,
// sign-in, form and multipart posts, and accounts made with the real `councilcast user add`.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/demo_process.hpp"
#include "tests/support/http_client.hpp"

namespace councilcast::testing {

// The password every test account gets.
inline constexpr const char* kTestPassword = "žalias kalnas prie ežero";

// COUNCILCAST_BINARY and COUNCILCAST_SOURCE_DIR, as ctest sets them.
std::string councilcast_binary();
std::string source_dir();

// `councilcast user add` as an administrator would run it, the password on standard input;
// `roles` like "--role editor". Throws when the command fails.
void add_user(const std::filesystem::path& data_dir, const std::string& email,
              const std::string& roles = "", const std::string& password = kTestPassword);

// The token with its first character changed: a forgery that is never, by chance, the token.
inline std::string forged_token(const std::string& token) {
    return (token.front() == 'A' ? "B" : "A") + token.substr(1);
}

// Percent-encodes everything but letters, digits and -_. for a form body.
std::string form_encode(const std::string& text);

// An HLS media playlist's segment lines (every line that is not a tag), in order.
std::vector<std::string> segment_lines(const std::string& playlist);

// One part of a multipart/form-data body; a file part when `file_name` is set.
struct FormPart {
    std::string name;
    std::string value;
    std::optional<std::string> file_name;
    std::string content_type = "application/octet-stream";
};

class Browser {
  public:
    // local_address: connect from there (see HttpClient), e.g. a second visitor's 127.0.0.2.
    explicit Browser(const DemoProcess& demo, const std::string& local_address = "")
        : base_(demo.base_url()), client_(true, local_address) {}

    // Remembers the page's CSRF token, as the page's forms would carry it.
    HttpResult get(const std::string& path);
    // A urlencoded form with the remembered token first.
    HttpResult post(const std::string& path, const std::string& form,
                    const std::map<std::string, std::string>& headers = {});
    // multipart/form-data as a browser sends it, the remembered token as its first part.
    HttpResult post_multipart(const std::string& path, const std::vector<FormPart>& parts);
    HttpResult sign_in(const std::string& email, const std::string& password = kTestPassword);

    std::string session() const { return client_.cookie(base_, "session"); }
    std::string url(const std::string& path) const { return base_ + path.substr(1); }
    std::string& csrf() { return csrf_; }
    HttpClient& client() { return client_; }

  private:
    std::string base_;
    HttpClient client_;
    std::string csrf_;
};

}  // namespace councilcast::testing
