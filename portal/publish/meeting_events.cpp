#include "portal/publish/meeting_events.hpp"

#include <fmt/core.h>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include <string_view>
#include <vector>

#include "portal/http/responses.hpp"
#include "portal/publish/api_problem.hpp"
#include "portal/publish/open_data.hpp"

namespace councilcast::portal {
namespace http = boost::beast::http;
namespace {

constexpr std::string_view kEventName = "meeting";
// Ids of real meetings are far shorter; a longer one is not looked up.
constexpr std::size_t kMaxIdDigits = 18;

std::optional<std::int64_t> meeting_id_of(std::string_view target) {
    auto url = boost::urls::parse_origin_form(target);
    if (!url) return std::nullopt;
    std::vector<std::string> segments(url->segments().begin(), url->segments().end());
    if (segments.size() != 5 || segments[0] != "api" || segments[1] != "v1" ||
        segments[2] != "meetings" || segments[4] != "events") {
        return std::nullopt;
    }
    const std::string& id = segments[3];
    if (id.empty() || id.size() > kMaxIdDigits ||
        id.find_first_not_of("0123456789") != std::string::npos) {
        return -1;  // under this path, but no meeting can have it
    }
    return std::stoll(id);
}

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

std::optional<Reply> MeetingEvents::answer(const Request& request) {
    const auto meeting_id = meeting_id_of(request.target());
    if (!meeting_id) return std::nullopt;
    auto error = [&](http::status status, std::string key) {
        return api_problem(request, status, messages_, InvalidInput::text(std::move(key)));
    };
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
        auto res = error(http::status::method_not_allowed, "open_data_read_only");
        res.set(http::field::allow, "GET, HEAD");
        return res;
    }
    const auto council = council_.snapshot();
    if (!council->meeting(*meeting_id)) {
        return error(http::status::not_found, "council_no_meeting");
    }
    std::shared_ptr<EventSubscriber> subscriber;
    {
        std::lock_guard lock(mutex_);
        auto& watched = watched_[*meeting_id];
        if (!watched) {
            watched = std::make_unique<Watched>();
            // Read again under the lock: publish() may have run since `council` was taken.
            watched->record = meeting_json(*council_.snapshot(), *meeting_id).value_or("");
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
