// exhibit/error.h: the one exception type our code throws for a user's or the environment's
// mistake (a broken package, a full disk). Programmer mistakes are asserts, never this.
#pragma once
#include <stdexcept>
#include <string>

namespace heritage {

// The message reads "<where>: <what went wrong>; <what to do>", complete enough to show a user
// as it is. Catch it only at a boundary: a CLI's main, a viewer screen, the kiosk loop.
class Error : public std::runtime_error {
  public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace heritage
