#include "portal/http/http_server.hpp"

#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <boost/algorithm/string/predicate.hpp>
#include <boost/algorithm/string/trim.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <sys/sendfile.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <memory>
#include <optional>
#include <set>

#include "common/error.hpp"
#include "common/network_address.hpp"
#include "common/pool_call.hpp"
#include "portal/http/byte_stream.hpp"
#include "portal/http/event_stream.hpp"
#include "portal/http/responses.hpp"
#include "portal/http/tls_context.hpp"

namespace councilcast::portal {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// An open connection. stop() cancels its wait for a next request on the connection's own strand,
// and only while `waiting`, which is set and read on that strand alone: the posted cancel may run
// when the connection is busy with a request, or has ended and its stream is gone.
struct OpenConnection {
    boost::asio::any_io_executor executor;
    boost::beast::tcp_stream* stream;
    bool waiting = false;
};

struct ServerState {
    config::HttpLimits limits;
    Handler handler;
    std::shared_ptr<TlsContext> tls;  // null: plain HTTP
    UploadRule uploads;               // empty: no request carries an upload
    ReplyObserver observer;           // empty: nobody is told
    TooLargeText too_large_text;      // empty: the reason phrase
    std::shared_ptr<ConnectionLimiter> limiter;
    // Where the bytes of a file too large to keep in memory are read (sendfile(2) over plain
    // HTTP, bounded reads over TLS), so a cold disk stalls these threads, never a network thread.
    std::shared_ptr<asio::thread_pool> disk;
    // Null: no proxy is trusted.
    std::shared_ptr<const ForwardedClient> forwarding;
    std::atomic<int> refusals = 0;  // 503 answers being written
    // Event streams being written and open connections, so that stop() can end the streams and
    // the waits for a next request: either would otherwise last as long as its client.
    std::mutex streams_mutex;
    std::set<std::shared_ptr<EventSubscriber>> streams;
    std::set<std::shared_ptr<ByteStream>> byte_streams;
    std::set<std::shared_ptr<OpenConnection>> connections;
    // Set under streams_mutex; read without it between requests.
    std::atomic<bool> stopped = false;
};

namespace {

using Shared = ServerState;

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kReadChunk = 4096;
constexpr std::chrono::seconds kRefusalWriteTimeout{5};
constexpr std::chrono::seconds kLingerTimeout{2};
constexpr std::size_t kLingerMaxBytes = 1024 * 1024;
constexpr std::chrono::milliseconds kAcceptPause{100};
constexpr int kMaxRefusalsInFlight = 64;
// Bounds for what TLS adds: the handshake (also at most read_timeout) and the close_notify
// exchange when the server ends a connection.
constexpr std::chrono::seconds kHandshakeTimeout{10};
constexpr std::chrono::seconds kTlsShutdownTimeout{2};
// Threads reading large files for responses: each call is one bounded sendfile or read, so a
// few keep up with the network; more would only queue on the same disk.
constexpr std::size_t kDiskThreads = 2;

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// A response the server itself produces for a request it will not hand to the handler; the
// connection closes after it because the stream position can no longer be trusted.
Reply refusal(http::status status, std::string_view reason) {
    http::response<http::string_body> res{status, 11};
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.set(http::field::cache_control, "no-store");
    res.keep_alive(false);
    res.body() = std::string(reason) + "\n";
    res.prepare_payload();
    return res;
}

// What every answer gets just before it is written, refusals included.
void finish(const Shared& shared, bool secure, std::string_view target, Reply& reply) {
    set_common_headers(reply.header(), secure);
    if (shared.observer) shared.observer(target, reply);
}

// The answer to a body over its limit: the person sending a file needs to know how large it may
// be. Rounded down, so the figure is never more than the server takes. Made only for a refusal,
// never for a request that fits.
std::string too_large(const Shared& shared, const http::request_header<>& header,
                      std::uint64_t limit, bool upload) {
    constexpr std::uint64_t kKiB = 1024;
    constexpr std::uint64_t kMiB = kKiB * kKiB;
    const std::string size =
        limit >= kMiB ? fmt::format("{} MiB", limit / kMiB) : fmt::format("{} KiB", limit / kKiB);
    if (!shared.too_large_text) {
        return std::string(http::obsolete_reason(http::status::payload_too_large));
    }
    return shared.too_large_text(header, size, upload);
}

http::status status_for_read_error(const beast::error_code& ec) {
    if (ec == http::error::header_limit) return http::status::request_header_fields_too_large;
    if (ec == http::error::body_limit) return http::status::payload_too_large;
    return http::status::bad_request;
}

bool is_quiet_close(const beast::error_code& ec) {
    return ec == http::error::end_of_stream || ec == asio::error::eof ||
           ec == beast::error::timeout || ec == asio::error::connection_reset ||
           ec == asio::error::operation_aborted || ec == asio::ssl::error::stream_truncated;
}

struct ConnectionGuard {
    std::shared_ptr<ConnectionLimiter> limiter;
    asio::ip::address peer;
    ~ConnectionGuard() { limiter->release(peer); }
};

// Ends the sending side so that what was sent arrives. Over TLS a close_notify goes first, so
// the client can tell a complete response from a cut connection; waiting for the client's own
// close_notify is bounded, since many clients never send one.
template <class Stream>
asio::awaitable<void> close_sending(Stream& stream) {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
        beast::get_lowest_layer(stream).expires_after(kTlsShutdownTimeout);
        co_await stream.async_shutdown(kNoThrow);
    }
    beast::error_code ignored;
    beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_send, ignored);
}

