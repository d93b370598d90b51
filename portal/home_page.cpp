#include "portal/home_page.hpp"

namespace councilcast::portal {

std::string render_home_page(const PageRenderer& renderer, Language language, const HomePage& page,
                             PageFrame frame) {
    frame.title = page.municipality_name + " – " + renderer.message(language, "site_name");
    frame.municipality_name = page.municipality_name;
    frame.alternate_path = std::string(home_path(other_language(language)));
    // hls.js first: player.js looks for the Hls global when it runs.
    frame.scripts = {"/assets/vendor/hls.min.js", "/assets/js/player.js"};

    return renderer.render("home.tpl", language, frame, [&](ctemplate::TemplateDictionary& body) {
        if (page.channels.empty()) body.ShowSection("NO_CHANNELS");
        for (const auto& channel : page.channels) {
            ctemplate::TemplateDictionary* section = body.AddSectionDictionary("CHANNEL");
            section->SetValue("id", channel.id);
            section->SetValue("title", channel.title);
            section->SetValue("master_playlist", channel.master_playlist);
            section->ShowSection(channel.live ? "LIVE" : "OFFLINE");
        }
    });
}

}  // namespace councilcast::portal
