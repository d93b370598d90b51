// Low-Latency HLS at a council meeting's audience: 2,000 viewers on the real demo
// (`councilcast demo`, its own process, a fresh data dir), each playing like hls.js in
// low-latency mode on one keep-alive connection: a blocking playlist request for the part after
// the newest one listed (`live.m3u8?_HLS_msn=M&_HLS_part=P`), then the part it waited for (the
// previous answer's preload hint), then the next blocking request. Prints the portal's CPU and
// memory (its streamer worker apart), how late each viewer gets a new part compared with the
// first viewer to get it, the answers by status, and the requests served per second. The peer in
// the same run, while the demo keeps encoding: nginx serving copies of the playlist and of a
// part to as many pollers at hls.js's rate without blocking reloads (no other LL-HLS server is
// installable here: MediaMTX is not packaged for Debian 12 nor on npm). Figures only; nothing
// here fails.
//
//   build/bench/ll_viewers_bench [viewers] [seconds]
//
// The client is this process (one thread, one epoll set), the portal a child: only the
// portal's pid and its children are measured. The demo allows 64 connections per address, as a
// public server should, so the viewers come from 127.0.0.2, 127.0.0.3, ... (kViewersPerAddress
// each), as an audience comes from many addresses.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <queue>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "bench/process_figures.hpp"

