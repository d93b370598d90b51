// What an uploaded file really is, judged from its bytes with libmagic, and the name it may be
// stored and offered for download under.
#pragma once

#include <mutex>
#include <string>
#include <string_view>

#include "portal/http/multipart_form.hpp"

struct magic_set;

namespace councilcast::portal {

enum class UploadKind {
    kDocument,  // an agenda item's attachment: PDF only
    kPhoto,     // a council member's photo: JPEG or PNG
};

struct CheckedUpload {
    std::string content_type;  // from the bytes: "application/pdf", "image/jpeg", "image/png"
    // safe_file_name() of the browser's name, ending in the extension of content_type; a
    // made-up name when nothing of the browser's is left.
    std::string file_name;
};

// The longest name safe_file_name() leaves, in characters.
inline constexpr std::size_t kMaxFileNameChars = 100;

// Thread-safe. libmagic's database is loaded once, at construction; its handle (magic_t) is not
// thread-safe, so checks take turns behind a mutex. They are quick (libmagic reads only the start
// of the file, and uploads are rare), so the turns cost nothing worth a pool of handles.
class UploadChecker {
  public:
    // Throws councilcast::Error when libmagic or its database cannot be loaded.
    UploadChecker();
    ~UploadChecker();
    UploadChecker(const UploadChecker&) = delete;
    UploadChecker& operator=(const UploadChecker&) = delete;

    // The MIME type libmagic finds in the bytes ("application/pdf", "text/html", ...), never
    // the browser's claim or the file name's.
    std::string content_type(std::string_view bytes) const;

    // Throws InvalidInput with a message naming the types `kind` allows, in both languages,
    // unless the file is one of them; an empty file is refused as well.
    CheckedUpload check(const UploadedFile& file, UploadKind kind) const;

  private:
    mutable std::mutex mutex_;
    magic_set* magic_;  // owned; closed by the destructor
};

// A file name safe to store and to offer in Content-Disposition: only the part after the last
// / or \, in Unicode NFC, without control, format (bidirectional overrides, zero-width) or
// separator characters, with / \ : * ? " < > | made "_", runs of white space made one space, no
// dots or spaces at either end, at most kMaxFileNameChars characters (the extension kept).
// Letters of any language stay as they are. Empty when nothing is left.
std::string safe_file_name(std::string_view name);

}  // namespace councilcast::portal