// Answers and closes without losing the answer: closing a socket with unread input makes the
// kernel send a reset, which can destroy the response before the client reads it. So the sending
// side is shut first and what the client still sends is read and dropped for a bounded time.
template <class Stream>
asio::awaitable<void> write_refusal(Stream& stream, const Shared& shared, bool secure,
                                    std::string_view target, http::status status,
                                    std::string_view reason) {
    beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
    tcp.expires_after(kRefusalWriteTimeout);
    Reply reply = refusal(status, reason);
    finish(shared, secure, target, reply);
    auto [write_ec, written] = co_await beast::async_write(stream, reply.release(), kNoThrow);
    if (write_ec) co_return;
    co_await close_sending(stream);
    tcp.expires_after(kLingerTimeout);
    std::array<char, kReadChunk> sink;
    std::size_t drained = 0;
    while (drained < kLingerMaxBytes) {
        auto [ec, n] = co_await tcp.async_read_some(asio::buffer(sink), kNoThrow);
        if (ec) break;
        drained += n;
    }
}

// A request that could not be read: a client that went away or timed out is just dropped;
// one that sent too much or garbage is told so. `too_large_reason` explains a body limit.
template <class Stream>
asio::awaitable<void> answer_read_error(Stream& stream, const Shared& shared, bool secure,
                                        std::string_view target, const beast::error_code& ec,
                                        std::string_view too_large_reason) {
    if (is_quiet_close(ec)) co_return;
    co_await write_refusal(stream, shared, secure, target, status_for_read_error(ec),
                           ec == http::error::body_limit ? too_large_reason : ec.message());
}

// The status line and header of `reply`, serialised into `head` (kept by the caller, so the next
// answer needs no allocation).
void serialise_head(const Reply& reply, std::string& head) {
    const auto& header = reply.header();
    http::fields::writer writer(header, header.version(), header.result_int());
    head.clear();
    const auto buffers = writer.get();
    for (const auto buffer : beast::buffers_range_ref(buffers)) {
        head.append(static_cast<const char*>(buffer.data()), buffer.size());
    }
}

// A system call's result and its errno, carried back from the disk threads.
struct CallResult {
    ssize_t n = 0;
    int error = 0;
};

// Runs `call` on the disk threads and resumes on the caller's executor with what it returned.
template <class Call>
asio::awaitable<CallResult> on_disk(asio::thread_pool& disk, Call call) {
    return call_on_pool<CallResult>(disk, [call = std::move(call)] {
        const ssize_t n = call();
        return CallResult{n, n < 0 ? errno : 0};
    });
}

