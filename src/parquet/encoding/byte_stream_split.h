#pragma once

// BYTE_STREAM_SPLIT (parquet-format Encodings.md, "Byte Stream Split (BYTE_STREAM_SPLIT = 9)"):
// for values of `width` bytes, the page holds `width` streams of n bytes; stream k holds byte k of
// every value. Valid for FLOAT, DOUBLE, INT32, INT64 and FIXED_LEN_BYTE_ARRAY.

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/status.h"

namespace ocpagg::parquet {

/// Reassembles n values of `width` bytes into `out` (n * width bytes). `data` must hold exactly
/// n * width bytes; anything else is Corruption.
Status DecodeByteStreamSplit(std::span<const uint8_t> data, size_t n, size_t width, uint8_t* out);

}  // namespace ocpagg::parquet
