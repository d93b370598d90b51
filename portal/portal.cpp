#include "portal/portal.hpp"

#include <systemd/sd-daemon.h>

#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <csignal>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "archive/segment_index.hpp"
#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "common/error.hpp"
#include "common/network_address.hpp"
#include "common/private_files.hpp"
#include "common/unix_time.hpp"
#include "config/config_loader.hpp"
#include "portal/accounts/account_store.hpp"
#include "portal/accounts/common_passwords.hpp"
#include "portal/accounts/hashing_pool.hpp"
#include "portal/accounts/one_off_actions.hpp"
#include "portal/accounts/password_hasher.hpp"
#include "portal/accounts/session_manager.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/bookings/booking_store.hpp"
#include "portal/bookings/demo_bookings.hpp"
#include "portal/broadcast/live_parts.hpp"
#include "portal/broadcast/worker_supervisor.hpp"
#include "portal/console/demo_operator.hpp"
#include "portal/console/hall_desk.hpp"
#include "portal/council/council_store.hpp"
#include "portal/council/demo_council.hpp"
#include "portal/http/csrf_guard.hpp"
#include "portal/http/file_cache.hpp"
#include "portal/http/http_server.hpp"
#include "portal/http/https_redirect.hpp"
#include "portal/http/responses.hpp"
#include "portal/http/tls_context.hpp"
#include "portal/mail/mail_dispatcher.hpp"
#include "portal/mail/mail_queue.hpp"
#include "portal/pages/language.hpp"
#include "portal/petitions/demo_petitions.hpp"
#include "portal/petitions/petition_store.hpp"
#include "portal/recording_lifecycle.hpp"
#include "portal/recordings/annotation_store.hpp"
#include "portal/recordings/caption_store.hpp"
#include "portal/recordings/demo_archive.hpp"
#include "portal/recordings/disk_guard.hpp"
#include "portal/recordings/import_jobs.hpp"
#include "portal/recordings/import_service.hpp"
#include "portal/recordings/recording_archive.hpp"
#include "portal/recordings/recording_store.hpp"
#include "portal/recordings/redaction_store.hpp"
#include "portal/reports/demo_report_pictures.hpp"
#include "portal/reports/demo_reports.hpp"
#include "portal/reports/report_photos.hpp"
#include "portal/reports/report_routing.hpp"
#include "portal/reports/report_store.hpp"
#include "portal/schema.hpp"
#include "portal/site/metrics.hpp"
#include "portal/site/site.hpp"
#include "portal/voting/demo_sitting.hpp"
#include "portal/voting/vote_rules.hpp"
#include "portal/voting/voting_picture.hpp"
#include "portal/voting/voting_store.hpp"
#include "portal/web_modules.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::chrono::seconds kRetentionInterval{60};
// How often the disk guard measures free space: a 1080p channel writes about 2 MB a second, so
// a few seconds is far from filling any floor worth setting.
constexpr std::chrono::seconds kDiskGuardInterval{5};
// How soon a recording another process imported shows (RecordingStore::notice_other_writers).
constexpr std::chrono::seconds kOtherWritersInterval{1};
constexpr std::chrono::seconds kSessionSweepInterval{600};
// How late a vote's countdown may end it: a quarter of a second is below what a viewer notices
// between the countdown reaching zero and the result.
constexpr std::chrono::milliseconds kVoteCountdownInterval{250};
// How late a reminder or the release of an expired hold may be: a hold frees expired ones itself
// before it claims a time, so this only tidies and sends the day-before reminders.
constexpr std::chrono::seconds kBookingTimerInterval{15};
// How late a webhook's delivery (or its retry) and a fixed-questionnaire may go.
constexpr std::chrono::seconds kReportTimerInterval{15};
constexpr std::size_t kRetentionBatch = 500;
constexpr std::chrono::seconds kShutdownGrace{6};
constexpr std::chrono::milliseconds kShutdownPoll{50};

std::filesystem::path database_path(const std::filesystem::path& data_dir) {
    return data_dir / "councilcast.sqlite";
}

// A segment still being written when the process died is incomplete: it was never announced,
// so it is removed rather than served.
void remove_partial_segments(const std::filesystem::path& media_root) {
    std::error_code ec;
    if (!std::filesystem::exists(media_root, ec)) return;
    for (auto it = std::filesystem::recursive_directory_iterator(media_root, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file() && it->path().extension() == ".part") {
            std::filesystem::remove(it->path(), ec);
        }
    }
}

Language picture_language(const config::Channel& channel) {
    return stored_language(channel.picture_language);
}

streamer::WorkerSettings worker_settings(const config::Config& config,
                                         const config::Channel& channel,
                                         const PageRenderer& messages,
                                         const Localization& localization) {
    streamer::WorkerSettings settings;
    settings.channel_id = channel.id;
    settings.time_zone = localization.time_zone();
    settings.output_dir = (config.server.data_dir / "media" / channel.id).string();
    settings.segment_duration_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(config.hls.segment_duration).count();
    settings.keyframe_interval_ms = config.hls.keyframe_interval.count();
    settings.parts_per_segment = config.hls.parts_per_segment;
    for (const auto& camera : channel.cameras) {
        static constexpr const char* kKinds[] = {"test", "uri", "rtsp", "srt", "v4l2"};
        streamer::SourceSettings source{.id = camera.id,
                                        .kind = kKinds[static_cast<int>(camera.kind)],
                                        .location = camera.location,
                                        .test_pattern = camera.test_pattern,
                                        .transport = camera.transport,
                                        .latency_ms = camera.latency_ms,
                                        .srt_mode = camera.srt_mode};
        // Read once at start: a camera's password lives in memory, not in the configuration.
        if (!camera.credentials_file.empty()) {
            auto credentials = config::read_camera_credentials(camera.credentials_file);
            source.user = std::move(credentials.user);
            source.password = std::move(credentials.password);
        }
        settings.sources.push_back(std::move(source));
    }
    settings.audio = {.kind = channel.audio.source,
                      .camera = channel.audio.source == "camera" && channel.audio.camera.empty()
                                    ? channel.cameras.front().id
                                    : channel.audio.camera,
                      .location = channel.audio.location,
                      .offset_ms = channel.audio.offset_ms};
    settings.pip = {.camera = channel.pip.camera,
                    .x = channel.pip.x,
                    .y = channel.pip.y,
                    .width = channel.pip.width};
    settings.hall.program = channel.cameras.front().id;
    for (const auto& r : channel.renditions) {
        settings.renditions.push_back({r.name, r.width, r.height, r.framerate, r.video_bitrate_kbps,
                                       r.profile, r.audio_bitrate_kbps});
    }
    const Language language = picture_language(channel);
    settings.overlay.channel_title = language == Language::kEn && !channel.title_en.empty()
                                         ? channel.title_en
                                         : channel.title_lt;
    settings.overlay.live_label = messages.message(language, "picture_live");
    // Burned into the picture while the programme camera is lost, in the picture's language.
    settings.slate = {.title = messages.message(language, "console_slate_title"),
                      .subtitle = language == Language::kEn ? config.municipality.name_en
                                                            : config.municipality.name_lt,
                      .image = channel.slate_image.string()};
    return settings;
}

