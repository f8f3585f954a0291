// capture/cli_run.h: `heritage-capture run`: the command line of a whole capture (thin: parse,
// call run_capture, print progress and the result).
#pragma once
#include <string_view>
#include <vector>

namespace heritage::capture {

// Returns the exit code: 0 done, 1 the input cannot make a model (message printed), 2 usage.
int run_command(const std::vector<std::string_view>& args);

extern const char* const kRunUsage;

}  // namespace heritage::capture