namespace {

using councilcast::bench::free_port;
using councilcast::bench::rss_kib;

using Clock = std::chrono::steady_clock;
constexpr int kDefaultViewers = 2000;
constexpr int kDefaultSeconds = 30;
constexpr int kViewersPerAddress = 50;  // under the demo's 64 per address
constexpr auto kStartDeadline = std::chrono::seconds(90);
constexpr auto kIdleWindow = std::chrono::seconds(5);
// The demo works flat out for half a minute after it starts (DemoArchive records its held
// meetings, one after another, with short pauses between); the viewers come once the portal's
// CPU has stayed below this share of a core for kSettledSeconds seconds in a row, so that work
// is not counted as theirs.
constexpr double kSettledCoreShare = 25.0;
constexpr int kSettledSeconds = 3;
constexpr auto kSettleDeadline = std::chrono::seconds(180);
// A playlist without parts (the worker starting again) is asked for again after a target
// duration, as hls.js reloads a playlist it cannot block on; the demo's target is 1 s.
constexpr auto kPlainReload = std::chrono::seconds(1);
constexpr std::string_view kPlaylistPath = "/live/hall/720p/live.m3u8";
constexpr std::string_view kRenditionPath = "/live/hall/720p/";

double ms_between(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

// Field `field` (1-based, as proc(5) numbers them) of /proc/<pid>/stat.
long long stat_field(pid_t pid, int field) {
    std::ifstream stat(fmt::format("/proc/{}/stat", pid));
    std::string text((std::istreambuf_iterator<char>(stat)), {});
    const auto close = text.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream rest(text.substr(close + 2));
    std::string value;
    for (int i = 3; i <= field && rest >> value; ++i) {
        if (i == field) return std::stoll(value);
    }
    return 0;
}

// User plus system time, in clock ticks.
long long cpu_ticks(pid_t pid) {
    return stat_field(pid, 14) + stat_field(pid, 15);
}

// The portal's children: its streamer worker.
std::vector<pid_t> children_of(pid_t parent) {
    std::vector<pid_t> children;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        const pid_t pid = std::stoi(name);
        if (stat_field(pid, 4) == parent) children.push_back(pid);
    }
    return children;
}

long long children_ticks(pid_t parent) {
    long long total = 0;
    for (const pid_t child : children_of(parent)) total += cpu_ticks(child);
    return total;
}

// A connection to the portal from 127.0.0.<1 + source>; -1 if refused.
int connect_from(int port, int source) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = htonl(INADDR_LOOPBACK + static_cast<std::uint32_t>(source));
    sockaddr_in remote{};
    remote.sin_family = AF_INET;
    remote.sin_port = htons(static_cast<unsigned short>(port));
    remote.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
        ::connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0) {
        ::close(fd);
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

// One HTTP/1.1 response being read: the status line, Content-Length, the body.
struct Response {
    int status = 0;
    std::size_t header_bytes = 0;  // 0 until the header is whole
    std::size_t body_bytes = 0;    // Content-Length, or the chunks' sizes read so far
    bool chunked = false;
};

// Parses the header once `buffer` holds it all; true from then on. A response with neither
// Content-Length nor chunked framing is not one the portal sends for these URLs: taken as
// having no body.
bool parse_header(std::string_view buffer, Response& response) {
    if (response.header_bytes == 0) {
        const auto end = buffer.find("\r\n\r\n");
        if (end == std::string_view::npos) return false;
        response.header_bytes = end + 4;
        const auto space = buffer.find(' ');
        response.status = std::atoi(std::string(buffer.substr(space + 1, 3)).c_str());
        std::string header(buffer.substr(0, end));
        std::transform(header.begin(), header.end(), header.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        const auto length = header.find("\r\ncontent-length:");
        if (length != std::string::npos) {
            response.body_bytes = std::strtoull(header.c_str() + length + 17, nullptr, 10);
        }
        const auto encoding = header.find("\r\ntransfer-encoding:");
        if (encoding != std::string::npos) {
            response.chunked = header.find("chunked", encoding) < header.find("\r\n", encoding + 2);
        }
    }
    return true;
}

// One response being read from a connection.
struct Reading {
    std::string buffer;  // the header, and the body where it is kept
    Response response;
    std::size_t received = 0;
    std::size_t chunk_at = 0;  // chunked: where the next chunk's size line begins in `buffer`

    void clear() {
        buffer.clear();
        response = {};
        received = 0;
        chunk_at = 0;
    }
};

// Walks the chunks (RFC 9112 7.1) `reading` holds past chunk_at, adding their sizes to the body;
// true after the last chunk. The portal sends a part chunked only while it is being written (a
// preload hint asked for early); the viewers here ask for listed parts, so this is a safeguard
// that keeps such an answer from being miscounted.
bool chunks_complete(Reading& reading) {
    const std::string_view buffer = reading.buffer;
    if (reading.chunk_at == 0) reading.chunk_at = reading.response.header_bytes;
    for (;;) {
        const auto line_end = buffer.find("\r\n", reading.chunk_at);
        if (line_end == std::string_view::npos) return false;
        const std::size_t size = std::strtoull(buffer.data() + reading.chunk_at, nullptr, 16);
        if (size == 0) return buffer.size() >= line_end + 4;  // "0\r\n\r\n": no trailers
        if (buffer.size() < line_end + 2 + size + 2) return false;
        reading.response.body_bytes += size;
        reading.chunk_at = line_end + 2 + size + 2;
    }
}

enum class ReadState { kMore, kComplete, kClosed };

// Reads what `fd` has of the response. A body not kept (a part's) is dropped in the kernel
// (MSG_TRUNC) instead of copied here: the client's CPU is the measured servers' to share.
ReadState read_response(int fd, Reading& reading, bool keep_body) {
    static char chunk[65536];
    for (;;) {
        const Response& response = reading.response;
        const bool drop = !keep_body && response.header_bytes != 0 && !response.chunked;
        const std::size_t left = response.header_bytes + response.body_bytes - reading.received;
        if (drop && left == 0) return ReadState::kComplete;
        const ssize_t got =
            drop ? ::recv(fd, nullptr, left, MSG_TRUNC) : ::recv(fd, chunk, sizeof chunk, 0);
        if (got == 0) return ReadState::kClosed;
        if (got < 0) {
            return errno == EAGAIN || errno == EWOULDBLOCK ? ReadState::kMore : ReadState::kClosed;
        }
        reading.received += static_cast<std::size_t>(got);
        if (!drop) reading.buffer.append(chunk, static_cast<std::size_t>(got));
        if (!parse_header(reading.buffer, reading.response)) continue;
        if (response.chunked ? chunks_complete(reading)
                             : reading.received >= response.header_bytes + response.body_bytes) {
            return ReadState::kComplete;
        }
    }
}

// Where a low-latency playlist's live edge stands, as a player reads it.
struct Edge {
    std::string newest_part;  // the URI of the last EXT-X-PART
    std::string hint;         // the EXT-X-PRELOAD-HINT URI
    std::int64_t next_msn = -1;
    int next_part = 0;
};

std::string uri_of(std::string_view line) {
    const auto start = line.find("URI=\"");
    if (start == std::string_view::npos) return {};
    const auto end = line.find('"', start + 5);
    return std::string(line.substr(start + 5, end - start - 5));
}

// The part after the newest one listed: the next index in the same segment, or part 0 of the
// next segment when the newest part's segment is complete (its EXTINF follows its parts).
Edge read_edge(std::string_view playlist) {
    Edge edge;
    std::int64_t sequence = 0;  // the segment the next lines belong to
    int parts_in_segment = 0;
    std::int64_t newest_msn = -1;
    int newest_index = 0;
    bool newest_complete = false;
    std::size_t at = 0;
    while (at < playlist.size()) {
        auto end = playlist.find('\n', at);
        if (end == std::string_view::npos) end = playlist.size();
        std::string_view line = playlist.substr(at, end - at);
        at = end + 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.starts_with("#EXT-X-MEDIA-SEQUENCE:")) {
            sequence = std::atoll(std::string(line.substr(22)).c_str());
        } else if (line.starts_with("#EXT-X-PART:")) {
            newest_msn = sequence;
            newest_index = parts_in_segment++;
            newest_complete = false;
            edge.newest_part = uri_of(line);
        } else if (line.starts_with("#EXT-X-PRELOAD-HINT:")) {
            edge.hint = uri_of(line);
        } else if (!line.empty() && line.front() != '#') {
            if (newest_msn == sequence) newest_complete = true;
            ++sequence;
            parts_in_segment = 0;
        }
    }
    if (newest_msn < 0) return edge;
    edge.next_msn = newest_complete ? newest_msn + 1 : newest_msn;
    edge.next_part = newest_complete ? 0 : newest_index + 1;
    return edge;
}

// Whether `playlist` lists `uri` as a part (not only as the preload hint).
bool lists_part(std::string_view playlist, const std::string& uri) {
    const auto found = playlist.find("URI=\"" + uri + "\"");
    const auto hint = playlist.find("#EXT-X-PRELOAD-HINT:");
    return found != std::string_view::npos && found < hint;
}

enum class Waiting { kFirstPlaylist, kBlockingPlaylist, kPart };

struct Viewer {
    int fd = -1;
    int source = 0;
    Waiting waiting = Waiting::kFirstPlaylist;
    Reading reading;
    Clock::time_point sent;
    std::string awaited_part;  // the hint of the last playlist: the part the next one must list
    Edge edge;                 // of the last playlist answered, for the request after the part
};

struct Figures {
    std::map<int, long> playlist_statuses;
    std::map<int, long> part_statuses;
    std::map<int, long> first_statuses;  // the plain request a player starts with
    // 200 answers without parts (the portal's plain playlist: it did not know the segment in
    // progress), after which the viewer starts again with a plain request.
    long first_without_parts = 0;
    long blocking_without_parts = 0;
    long without_awaited_part = 0;  // a blocking answer that did not list the part asked for
    long closed = 0;                // connections the portal closed (reopened)
    long refused = 0;               // connections not accepted
    long long part_bytes = 0;
    long responses_in_window = 0;
    std::vector<double> playlist_wait_ms;  // blocking request sent -> its answer read
    std::vector<double> part_fetch_ms;     // part request sent -> its body read
    // For each part (by URI), the moments of viewers' playlist answers listing it as the newest.
    std::unordered_map<std::string, std::vector<Clock::time_point>> first_listed;
};

class Audience {
  public:
    Audience(int port, int viewers) : port_(port), epoll_(::epoll_create1(0)) {
        viewers_.resize(static_cast<std::size_t>(viewers));
        for (int i = 0; i < viewers; ++i) {
            viewers_[static_cast<std::size_t>(i)].source = i / kViewersPerAddress + 1;
        }
    }
    ~Audience() {
        for (auto& viewer : viewers_) {
            if (viewer.fd >= 0) ::close(viewer.fd);
        }
        ::close(epoll_);
    }

    void connect_all() {
        for (std::size_t i = 0; i < viewers_.size(); ++i) open(i);
    }

    // Every viewer asks for the playlist once as a player starts (no directives), then loops.
    void play(Clock::time_point start, Clock::time_point end) {
        window_start_ = start;
        window_end_ = end;
        for (std::size_t i = 0; i < viewers_.size(); ++i) send_first_playlist(i);
        std::vector<epoll_event> events(512);
        while (Clock::now() < end) {
            while (!plain_reloads_.empty() && plain_reloads_.top().first <= Clock::now()) {
                send_first_playlist(plain_reloads_.top().second);
                plain_reloads_.pop();
            }
            const int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 20);
            for (int e = 0; e < n; ++e) {
                const std::size_t i = events[e].data.u32;
                Viewer& viewer = viewers_[i];
                const ReadState state =
                    read_response(viewer.fd, viewer.reading, viewer.waiting != Waiting::kPart);
                if (state == ReadState::kClosed) {
                    ++figures_.closed;
                    reopen(i);
                } else if (state == ReadState::kComplete) {
                    answered(i, Clock::now());
                }
            }
        }
    }

    Figures& figures() { return figures_; }

  private:
    void open(std::size_t i) {
        Viewer& viewer = viewers_[i];
        viewer.fd = connect_from(port_, viewer.source);
        viewer.reading.clear();
        if (viewer.fd < 0) {
            ++figures_.refused;
            return;
        }
        ::fcntl(viewer.fd, F_SETFL, O_NONBLOCK);
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.u32 = static_cast<std::uint32_t>(i);
        ::epoll_ctl(epoll_, EPOLL_CTL_ADD, viewer.fd, &event);
    }

    void reopen(std::size_t i) {
        ::close(viewers_[i].fd);
        open(i);
        if (viewers_[i].fd >= 0) send_first_playlist(i);
    }

    void send(std::size_t i, std::string_view target, Waiting waiting) {
        Viewer& viewer = viewers_[i];
        if (viewer.fd < 0) return;
        viewer.waiting = waiting;
        viewer.reading.clear();
        viewer.sent = Clock::now();
        const std::string request =
            fmt::format("GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", target);
        // A request this small always fits an empty socket buffer: the previous answer was read.
        if (::send(viewer.fd, request.data(), request.size(), MSG_NOSIGNAL) !=
            static_cast<ssize_t>(request.size())) {
            ++figures_.closed;
            reopen(i);
        }
    }

    void send_first_playlist(std::size_t i) { send(i, kPlaylistPath, Waiting::kFirstPlaylist); }

    void send_blocking_playlist(std::size_t i, const Edge& edge) {
        viewers_[i].awaited_part = edge.hint;
        send(i,
             fmt::format("{}?_HLS_msn={}&_HLS_part={}", kPlaylistPath, edge.next_msn,
                         edge.next_part),
             Waiting::kBlockingPlaylist);
    }

    void answered(std::size_t i, Clock::time_point now) {
        Viewer& viewer = viewers_[i];
        const bool in_window = now >= window_start_ && now < window_end_;
        if (in_window) ++figures_.responses_in_window;
        const std::string_view body =
            std::string_view(viewer.reading.buffer).substr(viewer.reading.response.header_bytes);
        const int status = viewer.reading.response.status;
        if (viewer.waiting == Waiting::kPart) {
            ++figures_.part_statuses[status];
            if (status == 200) {
                figures_.part_bytes += static_cast<long long>(viewer.reading.response.body_bytes);
                figures_.part_fetch_ms.push_back(ms_between(viewer.sent, now));
            }
            send_blocking_playlist(i, viewer.edge);
            return;
        }
        if (viewer.waiting == Waiting::kFirstPlaylist) {
            ++figures_.first_statuses[status];
        } else {
            ++figures_.playlist_statuses[status];
        }
        const Edge edge = status == 200 ? read_edge(body) : Edge{};
        if (edge.next_msn < 0 || edge.hint.empty()) {
            // No parts yet, or an error: start again as a player would, with a plain request
            // after a target duration.
            if (status == 200) {
                ++(viewer.waiting == Waiting::kBlockingPlaylist ? figures_.blocking_without_parts
                                                                : figures_.first_without_parts);
            }
            plain_reloads_.push({now + kPlainReload, i});
            return;
        }
        if (viewer.waiting == Waiting::kBlockingPlaylist) {
            figures_.playlist_wait_ms.push_back(ms_between(viewer.sent, now));
            if (!lists_part(body, viewer.awaited_part)) ++figures_.without_awaited_part;
            figures_.first_listed[edge.newest_part].push_back(now);
            // The part this request waited for; a viewer that fell behind takes the newest.
            const std::string part =
                lists_part(body, viewer.awaited_part) ? viewer.awaited_part : edge.newest_part;
            viewer.edge = edge;
            send(i, fmt::format("{}{}", kRenditionPath, part), Waiting::kPart);
            return;
        }
        send_blocking_playlist(i, edge);
    }

    int port_;
    int epoll_;
    std::vector<Viewer> viewers_;
    Clock::time_point window_start_;
    Clock::time_point window_end_;
    Figures figures_;
    using Due = std::pair<Clock::time_point, std::size_t>;
    std::priority_queue<Due, std::vector<Due>, std::greater<>> plain_reloads_;
};

