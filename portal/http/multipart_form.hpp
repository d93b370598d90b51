// A form sent as multipart/form-data (the forms that carry a file): its text fields, checked as
// any form's are, and its files, as the browser sent them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "portal/http/form_data.hpp"

namespace councilcast::portal {

struct UploadedFile {
    std::string field;      // the form field's name
    std::string file_name;  // as the browser named it: untrusted, may hold path parts
    std::string bytes;
};

class MultipartForm {
  public:
    // More file parts than any of our forms has (a problem report's five photos) are not a
    // browser filling one in.
    static constexpr std::size_t kMaxFiles = 5;

    // True for a Content-Type of multipart/form-data, whatever its parameters.
    static bool is_multipart(std::string_view content_type);

    // `content_type` is the request's header, `body` the whole body. Parsed with GMime rather
    // than by hand: a MIME parser has many edges (boundaries inside data, folded headers,
    // RFC 2231 parameters) that GMime has met for twenty years. Throws InvalidInput (bilingual)
    // unless the body is one whole multipart/form-data with the boundary the header names
    // (a missing boundary, a truncated body, nested multiparts, a part with no field name),
    // and for text fields FormData::from_fields refuses under `limits`.
    static MultipartForm parse(std::string_view content_type, std::string_view body,
                               const FormData::Limits& limits);

    const FormData& fields() const { return fields_; }
    // The file chosen for `field`, or nothing when none was: a browser sends a file input left
    // empty as a part with an empty file name and no bytes. A file of 0 bytes with a name is a
    // file (which the upload checks then refuse).
    const UploadedFile* file(std::string_view field) const;

  private:
    FormData fields_;
    std::vector<UploadedFile> files_;
};

}  // namespace councilcast::portal
