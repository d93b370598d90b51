// The configuration schema: what an administrator can set, with the defaults that work.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace councilcast::config {

// config_loader.hpp reads these from TOML: [server], [municipality], [http], [tls], [accounts],
// [mail], [hls], [voting] with [[voting.question]], [petitions], [bookings], [reports] with
// [[reports.categories]] and [[reports.open311_api_keys]], [[channel]] with
// [[channel.camera]] and
// [[channel.rendition]]; keys are the field
// names, except that a duration carries its unit in the key (read_timeout_s, segment_duration_s,
// retention_hours). The ranges noted below are what the loader accepts.

struct Server {
    std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 picks a free one
    std::filesystem::path data_dir = "/var/lib/councilcast";
    // Templates, messages and static assets; empty means the compiled-in default.
    std::filesystem::path share_dir;
    std::string log_level = "info";  // trace, debug, info, warn, error
    int threads = 2;                 // network threads (1..64)
    // The address residents use, for links in mail ("https://tv.elektrenai.lt"); http(s)://host
    // with an optional port and no path. Empty: made from `listen` (and https when TLS is on).
    std::string public_url;
    // Who may read /metrics (CIDR ranges); everyone else gets 404. Default: this machine only.
    std::vector<std::string> metrics_allow = {"127.0.0.1/32", "::1/128"};
    // The reverse proxies in front of the portal (CIDR ranges). A request from one of them is
    // from the address its `forwarded_header` names; from anyone else, from its sender. Default:
    // none, so the sender is always the client.
    std::vector<std::string> trusted_proxies;
    // What those proxies write: "x-forwarded-for" or "forwarded" (RFC 7239). Only that header is
    // read: a proxy passes on whatever the client wrote in the other.
    std::string forwarded_header = "x-forwarded-for";
};

struct Municipality {
    std::string name_lt = "Elektrėnų savivaldybė";
    std::string name_en = "Elektrėnai Municipality";
    std::string default_language = "lt";  // "lt" or "en"
    // The municipality's own site (an origin, "https://www.elektrenai.lt"): the only other site
    // that may frame the embeddable pages (the player). Empty: nobody else may frame any page.
    std::string website;
    // Other sites (origins) that may frame the embeddable widgets (/embed/...), such as an
    // eldership's or a community's own site. `website` may always.
    std::vector<std::string> embed_framers;
};

// Every limit on what a client may send or hold, set on purpose.
struct HttpLimits {
    std::uint32_t max_header_bytes = 8 * 1024;   // 1 KiB..1 MiB
    std::uint64_t max_body_bytes = 1024 * 1024;  // 1 KiB..64 GiB
    // The body of a POST to a page that accepts files (a meeting's documents, a member's photo),
    // and only there; every other request keeps max_body_bytes. 1 KiB..1 GiB.
    std::uint64_t max_upload_bytes = 20 * 1024 * 1024;
    // Each 1..3600 s.
    std::chrono::seconds read_timeout{10};           // to read one whole request
    std::chrono::seconds idle_timeout{30};           // keep-alive with nothing sent
    std::chrono::seconds write_timeout{30};          // to send one response to a slow client
    std::uint32_t max_connections = 2000;            // 1..1000000
    std::uint32_t max_connections_per_address = 64;  // 1..max_connections
};

// HTTPS. Both files set: the portal speaks only TLS on `server.listen`. Both empty: plain HTTP,
// for loopback (the demo) or behind a proxy that terminates TLS; `serve` warns when it is
// beyond loopback and server.public_url is not https://.
struct Tls {
    std::filesystem::path certificate;  // PEM, the full chain; re-read on SIGHUP
    std::filesystem::path private_key;  // PEM; re-read on SIGHUP
    // HOST:PORT where plain HTTP is answered with a permanent redirect to HTTPS; empty: none.
    std::string redirect_listen;
};

