#include "config/config_loader.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <map>
#include <tuple>
#include <utility>

#include "common/enum_names.hpp"
#include "common/error.hpp"
#include "common/mail_address.hpp"
#include "common/network_address.hpp"
#include "common/private_files.hpp"

namespace councilcast::config {
namespace {

constexpr std::size_t kMaxIdLength = 32;
constexpr std::int64_t kMaxPort = 65535;

// What is wrong with a value, or nothing when it is fine.
using Problem = std::optional<std::string>;
using Check = std::function<Problem(std::string_view)>;

std::string_view type_name(toml::node_type type) {
    switch (type) {
        case toml::node_type::table:
            return "a table";
        case toml::node_type::array:
            return "an array";
        case toml::node_type::string:
            return "a string";
        case toml::node_type::integer:
            return "an integer";
        case toml::node_type::floating_point:
            return "a floating-point number";
        case toml::node_type::boolean:
            return "a boolean";
        case toml::node_type::date:
            return "a date";
        case toml::node_type::time:
            return "a time";
        case toml::node_type::date_time:
            return "a date-time";
        case toml::node_type::none:
            break;
    }
    return "nothing";
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string quoted_list(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) {
        if (!text.empty()) text += ", ";
        text += '"' + item + '"';
    }
    return text;
}

// Typos are the usual cause of an unknown key, and a forgotten unit suffix the next
// ("segment_duration" for "segment_duration_s"), so both are suggested by name.
std::string unknown_key_message(std::string_view key, const std::vector<std::string>& known) {
    const std::string* best = nullptr;
    std::size_t best_distance = 3;
    for (const auto& candidate : known) {
        std::size_t distance = edit_distance(key, candidate);
        bool unit_forgotten = candidate.size() > key.size() && candidate.starts_with(key) &&
                              candidate[key.size()] == '_';
        if (unit_forgotten) distance = 1;
        if (distance < best_distance && distance < key.size()) {
            best = &candidate;
            best_distance = distance;
        }
    }
    if (best != nullptr) return fmt::format("unknown key \"{}\"; did you mean \"{}\"?", key, *best);
    return fmt::format("unknown key \"{}\"; the keys allowed here are {}", key, quoted_list(known));
}

// Collects the errors of one source.
class Diagnostics {
  public:
    explicit Diagnostics(std::string_view source) : source_(source) {}

    void add(const toml::source_region& where, std::string key_path, std::string message) {
        errors_.push_back({source_, static_cast<int>(where.begin.line),
                           static_cast<int>(where.begin.column), std::move(key_path),
                           std::move(message)});
    }

    std::size_t count() const { return errors_.size(); }

    // Sorted by position: the reader walks keys in its own order, the admin reads top to bottom.
    std::vector<ConfigError> take() {
        std::stable_sort(errors_.begin(), errors_.end(), [](const auto& a, const auto& b) {
            return std::pair(a.line, a.column) < std::pair(b.line, b.column);
        });
        return std::move(errors_);
    }

  private:
    std::string source_;
    std::vector<ConfigError> errors_;
};

// The outcome of reading one key: `node` is null when the key is absent (the default stays),
// `ok` is false when it is present but wrong (already reported).
struct Field {
    const toml::node* node = nullptr;
    bool ok = true;

    bool present_and_valid() const { return node != nullptr && ok; }
};

// Reads the keys of one TOML table into a struct. It remembers every key it was asked for, so
// whatever else the table holds is reported as unknown without a second list of names to keep.
class TableReader {
  public:
    TableReader(Diagnostics& diagnostics, const toml::table& table, std::string path)
        : diagnostics_(diagnostics), table_(table), path_(std::move(path)) {}

    Diagnostics& diagnostics() { return diagnostics_; }
    const toml::table& table() const { return table_; }

    std::string path_of(std::string_view key) const {
        return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
    }

    const toml::node* find(std::string_view key) {
        if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
        return table_.get(key);
    }

    void error(const toml::node& node, std::string_view key, std::string message) {
        diagnostics_.add(node.source(), path_of(key), std::move(message));
    }

    // For a key that is missing, or wrong only together with others: point at the table header.
    void error_here(const Field& field, std::string_view key, std::string message) {
        const toml::source_region& where =
            field.node != nullptr ? field.node->source() : table_.source();
        diagnostics_.add(where, path_of(key), std::move(message));
    }

    Field read_string(std::string_view key, std::string& out, const Check& check = nullptr) {
        Field field{find(key)};
        if (field.node == nullptr) return field;
        const auto* value = field.node->as_string();
        if (value == nullptr) return wrong_type(field, key, toml::node_type::string);
        if (check) {
            if (Problem problem = check(value->get())) {
                error(*field.node, key, std::move(*problem));
                field.ok = false;
                return field;
            }
        }
        out = value->get();
        return field;
    }

    // An array of strings, each passing `check`; one bad element leaves `out` as it was.
    Field read_string_list(std::string_view key, std::vector<std::string>& out,
                           const Check& check = nullptr) {
        Field field{find(key)};
        if (field.node == nullptr) return field;
        const auto* array = field.node->as_array();
        if (array == nullptr) return wrong_type(field, key, toml::node_type::array);
        std::vector<std::string> values;
        for (std::size_t i = 0; i < array->size(); ++i) {
            const toml::node& element = *array->get(i);
            const std::string element_path = fmt::format("{}[{}]", path_of(key), i);
            const auto* value = element.as_string();
            if (value == nullptr) {
                diagnostics_.add(
                    element.source(), element_path,
                    fmt::format("expected {}, found {}", type_name(toml::node_type::string),
                                type_name(element.type())));
                field.ok = false;
                continue;
            }
            if (check) {
                if (Problem problem = check(value->get())) {
                    diagnostics_.add(element.source(), element_path, std::move(*problem));
                    field.ok = false;
                    continue;
                }
            }
            values.push_back(value->get());
        }
        if (field.ok) out = std::move(values);
        return field;
    }

    Field read_bool(std::string_view key, bool& out) {
        Field field{find(key)};
        if (field.node == nullptr) return field;
        const auto* value = field.node->as_boolean();
        if (value == nullptr) return wrong_type(field, key, toml::node_type::boolean);
        out = value->get();
        return field;
    }

    template <typename Integer>
    Field read_integer(std::string_view key, Integer& out, std::int64_t min, std::int64_t max) {
        std::int64_t value = 0;
        Field field = read_int64(key, value, min, max);
        if (field.present_and_valid()) out = static_cast<Integer>(value);
        return field;
    }

    // A number (integer or floating point) within [min, max].
    Field read_double(std::string_view key, double& out, double min, double max) {
        Field field{find(key)};
        if (field.node == nullptr) return field;
        const std::optional<double> value =
            field.node->is_number() ? field.node->value<double>() : std::nullopt;
        if (!value) return wrong_type(field, key, toml::node_type::floating_point);
        if (!(*value >= min && *value <= max)) {
            error(*field.node, key,
                  fmt::format("must be between {} and {}, found {}", min, max, *value));
            field.ok = false;
            return field;
        }
        out = *value;
        return field;
    }

    template <typename Duration>
    Field read_duration(std::string_view key, Duration& out, std::int64_t min, std::int64_t max) {
        std::int64_t value = 0;
        Field field = read_int64(key, value, min, max);
        if (field.present_and_valid()) out = Duration(value);
        return field;
    }

    void report_unknown_keys() {
        for (auto&& [key, node] : table_) {
            if (std::find(known_.begin(), known_.end(), key.str()) != known_.end()) continue;
            const toml::source_region& where =
                key.source().begin.line > 0 ? key.source() : node.source();
            diagnostics_.add(where, path_of(key.str()), unknown_key_message(key.str(), known_));
        }
    }