// The peer's viewers: hls.js without blocking reloads polls the playlist once a target duration
// (computeReloadInterval: levelTargetDuration), then fetches the parts of that second. Each
// poller starts at its own moment within the first interval, as an audience arrives.
class Pollers {
  public:
    Pollers(int port, int pollers, int parts_per_reload, std::string part_target)
        : port_(port),
          parts_per_reload_(parts_per_reload),
          part_target_(std::move(part_target)),
          epoll_(::epoll_create1(0)) {
        pollers_.resize(static_cast<std::size_t>(pollers));
        for (std::size_t i = 0; i < pollers_.size(); ++i) {
            Poller& poller = pollers_[i];
            poller.fd = connect_from(port_, static_cast<int>(i) / kViewersPerAddress + 1);
            if (poller.fd < 0) {
                ++refused;
                continue;
            }
            ::fcntl(poller.fd, F_SETFL, O_NONBLOCK);
            epoll_event event{};
            event.events = EPOLLIN;
            event.data.u32 = static_cast<std::uint32_t>(i);
            ::epoll_ctl(epoll_, EPOLL_CTL_ADD, poller.fd, &event);
        }
    }
    ~Pollers() {
        for (auto& poller : pollers_) {
            if (poller.fd >= 0) ::close(poller.fd);
        }
        ::close(epoll_);
    }