// Sign-in, sessions and the limits that keep guessing slow (OWASP ASVS 4.0 level 2).
struct Accounts {
    std::chrono::minutes session_idle_timeout{30};    // 5..1440 min without a request
    std::chrono::hours session_absolute_timeout{12};  // 1..720 h after sign-in
    // Per hour, from everyone together (OWASP ASVS 4.0 V2.2.1: at most 100); 1..100.
    std::uint32_t max_failed_logins_per_account = 100;
    // Per hour, at one account from one client address: lower than the account's own limit,
    // so that one guesser cannot lock its owner out. 1..max_failed_logins_per_account.
    std::uint32_t max_failed_logins_per_account_and_address = 10;
    std::uint32_t max_failed_logins_per_address = 300;   // per hour; 1..100000
    std::uint32_t max_signups_per_address = 20;          // per hour; 1..100000
    std::uint32_t max_mails_per_account = 5;             // to one address per hour; 1..100
    std::uint32_t max_password_resets_per_address = 30;  // per hour; 1..100000
    // Characters a new password needs (OWASP ASVS 4.0 V2.1.1 asks for 12); 8..64. Passwords
    // set before a rise still sign in.
    std::uint32_t min_password_length = 12;
    // Threads that hash passwords (each hash takes 19 MiB and tens of milliseconds) and how
    // many hashes may wait for one; past that a sign-in is told to retry (503).
    int hash_threads = 1;           // 1..16
    std::uint32_t hash_queue = 64;  // 1..10000
    // Passwords refused as too common, one a line; empty or a missing file: no list.
    std::filesystem::path common_passwords = "/usr/share/john/password.lst";
};

// Outgoing mail. Messages wait in the database until the relay takes them.
struct Mail {
    // "smtp": through the relay below. "files": each message written as an .eml file under
    // <data_dir>/mail and listed on the staff pages (the demo; nothing leaves the machine).
    std::string transport = "smtp";
    std::string relay_host = "localhost";
    int relay_port = 25;  // 1..65535
    // "required": STARTTLS or nothing is sent; "off": plain SMTP (a relay on loopback only).
    std::string starttls = "required";
    std::string username;                 // empty: no authentication
    std::filesystem::path password_file;  // the relay password, alone in a file only we read
    std::string from_address = "noreply@localhost";
    std::chrono::seconds max_retry_interval{3600};  // backoff doubles up to this; 60..86400 s
    std::chrono::hours give_up_after{72};           // then the message is marked failed; 1..720 h
    // Sent and failed messages are deleted this long after they were queued: they hold
    // addresses, and the per-address mail limit needs only the last hour; 1..3650 days.
    std::chrono::days keep_sent{30};
};

struct Hls {
    // A segment's length and the live playlists' TARGETDURATION; IDR at every boundary;
    // 1..10 s. Standard HLS players stay three of them behind live (HOLD-BACK).
    std::chrono::seconds segment_duration{1};
    // A keyframe (IDR) at every multiple of this in every rendition; 200..10000 ms, dividing
    // segment_duration.
    std::chrono::milliseconds keyframe_interval{1000};
    // Low-Latency HLS: each segment also published in this many parts as they are written, and
    // playlists that let a player wait for the next one; 0..10, 0: standard HLS only. 5 parts
    // of a 1 s segment are 0.2 s, whole frames at 15, 25 and 30 fps.
    int parts_per_segment = 5;
    std::uint32_t live_window_segments = 6;  // >= 6 (at most 1000)
    // A segment that left the live window stays downloadable at least this long; at most a day,
    // at least segment_duration * (live_window_segments + 1) as RFC 8216 6.2.2 requires.
    std::chrono::seconds keep_removed_segments{300};
    // Segments older than this are deleted with their files; 0 (the default) keeps everything.
    // Segments inside a meeting's recording are never deleted by it (the live recording is the
    // archive). Otherwise at least keep_removed_segments, at most ten years.
    std::chrono::hours retention{0};
};

// The archive of meeting recordings ([recordings]).
struct Recordings {
    // Below this much free space on the media disk, segments outside recordings are deleted
    // first, oldest first; if that is not enough, recording stops (the live stream goes on).
    std::uint64_t min_free_mb = 2048;  // 0..10,000,000; 0: no guard
    std::chrono::hours max_clip{4};    // a longer clip or download is refused; 1..24
    int thumbnail_width = 320;         // pixels, 64..1920; even
    // How long the segments of a redacted (hidden) range stay on disk after it was hidden, for
    // a court or an inquiry; after that retention and the disk guard may delete them. 1..36500.
    int redaction_retention_days = 3650;
    // A caption file (WebVTT or SRT) larger than this is refused; a four-hour meeting's track is
    // some 0.5 MiB.
    std::uint64_t max_caption_mb = 4;  // 1..64
    // The largest older recording an editor may upload on /staff/recordings/<id>/import, in MiB,
    // 1..100,000 (the server reads no more than [http] max_upload_bytes of a request either);
    // larger files are imported with `councilcast import`.
    std::uint64_t max_upload_mb = 20;
};

