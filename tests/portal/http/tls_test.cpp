#include "portal/http/tls_context.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <boost/beast/http.hpp>

#include <fstream>
#include <memory>

#include "common/c_ptr.hpp"
#include "common/error.hpp"
#include "portal/http/file_response.hpp"
#include "portal/http/http_server.hpp"
#include "portal/http/https_redirect.hpp"
#include "tests/support/demo_process.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/raw_http.hpp"
#include "tests/support/running_server.hpp"
#include "tests/support/test_certificate.hpp"

using namespace councilcast;
using councilcast::testing::HttpClient;
using councilcast::testing::RawConnection;
using councilcast::testing::TestCertificate;
namespace http = boost::beast::http;
using namespace std::chrono_literals;

namespace {

constexpr int kProbeTimeoutSeconds = 5;

// Answers whether the request came over TLS, so a test sees what the handler saw.
boost::asio::awaitable<portal::Reply> say_if_secure(portal::Request request,
                                                    portal::RequestContext context) {
    http::response<http::string_body> res{http::status::ok, request.version()};
    res.body() = context.secure ? "secure\n" : "plain\n";
    res.keep_alive(request.keep_alive());
    res.prepare_payload();
    co_return res;
}

// The real server on 127.0.0.1:0, over TLS when given a context.
class RunningServer : public testing::RunningServer {
  public:
    explicit RunningServer(std::shared_ptr<portal::TlsContext> tls,
                           portal::Handler handler = say_if_secure)
        : testing::RunningServer(config::HttpLimits{}, std::move(handler), std::move(tls)) {}
    std::string url(const std::string& path) const {
        return "https://127.0.0.1:" + std::to_string(port()) + path;
    }
};

// A TLS client on OpenSSL that can be told to offer exactly one protocol version and given
// ciphers, including ones no current client would offer; it does not verify the server.
class TlsProbe {
  public:
    TlsProbe(unsigned short port, int version, const char* tls12_ciphers = nullptr)
        : context_(SSL_CTX_new(TLS_client_method())) {
        SSL_CTX* context = context_.get();
        // Security level 0, or OpenSSL 3 would refuse to offer TLS 1.1 itself and the test
        // would prove nothing about the server.
        SSL_CTX_set_security_level(context, 0);
        SSL_CTX_set_min_proto_version(context, version);
        SSL_CTX_set_max_proto_version(context, version);
        SSL_CTX_set_cipher_list(context, tls12_ciphers ? tls12_ciphers : "DEFAULT:@SECLEVEL=0");
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        timeval timeout{kProbeTimeoutSeconds, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return;
        ssl_.reset(SSL_new(context));
        SSL_set_fd(ssl_.get(), fd_);
        handshake_done_ = SSL_connect(ssl_.get()) == 1;
    }
    TlsProbe(const TlsProbe&) = delete;
    TlsProbe& operator=(const TlsProbe&) = delete;
    ~TlsProbe() {
        ssl_.reset();
        if (fd_ >= 0) ::close(fd_);
    }

    bool handshake_done() const { return handshake_done_; }
    std::string cipher() const { return SSL_get_cipher_name(ssl_.get()); }
    std::string peer_certificate_pem() const {
        CPtr<&X509_free> peer(SSL_get1_peer_certificate(ssl_.get()));
        CPtr<&BIO_free> bio(BIO_new(BIO_s_mem()));
        PEM_write_bio_X509(bio.get(), peer.get());
        char* data = nullptr;
        const long size = BIO_get_mem_data(bio.get(), &data);
        return std::string(data, static_cast<std::size_t>(size));
    }
    // Sends one request on this connection and returns everything until the server closes.
    std::string get(const std::string& path) {
        const std::string request =
            "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
        if (SSL_write(ssl_.get(), request.data(), static_cast<int>(request.size())) <= 0) return {};
        std::string reply;
        char chunk[4096];
        for (int n; (n = SSL_read(ssl_.get(), chunk, sizeof chunk)) > 0;) reply.append(chunk, n);
        return reply;
    }

  private:
    CPtr<&SSL_CTX_free> context_;
    CPtr<&SSL_free> ssl_;
    int fd_ = -1;
    bool handshake_done_ = false;
};

struct Fixture {
    std::filesystem::path dir = testing::fresh_directory("tls");
    TestCertificate first{dir, "first"};
    TestCertificate second{dir, "second"};
    // The files the server is configured with; a renewal copies another pair over them.
    TestCertificate configured{dir, "configured"};
    Fixture() { first.install_as(configured); }
    std::shared_ptr<portal::TlsContext> context() const {
        return std::make_shared<portal::TlsContext>(configured.certificate(),
                                                    configured.private_key());
    }
};

}  // namespace

TEST_CASE_FIXTURE(Fixture, "an HTTPS GET is answered, with the configured certificate") {
    RunningServer server(context());
    // Verification is on: a client that trusts another certificate refuses the connection. It
    // goes first because GLib resumes TLS sessions process-wide without verifying again.
    HttpClient stranger(second.certificate());
    CHECK(stranger.get(server.url("/")).status == 0);

    HttpClient client(first.certificate());
    auto result = client.get(server.url("/"));
    CHECK(result.error == "");
    CHECK(result.status == 200);
    CHECK(result.body == "secure\n");
    CHECK(result.peer_certificate_pem == first.certificate_pem());
}

TEST_CASE_FIXTURE(Fixture,
                  "a file too large to keep in memory goes out over TLS, whole or a range") {
    const auto path = dir / "large.pdf";
    std::string bytes(3 * 1024 * 1024 + 17, '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7 % 251);
    std::ofstream(path, std::ios::binary) << bytes;
    // Kept in memory up to 1 MiB: this file is opened and sent from its descriptor.
    portal::FileCache files(8 * 1024 * 1024, 1024 * 1024);
    RunningServer server(context(),
                         [&](portal::Request request,
                             portal::RequestContext) -> boost::asio::awaitable<portal::Reply> {
                             co_return portal::file_response(request, files.get_cached(path, path),
                                                             "application/pdf", "no-store");
                         });
    HttpClient client(first.certificate());
    auto whole = client.get(server.url("/"));
    CHECK(whole.status == 200);
    const bool same = whole.body == bytes;  // not printed: megabytes
    CHECK(same);
    auto middle = client.get(server.url("/"), {{"Range", "bytes=2000000-2000099"}});
    CHECK(middle.status == 206);
    CHECK(middle.header("content-range") ==
          "bytes 2000000-2000099/" + std::to_string(bytes.size()));
    CHECK(middle.body == bytes.substr(2000000, 100));
}

TEST_CASE_FIXTURE(Fixture, "every answer over TLS carries HSTS, the server's refusals included") {
    RunningServer server(context());
    HttpClient client(first.certificate());
    auto ok = client.get(server.url("/"));
    CHECK(ok.status == 200);
    CHECK(ok.header("strict-transport-security") == "max-age=31536000");
    CHECK(ok.header("x-content-type-options") == "nosniff");
    auto refused = client.get(server.url("/"), {{"X-Big", std::string(20000, 'a')}});
    CHECK(refused.status == 431);
    CHECK(refused.header("strict-transport-security") == "max-age=31536000");
    CHECK(refused.header("x-content-type-options") == "nosniff");
}

TEST_CASE_FIXTURE(Fixture,
                  "after a reload new connections get the new certificate, open ones "
                  "keep theirs") {
    auto tls = context();
    RunningServer server(tls);
    TlsProbe open_before(server.port(), TLS1_3_VERSION);
    REQUIRE(open_before.handshake_done());

    second.install_as(configured);
    tls->reload();

    HttpClient client(second.certificate());
    auto result = client.get(server.url("/"));
    CHECK(result.status == 200);
    CHECK(result.peer_certificate_pem == second.certificate_pem());
    CHECK(open_before.peer_certificate_pem() == first.certificate_pem());
    CHECK(open_before.get("/").find("HTTP/1.1 200 OK") == 0);
}

TEST_CASE_FIXTURE(Fixture, "a reload that fails keeps the old certificate and the site up") {
    auto tls = context();
    RunningServer server(tls);

    SUBCASE("a key that is not PEM") {
        std::ofstream(configured.private_key()) << "not a key\n";
        CHECK_THROWS_WITH_AS(tls->reload(), doctest::Contains("is not PEM"), InvalidInput);
    }
    SUBCASE("the key of another certificate") {
        std::filesystem::copy_file(second.private_key(), configured.private_key(),
                                   std::filesystem::copy_options::overwrite_existing);
        CHECK_THROWS_WITH_AS(tls->reload(), doctest::Contains("does not belong to the certificate"),
                             InvalidInput);
    }
    SUBCASE("a missing certificate") {
        std::filesystem::remove(configured.certificate());
        CHECK_THROWS_WITH_AS(tls->reload(), doctest::Contains("does not exist"), InvalidInput);
    }
    HttpClient client(first.certificate());
    auto result = client.get(server.url("/"));
    CHECK(result.status == 200);
    CHECK(result.peer_certificate_pem == first.certificate_pem());
}

TEST_CASE_FIXTURE(Fixture, "files that cannot serve are refused at start, naming the file") {
    const auto missing = dir / "missing.pem";
    CHECK_THROWS_WITH_AS(portal::TlsContext(missing, first.private_key()),
                         doctest::Contains((missing.string() + "\" does not exist").c_str()),
                         InvalidInput);
    CHECK_THROWS_WITH_AS(portal::TlsContext(first.private_key(), first.private_key()),
                         doctest::Contains("holds no usable certificate chain"), InvalidInput);
    const auto encrypted = dir / "encrypted.key";
    REQUIRE(std::system(("openssl pkey -in '" + first.private_key().string() +
                         "' -aes256 -passout pass:secret -out '" + encrypted.string() + "'")
                            .c_str()) == 0);
    CHECK_THROWS_WITH_AS(portal::TlsContext(first.certificate(), encrypted),
                         doctest::Contains("is encrypted"), InvalidInput);
}

TEST_CASE_FIXTURE(Fixture,
                  "plain HTTP to the TLS port is dropped without hurting the next client") {
    RunningServer server(context());
    {
        RawConnection plain("127.0.0.1", server.port());
        plain.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        CHECK(plain.closed_within(5s));
    }
    CHECK(testing::wait_for([&] { return server.open_connections() == 0; }, 5s));
    HttpClient client(first.certificate());
    CHECK(client.get(server.url("/")).body == "secure\n");
}

TEST_CASE_FIXTURE(Fixture, "only TLS 1.2 and 1.3 with forward-secret AEAD ciphers are accepted") {
    RunningServer server(context());
    CHECK_FALSE(TlsProbe(server.port(), TLS1_VERSION).handshake_done());
    CHECK_FALSE(TlsProbe(server.port(), TLS1_1_VERSION).handshake_done());
    CHECK(TlsProbe(server.port(), TLS1_3_VERSION).handshake_done());

    TlsProbe tls12(server.port(), TLS1_2_VERSION, "ALL:@SECLEVEL=0");
    REQUIRE(tls12.handshake_done());
    CHECK(tls12.cipher().starts_with("ECDHE-"));
    CHECK((tls12.cipher().find("GCM") != std::string::npos ||
           tls12.cipher().find("CHACHA20") != std::string::npos));
    // CBC, or no forward secrecy: a client that offers nothing better gets no connection.
    for (const char* weak : {"ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA384", "AES128-SHA",
                             "AES128-GCM-SHA256"}) {
        CAPTURE(weak);
        CHECK_FALSE(TlsProbe(server.port(), TLS1_2_VERSION, weak).handshake_done());
    }
}

TEST_CASE("the redirect listener sends GET to the same path over HTTPS and refuses bad Hosts") {
    RunningServer server(nullptr, portal::HttpsRedirect("", 8443).handler());
    const std::string host = "127.0.0.1:" + std::to_string(server.port());
    {
        RawConnection c("127.0.0.1", server.port());
        c.send("GET /live/hall/720p/live.m3u8?_HLS_msn=12&lang=en HTTP/1.1\r\nHost: " + host +
               "\r\n\r\n");
        std::string reply = c.read_until("\r\n\r\n", 5s);
        CHECK(reply.find("HTTP/1.1 308 Permanent Redirect\r\n") == 0);
        CHECK(reply.find("\r\nLocation: https://127.0.0.1:8443/live/hall/720p/live.m3u8?_HLS_msn=12"
                         "&lang=en\r\n") != std::string::npos);
        // Plain HTTP: the common headers, but never HSTS (RFC 6797 7.2).
        CHECK(reply.find("\r\nX-Content-Type-Options: nosniff\r\n") != std::string::npos);
        CHECK(reply.find("Strict-Transport-Security") == std::string::npos);
    }
    for (std::string hostile : {"evil.com/@x", "evil.com x", "evil.com\rX: 1", ""}) {
        CAPTURE(hostile);
        RawConnection c("127.0.0.1", server.port());
        c.send("GET /a?b=c HTTP/1.1\r\nHost: " + hostile + "\r\n\r\n");
        std::string reply = c.read_until("\r\n\r\n", 5s);
        CHECK(reply.find("HTTP/1.1 400") == 0);
        CHECK(reply.find("Location") == std::string::npos);
    }
    RawConnection post("127.0.0.1", server.port());
    post.send("POST /login HTTP/1.1\r\nHost: " + host + "\r\nContent-Length: 3\r\n\r\nabc");
    std::string reply = post.read_until("\r\n\r\n", 5s);
    CHECK(reply.find("HTTP/1.1 405") == 0);
    CHECK(reply.find("Location") == std::string::npos);
}
