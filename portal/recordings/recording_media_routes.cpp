#include "portal/recordings/recording_media_routes.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <span>
#include <string_view>

#include "archive/media_files.hpp"
#include "common/error.hpp"
#include "common/pool_call.hpp"
#include "portal/accounts/access.hpp"
#include "portal/http/responses.hpp"
#include "portal/pages/language.hpp"
#include "portal/pages/media_clock.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace http = boost::beast::http;

struct RecordingMediaRoutes::Made {
    archive::Storyboard board;
    std::size_t pieces = 0;  // how many pieces it was made from
    double shape = 0;        // and where they start (a redaction moves the gaps)
    bool live = false;
    std::chrono::steady_clock::time_point made;
};

namespace {

// Clips being made or waiting for a thread at once; past this a download is refused with 503.
// Each running one holds a thread and a queue of at most kByteStreamQueueLimit.
constexpr int kMaxExports = 16;
constexpr std::size_t kExportThreads = 4;
// Thumbnails, storyboards and the source's look-ups: short jobs, two at a time on two cores.
constexpr std::size_t kPictureThreads = 2;
// About 15 KiB each at 320 px: at most some 15 MiB.
constexpr std::size_t kThumbnailsKept = 1024;
// A sprite of 120 tiles at 160 px is some 150 KiB.
constexpr std::size_t kStoryboardsKept = 64;
constexpr int kStoryboardTiles = 120;
constexpr double kStoryboardMinInterval = 2;  // a segment's length: no finer than that
constexpr int kStoryboardTileWidth = 160;
constexpr int kStoryboardColumns = 10;
// A storyboard of a recording still being made is made again when it is older than this and
// the recording has grown.
constexpr std::chrono::seconds kLiveStoryboardAge{60};
// A time given in seconds: at most this many characters ("86400.125"), so parsing is bounded.
constexpr std::size_t kMaxTimeLength = 16;
// The end of a recording is a sum of rounded durations; a time this close past it is the end.
constexpr double kEndTolerance = 0.001;
// How many characters of the meeting's title go into a download's file name.
constexpr std::size_t kMaxTitleInName = 60;

// Picture jobs waiting or running at once; past this a request is refused with 503 rather than
// queued behind minutes of others' work.
constexpr int kMaxPictureJobs = 32;

// A place among the picture jobs for as long as one is awaited.
class PictureTicket {
  public:
    explicit PictureTicket(std::atomic<int>& pending) : pending_(pending) {
        if (pending_.fetch_add(1) >= kMaxPictureJobs) {
            pending_.fetch_sub(1);
            throw InvalidInput::text("recording_media_busy");
        }
    }
    ~PictureTicket() { pending_.fetch_sub(1); }
    PictureTicket(const PictureTicket&) = delete;
    PictureTicket& operator=(const PictureTicket&) = delete;

  private:
    std::atomic<int>& pending_;
};

// The query may name only `allowed` parameters, each once.
void allow_only(const PageCall& call, std::initializer_list<std::string_view> allowed) {
    const auto& parameters = call.target().parameters;
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        const auto& name = parameters[i].first;
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            throw InvalidInput::text("recording_media_parameter", {{"name", name}});
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (parameters[j].first == name) {
                throw InvalidInput::text("recording_media_parameter", {{"name", name}});
            }
        }
    }
}

// A time in seconds from the recording's start: digits with an optional fraction ("90",
// "90.5"); no sign, exponent, "inf" or "nan".
double seconds_parameter(const PageCall& call, std::string_view name) {
    const auto& parameters = call.target().parameters;
    auto found = std::find_if(parameters.begin(), parameters.end(),
                              [&](const auto& parameter) { return parameter.first == name; });
    if (found == parameters.end()) {
        throw InvalidInput::text("recording_media_bad_time", {{"name", std::string(name)}});
    }
    const std::string& text = found->second;
    if (text.starts_with('-') && text.size() > 1 &&
        std::isdigit(static_cast<unsigned char>(text[1]))) {
        throw InvalidInput::text("recording_media_negative_time", {{"name", std::string(name)}});
    }
    const bool digits_only = !text.empty() && text.size() <= kMaxTimeLength &&
                             std::isdigit(static_cast<unsigned char>(text.front())) &&
                             std::all_of(text.begin(), text.end(), [](char c) {
                                 return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
                             });
    double value = 0;
    if (digits_only) {
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value,
                                                  std::chars_format::fixed);
        if (error == std::errc() && end == text.data() + text.size() && std::isfinite(value)) {
            return value;
        }
    }
    throw InvalidInput::text("recording_media_bad_time", {{"name", std::string(name)}});
}

