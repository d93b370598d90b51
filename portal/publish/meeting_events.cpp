#include "portal/publish/meeting_events.hpp"

#include <fmt/core.h>
#include <boost/beast/http.hpp>

#include <string_view>
#include <vector>

#include "portal/http/responses.hpp"
#include "portal/publish/api_problem.hpp"
#include "portal/publish/open_data.hpp"

namespace councilcast::portal {
namespace http = boost::beast::http;
namespace {

constexpr std::string_view kEventName = "meeting";

}  // namespace

MeetingEvents::MeetingEvents(CouncilStore& council, const PageRenderer& messages)
    : council_(council), messages_(messages) {}

void MeetingEvents::publish(const CouncilSnapshot& snapshot) {
    const std::string id = fmt::format("{}-{}", snapshot.published_unix, snapshot.version);
    std::lock_guard lock(mutex_);
    for (auto& [meeting_id, watched] : watched_) {
        auto record = meeting_json(snapshot, meeting_id);
        if (!record || *record == watched->record) continue;
        watched->record = std::move(*record);
        watched->topic.publish({id, std::string(kEventName), watched->record});
    }
}

void MeetingEvents::publish_event(std::int64_t meeting_id, std::string id, std::string name,
                                  std::string data) {
    std::lock_guard lock(mutex_);
    auto found = watched_.find(meeting_id);
    if (found == watched_.end()) return;
    found->second->topic.publish({std::move(id), std::move(name), std::move(data)});
}

ModuleEntries MeetingEvents::entries() {
    ModuleEntries entries;
    entries.routes.push_back(open_route(
        "/api/v1/meetings/{id}/events",
        [this](PageCall& call) { return stream(call.request(), call.id("id")); },
        Addresses::kProgram));
    return entries;
}

Reply MeetingEvents::stream(const Request& request, std::int64_t meeting_id) {
    auto error = [&](http::status status, std::string key) {
        return api_problem(request, status, messages_, InvalidInput::text(std::move(key)));
    };
    const auto council = council_.snapshot();
    if (!council->meeting(meeting_id)) {
        return error(http::status::not_found, "council_no_meeting");
    }
    std::shared_ptr<EventSubscriber> subscriber;
    {
        std::lock_guard lock(mutex_);
        auto& watched = watched_[meeting_id];
        if (!watched) {
            watched = std::make_unique<Watched>();
            // Read again under the lock: publish() may have run since `council` was taken.
            watched->record = meeting_json(*council_.snapshot(), meeting_id).value_or("");
        }
        // Under the lock: no event can fall between the record read and the subscription.
        subscriber = watched->topic.subscribe(last_event_id(request));
    }
    Reply reply = event_stream_reply(request, std::move(subscriber));
    // Like the rest of the open data: any page may follow a meeting (no credentials).
    reply.header().set(http::field::access_control_allow_origin, "*");
    return reply;
}

}  // namespace councilcast::portal
