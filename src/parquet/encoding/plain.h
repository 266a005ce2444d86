#pragma once

// PLAIN decoding (parquet-format Encodings.md, "Plain (PLAIN = 0)").
//
//   BOOLEAN               bit-packed, LSB first, 1 bit per value
//   INT32/INT64/FLOAT/DOUBLE/INT96/FIXED_LEN_BYTE_ARRAY
//                         `width` little-endian bytes per value, back to back
//   BYTE_ARRAY            <u32 LE length> <bytes>, repeated
//
// Every function decodes exactly `n` values from the front of `data`, reports the bytes it used
// in `*consumed`, and returns Corruption when `data` is too short or a length runs past its end.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "common/status.h"

namespace ocpagg::parquet {

/// Copies n values of `width` bytes into `out` (n * width bytes).
Status DecodePlainFixed(std::span<const uint8_t> data, size_t n, size_t width, uint8_t* out,
                        size_t* consumed);

/// Unpacks n booleans into one byte each (0 or 1).
Status DecodePlainBoolean(std::span<const uint8_t> data, size_t n, uint8_t* out, size_t* consumed);

/// Writes n views into `data` (valid as long as `data` is).
Status DecodePlainByteArray(std::span<const uint8_t> data, size_t n, std::string_view* out,
                            size_t* consumed);

}  // namespace ocpagg::parquet
