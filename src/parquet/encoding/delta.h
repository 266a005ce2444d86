#pragma once

// The DELTA encodings (parquet-format Encodings.md, sections 5-7).
//
// DELTA_BINARY_PACKED (5):
//   <header> <block>*
//   header := <block size in values: uleb128> <miniblocks per block: uleb128>
//             <total value count: uleb128> <first value: zigzag uleb128>
//   block  := <min delta: zigzag uleb128> <bit width of each miniblock: 1 byte each>
//             <miniblocks: (values per miniblock * bit width / 8) bytes each>
//   Block size is a multiple of 128, values per miniblock a multiple of 32. Bit widths 0..64
//   (0..32 for INT32). Arithmetic wraps modulo 2^32 / 2^64, as the spec requires. Miniblocks after
//   the last value may be absent; the bytes of a present miniblock are consumed whole.
// DELTA_LENGTH_BYTE_ARRAY (6): DELTA_BINARY_PACKED lengths, then all the bytes back to back.
// DELTA_BYTE_ARRAY (7): DELTA_BINARY_PACKED prefix lengths, then DELTA_LENGTH_BYTE_ARRAY
//   suffixes; value[i] = value[i-1][0:prefix[i]] + suffix[i].
//
// All decoders check every header field, bit width, length and prefix against the bytes available
// and the values already decoded, and return Corruption naming the rule broken.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "common/buffer.h"
#include "common/status.h"

namespace ocpagg::parquet {

/// Decodes n values (T = int32_t or int64_t) from the front of `data`; `*consumed` is set to the
/// bytes used, so that a second stream can follow (DELTA_BYTE_ARRAY). The header's total value
/// count must be >= n.
template <typename T>
Status DecodeDeltaBinaryPacked(std::span<const uint8_t> data, size_t n, T* out, size_t* consumed);

extern template Status DecodeDeltaBinaryPacked<int32_t>(std::span<const uint8_t>, size_t, int32_t*,
                                                        size_t*);
extern template Status DecodeDeltaBinaryPacked<int64_t>(std::span<const uint8_t>, size_t, int64_t*,
                                                        size_t*);

/// Decodes n byte arrays; views point into `data`. Negative lengths or lengths past the end of
/// the data are Corruption.
Status DecodeDeltaLengthByteArray(std::span<const uint8_t> data, size_t n, std::string_view* out,
                                  size_t* consumed);

/// Decodes n byte arrays. The values are rebuilt into `*storage` (allocated here; sized by a
/// first pass over the lengths, and refused as Corruption above 1 GiB) and the views point into
/// it: keep `*storage` alive as long as the views.
Status DecodeDeltaByteArray(std::span<const uint8_t> data, size_t n, std::string_view* out,
                            Buffer* storage, size_t* consumed);

}  // namespace ocpagg::parquet