// Writes a response with a SharedBody (files, playlists) on plain TCP with plain system calls:
// the header and the body in one sendmsg(2) when the body is in memory, or the header and then
// sendfile(2) when the file is open, so the kernel hands the page cache's pages to the socket
// (writing a segment from memory through Beast copied every byte once more: a fifth of the CPU
// serving segments). Most answers leave in one call, without arming a timer or waiting on the
// reactor, which Beast's write did for every response. Only when the socket is full does it wait,
// and the whole write has `timeout`, as Beast's had. A file too large to keep in memory (its body
// has no `data`) may be on a cold disk, so its sendfile calls run on `disk`, and it may take a
// slow reader minutes (20 MiB at 2 Mbit/s), so its `timeout` counts from the last progress: a
// reader that stalls is dropped, one that reads slowly holds a descriptor and no memory. TLS
// must encrypt in user space, so it never comes here. False when the write failed or ran out of
// time.
asio::awaitable<bool> send_shared(tcp::socket& socket, const Reply& reply,
                                  const SharedBody::value_type& body, std::chrono::seconds timeout,
                                  asio::thread_pool& disk, std::string& head) {
    using namespace asio::experimental::awaitable_operators;
    // Asked first: setting it is an ioctl each time, which the answer cannot afford.
    if (!socket.native_non_blocking()) {
        beast::error_code ec;
        socket.native_non_blocking(true, ec);
        if (ec) co_return false;
    }
    serialise_head(reply, head);
    const bool from_file = body.file && body.length > 0;
    const bool large_file = from_file && !body.data;
    const char* memory = body.data ? body.data->data() + body.offset : nullptr;
    std::optional<asio::steady_timer> deadline;  // made only when the socket makes us wait
    bool progressed = false;                     // since the last wait
    std::size_t head_sent = 0;
    std::size_t body_sent = 0;
    while (head_sent < head.size() || body_sent < body.length) {
        ssize_t n = 0;
        int error = 0;
        if (from_file && head_sent < head.size()) {
            // MSG_MORE: the header leaves with the body's first bytes, not in a packet of its own.
            n = ::send(socket.native_handle(), head.data() + head_sent, head.size() - head_sent,
                       MSG_NOSIGNAL | MSG_MORE);
            error = errno;
            if (n > 0) head_sent += static_cast<std::size_t>(n);
        } else if (from_file) {
            const int out = socket.native_handle();
            const int in = body.file->get();
            const off_t start = static_cast<off_t>(body.offset + body_sent);
            const std::size_t count = body.length - body_sent;
            if (large_file) {
                // The socket is non-blocking: the call returns as soon as the socket is full,
                // and only the disk can hold it. The connection's strand waits meanwhile, so
                // nothing else touches the socket.
                const CallResult result = co_await on_disk(disk, [=] {
                    off_t offset = start;
                    return ::sendfile(out, in, &offset, count);
                });
                n = result.n;
                error = result.error;
            } else {
                off_t offset = start;
                n = ::sendfile(out, in, &offset, count);
                error = errno;
            }
            if (n > 0) body_sent += static_cast<std::size_t>(n);
        } else {
            std::array<iovec, 2> parts{};
            std::size_t count = 0;
            if (head_sent < head.size()) {
                parts[count++] = {head.data() + head_sent, head.size() - head_sent};
            }
            if (body_sent < body.length) {
                parts[count++] = {const_cast<char*>(memory + body_sent), body.length - body_sent};
            }
            msghdr message{};
            message.msg_iov = parts.data();
            message.msg_iovlen = count;
            n = ::sendmsg(socket.native_handle(), &message, MSG_NOSIGNAL);
            error = errno;
            if (n > 0) {
                const std::size_t to_head =
                    std::min(static_cast<std::size_t>(n), head.size() - head_sent);
                head_sent += to_head;
                body_sent += static_cast<std::size_t>(n) - to_head;
            }
        }
        if (n > 0) {
            progressed = true;
            continue;
        }
        if (n < 0 && error == EINTR) continue;
        if (n == 0 || (error != EAGAIN && error != EWOULDBLOCK)) co_return false;
        if (!deadline) {
            deadline.emplace(socket.get_executor(), timeout);
        } else if (large_file && progressed) {
            deadline->expires_after(timeout);
        }
        progressed = false;
        auto waited = co_await (socket.async_wait(tcp::socket::wait_write, kNoThrow) ||
                                deadline->async_wait(kNoThrow));
        if (waited.index() != 0 || std::get<0>(std::get<0>(waited))) co_return false;
    }
    co_return true;
}

