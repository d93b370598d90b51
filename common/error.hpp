// The two expected-failure types that cross module boundaries: bad input (4xx) and failure (5xx).
#pragma once

#include <stdexcept>
#include <string>

namespace councilcast {

// Something from outside (a request, a config file, an upload) is wrong; the message says what
// and what to do, in words the person who sent it understands.
class InvalidInput : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Something on our side failed (database, disk, a child process); the caller cannot fix it.
class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace councilcast
