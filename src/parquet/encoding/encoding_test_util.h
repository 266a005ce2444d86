#pragma once

// Test-only encoders for the decoders of src/parquet/encoding/. They are deliberately simple
// (bit by bit) so that they serve as an independent oracle for the optimised decoders.

#include <algorithm>
#include <bit>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace ocpagg::parquet::testing {

using Bytes = std::vector<uint8_t>;

/// Appends bits LSB first.
class BitWriter {
 public:
  explicit BitWriter(Bytes* out) : out_(out) {}
  void Put(uint64_t value, int bits) {
    for (int i = 0; i < bits; ++i) {
      if (bit_ == 0) out_->push_back(0);
      if ((value >> i) & 1) out_->back() = static_cast<uint8_t>(out_->back() | (1u << bit_));
      bit_ = (bit_ + 1) % 8;
    }
  }

 private:
  Bytes* out_;
  int bit_ = 0;
};

inline void PutUleb128(Bytes* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<uint8_t>(v));
}

inline uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}

/// Number of bits needed for v.
inline int BitsFor(uint64_t v) { return 64 - std::countl_zero(v); }

/// Builds an RLE/bit-packing hybrid stream run by run.
class RleBuilder {
 public:
  explicit RleBuilder(int bit_width) : bit_width_(bit_width) {}
  void AddRle(uint32_t value, uint32_t count) {
    PutUleb128(&bytes_, static_cast<uint64_t>(count) << 1);
    for (int b = 0; b < (bit_width_ + 7) / 8; ++b) {
      bytes_.push_back(static_cast<uint8_t>(value >> (8 * b)));
    }
  }
  /// Values are padded with zeros to a multiple of 8.
  void AddBitPacked(const std::vector<uint32_t>& values) {
    const size_t groups = (values.size() + 7) / 8;
    PutUleb128(&bytes_, (static_cast<uint64_t>(groups) << 1) | 1);
    BitWriter writer(&bytes_);
    for (size_t i = 0; i < groups * 8; ++i) {
      writer.Put(i < values.size() ? values[i] : 0, bit_width_);
    }
  }
  Bytes& bytes() { return bytes_; }

 private:
  int bit_width_;
  Bytes bytes_;
};

/// Options of the DELTA_BINARY_PACKED test encoder.
struct DbpOptions {
  uint32_t block_size = 128;
  uint32_t miniblocks = 4;
  /// Bit width used for every miniblock (must be >= the width needed); nullopt: minimal widths.
  std::optional<int> forced_width;
  /// Width written for miniblocks after the last value (parquet-mr leaves stale widths there).
  int unused_width = 0;
  /// Drop the padding bytes of the last miniblock after its last value.
  bool truncate_last_miniblock = false;
  /// Header total count (default: values.size()).
  std::optional<uint64_t> total_override;
};