InvalidInput past_end(const RecordingMedia& media, std::string_view name) {
    return InvalidInput::text(
        "recording_media_past_end",
        {{"name", std::string(name)}, {"length", clock_text(media.duration_s)}});
}

void check_within(const RecordingMedia& media, std::string_view name, double at) {
    if (at > media.duration_s + kEndTolerance) throw past_end(media, name);
}

// The meeting's title as a file name: ASCII letters and digits in lower case, everything else
// one hyphen ("Posėdis Nr. 5" → "posedis-nr-5"). Diacritics go by Unicode decomposition (NFD),
// which covers Lithuanian's ą č ę ė į š ų ū ž and every other Latin letter with marks.
std::string ascii_name(const std::string& title) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    std::string name;
    if (U_FAILURE(status)) return name;
    const icu::UnicodeString decomposed =
        nfd->normalize(icu::UnicodeString::fromUTF8(title), status);
    if (U_FAILURE(status)) return name;
    bool hyphen = false;
    for (int32_t i = 0; i < decomposed.length() && name.size() < kMaxTitleInName;
         i = decomposed.moveIndex32(i, 1)) {
        const UChar32 c = decomposed.char32At(i);
        if (u_charType(c) == U_NON_SPACING_MARK) continue;
        if (c < 0x80 && std::isalnum(static_cast<int>(c))) {
            if (hyphen && !name.empty()) name += '-';
            hyphen = false;
            name += static_cast<char>(std::tolower(static_cast<int>(c)));
        } else {
            hyphen = true;
        }
    }
    return name.empty() ? std::string("recording") : name;
}

std::string time_in_name(double seconds) {
    const auto whole = static_cast<std::int64_t>(std::floor(seconds));
    return fmt::format("{:02}-{:02}-{:02}", whole / 3600, whole / 60 % 60, whole % 60);
}

// "posedis-2026-03-05", the meeting's title and the day it started in the municipality.
std::string name_of(const RecordingMedia& media, const Localization& localization) {
    const LocalDate day = localization.local_date(media.start_unix_ms / 1000);
    return fmt::format("{}-{:04}-{:02}-{:02}", ascii_name(media.title.lt), day.year, day.month,
                       day.day);
}

// A fingerprint of where the pieces are on the timeline: the same pieces give the same sum;
// hiding one range and showing another of the same length does not.
double shape_of(const std::vector<archive::MediaPiece>& pieces) {
    double sum = 0;
    for (std::size_t i = 0; i < pieces.size(); ++i) sum += pieces[i].start_s * (1 + i % 7);
    return sum;
}

// The piece that shows second `at` of the recording.
const archive::MediaPiece& piece_at(const RecordingMedia& media, double at) {
    auto after = std::upper_bound(
        media.pieces.begin(), media.pieces.end(), at,
        [](double value, const archive::MediaPiece& piece) { return value < piece.start_s; });
    return after == media.pieces.begin() ? media.pieces.front() : *std::prev(after);
}

Reply bytes_reply(const Request& request, std::string_view content_type, const std::string& body,
                  bool live, const RecordingVisibility& visibility) {
    // A picture of a time already recorded changes only with a redaction, which a shared cache
    // must not outlast by long; the storyboard of a recording still being made grows. An
    // editor's preview of an unpublished recording is for that browser alone.
    return text_response(request, http::status::ok, content_type, body,
                         !visibility.published ? "private, no-store"
                         : live                ? "public, max-age=60"
                                               : "public, max-age=3600");
}

// A download of [from_s, to_s) of `pieces` made of what the public may see: the pieces between
// moved together over every hidden range (a gap between pieces), so the MP4 is that much
// shorter and plays on without a pause; from and to moved with them. A time inside a gap moves
// to the start of the piece after it.
struct Compacted {
    std::vector<archive::MediaPiece> pieces;
    double from_s = 0;
    double to_s = 0;
};

Compacted compacted(const std::vector<archive::MediaPiece>& pieces, double from_s, double to_s) {
    Compacted made;
    double removed = 0;  // seconds of gap before the piece in hand
    double end = 0;      // where the piece before ended, uncompacted
    bool from_set = false;
    for (const auto& piece : pieces) {
        const double piece_end = piece.start_s + piece.duration_s;
        if (!made.pieces.empty() && piece.start_s > end + kEndTolerance) {
            removed += piece.start_s - end;
        }
        end = piece_end;
        if (piece_end <= from_s || piece.start_s >= to_s) continue;
        archive::MediaPiece moved = piece;
        moved.start_s -= removed;
        if (!from_set) {
            made.from_s = std::max(from_s, piece.start_s) - removed;
            from_set = true;
        }
        made.to_s = std::min(to_s, piece_end) - removed;
        made.pieces.push_back(std::move(moved));
    }
    return made;
}

}  // namespace

