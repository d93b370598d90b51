// The two expected-failure types that cross module boundaries: bad input (4xx) and failure (5xx).
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace councilcast {

// Something from outside (a request, a config file, an upload) is wrong; the message says what
// and what to do, in words the person who sent it understands.
//
// Two kinds. For a person at a terminal or reading a log (configuration, the command line), the
// text itself: `InvalidInput("...")`. For a visitor of the site, a key of the message catalogues
// (portal/messages/<language>/<module>.toml) with values for its `{name}` slots, so the boundary
// that catches it says it in the visitor's language: `InvalidInput::text("form_too_large")`.
class InvalidInput : public std::runtime_error {
  public:
    using Arguments = std::vector<std::pair<std::string, std::string>>;

    explicit InvalidInput(const std::string& message) : std::runtime_error(message) {}

    // A catalogue text; what() names the key and the arguments, for logs.
    static InvalidInput text(std::string key, Arguments arguments = {}) {
        return InvalidInput(std::move(key), std::move(arguments));
    }

    // The catalogue key; empty for the first kind.
    const std::string& key() const { return key_; }
    const Arguments& arguments() const { return arguments_; }

  private:
    InvalidInput(std::string key, Arguments arguments)
        : std::runtime_error(describe(key, arguments)),
          key_(std::move(key)),
          arguments_(std::move(arguments)) {}

    static std::string describe(const std::string& key, const Arguments& arguments) {
        std::string text = key;
        for (const auto& [name, value] : arguments) text += " " + name + "=" + value;
        return text;
    }

    std::string key_;
    Arguments arguments_;
};

// What an address names is not there (an unknown meeting, a segment gone from the window): the
// router answers 404 as for an address no route has, in the visitor's language.
class NotFound : public std::runtime_error {
  public:
    NotFound() : std::runtime_error("not found") {}
};

// Something on our side failed (database, disk, a child process); the caller cannot fix it.
class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace councilcast
