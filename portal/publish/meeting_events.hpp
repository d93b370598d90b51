// A meeting's changes as they happen: Server-Sent Events at /api/v1/meetings/<id>/events.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/council/council_store.hpp"
#include "portal/http/event_stream.hpp"
#include "portal/http/http_server.hpp"
#include "portal/http/reply.hpp"
#include "portal/pages/page_renderer.hpp"

namespace councilcast::portal {

// One event topic per meeting someone has watched. The council's changes are "meeting" events
// whose data is the meeting's open-data record (what GET /api/v1/meetings/<id> answers), sent when
// that record changes (status, agenda, decisions); its id names the council snapshot, so a client
// that reconnects with Last-Event-ID gets what it missed, or a "reset" event when that is no
// longer kept (then it should fetch the record afresh). Thread-safe.
class MeetingEvents {
  public:
    // Non-owning references: the portal keeps each alive for the server's lifetime.
    MeetingEvents(CouncilStore& council, const PageRenderer& messages);

    // With every snapshot the council store publishes (the composition root wires this to the
    // store's listener): an event for each watched meeting whose record changed.
    void publish(const CouncilSnapshot& snapshot);

    // Another room's event about a meeting (the voting's "vote" and "agenda"), for whoever
    // watches it; nothing when nobody has yet (a new watcher fetches the state afresh). `id`
    // must differ from every other event id of the meeting's stream.
    void publish_event(std::int64_t meeting_id, std::string id, std::string name, std::string data);

    // The route of /api/v1/meetings/<id>/events (GET; HEAD gets its header), kept by the
    // router while the server runs, pointing into this object.
    ModuleEntries entries();

    // The stream of a meeting's events, or 404 for an unknown meeting.
    Reply stream(const Request& request, std::int64_t meeting_id);

  private:
    struct Watched {
        EventTopic topic;
        std::string record;  // the JSON last sent, or current when the first client came
    };

    CouncilStore& council_;
    const PageRenderer& messages_;
    std::mutex mutex_;
    // Only meetings in the record get a topic, so there are at most as many as meetings.
    std::map<std::int64_t, std::unique_ptr<Watched>> watched_;
};

}  // namespace councilcast::portal