// The same over TLS for a file too large to keep in memory: the header, then the range in
// SharedBody::kFileChunk reads made on `disk`, each chunk written (encrypted) before the next is
// read, so a response holds one chunk however large the file; `timeout` applies to each chunk,
// as send_shared's counts from the last progress.
template <class Stream>
asio::awaitable<bool> send_large_file(Stream& stream, const Reply& reply,
                                      const SharedBody::value_type& body,
                                      std::chrono::seconds timeout, asio::thread_pool& disk,
                                      std::string& head) {
    beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
    serialise_head(reply, head);
    tcp.expires_after(timeout);
    if (auto [ec, n] = co_await asio::async_write(stream, asio::buffer(head), kNoThrow); ec) {
        co_return false;
    }
    std::string chunk(std::min(SharedBody::kFileChunk, body.length), '\0');
    std::size_t sent = 0;
    while (sent < body.length) {
        const int in = body.file->get();
        char* into = chunk.data();
        const std::size_t count = std::min(chunk.size(), body.length - sent);
        const off_t offset = static_cast<off_t>(body.offset + sent);
        const CallResult read =
            co_await on_disk(disk, [=] { return ::pread(in, into, count, offset); });
        if (read.n < 0 && read.error == EINTR) continue;
        if (read.n <= 0) co_return false;  // the file shrank or failed under us
        tcp.expires_after(timeout);
        auto [ec, n] = co_await asio::async_write(
            stream, asio::buffer(chunk.data(), static_cast<std::size_t>(read.n)), kNoThrow);
        if (ec) co_return false;
        sent += static_cast<std::size_t>(read.n);
    }
    co_return true;
}

// Registers a stream with the server for as long as it is written, so stop() can end it.
class StreamRegistration {
  public:
    StreamRegistration(Shared& shared, std::shared_ptr<EventSubscriber> subscriber)
        : shared_(shared), subscriber_(std::move(subscriber)) {
        std::lock_guard lock(shared_.streams_mutex);
        if (shared_.stopped) subscriber_->close();
        shared_.streams.insert(subscriber_);
    }
    ~StreamRegistration() {
        std::lock_guard lock(shared_.streams_mutex);
        shared_.streams.erase(subscriber_);
    }
    StreamRegistration(const StreamRegistration&) = delete;
    StreamRegistration& operator=(const StreamRegistration&) = delete;

  private:
    Shared& shared_;
    std::shared_ptr<EventSubscriber> subscriber_;
};

// Writes an event stream: the header, then events as they come and a heartbeat when none has
// for a while, until the client leaves, its subscriber is dropped or closed, or the server
// stops. Only writes happen here, one at a time on the connection's strand; the read and idle
// timeouts do not apply, since the client sends nothing more, and each write has write_timeout.
template <class Stream>
asio::awaitable<void> write_events(Stream& stream, Shared& shared, Reply reply,
                                   const RequestContext& context) {
    const std::shared_ptr<EventSubscriber> subscriber = reply.subscriber();
    StreamRegistration registration(shared, subscriber);
    beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
    subscriber->attach(co_await asio::this_coro::executor, [&tcp] { tcp.cancel(); });
    tcp.expires_after(shared.limits.write_timeout);
    auto [head_ec, head_bytes] = co_await beast::async_write(stream, reply.release(), kNoThrow);
    bool healthy = !head_ec;
    while (healthy) {
        EventSubscriber::Taken taken = subscriber->take();
        if (taken.chunks.empty() && !taken.ended) {
            tcp.expires_never();
            if (co_await subscriber->wait(subscriber->heartbeat())) continue;
        }
        std::vector<asio::const_buffer> buffers;
        for (const auto& chunk : taken.chunks) buffers.push_back(asio::buffer(*chunk));
        if (buffers.empty() && !taken.ended) buffers.push_back(asio::buffer(kEventHeartbeatLine));
        if (!buffers.empty()) {
            tcp.expires_after(shared.limits.write_timeout);
            auto [ec, n] = co_await asio::async_write(stream, buffers, kNoThrow);
            healthy = !ec;
        }
        if (taken.ended) break;
    }
    if (subscriber->dropped()) {
        spdlog::info("[http {}] event stream dropped: the client fell too far behind",
                     context.peer.to_string());
    }
    subscriber->detach();
    if (healthy) co_await close_sending(stream);
}

// Registers a body being produced with the server for as long as it is written, so stop() can
// cancel it (and with it the work producing it).
class ByteStreamRegistration {
  public:
    ByteStreamRegistration(Shared& shared, std::shared_ptr<ByteStream> stream)
        : shared_(shared), stream_(std::move(stream)) {
        std::lock_guard lock(shared_.streams_mutex);
        if (shared_.stopped) stream_->cancel();
        shared_.byte_streams.insert(stream_);
    }
    ~ByteStreamRegistration() {
        std::lock_guard lock(shared_.streams_mutex);
        shared_.byte_streams.erase(stream_);
    }
    ByteStreamRegistration(const ByteStreamRegistration&) = delete;
    ByteStreamRegistration& operator=(const ByteStreamRegistration&) = delete;

  private:
    Shared& shared_;
    std::shared_ptr<ByteStream> stream_;
};

