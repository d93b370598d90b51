// What a store's write is refused with, for the stores' tests.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <string>

#include "common/database_writer.hpp"
#include "common/error.hpp"

namespace councilcast::testing {

// The catalogue key a write is refused with; empty when it is not refused.
template <typename T>
std::string refusal(boost::asio::awaitable<T> write) {
    try {
        block_on(std::move(write));
    } catch (const InvalidInput& e) {
        return e.key();
    }
    return {};
}

}  // namespace councilcast::testing