RecordingMediaRoutes::RecordingMediaRoutes(const config::Recordings& settings,
                                           const PageRenderer& renderer,
                                           const Localization& localization,
                                           RecordingMediaSource source,
                                           RecordingVisibilitySource visibility)
    : max_clip_(std::chrono::duration_cast<std::chrono::seconds>(settings.max_clip)),
      thumbnail_width_(settings.thumbnail_width),
      renderer_(renderer),
      localization_(localization),
      source_(std::move(source)),
      visibility_(std::move(visibility)),
      thumbnails_(kThumbnailsKept),
      storyboards_(kStoryboardsKept),
      export_pool_(kExportThreads),
      picture_pool_(kPictureThreads) {}

RecordingMediaRoutes::~RecordingMediaRoutes() {
    stop();
}

void RecordingMediaRoutes::stop() {
    {
        std::lock_guard lock(exports_mutex_);
        for (const auto& weak : exports_) {
            if (auto stream = weak.lock()) stream->cancel();
        }
    }
    export_pool_.join();
    picture_pool_.join();
}

ModuleEntries RecordingMediaRoutes::entries() {
    ModuleEntries entries;
    auto add = [&](std::string_view pattern,
                   asio::awaitable<Reply> (RecordingMediaRoutes::*method)(PageCall&)) {
        entries.routes.push_back({.method = http::verb::get,
                                  .pattern = pattern,
                                  .access = Access::anyone(),
                                  .handler = handler_of(this, method),
                                  .addresses = Addresses::kProgram});
    };
    add("/recordings/{id}/clip.mp4", &RecordingMediaRoutes::clip);
    add("/recordings/{id}/meeting.mp4", &RecordingMediaRoutes::meeting);
    add("/recordings/{id}/thumbnail.jpg", &RecordingMediaRoutes::thumbnail);
    add("/recordings/{id}/storyboard.jpg", &RecordingMediaRoutes::storyboard_image);
    add("/recordings/{id}/storyboard.vtt", &RecordingMediaRoutes::storyboard_track);
    return entries;
}

Reply RecordingMediaRoutes::problem(const Request& request, const InvalidInput& problem) const {
    const Language language = preferred_language(request[http::field::accept_language]);
    const bool busy = problem.key() == "recording_media_busy";
    auto res = problem_response(
        request, busy ? http::status::service_unavailable : http::status::bad_request,
        renderer_.explain(language, problem), language_code(language));
    if (busy) res.set(http::field::retry_after, "10");
    return res;
}

RecordingVisibility RecordingMediaRoutes::visible(PageCall& call, std::int64_t meeting_id) const {
    if (!visibility_) return {};
    const RecordingVisibility visibility = visibility_(meeting_id);
    if (visibility.published) return visibility;
    // Only for an unpublished one is the visitor looked up: the public's requests stay cheap.
    const User* user = call.signed_in();
    if (!user || !user->roles.any_of(Roles(Role::kEditor) | Role::kAdmin)) throw NotFound();
    return visibility;
}

// The source may read the database: it runs on the picture threads, never a network thread.
asio::awaitable<RecordingMedia> RecordingMediaRoutes::find(std::int64_t meeting_id) {
    if (!source_) throw NotFound();
    // A copy: GCC 12 mishandles a coroutine's parameters captured by a lambda.
    const std::int64_t id = meeting_id;
    auto pending = call_on_pool<RecordingMedia>(picture_pool_, [this, id] {
        auto media = source_(id, "");
        if (!media) throw NotFound();
        return std::move(*media);
    });
    co_return co_await std::move(pending);
}

RecordingMedia RecordingMediaRoutes::smallest(std::int64_t meeting_id) const {
    if (!source_) throw NotFound();
    auto media = source_(meeting_id, "");
    if (!media) throw NotFound();
    if (!media->renditions.empty() && media->renditions.back() != media->rendition) {
        if (auto small = source_(meeting_id, media->renditions.back())) return std::move(*small);
    }
    return std::move(*media);
}

