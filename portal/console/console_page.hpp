// The operator's console (/console): per channel the programme's and each camera's preview, each
// camera's state, cut, the interpreter's corner, the slate, mute, the sound's level with a
// silence warning, a simulated camera loss, and starting and stopping the broadcast and the
// recording of the meeting live on the channel.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>

#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/console/hall_desk.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

// Every action is a POST form that works without script (303 back to the console with what came
// of it; 422 for a camera or choice the channel does not have); console.js refreshes the
// previews, and the states when /console/events says a channel changed (and every few seconds).
class ConsolePage {
  public:
    // Non-owning: the portal keeps them alive while the server runs.
    ConsolePage(HallDesk& desk, const PageRenderer& renderer, const Localization& localization);

    ModuleEntries entries();

  private:
    using Response = PageCall::Response;

    boost::asio::awaitable<Response> show(PageCall& call);
    boost::asio::awaitable<Response> command(PageCall& call);
    boost::asio::awaitable<Response> broadcast(PageCall& call);
    boost::asio::awaitable<Response> recording(PageCall& call);
    boost::asio::awaitable<Response> preview(PageCall& call);

    Response page(
        PageCall& call, const std::string& error,
        boost::beast::http::status status = boost::beast::http::status::unprocessable_entity) const;
    const HallChannel& channel_of(PageCall& call) const;
    // A switch's form (the broadcast's, the recording's): its channel and on/off, or the page
    // that refuses it.
    struct SwitchForm {
        const HallChannel* channel = nullptr;
        bool on = false;
        std::optional<Response> refused;
    };
    SwitchForm switch_form(PageCall& call) const;
    Response back(PageCall& call, const HallChannel& channel, std::string_view outcome) const;

    HallDesk& desk_;
    const PageRenderer& renderer_;
    const Localization& localization_;
};

}  // namespace councilcast::portal
