// The real HttpServer on 127.0.0.1:0, run by its own thread for the length of a test.
#pragma once

#include <boost/asio/io_context.hpp>

#include <memory>
#include <string>
#include <thread>

#include "config/config.hpp"
#include "portal/http/http_server.hpp"

namespace councilcast::testing {

class RunningServer {
  public:
    RunningServer(const config::HttpLimits& limits, portal::Handler handler,
                  std::shared_ptr<portal::TlsContext> tls = nullptr,
                  portal::UploadRule uploads = {}, portal::ReplyObserver observer = {},
                  portal::TooLargeText too_large = {})
        : server_(io_, "127.0.0.1:0", limits, std::move(handler), std::move(tls),
                  std::move(uploads)) {
        server_.set_observer(std::move(observer));
        server_.set_too_large_text(std::move(too_large));
        server_.start();
        thread_ = std::thread([this] { io_.run(); });
    }
    RunningServer(const RunningServer&) = delete;
    RunningServer& operator=(const RunningServer&) = delete;
    ~RunningServer() {
        io_.stop();
        thread_.join();
    }
    unsigned short port() const { return server_.local_endpoint().port(); }
    std::uint32_t open_connections() const { return server_.open_connections(); }
    void stop() { server_.stop(); }

  private:
    boost::asio::io_context io_;
    portal::HttpServer server_;
    std::thread thread_;
};

}  // namespace councilcast::testing