    void play(Clock::time_point start, Clock::time_point end, Clock::duration interval) {
        for (std::size_t i = 0; i < pollers_.size(); ++i) {
            if (pollers_[i].fd >= 0) due_.push({start + interval * i / pollers_.size(), i});
        }
        std::vector<epoll_event> events(512);
        while (Clock::now() < end) {
            int timeout_ms = 100;
            if (!due_.empty()) {
                const auto until =
                    std::chrono::ceil<std::chrono::milliseconds>(due_.top().first - Clock::now());
                timeout_ms = static_cast<int>(std::clamp<long long>(until.count(), 0, 100));
            }
            const int n =
                ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), timeout_ms);
            for (int e = 0; e < n; ++e) {
                const std::size_t i = events[e].data.u32;
                Poller& poller = pollers_[i];
                const ReadState state = read_response(poller.fd, poller.reading, false);
                if (state == ReadState::kClosed) {
                    ++closed;
                    ::close(poller.fd);
                    poller.fd = -1;
                } else if (state == ReadState::kComplete) {
                    answered(i, interval);
                }
            }
            while (!due_.empty() && due_.top().first <= Clock::now()) {
                const std::size_t i = due_.top().second;
                pollers_[i].reload_at = due_.top().first;
                due_.pop();
                pollers_[i].parts_left = parts_per_reload_;
                send(i, kPlaylistPath);
            }
        }
    }

    std::map<int, long> statuses;
    long responses = 0;
    long long part_bytes = 0;
    long closed = 0;
    long refused = 0;

  private:
    struct Poller {
        int fd = -1;
        Reading reading;
        Clock::time_point reload_at;
        int parts_left = 0;
    };

    void send(std::size_t i, std::string_view target) {
        Poller& poller = pollers_[i];
        if (poller.fd < 0) return;
        poller.reading.clear();
        const std::string request =
            fmt::format("GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", target);
        ::send(poller.fd, request.data(), request.size(), MSG_NOSIGNAL);
    }

    void answered(std::size_t i, Clock::duration interval) {
        Poller& poller = pollers_[i];
        ++responses;
        ++statuses[poller.reading.response.status];
        if (poller.parts_left < parts_per_reload_) {
            part_bytes += static_cast<long long>(poller.reading.response.body_bytes);
        }
        if (poller.parts_left > 0) {
            --poller.parts_left;
            send(i, fmt::format("{}{}", kRenditionPath, part_target_));
            return;
        }
        poller.reading.clear();
        due_.push({poller.reload_at + interval, i});
    }

    int port_;
    int parts_per_reload_;
    std::string part_target_;
    int epoll_;
    std::vector<Poller> pollers_;
    using Due = std::pair<Clock::time_point, std::size_t>;
    std::priority_queue<Due, std::vector<Due>, std::greater<>> due_;
};

