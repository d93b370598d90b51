// Server-Sent Events fan-out: 5,000 subscribers of one topic on the portal's HttpServer (in a
// child process, so its memory is its own), the time until every one has an event (a tally
// change: the "vote" event of a named vote of 25 members, as a meeting's stream sends it; p50,
// p99, all) and the memory each subscriber costs the server (RSS before and after). The peer, in
// the same run: nginx holding the same number of idle keep-alive connections, its memory per
// connection, and the time until all of them have the answer to a request sent on each at
// once. Figures only; nothing here fails.
//
//   build/bench/sse_bench [subscribers]
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
#include <boost/asio/io_context.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/process_figures.hpp"
#include "portal/http/event_stream.hpp"
#include "portal/http/http_server.hpp"
#include "portal/voting/vote_json.hpp"

namespace {

using councilcast::bench::free_port;
using councilcast::bench::rss_kib;

using Clock = std::chrono::steady_clock;
constexpr int kDefaultSubscribers = 5000;
constexpr int kServerThreads = 2;  // as [server] threads in the sample configuration
constexpr auto kPhaseDeadline = std::chrono::seconds(60);

// The data of a "vote" event: a named vote, open, with 25 members' choices counted so far.
std::string vote_event_data() {
    using namespace councilcast::portal;
    CouncilSnapshot council;
    council.agenda_items.push_back(
        {.id = 1,
         .meeting_id = 1,
         .position = 4,
         .title = {"Dėl Elektrėnų savivaldybės 2027 metų biudžeto patvirtinimo",
                   "On approving the 2027 budget of Elektrėnai Municipality"}});
    Vote vote{.id = 1,
              .meeting_id = 1,
              .agenda_item_id = 1,
              .motion = {"Pritarti sprendimo projektui", "To approve the draft decision"},
              .question = "ordinary",
              .opened_unix_ms = 1'796'000'000'000,
              .closes_unix_ms = 1'796'000'060'000,
              .media_time_s = 3725.4,
              .counts = {14, 5, 3, 3},
              .registered = 25};
    for (int i = 1; i <= 25; ++i) {
        council.members.push_back({.id = i, .name = fmt::format("Vardenis Pavardenis {}", i)});
        vote.members.push_back({i, i <= 22 ? std::optional(Choice(i % 3)) : std::nullopt});
    }
    council.index();
    return boost::json::serialize(vote_object(vote, council));
}

// Every process whose parent is `parent`, and `parent` itself: nginx's master and workers.
long tree_rss_kib(pid_t parent) {
    long total = rss_kib(parent);
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream stat(entry.path() / "stat");
        std::string text((std::istreambuf_iterator<char>(stat)), {});
        const auto close = text.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(text.substr(close + 2));
        char state;
        pid_t ppid = 0;
        rest >> state >> ppid;
        if (ppid == parent) total += rss_kib(std::stoi(name));
    }
    return total;
}

struct Client {
    int fd = -1;
    std::string seen;
    std::optional<Clock::duration> arrived;
};

// Connections from this process, read through one epoll set.
class Clients {
  public:
    Clients(int port, int count) : epoll_(::epoll_create1(0)) {
        clients_.resize(count);
        for (int i = 0; i < count; ++i) {
            Client& client = clients_[i];
            client.fd = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in address{};
            address.sin_family = AF_INET;
            address.sin_port = htons(static_cast<unsigned short>(port));
            address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            if (::connect(client.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
                fmt::print(stderr, "connect {} failed\n", i);
                std::exit(0);
            }
            ::fcntl(client.fd, F_SETFL, O_NONBLOCK);
            epoll_event event{};
            event.events = EPOLLIN;
            event.data.u32 = static_cast<std::uint32_t>(i);
            ::epoll_ctl(epoll_, EPOLL_CTL_ADD, client.fd, &event);
        }
    }
    ~Clients() {
        for (auto& client : clients_) ::close(client.fd);
        ::close(epoll_);
    }
    void send_all(const std::string& request) {
        for (auto& client : clients_) {
            if (::send(client.fd, request.data(), request.size(), MSG_NOSIGNAL) < 0) {
                fmt::print(stderr, "send failed\n");
            }
        }
    }
    // Reads until every client has seen `marker` (or the deadline); arrival times from `start`.
    bool wait_all(const std::string& marker, Clock::time_point start) {
        for (auto& client : clients_) client.seen.clear(), client.arrived.reset();
        std::size_t done = 0;
        std::vector<epoll_event> events(256);
        char buffer[16384];
        const auto deadline = Clock::now() + kPhaseDeadline;
        while (done < clients_.size() && Clock::now() < deadline) {
            const int n =
                ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 1000);
            for (int e = 0; e < n; ++e) {
                Client& client = clients_[events[e].data.u32];
                for (;;) {
                    const ssize_t got = ::recv(client.fd, buffer, sizeof buffer, 0);
                    if (got <= 0) break;
                    if (client.arrived) continue;
                    client.seen.append(buffer, static_cast<std::size_t>(got));
                    if (client.seen.find(marker) != std::string::npos) {
                        client.arrived = Clock::now() - start;
                        client.seen.clear();
                        ++done;
                    }
                }
            }
        }
        return done == clients_.size();
    }
    // p50, p99 and the last arrival, in milliseconds.
    std::string percentiles() const {
        std::vector<double> ms;
        for (const auto& client : clients_) {
            if (client.arrived) {
                ms.push_back(std::chrono::duration<double, std::milli>(*client.arrived).count());
            }
        }
        if (ms.empty()) return "none arrived";
        std::sort(ms.begin(), ms.end());
        auto at = [&](double q) { return ms[std::min(ms.size() - 1, std::size_t(q * ms.size()))]; };
        return fmt::format("p50 {:.1f} ms, p99 {:.1f} ms, all {:.1f} ms", at(0.50), at(0.99),
                           ms.back());
    }