// The meeting live on `channel_id` now (the latest to start when there are several), or none.
const Meeting* meeting_live_on(const CouncilSnapshot& council, std::string_view channel_id) {
    const Meeting* found = nullptr;
    for (const Meeting& meeting : council.meetings) {
        if (meeting.status != MeetingStatus::kLive || meeting.channel_id != channel_id) continue;
        if (!found || meeting.starts_unix >= found->starts_unix) found = &meeting;
    }
    return found;
}

// What the console shows of the recording of the meeting live on `channel_id`.
HallRecording hall_recording(const CouncilStore& council, const RecordingStore& recordings,
                             std::string_view channel_id) {
    const auto meetings = council.snapshot();
    const Meeting* meeting = meeting_live_on(*meetings, channel_id);
    if (!meeting) return {};
    HallRecording shown{.state = HallRecording::State::kStopped,
                        .meeting_lt = meeting->title.lt,
                        .meeting_en = meeting->title.en};
    const auto recorded = recordings.snapshot();
    if (const Recording* recording = recorded->recording(meeting->id)) {
        if (recording->state == RecordingState::kRecording) {
            shown.state = HallRecording::State::kRecording;
            shown.since_unix_ms = recording->start_unix_ms;
        } else {
            shown.since_unix_ms = recording->end_unix_ms;
            shown.disk_full = recording->stopped_by == StopReason::kDiskGuard;
        }
    }
    return shown;
}

// An operator's start or stop of the recording of the meeting live on `channel_id`.
asio::awaitable<RecordingSwitch> switch_hall_recording(const CouncilStore& council,
                                                       RecordingStore& recordings,
                                                       std::string channel_id, bool on,
                                                       std::string hidden_reason, AuditNote audit) {
    const auto meetings = council.snapshot();
    const Meeting* meeting = meeting_live_on(*meetings, channel_id);
    if (!meeting) co_return RecordingSwitch::kNoMeeting;
    auto write = recordings.switch_recording(meeting->id, channel_id, on, now_unix_ms(),
                                             std::move(hidden_reason), std::move(audit));
    const bool switched = co_await std::move(write);
    co_return switched ? RecordingSwitch::kDone : RecordingSwitch::kAlready;
}

// The console reaches each channel's worker, and the recording of the meeting live on it,
// through these functions alone.
void wire_hall_desk(HallDesk& desk, const config::Config& config,
                    std::vector<std::unique_ptr<WorkerSupervisor>>& workers,
                    const CouncilStore& council, RecordingStore& recordings,
                    const PageRenderer& renderer) {
    // The reason staff read on the stretch an operator's stop kept from the public.
    const std::string hidden_reason =
        renderer.message(Language::kLt, "console_recording_hidden_reason");
    for (std::size_t i = 0; i < config.channels.size() && i < workers.size(); ++i) {
        const config::Channel& channel = config.channels[i];
        WorkerSupervisor& worker = *workers[i];
        HallChannel hall{.id = channel.id,
                         .title_lt = channel.title_lt,
                         .title_en = channel.title_en,
                         .pip_camera = channel.pip.camera,
                         .previews = config.server.data_dir / "media" / channel.id / "preview"};
        for (const auto& camera : channel.cameras)
            hall.cameras.push_back({camera.id, camera.title});
        hall.command = [&worker](streamer::HallCommand command,
                                 std::function<void(HallAnswer)> done) {
            worker.command(std::move(command),
                           [done = std::move(done)](WorkerSupervisor::CommandResult result) {
                               done({std::move(result.state), std::move(result.error)});
                           });
        };
        hall.broadcast = [&worker](bool on) {
            if (on) {
                worker.start();
            } else {
                worker.stop();
            }
        };
        hall.on_air = [&worker] { return !worker.stopped(); };
        hall.recording = [&council, &recordings, id = channel.id] {
            return hall_recording(council, recordings, id);
        };
        hall.record = [&council, &recordings, id = channel.id, hidden_reason](bool on,
                                                                              AuditNote audit) {
            return switch_hall_recording(council, recordings, id, on, hidden_reason,
                                         std::move(audit));
        };
        desk.add_channel(std::move(hall));
    }
}

// The voting's picture (the tally, the speaker) on the channel that broadcasts the meeting, in
// that channel's language. On the voting store's thread after each of its writes.
void show_voting(const VotingSnapshot& voting, std::int64_t meeting_id,
                 const CouncilSnapshot& council, const VotingRules& rules,
                 const config::Config& config, const PageRenderer& messages,
                 std::vector<std::unique_ptr<WorkerSupervisor>>& workers) {
    const Meeting* meeting = council.meeting(meeting_id);
    if (!meeting || meeting->channel_id.empty()) return;
    for (std::size_t i = 0; i < config.channels.size() && i < workers.size(); ++i) {
        const config::Channel& channel = config.channels[i];
        if (channel.id != meeting->channel_id) continue;
        const VotingPicture picture = voting_picture(voting, council, rules, meeting_id, messages,
                                                     picture_language(channel), now_unix_ms());
        workers[i]->update_overlay([picture](vote_overlay::OverlayState& state) {
            state.tally = picture.tally;
            state.speaker = picture.speaker;
        });
    }
}

// Pinged from the event loop itself, so a stuck loop stops the pings and systemd restarts us.
asio::awaitable<void> feed_watchdog(asio::steady_timer& timer, std::chrono::microseconds interval) {
    for (;;) {
        sd_notify(0, "WATCHDOG=1");
        timer.expires_after(interval);
        auto [ec] = co_await timer.async_wait(kNoThrow);
        if (ec) co_return;
    }
}