// Writes a body as its producer makes it: the header, then each batch of what was pushed as
// one write (as chunks over HTTP/1.1, plain over 1.0), until the producer finishes, fails or
// is cancelled. Only one write at a time, on the connection's strand; each has write_timeout,
// so a client that stops reading is dropped and the producer, blocked on the full queue,
// stops. Waiting for the producer has no time limit: it is the server's own work. True when
// the body was sent whole, so the connection may serve another request.
template <class Stream>
asio::awaitable<bool> write_byte_stream(Stream& stream, Shared& shared, Reply& reply,
                                        std::string& head) {
    const std::shared_ptr<ByteStream> body = reply.byte_stream();
    ByteStreamRegistration registration(shared, body);
    beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
    body->attach(co_await asio::this_coro::executor, [&tcp] { tcp.cancel(); });
    // byte_stream_reply chunks over HTTP/1.1 and never over 1.0, which knows no chunks.
    const bool chunked = reply.header().version() >= 11;
    serialise_head(reply, head);
    tcp.expires_after(shared.limits.write_timeout);
    auto [head_ec, head_bytes] = co_await asio::async_write(stream, asio::buffer(head), kNoThrow);
    bool healthy = !head_ec;
    bool whole = false;
    std::vector<std::string> sizes;
    std::vector<asio::const_buffer> buffers;
    while (healthy) {
        ByteStream::Taken taken = body->take();
        if (taken.chunks.empty() && taken.end == ByteStream::End::open) {
            tcp.expires_never();
            co_await body->wait();
            continue;
        }
        if (taken.end == ByteStream::End::cancelled) break;
        sizes.clear();
        buffers.clear();
        sizes.reserve(taken.chunks.size());
        for (const std::string& chunk : taken.chunks) {
            if (chunk.empty()) continue;  // an empty chunk would end the body
            if (chunked) {
                sizes.push_back(fmt::format("{:x}\r\n", chunk.size()));
                buffers.push_back(asio::buffer(sizes.back()));
            }
            buffers.push_back(asio::buffer(chunk));
            if (chunked) buffers.push_back(asio::buffer("\r\n", 2));
        }
        const bool finished = taken.end == ByteStream::End::finished;
        if (finished && chunked) buffers.push_back(asio::buffer("0\r\n\r\n", 5));
        if (!buffers.empty()) {
            tcp.expires_after(shared.limits.write_timeout);
            auto [ec, n] = co_await asio::async_write(stream, buffers, kNoThrow);
            healthy = !ec;
        }
        if (taken.end != ByteStream::End::open) {
            whole = healthy && finished && chunked;
            break;
        }
    }
    body->detach();
    co_return whole;
}

// Registers a connection with the server for as long as it lasts (one lock each way), so stop()
// can end its wait for a next request; marking the waits is the connection's own business.
class ConnectionRegistration {
  public:
    ConnectionRegistration(Shared& shared, beast::tcp_stream& stream)
        : shared_(shared),
          wait_(std::make_shared<OpenConnection>(OpenConnection{stream.get_executor(), &stream})) {
        std::lock_guard lock(shared_.streams_mutex);
        shared_.connections.insert(wait_);
    }
    ~ConnectionRegistration() {
        wait_->waiting = false;
        std::lock_guard lock(shared_.streams_mutex);
        shared_.connections.erase(wait_);
    }
    ConnectionRegistration(const ConnectionRegistration&) = delete;
    ConnectionRegistration& operator=(const ConnectionRegistration&) = delete;

    // Before and after each wait for a request. Returns false when the server has stopped
    // already, so there is nothing to wait for: a stop() after this call finds the wait marked.
    bool start_waiting() {
        wait_->waiting = true;
        return !shared_.stopped.load();
    }
    void stop_waiting() { wait_->waiting = false; }

  private:
    Shared& shared_;
    std::shared_ptr<OpenConnection> wait_;
};

