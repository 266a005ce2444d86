#include "parquet/encoding/byte_stream_split.h"

#include <fmt/format.h>

#include <limits>

namespace ocpagg::parquet {

namespace {

// Interleaves kWidth streams of n bytes; the compile-time width lets the compiler unroll and
// vectorise the inner loop.
template <size_t kWidth>
void Interleave(const uint8_t* in, size_t n, uint8_t* out) {
  constexpr size_t kBlock = 64;
  size_t i = 0;
  for (; i + kBlock <= n; i += kBlock) {
    for (size_t j = 0; j < kBlock; ++j) {
      for (size_t k = 0; k < kWidth; ++k) {
        out[(i + j) * kWidth + k] = in[k * n + i + j];
      }
    }
  }
  for (; i < n; ++i) {
    for (size_t k = 0; k < kWidth; ++k) {
      out[i * kWidth + k] = in[k * n + i];
    }
  }
}

void InterleaveGeneric(const uint8_t* in, size_t n, size_t width, uint8_t* out) {
  // Stream by stream: each pass reads one stream sequentially and writes with stride `width`.
  for (size_t k = 0; k < width; ++k) {
    const uint8_t* stream = in + k * n;
    uint8_t* dst = out + k;
    for (size_t i = 0; i < n; ++i) {
      dst[i * width] = stream[i];
    }
  }
}

}  // namespace

Status DecodeByteStreamSplit(std::span<const uint8_t> data, size_t n, size_t width, uint8_t* out) {
  if (width == 0) {
    return Status::Corruption("BYTE_STREAM_SPLIT: value width 0");
  }
  if (n > std::numeric_limits<size_t>::max() / width) {
    return Status::Corruption(fmt::format(
        "BYTE_STREAM_SPLIT: {} values of {} bytes overflow the address space", n, width));
  }
  if (data.size() != n * width) {
    return Status::Corruption(
        fmt::format("BYTE_STREAM_SPLIT: {} values of {} bytes need exactly {} bytes, the page "
                    "holds {}",
                    n, width, n * width, data.size()));
  }
  if (n == 0) return Status::OK();
  const uint8_t* in = data.data();
  switch (width) {
    case 1:
      Interleave<1>(in, n, out);
      break;
    case 2:
      Interleave<2>(in, n, out);
      break;
    case 4:
      Interleave<4>(in, n, out);
      break;
    case 8:
      Interleave<8>(in, n, out);
      break;
    default:
      InterleaveGeneric(in, n, width, out);
      break;
  }
  return Status::OK();
}

}  // namespace ocpagg::parquet