asio::awaitable<Reply> RecordingMediaRoutes::clip(PageCall& call) {
    try {
        allow_only(call, {"from", "to"});
        const double from_s = seconds_parameter(call, "from");
        const double to_s = seconds_parameter(call, "to");
        if (!(to_s > from_s)) throw InvalidInput::text("recording_media_reversed");
        if (to_s - from_s > static_cast<double>(max_clip_.count())) {
            throw InvalidInput::text("recording_media_too_long",
                                     {{"hours", std::to_string(max_clip_.count() / 3600)}});
        }
        const RecordingVisibility visibility = visible(call, call.id("id"));
        auto found = find(call.id("id"));
        RecordingMedia media = co_await std::move(found);
        // A clip must start before the end: at the very end there is nothing left to show.
        if (!(from_s < media.duration_s)) throw past_end(media, "from");
        check_within(media, "to", to_s);
        const std::string file_name = fmt::format("{}_{}_{}.mp4", name_of(media, localization_),
                                                  time_in_name(from_s), time_in_name(to_s));
        Compacted shown = compacted(media.pieces, from_s, std::min(to_s, media.duration_s));
        if (shown.pieces.empty() || !(shown.to_s > shown.from_s)) {
            throw InvalidInput::text("redaction_clip_hidden");
        }
        media.pieces = std::move(shown.pieces);
        media.published = visibility.published;
        co_return start_export(call.request(), std::move(media), shown.from_s, shown.to_s,
                               file_name);
    } catch (const InvalidInput& refused) {
        co_return problem(call.request(), refused);
    }
}

asio::awaitable<Reply> RecordingMediaRoutes::meeting(PageCall& call) {
    try {
        allow_only(call, {});
        const RecordingVisibility visibility = visible(call, call.id("id"));
        auto found = find(call.id("id"));
        RecordingMedia media = co_await std::move(found);
        if (media.pieces.empty()) throw NotFound();
        Compacted shown = compacted(media.pieces, media.pieces.front().start_s, media.duration_s);
        if (shown.to_s - shown.from_s > static_cast<double>(max_clip_.count())) {
            throw InvalidInput::text("recording_media_too_long",
                                     {{"hours", std::to_string(max_clip_.count() / 3600)}});
        }
        const std::string file_name = name_of(media, localization_) + ".mp4";
        media.pieces = std::move(shown.pieces);
        media.published = visibility.published;
        co_return start_export(call.request(), std::move(media), shown.from_s, shown.to_s,
                               file_name);
    } catch (const InvalidInput& refused) {
        co_return problem(call.request(), refused);
    }
}

Reply RecordingMediaRoutes::start_export(const Request& request, RecordingMedia media,
                                         double from_s, double to_s, const std::string& file_name) {
    http::response<http::empty_body> head{http::status::ok, request.version()};
    head.set(http::field::content_type, "video/mp4");
    // The name is ASCII already, so no filename* is needed (RFC 6266).
    head.set(http::field::content_disposition,
             fmt::format("attachment; filename=\"{}\"", file_name));
    head.set(http::field::cache_control,
             media.live || !media.published ? "private, no-store" : "public, max-age=3600");
    auto stream = std::make_shared<ByteStream>();
    if (request.method() == http::verb::head) {
        return byte_stream_reply(request, std::move(head), std::move(stream));
    }
    if (running_exports_.fetch_add(1) >= kMaxExports) {
        running_exports_.fetch_sub(1);
        throw InvalidInput::text("recording_media_busy");
    }
    {
        std::lock_guard lock(exports_mutex_);
        std::erase_if(exports_, [](const auto& weak) { return weak.expired(); });
        exports_.push_back(stream);
    }
    asio::post(export_pool_, [this, stream, media = std::move(media), from_s, to_s] {
        try {
            archive::write_clip(
                media.pieces, from_s, to_s,
                [&](std::span<const std::uint8_t> bytes) { return stream->push(bytes); });
            stream->finish();
        } catch (const archive::ClipCancelled&) {
            spdlog::debug("[recording:{}] download of {}..{} s stopped: the client left",
                          media.meeting_id, from_s, to_s);
        } catch (const std::exception& e) {
            spdlog::error("[recording:{}] download of {}..{} s failed: {}", media.meeting_id,
                          from_s, to_s, e.what());
            stream->fail();
        }
        running_exports_.fetch_sub(1);
    });
    return byte_stream_reply(request, std::move(head), std::move(stream));
}