template <class Stream>
asio::awaitable<void> serve_requests(Stream& stream, Shared& shared,
                                     const RequestContext& context) {
    const config::HttpLimits& limits = shared.limits;
    beast::tcp_stream& tcp = beast::get_lowest_layer(stream);
    beast::flat_buffer buffer;
    std::string head;  // send_shared's header, kept so the next one needs no allocation
    ConnectionRegistration connection(shared, tcp);
    for (;;) {
        if (buffer.size() == 0) {
            // Between requests a client may stay idle for idle_timeout; once it starts a request
            // it has read_timeout to finish it (slow-header clients are dropped).
            // A stopping server waits for no further request.
            if (!connection.start_waiting()) break;
            tcp.expires_after(limits.idle_timeout);
            auto [ec, n] = co_await stream.async_read_some(buffer.prepare(kReadChunk), kNoThrow);
            connection.stop_waiting();
            if (ec) break;
            buffer.commit(n);
        }
        tcp.expires_after(limits.read_timeout);
        http::request_parser<http::empty_body> header_parser;
        header_parser.header_limit(limits.max_header_bytes);
        // Set before the header is read: Beast compares Content-Length with the limit while
        // parsing the header, and the body parser would not check it again. Until the header
        // says where the request goes its body may be as large as any request's may be; this
        // request's own limit is applied below, once the header is in.
        header_parser.body_limit(shared.uploads
                                     ? std::max(limits.max_body_bytes, limits.max_upload_bytes)
                                     : limits.max_body_bytes);
        auto [header_ec, header_bytes] =
            co_await http::async_read_header(stream, buffer, header_parser, kNoThrow);
        if (header_ec) {
            // Past the largest limit the header is whole, so the answer can still say which.
            const bool whole = header_ec == http::error::body_limit;
            const bool upload = whole && shared.uploads && shared.uploads(header_parser.get());
            // Named before the co_await: GCC 12 mishandles temporaries in a co_await's operands.
            const std::string reason =
                whole ? too_large(shared, header_parser.get(),
                                  upload ? limits.max_upload_bytes : limits.max_body_bytes, upload)
                      : std::string();
            co_await answer_read_error(
                stream, shared, context.secure,
                whole ? std::string_view(header_parser.get().target()) : std::string_view(),
                header_ec, reason);
            co_return;
        }
        // Kept for the observer: the request itself goes to the handler.
        const std::string target(header_parser.get().target());
        if (!acceptable_transfer_encoding(header_parser.get())) {
            co_await write_refusal(stream, shared, context.secure, target,
                                   http::status::bad_request, "unsupported Transfer-Encoding");
            co_return;
        }
        const bool upload = shared.uploads && shared.uploads(header_parser.get());
        const std::uint64_t body_limit = upload ? limits.max_upload_bytes : limits.max_body_bytes;
        // A declared length over this request's limit is refused before any of the body is read;
        // a chunked body is counted against the limit by the body parser as it arrives.
        if (const auto length = header_parser.content_length(); length && *length > body_limit) {
            const std::string reason = too_large(shared, header_parser.get(), body_limit, upload);
            co_await write_refusal(stream, shared, context.secure, target,
                                   http::status::payload_too_large, reason);
            co_return;
        }
        http::request_parser<http::string_body> parser(std::move(header_parser));
        parser.body_limit(body_limit);
        if (!parser.is_done()) {
            auto [body_ec, body_bytes] =
                co_await http::async_read(stream, buffer, parser, kNoThrow);
            if (body_ec) {
                const std::string reason = body_ec == http::error::body_limit
                                               ? too_large(shared, parser.get(), body_limit, upload)
                                               : std::string();
                co_await answer_read_error(stream, shared, context.secure, target, body_ec, reason);
                co_return;
            }
        }
        RequestContext request_context = context;
        if (shared.forwarding) {
            request_context.forwarded_for =
                shared.forwarding->forwarded_for(context.peer, parser.get());
        }
        std::optional<Reply> reply;
        try {
            reply.emplace(co_await shared.handler(parser.release(), std::move(request_context)));
        } catch (const std::exception& e) {
            spdlog::error("[http {}] handler failed: {}", context.peer.to_string(), e.what());
            reply.emplace(refusal(http::status::internal_server_error, "internal error"));
        }
        finish(shared, context.secure, target, *reply);
        if (reply->subscriber()) {
            // Nothing more is read from a stream's client: its read buffer (4 KiB or more)
            // would otherwise stay allocated for as long as the stream lasts.
            buffer.clear();
            buffer.shrink_to_fit();
            co_await write_events(stream, shared, std::move(*reply), context);
            co_return;
        }
        const bool keep_alive = reply->keep_alive();
        bool sent = false;
        bool direct = false;
        if (reply->byte_stream()) {
            direct = true;
            sent = co_await write_byte_stream(stream, shared, *reply, head);
        } else if (const SharedBody::value_type* body = reply->shared_body()) {
            if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
                direct = true;
                sent = co_await send_shared(tcp.socket(), *reply, *body, limits.write_timeout,
                                            *shared.disk, head);
            } else if (body->file && !body->data && body->length > 0) {
                direct = true;
                sent = co_await send_large_file(stream, *reply, *body, limits.write_timeout,
                                                *shared.disk, head);
            }
        }
        if (!direct) {
            tcp.expires_after(limits.write_timeout);
            auto [write_ec, written] =
                co_await beast::async_write(stream, reply->release(), kNoThrow);
            sent = !write_ec;
        }
        if (!sent) break;
        // A stopping server finishes the request in hand and closes, so it can drain.
        if (!keep_alive || shared.stopped.load()) {
            co_await close_sending(stream);
            co_return;
        }
    }
    // The client went away, timed out or broke the stream: nothing left to say properly.
    beast::error_code ignored;
    tcp.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