void notify_systemd(asio::steady_timer& watchdog) {
    sd_notify(0, "READY=1\nSTATUS=Serving");
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) <= 0) return;
    asio::co_spawn(watchdog.get_executor(),
                   feed_watchdog(watchdog, std::chrono::microseconds(usec / 2)), asio::detached);
}

// SIGHUP (systemctl reload) re-reads the TLS files; a failed reload keeps the old certificate,
// so a botched renewal does not take the site down. Plain HTTP has nothing to reload, but the
// signal must still be caught: its default action would end the process.
asio::awaitable<void> reload_on_hangup(asio::signal_set& hangups, TlsContext* tls) {
    for (;;) {
        auto [ec, signal] = co_await hangups.async_wait(kNoThrow);
        if (ec) co_return;
        sd_notify(0, "RELOADING=1");
        std::string status = "Serving";
        if (!tls) {
            spdlog::info("SIGHUP: plain HTTP, nothing to reload");
        } else {
            try {
                tls->reload();
                spdlog::info("SIGHUP: TLS certificate reloaded: {}", tls->summary());
                status = "Serving; TLS certificate reloaded";
            } catch (const std::exception& e) {
                spdlog::error("SIGHUP: TLS certificate not reloaded, the old one stays: {}",
                              e.what());
                status = "Serving; TLS reload failed, the old certificate stays (see the log)";
            }
        }
        sd_notify(0, ("READY=1\nSTATUS=" + status).c_str());
    }
}

// Plain HTTP beyond this machine is right only behind a proxy that terminates TLS, whose
// address public_url then gives; otherwise passwords cross the network in the clear.
void warn_if_clear_text_exposed(const config::Config& config, const asio::ip::address& address) {
    if (!config.tls.certificate.empty() || address.is_loopback()) return;
    if (config.server.public_url.starts_with("https://")) return;
    spdlog::warn(
        "serving plain HTTP on {}, beyond this machine: set [tls] certificate and private_key, "
        "or terminate TLS in a proxy in front and set server.public_url to its https:// address",
        config.server.listen);
}

// The writer's state for /metrics: a failing disk shows as councilcast_storage_writable 0.
std::string writer_metrics(const DatabaseWriter& writer) {
    const auto stats = writer.stats();
    return fmt::format(
        "# HELP councilcast_storage_writable 1 while the database takes writes, 0 since a write "
        "failed for the storage (disk full, I/O error).\n"
        "# TYPE councilcast_storage_writable gauge\ncouncilcast_storage_writable {}\n"
        "# HELP councilcast_writer_queued Writes queued or running in the database writer.\n"
        "# TYPE councilcast_writer_queued gauge\ncouncilcast_writer_queued {}\n"
        "# HELP councilcast_writer_commits_total Transactions the database writer committed.\n"
        "# TYPE councilcast_writer_commits_total counter\ncouncilcast_writer_commits_total {}\n"
        "# HELP councilcast_writer_failures_total Writes that failed.\n"
        "# TYPE councilcast_writer_failures_total counter\ncouncilcast_writer_failures_total {}\n",
        writer.writable() ? 1 : 0, writer.queued(), stats.commits, stats.failures);
}

void log_failure(std::string_view what, std::exception_ptr error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        spdlog::error("[{}] {}", what, e.what());
    }
}

// Imported recordings are of channels of their own (import_service), which only the
// recordings' configuration has: no worker streams them.
void add_import_channels(config::Config& recordings_config) {
    if (recordings_config.channels.empty()) return;
    for (auto& channel : import_channels(recordings_config.channels.front())) {
        recordings_config.channels.push_back(std::move(channel));
    }
}

// Deletes segments older than the retention period, rows and files, except those inside a
// recording's span (the live recording is the archive); runs on the writer thread.
void remove_expired_segments(archive::SegmentIndex& index, const std::filesystem::path& media_root,
                             std::chrono::hours retention,
                             const std::vector<archive::KeptSpan>& kept) {
    try {
        auto expired =
            index.expired(std::chrono::system_clock::now() - retention, kRetentionBatch, kept);
        std::vector<std::int64_t> ids;
        for (const auto& segment : expired) {
            std::error_code ignored;
            std::filesystem::remove(media_root / segment.channel / segment.rendition / segment.file,
                                    ignored);
            ids.push_back(segment.id);
        }
        index.remove(ids);
    } catch (const std::exception& e) {
        spdlog::error("retention: {}", e.what());
    }
}

// Below the floor even after the segments outside recordings went: recording stops, with the
// reason in the log, on /metrics and on the staff page; the live stream goes on.
asio::awaitable<void> guard_disk(DatabaseWriter& writer, DiskGuard& guard,
                                 RecordingStore& recordings) {
    auto check = writer.run([&guard](Database&) { return guard.make_room(); });
    const bool below = co_await std::move(check);
    if (!below) co_return;
    const auto snapshot = recordings.snapshot();
    if (std::none_of(snapshot->recordings.begin(), snapshot->recordings.end(),
                     [](const Recording& r) { return r.state == RecordingState::kRecording; })) {
        co_return;
    }
    const std::string error = guard.problem() + ": recording stopped; free space on the disk";
    spdlog::error("[disk guard] {}", error);
    auto stop = recordings.stop_all(now_unix_ms(), error);
    co_await std::move(stop);
}

asio::awaitable<void> run_every(asio::steady_timer& timer, std::chrono::milliseconds interval,
                                std::function<void()> work) {
    for (;;) {
        timer.expires_after(interval);
        auto [ec] = co_await timer.async_wait(kNoThrow);
        if (ec) co_return;
        work();
    }
}

// Workers close and publish their current segment and exit, and the servers finish the requests
// in hand; whatever is still running after the grace period is cut off with the event loop.
asio::awaitable<void> drain_then_stop(asio::io_context& io, asio::steady_timer& timer,
                                      std::function<bool()> drained) {
    const auto deadline = std::chrono::steady_clock::now() + kShutdownGrace;
    while (!drained() && std::chrono::steady_clock::now() < deadline) {
        timer.expires_after(kShutdownPoll);
        co_await timer.async_wait(kNoThrow);
    }
    if (!drained()) spdlog::warn("stopping with work unfinished after {}s", kShutdownGrace.count());
    io.stop();
}

// The proxies [server] trusted_proxies names (each range checked when the file was loaded).
std::shared_ptr<const ForwardedClient> forwarding_of(const config::Server& server) {
    std::vector<AddressRange> trusted;
    for (const auto& cidr : server.trusted_proxies) trusted.push_back(parse_address_range(cidr));
    return std::make_shared<ForwardedClient>(std::move(trusted),
                                             server.forwarded_header == "forwarded"
                                                 ? ForwardedClient::Header::kForwarded
                                                 : ForwardedClient::Header::kXForwardedFor);
}