// One kind of question put to the council's vote ([[voting.question]]): the votes for it needs
// are more than (`strictly`) or at least numerator/denominator of the members taking part
// ("participants": registered, not recused, voting or not) or of all seats ("all_seats").
struct VotingQuestion {
    std::string id;        // [a-z0-9_]{1,32}, unique
    std::string title_lt;  // not empty; what the chair picks when opening a vote
    std::string title_en;
    std::string basis = "participants";  // or "all_seats"
    int numerator = 1;                   // 1..denominator, and at least half of it
    int denominator = 2;                 // 1..100
    bool strictly = true;                // with numerator < denominator
    bool secret = false;                 // a secret ballot by default

    bool operator==(const VotingQuestion&) const = default;
};

// The defaults of Lithuanian local-government practice since 2023: a simple majority of those
// taking part, more than half of all members to uphold a decision the mayor returned, two
// thirds of all members for a qualified majority, and a secret ballot for personnel questions.
inline std::vector<VotingQuestion> default_voting_questions() {
    return {
        {"ordinary", "Paprastasis klausimas", "Ordinary question", "participants", 1, 2, true,
         false},
        {"veto_override", "Mero grąžinto sprendimo patvirtinimas",
         "Upholding a decision the mayor returned", "all_seats", 1, 2, true, false},
        {"two_thirds", "Kvalifikuota dauguma (2/3 visų tarybos narių)",
         "Qualified majority (2/3 of all members)", "all_seats", 2, 3, false, false},
        {"personnel_secret", "Personalinis klausimas (slaptas balsavimas)",
         "Personnel question (secret ballot)", "participants", 1, 2, true, true},
    };
}

// The council's voting ([voting]).
struct Voting {
    int seats = 25;  // all council seats, the mayor (who chairs) not among them; 1..1000
    // A member may change a named vote until it closes (the last one counts); false: the
    // first ballot stands. Secret ballots are never changed.
    bool change_allowed = true;
    // Any [[voting.question]] replaces this whole list; the first is the default question.
    std::vector<VotingQuestion> questions = default_voting_questions();
};

// Residents' petitions to the council ([petitions]).
struct Petitions {
    // Confirmed sponsors a petition needs before it goes to moderation; 0: straight from the
    // creator's confirmation. 0..100.
    int sponsors = 5;
    // A petition waiting longer than this for a moderator is marked overdue. 1..365.
    int moderation_overdue_days = 5;
    // How long a published petition gathers signatures. 1..365.
    int open_days = 90;
    // Confirmed signatures after which the municipality owes a written response, and after
    // which the council must consider the petition at a meeting. 1..1,000,000, the council's
    // at least the response's.
    int response_threshold = 300;
    int council_threshold = 1000;
    // Signers who live outside the municipality (eldership "outside") are accepted.
    bool allow_outside = true;
    // How often confirmations are folded into the counts the pages show: the pages lag the
    // confirmations by at most this. 50..60,000.
    std::chrono::milliseconds tally_interval{250};
    // An address is flagged to the moderators when it signed one petition more than
    // flag_signatures times within flag_window. 2..100,000 and 1..10,080 minutes.
    int flag_signatures = 20;
    std::chrono::minutes flag_window{60};
    // Limits at the HTTP boundary, counted before anything is written: signatures per client
    // address (an IPv6 /64, its /48 allowed eight times as many) within an hour, 1..100,000;
    // signatures of one petition from everyone within a minute, 1..1,000,000; new petitions
    // per client address within an hour, 1..1,000. Refusals are shown to the moderators.
    int sign_limit_per_address = 50;
    int sign_limit_per_petition = 600;
    int start_limit_per_address = 5;
};

enum class CameraKind { kTest, kUri, kRtsp, kSrt, kV4l2 };