// A client that cannot finish the handshake in the time it would have to send a request is
// dropped, as is one that speaks plain HTTP to the TLS port.
asio::awaitable<bool> handshake(TlsStream& stream, const config::HttpLimits& limits,
                                const asio::ip::address& peer) {
    beast::get_lowest_layer(stream).expires_after(
        std::min<std::chrono::seconds>(kHandshakeTimeout, limits.read_timeout));
    auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, kNoThrow);
    if (ec) spdlog::debug("[http {}] TLS handshake failed: {}", peer.to_string(), ec.message());
    co_return !ec;
}

// Runs `serve(stream, secure)` on the connection: plain TCP, or TLS once the handshake is done.
// The TLS context is held for the connection's lifetime, so a reload never pulls it away.
template <class Serve>
asio::awaitable<void> over_stream(tcp::socket socket, const Shared& shared,
                                  const asio::ip::address& peer, Serve serve) {
    if (!shared.tls) {
        beast::tcp_stream stream(std::move(socket));
        co_await serve(stream, false);
        co_return;
    }
    std::shared_ptr<asio::ssl::context> tls_context = shared.tls->current();
    TlsStream stream(std::move(socket), *tls_context);
    if (!co_await handshake(stream, shared.limits, peer)) co_return;
    co_await serve(stream, true);
}

asio::awaitable<void> run_session(tcp::socket socket, std::shared_ptr<Shared> shared,
                                  RequestContext context) {
    ConnectionGuard guard{shared->limiter, context.peer};
    co_await over_stream(std::move(socket), *shared, context.peer,
                         [&](auto& stream, bool secure) -> asio::awaitable<void> {
                             context.secure = secure;
                             co_await serve_requests(stream, *shared, context);
                         });
}

asio::awaitable<void> refuse_connection(tcp::socket socket, std::shared_ptr<Shared> shared,
                                        asio::ip::address peer) {
    co_await over_stream(
        std::move(socket), *shared, peer, [&](auto& stream, bool secure) -> asio::awaitable<void> {
            co_await write_refusal(stream, *shared, secure, {}, http::status::service_unavailable,
                                   "too many connections; try again shortly");
        });
    shared->refusals.fetch_sub(1);
}

asio::awaitable<void> accept_loop(asio::io_context& io, tcp::acceptor& acceptor,
                                  std::shared_ptr<Shared> shared) {
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(io), kNoThrow);
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        if (ec) {
            // Out of file descriptors or similar: the connection stays in the backlog and an
            // immediate retry fails again, so pause instead of spinning.
            spdlog::warn("accept failed: {}; pausing", ec.message());
            asio::steady_timer pause(acceptor.get_executor(), kAcceptPause);
            co_await pause.async_wait(kNoThrow);
            continue;
        }
        beast::error_code endpoint_ec;
        auto peer = socket.remote_endpoint(endpoint_ec).address();
        if (endpoint_ec) continue;
        socket.set_option(tcp::no_delay(true), endpoint_ec);
        auto executor = socket.get_executor();
        if (!shared->limiter->try_acquire(peer)) {
            // A few refusals get a 503 that says why; past that the socket is closed at once, so
            // refusing cannot itself use up descriptors.
            if (shared->refusals.fetch_add(1) < kMaxRefusalsInFlight) {
                asio::co_spawn(executor,
                               refuse_connection(tcp::socket(std::move(socket)), shared, peer),
                               asio::detached);
            } else {
                shared->refusals.fetch_sub(1);
            }
            continue;
        }
        asio::co_spawn(executor, run_session(tcp::socket(std::move(socket)), shared, {peer}),
                       asio::detached);
    }
}