CommonPasswords load_common_passwords(const config::Accounts& settings) {
    if (settings.common_passwords.empty()) return {};
    CommonPasswords list(settings.common_passwords);
    if (list.size() == 0) {
        spdlog::warn(
            "accounts.common_passwords: {} is missing or empty; common passwords are "
            "not refused (install Debian's john-data)",
            settings.common_passwords.string());
    }
    return list;
}

// Templates, messages and static assets: the configured share_dir, else the installed share
// directory next to the executable, else the source tree this binary was built from.
SharePaths locate_share(const config::Config& config, const std::filesystem::path& executable) {
    auto installed = [](const std::filesystem::path& root) {
        return SharePaths{root / "templates", root / "messages", root / "static", root / "vendor",
                          root / "api" / "openapi.json"};
    };
    if (!config.server.share_dir.empty()) return installed(config.server.share_dir);
    auto beside = executable.parent_path().parent_path() / "share" / "councilcast";
    if (std::filesystem::exists(beside / "templates")) return installed(beside);
    const std::filesystem::path source = COUNCILCAST_SOURCE_DIR;
    return SharePaths{source / "portal" / "templates",
                      source / "portal" / "messages",
                      source / "portal" / "static",
                      source / "node_modules" / "hls.js" / "dist",
                      source / "portal" / "api" / "openapi.json",
                      {source / "node_modules" / "leaflet" / "dist"}};
}

// The council record's elderships for the petitions' signing form and counts: the petitions
// never include the council.
PetitionStore::Elderships petition_elderships(const CouncilStore& council) {
    return [&council] {
        std::vector<PetitionEldership> elderships;
        for (const Eldership& eldership : council.snapshot()->elderships) {
            elderships.push_back({eldership.id, eldership.name});
        }
        return elderships;
    };
}

// Who may take consultation bookings: an enabled account with the official role (the bookings
// room never includes the accounts store).
BookingStore::IsOfficial booking_officials(AccountStore& accounts) {
    return [&accounts](std::int64_t account_id) {
        const auto user = accounts.find_user(account_id);
        return user && !user->disabled && user->roles.has(Role::kOfficial);
    };
}

// `councilcast demo`'s consultations (once). Its officials are real accounts: made here with
// role official and no password (an administrator sends each a set-password link from
// /staff/users), or taken as they are when someone made them first.
void seed_bookings(const std::filesystem::path& database_file, const config::Config& config,
                   AccountStore& accounts) {
    auto official_account = [&accounts](const std::string& email) {
        if (const auto user = accounts.find_user_by_email(email)) return user->id;
        User user;
        user.email = email;
        user.roles = Role::kOfficial;
        user.verified = true;
        const auto id = block_on(accounts.create_user(user, now_unix_ms()));
        if (!id) throw Error("the demo's official " + email + " could not be made");
        return *id;
    };
    seed_demo_bookings(database_file, config.bookings, official_account, now_unix_ms());
}

// `councilcast demo`'s hall operator, with a password kept in the data directory, so a newcomer
// signs in to the console at once; an account someone made first is taken as it is.
void seed_operator(const config::Config& config, AccountStore& accounts) {
    const std::string email(kDemoOperatorEmail);
    const auto password_file = config.server.data_dir / "demo-operator-password";
    if (!accounts.find_user_by_email(email)) {
        User user;
        user.email = email;
        user.roles = Role::kOperator;
        user.verified = true;
        user.password_hash = PasswordHasher().hash(demo_operator_password(config.server.data_dir));
        if (!block_on(accounts.create_user(user, now_unix_ms()))) {
            throw Error("the demo's operator " + email + " could not be made");
        }
    }
    if (std::filesystem::exists(password_file)) {
        spdlog::info("the hall's console: /console, signed in as {} with the password in {}", email,
                     password_file.string());
    }
}

// `councilcast demo`'s problem reports (once), every third with a photo: a drawn street scene
// that the photos room turns into the reports' JPEGs and keeps, as it does an upload.
void seed_reports(const std::filesystem::path& database_file, const config::Config& config) {
    FileCache cache(8 << 20, 4 << 20);
    const PhotoFiles files(config.server.data_dir, cache);
    PhotoLimits limits;
    limits.max_bytes = static_cast<std::size_t>(config.reports.max_photo_bytes);
    auto photo = [&files, &limits](int picture) {
        const ProcessedPhoto processed = process_photo(demo_report_picture(picture), limits);
        files.store(processed);
        return processed.hash;
    };
    seed_demo_reports(database_file, config.reports, photo, now_unix_ms());
}

// `councilcast demo`'s petitions (once), the answered one considered at the last council
// meeting held; before the server's petition store is built, which then loads them.
void seed_petitions(const std::filesystem::path& database_file, const config::Config& config,
                    const CouncilStore& council) {
    std::int64_t meeting_id = 0;
    std::int64_t latest = 0;
    for (const auto& meeting : council.snapshot()->meetings) {
        if (meeting.kind == MeetingKind::kCouncil && meeting.status == MeetingStatus::kEnded &&
            meeting.starts_unix >= latest) {
            latest = meeting.starts_unix;
            meeting_id = meeting.id;
        }
    }
    seed_demo_petitions(database_file, config.petitions, petition_elderships(council),
                        now_unix_ms(), meeting_id);
}

// Folds the petitions' new confirmations into their counts, and closes those whose time is
// up; neither writes anything when there is nothing to do.
// The day-before reminders (each once, marked in the job that queues its mail) and the holds
// and unconfirmed bookings whose time ran out. Nothing is written when nothing is due.
void run_booking_timers(BookingStore& bookings,
                        asio::strand<asio::io_context::executor_type>& control) {
    asio::co_spawn(control, bookings.send_reminders(now_unix_ms()),
                   [](std::exception_ptr error, int) {
                       if (error) log_failure("bookings", error);
                   });
    asio::co_spawn(control, bookings.expire_holds(now_unix_ms()),
                   [](std::exception_ptr error, int) {
                       if (error) log_failure("bookings", error);
                   });
}