  private:
    int epoll_;
    std::vector<Client> clients_;
};

// The child: the portal's HttpServer whose every request subscribes to one topic; a byte on
// `trigger` publishes one event.
[[noreturn]] void serve_events(int port, int trigger, const std::string& data) {
    namespace http = boost::beast::http;
    boost::asio::io_context io;
    councilcast::portal::EventTopic topic;
    councilcast::config::HttpLimits limits;
    limits.max_connections = 20000;
    limits.max_connections_per_address = 20000;  // every client is 127.0.0.1
    councilcast::portal::HttpServer server(
        io, fmt::format("127.0.0.1:{}", port), limits,
        [&topic](councilcast::portal::Request request, councilcast::portal::RequestContext)
            -> boost::asio::awaitable<councilcast::portal::Reply> {
            co_return councilcast::portal::event_stream_reply(request, topic.subscribe({}));
        });
    server.start();
    std::thread publisher([&] {
        char byte;
        while (::read(trigger, &byte, 1) == 1) {
            topic.publish({"1", "vote", data});
        }
    });
    std::vector<std::thread> threads;
    for (int i = 1; i < kServerThreads; ++i) threads.emplace_back([&io] { io.run(); });
    io.run();
    std::_Exit(0);
}

bool wait_for_port(int port) {
    const auto deadline = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < deadline) {
        int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<unsigned short>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
        ::close(fd);
        if (up) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling a start, no sync
    }
    return false;
}

void ours(int count, const std::string& data) {
    const int port = free_port();
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) return;
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(pipe_fds[1]);
        serve_events(port, pipe_fds[0], data);
    }
    ::close(pipe_fds[0]);
    if (!wait_for_port(port)) {
        fmt::print("councilcast: the server did not start\n");
        return;
    }
    const long before = rss_kib(child);
    {
        Clients clients(port, count);
        clients.send_all("GET /events HTTP/1.1\r\nHost: bench\r\n\r\n");
        const bool subscribed = clients.wait_all("retry: 5000\n\n", Clock::now());
        const long after = rss_kib(child);
        const auto start = Clock::now();
        if (::write(pipe_fds[1], "e", 1) != 1) return;
        const bool all = clients.wait_all("id: 1\n", start);
        fmt::print(
            "councilcast: {} subscribers{}; one {} B vote event reached {}: {}; server RSS {} -> "
            "{} KiB, {:.1f} KiB per subscriber\n",
            count, subscribed ? "" : " (not all subscribed)", data.size(), all ? "all" : "NOT all",
            clients.percentiles(), before, after, double(after - before) / count);
    }
    ::close(pipe_fds[1]);
    ::kill(child, SIGTERM);
    ::waitpid(child, nullptr, 0);
}

void nginx(int count, std::size_t bytes) {
    const int port = free_port();
    const auto dir = std::filesystem::temp_directory_path() /
                     fmt::format("councilcast-sse-bench-{}", ::getpid());
    std::filesystem::create_directories(dir);
    const auto conf = dir / "nginx.conf";
    std::ofstream(conf) << fmt::format(
        "user root;\nworker_processes {};\nworker_rlimit_nofile 30000;\npid {}/nginx.pid;\n"
        "error_log {}/error.log;\nevents {{ worker_connections 20000; }}\n"
        "http {{ access_log off; keepalive_timeout 300s; keepalive_requests 100000;\n"
        "  server {{ listen 127.0.0.1:{}; location / {{ return 200 \"{}\"; }} }} }}\n",
        std::thread::hardware_concurrency(), dir.string(), dir.string(), port,
        std::string(bytes, 'x'));
    if (std::system(fmt::format("nginx -c {} 2>/dev/null", conf.string()).c_str()) != 0 ||
        !wait_for_port(port)) {
        fmt::print("nginx: did not start\n");
        return;
    }
    pid_t master = 0;
    std::ifstream(dir / "nginx.pid") >> master;
    const long before = tree_rss_kib(master);
    {
        Clients clients(port, count);
        clients.send_all("GET / HTTP/1.1\r\nHost: bench\r\n\r\n");
        const bool idle = clients.wait_all("xxxx", Clock::now());
        const long after = tree_rss_kib(master);
        const auto start = Clock::now();
        clients.send_all("GET / HTTP/1.1\r\nHost: bench\r\n\r\n");
        const bool all = clients.wait_all("xxxx", start);
        fmt::print(
            "nginx:       {} idle keep-alive connections{}; a request on each at once, {}answered: "
            "{}; RSS {} -> {} KiB, {:.1f} KiB per connection\n",
            count, idle ? "" : " (not all answered)", all ? "" : "NOT all ", clients.percentiles(),
            before, after, double(after - before) / count);
    }
    ::kill(master, SIGQUIT);
    std::filesystem::remove_all(dir);
}

}  // namespace

int main(int argc, char** argv) {
    const int count = argc > 1 ? std::atoi(argv[1]) : kDefaultSubscribers;
    // Each side holds `count` descriptors and this process as many again.
    rlimit limit{};
    ::getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur < rlim_t(count) + 100) {
        fmt::print("sse_bench: {} descriptors allowed, {} needed; raise ulimit -n\n",
                   limit.rlim_cur, count + 100);
        return 0;
    }
    const std::string data = vote_event_data();
    ours(count, data);
    nginx(count, data.size());
    return 0;
}