struct Camera {
    std::string id;  // [a-z0-9_-]{1,32}
    std::string title;
    CameraKind kind = CameraKind::kTest;
    std::string location;  // URI (uri, rtsp, srt) or device path (v4l2); empty for test
    std::string test_pattern = "smpte";  // videotestsrc pattern name for kind = test
                                         // (checked against GStreamer 1.22's list)
    std::string transport = "auto";      // rtsp: "tcp", "udp" or "auto" (UDP, then TCP)
    int latency_ms = 200;                // rtsp and srt: the jitter buffer, 0..5000
    // rtsp: a file holding "user:password" for the camera, read at start (kept out of the
    // configuration so the configuration may be shown); empty: none or in the location.
    std::filesystem::path credentials_file;
    std::string srt_mode = "caller";  // srt: "caller" (we dial) or "listener" (it dials us)
};

// Where the programme's sound comes from.
struct HallAudio {
    // "camera" (the sound of `camera`), "alsa" (the hall's mixer on the device `location`),
    // "rtsp" or "srt" (a separate source at the URI `location`), "test" (a tone), "none".
    std::string source = "camera";
    std::string camera;  // source "camera": one of the channel's cameras; empty: the first
    std::string location;
    int offset_ms = 0;  // lip sync: positive delays the sound, negative advances it; ±2000
};

// The sign-language interpreter's corner, shown over the programme when the operator turns it
// on. Position and width in thousandths of the picture; the height keeps 16:9.
struct Pip {
    std::string camera;  // one of the channel's cameras; empty: the hall has no corner
    int x = 700;
    int y = 620;
    int width = 280;  // 50..1000, and x + width at most 1000
};

struct Rendition {
    std::string name;  // [a-z0-9_-]{1,32}, e.g. "720p"
    // Sound alone (for listeners on a weak connection): width, height, framerate,
    // video_bitrate_kbps and profile are 0 and "" and may not be given. Never the first rendition.
    bool audio_only = false;
    int width = 1280;               // even, 16..3840
    int height = 720;               // even, 16..2160
    int framerate = 30;             // frames per second, 1..60
    int video_bitrate_kbps = 2500;  // 100..20000
    std::string profile = "main";   // "main" or "high"
    int audio_bitrate_kbps = 128;   // 32..320
};

struct Channel {
    std::string id;  // [a-z0-9_-]{1,32}; appears in /live/<id>/
    std::string title_lt;
    std::string title_en;
    // The language of what is burned into the picture (labels of the tally, the LIVE badge,
    // the title): "lt" or "en".
    std::string picture_language = "lt";
    std::vector<Camera> cameras;        // at least one; the first is on air at start
    std::vector<Rendition> renditions;  // at least one; ordered from highest to lowest
                                        // (video_bitrate_kbps never rises down the list)
    HallAudio audio;
    Pip pip;
    // A PNG or JPEG shown while the programme camera is lost; empty: the plain slate (the
    // catalogue's text and the municipality's name).
    std::filesystem::path slate_image;
};

// Consultation booking with officials (portal/bookings).
struct Bookings {
    // How long a chosen time is kept for a resident filling in the details form. 1..60.
    std::chrono::minutes hold{10};
    // An unconfirmed booking (the resident did not follow the mailed link) frees its time after
    // this. 5..2,880.
    std::chrono::minutes confirm{60};
    // The reminder mail goes this long before the consultation. 1..168.
    int reminder_hours_before = 24;
    // The step in which bookings occupy an official's time (the database's slot rows). Fixed at
    // 5: slot rows already written count 5-minute steps, so another value would let old and new
    // bookings overlap unseen. Every duration, buffer and hour is a multiple of it.
    int granule_minutes = 5;
    // Live holds one client address may have at once (nobody holds a whole day). 1..50.
    int holds_per_client = 3;
    // Days off besides Lithuania's public holidays, "YYYY-MM-DD" (a day the municipality
    // declares off). At most 366.
    std::vector<std::string> extra_holidays;
};

// A point in WGS84 degrees.
struct GeoPoint {
    double lat = 0;  // -90..90
    double lon = 0;  // -180..180
};

