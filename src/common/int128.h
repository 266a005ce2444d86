#pragma once

// 128-bit integers (a GCC/Clang extension; `__extension__` keeps -Wpedantic quiet) and their
// decimal text. Used for exact sums and for numeric(33,15) values.

#include <string>

namespace ocpagg {

__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

/// Decimal text of `value` ("-170141183460469231731687303715884105728" .. max).
inline std::string Int128ToString(Int128 value) {
  if (value == 0) return "0";
  const bool negative = value < 0;
  UInt128 magnitude =
      negative ? UInt128(0) - static_cast<UInt128>(value) : static_cast<UInt128>(value);
  char digits[48];
  size_t n = 0;
  while (magnitude > 0) {
    digits[n++] = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  }
  std::string out;
  if (negative) out.push_back('-');
  while (n > 0) out.push_back(digits[--n]);
  return out;
}

}  // namespace ocpagg
