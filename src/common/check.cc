#include "common/check.h"

#include <cstdio>
#include <cstdlib>

namespace ocpagg::detail {

void CheckFailed(const char* file, int line, const char* condition, const std::string& operands) {
  if (operands.empty()) {
    std::fprintf(stderr, "ocpagg: internal error at %s:%d: check failed: %s\n", file, line,
                 condition);
  } else {
    std::fprintf(stderr, "ocpagg: internal error at %s:%d: check failed: %s (%s)\n", file, line,
                 condition, operands.c_str());
  }
  std::abort();
}

}  // namespace ocpagg::detail