// The reports' webhooks due (POSTed on `pool`, off the network threads) and the
// fixed-questionnaires due; nothing is written when nothing is due.
void run_report_timers(ReportStore& reports, ReportRouting& routing, asio::thread_pool& pool,
                       asio::strand<asio::io_context::executor_type>& control) {
    asio::co_spawn(control, routing.deliver_due(pool), [](std::exception_ptr error, int) {
        if (error) log_failure("reports", error);
    });
    asio::co_spawn(control, reports.send_questionnaires(now_unix_ms()),
                   [](std::exception_ptr error, int) {
                       if (error) log_failure("reports", error);
                   });
}

void run_petition_timers(PetitionStore& petitions,
                         asio::strand<asio::io_context::executor_type>& control) {
    asio::co_spawn(control, petitions.tally(), [](std::exception_ptr error, int) {
        if (error) log_failure("petitions", error);
    });
    asio::co_spawn(control, petitions.close_due(now_unix_ms()), [](std::exception_ptr error) {
        if (error) log_failure("petitions", error);
    });
}

}  // namespace

std::vector<std::string> exposed_secrets(const config::Config& config) {
    std::vector<std::string> warnings;
    std::vector<const std::filesystem::path*> files{&config.tls.private_key,
                                                    &config.mail.password_file};
    for (const auto& channel : config.channels) {
        for (const auto& camera : channel.cameras) files.push_back(&camera.credentials_file);
    }
    for (const auto* file : files) {
        if (file->empty()) continue;
        if (auto problem = exposed_secret(*file)) warnings.push_back(*problem);
    }
    return warnings;
}

int migrate_data_dir(const std::filesystem::path& data_dir) {
    make_data_dir_private(data_dir);
    Database db(database_path(data_dir));
    return migrate_database(db);
}

