// A recording's pictures and downloads: /recordings/<id>/clip.mp4?from=&to=, meeting.mp4,
// thumbnail.jpg?t=, storyboard.jpg and storyboard.vtt, made by libav (archive/media_files)
// off the network threads.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "config/config.hpp"
#include "portal/accounts/page_call.hpp"
#include "portal/accounts/page_route.hpp"
#include "portal/http/byte_stream.hpp"
#include "portal/pages/localization.hpp"
#include "portal/pages/page_renderer.hpp"
#include "portal/recordings/bounded_cache.hpp"
#include "portal/recordings/recording_media.hpp"

namespace councilcast::portal {

// Clips and whole meetings stream as libavformat writes them (a fragmented MP4, chunked), at
// the pace the client reads; a client that leaves stops the work. Thumbnails (of the smallest
// rendition) are kept in memory by meeting and second, storyboards by recording while it is
// unchanged. Bad t, from or to are 400 problem details in the client's language (its
// Accept-Language, as for every program's address); an unknown meeting, one without a
// recording, or no source at all, 404. A redacted (hidden) range is in nothing made here: a
// clip or download leaves it out (it is that much shorter), a clip wholly inside one is refused
// (400, saying so), a thumbnail of a time inside one is 404, and the storyboard's tiles there
// show the last frame before it.
class RecordingMediaRoutes {
  public:
    // `visibility` (optional: without it every recording is published): asked first on every
    // request, so an unpublished recording is 404 to the public (an editor signed in may
    // preview it) and a redaction makes the pictures cached before it unused.
    RecordingMediaRoutes(const config::Recordings& settings, const PageRenderer& renderer,
                         const Localization& localization, RecordingMediaSource source,
                         RecordingVisibilitySource visibility = {});
    ~RecordingMediaRoutes();
    RecordingMediaRoutes(const RecordingMediaRoutes&) = delete;
    RecordingMediaRoutes& operator=(const RecordingMediaRoutes&) = delete;

    // GET (HEAD) of the five addresses, pointing into this object.
    ModuleEntries entries();

    // Cancels every download still being made and waits for the libav work, which posts its
    // results to the event loop: before that loop is destroyed. Calling it again does nothing.
    void stop();

  private:
    struct Made;  // a storyboard and what it was made from
    // Meeting, second, and the redactions' version it was made under.
    using ThumbnailKey = std::tuple<std::int64_t, std::int64_t, std::int64_t>;

    boost::asio::awaitable<Reply> clip(PageCall& call);
    boost::asio::awaitable<Reply> meeting(PageCall& call);
    boost::asio::awaitable<Reply> thumbnail(PageCall& call);
    boost::asio::awaitable<Reply> storyboard_image(PageCall& call);
    boost::asio::awaitable<Reply> storyboard_track(PageCall& call);

    // The routes' shared steps.
    boost::asio::awaitable<RecordingMedia> find(std::int64_t meeting_id);
    Reply start_export(const Request& request, RecordingMedia media, double from_s, double to_s,
                       const std::string& file_name);
    boost::asio::awaitable<std::shared_ptr<const Made>> storyboard(std::int64_t meeting_id);
    RecordingMedia smallest(std::int64_t meeting_id) const;
    Reply problem(const Request& request, const InvalidInput& problem) const;
    // The recording's visibility; throws NotFound for an unpublished one unless an editor asks.
    RecordingVisibility visible(PageCall& call, std::int64_t meeting_id) const;

    const std::chrono::seconds max_clip_;
    const int thumbnail_width_;
    const PageRenderer& renderer_;
    const Localization& localization_;
    const RecordingMediaSource source_;
    const RecordingVisibilitySource visibility_;
    BoundedCache<ThumbnailKey, std::string> thumbnails_;
    BoundedCache<std::int64_t, Made> storyboards_;
    // Downloads being made, so stop() can cancel them: a producer blocked on a client that
    // never reads would otherwise keep its thread for good.
    std::mutex exports_mutex_;
    std::vector<std::weak_ptr<ByteStream>> exports_;
    std::atomic<int> running_exports_ = 0;
    std::atomic<int> pending_pictures_ = 0;  // thumbnails and storyboards awaited
    // Declared last, so they are joined first when this object goes: their jobs use the rest.
    // Clips take a thread each for as long as their client reads; pictures are short jobs.
    boost::asio::thread_pool export_pool_;
    boost::asio::thread_pool picture_pool_;
};

}  // namespace councilcast::portal
