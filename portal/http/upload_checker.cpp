#include "portal/http/upload_checker.hpp"

#include <glib.h>
#include <magic.h>

#include <fmt/core.h>

#include <algorithm>
#include <array>

#include "common/error.hpp"
#include "common/gst_ptr.hpp"

namespace councilcast::portal {
namespace {

// Every type we take is known by its first bytes; libmagic never needs more than this to tell
// them from anything else, and a 20 MiB upload is not read through under the lock.
constexpr std::size_t kSniffBytes = 64 * 1024;
constexpr std::size_t kMaxExtensionChars = 10;

struct AllowedType {
    std::string_view content_type;
    std::string_view extension;                  // the one a stored name gets
    std::array<std::string_view, 2> extensions;  // names already ending so are left alone
};

constexpr AllowedType kPdf{"application/pdf", ".pdf", {".pdf", ".pdf"}};
constexpr AllowedType kJpeg{"image/jpeg", ".jpg", {".jpg", ".jpeg"}};
constexpr AllowedType kPng{"image/png", ".png", {".png", ".png"}};

struct KindRules {
    std::vector<AllowedType> types;
    std::string_view fallback_stem;  // when the browser's name leaves nothing
    std::string_view refusal;        // the catalogue text naming the allowed types
};

const KindRules& rules_for(UploadKind kind) {
    static const KindRules kDocument{{kPdf}, "dokumentas", "upload_only_pdf"};
    static const KindRules kPhoto{{kJpeg, kPng}, "nuotrauka", "upload_only_photo"};
    return kind == UploadKind::kDocument ? kDocument : kPhoto;
}

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           g_ascii_strncasecmp(text.data() + text.size() - suffix.size(), suffix.data(),
                               suffix.size()) == 0;
}

bool reserved(gunichar c) {
    return c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' ||
           c == '>' || c == '|';
}

// Characters that must not reach a name: controls (CR, LF, NUL), format characters (right-to-left
// overrides that make "fdp.exe" read as "exe.pdf", zero-width spaces) and line separators.
bool invisible(gunichar c) {
    switch (g_unichar_type(c)) {
        case G_UNICODE_CONTROL:
        case G_UNICODE_FORMAT:
        case G_UNICODE_LINE_SEPARATOR:
        case G_UNICODE_PARAGRAPH_SEPARATOR:
        case G_UNICODE_UNASSIGNED:
        case G_UNICODE_SURROGATE:
        case G_UNICODE_PRIVATE_USE:
            return true;
        default:
            return false;
    }
}

std::vector<gunichar> code_points(const std::string& text) {
    std::vector<gunichar> points;
    for (const char* p = text.c_str(); *p != '\0'; p = g_utf8_next_char(p)) {
        points.push_back(g_utf8_get_char(p));
    }
    return points;
}

std::string to_utf8(const std::vector<gunichar>& points) {
    std::string text;
    for (gunichar c : points) {
        char bytes[6];
        text.append(bytes, static_cast<std::size_t>(g_unichar_to_utf8(c, bytes)));
    }
    return text;
}

void trim(std::vector<gunichar>& points) {
    auto edge = [](gunichar c) { return c == '.' || c == ' '; };
    while (!points.empty() && edge(points.back())) points.pop_back();
    auto first = std::find_if_not(points.begin(), points.end(), edge);
    points.erase(points.begin(), first);
}

}  // namespace

UploadChecker::UploadChecker() : magic_(magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR)) {
    if (magic_ == nullptr) throw Error("libmagic: cannot start");
    if (magic_load(magic_, nullptr) != 0) {
        const std::string reason = magic_error(magic_) ? magic_error(magic_) : "unknown";
        magic_close(magic_);
        throw Error(
            fmt::format("libmagic: cannot load its database (Debian: libmagic-mgc): {}", reason));
    }
}

UploadChecker::~UploadChecker() {
    magic_close(magic_);
}

std::string UploadChecker::content_type(std::string_view bytes) const {
    std::lock_guard lock(mutex_);
    const char* type = magic_buffer(magic_, bytes.data(), std::min(bytes.size(), kSniffBytes));
    if (type == nullptr) {
        throw Error(fmt::format("libmagic: {}", magic_error(magic_) ? magic_error(magic_) : "?"));
    }
    return type;
}

CheckedUpload UploadChecker::check(const UploadedFile& file, UploadKind kind) const {
    const KindRules& rules = rules_for(kind);
    if (file.bytes.empty()) {
        throw InvalidInput::text("upload_empty");
    }
    const std::string type = content_type(file.bytes);
    auto allowed = std::find_if(rules.types.begin(), rules.types.end(),
                                [&](const AllowedType& t) { return t.content_type == type; });
    if (allowed == rules.types.end())
        throw InvalidInput::text(std::string(rules.refusal), {{"type", type}});

    std::string name = safe_file_name(file.file_name);
    if (name.empty()) name = rules.fallback_stem;
    const bool named_right = std::any_of(
        allowed->extensions.begin(), allowed->extensions.end(),
        [&](std::string_view extension) { return ends_with_ignoring_case(name, extension); });
    // The name a download is saved under decides how the visitor's computer opens it: it must
    // say what the bytes are, so "sprendimas.exe" holding a PDF is offered as "...exe.pdf".
    if (!named_right) {
        std::vector<gunichar> points = code_points(name);
        if (points.size() + allowed->extension.size() > kMaxFileNameChars) {
            points.resize(kMaxFileNameChars - allowed->extension.size());
            trim(points);
        }
        name = to_utf8(points) + std::string(allowed->extension);
    }
    return {type, name};
}

std::string safe_file_name(std::string_view name) {
    const auto slash = name.find_last_of("/\\");
    if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
    // Bytes that are not UTF-8 become U+FFFD, and then "_" below: the rest of the name stays.
    GCharPtr valid(g_utf8_make_valid(name.data(), static_cast<gssize>(name.size())));
    GCharPtr composed(g_utf8_normalize(valid.get(), -1, G_NORMALIZE_NFC));
    std::vector<gunichar> kept;
    for (gunichar c : code_points(composed.get())) {
        // Tabs and other spaces first: they are controls too, but a person meant a gap.
        if (c != '\r' && c != '\n' &&
            (g_unichar_isspace(c) || g_unichar_type(c) == G_UNICODE_SPACE_SEPARATOR)) {
            if (!kept.empty() && kept.back() != ' ') kept.push_back(' ');
            continue;
        }
        if (invisible(c)) continue;
        kept.push_back(reserved(c) || c == 0xFFFD ? '_' : c);
    }
    trim(kept);
    if (kept.size() > kMaxFileNameChars) {
        // Keep a short extension ("pdf") and cut the stem before it.
        const auto dot = std::find(kept.rbegin(), kept.rend(), static_cast<gunichar>('.'));
        const std::size_t extension =
            dot == kept.rend() ? 0 : static_cast<std::size_t>(dot - kept.rbegin()) + 1;
        std::vector<gunichar> tail;
        if (extension > 1 && extension <= kMaxExtensionChars + 1) {
            tail.assign(kept.end() - static_cast<std::ptrdiff_t>(extension), kept.end());
        }
        kept.resize(kMaxFileNameChars - tail.size());
        trim(kept);
        kept.insert(kept.end(), tail.begin(), tail.end());
    }
    return to_utf8(kept);
}

}  // namespace councilcast::portal