int verify_logs(const std::filesystem::path& data_dir) {
    const auto database_file = database_path(data_dir);
    if (!std::filesystem::exists(database_file)) {
        throw InvalidInput(
            fmt::format("{} has no database ({}); give the data directory the "
                        "portal serves from",
                        data_dir.string(), database_file.filename().string()));
    }
    Database db(database_file, Durability::kNormal, OpenMode::kReadOnly);
    // The vote log came with migration 10: an older database is brought up to date by
    // `councilcast migrate` (or the portal starting), never by a read-only check.
    Statement tables = db.cached(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('vote_log', "
        "'audit_log')");
    if (!tables.step() || tables.column_int(0) != 2) {
        throw InvalidInput(fmt::format("{} has no vote log yet; run councilcast migrate first",
                                       database_file.string()));
    }
    tables.reset();
    const std::string vote_problem = VotingStore::verify_chain(db);
    if (!vote_problem.empty()) {
        std::fprintf(stderr, "councilcast: %s: %s\n", database_file.c_str(), vote_problem.c_str());
        return 1;
    }
    if (auto audit_problem = AuditLog::first_broken_entry(db)) {
        std::fprintf(stderr,
                     "councilcast: %s: audit log entry %lld does not match its hash: it was "
                     "changed, or an entry before it was removed or rewritten\n",
                     database_file.c_str(), static_cast<long long>(*audit_problem));
        return 1;
    }
    auto count = [&db](std::string_view table) {
        Statement select = db.cached(fmt::format("SELECT count(*) FROM {}", table));
        select.step();
        return select.column_int(0);
    };
    Statement head = db.cached("SELECT hash FROM vote_log ORDER BY id DESC LIMIT 1");
    const std::string vote_head = head.step() ? head.column_text(0) : std::string("none");
    head.reset();
    std::printf("%s: vote log intact (%lld entries, head %s); audit log intact (%lld entries)\n",
                database_file.c_str(), static_cast<long long>(count("vote_log")), vote_head.c_str(),
                static_cast<long long>(count("audit_log")));
    return 0;
}

bool roster_has_member(const std::filesystem::path& data_dir, std::int64_t member_id) {
    DatabaseWriter writer(database_path(data_dir));
    CouncilStore council(database_path(data_dir), data_dir, writer);
    return council.snapshot()->member(member_id) != nullptr;
}

int serve(const config::Config& config, const std::filesystem::path& executable, bool demo,
          bool simulate_sitting) {
    // A write to a worker that has just died must fail with EPIPE, not kill the portal.
    ::signal(SIGPIPE, SIG_IGN);
    make_data_dir_private(config.server.data_dir);
    for (const auto& warning : exposed_secrets(config)) spdlog::warn("{}", warning);
    const auto media_root = config.server.data_dir / "media";
    std::filesystem::create_directories(media_root);
    remove_partial_segments(media_root);

    const auto database_file = database_path(config.server.data_dir);
    {
        Database db(database_file);
        migrate_database(db);
    }
    // Every durable write of the portal goes through this one connection and thread, behind a
    // bounded queue; network threads await their writes and never fsync. Readers have their own
    // connections or snapshots.
    DatabaseWriter writer(database_file);
    // Built on the writer's thread: the index keeps the writer's connection for its own writes.
    std::optional<archive::SegmentIndex> index;
    writer.execute([&index](Database& db) { index.emplace(db); });
    // The dispatcher has its own thread, so a slow relay never holds up a request; `mail` is what
    // request handlers enqueue into, each message committed with synchronous=FULL.
    // The demo's .eml files hold every message whole anyway; a relay's mailbox is the only place
    // a live one-time link should stay.
    MailQueue mail(database_file, config.mail.from_address, writer,
                   config.mail.transport == "files" ? SentCopy::kWhole : SentCopy::kRedacted);
    MailDispatcher mail_dispatcher(mail, make_mail_transport(config.mail, config.server.data_dir),
                                   {.max_interval = config.mail.max_retry_interval,
                                    .give_up_after = config.mail.give_up_after});

    AccountStore accounts(database_file, writer);
    AuditLog audit(database_file, writer);
    OneOffActions one_off_actions(writer);
    CouncilStore council(database_file, config.server.data_dir, writer);
    if (demo) {
        const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        seed_demo_council(council, now, config.channels.empty() ? "" : config.channels[0].id);
        keep_demo_calendar_current(council, now);
        seed_petitions(database_file, config, council);
        seed_bookings(database_file, config, accounts);
        seed_operator(config, accounts);
        seed_reports(database_file, config);
    }
    VotingStore voting(database_file, writer, voting_rules(config.voting));
    PetitionStore petitions(database_file, writer, config.petitions, petition_elderships(council));
    BookingStore bookings(database_file, writer, config.bookings, booking_officials(accounts));
    // `councilcast demo` lets programs post reports through Open311 with a key of its own.
    config::Reports report_settings = config.reports;
    if (demo) report_settings.open311_api_keys.push_back(demo_open311_key(config.server.data_dir));
    ReportStore reports(database_file, writer, report_settings);
    RecordingStore recordings(database_file, writer);
    CaptionStore captions(database_file, writer);
    // `councilcast demo` records a few held meetings on a channel of its own (demo_archive); no
    // worker streams it, so only the recordings have it in their configuration.
    config::Config recordings_config = config;
    add_import_channels(recordings_config);
    if (simulate_sitting && !config.channels.empty()) {
        recordings_config.channels.push_back(demo_archive_channel(config.channels.front()));
    }
    // Editors' chapters, speakers and notes: written here, read in the recordings' snapshot.
    AnnotationStore annotations(writer, recordings);
    RecordingArchive recording_archive(recordings_config, database_file, recordings, *index,
                                       council);
    RedactionStore redactions(database_file, writer);
    recording_archive.use_redactions(redactions);
    // A vote opened or an item begun without a media time is placed on the recording now.
    voting.set_media_clock([&recording_archive](std::int64_t meeting_id) {
        return recording_archive.media_time(meeting_id, now_unix_ms());
    });
    DiskGuard disk_guard(media_root, config.recordings.min_free_mb << 20, *index, recording_archive,
                         config.hls.keep_removed_segments);
    SessionManager sessions(accounts, config.accounts.session_idle_timeout,
                            config.accounts.session_absolute_timeout);
    CsrfGuard csrf(config.server.data_dir / "site.key");
    HashingPool hashing(config.accounts.hash_threads, config.accounts.hash_queue);
    const CommonPasswords common_passwords = load_common_passwords(config.accounts);

    // The staff upload's imports: a worker thread of their own, stopped before the stores.
    ImportService import_service(recordings_config, media_root, writer);
    ImportJobs import_jobs(import_service, recordings, media_root / ".import");

    Metrics metrics;
    // The operator's console's view of the halls; their channels are wired to the workers below.
    HallDesk hall_desk;
    // Low-Latency HLS's parts, from the workers to the live playlists and their players.
    std::optional<LiveParts> live_parts;
    if (config.hls.parts_per_segment > 0) live_parts.emplace(config.hls.parts_per_segment);
    // The site, then each module with the routes, navigation and crawler entries it adds.
    Site site(config, locate_share(config, executable), metrics, writer,
              {sessions, csrf, audit, writer});
    // A confirmed report's department mail and webhook.
    ReportRouting report_routing(database_file, writer, config, mail, site.renderer());
    // The webhooks' POSTs: one thread, so a slow receiver delays only the next delivery.
    asio::thread_pool report_pool(1);
    WebModules modules(config, site,
                       {{accounts, sessions, hashing, common_passwords, mail, one_off_actions},
                        accounts,
                        audit,
                        council,
                        voting,
                        *index,
                        metrics,
                        recordings,
                        recording_archive,
                        annotations,
                        disk_guard,
                        redactions,
                        captions,
                        import_jobs,
                        petitions,
                        bookings,
                        reports,
                        report_routing,
                        hall_desk,
                        live_parts ? &*live_parts : nullptr});
    // Redactions and publishing change what search may show, the same way.
    redactions.set_listener(
        [&modules](const RedactionsSnapshot&) { modules.recordings_changed(); });
    captions.set_listener([&modules](const CaptionsSnapshot&) { modules.recordings_changed(); });
    // `councilcast demo`: the council sits on its live meeting. Made before the event loop, whose
    // destruction ends the coroutine that uses it.
    std::optional<DemoSitting> demo_sitting;
    if (simulate_sitting) {
        demo_sitting.emplace(
            voting, council,
            LocalizedText{site.renderer().message(Language::kLt, "console_default_motion"),
                          site.renderer().message(Language::kEn, "console_default_motion")},
            DemoSitting::Timing{});
    }
    // After everything a request may use and destroyed before it: destroying the event loop
    // destroys the coroutines it still holds, which refer to the site, its modules and stores.
    asio::io_context io;
    std::shared_ptr<TlsContext> tls;
    if (!config.tls.certificate.empty()) {
        tls = std::make_shared<TlsContext>(config.tls.certificate, config.tls.private_key);
        spdlog::info("TLS certificate: {}", tls->summary());
    }
    HttpServer server(
        io, config.server.listen, config.http,
        [&site](Request request, RequestContext context) {
            return site.handle(std::move(request), std::move(context));
        },
        tls, [&site](const auto& header) { return site.carries_upload(header); });
    // Every answer is counted here, the server's own refusals included.
    auto count_reply = [&metrics](std::string_view target, const Reply& reply) {
        metrics.count_request(request_kind(target), reply.status_code());
    };
    server.set_observer(count_reply);
    server.set_too_large_text([&site](const auto& header, std::string_view limit, bool upload) {
        return site.too_large_text(header, limit, upload);
    });
    server.set_forwarding(forwarding_of(config.server));
    std::optional<HttpServer> redirect;
    if (tls && !config.tls.redirect_listen.empty()) {
        redirect.emplace(
            io, config.tls.redirect_listen, config.http,
            HttpsRedirect(
                config.server.public_url, server.local_endpoint().port(),
                [&site](const Request& request, std::string_view key, std::string_view location) {
                    // The address names no language before the redirect: the
                    // browser's preference decides.
                    return site.renderer().format(
                        preferred_language(request[boost::beast::http::field::accept_language]),
                        key, {{"location", location}});
                })
                .handler());
        redirect->set_observer(count_reply);
    }
    site.set_media_problem([&disk_guard] { return disk_guard.problem(); });
    site.set_extra_metrics([&server, &writer, &disk_guard, &recordings] {
        const auto snapshot = recordings.snapshot();
        const auto in_state = [&snapshot](RecordingState state) {
            return std::count_if(snapshot->recordings.begin(), snapshot->recordings.end(),
                                 [state](const Recording& r) { return r.state == state; });
        };
        return fmt::format(
            "# HELP councilcast_http_connections Open HTTP connections.\n"
            "# TYPE councilcast_http_connections gauge\ncouncilcast_http_connections {}\n{}{}"
            "# HELP councilcast_recordings_recording Meetings being recorded now.\n"
            "# TYPE councilcast_recordings_recording gauge\ncouncilcast_recordings_recording {}\n"
            "# HELP councilcast_recordings_stopped Recordings the disk guard stopped.\n"
            "# TYPE councilcast_recordings_stopped gauge\ncouncilcast_recordings_stopped {}\n",
            server.open_connections(), writer_metrics(writer), disk_guard.metrics(),
            in_state(RecordingState::kRecording),
            std::count_if(
                snapshot->recordings.begin(), snapshot->recordings.end(),
                [](const Recording& r) { return r.stopped_by == StopReason::kDiskGuard; }));
    });

    // Timers and signals that start and stop things run on one strand, never two at once.
    auto control = asio::make_strand(io);
    // The recordings reach search (chapters and their moments) through this listener alone. A
    // recording that arrived (an import, here or from `councilcast import`) may be unpublished:
    // the redactions' snapshot, which says so, is made again too.
    recordings.set_listener([&modules, &redactions, &control](const RecordingsSnapshot&) {
        modules.recordings_changed();
        asio::co_spawn(control, redactions.reload(), [](std::exception_ptr error) {
            if (error) log_failure("redactions", error);
        });
    });
    // Meetings going live and ending start and finish their recordings; the council reaches the
    // meetings' event streams and the recordings through this listener alone.
    RecordingLifecycle recording_lifecycle(recordings, site.renderer(), control);
    council.set_listener([&modules, &recording_lifecycle](const CouncilSnapshot& snapshot) {
        modules.council_changed(snapshot);
        recording_lifecycle.council_changed(snapshot);
    });
    recording_lifecycle.reconcile(*council.snapshot());
    std::vector<std::unique_ptr<WorkerSupervisor>> workers;
    for (const auto& channel : config.channels) {
        const std::string channel_id = channel.id;
        WorkerSupervisor::Callbacks callbacks{
            .on_spawn =
                [&writer, &index, &hall_desk, &live_parts, channel_id] {
                    hall_desk.worker_starting(channel_id);
                    if (live_parts) live_parts->worker_started(channel_id);
                    writer.post(
                        [&index, channel_id](Database&) { index->mark_discontinuity(channel_id); },
                        fmt::format("[channel:{}] discontinuity", channel_id));
                },
            // A fragment the index cannot take (a full disk) is logged and skipped: the stream
            // and the site go on, and /healthz and /metrics say storage is failing. Every
            // rendition's segment of it in one job, so the renditions stay one timeline.
            .on_fragment =
                [&writer, &index, &metrics, &live_parts,
                 channel_id](const std::vector<streamer::SegmentClosed>& fragment) {
                    std::vector<std::pair<std::string, archive::NewSegment>> parts;
                    for (const auto& segment : fragment) {
                        parts.emplace_back(segment.rendition,
                                           archive::NewSegment{segment.file, segment.start_unix_ms,
                                                               segment.duration_us, segment.bytes});
                    }
                    writer.post(
                        [&index, channel_id, parts = std::move(parts)](Database&) {
                            return index->write_fragment(channel_id, parts);
                        },
                        [&index, &metrics, &live_parts, channel_id,
                         number =
                             fragment.front().fragment](const std::vector<archive::Segment>& rows) {
                            // The parts learn their segment's number first: a playlist that
                            // already lists the segment always knows where its parts go.
                            if (live_parts) live_parts->fragment_indexed(channel_id, number, rows);
                            for (const auto& row : rows) {
                                index->remember(row);
                                metrics.count_segment_published(channel_id);
                            }
                            if (live_parts) live_parts->edge_moved(channel_id);
                        },
                        fmt::format("[channel:{} segment:{}]", channel_id, fragment.front().file));
                },
            .on_crash = [&metrics, channel_id](
                            const std::string&) { metrics.count_worker_restart(channel_id); },
            .on_status =
                [&hall_desk, channel_id](const streamer::HallStatus& status) {
                    hall_desk.status_arrived(channel_id, status);
                },
            .on_rendition =
                [&modules, channel_id](const streamer::RenditionReport& report) {
                    modules.rendition_reported(channel_id, report);
                },
            .on_media =
                [&live_parts, channel_id](const streamer::MediaBytes& media, std::string&& data) {
                    if (live_parts) live_parts->add_bytes(channel_id, media, std::move(data));
                },
            .on_part =
                [&live_parts, channel_id](const streamer::PartClosed& part) {
                    if (live_parts) live_parts->close_part(channel_id, part);
                },
        };
        // Through /proc/self/exe, not its path: after a package upgrade replaced the binary, the
        // path names the new one (or nothing) while this process is still the old one.
        workers.push_back(std::make_unique<WorkerSupervisor>(
            io, "/proc/self/exe",
            worker_settings(config, channel, site.renderer(), site.localization()),
            std::move(callbacks)));
    }
    wire_hall_desk(hall_desk, config, workers, council, recordings, site.renderer());
    // The voting reaches the meetings' event streams and the picture through this listener
    // alone. A write that lands after `workers` is cleared at shutdown finds no channel.
    voting.set_listener([&](const VotingSnapshot& snapshot, std::int64_t meeting_id) {
        modules.voting_changed(snapshot, meeting_id);
        recording_lifecycle.voting_changed(snapshot, meeting_id, *council.snapshot());
        show_voting(snapshot, meeting_id, *council.snapshot(), voting.rules(), config,
                    site.renderer(), workers);
    });

    // Expired sessions and links, and mail past its keeping time, go through the writer.
    asio::steady_timer session_timer(control);
    asio::co_spawn(
        control,
        run_every(session_timer, kSessionSweepInterval,
                  [&modules, &mail, &control, keep_sent = config.mail.keep_sent] {
                      asio::co_spawn(control, modules.remove_expired(),
                                     [](std::exception_ptr error) {
                                         if (error) log_failure("sessions", error);
                                     });
                      asio::co_spawn(
                          control, mail.remove_done_before(MailQueue::Clock::now() - keep_sent),
                          [](std::exception_ptr error, int removed) {
                              if (error) log_failure("mail", error);
                              if (removed > 0)
                                  spdlog::debug("mail: {} old messages removed", removed);
                          });
                  }),
        asio::detached);

    // A vote's countdown ends it without anyone pressing Close. Nothing is written until one
    // has ended (close_due_votes reads the snapshot first).
    asio::steady_timer voting_timer(control);
    asio::co_spawn(control,
                   run_every(voting_timer, kVoteCountdownInterval,
                             [&voting, &control] {
                                 asio::co_spawn(control, voting.close_due_votes(now_unix_ms()),
                                                [](std::exception_ptr error) {
                                                    if (error) log_failure("voting", error);
                                                });
                             }),
                   asio::detached);

    // Signature counts on the pages lag the confirmations by at most one tally interval.
    asio::steady_timer petition_timer(control);
    asio::co_spawn(control,
                   run_every(petition_timer, config.petitions.tally_interval,
                             [&petitions, &control] { run_petition_timers(petitions, control); }),
                   asio::detached);

    // Reminders that fell due while the server was down go at once, not a period later.
    asio::steady_timer booking_timer(control);
    run_booking_timers(bookings, control);
    asio::co_spawn(control,
                   run_every(booking_timer, kBookingTimerInterval,
                             [&bookings, &control] { run_booking_timers(bookings, control); }),
                   asio::detached);

    // Webhooks that fell due while the server was down go at once.
    asio::steady_timer report_timer(control);
    run_report_timers(reports, report_routing, report_pool, control);
    asio::co_spawn(control,
                   run_every(report_timer, kReportTimerInterval,
                             [&reports, &report_routing, &report_pool, &control] {
                                 run_report_timers(reports, report_routing, report_pool, control);
                             }),
                   asio::detached);

    asio::steady_timer retention_timer(control);
    if (config.hls.retention.count() > 0) {
        auto remove_expired = [&] {
            writer.post(
                [&, kept = recording_archive.kept_spans()](Database&) {
                    remove_expired_segments(*index, media_root, config.hls.retention, kept);
                },
                "[retention]");
        };
        // At once too: a portal that was down for days has that much to catch up on.
        remove_expired();
        asio::co_spawn(control, run_every(retention_timer, kRetentionInterval, remove_expired),
                       asio::detached);
    }

    // `councilcast import` registers recordings through its own connection.
    asio::steady_timer other_writers_timer(control);
    asio::co_spawn(control,
                   run_every(other_writers_timer, kOtherWritersInterval,
                             [&recordings, &control] {
                                 asio::co_spawn(control, recordings.notice_other_writers(),
                                                [](std::exception_ptr error) {
                                                    if (error) log_failure("recordings", error);
                                                });
                             }),
                   asio::detached);

    asio::steady_timer disk_guard_timer(control);
    if (config.recordings.min_free_mb > 0) {
        asio::co_spawn(control,
                       run_every(disk_guard_timer, kDiskGuardInterval,
                                 [&] {
                                     asio::co_spawn(control,
                                                    guard_disk(writer, disk_guard, recordings),
                                                    [](std::exception_ptr error) {
                                                        if (error) log_failure("disk guard", error);
                                                    });
                                 }),
                       asio::detached);
    }

    // Its own thread; destroyed (stopped and joined) before the stores and the writer it uses.
    std::optional<DemoArchive> demo_archive;
    if (simulate_sitting && !config.channels.empty()) {
        demo_archive.emplace(DemoArchive::Services{recordings_config.channels.back(), media_root,
                                                   writer, *index, recordings, council, captions},
                             DemoArchive::Shape{});
    }

    asio::signal_set hangups(control, SIGHUP);
    asio::co_spawn(control, reload_on_hangup(hangups, tls.get()), asio::detached);
    asio::signal_set signals(control, SIGINT, SIGTERM);
    asio::steady_timer shutdown_timer(control);
    asio::steady_timer watchdog(control);
    signals.async_wait([&](boost::system::error_code, int signal) {
        spdlog::info("signal {}: shutting down", signal);
        sd_notify(0, "STOPPING=1");
        server.stop();
        if (redirect) redirect->stop();
        hangups.cancel();
        retention_timer.cancel();
        disk_guard_timer.cancel();
        other_writers_timer.cancel();
        session_timer.cancel();
        voting_timer.cancel();
        petition_timer.cancel();
        booking_timer.cancel();
        report_timer.cancel();
        watchdog.cancel();
        for (auto& worker : workers) worker->stop();
        auto drained = [&] {
            return server.open_connections() == 0 &&
                   (!redirect || redirect->open_connections() == 0) &&
                   std::all_of(workers.begin(), workers.end(),
                               [](const auto& worker) { return worker->stopped(); });
        };
        asio::co_spawn(control, drain_then_stop(io, shutdown_timer, drained), asio::detached);
    });

    if (config.server.public_url.empty()) {
        const auto bound = server.local_endpoint();
        const std::string host = bound.address().is_v6() ? "[" + bound.address().to_string() + "]"
                                                         : bound.address().to_string();
        if (bound.address().is_unspecified()) {
            spdlog::warn(
                "server.public_url is not set and the server listens on every address: "
                "links in mail will name {}; set public_url to the site's address",
                bound.address().to_string());
        }
        const std::string url = fmt::format(
            "{}://{}:{}", config.tls.certificate.empty() ? "http" : "https", host, bound.port());
        site.set_public_url(url);
        modules.set_public_url(url);
    }
    server.start();
    if (redirect) redirect->start();
    for (auto& worker : workers) worker->start();
    mail_dispatcher.start();
    // After the server: the demo answers while its archive is being made.
    if (demo_archive) demo_archive->start();
    if (demo_sitting) {
        asio::co_spawn(control, demo_sitting->run(), [](std::exception_ptr error) {
            if (error) log_failure("demo sitting", error);
        });
    }
    auto endpoint = server.local_endpoint();
    std::printf("councilcast: serving %s://%s:%u/\n", tls ? "https" : "http",
                endpoint.address().to_string().c_str(), endpoint.port());
    if (demo) {
        std::printf("councilcast: Open311 API key \"%s\" (POST /open311/v2/requests.json)\n",
                    report_settings.open311_api_keys.back().key.c_str());
    }
    std::fflush(stdout);
    spdlog::info("serving on {}:{} with data in {}", endpoint.address().to_string(),
                 endpoint.port(), config.server.data_dir.string());
    if (redirect) {
        spdlog::info("redirecting plain HTTP on {} to HTTPS", config.tls.redirect_listen);
    }
    warn_if_clear_text_exposed(config, endpoint.address());
    notify_systemd(watchdog);

    std::vector<std::thread> threads;
    for (int i = 1; i < config.server.threads; ++i) threads.emplace_back([&io] { io.run(); });
    io.run();
    for (auto& thread : threads) thread.join();
    mail_dispatcher.stop();
    workers.clear();
    // Hashing jobs and disk calls still running post their results to the event loop: it must
    // outlive them.
    hashing.join();
    report_pool.join();
    modules.stop_media_work();
    server.join_disk();
    if (redirect) redirect->join_disk();
    // Nothing queues a write any more: the writer finishes what is queued while everything its
    // jobs use is still alive.
    writer.flush();
    return 0;
}

}  // namespace councilcast::portal
