#include "portal/sitemap.hpp"

#include <libxml/xmlwriter.h>

#include <fmt/core.h>

#include <memory>
#include <vector>

#include "common/error.hpp"
#include "portal/council_views.hpp"

namespace councilcast::portal {
namespace {

struct BufferDeleter {
    void operator()(xmlBuffer* buffer) const { xmlBufferFree(buffer); }
};
struct WriterDeleter {
    void operator()(xmlTextWriter* writer) const { xmlFreeTextWriter(writer); }
};

const xmlChar* xml(const char* text) {
    return reinterpret_cast<const xmlChar*>(text);
}

// xmlTextWriter escapes text and attribute values itself: a hostile path cannot break the file.
class Writer {
  public:
    Writer() : buffer_(xmlBufferCreate()) {
        if (!buffer_) throw Error("sitemap: out of memory");
        writer_.reset(xmlNewTextWriterMemory(buffer_.get(), 0));
        if (!writer_) throw Error("sitemap: out of memory");
    }

    xmlTextWriter* get() { return writer_.get(); }

    void check(int rc) {
        if (rc < 0) throw Error("sitemap: cannot write XML");
    }

    std::string text() {
        writer_.reset();  // flushes
        return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer_.get())),
                           static_cast<std::size_t>(xmlBufferLength(buffer_.get())));
    }

  private:
    std::unique_ptr<xmlBuffer, BufferDeleter> buffer_;
    std::unique_ptr<xmlTextWriter, WriterDeleter> writer_;
};

void add_url(Writer& writer, const std::string& base_url, const std::string& path) {
    for (Language language : kLanguages) {
        writer.check(xmlTextWriterStartElement(writer.get(), xml("url")));
        writer.check(xmlTextWriterWriteElement(
            writer.get(), xml("loc"), xml((base_url + localised_path(language, path)).c_str())));
        for (Language alternate : kLanguages) {
            writer.check(xmlTextWriterStartElement(writer.get(), xml("xhtml:link")));
            writer.check(xmlTextWriterWriteAttribute(writer.get(), xml("rel"), xml("alternate")));
            writer.check(xmlTextWriterWriteAttribute(
                writer.get(), xml("hreflang"), xml(std::string(language_code(alternate)).c_str())));
            writer.check(xmlTextWriterWriteAttribute(
                writer.get(), xml("href"),
                xml((base_url + localised_path(alternate, path)).c_str())));
            writer.check(xmlTextWriterEndElement(writer.get()));
        }
        writer.check(xmlTextWriterEndElement(writer.get()));
    }
}

}  // namespace

std::string sitemap_xml(const CouncilSnapshot& council, const std::string& base_url) {
    Writer writer;
    writer.check(xmlTextWriterStartDocument(writer.get(), nullptr, "UTF-8", nullptr));
    writer.check(xmlTextWriterStartElement(writer.get(), xml("urlset")));
    writer.check(xmlTextWriterWriteAttribute(writer.get(), xml("xmlns"),
                                             xml("http://www.sitemaps.org/schemas/sitemap/0.9")));
    writer.check(xmlTextWriterWriteAttribute(writer.get(), xml("xmlns:xhtml"),
                                             xml("http://www.w3.org/1999/xhtml")));
    for (const char* path : {"/", "/meetings", "/council", "/decisions"}) {
        add_url(writer, base_url, path);
    }
    for (const auto& meeting : council.meetings) {
        add_url(writer, base_url, fmt::format("/meetings/{}", meeting.id));
    }
    for (const auto& member : council.members) {
        add_url(writer, base_url, fmt::format("/council/{}", member.id));
    }
    for (const auto& decision : council.decisions) {
        add_url(writer, base_url, fmt::format("/decisions/{}", decision.id));
    }
    writer.check(xmlTextWriterEndDocument(writer.get()));
    return writer.text();
}

std::string robots_txt(const std::string& base_url) {
    return fmt::format(
        "User-agent: *\n"
        "Disallow: /staff/\nDisallow: /en/staff/\n"
        "Disallow: /account\nDisallow: /en/account\n"
        "Disallow: /login\nDisallow: /en/login\n"
        "Disallow: /embed/\nDisallow: /en/embed/\n"
        "Sitemap: {}/sitemap.xml\n",
        base_url);
}

}  // namespace councilcast::portal
