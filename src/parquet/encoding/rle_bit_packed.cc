#include "parquet/encoding/rle_bit_packed.h"

#include <fmt/format.h>

#include <algorithm>

#include "parquet/encoding/bit_unpack.h"

namespace ocpagg::parquet {

namespace {

// Writes values [idx, idx + take) of a bit-packed run whose values start at `run`, with `avail`
// readable bytes from `run` to the end of the data. The caller has checked that those values are
// present (their bits lie within `avail`).
template <typename T>
void UnpackRange(const uint8_t* run, size_t avail, int bit_width, size_t idx, size_t take, T* out) {
  if (bit_width == 0) {
    std::fill_n(out, take, T{0});
    return;
  }
  const internal::UnpackChunksFn<T> fn = internal::GetUnpacker<T>(bit_width);
  const size_t chunk_bytes = 4 * static_cast<size_t>(bit_width);
  while (take > 0) {
    const size_t chunk = idx / 32;
    const size_t offset = idx % 32;
    const uint8_t* in = run + chunk * chunk_bytes;
    const size_t in_avail = avail - chunk * chunk_bytes;
    if (offset == 0 && take >= 32) {
      const size_t chunks = internal::FastChunks(in_avail, bit_width, take / 32);
      if (chunks > 0) {
        fn(in, chunks, out);
        out += 32 * chunks;
        idx += 32 * chunks;
        take -= 32 * chunks;
        continue;
      }
    }
    T tmp[32];
    internal::UnpackChunkCareful(fn, in, in_avail, bit_width, tmp);
    const size_t m = std::min(32 - offset, take);
    std::copy_n(tmp + offset, m, out);
    out += m;
    idx += m;
    take -= m;
  }
}

}  // namespace

RleBitPackedDecoder::RleBitPackedDecoder(std::span<const uint8_t> data, int bit_width)
    : data_(data), bit_width_(bit_width) {}

size_t RleBitPackedDecoder::bytes_consumed() const { return pos_; }

template <typename T>
Status RleBitPackedDecoder::Decode(T* out, size_t n) {
  if (bit_width_ < 0 || bit_width_ > 32) {
    return Status::Corruption(
        fmt::format("RLE/bit-packed: bit width {} is outside 0..32", bit_width_));
  }
  if constexpr (sizeof(T) == 1) {
    if (bit_width_ > 8) {
      return Status::Corruption(
          fmt::format("RLE/bit-packed: bit width {} > 8 for 8-bit values", bit_width_));
    }
  }
  const int w = bit_width_;
  const uint8_t* data = data_.data();
  const size_t size = data_.size();
  size_t done = 0;
  while (done < n) {
    if (run_remaining_ == 0) {
      // Each header consumes at least one byte, so a stream of empty runs ends with the data.
      if (pos_ >= size) {
        return Status::Corruption(
            fmt::format("RLE/bit-packed data ends after {} of {} values", done, n));
      }
      uint64_t header = 0;
      bool too_long = false;
      if (!internal::ReadUleb128(data, size, &pos_, 32, &header, &too_long)) {
        if (too_long) {
          return Status::Corruption("RLE/bit-packed: varint run header too long");
        }
        return Status::Corruption(fmt::format(
            "RLE/bit-packed data ends inside a run header after {} of {} values", done, n));
      }
      const size_t count = static_cast<size_t>(header >> 1);
      if ((header & 1) != 0) {
        // Bit-packed run of count groups of 8 values. Writers may cut the last run short when it
        // holds more values than the page needs: keep the values whose bits are all present.
        const size_t values = count * 8;
        const size_t bytes = count * static_cast<size_t>(w);
        const size_t avail = size - pos_;
        bitpacked_start_ = pos_;
        bitpacked_value_index_ = 0;
        if (bytes <= avail) {
          bitpacked_total_ = values;
          pos_ += bytes;
        } else {
          bitpacked_total_ = avail * 8 / static_cast<size_t>(w);  // w > 0 as bytes > 0
          pos_ = size;
        }
        in_rle_run_ = false;
        run_remaining_ = bitpacked_total_;
      } else {
        const size_t value_bytes = static_cast<size_t>(w + 7) / 8;
        if (size - pos_ < value_bytes) {
          return Status::Corruption(fmt::format(
              "RLE/bit-packed data ends inside a repeated value after {} of {} values", done, n));
        }
        uint32_t value = 0;
        for (size_t b = 0; b < value_bytes; ++b) {
          value |= static_cast<uint32_t>(data[pos_ + b]) << (8 * b);
        }
        if (w < 32 && (value >> w) != 0) {
          return Status::Corruption(
              fmt::format("RLE/bit-packed: repeated value {} does not fit bit width {}", value, w));
        }
        pos_ += value_bytes;
        rle_value_ = value;
        in_rle_run_ = true;
        run_remaining_ = count;
      }
      continue;
    }
    const size_t take = std::min(run_remaining_, n - done);
    if (in_rle_run_) {
      std::fill_n(out + done, take, static_cast<T>(rle_value_));
    } else {
      UnpackRange<T>(data + bitpacked_start_, size - bitpacked_start_, w, bitpacked_value_index_,
                     take, out + done);
      bitpacked_value_index_ += take;
    }
    done += take;
    run_remaining_ -= take;
  }
  return Status::OK();
}

template Status RleBitPackedDecoder::Decode<uint8_t>(uint8_t* out, size_t n);
template Status RleBitPackedDecoder::Decode<uint32_t>(uint32_t* out, size_t n);

}  // namespace ocpagg::parquet
