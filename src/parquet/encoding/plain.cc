#include "parquet/encoding/plain.h"

#include <fmt/format.h>

#include <array>
#include <cstring>
#include <limits>

#include "parquet/encoding/bit_unpack.h"

namespace ocpagg::parquet {

namespace {

// kBitsToBytes[b] holds byte b spread over 8 bytes (bit i -> byte i, 0 or 1), little-endian.
constexpr std::array<uint64_t, 256> MakeBitsToBytes() {
  std::array<uint64_t, 256> table{};
  for (size_t b = 0; b < 256; ++b) {
    uint64_t v = 0;
    for (size_t i = 0; i < 8; ++i) {
      v |= static_cast<uint64_t>((b >> i) & 1) << (8 * i);
    }
    table[b] = v;
  }
  return table;
}

constexpr std::array<uint64_t, 256> kBitsToBytes = MakeBitsToBytes();

}  // namespace

Status DecodePlainFixed(std::span<const uint8_t> data, size_t n, size_t width, uint8_t* out,
                        size_t* consumed) {
  if (width != 0 && n > std::numeric_limits<size_t>::max() / width) {
    return Status::Corruption(
        fmt::format("PLAIN: {} values of {} bytes overflow the address space", n, width));
  }
  const size_t total = n * width;
  if (data.size() < total) {
    return Status::Corruption(
        fmt::format("PLAIN: {} values of {} bytes need {} bytes, the page holds {}", n, width,
                    total, data.size()));
  }
  if (total > 0) std::memcpy(out, data.data(), total);
  *consumed = total;
  return Status::OK();
}

Status DecodePlainBoolean(std::span<const uint8_t> data, size_t n, uint8_t* out, size_t* consumed) {
  const size_t full_bytes = n / 8;
  const size_t rest = n % 8;
  const size_t needed = full_bytes + (rest != 0 ? 1 : 0);
  if (data.size() < needed) {
    return Status::Corruption(fmt::format(
        "PLAIN BOOLEAN: {} values need {} bytes, the page holds {}", n, needed, data.size()));
  }
  const uint8_t* in = data.data();
  for (size_t i = 0; i < full_bytes; ++i) {
    std::memcpy(out + 8 * i, &kBitsToBytes[in[i]], 8);
  }
  if (rest != 0) {
    const uint8_t last = in[full_bytes];
    for (size_t i = 0; i < rest; ++i) {
      out[8 * full_bytes + i] = static_cast<uint8_t>((last >> i) & 1);
    }
  }
  *consumed = needed;
  return Status::OK();
}

Status DecodePlainByteArray(std::span<const uint8_t> data, size_t n, std::string_view* out,
                            size_t* consumed) {
  const uint8_t* in = data.data();
  const size_t size = data.size();
  size_t pos = 0;
  for (size_t i = 0; i < n; ++i) {
    if (size - pos < 4) {
      return Status::Corruption(
          fmt::format("PLAIN BYTE_ARRAY: data ends before the length of value {} of {}", i, n));
    }
    const uint32_t length = internal::LoadLE<uint32_t>(in + pos);
    pos += 4;
    if (length > size - pos) {
      return Status::Corruption(
          fmt::format("PLAIN BYTE_ARRAY: value {} of {} has length {} but only {} bytes remain", i,
                      n, length, size - pos));
    }
    out[i] = std::string_view(static_cast<const char*>(static_cast<const void*>(in + pos)), length);
    pos += length;
  }
  *consumed = pos;
  return Status::OK();
}

}  // namespace ocpagg::parquet
