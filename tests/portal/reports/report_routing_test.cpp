// Where a confirmed report goes, with real parts: the department's mail through the real queue
// and dispatcher to aiosmtpd on loopback (down first, then up), and the webhook to a real HTTP
// receiver on loopback that fails, then recovers: signed, retried with backoff, given up in the
// end when it never answers.
#include "portal/reports/report_routing.hpp"

#include <doctest/doctest.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <atomic>
#include <chrono>
#include <deque>
#include <fstream>
#include <mutex>
#include <thread>

#include "portal/mail/mail_dispatcher.hpp"
#include "portal/mail/mail_message.hpp"
#include "portal/mail/mail_transport.hpp"
#include "portal/reports/report_mail.hpp"
#include "tests/portal/reports/report_fixture.hpp"
#include "tests/support/shell_command.hpp"
#include "tests/support/smtp_sink.hpp"
#include "tests/support/test_browser.hpp"

using namespace councilcast;
using namespace councilcast::portal;
using namespace councilcast::portal::testing;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

constexpr std::string_view kHookSecret = "a-shared-secret-of-the-roads-department";

struct ReceivedHook {
    std::string signature;
    std::string delivery;
    std::string content_type;
    std::string body;
};

// A real HTTP server on loopback answering each POST with the next status of its list (200 once
// the list is empty), and keeping what it was sent.
class HookReceiver {
  public:
    explicit HookReceiver(std::deque<unsigned> statuses)
        : statuses_(std::move(statuses)),
          acceptor_(io_, {boost::asio::ip::address_v4::loopback(), 0}),
          thread_([this] { serve(); }) {}
    ~HookReceiver() {
        stopping_ = true;
        boost::system::error_code ignored;
        tcp::socket wake(io_);
        wake.connect(acceptor_.local_endpoint(), ignored);
        thread_.join();
    }

    std::string url() const {
        return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/hook";
    }
    std::vector<ReceivedHook> received() const {
        std::lock_guard lock(mutex_);
        return received_;
    }

  private:
    void serve() {
        while (!stopping_) {
            tcp::socket socket(io_);
            boost::system::error_code error;
            acceptor_.accept(socket, error);
            if (error || stopping_) continue;
            boost::beast::flat_buffer buffer;
            http::request<http::string_body> request;
            http::read(socket, buffer, request, error);
            if (error) continue;
            unsigned status = 200;
            {
                std::lock_guard lock(mutex_);
                received_.push_back({std::string(request["X-Councilcast-Signature"]),
                                     std::string(request["X-Councilcast-Delivery"]),
                                     std::string(request[http::field::content_type]),
                                     request.body()});
                if (!statuses_.empty()) {
                    status = statuses_.front();
                    statuses_.pop_front();
                }
            }
            http::response<http::string_body> response{static_cast<http::status>(status), 11};
            response.body() = "noted";
            response.prepare_payload();
            http::write(socket, response, error);
        }
    }

    mutable std::mutex mutex_;
    std::deque<unsigned> statuses_;
    std::vector<ReceivedHook> received_;
    std::atomic<bool> stopping_{false};
    boost::asio::io_context io_;
    tcp::acceptor acceptor_;
    std::thread thread_;
};

// The portal's own parts around a store: the mail queue, the renderer, the routing and the
// residents' mail, hung on the store as web_modules does.
struct Routed {
    config::Config config;
    ReportFixture fixture;
    PageRenderer renderer{councilcast::testing::source_dir() + "/portal/templates",
                          councilcast::testing::source_dir() + "/portal/messages"};
    MailQueue queue;
    ReportRouting routing;
    ReportMail mail;
    boost::asio::thread_pool pool{1};

