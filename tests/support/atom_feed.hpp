// An Atom document parsed strictly (no recovery, no network) and queried with XPath (namespace
// prefixes "a" for Atom, "h" for XHTML): what the feed tests read a feed with.
#pragma once

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "common/c_ptr.hpp"

namespace councilcast::testing {

class AtomFeed {
  public:
    explicit AtomFeed(const std::string& text)
        : doc_(xmlReadMemory(text.data(), static_cast<int>(text.size()), "feed.atom", nullptr,
                             XML_PARSE_NONET)) {
        REQUIRE_MESSAGE(doc_ != nullptr, "not well-formed XML:\n" << text);
        context_.reset(xmlXPathNewContext(doc_.get()));
        xmlXPathRegisterNs(context_.get(), BAD_CAST "a", BAD_CAST "http://www.w3.org/2005/Atom");
        xmlXPathRegisterNs(context_.get(), BAD_CAST "h", BAD_CAST "http://www.w3.org/1999/xhtml");
    }

    std::vector<std::string> all(const std::string& xpath) const {
        CPtr<&xmlXPathFreeObject> result(
            xmlXPathEvalExpression(BAD_CAST xpath.c_str(), context_.get()));
        REQUIRE(result != nullptr);
        std::vector<std::string> values;
        if (!result->nodesetval) return values;
        for (int i = 0; i < result->nodesetval->nodeNr; ++i) {
            xmlChar* content = xmlNodeGetContent(result->nodesetval->nodeTab[i]);
            values.emplace_back(reinterpret_cast<const char*>(content));
            xmlFree(content);
        }
        return values;
    }

    std::string one(const std::string& xpath) const {
        const auto values = all(xpath);
        REQUIRE_MESSAGE(values.size() == 1, xpath);
        return values.front();
    }

  private:
    CPtr<&xmlFreeDoc> doc_;
    CPtr<&xmlXPathFreeContext> context_;
};

}  // namespace councilcast::testing
