#include "portal/pages/xml_writer.hpp"

#include <glib.h>

#include "common/c_ptr.hpp"
#include "common/error.hpp"

namespace councilcast::portal {

std::string printable(std::string_view text) {
    CPtr<&g_free, gchar> valid(g_utf8_make_valid(text.data(), static_cast<gssize>(text.size())));
    const std::string_view checked(valid.get());
    std::string out;
    out.reserve(checked.size());
    for (std::size_t i = 0; i < checked.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(checked[i]);
        if (c == '\r') {
            if (i + 1 >= checked.size() || checked[i + 1] != '\n') out += '\n';
            continue;
        }
        if (c < 0x20 && c != '\t' && c != '\n') continue;
        if (c == 0xEF && checked.substr(i + 1, 1) == "\xBF" && i + 2 < checked.size() &&
            (checked[i + 2] == '\xBE' || checked[i + 2] == '\xBF')) {
            i += 2;
            continue;
        }
        out += checked[i];
    }
    return out;
}

XmlWriter::XmlWriter() : buffer_(xmlBufferCreate()) {
    if (!buffer_) throw Error("libxml2: out of memory");
    writer_.reset(xmlNewTextWriterMemory(buffer_.get(), 0));
    if (!writer_) throw Error("libxml2: cannot create a writer");
    check(xmlTextWriterSetIndent(writer_.get(), 1));
    check(xmlTextWriterSetIndentString(writer_.get(), BAD_CAST "  "));
    check(xmlTextWriterStartDocument(writer_.get(), "1.0", "UTF-8", nullptr));
}

void XmlWriter::start(const char* name, const char* name_space) {
    check(xmlTextWriterStartElementNS(writer_.get(), nullptr, BAD_CAST name, BAD_CAST name_space));
}

void XmlWriter::attribute(const char* name, std::string_view value) {
    check(xmlTextWriterWriteAttribute(writer_.get(), BAD_CAST name,
                                      BAD_CAST printable(value).c_str()));
}

void XmlWriter::text(std::string_view value) {
    check(xmlTextWriterWriteString(writer_.get(), BAD_CAST printable(value).c_str()));
}

void XmlWriter::end() {
    check(xmlTextWriterEndElement(writer_.get()));
}

void XmlWriter::element(const char* name, std::string_view value) {
    start(name);
    text(value);
    end();
}

std::string XmlWriter::finish() {
    check(xmlTextWriterEndDocument(writer_.get()));
    check(xmlTextWriterFlush(writer_.get()));
    return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer_.get())),
                       static_cast<std::size_t>(xmlBufferLength(buffer_.get())));
}

void XmlWriter::check(int rc) {
    if (rc < 0) throw Error("libxml2: cannot write the document");
}

}  // namespace councilcast::portal
