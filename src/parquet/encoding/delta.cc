#include "parquet/encoding/delta.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <type_traits>

#include "parquet/encoding/bit_unpack.h"

namespace ocpagg::parquet {

namespace {

constexpr uint64_t kMaxDeltaByteArrayBytes = uint64_t{1} << 30;  // 1 GiB

// Bytes CopyShort may write past the end of its destination.
constexpr size_t kCopySlack = 16;

// Copies `len` bytes from `src` to `dst`. Short copies move kCopySlack bytes at once, so they
// may write up to kCopySlack bytes past dst + len (the caller provides that slack) and read past
// src + len, but never at or past `src_limit`. Source and destination may overlap.
inline void CopyShort(uint8_t* dst, const uint8_t* src, size_t len, const uint8_t* src_limit) {
  if (len <= kCopySlack && static_cast<size_t>(src_limit - src) >= kCopySlack) {
    uint8_t tmp[kCopySlack];  // through a local: inlined loads then stores, overlap-safe
    std::memcpy(tmp, src, kCopySlack);
    std::memcpy(dst, tmp, kCopySlack);
  } else if (len > 0) {
    std::memmove(dst, src, len);
  }
}

// Reads one ULEB128 field of DELTA_BINARY_PACKED, of at most `max_bits` bits.
Status ReadField(const uint8_t* data, size_t size, size_t* pos, int max_bits, const char* what,
                 uint64_t* out) {
  bool too_long = false;
  if (internal::ReadUleb128(data, size, pos, max_bits, out, &too_long)) return Status::OK();
  if (too_long) {
    return Status::Corruption(fmt::format(
        "DELTA_BINARY_PACKED: varint {} is too long for {} bits at byte {}", what, max_bits, *pos));
  }
  return Status::Corruption(
      fmt::format("DELTA_BINARY_PACKED: data ends inside the {} at byte {}", what, *pos));
}

// Decodes the first `want` values of a miniblock of `bit_width`-bit deltas starting at `in`
// (`avail` readable bytes from `in`, which the caller has checked cover those values), adding
// each to the running value `*last`.
template <typename T>
void DecodeMiniblock(const uint8_t* in, size_t avail, int bit_width, size_t want,
                     std::make_unsigned_t<T> min_delta, std::make_unsigned_t<T>* last, T* out) {
  using U = std::make_unsigned_t<T>;
  const internal::UnpackChunksFn<U> fn = internal::GetUnpacker<U>(bit_width);
  const size_t chunk_bytes = 4 * static_cast<size_t>(bit_width);
  U acc = *last;
  U tmp[32];
  for (size_t c = 0; want > 0; ++c) {
    internal::UnpackChunkCareful(fn, in + c * chunk_bytes, avail - c * chunk_bytes, bit_width, tmp);
    const size_t m = std::min<size_t>(32, want);
    for (size_t j = 0; j < m; ++j) {
      acc += min_delta + tmp[j];
      out[j] = static_cast<T>(acc);
    }
    out += m;
    want -= m;
  }
  *last = acc;
}

}  // namespace

template <typename T>
Status DecodeDeltaBinaryPacked(std::span<const uint8_t> data, size_t n, T* out, size_t* consumed) {
  static_assert(std::is_same_v<T, int32_t> || std::is_same_v<T, int64_t>);
  using U = std::make_unsigned_t<T>;
  constexpr int kMaxWidth = static_cast<int>(8 * sizeof(T));
  const uint8_t* in = data.data();
  const size_t size = data.size();
  size_t pos = 0;
  if (n == 0 && size == 0) {  // nothing requested from an empty (e.g. all-null) section
    *consumed = 0;
    return Status::OK();
  }

  uint64_t block_size = 0;
  uint64_t miniblocks = 0;
  uint64_t total = 0;
  uint64_t first_zigzag = 0;
  OCPAGG_RETURN_IF_ERROR(ReadField(in, size, &pos, 32, "block size", &block_size));
  OCPAGG_RETURN_IF_ERROR(ReadField(in, size, &pos, 32, "miniblock count", &miniblocks));
  OCPAGG_RETURN_IF_ERROR(ReadField(in, size, &pos, 64, "total value count", &total));
  OCPAGG_RETURN_IF_ERROR(ReadField(in, size, &pos, 64, "first value", &first_zigzag));
  if (block_size == 0 || block_size % 128 != 0) {
    return Status::Corruption(fmt::format(
        "DELTA_BINARY_PACKED: block size {} is not a positive multiple of 128", block_size));
  }
  if (miniblocks == 0) {
    return Status::Corruption("DELTA_BINARY_PACKED: 0 miniblocks per block");
  }
  if (block_size % miniblocks != 0 || (block_size / miniblocks) % 32 != 0) {
    return Status::Corruption(fmt::format(
        "DELTA_BINARY_PACKED: {} values in {} miniblocks is not a multiple of 32 per miniblock",
        block_size, miniblocks));
  }
  if (total < n) {
    return Status::Corruption(
        fmt::format("DELTA_BINARY_PACKED: header holds {} values, {} requested", total, n));
  }
  const size_t values_per_miniblock = static_cast<size_t>(block_size / miniblocks);

  U last = static_cast<U>(static_cast<uint64_t>(internal::ZigZagDecode(first_zigzag)));
  size_t decoded = 0;
  if (n > 0) out[decoded++] = static_cast<T>(last);
  // The first value lives in the header; a stream of 0 or 1 values has no blocks.
  uint64_t remaining = total == 0 ? 0 : total - 1;
  while (remaining > 0) {
    uint64_t min_delta_zigzag = 0;
    OCPAGG_RETURN_IF_ERROR(ReadField(in, size, &pos, 64, "block min delta", &min_delta_zigzag));
    // For INT32 the int64 min delta is taken modulo 2^32, as Arrow and parquet-mr do.
    const U min_delta =
        static_cast<U>(static_cast<uint64_t>(internal::ZigZagDecode(min_delta_zigzag)));
    if (size - pos < miniblocks) {
      return Status::Corruption(fmt::format(
          "DELTA_BINARY_PACKED: data ends inside the {} miniblock bit widths at byte {}",
          miniblocks, pos));
    }
    const uint8_t* widths = in + pos;
    pos += static_cast<size_t>(miniblocks);
    // Miniblocks after the last value may be absent and their widths are not checked.
    for (size_t m = 0; m < miniblocks && remaining > 0; ++m) {
      const int bit_width = widths[m];
      if (bit_width > kMaxWidth) {
        return Status::Corruption(
            fmt::format("DELTA_BINARY_PACKED: miniblock bit width {} > {}", bit_width, kMaxWidth));
      }
      const size_t miniblock_bytes = values_per_miniblock / 8 * static_cast<size_t>(bit_width);
      const size_t miniblock_values =
          static_cast<size_t>(std::min<uint64_t>(values_per_miniblock, remaining));
      const size_t avail = size - pos;
      size_t used = miniblock_bytes;
      if (avail < miniblock_bytes) {
        // Only the miniblock holding the last value may be cut short, and only after that value.
        const size_t needed = (miniblock_values * static_cast<size_t>(bit_width) + 7) / 8;
        if (miniblock_values < remaining || avail < needed) {
          return Status::Corruption(fmt::format(
              "DELTA_BINARY_PACKED: miniblock data ends after {} of {} values (miniblock needs "
              "{} bytes, {} remain)",
              total - remaining, total, std::min(needed, miniblock_bytes), avail));
        }
        used = avail;
      }
      const size_t want = decoded < n ? std::min(miniblock_values, n - decoded) : 0;
      if (want > 0) {
        DecodeMiniblock<T>(in + pos, avail, bit_width, want, min_delta, &last, out + decoded);
        decoded += want;
      }
      remaining -= miniblock_values;
      pos += used;
    }
  }
  *consumed = pos;
  return Status::OK();
}

template Status DecodeDeltaBinaryPacked<int32_t>(std::span<const uint8_t>, size_t, int32_t*,
                                                 size_t*);
template Status DecodeDeltaBinaryPacked<int64_t>(std::span<const uint8_t>, size_t, int64_t*,
                                                 size_t*);

Status DecodeDeltaLengthByteArray(std::span<const uint8_t> data, size_t n, std::string_view* out,
                                  size_t* consumed) {
  auto lengths = std::make_unique_for_overwrite<int32_t[]>(n);
  size_t lengths_bytes = 0;
  Status status = DecodeDeltaBinaryPacked<int32_t>(data, n, lengths.get(), &lengths_bytes);
  if (!status.ok()) return status.WithContext("DELTA_LENGTH_BYTE_ARRAY lengths");
  const uint8_t* bytes = data.data() + lengths_bytes;
  const size_t avail = data.size() - lengths_bytes;
  size_t pos = 0;
  for (size_t i = 0; i < n; ++i) {
    const int32_t length = lengths[i];
    if (length < 0) {
      return Status::Corruption(fmt::format(
          "DELTA_LENGTH_BYTE_ARRAY: value {} of {} has negative length {}", i, n, length));
    }
    const size_t len = static_cast<size_t>(length);
    if (len > avail - pos) {
      return Status::Corruption(
          fmt::format("DELTA_LENGTH_BYTE_ARRAY: value {} of {} has length {} but only {} bytes "
                      "remain",
                      i, n, len, avail - pos));
    }
    out[i] = std::string_view(static_cast<const char*>(static_cast<const void*>(bytes + pos)), len);
    pos += len;
  }
  *consumed = lengths_bytes + pos;
  return Status::OK();
}

Status DecodeDeltaByteArray(std::span<const uint8_t> data, size_t n, std::string_view* out,
                            Buffer* storage, size_t* consumed) {
  auto prefixes = std::make_unique_for_overwrite<int32_t[]>(n);
  size_t prefix_bytes = 0;
  Status status = DecodeDeltaBinaryPacked<int32_t>(data, n, prefixes.get(), &prefix_bytes);
  if (!status.ok()) return status.WithContext("DELTA_BYTE_ARRAY prefix lengths");
  // The suffix views go into `out` first and are replaced by the rebuilt values below.
  size_t suffix_bytes = 0;
  status = DecodeDeltaLengthByteArray(data.subspan(prefix_bytes), n, out, &suffix_bytes);
  if (!status.ok()) return status.WithContext("DELTA_BYTE_ARRAY suffixes");

  uint64_t total = 0;
  uint64_t previous_length = 0;
  for (size_t i = 0; i < n; ++i) {
    const int32_t prefix = prefixes[i];
    if (prefix < 0) {
      return Status::Corruption(fmt::format(
          "DELTA_BYTE_ARRAY: value {} of {} has negative prefix length {}", i, n, prefix));
    }
    if (i == 0 && prefix != 0) {
      return Status::Corruption(
          fmt::format("DELTA_BYTE_ARRAY: first prefix length is {}, must be 0", prefix));
    }
    if (static_cast<uint64_t>(prefix) > previous_length) {
      return Status::Corruption(fmt::format(
          "DELTA_BYTE_ARRAY: prefix length {} of value {} exceeds the previous value's length {}",
          prefix, i, previous_length));
    }
    previous_length = static_cast<uint64_t>(prefix) + out[i].size();
    total += previous_length;
    if (total > kMaxDeltaByteArrayBytes) {
      return Status::Corruption(fmt::format(
          "DELTA_BYTE_ARRAY: values rebuilt from prefixes exceed {} bytes at value {} of {}",
          kMaxDeltaByteArrayBytes, i, n));
    }
  }

  *consumed = prefix_bytes + suffix_bytes;
  if (total == 0) {
    *storage = Buffer();
    std::fill_n(out, n, std::string_view());
    return Status::OK();
  }
  // Allocated with slack for CopyShort, then truncated to the values' size.
  *storage = Buffer(static_cast<size_t>(total) + kCopySlack);
  uint8_t* dst = storage->data();
  const uint8_t* storage_end = dst + storage->size();
  const uint8_t* data_end = data.data() + data.size();
  const uint8_t* previous = dst;
  for (size_t i = 0; i < n; ++i) {
    const size_t prefix = static_cast<size_t>(prefixes[i]);
    const std::string_view suffix = out[i];
    const uint8_t* suffix_data =
        static_cast<const uint8_t*>(static_cast<const void*>(suffix.data()));
    uint8_t* start = dst;
    CopyShort(dst, previous, prefix, storage_end);
    dst += prefix;
    if (!suffix.empty()) CopyShort(dst, suffix_data, suffix.size(), data_end);
    dst += suffix.size();
    out[i] = std::string_view(static_cast<const char*>(static_cast<const void*>(start)),
                              prefix + suffix.size());
    previous = start;
  }
  storage->Truncate(static_cast<size_t>(total));
  return Status::OK();
}

}  // namespace ocpagg::parquet
