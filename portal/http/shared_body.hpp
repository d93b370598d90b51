// A Beast body that sends a byte range of a shared, immutable buffer without copying it, or of a
// file too large to hold in memory, a bounded chunk at a time.
#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
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
        // with sendfile(2) and never reads `data`. Null: `data` alone. With `data` null, the
        // file alone: its range is read only as it is sent (HttpServer does that off its network
        // threads; this body's own writer, for any other writer, in kFileChunk reads).
        std::shared_ptr<const UniqueFd> file;
    };

    // What is read from a file at a time: as Beast's file_body, a bounded buffer per response
    // however large the file.
    static constexpr std::size_t kFileChunk = 64 * 1024;

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
            if (!body_.data) return from_file(ec);
            if (sent_ == body_.length) return boost::none;
            sent_ = body_.length;
            return std::make_pair(
                const_buffers_type(body_.data->data() + body_.offset, body_.length), false);
        }

      private:
        boost::optional<std::pair<const_buffers_type, bool>> from_file(
            boost::beast::error_code& ec) {
            if (sent_ == body_.length || !body_.file) return boost::none;
            chunk_.resize(std::min(kFileChunk, body_.length - sent_));
            const ssize_t n = ::pread(body_.file->get(), chunk_.data(), chunk_.size(),
                                      static_cast<off_t>(body_.offset + sent_));
            if (n <= 0) {
                // The file shrank or failed under us: the response cannot be completed.
                ec = n == 0 ? boost::beast::error_code(boost::asio::error::eof)
                            : boost::beast::error_code(errno, boost::system::system_category());
                return boost::none;
            }
            sent_ += static_cast<std::size_t>(n);
            return std::make_pair(const_buffers_type(chunk_.data(), static_cast<std::size_t>(n)),
                                  sent_ < body_.length);
        }

        const value_type& body_;
        std::size_t sent_ = 0;
        std::string chunk_;
    };
};

}  // namespace councilcast::portal
