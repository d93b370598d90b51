// What a request handler returns: a response whose status and header stay readable and writable
// until the server writes it, whatever its body, or the head of an event stream or of a body
// made while it is sent.
#pragma once

#include <boost/beast/http.hpp>

#include <memory>
#include <type_traits>
#include <utility>

#include "portal/http/shared_body.hpp"

namespace councilcast::portal {

class ByteStream;
class EventSubscriber;

// Beast's message_generator erases the body type and the header with it; the server needs the
// header to add what every answer carries and to report the status, so Reply erases the body
// alone. Any http::response<Body> converts to a Reply, so a handler returns what it built.
class Reply {
  public:
    template <class Body>
    Reply(boost::beast::http::response<Body> response)  // NOLINT: converts by design
        : message_(std::make_unique<Typed<Body>>(std::move(response))) {}

    // The head of a text/event-stream answer: the server writes this header and then what
    // `subscriber` receives, until the client leaves, the subscriber is dropped or the server
    // stops. See event_stream.hpp, which makes these.
    Reply(boost::beast::http::response<boost::beast::http::empty_body> head,
          std::shared_ptr<EventSubscriber> subscriber);

    // The head of an answer whose body `stream` produces while the server sends it (chunked):
    // see byte_stream.hpp, which makes these.
    Reply(boost::beast::http::response<boost::beast::http::empty_body> head,
          std::shared_ptr<ByteStream> stream);

    Reply(Reply&&) noexcept = default;
    Reply& operator=(Reply&&) noexcept = default;

    boost::beast::http::response_header<>& header() { return message_->header(); }
    const boost::beast::http::response_header<>& header() const { return message_->header(); }
    boost::beast::http::status status() const { return header().result(); }
    unsigned status_code() const { return header().result_int(); }
    bool keep_alive() const { return message_->keep_alive(); }

    // The events that follow the header; null for an ordinary response.
    const std::shared_ptr<EventSubscriber>& subscriber() const { return subscriber_; }
    // The body made while it is sent; null for any other response.
    const std::shared_ptr<ByteStream>& byte_stream() const { return byte_stream_; }

    // The body when it is a SharedBody (files, playlists), so that the server can send a file's
    // bytes straight from the file; null for any other body.
    const SharedBody::value_type* shared_body() const { return message_->shared_body(); }

    // The whole message, for writing; this Reply is empty afterwards.
    boost::beast::http::message_generator release() { return message_->release(); }

  private:
    struct Message {
        virtual ~Message() = default;
        virtual boost::beast::http::response_header<>& header() = 0;
        virtual bool keep_alive() const = 0;
        virtual const SharedBody::value_type* shared_body() const = 0;
        virtual boost::beast::http::message_generator release() = 0;
    };

    template <class Body>
    struct Typed final : Message {
        explicit Typed(boost::beast::http::response<Body> response)
            : response(std::move(response)) {}
        boost::beast::http::response_header<>& header() override { return response.base(); }
        bool keep_alive() const override { return response.keep_alive(); }
        const SharedBody::value_type* shared_body() const override {
            if constexpr (std::is_same_v<Body, SharedBody>) {
                return &response.body();
            } else {
                return nullptr;
            }
        }
        boost::beast::http::message_generator release() override {
            return boost::beast::http::message_generator(std::move(response));
        }
        boost::beast::http::response<Body> response;
    };

    std::unique_ptr<Message> message_;
    std::shared_ptr<EventSubscriber> subscriber_;
    std::shared_ptr<ByteStream> byte_stream_;
};

}  // namespace councilcast::portal
