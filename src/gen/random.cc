#include "gen/random.h"

namespace ocpagg::gen {
namespace {

// Words for random names (Faker's default provider draws lorem-ipsum words too).
constexpr std::string_view kWords[] = {
    "alpha",   "amber",  "anchor",  "apex",    "arrow",  "aspen",  "atlas",   "aurora",  "beacon",
    "birch",   "blaze",  "bolt",    "breeze",  "brook",  "cargo",  "cedar",   "cinder",  "cipher",
    "clover",  "cobalt", "comet",   "coral",   "crest",  "delta",  "drift",   "dune",    "echo",
    "ember",   "falcon", "fern",    "flint",   "forge",  "frost",  "garnet",  "glacier", "granite",
    "harbor",  "hawk",   "helix",   "horizon", "indigo", "iris",   "jade",    "jasper",  "juniper",
    "kestrel", "lagoon", "lantern", "lark",    "lumen",  "maple",  "marble",  "meadow",  "meteor",
    "mist",    "nebula", "nimbus",  "nova",    "oak",    "onyx",   "orbit",   "osprey",  "pebble",
    "pine",    "pixel",  "polar",   "prism",   "pulse",  "quartz", "quill",   "radar",   "raven",
    "reef",    "ridge",  "river",   "rocket",  "sable",  "sage",   "sierra",  "slate",   "solar",
    "sparrow", "spruce", "storm",   "summit",  "talon",  "tango",  "thistle", "thunder", "tide",
    "timber",  "topaz",  "tundra",  "umber",   "vapor",  "vector", "velvet",  "willow",  "zenith",
    "zephyr"};

}  // namespace

std::string_view Rng::Word() { return kWords[Index(std::size(kWords))]; }

std::string Rng::Hex(size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(n, '0');
  for (size_t i = 0; i < n; ++i) out[i] = kDigits[Next() & 15];
  return out;
}

uint64_t DeriveSeed(uint64_t seed, uint64_t stream) {
  uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (stream + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace ocpagg::gen