    Routed(const std::string& name, config::Config settings)
        : config(std::move(settings)),
          fixture(name, config.reports),
          queue(fixture.database, "noreply@elektrenai.lt", *fixture.writer),
          routing(fixture.database, *fixture.writer, config, queue, renderer,
                  [this] { return fixture.clock.load(); }),
          mail(config.reports, queue, renderer) {
        routing.set_public_url("https://tv.elektrenai.lt");
        mail.set_public_url("https://tv.elektrenai.lt");
        fixture.store->add_event_sink(
            [this](Database& db, const ReportEvent& event) { mail.on_event(db, event); });
        fixture.store->add_event_sink(
            [this](Database& db, const ReportEvent& event) { routing.on_event(db, event); });
    }
    ~Routed() { pool.join(); }

    int deliver() { return block_on(routing.deliver_due(pool)); }
};

config::Config with_webhook(const std::string& url) {
    config::Config config;
    config.reports.categories[0].department_email.clear();
    config.reports.categories[0].webhook_url = url;
    config.reports.categories[0].webhook_secret = std::string(kHookSecret);
    return config;
}

// What `openssl dgst` makes of the body with the secret: the receiver's own check.
std::string openssl_signature(const std::string& body) {
    const auto file = councilcast::testing::fresh_directory("report-hook-body") / "body.json";
    {
        std::ofstream out(file, std::ios::binary);
        out << body;
    }
    const auto result = councilcast::testing::run_shell(
        "openssl dgst -sha256 -hex -hmac " +
        councilcast::testing::shell_quoted(std::string(kHookSecret)) + " " +
        councilcast::testing::shell_quoted(file.string()));
    REQUIRE(result.exit_code == 0);
    const auto at = result.out.rfind(' ');
    return "sha256=" + result.out.substr(at + 1, 64);
}

}  // namespace

TEST_CASE(
    "the department's mail is queued as the report is confirmed and waits out a relay outage") {
    Routed routed("report-department-mail", config::Config{});
    const auto maildir =
        councilcast::testing::fresh_directory("report-department-mail") / "Maildir";
    const auto port = councilcast::testing::free_port();
    config::Mail relay;
    relay.transport = "smtp";
    relay.relay_host = "127.0.0.1";
    relay.relay_port = port;
    relay.starttls = "off";
    relay.from_address = "noreply@elektrenai.lt";
    MailDispatcher dispatcher(routed.queue, make_mail_transport(relay, {}), {});

    // Unconfirmed: only the reporter's confirmation link is queued, nothing for the department.
    const auto created = block_on(routed.fixture.store->create(routed.fixture.pothole()));
    CHECK(routed.queue.recent(10).size() == 1);
    routed.fixture.open_report();  // a second one, confirmed through its link
    const auto queued = routed.queue.recent(10);
    const auto department = std::find_if(queued.begin(), queued.end(), [](const auto& mail) {
        return mail.recipient == "keliai@example.lt";
    });
    REQUIRE(department != queued.end());
    CHECK(department->subject.find("Duobė Trakų gatvėje (Gatvės ir keliai)") != std::string::npos);
    CHECK(routed.routing.deliveries(created.report_id).empty());  // no webhook configured

    // The relay is down: every message waits with its error.
    const auto now = MailQueue::Clock::now();
    dispatcher.deliver_due(now);
    CHECK(routed.queue.find(department->id)->status == MailStatus::kQueued);
    CHECK(!routed.queue.find(department->id)->last_error.empty());

    councilcast::testing::SmtpSink relay_up(maildir, port);
    dispatcher.deliver_due(now + std::chrono::minutes(2));
    CHECK(routed.queue.find(department->id)->status == MailStatus::kSent);
    std::optional<MailMessage> arrived;
    for (const auto& message : relay_up.messages()) {
        if (message.find("X-RcptTo: keliai@example.lt") != std::string::npos) {
            arrived = read_mime(message);
        }
    }
    REQUIRE(arrived);
    CHECK(arrived->text.find("Gili duobė prie autobusų stotelės.") != std::string::npos);
    CHECK(arrived->text.find("Ar tai pavojinga eismui?: yes") != std::string::npos);
    CHECK(arrived->text.find("Ona Petraitytė <ona.petraityte@example.lt>") != std::string::npos);
    CHECK(arrived->text.find("https://tv.elektrenai.lt/staff/reports/") != std::string::npos);
}

