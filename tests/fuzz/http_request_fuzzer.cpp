// libFuzzer target for the HTTP request path: bytes → Beast parser with the server's limits →
// the real Site → the whole serialised response, which must parse back as one valid response.
// In the fuzzing build the CSRF guard takes the token "fuzz-token", and "session=STAFF" in an
// input becomes a signed-in administrator and editor's session, so the form handlers behind the
// token check and the staff pages behind sign-in are fuzzed too.
#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "archive/segment_index.hpp"
#include "common/database.hpp"
#include "common/database_writer.hpp"
#include "config/config_loader.hpp"
#include "portal/accounts/account_store.hpp"
#include "portal/accounts/common_passwords.hpp"
#include "portal/accounts/hashing_pool.hpp"
#include "portal/accounts/one_off_actions.hpp"
#include "portal/accounts/password_hasher.hpp"
#include "portal/accounts/roles.hpp"
#include "portal/accounts/session_manager.hpp"
#include "portal/audit/audit_log.hpp"
#include "portal/bookings/booking_store.hpp"
#include "portal/console/hall_desk.hpp"
#include "portal/council/council_store.hpp"
#include "portal/http/csrf_guard.hpp"
#include "portal/http/http_server.hpp"
#include "portal/libraries.hpp"
#include "portal/mail/mail_queue.hpp"
#include "portal/petitions/petition_store.hpp"
#include "portal/recordings/annotation_store.hpp"
#include "portal/recordings/caption_store.hpp"
#include "portal/recordings/disk_guard.hpp"
#include "portal/recordings/import_jobs.hpp"
#include "portal/recordings/import_service.hpp"
#include "portal/recordings/recording_archive.hpp"
#include "portal/recordings/recording_store.hpp"
#include "portal/recordings/redaction_store.hpp"
#include "portal/reports/report_routing.hpp"
#include "portal/reports/report_store.hpp"
#include "portal/schema.hpp"
#include "portal/site/metrics.hpp"
#include "portal/site/site.hpp"
#include "portal/voting/vote_rules.hpp"
#include "portal/voting/voting_store.hpp"
#include "portal/web_modules.hpp"

