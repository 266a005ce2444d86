#include "ocp/sql_like.h"

#include <vector>

namespace ocpagg::ocp {
namespace {

// Length of the UTF-8 sequence starting with byte `c` (1 for invalid lead bytes).
size_t CodePointLength(unsigned char c) {
  if (c >= 0xf0) return 4;
  if (c >= 0xe0) return 3;
  if (c >= 0xc0) return 2;
  return 1;
}

}  // namespace

bool SqlLike(std::string_view value, std::string_view pattern, bool backslash_escape) {
  // Iterative matcher with backtracking to the last '%' (linear in practice).
  size_t v = 0, p = 0;
  size_t star_p = std::string_view::npos, star_v = 0;
  while (v < value.size()) {
    if (p < pattern.size()) {
      const char pc = pattern[p];
      if (pc == '%') {
        star_p = ++p;
        star_v = v;
        continue;
      }
      if (pc == '_') {
        v += CodePointLength(static_cast<unsigned char>(value[v]));
        ++p;
        continue;
      }
      size_t literal = p;
      if (backslash_escape && pc == '\\' && p + 1 < pattern.size()) literal = p + 1;
      if (pattern[literal] == value[v]) {
        v += 1;
        p = literal + 1;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    // Let the last '%' absorb one more character and retry.
    star_v += CodePointLength(static_cast<unsigned char>(value[star_v]));
    v = star_v;
    p = star_p;
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

}  // namespace ocpagg::ocp
