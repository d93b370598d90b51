// The petitions as HTML: the list, a petition's page and its widget for other sites, each a pure
// function of a snapshot and what the visitor asked, rendered through the site's templates.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/petitions/petition_listing.hpp"
#include "portal/petitions/petition_record.hpp"

namespace councilcast::portal {

// What every petition view needs besides the snapshot.
struct PetitionViewContext {
    const PageRenderer& renderer;
    const Localization& localization;
    Language language = Language::kLt;
    // The site's address without the trailing slash, for canonical links, the share link and
    // the widget's code; empty when unknown (then paths stand alone).
    std::string base_url;
    std::string municipality_name;  // in `language`
    const config::Petitions& settings;
    // PetitionStore::elderships(): the council record's, then outside (name empty) where
    // allowed.
    std::vector<PetitionEldership> elderships;
};

// /petitions: the query's tab, order, words and page.
std::string render_petition_list(const PetitionViewContext& view, const PetitionsSnapshot& snapshot,
                                 const PetitionListQuery& query, PageFrame frame);

// /petitions/<id> for a petition with has_public_page(): a hidden one says so and why, and
// nothing else.
std::string render_petition_page(const PetitionViewContext& view, const PetitionsSnapshot& snapshot,
                                 const Petition& petition, PageFrame frame);

// /embed/petition/<id>, framed by embed_layout.tpl, for a publicly_visible() petition.
std::string render_petition_embed(const PetitionViewContext& view, const Petition& petition,
                                  PageFrame frame);

// The petition's paragraphs: its plain text split at blank lines, each paragraph's lines
// joined by a space, empty ones dropped.
std::vector<std::string> petition_paragraphs(std::string_view text);

}  // namespace councilcast::portal
