// XML documents written through libxml2's xmlTextWriter (feeds, the sitemap): every text and
// attribute value escaped by the library, and cleaned of what XML 1.0 cannot carry.
#pragma once

#include <libxml/xmlwriter.h>

#include <string>
#include <string_view>

#include "common/c_ptr.hpp"

namespace councilcast::portal {

// Text as XML 1.0 and iCalendar accept it: valid UTF-8, no control characters but tab and line
// feed, no U+FFFE/U+FFFF. Editors paste from word processors; one stray character must not
// make a feed reader reject the whole feed.
std::string printable(std::string_view text);

// Writes one XML document, indented, UTF-8. Throws councilcast::Error if libxml2 fails.
class XmlWriter {
  public:
    XmlWriter();

    void start(const char* name, const char* name_space = nullptr);
    void attribute(const char* name, std::string_view value);
    void text(std::string_view value);
    void end();
    void element(const char* name, std::string_view value);
    // Ends the document and returns it.
    std::string finish();

  private:
    static void check(int rc);

    CPtr<&xmlBufferFree> buffer_;  // first: the writer writes into it until freed
    CPtr<&xmlFreeTextWriter> writer_;
};

}  // namespace councilcast::portal
