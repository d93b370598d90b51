// A Beast body that sends a byte range of a shared, immutable buffer without copying it.
#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "common/unique_fd.hpp"

namespace councilcast::portal {

struct SharedBody {
    struct value_type {
        std::shared_ptr<const std::string> data;
        std::size_t offset = 0;
        std::size_t length = 0;
        // The same bytes as `data`, open: over plain HTTP the server sends the range from here
        // with sendfile(2) and never reads `data`. Null: `data` alone.
        std::shared_ptr<const UniqueFd> file;
    };

    static std::uint64_t size(const value_type& body) { return body.length; }

    class writer {
      public:
        using const_buffers_type = boost::asio::const_buffer;

        template <bool isRequest, class Fields>
        writer(const boost::beast::http::header<isRequest, Fields>&, const value_type& body)
            : body_(body) {}

        void init(boost::beast::error_code& ec) { ec = {}; }

        boost::optional<std::pair<const_buffers_type, bool>> get(boost::beast::error_code& ec) {
            ec = {};
            if (sent_ || body_.length == 0) return boost::none;
            sent_ = true;
            return std::make_pair(
                const_buffers_type(body_.data->data() + body_.offset, body_.length), false);
        }

      private:
        const value_type& body_;
        bool sent_ = false;
    };
};

}  // namespace councilcast::portal
