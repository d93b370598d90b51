#include "tests/support/test_browser.hpp"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace councilcast::testing {
namespace {

constexpr const char* kBoundary = "----councilcastTestBoundary7MA4YWxkTrZu0gW";

std::string environment(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr) throw std::runtime_error(std::string(name) + " is not set (run ctest)");
    return value;
}

}  // namespace

std::string councilcast_binary() {
    return environment("COUNCILCAST_BINARY");
}

std::string source_dir() {
    return environment("COUNCILCAST_SOURCE_DIR");
}

void add_user(const std::filesystem::path& data_dir, const std::string& email,
              const std::string& roles, const std::string& password) {
    const std::string command = councilcast_binary() + " user add --password-stdin --data-dir '" +
                                data_dir.string() + "' " + roles + " " + email + " > /dev/null";
    FILE* pipe = ::popen(command.c_str(), "w");
    if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
    std::fputs((password + "\n").c_str(), pipe);
    if (::pclose(pipe) != 0) throw std::runtime_error("failed: " + command);
}

std::string form_encode(const std::string& text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
            out += static_cast<char>(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            out += hex;
        }
    }
    return out;
}

std::vector<std::string> segment_lines(const std::string& playlist) {
    std::vector<std::string> files;
    std::istringstream in(playlist);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.front() != '#') files.push_back(line);
    }
    return files;
}

HttpResult Browser::get(const std::string& path) {
    HttpResult page = client_.get(url(path));
    static const std::regex field(R"re(name="csrf" value="([A-Za-z0-9_-]+)")re");
    std::smatch match;
    if (std::regex_search(page.body, match, field)) csrf_ = match[1];
    return page;
}

HttpResult Browser::post(const std::string& path, const std::string& form,
                         const std::map<std::string, std::string>& headers) {
    return client_.post(url(path), "csrf=" + csrf_ + "&" + form, headers);
}

HttpResult Browser::post_multipart(const std::string& path, const std::vector<FormPart>& parts) {
    std::vector<FormPart> all{{"csrf", csrf_, std::nullopt}};
    all.insert(all.end(), parts.begin(), parts.end());
    std::string body;
    for (const auto& part : all) {
        body += std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" +
                part.name + "\"";
        if (part.file_name) {
            body += "; filename=\"" + *part.file_name + "\"\r\nContent-Type: " + part.content_type;
        }
        body += "\r\n\r\n" + part.value + "\r\n";
    }
    body += std::string("--") + kBoundary + "--\r\n";
    return client_.post_as(url(path), std::string("multipart/form-data; boundary=") + kBoundary,
                           body);
}

HttpResult Browser::sign_in(const std::string& email, const std::string& password) {
    get("/login");
    return post("/login", "email=" + form_encode(email) + "&password=" + form_encode(password));
}

}  // namespace councilcast::testing