/// DELTA_BINARY_PACKED-encodes `values` (T = int32_t or int64_t, arithmetic modulo 2^bits).
template <typename T>
Bytes EncodeDbp(const std::vector<T>& values, const DbpOptions& options = {}) {
  using U = std::make_unsigned_t<T>;
  Bytes out;
  PutUleb128(&out, options.block_size);
  PutUleb128(&out, options.miniblocks);
  PutUleb128(&out, options.total_override.value_or(values.size()));
  PutUleb128(&out, ZigZag(values.empty() ? 0 : static_cast<int64_t>(values[0])));
  if (values.size() <= 1) return out;
  std::vector<T> deltas;
  for (size_t i = 1; i < values.size(); ++i) {
    deltas.push_back(static_cast<T>(static_cast<U>(values[i]) - static_cast<U>(values[i - 1])));
  }
  const size_t per_miniblock = options.block_size / options.miniblocks;
  for (size_t start = 0; start < deltas.size(); start += options.block_size) {
    const size_t end = std::min(deltas.size(), start + options.block_size);
    const T min_delta = *std::min_element(deltas.begin() + static_cast<ptrdiff_t>(start),
                                          deltas.begin() + static_cast<ptrdiff_t>(end));
    PutUleb128(&out, ZigZag(static_cast<int64_t>(min_delta)));
    std::vector<int> widths(options.miniblocks, options.unused_width);
    size_t used = 0;
    for (size_t m = 0; m < options.miniblocks; ++m) {
      const size_t mb_start = start + m * per_miniblock;
      if (mb_start >= end) break;
      ++used;
      U max_adjusted = 0;
      for (size_t i = mb_start; i < std::min(end, mb_start + per_miniblock); ++i) {
        max_adjusted = std::max<U>(
            max_adjusted, static_cast<U>(static_cast<U>(deltas[i]) - static_cast<U>(min_delta)));
      }
      widths[m] = options.forced_width.value_or(BitsFor(max_adjusted));
    }
    for (int w : widths) out.push_back(static_cast<uint8_t>(w));
    for (size_t m = 0; m < used; ++m) {
      const size_t mb_start = start + m * per_miniblock;
      const bool last_miniblock = mb_start + per_miniblock >= deltas.size();
      Bytes mb;
      BitWriter writer(&mb);
      for (size_t i = mb_start; i < mb_start + per_miniblock; ++i) {
        if (i >= deltas.size() && last_miniblock && options.truncate_last_miniblock) break;
        const U adjusted =
            i < end ? static_cast<U>(static_cast<U>(deltas[i]) - static_cast<U>(min_delta)) : 0;
        writer.Put(adjusted, widths[m]);
      }
      out.insert(out.end(), mb.begin(), mb.end());
    }
  }
  return out;
}

inline Bytes EncodeDlba(const std::vector<std::string>& values, const DbpOptions& options = {}) {
  std::vector<int32_t> lengths;
  for (const auto& v : values) lengths.push_back(static_cast<int32_t>(v.size()));
  Bytes out = EncodeDbp(lengths, options);
  for (const auto& v : values) out.insert(out.end(), v.begin(), v.end());
  return out;
}

inline Bytes EncodeDba(const std::vector<std::string>& values) {
  std::vector<int32_t> prefixes;
  std::vector<std::string> suffixes;
  std::string_view previous;
  for (const auto& v : values) {
    size_t p = 0;
    while (p < v.size() && p < previous.size() && v[p] == previous[p]) ++p;
    prefixes.push_back(static_cast<int32_t>(p));
    suffixes.push_back(v.substr(p));
    previous = v;
  }
  Bytes out = EncodeDbp(prefixes);
  Bytes rest = EncodeDlba(suffixes);
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

/// Reads a whole file; nullopt when it cannot be opened.
inline std::optional<Bytes> ReadFileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// Path of a parquet-testing data file, from OCPAGG_SOURCE_DIR.
inline std::string ParquetTestingPath(const std::string& name) {
  return std::string(OCPAGG_SOURCE_DIR) + "/tests/data/parquet-testing/data/" + name;
}

/// Splits a CSV (fields optionally quoted; quoted fields may hold commas and "" for a quote)
/// into rows of fields; an empty unquoted field is nullopt (null).
inline std::vector<std::vector<std::optional<std::string>>> ParseCsv(std::string_view text) {
  std::vector<std::vector<std::optional<std::string>>> rows;
  std::vector<std::optional<std::string>> row;
  std::string field;
  bool quoted = false;
  bool in_quotes = false;
  auto end_field = [&] {
    if (quoted || !field.empty()) {
      row.emplace_back(field);
    } else {
      row.emplace_back(std::nullopt);
    }
    field.clear();
    quoted = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      in_quotes = true;
      quoted = true;
    } else if (c == ',') {
      end_field();
    } else if (c == '\n') {
      end_field();
      rows.push_back(std::move(row));
      row.clear();
    } else if (c != '\r') {
      field.push_back(c);
    }
  }
  if (quoted || !field.empty() || !row.empty()) {
    end_field();
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace ocpagg::parquet::testing