// One GET on a fresh connection, blocking; the body, or empty.
std::string fetch_once(int port, std::string_view target) {
    const int fd = connect_from(port, 0);
    if (fd < 0) return {};
    const std::string request =
        fmt::format("GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", target);
    ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    std::string buffer;
    char chunk[16384];
    ssize_t got;
    while ((got = ::recv(fd, chunk, sizeof chunk, 0)) > 0) {
        buffer.append(chunk, static_cast<std::size_t>(got));
    }
    ::close(fd);
    Response response;
    if (!parse_header(buffer, response) || response.status != 200 ||
        buffer.size() < response.header_bytes + response.body_bytes) {
        return {};
    }
    return buffer.substr(response.header_bytes);
}

// TCP segments this network namespace has sent again (RetransSegs in /proc/net/snmp): on
// loopback a burst too large for the stack is dropped and resent after the 200 ms minimum
// retransmission timeout, which shows in the delays as a step of 200 ms.
long long tcp_retransmissions() {
    std::ifstream snmp("/proc/net/snmp");
    std::string names;
    std::string values;
    std::string line;
    while (std::getline(snmp, line)) {
        if (!line.starts_with("Tcp:")) continue;
        if (names.empty()) {
            names = line;
        } else {
            values = line;
        }
    }
    std::istringstream name_words(names);
    std::istringstream value_words(values);
    std::string name;
    std::string value;
    while (name_words >> name && value_words >> value) {
        if (name == "RetransSegs") return std::stoll(value);
    }
    return 0;
}

// User plus system time of this process, the client.
double self_cpu_seconds() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& time) {
        return static_cast<double>(time.tv_sec) + static_cast<double>(time.tv_usec) / 1e6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

std::string percentiles(std::vector<double> ms) {
    if (ms.empty()) return "none";
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double q) {
        return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * ms.size()))];
    };
    return fmt::format("p50 {:.1f} ms, p99 {:.1f} ms, max {:.1f} ms", at(0.50), at(0.99),
                       ms.back());
}

std::string statuses(const std::map<int, long>& counts) {
    std::string text;
    for (const auto& [status, count] : counts) {
        text += fmt::format("{}{} x{}", text.empty() ? "" : ", ", status, count);
    }
    return text.empty() ? "none" : text;
}

