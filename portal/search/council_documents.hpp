// The council's record as search documents: meetings, agenda items and decisions.
#pragma once

#include <vector>

#include "portal/council/council_snapshot.hpp"
#include "portal/search/search_document.hpp"

namespace councilcast::portal {

// Every meeting (title, place), agenda item (title, rapporteur, description) and decision
// (number and item, text) of `council`, Markdown made plain. An agenda item gets the moment
// `sources.agenda_moment` knows for it.
std::vector<SearchDocument> council_documents(const CouncilSnapshot& council,
                                              const SearchSources& sources);

}  // namespace councilcast::portal
