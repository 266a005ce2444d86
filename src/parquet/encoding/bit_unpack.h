#pragma once

// Internal helpers shared by the decoders of src/parquet/encoding/: little-endian loads, ULEB128
// varints, and width-specialised unpackers for LSB-first bit-packed integers (the layout of the
// RLE/bit-packing hybrid and of DELTA_BINARY_PACKED miniblocks). Not part of the public API.
//
// The unpackers work on chunks of 32 values: 32 values of W bits occupy exactly 4 * W bytes, so
// every chunk starts on a byte boundary. The fast path (UnpackChunks) extracts each value with one
// unaligned 64-bit load at a compile-time offset, a shift and a mask; it may read up to
// kUnpackSlack bytes past the chunk's 4 * W bytes, so callers use it only when the input holds
// 4 * W + kUnpackSlack bytes from the chunk's start, and call UnpackChunkCareful otherwise.

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>

namespace ocpagg::parquet::internal {

static_assert(std::endian::native == std::endian::little, "ocpagg assumes a little-endian host");
static_assert(sizeof(size_t) == 8, "ocpagg assumes a 64-bit size_t");

/// Bytes a chunk of 32 values may be read past its 4 * W bytes by UnpackChunks.
inline constexpr size_t kUnpackSlack = 8;

/// Unaligned little-endian load.
template <typename T>
inline T LoadLE(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

/// Reads a ULEB128 varint of at most `max_bytes` bytes from data[*pos, size) into `*out` and
/// advances `*pos`. Returns false when the data ends first, the varint is longer than
/// `max_bytes`, or its value does not fit in `max_bits` bits. `*too_long` tells the cases apart
/// (true: too long or too large; false: truncated).
inline bool ReadUleb128(const uint8_t* data, size_t size, size_t* pos, int max_bits, uint64_t* out,
                        bool* too_long) {
  const int max_bytes = (max_bits + 6) / 7;
  uint64_t value = 0;
  size_t p = *pos;
  for (int i = 0; i < max_bytes; ++i) {
    if (p >= size) {
      *too_long = false;
      return false;
    }
    const uint8_t byte = data[p++];
    const int shift = 7 * i;
    const uint64_t payload = byte & 0x7F;
    if (shift + 7 > max_bits && (payload >> (max_bits - shift)) != 0) {
      *too_long = true;  // value does not fit in max_bits
      return false;
    }
    value |= payload << shift;
    if ((byte & 0x80) == 0) {
      *out = value;
      *pos = p;
      return true;
    }
  }
  *too_long = true;
  return false;
}

/// Decodes zigzag: 0, 1, 2, 3, ... -> 0, -1, 1, -2, ...
inline int64_t ZigZagDecode(uint64_t v) { return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1)); }

/// Extracts value I of a chunk of W-bit values.
template <int W, size_t I>
inline uint64_t ExtractValue(const uint8_t* in) {
  constexpr size_t kBit = I * W;
  constexpr size_t kByte = kBit / 8;
  constexpr int kShift = static_cast<int>(kBit % 8);
  uint64_t v = LoadLE<uint64_t>(in + kByte) >> kShift;
  if constexpr (kShift + W > 64) {
    v |= static_cast<uint64_t>(in[kByte + 8]) << (64 - kShift);
  }
  if constexpr (W < 64) {
    v &= (uint64_t{1} << W) - 1;
  }
  return v;
}

/// Unpacks one chunk of 32 W-bit values (fast path: see kUnpackSlack).
template <int W, typename Out>
inline void UnpackChunk(const uint8_t* in, Out* out) {
  if constexpr (W == 0) {
    std::fill_n(out, 32, Out{0});
  } else {
    [&]<size_t... I>(std::index_sequence<I...>) {
      ((out[I] = static_cast<Out>(ExtractValue<W, I>(in))), ...);
    }
    (std::make_index_sequence<32>{});
  }
}

/// Unpacks `num_chunks` consecutive chunks (32 * num_chunks values) starting at `in`.
template <int W, typename Out>
void UnpackChunks(const uint8_t* in, size_t num_chunks, Out* out) {
  for (size_t c = 0; c < num_chunks; ++c) {
    UnpackChunk<W, Out>(in, out);
    in += 4 * W;
    out += 32;
  }
}

/// Signature of UnpackChunks<W, Out>.
template <typename Out>
using UnpackChunksFn = void (*)(const uint8_t*, size_t, Out*);

/// Largest bit width that fits in Out (32 for uint8_t/uint32_t, 64 for uint64_t). uint8_t outputs
/// are only used for widths <= 8 but still get a 0..32 table (values are truncated).
template <typename Out>
inline constexpr int kMaxUnpackWidth = sizeof(Out) == 8 ? 64 : 32;

template <typename Out, int... W>
constexpr auto MakeUnpackTable(std::integer_sequence<int, W...>) {
  return std::array<UnpackChunksFn<Out>, sizeof...(W)>{&UnpackChunks<W, Out>...};
}

/// The unpacker for `bit_width` (0..kMaxUnpackWidth<Out>; the caller validates).
template <typename Out>
inline UnpackChunksFn<Out> GetUnpacker(int bit_width) {
  static constexpr auto kTable =
      MakeUnpackTable<Out>(std::make_integer_sequence<int, kMaxUnpackWidth<Out> + 1>{});
  return kTable[static_cast<size_t>(bit_width)];
}

/// Number of whole chunks, out of `wanted`, that UnpackChunks may read from a chunk boundary
/// `in` with `avail` readable bytes from `in` on.
inline size_t FastChunks(size_t avail, int bit_width, size_t wanted) {
  if (bit_width == 0) return wanted;
  const size_t chunk_bytes = 4 * static_cast<size_t>(bit_width);
  if (avail < chunk_bytes + kUnpackSlack) return 0;
  return std::min(wanted, (avail - kUnpackSlack) / chunk_bytes);
}

/// Unpacks one chunk of 32 values from `in`, of which only `avail` bytes may be read (fewer than
/// the chunk's 4 * W bytes at the end of the data: the missing bits read as zero).
template <typename Out>
inline void UnpackChunkCareful(UnpackChunksFn<Out> fn, const uint8_t* in, size_t avail,
                               int bit_width, Out* out) {
  const size_t chunk_bytes = 4 * static_cast<size_t>(bit_width);
  if (avail >= chunk_bytes + kUnpackSlack) {
    fn(in, 1, out);
    return;
  }
  uint8_t buf[4 * 64 + kUnpackSlack + 8] = {};
  if (avail > 0) std::memcpy(buf, in, std::min(avail, chunk_bytes));
  fn(buf, 1, out);
}

}  // namespace ocpagg::parquet::internal