tcp::endpoint parse_listen(const std::string& listen) {
    const ListenAddress parsed = parse_listen_address(listen);
    return {asio::ip::make_address(parsed.ip), parsed.port};
}

}  // namespace

bool acceptable_transfer_encoding(const http::request_header<>& header) {
    auto it = header.find(http::field::transfer_encoding);
    if (it == header.end()) return true;
    std::string value(it->value());
    boost::algorithm::trim(value);
    return boost::algorithm::iequals(value, "chunked") &&
           header.count(http::field::transfer_encoding) == 1;
}

asio::ip::address ConnectionLimiter::client_of(const asio::ip::address& address) {
    if (!address.is_v6()) return address;
    auto v6 = address.to_v6();
    if (v6.is_v4_mapped()) return asio::ip::make_address_v4(asio::ip::v4_mapped, v6);
    // One IPv6 client usually holds a whole /64: count it as one.
    auto bytes = v6.to_bytes();
    std::fill(bytes.begin() + 8, bytes.end(), 0);
    return asio::ip::address_v6(bytes);
}

bool ConnectionLimiter::try_acquire(const asio::ip::address& peer) {
    const auto address = client_of(peer);
    std::lock_guard lock(mutex_);
    if (forwarding_ && forwarding_->trusts(peer)) {
        if (total_ >= max_total_) return false;
        ++total_;
        return true;
    }
    auto& count = per_address_[address];
    if (total_ >= max_total_ || count >= max_per_address_) {
        if (count == 0) per_address_.erase(address);
        return false;
    }
    ++count;
    ++total_;
    return true;
}

void ConnectionLimiter::release(const asio::ip::address& peer) {
    const auto address = client_of(peer);
    std::lock_guard lock(mutex_);
    if (forwarding_ && forwarding_->trusts(peer)) {
        --total_;
        return;
    }
    auto it = per_address_.find(address);
    if (it == per_address_.end()) return;
    if (--it->second == 0) per_address_.erase(it);
    --total_;
}

std::uint32_t ConnectionLimiter::open() const {
    std::lock_guard lock(mutex_);
    return total_;
}

HttpServer::HttpServer(asio::io_context& io, const std::string& listen,
                       const config::HttpLimits& limits, Handler handler,
                       std::shared_ptr<TlsContext> tls, UploadRule uploads)
    : io_(io),
      limits_(limits),
      handler_(std::move(handler)),
      tls_(std::move(tls)),
      uploads_(std::move(uploads)),
      acceptor_(asio::make_strand(io)),
      limiter_(std::make_shared<ConnectionLimiter>(limits.max_connections,
                                                   limits.max_connections_per_address)) {
    tcp::endpoint endpoint = parse_listen(listen);
    beast::error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw Error("cannot listen on " + listen + ": " + ec.message());
}

void HttpServer::set_forwarding(std::shared_ptr<const ForwardedClient> forwarding) {
    limiter_->set_forwarding(forwarding);
    forwarding_ = std::move(forwarding);
}

void HttpServer::start() {
    state_ = std::make_shared<ServerState>();
    state_->limits = limits_;
    state_->handler = handler_;
    state_->tls = tls_;
    state_->uploads = uploads_;
    state_->observer = observer_;
    state_->too_large_text = too_large_text_;
    state_->forwarding = forwarding_;
    state_->limiter = limiter_;
    state_->disk = std::make_shared<asio::thread_pool>(kDiskThreads);
    asio::co_spawn(acceptor_.get_executor(), accept_loop(io_, acceptor_, state_), asio::detached);
}

// The acceptor lives on its own strand; closing it there cannot race the accept loop.
void HttpServer::stop() {
    asio::post(acceptor_.get_executor(), [this] {
        beast::error_code ignored;
        acceptor_.close(ignored);
    });
    if (!state_) return;
    std::lock_guard lock(state_->streams_mutex);
    state_->stopped = true;
    for (const auto& subscriber : state_->streams) subscriber->close();
    for (const auto& body : state_->byte_streams) body->cancel();
    for (const auto& wait : state_->connections) {
        asio::post(wait->executor, [wait] {
            if (wait->waiting) wait->stream->cancel();
        });
    }
}

void HttpServer::join_disk() {
    if (state_ && state_->disk) state_->disk->join();
}

tcp::endpoint HttpServer::local_endpoint() const {
    return acceptor_.local_endpoint();
}

std::uint32_t HttpServer::open_connections() const {
    return limiter_->open();
}

}  // namespace councilcast::portal