std::filesystem::path councilcast_binary() {
    if (const char* named = std::getenv("COUNCILCAST_BINARY")) return named;
    // build/bench/ll_viewers_bench -> build/councilcast
    return std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path() /
           "councilcast";
}

// The peer: nginx (its workers as many as cores, sendfile, open-file cache) serving a copy of the
// demo's playlist, as a player without blocking reloads gets it, and a copy of one of its parts,
// to as many pollers; the demo's encoder keeps running meanwhile, as during our turn.
void nginx_peer(const std::string& playlist, const std::string& part_uri, const std::string& part,
                int viewers, int seconds, const std::filesystem::path& dir) {
    const auto tag_value = [&](std::string_view tag) {
        const auto at = playlist.find(tag);
        return at == std::string::npos ? 0.0 : std::atof(playlist.c_str() + at + tag.size());
    };
    const double target_s = tag_value("#EXT-X-TARGETDURATION:");
    const double part_target_s = tag_value("PART-TARGET=");
    if (part_uri.empty() || part.empty() || target_s <= 0 || part_target_s <= 0) {
        fmt::print("peer:    none (could not copy the demo's playlist and a part)\n");
        return;
    }
    const auto root = dir / "nginx";
    const auto rendition = root / std::string(kRenditionPath.substr(1));
    std::filesystem::create_directories(rendition);
    std::ofstream(rendition / "live.m3u8", std::ios::binary) << playlist;
    std::ofstream(rendition / part_uri, std::ios::binary) << part;
    const int port = free_port();
    const auto conf = root / "nginx.conf";
    std::ofstream(conf) << fmt::format(
        "user root;\nworker_processes {};\nworker_rlimit_nofile {};\npid {}/nginx.pid;\n"
        "error_log {}/error.log;\nevents {{ worker_connections {}; }}\n"
        "http {{ access_log off; sendfile on; tcp_nopush on; keepalive_timeout 300s;\n"
        "  keepalive_requests 1000000; open_file_cache max=100 inactive=60s;\n"
        "  types {{ application/vnd.apple.mpegurl m3u8; video/mp2t ts; }}\n"
        "  server {{ listen 127.0.0.1:{}; root {}; }} }}\n",
        std::thread::hardware_concurrency(), viewers * 2 + 100, root.string(), root.string(),
        viewers + 100, port, root.string());
    if (std::system(fmt::format("nginx -c {} 2>/dev/null", conf.string()).c_str()) != 0) {
        fmt::print("peer:    none (nginx did not start)\n");
        return;
    }
    pid_t master = 0;
    for (int tries = 0; tries < 50 && master == 0; ++tries) {
        std::ifstream(root / "nginx.pid") >> master;
        if (master == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    // Its memory before the pollers counts the workers too, once they are up.
    const auto workers = static_cast<std::size_t>(std::thread::hardware_concurrency());
    for (int tries = 0; tries < 100 && children_of(master).size() < workers; ++tries) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const auto tree_ticks = [&] { return cpu_ticks(master) + children_ticks(master); };
    const auto tree_rss = [&] {
        long total = rss_kib(master);
        for (const pid_t child : children_of(master)) total += rss_kib(child);
        return total;
    };
    const int parts_per_reload = static_cast<int>(target_s / part_target_s + 0.5);
    const long rss_before = tree_rss();
    {
        Pollers pollers(port, viewers, parts_per_reload, part_uri);
        const long long ticks_start = tree_ticks();
        const long long retransmissions_start = tcp_retransmissions();
        const auto start = Clock::now();
        pollers.play(
            start, start + std::chrono::seconds(seconds),
            std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(target_s)));
        const double elapsed = ms_between(start, Clock::now()) / 1000;
        const double cpu = 100.0 * static_cast<double>(tree_ticks() - ticks_start) /
                           static_cast<double>(::sysconf(_SC_CLK_TCK)) / elapsed;
        const long rss_after = tree_rss();
        const long long retransmissions = tcp_retransmissions() - retransmissions_start;
        fmt::print(
            "nginx:   {} pollers, each the playlist ({} B) every {:.0f} s and then {} parts "
            "({} B each): CPU {:.1f} % of one core; RSS {} -> {} KiB, {:.1f} KiB per poller; "
            "{:.0f} requests/s, parts {:.1f} MiB/s; answers {}; closed {}, refused {}; TCP "
            "segments retransmitted {}\n",
            viewers, playlist.size(), target_s, parts_per_reload, part.size(), cpu, rss_before,
            rss_after, static_cast<double>(rss_after - rss_before) / viewers,
            static_cast<double>(pollers.responses) / elapsed,
            static_cast<double>(pollers.part_bytes) / elapsed / (1024 * 1024),
            statuses(pollers.statuses), pollers.closed, pollers.refused, retransmissions);
    }
    ::kill(master, SIGQUIT);
}

}  // namespace

