#pragma once

// Decoder for the RLE / bit-packing hybrid (parquet-format Encodings.md, "Run Length Encoding /
// Bit-Packing Hybrid (RLE = 3)"), used for definition levels, RLE booleans and dictionary indices.
//
//   rle-bit-packed-hybrid := <length> <encoded-data>   (the 4-byte length is NOT handled here:
//                                                       callers strip it where it exists)
//   encoded-data     := <run>*
//   run              := <bit-packed-run> | <rle-run>
//   bit-packed-run   := <bit-packed-header> <bit-packed-values>
//   bit-packed-header := varint-encode(<bit-pack-scaled-run-len> << 1 | 1)
//                        (groups of 8 values; values packed LSB first)
//   rle-run          := <rle-header> <repeated-value>
//   rle-header       := varint-encode((rle-run-len) << 1)
//   repeated-value   := value that is repeated, using a fixed-width of
//   round-up-to-next-byte(bit-width)
//
// Bit width 0 is valid: every value is 0 (run headers are still present). A bit-packed run may
// declare more values than the caller asks for (the last group is padded); the surplus is ignored.

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/status.h"

namespace ocpagg::parquet {

class RleBitPackedDecoder {
 public:
  /// `bit_width` must be in 0..32; otherwise every Decode returns Corruption. `data` must outlive
  /// the decoder.
  RleBitPackedDecoder(std::span<const uint8_t> data, int bit_width);

  /// Decodes exactly `n` values into `out` (uint8_t requires bit_width <= 8).
  /// Corruption ("RLE/bit-packed data ends after k of n values", "bit width 40 > 32",
  /// "varint run header too long", "repeated value does not fit bit width") when the data does not
  /// hold n values. Can be called repeatedly to continue decoding.
  template <typename T>
  Status Decode(T* out, size_t n);

  /// Bytes consumed so far (whole runs, including the padding of the last bit-packed group read).
  size_t bytes_consumed() const;

 private:
  std::span<const uint8_t> data_;
  size_t pos_ = 0;
  int bit_width_;
  // Current run state.
  bool in_rle_run_ = false;
  uint32_t rle_value_ = 0;
  size_t run_remaining_ = 0;          // values left in the current run
  size_t bitpacked_value_index_ = 0;  // index of the next value inside the bit-packed run
  size_t bitpacked_start_ = 0;        // byte offset of the bit-packed run's values
  size_t bitpacked_total_ = 0;        // values in the bit-packed run (groups * 8)
};

extern template Status RleBitPackedDecoder::Decode<uint8_t>(uint8_t* out, size_t n);
extern template Status RleBitPackedDecoder::Decode<uint32_t>(uint32_t* out, size_t n);

}  // namespace ocpagg::parquet