namespace {

using namespace councilcast;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// A keep-alive input may carry several requests, as a pipelining client sends them; past this
// many, one input would take long enough to slow the whole run.
constexpr int kMaxRequestsPerInput = 16;
constexpr std::string_view kChannel = "hall";
constexpr std::string_view kRendition = "720p";
constexpr int kSegments = 3;
constexpr std::int64_t kSegmentMs = 2000;
// A made-up MPEG-TS payload: the site serves bytes, it never looks inside a segment.
constexpr std::size_t kSegmentBytes = 188 * 20;
// Replaced by a live staff session's token wherever an input has it (see the top).
constexpr std::string_view kStaffSession = "session=STAFF";
// An account the sign-in seeds know the password of.
constexpr std::string_view kResident = "ona@example.lt";
constexpr std::string_view kResidentPassword = "correct horse battery staple";

[[noreturn]] void fail(std::string_view what, std::string_view request) {
    std::fprintf(stderr, "http_request_fuzzer: %.*s\nrequest starts: %.*s\n",
                 static_cast<int>(what.size()), what.data(),
                 static_cast<int>(std::min<std::size_t>(request.size(), 512)), request.data());
    std::abort();
}

// A fresh data directory, so every run starts from the same state; removed after everything
// that keeps files open in it is gone.
class ScratchDir {
  public:
    ScratchDir() {
        std::string pattern =
            (std::filesystem::temp_directory_path() / "councilcast-fuzz-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) fail("cannot make a data directory", "");
        path_ = pattern;
    }
    ~ScratchDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

config::Config fuzz_config(const std::filesystem::path& data_dir) {
    config::Config config = config::demo_config();
    config.server.data_dir = data_dir;
    // Every input comes from one client at a few accounts: with the hourly limits a run would
    // soon meet only the 429 page, not the handlers behind it. Set here, past the ranges the
    // loader allows, because the limits themselves are not what is fuzzed.
    constexpr std::uint32_t kUnlimited = 1'000'000'000;
    config.accounts.max_failed_logins_per_account = kUnlimited;
    config.accounts.max_failed_logins_per_account_and_address = kUnlimited;
    config.accounts.max_failed_logins_per_address = kUnlimited;
    config.accounts.max_signups_per_address = kUnlimited;
    config.accounts.max_mails_per_account = kUnlimited;
    config.accounts.max_password_resets_per_address = kUnlimited;
    return config;
}

// The source tree's templates, messages and assets, as `councilcast demo` finds them when run
// from a build directory.
portal::SharePaths source_share() {
    const std::filesystem::path source = COUNCILCAST_SOURCE_DIR;
    return {source / "portal" / "templates", source / "portal" / "messages",
            source / "portal" / "static", source / "node_modules" / "hls.js" / "dist",
            source / "portal" / "api" / "openapi.json"};
}

std::filesystem::path database_file(const config::Config& config) {
    return config.server.data_dir / "councilcast.sqlite";
}

// Everything `councilcast serve` builds around a Site, with real SQLite and templates; made once
// per process, as libFuzzer runs millions of inputs through it.
class FuzzPortal {
  public:
    FuzzPortal()
        : config_(fuzz_config(data_dir_.path())),
          db_(database_file(config_)),
          index_(migrated(db_)),
          writer_(database_file(config_)),
          accounts_(database_file(config_), writer_),
          audit_(database_file(config_), writer_),
          sessions_(accounts_, config_.accounts.session_idle_timeout,
                    config_.accounts.session_absolute_timeout),
          csrf_(config_.server.data_dir / "site.key"),
          hashing_(config_.accounts.hash_threads, config_.accounts.hash_queue),
          common_passwords_(config_.accounts.common_passwords),
          // The queue is real but no dispatcher runs: mail waits in the scratch database.
          mail_(database_file(config_), config_.mail.from_address, writer_),
          one_off_actions_(writer_),
          council_(database_file(config_), config_.server.data_dir, writer_),
          voting_(database_file(config_), writer_, portal::voting_rules(config_.voting)),
          petitions_(database_file(config_), writer_, config_.petitions),
          bookings_(database_file(config_), writer_, config_.bookings),
          reports_(database_file(config_), writer_, config_.reports),
          recordings_(database_file(config_), writer_),
          captions_(database_file(config_), writer_),
          recording_archive_(config_, database_file(config_), recordings_, index_, council_),
          annotations_(writer_, recordings_),
          redactions_(database_file(config_), writer_),
          import_service_(config_, config_.server.data_dir / "media", writer_),
          import_jobs_(import_service_, recordings_, config_.server.data_dir / "media" / ".import"),
          disk_guard_(config_.server.data_dir / "media", 0, index_, recording_archive_,
                      config_.hls.keep_removed_segments),
          site_(config_, source_share(), metrics_, writer_, {sessions_, csrf_, audit_, writer_}),
          report_routing_(database_file(config_), writer_, config_, mail_, site_.renderer()),
          modules_(config_, site_,
                   {{accounts_, sessions_, hashing_, common_passwords_, mail_, one_off_actions_},
                    accounts_,
                    audit_,
                    council_,
                    voting_,
                    index_,
                    metrics_,
                    recordings_,
                    recording_archive_,
                    annotations_,
                    disk_guard_,
                    redactions_,
                    captions_,
                    import_jobs_,
                    petitions_,
                    bookings_,
                    reports_,
                    report_routing_,
                    hall_desk_}) {
        recording_archive_.use_redactions(redactions_);
        council_.set_listener([this](const portal::CouncilSnapshot& snapshot) {
            modules_.council_changed(snapshot);
        });
        add_live_segments();
        add_council();
        add_accounts();
        add_hall();
    }

    const config::HttpLimits& limits() const { return config_.http; }
    portal::Site& site() { return site_; }
    const std::string& staff_session() const { return staff_session_; }

  private:
    // The index reads its tables when it is made, so the schema must be current before.
    static Database& migrated(Database& db) {
        portal::migrate_database(db);
        return db;
    }

    // A small council record, so the feeds and open-data routes answer with content rather than
    // 404. Not the demo's seed: its PDFs go through pango, whose fontconfig caches
    // LeakSanitizer reports at exit.
    void add_council() {
        using namespace portal;
        const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        const auto group =
            block_on(council_.add_group({0, {"Liberalų sąjūdis", "Liberal Movement"}, "LS"}));
        CouncilMember member;
        member.name = "Rasa Petrauskienė";
        member.group_id = group;
        member.position = CouncilPosition::kChair;
        member.term_start = "2023-04-20";
        const auto member_id = block_on(council_.add_member(member));
        Committee committee;
        committee.name = {"Kontrolės komitetas", "Audit Committee"};
        committee.chair_member_id = member_id;
        committee.member_ids = {member_id};
        const auto committee_id = block_on(council_.add_committee(committee));
        block_on(council_.add_eldership({0, "Vievio seniūnija"}));
        Meeting meeting;
        meeting.title = {"Tarybos posėdis Nr. 1", "Council meeting no. 1"};
        meeting.starts_unix = now - 3600;
        meeting.place = {"Posėdžių salė", ""};
        meeting.status = MeetingStatus::kLive;
        meeting.channel_id = std::string(kChannel);
        const auto meeting_id = block_on(council_.add_meeting(meeting));
        // Its recording, from before the live segments, so the recordings' routes answer too.
        block_on(recordings_.start(meeting_id, kChannel, (now - 3600) * 1000));
        const auto item_id =
            block_on(council_.add_agenda_item({0,
                                               meeting_id,
                                               0,
                                               {"Dėl biudžeto <b>&</b>", "The budget"},
                                               "Asta",
                                               {"**Svarbu**", ""}}));
        block_on(council_.add_agenda_item({0, meeting_id, 0, {"=cmd|' /C calc'!A0", ""}, "", {}}));
        block_on(council_.add_document(
            {0, item_id, {"Projektas", "Draft"}, "projektas.pdf", "application/pdf"},
            "%PDF-1.4\n%fuzz\n"));
        block_on(council_.add_decision(
            {0, item_id, "KS-1", DecisionOutcome::kAdopted, {"Pritarti.", "Adopted."}, now}));
        Meeting cancelled;
        cancelled.kind = MeetingKind::kCommittee;
        cancelled.committee_id = committee_id;
        cancelled.title = {"Kontrolės komiteto posėdis", ""};
        cancelled.starts_unix = now + 7 * 24 * 3600;
        cancelled.status = MeetingStatus::kCancelled;
        block_on(council_.add_meeting(cancelled));
    }

    // A resident who can sign in, and a staff account already signed in.
    void add_accounts() {
        using namespace portal;
        const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
        User resident;
        resident.email = kResident;
        resident.password_hash = PasswordHasher().hash(kResidentPassword);
        resident.verified = true;
        block_on(accounts_.create_user(resident, now_ms));
        User staff;
        staff.email = "admin@example.lt";
        staff.roles = Roles(Role::kAdmin) | Role::kEditor;
        staff.verified = true;
        staff.id = block_on(accounts_.create_user(staff, now_ms)).value();
        staff_session_ = "session=" + block_on(sessions_.start(staff, now_ms));
    }

    // The console's channels, each with a worker that acknowledges every command at once (no
    // worker runs here), so the console's forms are fuzzed up to the answer.
    void add_hall() {
        for (const auto& channel : config_.channels) {
            portal::HallChannel hall{
                .id = channel.id,
                .title_lt = channel.title_lt,
                .title_en = channel.title_en,
                .pip_camera = channel.pip.camera,
                .previews = config_.server.data_dir / "media" / channel.id / "preview"};
            for (const auto& camera : channel.cameras) {
                hall.cameras.push_back({camera.id, camera.title});
            }
            hall.command = [](streamer::HallCommand command,
                              std::function<void(portal::HallAnswer)> done) {
                streamer::HallState state;
                state.program = command.camera;
                done({state, {}});
            };
            hall.broadcast = [](bool) {};
            hall.on_air = [] { return true; };
            hall_desk_.add_channel(std::move(hall));
        }
    }

    // A few segment files, indexed as the worker would announce them, so the live playlist and
    // segment routes answer with content rather than 404.
    void add_live_segments() {
        const auto dir = config_.server.data_dir / "media" / kChannel / kRendition;
        std::filesystem::create_directories(dir);
        const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count();
        for (int i = 1; i <= kSegments; ++i) {
            const std::string file = "67a1b2c3-00000" + std::to_string(i) + ".ts";
            std::ofstream(dir / file, std::ios::binary) << std::string(kSegmentBytes, 'G');
            index_.add(kChannel, kRendition,
                       {file, now_ms - (kSegments + 1 - i) * kSegmentMs, kSegmentMs * 1000,
                        static_cast<std::int64_t>(kSegmentBytes)});
        }
    }

    ScratchDir data_dir_;  // first: destroyed last
    config::Config config_;
    Database db_;
    archive::SegmentIndex index_;
    DatabaseWriter writer_;
    portal::AccountStore accounts_;
    portal::AuditLog audit_;
    portal::SessionManager sessions_;
    portal::CsrfGuard csrf_;
    portal::HashingPool hashing_;
    portal::CommonPasswords common_passwords_;
    portal::MailQueue mail_;
    portal::OneOffActions one_off_actions_;
    portal::CouncilStore council_;
    portal::VotingStore voting_;
    portal::PetitionStore petitions_;
    portal::BookingStore bookings_;
    portal::ReportStore reports_;
    portal::RecordingStore recordings_;
    portal::CaptionStore captions_;
    portal::RecordingArchive recording_archive_;
    portal::AnnotationStore annotations_;
    portal::RedactionStore redactions_;
    portal::ImportService import_service_;
    portal::ImportJobs import_jobs_;
    portal::DiskGuard disk_guard_;
    portal::Metrics metrics_;
    portal::Site site_;
    portal::ReportRouting report_routing_;
    portal::HallDesk hall_desk_;
    portal::WebModules modules_;
    std::string staff_session_;  // "session=<token>"
};

// Reads one request from the front of `input` as http_server's session does: the header with
// its limits, the Transfer-Encoding check, the body limit the site's upload rule sets, then the
// body. Nothing when the server would refuse the request or the input ends before it does.
std::optional<portal::Request> read_request(std::string_view& input,
                                            const config::HttpLimits& limits,
                                            const portal::Site& site) {
    beast::error_code ec;
    http::request_parser<http::empty_body> header_parser;
    header_parser.header_limit(limits.max_header_bytes);
    header_parser.body_limit(std::max(limits.max_body_bytes, limits.max_upload_bytes));
    while (!header_parser.is_header_done()) {
        if (input.empty()) return std::nullopt;
        input.remove_prefix(header_parser.put(asio::buffer(input.data(), input.size()), ec));
        if (ec) return std::nullopt;
    }
    if (!portal::acceptable_transfer_encoding(header_parser.get())) return std::nullopt;
    const std::uint64_t body_limit =
        site.carries_upload(header_parser.get()) ? limits.max_upload_bytes : limits.max_body_bytes;
    if (const auto length = header_parser.content_length(); length && *length > body_limit) {
        return std::nullopt;
    }
    http::request_parser<http::string_body> parser(std::move(header_parser));
    parser.body_limit(body_limit);
    while (!parser.is_done()) {
        if (input.empty()) return std::nullopt;
        input.remove_prefix(parser.put(asio::buffer(input.data(), input.size()), ec));
        if (ec) return std::nullopt;
    }
    return parser.release();
}

asio::awaitable<void> handle_into(portal::Site& site, portal::Request request,
                                  std::optional<portal::Reply>& response) {
    // A documentation address (RFC 5737): rate limits and the audit log see a stable client.
    portal::RequestContext context{asio::ip::make_address("192.0.2.7")};
    response.emplace(co_await site.handle(std::move(request), std::move(context)));
}

// Runs the handler to completion on its own io_context, as a network thread would.
http::message_generator respond(portal::Site& site, portal::Request request, std::string_view raw) {
    asio::io_context io;
    std::optional<portal::Reply> response;
    asio::co_spawn(io, handle_into(site, std::move(request), response),
                   [raw](std::exception_ptr error) {
                       if (!error) return;
                       try {
                           std::rethrow_exception(error);
                       } catch (const std::exception& e) {
                           fail(std::string("the handler threw: ") + e.what(), raw);
                       } catch (...) {
                           fail("the handler threw something that is not std::exception", raw);
                       }
                   });
    io.run();
    if (!response) fail("the handler never finished", raw);
    return response->release();
}

// Pulls every buffer out of the generator, as beast::async_write would.
std::string serialise(http::message_generator& response, std::string_view raw) {
    std::string bytes;
    beast::error_code ec;
    while (!response.is_done()) {
        auto buffers = response.prepare(ec);
        if (ec) fail("serialising the response failed: " + ec.message(), raw);
        const std::size_t size = asio::buffer_size(buffers);
        const std::size_t old_size = bytes.size();
        bytes.resize(old_size + size);
        asio::buffer_copy(asio::buffer(bytes.data() + old_size, size), buffers);
        response.consume(size);
    }
    return bytes;
}

// What a client reads must be exactly one well-framed response (a wrong Content-Length or a
// header broken by a stray line break would desynchronise the connection), and no client
// request may cause an internal error.
void check_response(std::string_view bytes, bool head_request, std::string_view raw) {
    http::response_parser<http::string_body> parser;
    parser.header_limit(std::numeric_limits<std::uint32_t>::max());
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    parser.skip(head_request);
    beast::error_code ec;
    std::string_view rest = bytes;
    while (!parser.is_done() && !rest.empty()) {
        rest.remove_prefix(parser.put(asio::buffer(rest.data(), rest.size()), ec));
        if (ec) break;  // need_more too: every byte the server wrote is already here
    }
    if (!parser.is_done() && parser.need_eof() && (!ec || ec == http::error::need_more)) {
        ec = {};
        parser.put_eof(ec);
    }
    if (ec || !parser.is_done()) fail("the response does not parse: " + ec.message(), raw);
    if (!rest.empty()) fail("bytes left after the response: wrong Content-Length?", raw);
    if (parser.get().result() == http::status::internal_server_error) {
        fail("internal error for a client's request", raw);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static FuzzPortal* portal = [] {
        spdlog::set_level(spdlog::level::off);
        councilcast::portal::init_libraries();
        static FuzzPortal instance;
        return &instance;
    }();
    std::string bytes(reinterpret_cast<const char*>(data), size);
    for (auto at = bytes.find(kStaffSession); at != std::string::npos;
         at = bytes.find(kStaffSession, at + portal->staff_session().size())) {
        bytes.replace(at, kStaffSession.size(), portal->staff_session());
    }
    std::string_view input(bytes);
    for (int n = 0; n < kMaxRequestsPerInput; ++n) {
        const std::string_view raw = input;
        auto request = read_request(input, portal->limits(), portal->site());
        if (!request) break;
        const bool head_request = request->method() == http::verb::head;
        auto response = respond(portal->site(), std::move(*request), raw);
        const bool keep_alive = response.keep_alive();
        check_response(serialise(response, raw), head_request, raw);
        if (!keep_alive) break;
    }
    return 0;
}
