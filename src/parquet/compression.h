#pragma once

// Page decompression for every Parquet codec a reader meets (parquet-format Compression.md).
//
//   UNCOMPRESSED  copy
//   SNAPPY        one raw snappy block
//   GZIP          RFC 1952; several concatenated members are decoded one after another
//   BROTLI        raw brotli stream
//   ZSTD          one or more zstd frames
//   LZ4_RAW       one raw LZ4 block
//   LZ4 (legacy)  Hadoop framing: repeated [u32 BE decompressed size][u32 BE compressed size]
//                 [LZ4 block]; when the bytes do not parse as that framing, a single raw LZ4 block
//                 (what older parquet-cpp wrote), as Arrow does.
//   LZO           NotSupported
//
// The uncompressed size is known from the page header, so decompression writes into a buffer of
// exactly that size and fails with Corruption when the codec produces fewer or more bytes.

#include <cstdint>
#include <span>
#include <vector>

#include "common/status.h"
#include "parquet/metadata.h"

namespace ocpagg::parquet {

/// Decompresses `input` with `codec` into exactly `output.size()` bytes.
/// Corruption when the stream is malformed or its decompressed size differs from output.size();
/// NotSupported for LZO and codec values outside the enum. Thread-safe.
Status Decompress(Codec codec, std::span<const uint8_t> input, std::span<uint8_t> output);

/// Compresses `input` with `codec` (UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW, BROTLI), appending
/// to `*output`. Used by the writer and by tests. NotSupported for other codecs.
Status Compress(Codec codec, std::span<const uint8_t> input, int level,
                std::vector<uint8_t>* output);

/// CRC-32 (the zlib/IEEE polynomial) that parquet-format uses for page checksums.
uint32_t Crc32(std::span<const uint8_t> bytes);

}  // namespace ocpagg::parquet