asio::awaitable<Reply> RecordingMediaRoutes::thumbnail(PageCall& call) {
    try {
        allow_only(call, {"t"});
        const double t = seconds_parameter(call, "t");
        const std::int64_t meeting_id = call.id("id");
        const RecordingVisibility visibility = visible(call, meeting_id);
        // Warm answers never leave the network thread: a cached second was inside the
        // recording when it was made, a recording only grows, and a redaction since changed
        // the version in the key.
        const ThumbnailKey key{meeting_id, std::llround(t), visibility.version};
        if (auto cached = thumbnails_.get(key)) {
            co_return bytes_reply(call.request(), "image/jpeg", *cached, false, visibility);
        }
        if (!source_) throw NotFound();
        PictureTicket ticket(pending_pictures_);
        auto pending = call_on_pool<std::shared_ptr<const std::string>>(
            picture_pool_, [this, meeting_id, t, key] {
                const RecordingMedia media = smallest(meeting_id);
                if (media.pieces.empty()) throw NotFound();
                check_within(media, "t", t);
                const double at = std::min(static_cast<double>(std::get<1>(key)), media.duration_s);
                const archive::MediaPiece& piece = piece_at(media, at);
                // A second inside a hidden range has no piece of its own: nothing to show.
                if (at < piece.start_s - kEndTolerance ||
                    at > piece.start_s + piece.duration_s + kEndTolerance) {
                    throw NotFound();
                }
                auto jpeg = std::make_shared<const std::string>(archive::thumbnail_jpeg(
                    piece, std::clamp(at - piece.start_s, 0.0, piece.duration_s),
                    thumbnail_width_));
                thumbnails_.put(key, jpeg);
                return jpeg;
            });
        const std::shared_ptr<const std::string> jpeg = co_await std::move(pending);
        co_return bytes_reply(call.request(), "image/jpeg", *jpeg, false, visibility);
    } catch (const InvalidInput& refused) {
        co_return problem(call.request(), refused);
    }
}

asio::awaitable<std::shared_ptr<const RecordingMediaRoutes::Made>> RecordingMediaRoutes::storyboard(
    std::int64_t meeting_id) {
    if (!source_) throw NotFound();
    // A copy: GCC 12 mishandles a coroutine's parameters captured by a lambda.
    const std::int64_t id = meeting_id;
    PictureTicket ticket(pending_pictures_);
    auto pending = call_on_pool<std::shared_ptr<const Made>>(picture_pool_, [this, id] {
        const RecordingMedia media = smallest(id);
        if (media.pieces.empty()) throw NotFound();
        const auto now = std::chrono::steady_clock::now();
        if (auto cached = storyboards_.get(id)) {
            const bool unchanged =
                cached->pieces == media.pieces.size() && cached->shape == shape_of(media.pieces);
            if (unchanged || (media.live && now - cached->made < kLiveStoryboardAge)) {
                return cached;
            }
        }
        const double span = media.duration_s - media.pieces.front().start_s;
        const double interval =
            std::max(kStoryboardMinInterval, std::ceil(span / kStoryboardTiles));
        auto made = std::make_shared<Made>();
        made->board = archive::make_storyboard(media.pieces, interval, kStoryboardTileWidth,
                                               kStoryboardColumns,
                                               fmt::format("/recordings/{}/storyboard.jpg", id));
        made->pieces = media.pieces.size();
        made->shape = shape_of(media.pieces);
        made->live = media.live;
        made->made = now;
        std::shared_ptr<const Made> result = std::move(made);
        storyboards_.put(id, result);
        return result;
    });
    co_return co_await std::move(pending);
}

asio::awaitable<Reply> RecordingMediaRoutes::storyboard_image(PageCall& call) {
    try {
        allow_only(call, {});
        const RecordingVisibility visibility = visible(call, call.id("id"));
        auto pending = storyboard(call.id("id"));
        const std::shared_ptr<const Made> made = co_await std::move(pending);
        co_return bytes_reply(call.request(), "image/jpeg", made->board.jpeg, made->live,
                              visibility);
    } catch (const InvalidInput& refused) {
        co_return problem(call.request(), refused);
    }
}

asio::awaitable<Reply> RecordingMediaRoutes::storyboard_track(PageCall& call) {
    try {
        allow_only(call, {});
        const RecordingVisibility visibility = visible(call, call.id("id"));
        auto pending = storyboard(call.id("id"));
        const std::shared_ptr<const Made> made = co_await std::move(pending);
        co_return bytes_reply(call.request(), "text/vtt; charset=utf-8", made->board.vtt,
                              made->live, visibility);
    } catch (const InvalidInput& refused) {
        co_return problem(call.request(), refused);
    }
}

}  // namespace councilcast::portal