  private:
    Field wrong_type(Field field, std::string_view key, toml::node_type expected) {
        error(*field.node, key,
              fmt::format("expected {}, found {}", type_name(expected),
                          type_name(field.node->type())));
        field.ok = false;
        return field;
    }

    Field read_int64(std::string_view key, std::int64_t& out, std::int64_t min, std::int64_t max) {
        Field field{find(key)};
        if (field.node == nullptr) return field;
        const auto* value = field.node->as_integer();
        if (value == nullptr) return wrong_type(field, key, toml::node_type::integer);
        if (value->get() < min || value->get() > max) {
            error(*field.node, key,
                  fmt::format("must be between {} and {}, found {}", min, max, value->get()));
            field.ok = false;
            return field;
        }
        out = value->get();
        return field;
    }

    Diagnostics& diagnostics_;
    const toml::table& table_;
    std::string path_;
    std::vector<std::string> known_;
};

template <typename Read>
void read_table(Diagnostics& diagnostics, const toml::table& table, std::string path, Read read) {
    TableReader reader(diagnostics, table, std::move(path));
    read(reader);
    reader.report_unknown_keys();
}

// A `[key]` table inside `parent`; absent means every default stays.
template <typename Read>
void read_sub_table(TableReader& parent, std::string_view key, Read read) {
    const toml::node* node = parent.find(key);
    if (node == nullptr) return;
    const toml::table* table = node->as_table();
    if (table == nullptr) {
        parent.error(*node, key,
                     fmt::format("expected a table ([{}]), found {}", parent.path_of(key),
                                 type_name(node->type())));
        return;
    }
    read_table(parent.diagnostics(), *table, parent.path_of(key), read);
}

// The `[[header]]` tables under `key`; a missing or empty list is reported with `when_empty`
// because every list read this way needs at least one entry.
template <typename Read>
void read_array_of_tables(TableReader& parent, std::string_view key, std::string_view header,
                          std::string_view when_empty, Read read) {
    const toml::node* node = parent.find(key);
    if (node == nullptr) {
        parent.error_here({}, key, std::string(when_empty));
        return;
    }
    const toml::array* array = node->as_array();
    if (array == nullptr) {
        parent.error(*node, key,
                     fmt::format("expected an array of tables ([[{}]]), found {}", header,
                                 type_name(node->type())));
        return;
    }
    if (array->empty()) {
        parent.error(*node, key, std::string(when_empty));
        return;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
        const toml::node& element = *array->get(i);
        std::string element_path = fmt::format("{}[{}]", parent.path_of(key), i);
        if (const toml::table* table = element.as_table()) {
            read_table(parent.diagnostics(), *table, std::move(element_path), read);
        } else {
            parent.diagnostics().add(element.source(), std::move(element_path),
                                     fmt::format("expected a table ([[{}]]), found {}", header,
                                                 type_name(element.type())));
        }
    }
}

// Ids appear in URLs and directory names, and must be unique where they are used.
class IdRegistry {
  public:
    explicit IdRegistry(std::string what) : what_(std::move(what)) {}

    void check(TableReader& reader, std::string_view key, const Field& field,
               const std::string& id) {
        if (!field.present_and_valid()) return;
        auto [first, inserted] = first_line_.emplace(id, field.node->source().begin.line);
        if (!inserted) {
            reader.error(*field.node, key,
                         fmt::format("duplicate {} \"{}\" (first used on line {}); each must be "
                                     "unique, so rename one of them",
                                     what_, id, first->second));
        }
    }