// An eldership as problem reports place it: the council record's name, and a centre; a
// report's eldership is the one whose centre is nearest.
struct ReportEldership {
    std::string name;  // as the council record names it, "Vievio seniūnija"
    GeoPoint centre;
};

// One extra question a category asks ([[reports.categories.questions]]).
struct ReportQuestion {
    std::string code;  // [a-z0-9_]{1,32}, unique in its category
    std::string text_lt;
    std::string text_en;
    std::string kind = "text";  // "text" (one line, at most 200 characters) or "yes_no"
    bool required = false;
};

// What residents may report, and where it goes ([[reports.categories]]).
struct ReportCategory {
    std::string code;  // [a-z0-9_]{1,32}, unique; in addresses and Open311's service_code
    std::string name_lt;
    std::string name_en;
    // A confirmed report is mailed here; empty: no mail. At least this or webhook_url.
    std::string department_email;
    // A confirmed report is POSTed here as JSON (https://, or http:// to a loopback address);
    // empty: none. The body is signed with webhook_secret (X-Councilcast-Signature).
    std::string webhook_url;
    std::string webhook_secret;     // at least 16 characters when webhook_url is set
    bool anonymous_allowed = true;  // the reporter's name may be withheld from the public
    std::vector<ReportQuestion> questions;
};

// A program allowed to post Open311 requests ([[reports.open311_api_keys]]).
struct Open311ApiKey {
    std::string name;  // who holds it, [a-z0-9_-]{1,32}: the requests it posts carry it
    std::string key;   // at least 24 characters of [A-Za-z0-9_-]
};

// Elektrėnai municipality, roughly: the boundary polygon the defaults check reports against.
inline std::vector<GeoPoint> default_report_boundary() {
    return {{54.918, 24.520}, {54.905, 24.760}, {54.880, 24.960}, {54.800, 25.045},
            {54.700, 25.030}, {54.625, 24.900}, {54.630, 24.640}, {54.680, 24.460},
            {54.790, 24.450}, {54.870, 24.470}};
}

// The council record's elderships of Elektrėnai municipality with their centres.
inline std::vector<ReportEldership> default_report_elderships() {
    return {{"Elektrėnų seniūnija", {54.786, 24.663}},  {"Vievio seniūnija", {54.767, 24.801}},
            {"Semeliškių seniūnija", {54.663, 24.662}}, {"Kietaviškių seniūnija", {54.711, 24.590}},
            {"Kazokiškių seniūnija", {54.845, 24.874}}, {"Gilučių seniūnija", {54.853, 24.588}},
            {"Pastrėvio seniūnija", {54.706, 24.923}},  {"Beižionių seniūnija", {54.852, 24.730}}};
}

// Six categories, mailed to the municipality's departments (no webhook by default).
std::vector<ReportCategory> default_report_categories();

// Problem reports: residents tell the municipality what is broken where (portal/reports).
struct Reports {
    // Map tiles, "https://tile.example/{z}/{x}/{y}.png"; empty: no tile server (the map draws
    // the boundary on a plain background).
    std::string tile_url;
    std::string tile_attribution;  // shown under the map, e.g. "© OpenStreetMap contributors"
    // The municipality's polygon (at least 3 points): reports outside it are refused.
    std::vector<GeoPoint> boundary = default_report_boundary();
    std::vector<ReportEldership> elderships = default_report_elderships();  // at least one
    // Open reports of the category this close are offered as "is it one of these?". 10..5,000.
    int duplicate_radius_m = 250;
    int max_photos = 5;                       // a report's photos, 0..10
    std::int64_t max_photo_bytes = 10 << 20;  // one uploaded photo, 64 KiB..50 MiB
    // The reporter is asked whether it was fixed this long after the report. 1..52.
    int fixed_question_weeks = 4;
    std::vector<Open311ApiKey> open311_api_keys;
    std::vector<ReportCategory> categories = default_report_categories();  // at least one
};

struct Config {
    Server server;
    Municipality municipality;
    HttpLimits http;
    Tls tls;
    Accounts accounts;
    Mail mail;
    Hls hls;
    Recordings recordings;
    Voting voting;
    Petitions petitions;
    Bookings bookings;
    Reports reports;
    std::vector<Channel> channels;
};

}  // namespace councilcast::config
