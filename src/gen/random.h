#pragma once

// The generator's one source of randomness: a seeded std::mt19937_64 with the draws nise makes
// (Python random.uniform / randint / choice, Faker's word, uuid4 hex). Sequences are fixed for a
// seed on every platform: only integer draws and our own integer-to-double mapping are used (the
// std distributions are implementation-defined and would break byte-identical output).

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace ocpagg::gen {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}

  uint64_t Next() { return engine_(); }
  /// Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  /// Python random.uniform(a, b): a + (b - a) * U.
  double Uniform(double a, double b) { return a + (b - a) * Unit(); }
  /// Python random.randint(a, b): inclusive on both ends (a <= b).
  int64_t RandInt(int64_t a, int64_t b) {
    const auto span = static_cast<uint64_t>(b - a) + 1;
    return a + static_cast<int64_t>(Next() % span);
  }
  /// An index in [0, n).
  size_t Index(size_t n) { return static_cast<size_t>(Next() % n); }
  /// A Faker-like lower-case word.
  std::string_view Word();
  /// `n` random lower-case hex digits (uuid4().hex[:n]).
  std::string Hex(size_t n);

 private:
  std::mt19937_64 engine_;
};

/// Python round(x, digits) for the values nise rounds (decimal digits 2 or 5).
inline double RoundTo(double x, int digits) {
  const double scale = std::pow(10.0, digits);
  return std::nearbyint(x * scale) / scale;
}

/// A seed for stream `stream` derived from `seed` (SplitMix64), so that independent parts of a
/// run (days, clusters) draw from independent, reproducible streams.
uint64_t DeriveSeed(uint64_t seed, uint64_t stream);

}  // namespace ocpagg::gen
