#include "portal/http/reply.hpp"

namespace councilcast::portal {

Reply::Reply(boost::beast::http::response<boost::beast::http::empty_body> head,
             std::shared_ptr<EventSubscriber> subscriber)
    : message_(std::make_unique<Typed<boost::beast::http::empty_body>>(std::move(head))),
      subscriber_(std::move(subscriber)) {}

Reply::Reply(boost::beast::http::response<boost::beast::http::empty_body> head,
             std::shared_ptr<ByteStream> stream)
    : message_(std::make_unique<Typed<boost::beast::http::empty_body>>(std::move(head))),
      byte_stream_(std::move(stream)) {}

}  // namespace councilcast::portal