int main(int argc, char** argv) {
    const int viewers = argc > 1 ? std::atoi(argv[1]) : kDefaultViewers;
    const int seconds = argc > 2 ? std::atoi(argv[2]) : kDefaultSeconds;
    // One descriptor per viewer here, as many in the portal (its own limit is its own).
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < rlim_t(viewers) + 100) {
        fmt::print("ll_viewers_bench: {} descriptors allowed, {} needed; raise ulimit -n\n",
                   limit.rlim_cur, viewers + 100);
        return 0;
    }

    const int port = free_port();
    const auto data_dir = std::filesystem::temp_directory_path() /
                          fmt::format("councilcast-ll-viewers-{}", ::getpid());
    std::filesystem::create_directories(data_dir);
    const std::string binary = councilcast_binary().string();
    const std::string listen = fmt::format("127.0.0.1:{}", port);
    const std::string dir = data_dir.string();
    const std::string log = (data_dir / "demo.log").string();
    const pid_t portal = ::fork();
    if (portal == 0) {
        // The demo's own output goes to a log, so the figures stand alone.
        std::freopen("/dev/null", "w", stdout);
        std::freopen(log.c_str(), "w", stderr);
        ::execl(binary.c_str(), binary.c_str(), "demo", "--listen", listen.c_str(), "--data-dir",
                dir.c_str(), static_cast<char*>(nullptr));
        std::_Exit(127);
    }
    const auto stop = [&] {
        ::kill(portal, SIGTERM);
        ::waitpid(portal, nullptr, 0);
        std::filesystem::remove_all(data_dir);
    };

    // The demo is ready for viewers once its live playlist lists parts and a preload hint.
    const auto started = Clock::now();
    bool ready = false;
    while (!ready && Clock::now() - started < kStartDeadline) {
        const std::string playlist = fetch_once(port, kPlaylistPath);
        ready = playlist.find("#EXT-X-PART:") != std::string::npos &&
                playlist.find("#EXT-X-PRELOAD-HINT:") != std::string::npos;
        if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(100));  // polling a start
    }
    if (!ready) {
        fmt::print("ll_viewers_bench: the demo's playlist listed no parts within {} s (see {})\n",
                   kStartDeadline.count(), log);
        ::kill(portal, SIGTERM);
        ::waitpid(portal, nullptr, 0);
        return 0;
    }
    const double parts_after = ms_between(started, Clock::now()) / 1000;
    const long ticks_per_second = ::sysconf(_SC_CLK_TCK);
    for (int quiet_seconds = 0;
         quiet_seconds < kSettledSeconds && Clock::now() - started < kSettleDeadline;) {
        const long long before = cpu_ticks(portal);
        std::this_thread::sleep_for(std::chrono::seconds(1));
        const double share = 100.0 * static_cast<double>(cpu_ticks(portal) - before) /
                             static_cast<double>(ticks_per_second);
        quiet_seconds = share < kSettledCoreShare ? quiet_seconds + 1 : 0;
    }
    // Other work on the machine shares its cores with the demo, its viewers and the peer.
    std::string load;
    std::getline(std::ifstream("/proc/loadavg"), load);
    fmt::print(
        "demo: parts listed {:.1f} s after start, its start-up work done after {:.1f} s; {} "
        "viewers from {} addresses, {} s; {} cores, load average {}\n",
        parts_after, ms_between(started, Clock::now()) / 1000, viewers,
        (viewers + kViewersPerAddress - 1) / kViewersPerAddress, seconds,
        std::thread::hardware_concurrency(), load.substr(0, load.find(' ')));

    // What the demo costs with nobody watching (its encoder's output, parts, the simulated
    // sitting), so the viewers' share of the portal's CPU can be told apart.
    const long long idle_portal_ticks = cpu_ticks(portal);
    const long long idle_worker_ticks = children_ticks(portal);
    const auto idle_start = Clock::now();
    std::this_thread::sleep_for(kIdleWindow);
    const double idle_elapsed = ms_between(idle_start, Clock::now()) / 1000;
    const double idle_portal = 100.0 * static_cast<double>(cpu_ticks(portal) - idle_portal_ticks) /
                               static_cast<double>(ticks_per_second) / idle_elapsed;
    const double idle_worker = 100.0 *
                               static_cast<double>(children_ticks(portal) - idle_worker_ticks) /
                               static_cast<double>(ticks_per_second) / idle_elapsed;

    // The peer's copies, taken now: the playlist as a player without blocking reloads gets it,
    // and its newest part.
    const std::string playlist_copy = fetch_once(port, kPlaylistPath);
    const std::string part_uri = read_edge(playlist_copy).newest_part;
    const std::string part_copy =
        part_uri.empty() ? std::string()
                         : fetch_once(port, fmt::format("{}{}", kRenditionPath, part_uri));

    const long rss_before = rss_kib(portal);
    const long worker_rss_before = [&] {
        long total = 0;
        for (const pid_t child : children_of(portal)) total += rss_kib(child);
        return total;
    }();
    Figures figures;
    double elapsed = 0;
    double client_cpu_s = 0;
    long long retransmissions = 0;
    long long portal_ticks = 0;
    long long worker_ticks = 0;
    bool worker_restarted = false;
    long rss_after = 0;
    long worker_rss_after = 0;
    {
        Audience audience(port, viewers);
        audience.connect_all();
        const long long portal_ticks_start = cpu_ticks(portal);
        const long long worker_ticks_start = children_ticks(portal);
        const std::vector<pid_t> workers_start = children_of(portal);
        const double client_start = self_cpu_seconds();
        const long long retransmissions_start = tcp_retransmissions();
        const auto start = Clock::now();
        audience.play(start, start + std::chrono::seconds(seconds));
        elapsed = ms_between(start, Clock::now()) / 1000;
        client_cpu_s = self_cpu_seconds() - client_start;
        retransmissions = tcp_retransmissions() - retransmissions_start;
        portal_ticks = cpu_ticks(portal) - portal_ticks_start;
        worker_ticks = children_ticks(portal) - worker_ticks_start;
        worker_restarted = children_of(portal) != workers_start;
        rss_after = rss_kib(portal);
        for (const pid_t child : children_of(portal)) worker_rss_after += rss_kib(child);
        figures = std::move(audience.figures());
    }
    // Each part's delivery: from the first viewer whose answer listed it as newest (the moment it
    // was available) to every viewer's such answer.
    std::vector<double> delivery_ms;
    std::vector<double> spread_ms;  // first viewer -> last viewer, per part
    for (const auto& [part, moments] : figures.first_listed) {
        const auto [first, last] = std::minmax_element(moments.begin(), moments.end());
        for (const auto moment : moments) delivery_ms.push_back(ms_between(*first, moment));
        spread_ms.push_back(ms_between(*first, *last));
    }

    const auto core_share = [&](long long ticks) {
        return 100.0 * static_cast<double>(ticks) / static_cast<double>(ticks_per_second) / elapsed;
    };
    fmt::print(
        "portal:  CPU {:.1f} % of one core ({:.1f} % with no viewer); RSS {} KiB before the "
        "viewers, {} KiB at the end, {:.1f} KiB per viewer\n",
        core_share(portal_ticks), idle_portal, rss_before, rss_after,
        static_cast<double>(rss_after - rss_before) / viewers);
    if (worker_restarted) {
        // A new worker's ticks start from zero: its share is unknown, and the log says why.
        const auto kept = std::filesystem::temp_directory_path() / "ll_viewers_bench-demo.log";
        std::filesystem::copy_file(log, kept, std::filesystem::copy_options::overwrite_existing);
        fmt::print("worker:  restarted during the window (the demo's log: {}); RSS {} -> {} KiB\n",
                   kept.string(), worker_rss_before, worker_rss_after);
    } else {
        fmt::print(
            "worker:  CPU {:.1f} % of one core ({:.1f} % with no viewer; the streamer, apart); RSS "
            "{} -> {} KiB\n",
            core_share(worker_ticks), idle_worker, worker_rss_before, worker_rss_after);
    }
    fmt::print(
        "parts:   {} delivered to {} (viewer, part) pairs: delay after the first viewer {}; "
        "first to last viewer per part {}\n",
        figures.first_listed.size(), delivery_ms.size(), percentiles(delivery_ms),
        percentiles(spread_ms));
    fmt::print("waits:   blocking playlist request -> answer {}; part request -> body {}\n",
               percentiles(figures.playlist_wait_ms), percentiles(figures.part_fetch_ms));
    fmt::print(
        "answers: blocking playlists {} ({} of the 200s without parts, {} without the part asked "
        "for); parts {}; first (plain) playlists {} ({} without parts); connections closed by the "
        "portal {}, refused {}\n",
        statuses(figures.playlist_statuses), figures.blocking_without_parts,
        figures.without_awaited_part, statuses(figures.part_statuses),
        statuses(figures.first_statuses), figures.first_without_parts, figures.closed,
        figures.refused);
    fmt::print(
        "served:  {:.0f} requests/s ({} in {:.1f} s), parts {:.1f} MiB/s; the client (this "
        "process) used {:.1f} % of one core; TCP segments retransmitted on loopback {}\n",
        static_cast<double>(figures.responses_in_window) / elapsed, figures.responses_in_window,
        elapsed, static_cast<double>(figures.part_bytes) / elapsed / (1024 * 1024),
        100.0 * client_cpu_s / elapsed, retransmissions);
    nginx_peer(playlist_copy, part_uri, part_copy, viewers, seconds, data_dir);
    stop();
    return 0;
}
