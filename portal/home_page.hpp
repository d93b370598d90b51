// The home page: the municipality's council broadcasts, one player and live badge per channel.
#pragma once

#include <string>
#include <vector>

#include "portal/page_renderer.hpp"

namespace councilcast::portal {

// Everything the home page shows, already in the page's language.
struct HomePage {
    std::string municipality_name;
    struct Channel {
        std::string id;               // stable, URL-safe: "hall"
        std::string title;            // "Tarybos posėdžių salė"
        std::string master_playlist;  // "/live/hall/master.m3u8"
        bool live = false;            // a broadcast is running now
    };
    std::vector<Channel> channels;
};

// The page served at "/" (Lithuanian) and "/en/" (English).
// `frame` carries the visitor's account links; the title, name and scripts are set here.
std::string render_home_page(const PageRenderer& renderer, Language language, const HomePage& page,
                             PageFrame frame = {});

}  // namespace councilcast::portal
