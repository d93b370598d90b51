// The routes every module contributed, and which one a request's target and method name.
#pragma once

#include <boost/beast/http/verb.hpp>

#include <string>
#include <unordered_map>
#include <vector>

#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/pages/target.hpp"

namespace councilcast::portal {

class RouteTable {
  public:
    // A method and pattern already in the table is a programmer error (the process stops), as
    // is a route with neither or both of handler and answer. Before serving only.
    void add(PageRoute route);

    struct Match {
        const PageRoute* route = nullptr;
        PageCall::PathValues values;
    };
    // The route for `method` (GET for HEAD) at `target`, or none: the pattern with the most
    // literal segments among those that match. `allowed` gets the methods the path takes
    // ("GET, HEAD, POST"), for a 405.
    Match match(const Target& target, boost::beast::http::verb method,
                std::string* allowed = nullptr) const;

    // Whether an address is for programs (API, media, assets): its first segment is that of a
    // route with Addresses::kProgram.
    bool for_programs(const Target& target) const;
    // The same for a path's first segment as written, for a target that did not parse.
    bool program_prefix(std::string_view first_segment) const;

  private:
    struct Entry {
        PageRoute route;
        std::vector<std::string_view> pattern;  // the pattern's segments
    };
    std::vector<Entry> entries_;
    // Entries by their pattern's first segment ("" for the home page, "{" for a parameter).
    std::unordered_map<std::string, std::vector<std::size_t>> by_first_;
    std::vector<std::string> program_prefixes_;
};

}  // namespace councilcast::portal