TEST_CASE("the webhook is signed, retried with backoff while the receiver fails, then delivered") {
    HookReceiver receiver({503, 500});
    Routed routed("report-webhook", with_webhook(receiver.url()));
    const std::int64_t id = routed.fixture.open_report();
    auto deliveries = routed.routing.deliveries(id);
    REQUIRE(deliveries.size() == 1);
    CHECK(deliveries[0].attempts == 0);
    CHECK(routed.queue.recent(10).size() == 2);  // the reporter's two; no department mail

    CHECK(routed.deliver() == 0);
    deliveries = routed.routing.deliveries(id);
    CHECK(deliveries[0].attempts == 1);
    CHECK(deliveries[0].last_error == "the receiver answered HTTP 503");
    CHECK(deliveries[0].next_attempt_unix_ms == routed.fixture.clock + 30'000);
    CHECK(routed.deliver() == 0);  // not due yet: nothing sent
    CHECK(receiver.received().size() == 1);

    routed.fixture.clock += 30'000;
    CHECK(routed.deliver() == 0);
    deliveries = routed.routing.deliveries(id);
    CHECK(deliveries[0].attempts == 2);
    CHECK(deliveries[0].next_attempt_unix_ms == routed.fixture.clock + 60'000);

    routed.fixture.clock += 60'000;
    CHECK(routed.deliver() == 1);
    deliveries = routed.routing.deliveries(id);
    CHECK(deliveries[0].delivered_unix_ms == routed.fixture.clock);
    CHECK(routed.deliver() == 0);  // delivered once only

    const auto received = receiver.received();
    REQUIRE(received.size() == 3);
    for (const auto& hook : received) {
        CHECK(hook.body == received[0].body);  // every retry sends the same bytes
        CHECK(hook.signature == openssl_signature(hook.body));
        CHECK(hook.delivery == std::to_string(deliveries[0].id));
        CHECK(hook.content_type == "application/json");
    }
    const auto body = boost::json::parse(received[0].body).as_object();
    CHECK(body.at("id").as_int64() == id);
    CHECK(body.at("category").as_string() == "roads");
    CHECK(body.at("title").as_string() == "Duobė Trakų gatvėje");
    CHECK(body.at("eldership").as_string() == "Elektrėnų seniūnija");
    CHECK(body.at("answers").at("dangerous").as_string() == "yes");
    CHECK(body.at("url").as_string() == "https://tv.elektrenai.lt/reports/" + std::to_string(id));
}

TEST_CASE("a receiver that never answers is given up after the last attempt, about two days on") {
    const auto port = councilcast::testing::free_port();  // nobody listens
    Routed routed("report-webhook-down",
                  with_webhook("http://127.0.0.1:" + std::to_string(port) + "/hook"));
    const std::int64_t id = routed.fixture.open_report();
    const std::int64_t first = routed.fixture.clock;
    for (int attempt = 1; attempt <= ReportRouting::kMaxAttempts; ++attempt) {
        CHECK(routed.deliver() == 0);
        const auto delivery = routed.routing.deliveries(id).at(0);
        CHECK(delivery.attempts == attempt);
        CHECK(!delivery.last_error.empty());
        routed.fixture.clock = delivery.next_attempt_unix_ms;
    }
    const auto delivery = routed.routing.deliveries(id).at(0);
    CHECK(delivery.given_up_unix_ms != 0);
    CHECK(delivery.delivered_unix_ms == 0);
    const double days = static_cast<double>(delivery.given_up_unix_ms - first) / kReportDayMs;
    CHECK(days > 1.5);
    CHECK(days < 3);
    CHECK(routed.deliver() == 0);
}

TEST_CASE("the signature is the HMAC-SHA256 of the body, as openssl computes it") {
    const std::string body = R"({"id":1,"title":"Duobė"})";
    CHECK(webhook_signature(kHookSecret, body) == openssl_signature(body));
    CHECK(webhook_signature("another secret entirely", body) != openssl_signature(body));
}
