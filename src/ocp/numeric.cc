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
  size_t length;
  if (dialect == Dialect::kTrino) {
    auto result =
        std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific);
    length = static_cast<size_t>(result.ptr - buffer);
  } else {
    length = static_cast<size_t>(std::snprintf(buffer, sizeof(buffer), "%.14e", value));
  }
  // buffer: [-]d[.ddd]e[+-]xx
  std::string_view text(buffer, length);
  const bool negative = text[0] == '-';
  if (negative) text.remove_prefix(1);
  const size_t e = text.find('e');
  char digits[32];
  size_t n = 0;
  for (char c : text.substr(0, e)) {
    if (c != '.' && n < sizeof(digits)) digits[n++] = c;
  }
  int exponent = 0;
  std::string_view exp_text = text.substr(e + 1);
  if (!exp_text.empty() && exp_text[0] == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  return RoundDecimal(std::string_view(digits, n), exponent, negative);
}

std::string FormatNumeric15(Int128 scaled) {
  // One 128-bit division splits the value into its integer part and its 15 decimals; both fit
  // 64 bits for every numeric(33,15) value (ToNumeric15 refuses larger ones).
  constexpr uint64_t kTen15 = 1000000000000000ULL;
  const bool negative = scaled < 0;
  const UInt128 magnitude =
      negative ? UInt128(0) - static_cast<UInt128>(scaled) : static_cast<UInt128>(scaled);
  const UInt128 integer = magnitude / kTen15;
  uint64_t fraction = static_cast<uint64_t>(magnitude % kTen15);
  char buffer[64];
  char* end = buffer + sizeof(buffer);
  char* p = end;
  for (int i = 0; i < kScale; ++i) {
    *--p = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  *--p = '.';
  if (integer >> 64) {
    UInt128 rest = integer;  // beyond numeric(33,15); printed exactly all the same
    do {
      *--p = static_cast<char>('0' + static_cast<int>(rest % 10));
      rest /= 10;
    } while (rest > 0);
  } else {
    uint64_t rest = static_cast<uint64_t>(integer);
    do {
      *--p = static_cast<char>('0' + rest % 10);
      rest /= 10;
    } while (rest > 0);
  }
  if (negative) *--p = '-';
  return std::string(p, static_cast<size_t>(end - p));
}

}  // namespace ocpagg::ocp
