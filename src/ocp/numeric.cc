#include "ocp/numeric.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace ocpagg::ocp {
namespace {

constexpr int kScale = 15;
constexpr int kMaxIntegerDigits = 33 - kScale;

/// Rounds the decimal number `digits` x 10^(exponent - digits.size() + 1) (digits without
/// sign or point, exponent of the first digit) half away from zero to kScale decimals and
/// returns it times 10^kScale.
std::optional<Int128> RoundDecimal(std::string_view digits, int exponent, bool negative) {
  // Position of the last kept digit: the one with weight 10^-kScale.
  const int kept = exponent + kScale + 1;  // number of digits kept from `digits`
  if (exponent + 1 > kMaxIntegerDigits) return std::nullopt;
  Int128 scaled = 0;
  for (int i = 0; i < kept && i < static_cast<int>(digits.size()); ++i) {
    scaled = scaled * 10 + (digits[static_cast<size_t>(i)] - '0');
  }
  for (int i = static_cast<int>(digits.size()); i < kept; ++i) scaled *= 10;
  if (kept < 0) return Int128{0};
  if (kept < static_cast<int>(digits.size()) && digits[static_cast<size_t>(kept)] >= '5') {
    scaled += 1;  // half away from zero: the first dropped digit decides
  }
  return negative ? -scaled : scaled;
}

}  // namespace

std::optional<Int128> ToNumeric15(double value, Dialect dialect) {
  if (!std::isfinite(value)) return std::nullopt;
  if (value == 0) return Int128{0};
  char buffer[64];
  std::string_view text;
  if (dialect == Dialect::kTrino) {
    auto result =
        std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific);
    text = std::string_view(buffer, static_cast<size_t>(result.ptr - buffer));
  } else {
    const int n = std::snprintf(buffer, sizeof(buffer), "%.14e", value);  // == %.15g digits
    text = std::string_view(buffer, static_cast<size_t>(n));
  }
  // text: [-]d[.ddd]e[+-]xx
  const bool negative = text[0] == '-';
  if (negative) text.remove_prefix(1);
  const size_t e = text.find('e');
  std::string digits;
  for (char c : text.substr(0, e)) {
    if (c != '.') digits.push_back(c);
  }
  const int exponent = std::atoi(std::string(text.substr(e + 1)).c_str());
  return RoundDecimal(digits, exponent, negative);
}

std::string FormatNumeric15(Int128 scaled) {
  // Digits written right to left into a fixed buffer (39 digits, a point, a sign at most).
  char buffer[48];
  char* end = buffer + sizeof(buffer);
  char* p = end;
  UInt128 magnitude =
      scaled < 0 ? UInt128(0) - static_cast<UInt128>(scaled) : static_cast<UInt128>(scaled);
  for (int i = 0; i < kScale; ++i) {
    *--p = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  }
  *--p = '.';
  do {
    *--p = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  } while (magnitude > 0);
  if (scaled < 0) *--p = '-';
  return std::string(p, static_cast<size_t>(end - p));
}

}  // namespace ocpagg::ocp
