#include "portal/http/multipart_form.hpp"

#include <gmime/gmime.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <utility>

#include <boost/algorithm/string/replace.hpp>

#include "common/c_ptr.hpp"
#include "common/error.hpp"
#include "common/gst_ptr.hpp"

namespace councilcast::portal {
namespace {

using ParserOptionsPtr = CPtr<&g_mime_parser_options_free>;

// What GMime noticed while parsing. GMime repairs what it can and carries on, which suits mail;
// a form with a missing end was cut off in transit, and half a file must not be stored.
struct ParseProblems {
    bool fatal = false;
};

// A C callback: nothing may be thrown through GMime's frames.
void note_problem(gint64, GMimeParserWarning warning, const gchar*, gpointer data) noexcept {
    auto* problems = static_cast<ParseProblems*>(data);
    switch (warning) {
        case GMIME_WARN_MALFORMED_MULTIPART:
        case GMIME_WARN_TRUNCATED_MESSAGE:
        case GMIME_WARN_MALFORMED_MESSAGE:
        case GMIME_WARN_PART_WITHOUT_CONTENT:
            problems->fatal = true;
            break;
        default:
            // Every GMIME_CRIT_* means GMime may have skipped some of the input.
            problems->fatal = problems->fatal || warning >= GMIME_CRIT_INVALID_HEADER_NAME;
    }
}

// The bytes of a part, with any Content-Transfer-Encoding undone (browsers send none).
std::string content_of(GMimePart* part) {
    GMimeDataWrapper* content = g_mime_part_get_content(part);
    if (content == nullptr) return {};
    auto sink = GPtr<GMimeStream>::adopt(g_mime_stream_mem_new());
    if (g_mime_data_wrapper_write_to_stream(content, sink.get()) < 0) {
        throw InvalidInput::text("form_damaged");
    }
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(sink.get()));
    return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

// The HTML standard has browsers write '"', CR and LF in a file name as %22, %0D and %0A
// (the quoted header parameter cannot hold them); the name as the person sees it has them back.
std::string browser_unescaped(std::string name) {
    boost::algorithm::replace_all(name, "%22", "\"");
    boost::algorithm::replace_all(name, "%0D", "\r");
    boost::algorithm::replace_all(name, "%0A", "\n");
    return name;
}

}  // namespace

bool MultipartForm::is_multipart(std::string_view content_type) {
    constexpr std::string_view kType = "multipart/form-data";
    if (content_type.size() < kType.size()) return false;
    return std::equal(kType.begin(), kType.end(), content_type.begin(), [](char a, char b) {
        return a == std::tolower(static_cast<unsigned char>(b));
    });
}

MultipartForm MultipartForm::parse(std::string_view content_type, std::string_view body,
                                   const FormData::Limits& limits) {
    const bool one_line = std::none_of(content_type.begin(), content_type.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    });
    ParserOptionsPtr options(g_mime_parser_options_new());
    const std::string header(content_type);
    auto type = GPtr<GMimeContentType>::adopt(
        one_line ? g_mime_content_type_parse(options.get(), header.c_str()) : nullptr);
    const char* boundary =
        type ? g_mime_content_type_get_parameter(type.get(), "boundary") : nullptr;
    if (!type || !g_mime_content_type_is_type(type.get(), "multipart", "form-data") ||
        boundary == nullptr || *boundary == '\0') {
        throw InvalidInput::text("form_no_boundary");
    }

    // GMime parses a MIME entity, headers first: the request's Content-Type becomes the
    // entity's one header. The stream takes over the array.
    const std::string entity_header = "Content-Type: " + header + "\r\n\r\n";
    GByteArray* entity =
        g_byte_array_sized_new(static_cast<guint>(entity_header.size() + body.size()));
    g_byte_array_append(entity, reinterpret_cast<const guint8*>(entity_header.data()),
                        static_cast<guint>(entity_header.size()));
    g_byte_array_append(entity, reinterpret_cast<const guint8*>(body.data()),
                        static_cast<guint>(body.size()));
    auto stream = GPtr<GMimeStream>::adopt(g_mime_stream_mem_new_with_byte_array(entity));
    auto parser = GPtr<GMimeParser>::adopt(g_mime_parser_new_with_stream(stream.get()));
    ParseProblems problems;
    g_mime_parser_options_set_warning_callback(options.get(), note_problem, &problems);
    auto parsed =
        GPtr<GMimeObject>::adopt(g_mime_parser_construct_part(parser.get(), options.get()));
    if (!parsed || problems.fatal || !GMIME_IS_MULTIPART(parsed.get())) {
        throw InvalidInput::text("form_damaged");
    }

    auto* multipart = GMIME_MULTIPART(parsed.get());
    const int count = g_mime_multipart_get_count(multipart);
    if (count < 0 || static_cast<std::size_t>(count) > limits.max_fields + kMaxFiles) {
        throw InvalidInput::text("form_too_many_fields");
    }
    MultipartForm form;
    std::vector<std::pair<std::string, std::string>> fields;
    for (int i = 0; i < count; ++i) {
        GMimeObject* part = g_mime_multipart_get_part(multipart, i);
        GMimeContentDisposition* disposition =
            GMIME_IS_PART(part) ? g_mime_object_get_content_disposition(part) : nullptr;
        const char* kind =
            disposition ? g_mime_content_disposition_get_disposition(disposition) : nullptr;
        const char* name =
            disposition ? g_mime_content_disposition_get_parameter(disposition, "name") : nullptr;
        if (kind == nullptr || name == nullptr || g_ascii_strcasecmp(kind, "form-data") != 0) {
            throw InvalidInput::text("form_damaged");
        }
        const char* file_name = g_mime_content_disposition_get_parameter(disposition, "filename");
        std::string content = content_of(GMIME_PART(part));
        if (file_name == nullptr) {
            fields.emplace_back(name, std::move(content));
            continue;
        }
        if (form.files_.size() == kMaxFiles) {
            throw InvalidInput::text("form_too_many_files");
        }
        form.files_.push_back({name, browser_unescaped(file_name), std::move(content)});
    }
    form.fields_ = FormData::from_fields(std::move(fields), limits);
    return form;
}

const UploadedFile* MultipartForm::file(std::string_view field) const {
    for (const auto& file : files_) {
        if (file.field == field && !(file.file_name.empty() && file.bytes.empty())) return &file;
    }
    return nullptr;
}

}  // namespace councilcast::portal