  private:
    std::string what_;
    std::map<std::string, toml::source_index> first_line_;
};

Problem id_problem(std::string_view id) {
    if (id.empty()) return "must not be empty";
    if (id.size() > kMaxIdLength) {
        return fmt::format("is {} characters long; at most {} are allowed", id.size(),
                           kMaxIdLength);
    }
    for (char c : id) {
        bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        if (!allowed) {
            return fmt::format(
                "\"{}\" may contain only lowercase letters a-z, digits, '_' and '-', because it "
                "appears in URLs and file names",
                id);
        }
    }
    return std::nullopt;
}

Problem not_empty(std::string_view value) {
    if (value.empty()) return "must not be empty";
    return std::nullopt;
}

Check one_of(std::initializer_list<std::string_view> choices) {
    std::vector<std::string> allowed(choices.begin(), choices.end());
    return [allowed](std::string_view value) -> Problem {
        if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return std::nullopt;
        return fmt::format("must be one of {}; found \"{}\"", quoted_list(allowed), value);
    };
}

// The nicks of GStreamer 1.22's videotestsrc "pattern" property: checked here so a typo is
// reported with its line instead of failing the streamer worker at start.
// clang-format off
constexpr std::array<std::string_view, 26> kTestPatterns = {
    "smpte", "snow", "black", "white", "red", "green", "blue", "checkers-1", "checkers-2",
    "checkers-4", "checkers-8", "circular", "blink", "smpte75", "zone-plate", "gamut",
    "chroma-zone-plate", "solid-color", "ball", "smpte100", "bar", "pinwheel", "spokes",
    "gradient", "colors", "smpte-rp-219"};
// clang-format on

Problem test_pattern_problem(std::string_view pattern) {
    if (std::find(kTestPatterns.begin(), kTestPatterns.end(), pattern) != kTestPatterns.end()) {
        return std::nullopt;
    }
    return fmt::format(
        "\"{}\" is not a videotestsrc pattern; use one of \"ball\", \"smpte\", "
        "\"snow\", \"gradient\" (gst-inspect-1.0 videotestsrc lists them all)",
        pattern);
}

constexpr auto kCameraKinds = std::to_array<EnumName<CameraKind>>({
    {CameraKind::kTest, "test"},
    {CameraKind::kUri, "uri"},
    {CameraKind::kRtsp, "rtsp"},
    {CameraKind::kSrt, "srt"},
    {CameraKind::kV4l2, "v4l2"},
});

bool has_scheme(std::string_view location) {
    auto colon = location.find("://");
    if (colon == std::string_view::npos || colon == 0) return false;
    std::string_view scheme = location.substr(0, colon);
    if (!(scheme[0] >= 'a' && scheme[0] <= 'z')) return false;
    return std::all_of(scheme.begin(), scheme.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    });
}

// The location value is never quoted back: camera URIs often carry a password.
Problem location_problem(CameraKind kind, std::string_view location) {
    bool has_space = std::any_of(location.begin(), location.end(),
                                 [](unsigned char c) { return c <= ' ' || c == 0x7f; });
    switch (kind) {
        case CameraKind::kTest:
            return std::nullopt;
        case CameraKind::kV4l2:
            if (!location.starts_with('/')) {
                return "a v4l2 camera's location is its device path, e.g. \"/dev/video0\"";
            }
            return std::nullopt;
        case CameraKind::kRtsp:
            if (!(location.starts_with("rtsp://") || location.starts_with("rtsps://")) ||
                location.ends_with("://")) {
                return "an rtsp camera's location must be an rtsp:// (or rtsps://) URI, e.g. "
                       "\"rtsp://192.0.2.10:554/stream1\"";
            }
            break;
        case CameraKind::kSrt:
            if (!location.starts_with("srt://") || location.ends_with("://")) {
                return "an srt camera's location must be an srt:// URI, e.g. "
                       "\"srt://192.0.2.20:9000?mode=caller\"";
            }
            break;
        case CameraKind::kUri:
            if (!has_scheme(location) || location.ends_with("://")) {
                return "a uri camera's location must be a URI with a scheme, e.g. "
                       "\"file:///srv/video/sample.mp4\" or \"http://192.0.2.30/stream.ts\"";
            }
            break;
    }
    if (has_space) return "a URI cannot contain spaces or control characters; write a space as %20";
    return std::nullopt;
}

// An origin: http(s)://host[:port], nothing after it.
Problem address_range_problem(std::string_view cidr) {
    try {
        parse_address_range(cidr);
        return std::nullopt;
    } catch (const InvalidInput& e) {
        return e.what();
    }
}

Problem origin_problem(std::string_view url) {
    try {
        parse_web_origin(url);
    } catch (const InvalidInput& problem) {
        return problem.what();
    }
    return std::nullopt;
}

Problem origin_or_empty(std::string_view url) {
    return url.empty() ? std::nullopt : origin_problem(url);
}

Problem listen_or_empty(std::string_view listen) {
    return listen.empty() ? std::nullopt : listen_address_problem(listen);
}

Problem mail_address_problem(std::string_view address) {
    if (!is_mail_address(address)) {
        return fmt::format("\"{}\" is not a mail address such as noreply@elektrenai.lt", address);
    }
    return std::nullopt;
}

void read_path(TableReader& reader, std::string_view key, std::filesystem::path& out) {
    std::string text = out.string();
    if (reader.read_string(key, text).present_and_valid()) out = text;
}

void read_server(TableReader& reader, Server& server) {
    reader.read_string("listen", server.listen, listen_address_problem);
    std::string data_dir = server.data_dir.string();
    if (reader.read_string("data_dir", data_dir, not_empty).present_and_valid()) {
        server.data_dir = data_dir;
    }
    std::string share_dir = server.share_dir.string();
    if (reader.read_string("share_dir", share_dir).present_and_valid()) {
        server.share_dir = share_dir;
    }
    reader.read_string("log_level", server.log_level,
                       one_of({"trace", "debug", "info", "warn", "error"}));
    reader.read_integer("threads", server.threads, 1, 64);
    reader.read_string("public_url", server.public_url, origin_or_empty);
    reader.read_string_list("metrics_allow", server.metrics_allow, address_range_problem);
    reader.read_string_list("trusted_proxies", server.trusted_proxies, address_range_problem);
    reader.read_string("forwarded_header", server.forwarded_header,
                       one_of({"x-forwarded-for", "forwarded"}));
}

void read_municipality(TableReader& reader, Municipality& municipality) {
    reader.read_string("name_lt", municipality.name_lt, not_empty);
    reader.read_string("name_en", municipality.name_en, not_empty);
    reader.read_string("default_language", municipality.default_language, one_of({"lt", "en"}));
    reader.read_string("website", municipality.website, origin_or_empty);
    reader.read_string_list("embed_framers", municipality.embed_framers, origin_problem);
}

void read_http(TableReader& reader, HttpLimits& http) {
    constexpr std::int64_t kKiB = 1024;
    constexpr std::int64_t kGiB = kKiB * kKiB * kKiB;
    constexpr std::int64_t kHour = 3600;
    constexpr std::int64_t kMaxConnections = 1'000'000;
    reader.read_integer("max_header_bytes", http.max_header_bytes, kKiB, kKiB * kKiB);
    reader.read_integer("max_body_bytes", http.max_body_bytes, kKiB, 64 * kGiB);
    // The whole upload is held in memory while it is checked, hence the lower ceiling.
    reader.read_integer("max_upload_bytes", http.max_upload_bytes, kKiB, kGiB);
    reader.read_duration("read_timeout_s", http.read_timeout, 1, kHour);
    reader.read_duration("idle_timeout_s", http.idle_timeout, 1, kHour);
    reader.read_duration("write_timeout_s", http.write_timeout, 1, kHour);
    Field total = reader.read_integer("max_connections", http.max_connections, 1, kMaxConnections);
    Field per_address = reader.read_integer("max_connections_per_address",
                                            http.max_connections_per_address, 1, kMaxConnections);
    if (total.ok && per_address.ok && http.max_connections_per_address > http.max_connections) {
        reader.error_here(per_address.node ? per_address : total,
                          per_address.node ? "max_connections_per_address" : "max_connections",
                          fmt::format("max_connections_per_address ({}) is larger than "
                                      "max_connections ({}); lower it or raise max_connections",
                                      http.max_connections_per_address, http.max_connections));
    }
}

void read_tls(TableReader& reader, Tls& tls) {
    read_path(reader, "certificate", tls.certificate);
    read_path(reader, "private_key", tls.private_key);
    Field redirect = reader.read_string("redirect_listen", tls.redirect_listen, listen_or_empty);
    if (tls.certificate.empty() != tls.private_key.empty()) {
        reader.error_here({}, tls.certificate.empty() ? "certificate" : "private_key",
                          "certificate and private_key go together: set both for HTTPS, or "
                          "neither for plain HTTP");
    }
    if (!tls.redirect_listen.empty() && tls.certificate.empty()) {
        reader.error_here(redirect, "redirect_listen",
                          "redirects to HTTPS need HTTPS: set certificate and private_key too");
    }
}

void read_accounts(TableReader& reader, Accounts& accounts) {
    constexpr std::int64_t kMaxPerHour = 100'000;
    reader.read_duration("session_idle_timeout_min", accounts.session_idle_timeout, 5, 1440);
    reader.read_duration("session_absolute_timeout_hours", accounts.session_absolute_timeout, 1,
                         720);
    Field per_account = reader.read_integer("max_failed_logins_per_account",
                                            accounts.max_failed_logins_per_account, 1, 100);
    Field per_pair =
        reader.read_integer("max_failed_logins_per_account_and_address",
                            accounts.max_failed_logins_per_account_and_address, 1, 100);
    // Left out, it follows a lowered account limit down (the default, 10, is at most that)
    // instead of contradicting it.
    if (per_pair.node == nullptr) {
        accounts.max_failed_logins_per_account_and_address =
            std::min(accounts.max_failed_logins_per_account_and_address,
                     accounts.max_failed_logins_per_account);
    } else if (per_account.ok && per_pair.ok &&
               accounts.max_failed_logins_per_account_and_address >
                   accounts.max_failed_logins_per_account) {
        reader.error_here(
            per_pair, "max_failed_logins_per_account_and_address",
            fmt::format("max_failed_logins_per_account_and_address ({}) is larger than "
                        "max_failed_logins_per_account ({}); lower it or raise "
                        "max_failed_logins_per_account",
                        accounts.max_failed_logins_per_account_and_address,
                        accounts.max_failed_logins_per_account));
    }
    reader.read_integer("max_failed_logins_per_address", accounts.max_failed_logins_per_address, 1,
                        kMaxPerHour);
    reader.read_integer("max_signups_per_address", accounts.max_signups_per_address, 1,
                        kMaxPerHour);
    reader.read_integer("max_mails_per_account", accounts.max_mails_per_account, 1, 100);
    reader.read_integer("max_password_resets_per_address", accounts.max_password_resets_per_address,
                        1, kMaxPerHour);
    reader.read_integer("min_password_length", accounts.min_password_length, 8, 64);
    reader.read_integer("hash_threads", accounts.hash_threads, 1, 16);
    reader.read_integer("hash_queue", accounts.hash_queue, 1, 10'000);
    read_path(reader, "common_passwords", accounts.common_passwords);
}

void read_mail(TableReader& reader, Mail& mail) {
    reader.read_string("transport", mail.transport, one_of({"smtp", "files"}));
    reader.read_string("relay_host", mail.relay_host, not_empty);
    reader.read_integer("relay_port", mail.relay_port, 1, kMaxPort);
    reader.read_string("starttls", mail.starttls, one_of({"required", "off"}));
    reader.read_string("username", mail.username);
    read_path(reader, "password_file", mail.password_file);
    reader.read_string("from_address", mail.from_address, mail_address_problem);
    reader.read_duration("max_retry_interval_s", mail.max_retry_interval, 60, 86'400);
    reader.read_duration("give_up_after_hours", mail.give_up_after, 1, 720);
    reader.read_duration("keep_sent_days", mail.keep_sent, 1, 3650);
}

void read_hls(TableReader& reader, Hls& hls) {
    constexpr std::int64_t kDay = 24 * 3600;
    constexpr std::int64_t kTenYearsInHours = 10 * 366 * 24;
    Field segment = reader.read_duration("segment_duration_s", hls.segment_duration, 1, 10);
    Field keyframes =
        reader.read_duration("keyframe_interval_ms", hls.keyframe_interval, 200, 10'000);
    reader.read_integer("parts_per_segment", hls.parts_per_segment, 0, 10);
    Field window = reader.read_integer("live_window_segments", hls.live_window_segments, 6, 1000);
    Field keep =
        reader.read_duration("keep_removed_segments_s", hls.keep_removed_segments, 0, kDay);
    Field retention = reader.read_duration("retention_hours", hls.retention, 0, kTenYearsInHours);
    if (!(segment.ok && keyframes.ok && window.ok && keep.ok && retention.ok)) return;

    // Every segment starts with a keyframe.
    if (std::chrono::milliseconds(hls.segment_duration) % hls.keyframe_interval !=
        std::chrono::milliseconds::zero()) {
        reader.error_here(keyframes, "keyframe_interval_ms",
                          fmt::format("must divide segment_duration_s ({} ms): every segment "
                                      "starts with a keyframe",
                                      std::chrono::milliseconds(hls.segment_duration).count()));
    }

    // RFC 8216 6.2.2: a segment removed from the live playlist must stay available for its own
    // duration plus that of the playlist, or a player that just fetched the playlist gets 404s.
    const auto needed = hls.segment_duration * (hls.live_window_segments + 1);
    if (hls.keep_removed_segments < needed) {
        reader.error_here(keep, "keep_removed_segments_s",
                          fmt::format("must be at least segment_duration_s * "
                                      "(live_window_segments + 1) = {} s, or players that just "
                                      "fetched the live playlist get missing segments; raise it",
                                      needed.count()));
    }
    if (hls.retention.count() != 0 && hls.retention < hls.keep_removed_segments) {
        reader.error_here(retention, "retention_hours",
                          "is shorter than keep_removed_segments_s; raise it (or set 0 to keep "
                          "every segment)");
    }
}

void read_recordings(TableReader& reader, Recordings& recordings) {
    reader.read_integer("min_free_mb", recordings.min_free_mb, 0, 10'000'000);
    reader.read_duration("max_clip_hours", recordings.max_clip, 1, 24);
    Field width = reader.read_integer("thumbnail_width", recordings.thumbnail_width, 64, 1920);
    if (width.ok && recordings.thumbnail_width % 2 != 0) {
        reader.error_here(width, "thumbnail_width", "must be even (pictures are 4:2:0); e.g. 320");
    }
    reader.read_integer("redaction_retention_days", recordings.redaction_retention_days, 1, 36'500);
    reader.read_integer("max_caption_mb", recordings.max_caption_mb, 1, 64);
    reader.read_integer("max_upload_mb", recordings.max_upload_mb, 1, 100'000);
}

// A question's id is what the chair's form and the open data name: shorter rules than other ids.
Problem question_id_problem(std::string_view id) {
    if (id.empty() || id.size() > kMaxIdLength || !std::all_of(id.begin(), id.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        })) {
        return fmt::format(
            "\"{}\" must be 1 to {} characters of a-z, 0-9 and '_', e.g. "
            "\"two_thirds\"",
            id, kMaxIdLength);
    }
    return std::nullopt;
}

void read_question(TableReader& reader, VotingQuestion& question, IdRegistry& question_ids) {
    Field id = reader.read_string("id", question.id, question_id_problem);
    if (id.node == nullptr) {
        reader.error_here(id, "id",
                          "missing; every [[voting.question]] needs an id, e.g. id = \"ordinary\"");
    }
    question_ids.check(reader, "id", id, question.id);
    Field title = reader.read_string("title_lt", question.title_lt, not_empty);
    if (title.node == nullptr) {
        reader.error_here(title, "title_lt",
                          "missing; the chair picks the question by this title when opening a "
                          "vote");
    }
    reader.read_string("title_en", question.title_en);
    reader.read_string("basis", question.basis, one_of({"participants", "all_seats"}));
    Field numerator = reader.read_integer("numerator", question.numerator, 1, 100);
    Field denominator = reader.read_integer("denominator", question.denominator, 1, 100);
    Field strictly = reader.read_bool("strictly", question.strictly);
    reader.read_bool("secret", question.secret);
    if (!numerator.ok || !denominator.ok || !strictly.ok) return;
    const Field& share = numerator.node != nullptr ? numerator : denominator;
    const std::string_view share_key = numerator.node != nullptr ? "numerator" : "denominator";
    if (question.numerator > question.denominator) {
        reader.error_here(share, share_key,
                          fmt::format("{}/{} is more than all of them; use a share of at most 1",
                                      question.numerator, question.denominator));
    } else if (question.numerator * 2 < question.denominator) {
        // Below half, a motion and its opposite could both pass.
        reader.error_here(share, share_key,
                          fmt::format("{}/{} is less than half; a majority is at least 1/2",
                                      question.numerator, question.denominator));
    } else if (question.strictly && question.numerator == question.denominator) {
        reader.error_here(strictly.node != nullptr ? strictly : share,
                          strictly.node != nullptr ? "strictly" : share_key,
                          "more than all of them can never be reached; set strictly = false for "
                          "a unanimous vote");
    }
}

void read_voting(TableReader& reader, Voting& voting) {
    reader.read_integer("seats", voting.seats, 1, 1000);
    reader.read_bool("change_allowed", voting.change_allowed);
    // Unlike channels, the questions have defaults: only a list that is there replaces them.
    if (reader.find("question") == nullptr) return;
    std::vector<VotingQuestion> questions;
    IdRegistry question_ids("question id");
    read_array_of_tables(reader, "question", "voting.question",
                         "is empty; add a [[voting.question]] table, or remove the list to keep "
                         "the default questions",
                         [&](TableReader& question_reader) {
                             VotingQuestion question;
                             read_question(question_reader, question, question_ids);
                             questions.push_back(std::move(question));
                         });
    if (!questions.empty()) voting.questions = std::move(questions);
}

void read_camera(TableReader& reader, Camera& camera, IdRegistry& camera_ids) {
    std::string credentials_text;
    Field id = reader.read_string("id", camera.id, id_problem);
    if (id.node == nullptr) {
        reader.error_here(id, "id",
                          "missing; every [[channel.camera]] needs an id, e.g. id = \"podium\"");
    }
    camera_ids.check(reader, "id", id, camera.id);
    reader.read_string("title", camera.title);

    std::string kind_name(name_of(kCameraKinds, camera.kind));
    Field kind =
        reader.read_string("kind", kind_name, one_of({"test", "uri", "rtsp", "srt", "v4l2"}));
    camera.kind = parse(kCameraKinds, kind_name).value_or(camera.kind);
    Field location = reader.read_string("location", camera.location);
    reader.read_string("test_pattern", camera.test_pattern, test_pattern_problem);
    reader.read_string("transport", camera.transport, one_of({"auto", "tcp", "udp"}));
    reader.read_integer("latency_ms", camera.latency_ms, 0, 5000);
    Field credentials = reader.read_string("credentials_file", credentials_text);
    reader.read_string("srt_mode", camera.srt_mode, one_of({"caller", "listener"}));
    if (credentials.present_and_valid()) {
        camera.credentials_file = credentials_text;
        if (camera.kind != CameraKind::kRtsp) {
            reader.error_here(credentials, "credentials_file",
                              "only an rtsp camera signs in; remove credentials_file or set "
                              "kind = \"rtsp\"");
        } else if (credentials_text.empty()) {
            reader.error_here(credentials, "credentials_file",
                              "must not be empty; name a file holding \"user:password\", or "
                              "remove the key");
        }
    }
    if (!kind.ok || !location.ok) return;

    if (camera.kind == CameraKind::kTest) {
        // The default kind is "test": a location without a kind is almost certainly a camera
        // whose kind was forgotten, which would otherwise silently show a test pattern.
        if (!camera.location.empty()) {
            reader.error_here(location, "location",
                              "is set, but kind is \"test\" (the default), which has no location; "
                              "set kind to \"rtsp\", \"srt\", \"uri\" or \"v4l2\", or remove "
                              "location");
        }
        return;
    }
    if (camera.location.empty()) {
        reader.error_here(location, "location",
                          fmt::format("a camera of kind \"{}\" needs a location; {}", kind_name,
                                      *location_problem(camera.kind, "")));
        return;
    }
    if (Problem problem = location_problem(camera.kind, camera.location)) {
        reader.error_here(location, "location", std::move(*problem));
    }
}

void read_rendition(TableReader& reader, Rendition& rendition, IdRegistry& rendition_names) {
    Field name = reader.read_string("name", rendition.name, id_problem);
    if (name.node == nullptr) {
        reader.error_here(
            name, "name",
            "missing; every [[channel.rendition]] needs a name, e.g. name = \"720p\"");
    }
    rendition_names.check(reader, "name", name, rendition.name);

    if (reader.read_bool("audio_only", rendition.audio_only).present_and_valid() &&
        rendition.audio_only) {
        for (std::string_view key :
             {"width", "height", "framerate", "video_bitrate_kbps", "profile"}) {
            if (const toml::node* node = reader.find(key)) {
                reader.error(*node, key,
                             "an audio-only rendition has no picture; remove this key or "
                             "audio_only");
            }
        }
        rendition.width = 0;
        rendition.height = 0;
        rendition.framerate = 0;
        rendition.video_bitrate_kbps = 0;
        rendition.profile.clear();
        reader.read_integer("audio_bitrate_kbps", rendition.audio_bitrate_kbps, 32, 320);
        return;
    }

    auto require_even = [&reader](const Field& field, std::string_view key, int value) {
        if (field.present_and_valid() && value % 2 != 0) {
            reader.error(*field.node, key,
                         fmt::format("must be even (H.264 with 4:2:0 chroma needs even "
                                     "dimensions), found {}",
                                     value));
        }
    };
    Field width = reader.read_integer("width", rendition.width, 16, 3840);
    require_even(width, "width", rendition.width);
    Field height = reader.read_integer("height", rendition.height, 16, 2160);
    require_even(height, "height", rendition.height);
    reader.read_integer("framerate", rendition.framerate, 1, 60);
    reader.read_integer("video_bitrate_kbps", rendition.video_bitrate_kbps, 100, 20000);
    reader.read_string("profile", rendition.profile, one_of({"main", "high"}));
    reader.read_integer("audio_bitrate_kbps", rendition.audio_bitrate_kbps, 32, 320);
}

// A camera of the channel named by `key`, or the reason it is not one.
Problem hall_camera_problem(const Channel& channel, std::string_view camera) {
    for (const auto& known : channel.cameras) {
        if (known.id == camera) return std::nullopt;
    }
    std::string ids;
    for (const auto& known : channel.cameras) {
        if (!ids.empty()) ids += ", ";
        ids += fmt::format("\"{}\"", known.id);
    }
    return fmt::format("names no camera of this channel; its cameras are {}", ids);
}

void read_hall_audio(TableReader& reader, const Channel& channel, HallAudio& audio) {
    Field source = reader.read_string("source", audio.source,
                                      one_of({"camera", "alsa", "rtsp", "srt", "test", "none"}));
    Field camera = reader.read_string("camera", audio.camera);
    Field location = reader.read_string("location", audio.location);
    reader.read_integer("offset_ms", audio.offset_ms, -2000, 2000);
    if (!source.ok || !camera.ok || !location.ok) return;
    if (audio.source == "camera") {
        if (!audio.camera.empty()) {
            if (Problem problem = hall_camera_problem(channel, audio.camera)) {
                reader.error_here(camera, "camera", std::move(*problem));
            }
        }
        if (location.node != nullptr) {
            reader.error_here(location, "location",
                              "is for source \"alsa\", \"rtsp\" or \"srt\"; the camera's sound "
                              "comes with its picture: remove location");
        }
        return;
    }
    if (camera.node != nullptr) {
        reader.error_here(camera, "camera",
                          fmt::format("is for source \"camera\", but source is \"{}\": remove "
                                      "camera",
                                      audio.source));
    }
    if (audio.source == "test" || audio.source == "none") {
        if (location.node != nullptr) {
            reader.error_here(
                location, "location",
                fmt::format("source \"{}\" has no location: remove it", audio.source));
        }
        return;
    }
    if (audio.location.empty()) {
        reader.error_here(
            location, "location",
            audio.source == "alsa"
                ? "source \"alsa\" needs the capture device, e.g. \"hw:1\""
                : fmt::format("source \"{0}\" needs the sound's {0}:// URI", audio.source));
        return;
    }
    const CameraKind kind = audio.source == "rtsp"  ? CameraKind::kRtsp
                            : audio.source == "srt" ? CameraKind::kSrt
                                                    : CameraKind::kV4l2;
    if (kind == CameraKind::kV4l2) {
        if (std::any_of(audio.location.begin(), audio.location.end(),
                        [](unsigned char c) { return c <= ' ' || c == 0x7f; })) {
            reader.error_here(location, "location",
                              "an ALSA device name has no spaces, e.g. \"hw:1\" or "
                              "\"plughw:CARD=Mixer\"");
        }
    } else if (Problem problem = location_problem(kind, audio.location)) {
        // "an rtsp camera's location must be…" said of the sound.
        const std::size_t subject_end = problem->find("location");
        reader.error_here(location, "location",
                          subject_end == std::string::npos
                              ? std::move(*problem)
                              : "the sound's " + problem->substr(subject_end));
    }
}

void read_pip(TableReader& reader, const Channel& channel, Pip& pip) {
    Field camera = reader.read_string("camera", pip.camera);
    Field x = reader.read_integer("x", pip.x, 0, 1000);
    Field y = reader.read_integer("y", pip.y, 0, 1000);
    Field width = reader.read_integer("width", pip.width, 50, 1000);
    if (camera.present_and_valid()) {
        if (Problem problem = hall_camera_problem(channel, pip.camera)) {
            reader.error_here(camera, "camera", std::move(*problem));
        }
    }
    if (x.ok && width.ok && pip.x + pip.width > 1000) {
        reader.error_here(width.node ? width : x, width.node ? "width" : "x",
                          fmt::format("the corner runs off the picture's right edge (x {} + "
                                      "width {} > 1000 thousandths); move it left or narrow it",
                                      pip.x, pip.width));
    }
    // The height follows 16:9 of the width, in thousandths of the (16:9) picture's height.
    if (y.ok && width.ok && pip.y + pip.width > 1000) {
        reader.error_here(y.node ? y : width, y.node ? "y" : "width",
                          fmt::format("the corner runs off the picture's bottom edge (y {} + its "
                                      "height {} > 1000 thousandths); move it up or narrow it",
                                      pip.y, pip.width));
    }
}

void read_channel(TableReader& reader, Channel& channel, IdRegistry& channel_ids) {
    Field id = reader.read_string("id", channel.id, id_problem);
    if (id.node == nullptr) {
        reader.error_here(id, "id", "missing; every [[channel]] needs an id, e.g. id = \"hall\"");
    }
    channel_ids.check(reader, "id", id, channel.id);
    reader.read_string("title_lt", channel.title_lt);
    reader.read_string("title_en", channel.title_en);
    reader.read_string("picture_language", channel.picture_language, one_of({"lt", "en"}));

    IdRegistry camera_ids("camera id");
    read_array_of_tables(reader, "camera", "channel.camera",
                         "this channel has no camera; add a [[channel.camera]] table after its "
                         "[[channel]] table",
                         [&](TableReader& camera_reader) {
                             Camera camera;
                             read_camera(camera_reader, camera, camera_ids);
                             channel.cameras.push_back(std::move(camera));
                         });
    read_sub_table(reader, "audio",
                   [&](TableReader& r) { read_hall_audio(r, channel, channel.audio); });
    read_sub_table(reader, "pip", [&](TableReader& r) { read_pip(r, channel, channel.pip); });
    std::string slate_image;
    Field slate = reader.read_string("slate_image", slate_image);
    if (slate.present_and_valid()) {
        channel.slate_image = slate_image;
        const std::string extension = channel.slate_image.extension().string();
        if (extension != ".png" && extension != ".jpg" && extension != ".jpeg") {
            reader.error_here(slate, "slate_image",
                              "must name a PNG or JPEG file (.png, .jpg or .jpeg), or be left out "
                              "for the plain slate");
        }
    }

    IdRegistry rendition_names("rendition name");
    // Players and the master playlist take the first rendition as the best one.
    std::optional<int> previous_bitrate;
    read_array_of_tables(
        reader, "rendition", "channel.rendition",
        "this channel has no rendition; add a [[channel.rendition]] table after its [[channel]] "
        "table",
        [&](TableReader& rendition_reader) {
            Rendition rendition;
            std::size_t errors_before = rendition_reader.diagnostics().count();
            read_rendition(rendition_reader, rendition, rendition_names);
            bool clean = rendition_reader.diagnostics().count() == errors_before;
            if (rendition.audio_only) {
                // The first rendition is the programme's picture size.
                if (channel.renditions.empty()) {
                    rendition_reader.error_here(
                        Field{rendition_reader.table().get("audio_only")}, "audio_only",
                        "the first rendition sets the picture's size and cannot be audio only; "
                        "list the audio-only rendition last");
                }
                channel.renditions.push_back(std::move(rendition));
                return;
            }
            if (clean && previous_bitrate && rendition.video_bitrate_kbps > *previous_bitrate) {
                rendition_reader.error_here(
                    Field{rendition_reader.table().get("video_bitrate_kbps")}, "video_bitrate_kbps",
                    fmt::format("renditions must be listed from highest to lowest, but this one "
                                "({} kbps) is above the one before it ({} kbps); reorder them",
                                rendition.video_bitrate_kbps, *previous_bitrate));
            }
            previous_bitrate = clean ? std::optional(rendition.video_bitrate_kbps) : std::nullopt;
            channel.renditions.push_back(std::move(rendition));
        });
}

void read_petitions(TableReader& reader, Petitions& petitions) {
    reader.read_integer("sponsors", petitions.sponsors, 0, 100);
    reader.read_integer("moderation_overdue_days", petitions.moderation_overdue_days, 1, 365);
    reader.read_integer("open_days", petitions.open_days, 1, 365);
    Field response =
        reader.read_integer("response_threshold", petitions.response_threshold, 1, 1'000'000);
    Field council =
        reader.read_integer("council_threshold", petitions.council_threshold, 1, 1'000'000);
    reader.read_bool("allow_outside", petitions.allow_outside);
    reader.read_duration("tally_interval_ms", petitions.tally_interval, 50, 60'000);
    reader.read_integer("flag_signatures", petitions.flag_signatures, 2, 100'000);
    reader.read_duration("flag_window_minutes", petitions.flag_window, 1, 7 * 24 * 60);
    reader.read_integer("sign_limit_per_address", petitions.sign_limit_per_address, 1, 100'000);
    reader.read_integer("sign_limit_per_petition", petitions.sign_limit_per_petition, 1, 1'000'000);
    reader.read_integer("start_limit_per_address", petitions.start_limit_per_address, 1, 1'000);
    if (response.ok && council.ok && petitions.council_threshold < petitions.response_threshold) {
        reader.error_here(council.node ? council : response,
                          council.node ? "council_threshold" : "response_threshold",
                          fmt::format("the council threshold ({}) is below the response "
                                      "threshold ({}): a petition the council must consider is "
                                      "owed a response first; raise council_threshold",
                                      petitions.council_threshold, petitions.response_threshold));
    }
}

// "YYYY-MM-DD", a day that exists (the proleptic Gregorian calendar), years 2000..2999.
Problem holiday_date_problem(std::string_view text) {
    const auto problem = [&] {
        return fmt::format("\"{}\" is not a date such as \"2027-05-03\" (YYYY-MM-DD)", text);
    };
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return Problem(problem());
    int year = 0;
    int month = 0;
    int day = 0;
    for (auto [from, to, out] : {std::tuple{0, 4, &year}, {5, 7, &month}, {8, 10, &day}}) {
        for (int i = from; i < to; ++i) {
            if (text[i] < '0' || text[i] > '9') return Problem(problem());
            *out = *out * 10 + (text[i] - '0');
        }
    }
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 2000 || year > 2999 || month < 1 || month > 12 || day < 1 ||
        day > kDays[month - 1] + (month == 2 && leap ? 1 : 0)) {
        return Problem(problem());
    }
    return std::nullopt;
}

void read_bookings(TableReader& reader, Bookings& bookings) {
    reader.read_duration("hold_minutes", bookings.hold, 1, 60);
    reader.read_duration("confirm_minutes", bookings.confirm, 5, 2 * 24 * 60);
    reader.read_integer("reminder_hours_before", bookings.reminder_hours_before, 1, 7 * 24);
    Field granule = reader.read_integer("granule_minutes", bookings.granule_minutes, 1, 60);
    if (granule.present_and_valid() && bookings.granule_minutes != 5) {
        reader.error_here(granule, "granule_minutes",
                          fmt::format("granule_minutes is {}, but it is fixed at 5: the "
                                      "bookings already stored occupy 5-minute steps, and "
                                      "another step would let new ones overlap them unseen; "
                                      "remove the key or set it to 5",
                                      bookings.granule_minutes));
    }
    reader.read_integer("holds_per_client", bookings.holds_per_client, 1, 50);
    Field extra =
        reader.read_string_list("extra_holidays", bookings.extra_holidays, holiday_date_problem);
    if (extra.present_and_valid() && bookings.extra_holidays.size() > 366) {
        reader.error_here(extra, "extra_holidays",
                          fmt::format("{} extra holidays are listed; at most 366 are accepted",
                                      bookings.extra_holidays.size()));
    }
}

// A [[reports.categories]] code or question code: in addresses and Open311's service_code.
Problem report_code_problem(std::string_view code) {
    if (code.empty() || code.size() > kMaxIdLength ||
        !std::all_of(code.begin(), code.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        })) {
        return fmt::format("\"{}\" must be 1 to {} characters of a-z, 0-9 and '_', e.g. \"roads\"",
                           code, kMaxIdLength);
    }
    return std::nullopt;
}

Problem webhook_url_problem(std::string_view url) {
    if (url.empty() || url.starts_with("https://") || url.starts_with("http://127.") ||
        url.starts_with("http://localhost:") || url.starts_with("http://[::1]")) {
        return std::nullopt;
    }
    return fmt::format(
        "\"{}\" must start with https:// (plain http:// only to a loopback "
        "address, for tests)",
        url);
}

Problem api_key_problem(std::string_view key) {
    if (key.size() < 24 || key.size() > 128 || !std::all_of(key.begin(), key.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '_' || c == '-';
        })) {
        return "must be 24 to 128 characters of A-Z, a-z, 0-9, '_' and '-' (make one with "
               "`openssl rand -base64 32 | tr +/ -_`)";
    }
    return std::nullopt;
}

// A point of TOML [lat, lon] in degrees.
std::optional<GeoPoint> geo_point(const toml::node& node) {
    const toml::array* pair = node.as_array();
    if (pair == nullptr || pair->size() != 2) return std::nullopt;
    const toml::node& lat = *pair->get(0);
    const toml::node& lon = *pair->get(1);
    if (!lat.is_number() || !lon.is_number()) return std::nullopt;
    GeoPoint point{*lat.value<double>(), *lon.value<double>()};
    if (!(point.lat >= -90 && point.lat <= 90 && point.lon >= -180 && point.lon <= 180)) {
        return std::nullopt;
    }
    return point;
}

void read_boundary(TableReader& reader, std::vector<GeoPoint>& boundary) {
    const toml::node* node = reader.find("boundary");
    if (node == nullptr) return;
    const toml::array* array = node->as_array();
    std::vector<GeoPoint> points;
    for (std::size_t i = 0; array != nullptr && i < array->size(); ++i) {
        const std::optional<GeoPoint> point = geo_point(*array->get(i));
        if (!point) {
            reader.error(*array->get(i), "boundary",
                         fmt::format("point {} must be [latitude, longitude] in degrees, e.g. "
                                     "[54.78, 24.66]",
                                     i + 1));
            return;
        }
        points.push_back(*point);
    }
    if (array == nullptr || points.size() < 3 || points.size() > 10'000) {
        reader.error(*node, "boundary",
                     "must be a list of 3 to 10,000 [latitude, longitude] points: the "
                     "municipality's outline");
        return;
    }
    boundary = std::move(points);
}

void read_report_question(TableReader& reader, ReportQuestion& question, IdRegistry& codes) {
    Field code = reader.read_string("code", question.code, report_code_problem);
    if (code.node == nullptr) {
        reader.error_here(code, "code",
                          "missing; every [[reports.categories.questions]] needs a code");
    }
    codes.check(reader, "code", code, question.code);
    for (std::string_view key : {"text_lt", "text_en"}) {
        std::string& text = key == "text_lt" ? question.text_lt : question.text_en;
        if (reader.read_string(key, text, not_empty).node == nullptr) {
            reader.error_here({}, key, "missing; a question is asked in both languages");
        }
    }
    reader.read_string("kind", question.kind, one_of({"text", "yes_no"}));
    reader.read_bool("required", question.required);
}

void read_report_category(TableReader& reader, ReportCategory& category, IdRegistry& codes) {
    Field code = reader.read_string("code", category.code, report_code_problem);
    if (code.node == nullptr) {
        reader.error_here(code, "code", "missing; every [[reports.categories]] needs a code");
    }
    codes.check(reader, "code", code, category.code);
    for (std::string_view key : {"name_lt", "name_en"}) {
        std::string& name = key == "name_lt" ? category.name_lt : category.name_en;
        if (reader.read_string(key, name, not_empty).node == nullptr) {
            reader.error_here({}, key, "missing; a category is named in both languages");
        }
    }
    reader.read_string("department_email", category.department_email, [](std::string_view address) {
        return address.empty() ? std::nullopt : mail_address_problem(address);
    });
    Field url = reader.read_string("webhook_url", category.webhook_url, webhook_url_problem);
    reader.read_string("webhook_secret", category.webhook_secret);
    reader.read_bool("anonymous_allowed", category.anonymous_allowed);
    if (!category.webhook_url.empty() && category.webhook_secret.size() < 16) {
        reader.error_here(url, "webhook_secret",
                          "must be at least 16 characters when webhook_url is set: the "
                          "receiver checks each request's signature with it");
    }
    if (category.department_email.empty() && category.webhook_url.empty()) {
        reader.error_here(code, "department_email",
                          "a category needs a department_email, a webhook_url or both, or its "
                          "reports would reach nobody");
    }
    if (reader.find("questions") == nullptr) return;
    IdRegistry question_codes("question code");
    read_array_of_tables(reader, "questions", "reports.categories.questions",
                         "is empty; remove it, or add a [[reports.categories.questions]] table",
                         [&](TableReader& question_reader) {
                             ReportQuestion question;
                             read_report_question(question_reader, question, question_codes);
                             category.questions.push_back(std::move(question));
                         });
}

void read_reports(TableReader& reader, Reports& reports) {
    reader.read_string("tile_url", reports.tile_url, [](std::string_view url) -> Problem {
        if (url.empty() || (url.starts_with("https://") && url.find("{z}") != url.npos &&
                            url.find("{x}") != url.npos && url.find("{y}") != url.npos)) {
            return std::nullopt;
        }
        return "must be empty or an https:// address with {z}, {x} and {y}";
    });
    reader.read_string("tile_attribution", reports.tile_attribution);
    read_boundary(reader, reports.boundary);
    reader.read_integer("duplicate_radius_m", reports.duplicate_radius_m, 10, 5000);
    reader.read_integer("max_photos", reports.max_photos, 0, 10);
    reader.read_integer("max_photo_bytes", reports.max_photo_bytes, 64 << 10, 50 << 20);
    reader.read_integer("fixed_question_weeks", reports.fixed_question_weeks, 1, 52);
    if (reader.find("elderships") != nullptr) {
        std::vector<ReportEldership> elderships;
        IdRegistry names("eldership name");
        read_array_of_tables(
            reader, "elderships", "reports.elderships",
            "is empty; remove it to keep the defaults, or add "
            "[[reports.elderships]] tables",
            [&](TableReader& r) {
                ReportEldership eldership;
                Field name = r.read_string("name", eldership.name, not_empty);
                names.check(r, "name", name, eldership.name);
                Field lat = r.read_double("lat", eldership.centre.lat, -90, 90);
                Field lon = r.read_double("lon", eldership.centre.lon, -180, 180);
                if (name.node == nullptr || lat.node == nullptr || lon.node == nullptr) {
                    r.error_here({}, "name", "an eldership needs a name, lat and lon");
                }
                elderships.push_back(std::move(eldership));
            });
        reports.elderships = std::move(elderships);
    }
    if (reader.find("open311_api_keys") != nullptr) {
        IdRegistry names("API key name");
        read_array_of_tables(reader, "open311_api_keys", "reports.open311_api_keys",
                             "is empty; remove it, or add [[reports.open311_api_keys]] tables",
                             [&](TableReader& r) {
                                 Open311ApiKey key;
                                 Field name = r.read_string("name", key.name, id_problem);
                                 names.check(r, "name", name, key.name);
                                 Field value = r.read_string("key", key.key, api_key_problem);
                                 if (name.node == nullptr || value.node == nullptr) {
                                     r.error_here({}, "key", "an API key needs a name and a key");
                                 }
                                 reports.open311_api_keys.push_back(std::move(key));
                             });
    }
    if (reader.find("categories") != nullptr) {
        std::vector<ReportCategory> categories;
        IdRegistry codes("category code");
        read_array_of_tables(reader, "categories", "reports.categories",
                             "is empty; remove it to keep the six default categories, or add "
                             "[[reports.categories]] tables",
                             [&](TableReader& r) {
                                 ReportCategory category;
                                 read_report_category(r, category, codes);
                                 categories.push_back(std::move(category));
                             });
        if (!categories.empty()) reports.categories = std::move(categories);
    }
}

Config read_config(const toml::table& document, Diagnostics& diagnostics) {
    Config config;
    read_table(diagnostics, document, "", [&](TableReader& root) {
        read_sub_table(root, "server", [&](TableReader& r) { read_server(r, config.server); });
        read_sub_table(root, "municipality",
                       [&](TableReader& r) { read_municipality(r, config.municipality); });
        read_sub_table(root, "http", [&](TableReader& r) { read_http(r, config.http); });
        read_sub_table(root, "tls", [&](TableReader& r) { read_tls(r, config.tls); });
        read_sub_table(root, "accounts",
                       [&](TableReader& r) { read_accounts(r, config.accounts); });
        read_sub_table(root, "mail", [&](TableReader& r) { read_mail(r, config.mail); });
        read_sub_table(root, "hls", [&](TableReader& r) { read_hls(r, config.hls); });
        read_sub_table(root, "recordings",
                       [&](TableReader& r) { read_recordings(r, config.recordings); });
        read_sub_table(root, "voting", [&](TableReader& r) { read_voting(r, config.voting); });
        read_sub_table(root, "petitions",
                       [&](TableReader& r) { read_petitions(r, config.petitions); });
        read_sub_table(root, "bookings",
                       [&](TableReader& r) { read_bookings(r, config.bookings); });
        read_sub_table(root, "reports", [&](TableReader& r) { read_reports(r, config.reports); });
        IdRegistry channel_ids("channel id");
        read_array_of_tables(root, "channel", "channel",
                             "no channel is configured; add a [[channel]] table with an id, a "
                             "[[channel.camera]] and a [[channel.rendition]]",
                             [&](TableReader& r) {
                                 Channel channel;
                                 read_channel(r, channel, channel_ids);
                                 config.channels.push_back(std::move(channel));
                             });
    });
    return config;
}

LoadResult file_error(const std::filesystem::path& file, std::string message) {
    LoadResult result;
    result.errors.push_back({file.string(), 0, 0, "", std::move(message)});
    return result;
}

}  // namespace

std::vector<ReportCategory> default_report_categories() {
    const auto category = [](std::string code, std::string name_lt, std::string name_en,
                             std::string email) {
        ReportCategory result;
        result.code = std::move(code);
        result.name_lt = std::move(name_lt);
        result.name_en = std::move(name_en);
        result.department_email = std::move(email);
        return result;
    };
    std::vector<ReportCategory> categories = {
        category("roads", "Gatvės ir keliai", "Streets and roads", "keliai@example.lt"),
        category("lighting", "Gatvių apšvietimas", "Street lighting", "apsvietimas@example.lt"),
        category("waste", "Atliekos", "Waste", "atliekos@example.lt"),
        category("greenery", "Parkai ir želdiniai", "Parks and greenery", "zeldiniai@example.lt"),
        category("transport_stops", "Viešojo transporto stotelės", "Public transport stops",
                 "transportas@example.lt"),
        category("other", "Kita", "Other", "info@example.lt"),
    };
    categories[0].questions.push_back(
        {"dangerous", "Ar tai pavojinga eismui?", "Is it a danger to traffic?", "yes_no", true});
    categories[1].questions.push_back(
        {"pole_number", "Stulpo numeris (jei matomas)", "Pole number (if visible)", "text", false});
    return categories;
}

std::string ConfigError::to_string() const {
    std::string text = source;
    if (line > 0) text += fmt::format(":{}:{}", line, column);
    text += ": ";
    if (!key_path.empty()) text += key_path + ": ";
    text += message;
    return text;
}

std::optional<std::string> listen_address_problem(std::string_view listen) {
    try {
        parse_listen_address(listen);
    } catch (const InvalidInput& problem) {
        return problem.what();
    }
    return std::nullopt;
}

LoadResult parse_config(std::string_view toml_text, std::string_view source_name) {
    toml::table document;
    try {
        document = toml::parse(toml_text, source_name);
    } catch (const toml::parse_error& error) {
        // toml++ stops at the first syntax error, so there is only ever one to report.
        LoadResult result;
        result.errors.push_back({std::string(source_name),
                                 static_cast<int>(error.source().begin.line),
                                 static_cast<int>(error.source().begin.column), "",
                                 fmt::format("TOML syntax error: {} (the rest of the file is "
                                             "checked once this is fixed)",
                                             error.description())});
        return result;
    }
    Diagnostics diagnostics(source_name);
    Config config = read_config(document, diagnostics);
    LoadResult result;
    result.errors = diagnostics.take();
    if (result.errors.empty()) result.config = std::move(config);
    return result;
}

LoadResult load_config_file(const std::filesystem::path& file) {
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (status.type() == std::filesystem::file_type::not_found) {
        if (file.is_relative()) {
            return file_error(file, fmt::format("no such file in the current directory ({}); "
                                                "check the path",
                                                std::filesystem::current_path(ec).string()));
        }
        return file_error(file, "no such file; check the path");
    }
    if (ec) return file_error(file, fmt::format("cannot read it: {}", ec.message()));
    // A FIFO or device would block or never end; a directory is a wrong argument.
    if (status.type() != std::filesystem::file_type::regular) {
        return file_error(file, "is not a regular file; give the path of a .toml file");
    }
    const auto too_large = [&file] {
        return file_error(file, fmt::format("is larger than {} bytes, which no configuration file "
                                            "is; check that this is the right file",
                                            kMaxConfigFileBytes));
    };
    const auto size = std::filesystem::file_size(file, ec);
    if (!ec && size > kMaxConfigFileBytes) return too_large();

    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return file_error(file, fmt::format("cannot open it: {}; the service user needs read "
                                            "access",
                                            std::strerror(errno)));
    }
    // Read at most one byte past the limit, in case the file grew since it was measured.
    std::string text(kMaxConfigFileBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (in.bad()) return file_error(file, "cannot read it: an input/output error occurred");
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxConfigFileBytes) return too_large();
    return parse_config(text, file.string());
}

void apply_overrides(Config& config, std::optional<std::string> listen,
                     std::optional<std::filesystem::path> data_dir) {
    // Both are checked before either is applied, so a failure leaves `config` as it was.
    if (listen) {
        if (auto problem = listen_address_problem(*listen)) {
            throw InvalidInput(fmt::format("--listen \"{}\": {}", *listen, *problem));
        }
    }
    if (data_dir && data_dir->empty()) {
        throw InvalidInput("--data-dir must not be empty; give a directory such as var/demo");
    }
    if (listen) config.server.listen = std::move(*listen);
    if (data_dir) config.server.data_dir = std::move(*data_dir);
}

CameraCredentials read_camera_credentials(const std::filesystem::path& file) {
    constexpr std::uintmax_t kMaxCredentialsBytes = 4096;
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) {
        throw Error(fmt::format("cannot read the camera's credentials_file {}: {}", file.string(),
                                ec.message()));
    }
    if (size > kMaxCredentialsBytes) {
        throw Error(
            fmt::format("the camera's credentials_file {} is larger than {} bytes; it "
                        "holds one line, \"user:password\"",
                        file.string(), kMaxCredentialsBytes));
    }
    std::ifstream in(file, std::ios::binary);
    std::string line;
    if (!in || !std::getline(in, line)) {
        throw Error(fmt::format("cannot read the camera's credentials_file {}: {}", file.string(),
                                std::strerror(errno)));
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos || colon == 0) {
        throw Error(
            fmt::format("the camera's credentials_file {} must hold \"user:password\" on "
                        "its first line",
                        file.string()));
    }
    return {line.substr(0, colon), line.substr(colon + 1)};
}

void apply_credentials(Config& config, const char* credentials_dir) {
    if (auto key = passed_credential(credentials_dir, kTlsKeyCredential);
        key && !config.tls.certificate.empty()) {
        config.tls.private_key = *key;
    }
    if (auto password = passed_credential(credentials_dir, kSmtpPasswordCredential)) {
        config.mail.password_file = *password;
    }
}

Config demo_config() {
    LoadResult result = parse_config(demo_config_text(), "config/demo.toml (built in)");
    if (!result.config) {
        for (const auto& error : result.errors) {
            std::fprintf(stderr, "%s\n", error.to_string().c_str());
        }
        std::fprintf(stderr,
                     "councilcast: the built-in demo configuration is invalid; fix "
                     "config/demo.toml and rebuild\n");
        std::abort();
    }
    return std::move(*result.config);
}

}  // namespace councilcast::config
