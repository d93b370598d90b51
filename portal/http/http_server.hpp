// The HTTP/1.1 server: accepts connections, enforces every limit, hands each request to a handler.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "portal/http/forwarded_client.hpp"
#include "portal/http/reply.hpp"

namespace councilcast::portal {

using Request = boost::beast::http::request<boost::beast::http::string_body>;

struct RequestContext {
    boost::asio::ip::address peer;  // who the connection is from
    bool secure = false;            // arrived over TLS
    // The address a trusted proxy forwarded the request for (ForwardedClient); empty when the
    // peer is the client.
    std::optional<boost::asio::ip::address> forwarded_for;

    // Who sent the request: what every limit per address counts and the audit log records.
    const boost::asio::ip::address& client() const { return forwarded_for ? *forwarded_for : peer; }
};

// A request handler is a function of the request; it knows nothing about sockets. It is a
// coroutine so that slow work (password hashing) waits on its own pool, not on a network thread;
// it takes its arguments by value because they must live in the coroutine's frame.
using Handler = std::function<boost::asio::awaitable<Reply>(Request, RequestContext)>;

// Told of every answer just before it is written, the server's own refusals included, so that
// counting them takes one place. `target` is the request's, or empty when the server answered
// before it had read one (a header too large, too many connections). Called on a network
// thread: quick, and never throwing.
using ReplyObserver = std::function<void(std::string_view target, const Reply& reply)>;

// What the server says when it refuses a body over its limit (413), for the request whose header
// it read: in the visitor's language, naming the limit ("20 MiB"); `upload` when the request
// could have carried a file. The site supplies it, since the server knows no language; without
// it the answer is the status's reason phrase.
using TooLargeText = std::function<std::string(const boost::beast::http::request_header<>& header,
                                               std::string_view limit, bool upload)>;

class TlsContext;
struct ServerState;

// Whether a request may carry an upload: true lets its body reach max_upload_bytes instead of
// max_body_bytes. Asked with the header alone, before any of the body is read, on a network
// thread, so it must be quick and must not block.
using UploadRule = std::function<bool(const boost::beast::http::request_header<>& header)>;

// The only Transfer-Encoding a request may carry is chunked alone (RFC 9112 6.1); anything else
// makes the body length unknowable, so the server refuses the request and closes the connection.
// Public so the request fuzzer checks requests exactly as the server does.
bool acceptable_transfer_encoding(const boost::beast::http::request_header<>& header);

// Counts open connections, in total and per client address.
class ConnectionLimiter {
  public:
    ConnectionLimiter(std::uint32_t max_total, std::uint32_t max_per_address)
        : max_total_(max_total), max_per_address_(max_per_address) {}
    bool try_acquire(const boost::asio::ip::address& peer);
    void release(const boost::asio::ip::address& peer);
    std::uint32_t open() const;
    // Before the server starts. A trusted proxy carries many clients' connections: it counts
    // against the total alone.
    void set_forwarding(std::shared_ptr<const ForwardedClient> forwarding) {
        forwarding_ = std::move(forwarding);
    }
    // What counts as one client: an IPv4 address (also when mapped into IPv6), an IPv6 /64.
    static boost::asio::ip::address client_of(const boost::asio::ip::address& peer);

  private:
    const std::uint32_t max_total_;
    const std::uint32_t max_per_address_;
    std::shared_ptr<const ForwardedClient> forwarding_;
    mutable std::mutex mutex_;
    std::uint32_t total_ = 0;
    std::map<boost::asio::ip::address, std::uint32_t> per_address_;
};

class HttpServer {
  public:
    // Binds at once (so a busy port fails here, and port 0 resolves to a real one). With `tls`
    // every connection must complete a TLS handshake first; without it the server speaks plain
    // HTTP. Each connection takes tls->current() when accepted, so TlsContext::reload() changes
    // what new connections get. Without `uploads` every body is held to max_body_bytes.
    HttpServer(boost::asio::io_context& io, const std::string& listen,
               const config::HttpLimits& limits, Handler handler,
               std::shared_ptr<TlsContext> tls = nullptr, UploadRule uploads = {});
    // Before start().
    void set_observer(ReplyObserver observer) { observer_ = std::move(observer); }
    // Before start().
    void set_too_large_text(TooLargeText text) { too_large_text_ = std::move(text); }
    // Before start(). Without it no proxy is trusted.
    void set_forwarding(std::shared_ptr<const ForwardedClient> forwarding);
    void start();
    // Stops accepting, ends every event stream and closes every connection waiting for a
    // request; the others finish the request in hand, then close. open_connections() tells
    // when they have.
    void stop();
    // Waits for the disk threads' calls (large files). Their results are posted to the
    // connections' executors, so this comes after the event loop has stopped and before it is
    // destroyed.
    void join_disk();
    boost::asio::ip::tcp::endpoint local_endpoint() const;
    std::uint32_t open_connections() const;

  private:
    boost::asio::io_context& io_;
    config::HttpLimits limits_;
    Handler handler_;
    std::shared_ptr<TlsContext> tls_;
    UploadRule uploads_;
    ReplyObserver observer_;
    TooLargeText too_large_text_;
    std::shared_ptr<const ForwardedClient> forwarding_;
    boost::asio::ip::tcp::acceptor acceptor_;
    // Shared with every session, which may outlive the server while the io_context unwinds.
    std::shared_ptr<ConnectionLimiter> limiter_;
    std::shared_ptr<ServerState> state_;  // what the sessions share
};

}  // namespace councilcast::portal
