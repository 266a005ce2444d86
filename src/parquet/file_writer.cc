#include "parquet/file_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_set>
#include <utility>
#include <vector>

#include "parquet/compression.h"
#include "parquet/metadata_writer.h"

namespace ocpagg::parquet {

// ------------------------------------------------------------------------------------------------
// RLE / bit-packing hybrid encoder (parquet-format Encodings.md, "Run Length Encoding /
// Bit-Packing Hybrid"), the inverse of encoding/rle_bit_packed.h:
//
//   encoded-data      := <run>*
//   bit-packed-run    := varint(groups << 1 | 1) <groups * bit_width bytes>   (8 values a group,
//                        LSB first; only the last run of the data may be padded with zeros)
//   rle-run           := varint(count << 1) <value in ceil(bit_width / 8) bytes, little-endian>
//
// A run of at least 8 equal values becomes an RLE run, after topping up the pending literal values
// to a multiple of 8 from the run's head; everything else is bit-packed.
// ------------------------------------------------------------------------------------------------
namespace {

void PutVarint(uint64_t value, std::vector<uint8_t>* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<uint8_t>(value | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<uint8_t>(value));
}

// Packs `groups` groups of 8 values of width W (1..32) into groups * W bytes.
template <int W, typename T>
void PackGroups(const T* values, size_t groups, uint8_t* out) {
  for (size_t g = 0; g < groups; ++g, values += 8) {
    uint64_t acc = 0;
    int bits = 0;
    for (int k = 0; k < 8; ++k) {
      acc |= static_cast<uint64_t>(values[k]) << bits;
      bits += W;
      while (bits >= 8) {
        *out++ = static_cast<uint8_t>(acc);
        acc >>= 8;
        bits -= 8;
      }
    }
  }
}

template <typename T>
using PackFn = void (*)(const T*, size_t, uint8_t*);

template <typename T, size_t... W>
constexpr std::array<PackFn<T>, sizeof...(W) + 1> MakePackers(std::index_sequence<W...>) {
  return {nullptr, &PackGroups<static_cast<int>(W + 1), T>...};
}

template <typename T>
constexpr auto kPackers = MakePackers<T>(std::make_index_sequence<32>());

template <typename T>
class HybridEncoder {
 public:
  HybridEncoder(int bit_width, std::vector<uint8_t>* out)
      : bit_width_(bit_width),
        value_bytes_(static_cast<size_t>((bit_width + 7) / 8)),
        pack_(kPackers<T>[static_cast<size_t>(bit_width)]),
        out_(out) {}

  void Encode(const T* v, size_t n) {
    size_t literal_start = 0;
    size_t i = 0;
    while (i < n) {
      const T x = v[i];
      size_t j = i + 1;
      while (j < n && v[j] == x) ++j;
      const size_t run = j - i;
      if (run >= 8) {
        const size_t pending = i - literal_start;
        const size_t fill = (8 - pending % 8) % 8;
        if (run - fill >= 8) {
          if (pending + fill > 0) Literal(v + literal_start, pending + fill);
          Rle(x, run - fill);
          literal_start = j;
        }
      }
      i = j;
    }
    if (literal_start < n) Literal(v + literal_start, n - literal_start);
  }

 private:
  void Rle(T value, size_t count) {
    PutVarint(static_cast<uint64_t>(count) << 1, out_);
    const auto wide = static_cast<uint32_t>(value);
    for (size_t b = 0; b < value_bytes_; ++b)
      out_->push_back(static_cast<uint8_t>(wide >> (8 * b)));
  }

  // `count` values; a count that is not a multiple of 8 only at the end of the data.
  void Literal(const T* values, size_t count) {
    const size_t full = count / 8;
    const size_t rest = count % 8;
    const size_t groups = full + (rest > 0 ? 1 : 0);
    PutVarint(static_cast<uint64_t>(groups) << 1 | 1, out_);
    const size_t at = out_->size();
    const size_t width = static_cast<size_t>(bit_width_);
    out_->resize(at + groups * width);
    uint8_t* dst = out_->data() + at;
    pack_(values, full, dst);
    if (rest > 0) {
      std::array<T, 8> last{};
      std::copy(values + full * 8, values + count, last.begin());
      pack_(last.data(), 1, dst + full * width);
    }
  }

  int bit_width_;
  size_t value_bytes_;
  PackFn<T> pack_;
  std::vector<uint8_t>* out_;
};

}  // namespace

namespace internal {

void EncodeRleBitPackedHybrid(std::span<const uint32_t> values, int bit_width,
                              std::vector<uint8_t>* out) {
  OCPAGG_CHECK(bit_width >= 1 && bit_width <= 32);
  HybridEncoder<uint32_t>(bit_width, out).Encode(values.data(), values.size());
}

void EncodeRleBitPackedHybrid(std::span<const uint8_t> values, int bit_width,
                              std::vector<uint8_t>* out) {
  OCPAGG_CHECK(bit_width >= 1 && bit_width <= 8);
  HybridEncoder<uint8_t>(bit_width, out).Encode(values.data(), values.size());
}

}  // namespace internal

namespace {

using columnar::ColumnBatch;
using columnar::Storage;

constexpr uint8_t kMagic[4] = {'P', 'A', 'R', '1'};
// Rows handled between two checks of the page and dictionary sizes.
constexpr size_t kSliceRows = 1024;
// A page never holds more rows than an i32 num_values can count.
constexpr size_t kMaxPageRows = size_t{1} << 30;

template <typename T>
T Load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

// ------------------------------------------------------------------------------------------------
// Dictionaries: open addressing with linear probing, at most half full. Fixed-width values are
// keyed on their bits (so -0.0 and 0.0, or two NaN payloads, are distinct entries: the dictionary
// reproduces values bit for bit); strings are copied into an arena owned by the dictionary.
// ------------------------------------------------------------------------------------------------

uint64_t MixBits(uint64_t key) {
  key ^= key >> 33;
  key *= 0xff51afd7ed558ccdULL;
  key ^= key >> 33;
  return key;
}

uint64_t HashBytes(std::string_view s) {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ULL;
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = n * kMul;
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ (w * kMul)) * 0xC2B2AE3D27D4EB4FULL;
    h ^= h >> 31;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ (w * kMul)) * 0xC2B2AE3D27D4EB4FULL;
  }
  return MixBits(h);
}

/// Append-only storage for dictionary strings.
class Arena {
 public:
  std::string_view Copy(std::string_view s) {
    if (s.size() > left_) {
      const size_t size = std::max(kBlockSize, s.size());
      blocks_.push_back(std::make_unique_for_overwrite<char[]>(size));
      next_ = blocks_.back().get();
      left_ = size;
    }
    if (!s.empty()) std::memcpy(next_, s.data(), s.size());
    std::string_view copy(next_, s.size());
    next_ += s.size();
    left_ -= s.size();
    return copy;
  }
  void Clear() {
    blocks_.clear();
    next_ = nullptr;
    left_ = 0;
  }

 private:
  static constexpr size_t kBlockSize = 256 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;
  size_t left_ = 0;
};

template <typename T>
class Dictionary {
 public:
  static constexpr bool kIsString = std::is_same_v<T, std::string_view>;

  Dictionary() { Clear(); }

  uint32_t GetOrInsert(T value) {
    const uint64_t key = Key(value);
    const uint64_t hash = kIsString ? key : MixBits(key);
    size_t slot = static_cast<size_t>(hash) & mask_;
    while (true) {
      Slot& s = slots_[slot];
      if (s.index_plus_one == 0) return Insert(&s, value, key);
      if (s.key == key && (!kIsString || values_[s.index_plus_one - 1] == value)) {
        return s.index_plus_one - 1;
      }
      slot = (slot + 1) & mask_;
    }
  }

  size_t size() const { return values_.size(); }
  /// Bytes of the dictionary page's PLAIN values.
  size_t plain_bytes() const { return plain_bytes_; }
  const std::vector<T>& values() const { return values_; }

  void Clear() {
    values_.clear();
    slots_.assign(kInitialSlots, Slot{});
    mask_ = kInitialSlots - 1;
    plain_bytes_ = 0;
    if constexpr (kIsString) arena_.Clear();
  }

 private:
  struct Slot {
    uint64_t key = 0;  // value bits, or the string's hash
    uint32_t index_plus_one = 0;
  };
  static constexpr size_t kInitialSlots = 1024;

  static uint64_t Key(T value) {
    if constexpr (kIsString) {
      return HashBytes(value);
    } else {
      uint64_t bits = 0;
      std::memcpy(&bits, &value, sizeof(T));
      return bits;
    }
  }

  // Out of line: GetOrInsert's lookup path stays small enough to inline into the value loops.
  [[gnu::noinline]] uint32_t Insert(Slot* slot, T value, uint64_t key) {
    const auto index = static_cast<uint32_t>(values_.size());
    if constexpr (kIsString) {
      values_.push_back(arena_.Copy(value));
      plain_bytes_ += 4 + value.size();
    } else {
      values_.push_back(value);
      plain_bytes_ += sizeof(T);
    }
    slot->key = key;
    slot->index_plus_one = index + 1;
    if (values_.size() * 2 > slots_.size()) Grow();
    return index;
  }

  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.index_plus_one == 0) continue;
      const uint64_t hash = kIsString ? s.key : MixBits(s.key);
      size_t slot = static_cast<size_t>(hash) & mask_;
      while (slots_[slot].index_plus_one != 0) slot = (slot + 1) & mask_;
      slots_[slot] = s;
    }
  }

  std::vector<T> values_;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t plain_bytes_ = 0;
  Arena arena_;
};

// ------------------------------------------------------------------------------------------------
// Statistics over the non-null values of a chunk (parquet-format: min_value / max_value in the
// type's sort order; byte arrays compare as unsigned bytes; floating point ignores NaN and writes
// -0.0 as a zero minimum and +0.0 as a zero maximum).
// ------------------------------------------------------------------------------------------------
template <typename T>
class MinMax {
 public:
  static constexpr bool kIsString = std::is_same_v<T, std::string_view>;

  void Update(T v) {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(v)) return;
    }
    if (!has_) {
      min_ = v;
      max_ = v;
      has_ = true;
      return;
    }
    // Strings are copied (the views point into the caller's batches); new bounds are rare.
    if (v < View(min_)) min_ = v;
    if (View(max_) < v) max_ = v;
  }
  bool has() const { return has_; }
  void Reset() { has_ = false; }

  /// PLAIN bytes of the bounds.
  std::string EncodedMin() const {
    if constexpr (std::is_floating_point_v<T>) {
      if (min_ == 0) return Encode(-T{0});
    }
    return Encode(min_);
  }
  std::string EncodedMax() const {
    if constexpr (std::is_floating_point_v<T>) {
      if (max_ == 0) return Encode(T{0});
    }
    return Encode(max_);
  }

 private:
  using Stored = std::conditional_t<kIsString, std::string, T>;

  static T View(const Stored& v) { return T(v); }
  static std::string Encode(const Stored& v) {
    if constexpr (kIsString) {
      return v;
    } else {
      std::string out(sizeof(T), '\0');
      std::memcpy(out.data(), &v, sizeof(T));
      return out;
    }
  }

  bool has_ = false;
  Stored min_{};
  Stored max_{};
};

// ------------------------------------------------------------------------------------------------
// Column writers. One per column; each buffers the current page (levels, then either dictionary
// indices or PLAIN values) and the finished, compressed pages of the current column chunk.
//
// Column chunk layout:  [dictionary page] data page*
// Data page v1 body:    [u32 LE levels length, RLE/bit-packed levels]   (optional columns)
//                       values: PLAIN, or <u8 bit width> <RLE/bit-packed indices>
// Data page v2 body:    [RLE/bit-packed levels] (uncompressed) + compressed values
// ------------------------------------------------------------------------------------------------

/// A finished column chunk, ready to be appended to the file.
struct ChunkOutput {
  std::vector<uint8_t>* dictionary_page = nullptr;  // empty when there is none
  std::vector<uint8_t>* data_pages = nullptr;
  ColumnMetaData meta;  // offsets relative to the chunk start (dictionary page first)
};

class ColumnWriter {
 public:
  ColumnWriter(const WriterColumn& column, PhysicalType physical, const WriterOptions& options)
      : column_(column), physical_(physical), options_(options) {}
  virtual ~ColumnWriter() = default;
  ColumnWriter(const ColumnWriter&) = delete;
  ColumnWriter& operator=(const ColumnWriter&) = delete;

  /// Appends rows [offset, offset + count) of `batch` (validated by the caller).
  virtual Status Append(const ColumnBatch& batch, size_t offset, size_t count) = 0;

  /// Flushes the open page and returns the chunk. The buffers stay valid until Reset().
  Result<ChunkOutput> Finish() {
    OCPAGG_RETURN_IF_ERROR(FlushPage());
    OCPAGG_RETURN_IF_ERROR(WriteDictionaryPage());
    ChunkOutput out;
    out.dictionary_page = &dictionary_page_;
    out.data_pages = &data_pages_;
    ColumnMetaData& m = out.meta;
    m.type = physical_;
    if (plain_used_ || !dictionary_page_.empty()) m.encodings.push_back(Encoding::kPlain);
    m.encodings.push_back(Encoding::kRle);
    if (!dictionary_page_.empty()) m.encodings.push_back(Encoding::kRleDictionary);
    m.path_in_schema = {column_.name};
    m.codec = options_.codec;
    m.num_values = chunk_rows_;
    m.total_uncompressed_size = total_uncompressed_;
    m.total_compressed_size = static_cast<int64_t>(dictionary_page_.size() + data_pages_.size());
    m.data_page_offset = static_cast<int64_t>(dictionary_page_.size());
    if (!dictionary_page_.empty()) m.dictionary_page_offset = 0;
    if (options_.write_statistics) {
      Statistics& s = m.statistics.emplace();
      s.null_count = chunk_nulls_;
      FillMinMax(&s);
    }
    return out;
  }

  /// Starts a new column chunk.
  virtual void Reset() {
    dictionary_page_.clear();
    data_pages_.clear();
    chunk_rows_ = 0;
    chunk_nulls_ = 0;
    total_uncompressed_ = 0;
    plain_used_ = false;
  }

  /// Forgets per-Write() state (caches keyed on the caller's batches).
  virtual void EndWrite() {}

 protected:
  /// Encodes the buffered values of the page into `*out`; returns the page's value encoding.
  virtual Encoding EncodePageValues(std::vector<uint8_t>* out) = 0;
  virtual void ClearPageValues() = 0;
  virtual Status WriteDictionaryPage() = 0;
  virtual void FillMinMax(Statistics* stats) const = 0;

  bool optional() const { return column_.optional; }

  /// Appends `n` definition levels (1 = present) of the rows in `valid` (null: all present).
  void AppendLevels(const uint8_t* valid, size_t n) {
    const size_t at = levels_.size();
    levels_.resize(at + n);
    uint8_t* out = levels_.data() + at;
    if (valid == nullptr) {
      std::memset(out, 1, n);
    } else {
      for (size_t i = 0; i < n; ++i) out[i] = valid[i] != 0 ? 1 : 0;
    }
  }

  Status FlushPage() {
    if (page_rows_ == 0) return Status::OK();
    body_.clear();
    size_t levels_size = 0;
    if (optional()) {
      if (!options_.data_page_v2) body_.resize(4);
      internal::EncodeRleBitPackedHybrid(levels_, 1, &body_);
      levels_size = body_.size();
      if (!options_.data_page_v2) {
        const auto length = static_cast<uint32_t>(levels_size - 4);
        std::memcpy(body_.data(), &length, 4);
      }
    }
    const Encoding encoding = EncodePageValues(&body_);
    if (encoding == Encoding::kPlain) plain_used_ = true;

    PageHeader header;
    header.uncompressed_page_size = static_cast<int32_t>(body_.size());
    std::span<const uint8_t> stored;
    const bool compress = options_.codec != Codec::kUncompressed;
    if (!options_.data_page_v2) {
      header.type = PageType::kDataPage;
      DataPageHeader& h = header.data_page_header.emplace();
      h.num_values = static_cast<int32_t>(page_rows_);
      h.encoding = encoding;
      h.definition_level_encoding = Encoding::kRle;
      h.repetition_level_encoding = Encoding::kRle;
      if (compress) {
        compressed_.clear();
        OCPAGG_RETURN_IF_ERROR(
            Compress(options_.codec, body_, options_.compression_level, &compressed_));
        stored = compressed_;
      } else {
        stored = body_;
      }
    } else {
      header.type = PageType::kDataPageV2;
      DataPageHeaderV2& h = header.data_page_header_v2.emplace();
      h.num_values = static_cast<int32_t>(page_rows_);
      h.num_nulls = static_cast<int32_t>(page_rows_ - page_values_);
      h.num_rows = static_cast<int32_t>(page_rows_);
      h.encoding = encoding;
      h.definition_levels_byte_length = static_cast<int32_t>(levels_size);
      h.repetition_levels_byte_length = 0;
      h.is_compressed = compress;
      if (compress) {
        compressed_.assign(body_.begin(), body_.begin() + static_cast<ptrdiff_t>(levels_size));
        OCPAGG_RETURN_IF_ERROR(Compress(options_.codec,
                                        std::span<const uint8_t>(body_).subspan(levels_size),
                                        options_.compression_level, &compressed_));
        stored = compressed_;
      } else {
        stored = body_;
      }
    }
    OCPAGG_RETURN_IF_ERROR(AppendPage(&header, stored, &data_pages_));

    chunk_nulls_ += static_cast<int64_t>(page_rows_ - page_values_);
    page_rows_ = 0;
    page_values_ = 0;
    levels_.clear();
    ClearPageValues();
    return Status::OK();
  }

  /// Writes `header` (sizes and CRC filled in here) and `stored` to `*out`.
  Status AppendPage(PageHeader* header, std::span<const uint8_t> stored,
                    std::vector<uint8_t>* out) {
    if (stored.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max()) ||
        header->uncompressed_page_size < 0) {
      return Status::InvalidArgument(
          fmt::format("column '{}': a page of {} bytes exceeds the 2 GiB page limit", column_.name,
                      stored.size()));
    }
    header->compressed_page_size = static_cast<int32_t>(stored.size());
    header->crc = Crc32(stored);
    const size_t before = out->size();
    SerializePageHeader(*header, out);
    const size_t header_size = out->size() - before;
    out->insert(out->end(), stored.begin(), stored.end());
    total_uncompressed_ +=
        static_cast<int64_t>(header_size) + static_cast<int64_t>(header->uncompressed_page_size);
    return Status::OK();
  }

  /// Cuts the page when it reached its size or row limit.
  Status MaybeFlushPage(size_t page_value_bytes) {
    const size_t levels_estimate = optional() ? page_rows_ / 8 : 0;
    if (page_value_bytes + levels_estimate >= options_.page_bytes || page_rows_ >= kMaxPageRows) {
      return FlushPage();
    }
    return Status::OK();
  }

  const WriterColumn& column_;
  const PhysicalType physical_;
  const WriterOptions& options_;

  // Open page.
  std::vector<uint8_t> levels_;  // one byte per row (optional columns)
  size_t page_rows_ = 0;
  size_t page_values_ = 0;  // non-null rows

  // Column chunk.
  std::vector<uint8_t> dictionary_page_;
  std::vector<uint8_t> data_pages_;
  int64_t chunk_rows_ = 0;
  int64_t chunk_nulls_ = 0;
  int64_t total_uncompressed_ = 0;
  bool plain_used_ = false;

  // Scratch.
  std::vector<uint8_t> body_;
  std::vector<uint8_t> compressed_;
};

template <PhysicalType P>
struct PhysicalTraits;
template <>
struct PhysicalTraits<PhysicalType::kBoolean> {
  using T = uint8_t;
};
template <>
struct PhysicalTraits<PhysicalType::kInt32> {
  using T = int32_t;
};
template <>
struct PhysicalTraits<PhysicalType::kInt64> {
  using T = int64_t;
};
template <>
struct PhysicalTraits<PhysicalType::kDouble> {
  using T = double;
};
template <>
struct PhysicalTraits<PhysicalType::kByteArray> {
  using T = std::string_view;
};

template <PhysicalType P>
class TypedColumnWriter final : public ColumnWriter {
 public:
  using T = typename PhysicalTraits<P>::T;
  static constexpr bool kIsString = P == PhysicalType::kByteArray;
  static constexpr bool kIsBool = P == PhysicalType::kBoolean;
  static constexpr uint32_t kUnmapped = std::numeric_limits<uint32_t>::max();

  TypedColumnWriter(const WriterColumn& column, const WriterOptions& options)
      : ColumnWriter(column, P, options) {
    TypedColumnWriter::Reset();
  }

  Status Append(const ColumnBatch& batch, size_t offset, size_t count) override {
    const uint8_t* valid = optional() && !batch.valid.empty() ? batch.valid.data() : nullptr;
    for (size_t done = 0; done < count;) {
      const size_t n = std::min(kSliceRows, count - done);
      const size_t row = offset + done;
      const uint8_t* v = valid != nullptr ? valid + row : nullptr;
      if (optional()) AppendLevels(v, n);
      const size_t present = AppendValues(batch, row, n, v);
      page_rows_ += n;
      page_values_ += present;
      chunk_rows_ += static_cast<int64_t>(n);
      done += n;
      if constexpr (!kIsBool) {
        if (dictionary_mode_ && dictionary_.plain_bytes() > options_.dictionary_page_bytes) {
          // Dictionary fallback: the pages so far stay dictionary-encoded, the rest is PLAIN.
          OCPAGG_RETURN_IF_ERROR(FlushPage());
          dictionary_mode_ = false;
          remap_source_ = nullptr;
          continue;
        }
      }
      OCPAGG_RETURN_IF_ERROR(MaybeFlushPage(PageValueBytes()));
    }
    return Status::OK();
  }

  void Reset() override {
    ColumnWriter::Reset();
    if constexpr (!kIsBool) {
      dictionary_.Clear();
      dictionary_mode_ = options_.enable_dictionary;
      min_max_.Reset();
      indices_.clear();
      dictionary_used_ = false;
    } else {
      has_false_ = has_true_ = false;
    }
    plain_.clear();
    remap_source_ = nullptr;
    NewViewGeneration();
  }

  void EndWrite() override {
    remap_source_ = nullptr;
    NewViewGeneration();
  }

 private:
  // The dictionary index of `value`. Strings first try a small cache keyed on the view's address
  // and length: within one Write() call the batches do not change, so a view seen before holds
  // the same bytes and need not be hashed and compared again (batches built from a pool of
  // strings repeat their views).
  uint32_t Lookup(T value) {
    if constexpr (kIsString) {
      const auto address = reinterpret_cast<uintptr_t>(value.data());
      const size_t slot =
          static_cast<size_t>(((address ^ value.size()) * 0x9E3779B97F4A7C15ULL) >> 55);
      ViewCacheEntry& e = view_cache_[slot];
      if (e.data == value.data() && e.size == value.size() && e.generation == view_generation_) {
        return e.index;
      }
      const uint32_t index = dictionary_.GetOrInsert(value);
      e = ViewCacheEntry{value.data(), value.size(), index, view_generation_};
      return index;
    } else {
      return dictionary_.GetOrInsert(value);
    }
  }

  // Invalidates the view cache (a new Write() call or a new dictionary).
  void NewViewGeneration() {
    if constexpr (kIsString) {
      if (++view_generation_ == 0) {
        view_cache_.fill(ViewCacheEntry{});
        view_generation_ = 1;
      }
    }
  }

  // Appends the values of rows [row, row + n) that `v` marks present; returns their count.
  size_t AppendValues(const ColumnBatch& b, size_t row, size_t n, const uint8_t* v) {
    if (b.is_dictionary()) {
      const ColumnBatch& dict = *b.dictionary;
      const uint32_t* idx = b.indices.data() + row;
      if constexpr (!kIsBool) {
        if (dictionary_mode_) return AppendRemapped(dict, idx, n, v);
      }
      if constexpr (kIsString) {
        const std::string_view* s = dict.strings.data();
        return Consume(n, v, [s, idx](size_t i) { return s[idx[i]]; });
      } else {
        const uint8_t* p = dict.fixed.data();
        return Consume(n, v,
                       [p, idx](size_t i) { return Load<T>(p + size_t{idx[i]} * sizeof(T)); });
      }
    }
    if constexpr (kIsString) {
      const std::string_view* s = b.strings.data() + row;
      return Consume(n, v, [s](size_t i) { return s[i]; });
    } else {
      const uint8_t* p = b.fixed.data() + row * sizeof(T);
      if (!dictionary_mode_ && v == nullptr && !kIsBool) {
        // PLAIN without nulls: the batch bytes are the PLAIN bytes.
        plain_.insert(plain_.end(), p, p + n * sizeof(T));
        for (size_t i = 0; i < n; ++i) UpdateStats(Load<T>(p + i * sizeof(T)));
        return n;
      }
      return Consume(n, v, [p](size_t i) { return Load<T>(p + i * sizeof(T)); });
    }
  }

  // Dictionary-layout input in dictionary mode: each input dictionary entry is looked up once
  // per Write() call.
  size_t AppendRemapped(const ColumnBatch& dict, const uint32_t* idx, size_t n, const uint8_t* v) {
    if (remap_source_ != &dict) {
      remap_source_ = &dict;
      remap_.assign(dict.length, kUnmapped);
    }
    const auto lookup = [&](uint32_t i) -> uint32_t {
      uint32_t& mapped = remap_[i];
      if (mapped == kUnmapped) {
        if constexpr (kIsString) {
          mapped = dictionary_.GetOrInsert(dict.strings[i]);
        } else {
          mapped = dictionary_.GetOrInsert(Load<T>(dict.fixed.data() + size_t{i} * sizeof(T)));
        }
      }
      return mapped;
    };
    const size_t at = indices_.size();
    indices_.resize(at + n);
    uint32_t* out = indices_.data() + at;
    size_t k = 0;
    if (v == nullptr) {
      for (size_t i = 0; i < n; ++i) out[k++] = lookup(idx[i]);
    } else {
      for (size_t i = 0; i < n; ++i) {
        if (v[i] != 0) out[k++] = lookup(idx[i]);
      }
    }
    indices_.resize(at + k);
    return k;
  }

  template <typename Get>
  size_t Consume(size_t n, const uint8_t* v, Get get) {
    if constexpr (!kIsBool) {
      if (dictionary_mode_) {
        const size_t at = indices_.size();
        indices_.resize(at + n);
        uint32_t* out = indices_.data() + at;
        size_t k = 0;
        if (v == nullptr) {
          for (size_t i = 0; i < n; ++i) out[k++] = Lookup(get(i));
        } else {
          for (size_t i = 0; i < n; ++i) {
            if (v[i] != 0) out[k++] = Lookup(get(i));
          }
        }
        indices_.resize(at + k);
        return k;
      }
    }
    if constexpr (kIsString) {
      // PLAIN byte arrays: <u32 LE length> <bytes> per value.
      size_t bytes = 0;
      size_t present = 0;
      for (size_t i = 0; i < n; ++i) {
        if (v == nullptr || v[i] != 0) {
          bytes += 4 + get(i).size();
          ++present;
        }
      }
      const size_t at = plain_.size();
      plain_.resize(at + bytes);
      uint8_t* out = plain_.data() + at;
      for (size_t i = 0; i < n; ++i) {
        if (v != nullptr && v[i] == 0) continue;
        const std::string_view s = get(i);
        const auto length = static_cast<uint32_t>(s.size());
        std::memcpy(out, &length, 4);
        if (!s.empty()) std::memcpy(out + 4, s.data(), s.size());
        out += 4 + s.size();
        UpdateStats(s);
      }
      return present;
    } else {
      // PLAIN fixed width (booleans: one byte per value here, bit-packed when the page is cut).
      const size_t at = plain_.size();
      plain_.resize(at + n * sizeof(T));
      uint8_t* out = plain_.data() + at;
      size_t k = 0;
      for (size_t i = 0; i < n; ++i) {
        if (v != nullptr && v[i] == 0) continue;
        T value = get(i);
        if constexpr (kIsBool) value = value != 0 ? 1 : 0;
        std::memcpy(out + k * sizeof(T), &value, sizeof(T));
        ++k;
        UpdateStats(value);
      }
      plain_.resize(at + k * sizeof(T));
      return k;
    }
  }

  void UpdateStats(T value) {
    if constexpr (kIsBool) {
      if (value != 0) {
        has_true_ = true;
      } else {
        has_false_ = true;
      }
    } else {
      min_max_.Update(value);
    }
  }

  // Uncompressed bytes of the buffered values.
  size_t PageValueBytes() const {
    if constexpr (kIsBool) {
      return plain_.size() / 8;
    } else {
      if (!dictionary_mode_) return plain_.size();
      const size_t entries = std::max<size_t>(dictionary_.size(), 2);
      const auto bit_width = static_cast<size_t>(std::bit_width(entries - 1));
      return 1 + indices_.size() * bit_width / 8;
    }
  }

  Encoding EncodePageValues(std::vector<uint8_t>* out) override {
    if constexpr (kIsBool) {
      // PLAIN booleans: bit-packed, LSB first.
      const size_t n = plain_.size();
      const size_t at = out->size();
      out->resize(at + (n + 7) / 8, 0);
      uint8_t* dst = out->data() + at;
      for (size_t i = 0; i < n; ++i) dst[i / 8] |= static_cast<uint8_t>(plain_[i] << (i % 8));
      return Encoding::kPlain;
    } else {
      if (dictionary_mode_) {
        if (indices_.empty()) return Encoding::kPlain;  // no values: nothing to index
        dictionary_used_ = true;
        const int bit_width = std::max(1, static_cast<int>(std::bit_width(dictionary_.size() - 1)));
        out->push_back(static_cast<uint8_t>(bit_width));
        internal::EncodeRleBitPackedHybrid(indices_, bit_width, out);
        return Encoding::kRleDictionary;
      }
      out->insert(out->end(), plain_.begin(), plain_.end());
      return Encoding::kPlain;
    }
  }

  void ClearPageValues() override {
    plain_.clear();
    if constexpr (!kIsBool) indices_.clear();
  }

  Status WriteDictionaryPage() override {
    if constexpr (!kIsBool) {
      if (!dictionary_used_) return Status::OK();
      body_.clear();
      const std::vector<T>& values = dictionary_.values();
      if constexpr (kIsString) {
        body_.reserve(dictionary_.plain_bytes());
        for (std::string_view s : values) {
          const auto length = static_cast<uint32_t>(s.size());
          const auto* bytes = reinterpret_cast<const uint8_t*>(&length);
          body_.insert(body_.end(), bytes, bytes + 4);
          body_.insert(body_.end(), s.begin(), s.end());
        }
      } else {
        const auto* bytes = reinterpret_cast<const uint8_t*>(values.data());
        body_.assign(bytes, bytes + values.size() * sizeof(T));
      }
      // Every entry is a value of the chunk: the chunk's bounds include them.
      for (const T& value : values) min_max_.Update(value);
      PageHeader header;
      header.type = PageType::kDictionaryPage;
      header.uncompressed_page_size = static_cast<int32_t>(
          std::min(body_.size(), static_cast<size_t>(std::numeric_limits<int32_t>::max())));
      DictionaryPageHeader& h = header.dictionary_page_header.emplace();
      h.num_values = static_cast<int32_t>(values.size());
      h.encoding = Encoding::kPlain;
      if (body_.size() > static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
        return Status::InvalidArgument(
            fmt::format("column '{}': dictionary page of {} bytes exceeds the 2 GiB page limit",
                        column_.name, body_.size()));
      }
      if (options_.codec == Codec::kUncompressed) {
        return AppendPage(&header, body_, &dictionary_page_);
      }
      compressed_.clear();
      OCPAGG_RETURN_IF_ERROR(
          Compress(options_.codec, body_, options_.compression_level, &compressed_));
      return AppendPage(&header, compressed_, &dictionary_page_);
    } else {
      return Status::OK();
    }
  }

  void FillMinMax(Statistics* stats) const override {
    if constexpr (kIsBool) {
      if (!has_false_ && !has_true_) return;
      stats->min_value = std::string(1, has_false_ ? '\0' : '\1');
      stats->max_value = std::string(1, has_true_ ? '\1' : '\0');
    } else {
      if (!min_max_.has()) return;
      stats->min_value = min_max_.EncodedMin();
      stats->max_value = min_max_.EncodedMax();
    }
  }

  // PLAIN values of the open page (booleans: one byte each).
  std::vector<uint8_t> plain_;
  // Dictionary state (unused for booleans).
  Dictionary<std::conditional_t<kIsBool, int32_t, T>> dictionary_;
  bool dictionary_mode_ = false;
  bool dictionary_used_ = false;
  std::vector<uint32_t> indices_;  // open page
  struct ViewCacheEntry {
    const char* data = nullptr;
    size_t size = 0;
    uint32_t index = 0;
    uint32_t generation = 0;  // valid when equal to view_generation_
  };
  static constexpr size_t kViewCacheSize = 512;  // slot = top 9 bits of the hash
  std::array<ViewCacheEntry, kIsString ? kViewCacheSize : 1> view_cache_{};
  uint32_t view_generation_ = 1;
  const ColumnBatch* remap_source_ = nullptr;
  std::vector<uint32_t> remap_;  // input dictionary index -> our index
  MinMax<std::conditional_t<kIsBool, int32_t, T>> min_max_;
  bool has_false_ = false;
  bool has_true_ = false;
};

struct TypeInfo {
  PhysicalType physical;
  Storage storage;
  std::optional<ConvertedType> converted;
  LogicalType::Kind logical;
};

std::optional<TypeInfo> InfoOf(WriterColumn::Type type) {
  using Kind = LogicalType::Kind;
  switch (type) {
    case WriterColumn::Type::kBoolean:
      return TypeInfo{PhysicalType::kBoolean, Storage::kBool, std::nullopt, Kind::kNone};
    case WriterColumn::Type::kInt32:
      return TypeInfo{PhysicalType::kInt32, Storage::kInt32, std::nullopt, Kind::kNone};
    case WriterColumn::Type::kInt64:
      return TypeInfo{PhysicalType::kInt64, Storage::kInt64, std::nullopt, Kind::kNone};
    case WriterColumn::Type::kDouble:
      return TypeInfo{PhysicalType::kDouble, Storage::kDouble, std::nullopt, Kind::kNone};
    case WriterColumn::Type::kString:
      return TypeInfo{PhysicalType::kByteArray, Storage::kByteArray, ConvertedType::kUtf8,
                      Kind::kString};
    case WriterColumn::Type::kTimestampMillis:
      return TypeInfo{PhysicalType::kInt64, Storage::kInt64, ConvertedType::kTimestampMillis,
                      Kind::kTimestamp};
    case WriterColumn::Type::kDate:
      return TypeInfo{PhysicalType::kInt32, Storage::kInt32, ConvertedType::kDate, Kind::kDate};
  }
  return std::nullopt;
}

std::unique_ptr<ColumnWriter> MakeColumnWriter(const WriterColumn& column, PhysicalType physical,
                                               const WriterOptions& options) {
  switch (physical) {
    case PhysicalType::kBoolean:
      return std::make_unique<TypedColumnWriter<PhysicalType::kBoolean>>(column, options);
    case PhysicalType::kInt32:
      return std::make_unique<TypedColumnWriter<PhysicalType::kInt32>>(column, options);
    case PhysicalType::kInt64:
      return std::make_unique<TypedColumnWriter<PhysicalType::kInt64>>(column, options);
    case PhysicalType::kDouble:
      return std::make_unique<TypedColumnWriter<PhysicalType::kDouble>>(column, options);
    default:
      return std::make_unique<TypedColumnWriter<PhysicalType::kByteArray>>(column, options);
  }
}

size_t Width(Storage storage) { return columnar::StorageWidth(storage, 0); }

// Checks that `b` holds `rows` rows in the layout of `info` (or its dictionary layout).
Status CheckBatch(const WriterColumn& column, const TypeInfo& info, const ColumnBatch& b,
                  size_t rows) {
  const auto fail = [&](std::string_view rule) {
    return Status::InvalidArgument(fmt::format("column '{}': {}", column.name, rule));
  };
  if (b.length != rows) {
    return fail(fmt::format("batch has {} rows, the first batch {}", b.length, rows));
  }
  if (!b.valid.empty() && b.valid.size() < rows) {
    return fail(fmt::format("validity has {} entries for {} rows", b.valid.size(), rows));
  }
  const ColumnBatch& values = b.is_dictionary() ? *b.dictionary : b;
  if (values.storage != info.storage) {
    return fail(fmt::format("batch storage {} does not match the column type (storage {})",
                            static_cast<int>(values.storage), static_cast<int>(info.storage)));
  }
  const auto check_values = [&](const ColumnBatch& v, size_t n) -> Status {
    if (v.storage == Storage::kByteArray) {
      if (v.strings.size() < n) {
        return fail(fmt::format("{} string views for {} values", v.strings.size(), n));
      }
    } else if (v.width != Width(info.storage) || v.fixed.size() < n * v.width) {
      return fail(fmt::format("fixed-width batch of width {} and {} bytes for {} values", v.width,
                              v.fixed.size(), n));
    }
    return Status::OK();
  };
  if (b.is_dictionary()) {
    OCPAGG_RETURN_IF_ERROR(check_values(values, values.length));
    if (b.indices.size() < rows) {
      return fail(fmt::format("{} dictionary indices for {} rows", b.indices.size(), rows));
    }
    uint32_t max_index = 0;
    for (size_t i = 0; i < rows; ++i) max_index = std::max(max_index, b.indices[i]);
    if (rows > 0 && max_index >= values.length) {
      // Null rows carry index 0, which an empty dictionary does not have.
      bool bad = false;
      for (size_t i = 0; i < rows && !bad; ++i) {
        bad = !b.IsNull(i) && b.indices[i] >= values.length;
      }
      if (bad) {
        return fail(
            fmt::format("dictionary index {} out of range ({} entries)", max_index, values.length));
      }
    }
  } else {
    OCPAGG_RETURN_IF_ERROR(check_values(values, rows));
  }
  if (!column.optional && !b.valid.empty()) {
    for (size_t i = 0; i < rows; ++i) {
      if (b.valid[i] == 0) {
        return fail(fmt::format("null at row {} of a required column", i));
      }
    }
  }
  return Status::OK();
}

}  // namespace

// ------------------------------------------------------------------------------------------------
// File layout (parquet-format README):
//   "PAR1" <row group>* <FileMetaData (Thrift compact)> <u32 LE footer length> "PAR1"
//   row group := <column chunk>* in schema order
// ------------------------------------------------------------------------------------------------
class FileWriter::Impl {
 public:
  Impl(std::unique_ptr<io::WritableFile> sink, std::vector<WriterColumn> columns,
       std::vector<TypeInfo> infos, WriterOptions options)
      : sink_(std::move(sink)),
        columns_(std::move(columns)),
        infos_(std::move(infos)),
        options_(std::move(options)) {
    writers_.reserve(columns_.size());
    for (size_t i = 0; i < columns_.size(); ++i) {
      writers_.push_back(MakeColumnWriter(columns_[i], infos_[i].physical, options_));
    }
  }

  Status Start() { return Fail(sink_->Append(std::span<const uint8_t>(kMagic))); }

  Status Write(std::span<const ColumnBatch> batches) {
    OCPAGG_RETURN_IF_ERROR(CheckUsable());
    if (batches.size() != columns_.size()) {
      return Status::InvalidArgument(fmt::format("{}: Write got {} batches for {} columns",
                                                 sink_->name(), batches.size(), columns_.size()));
    }
    const size_t rows = batches[0].length;
    for (size_t c = 0; c < columns_.size(); ++c) {
      Status s = CheckBatch(columns_[c], infos_[c], batches[c], rows);
      if (!s.ok()) return s.WithContext(sink_->name());
    }
    Status status = WriteChecked(batches, rows);
    for (auto& writer : writers_) writer->EndWrite();
    return status;
  }

  Status FlushRowGroup() {
    OCPAGG_RETURN_IF_ERROR(CheckUsable());
    return Fail(FlushRowGroupImpl());
  }

  Status Close() {
    OCPAGG_RETURN_IF_ERROR(CheckUsable());
    closed_ = true;
    OCPAGG_RETURN_IF_ERROR(Fail(FlushRowGroupImpl()));
    FileMetaData meta;
    meta.version = options_.data_page_v2 ? 2 : 1;
    SchemaElement& root = meta.schema.emplace_back();
    root.name = "schema";
    root.num_children = static_cast<int32_t>(columns_.size());
    for (size_t c = 0; c < columns_.size(); ++c) {
      SchemaElement& e = meta.schema.emplace_back();
      const TypeInfo& info = infos_[c];
      e.type = info.physical;
      e.repetition = columns_[c].optional ? Repetition::kOptional : Repetition::kRequired;
      e.name = columns_[c].name;
      e.converted_type = info.converted;
      e.logical_type.kind = info.logical;
      if (info.logical == LogicalType::Kind::kTimestamp) {
        e.logical_type.is_adjusted_to_utc = false;
        e.logical_type.unit = TimeUnit::kMillis;
      }
    }
    meta.num_rows = total_rows_;
    meta.row_groups = std::move(row_groups_);
    meta.key_value_metadata = options_.key_value_metadata;
    meta.created_by = options_.created_by;
    std::vector<uint8_t> footer = SerializeFileMetaData(meta);
    const auto length = static_cast<uint32_t>(footer.size());
    const auto* length_bytes = reinterpret_cast<const uint8_t*>(&length);
    footer.insert(footer.end(), length_bytes, length_bytes + 4);
    footer.insert(footer.end(), std::begin(kMagic), std::end(kMagic));
    OCPAGG_RETURN_IF_ERROR(Fail(sink_->Append(footer)));
    return Fail(sink_->Close());
  }

  int64_t rows_written() const { return total_rows_; }

 private:
  Status CheckUsable() const {
    if (!error_.ok()) return error_;
    if (closed_) return Status::InvalidArgument(fmt::format("{}: writer is closed", sink_->name()));
    return Status::OK();
  }

  // Remembers the first failure: the file is then unusable (and is never published).
  Status Fail(Status status) {
    if (!status.ok() && error_.ok()) error_ = status;
    return status;
  }

  Status WriteChecked(std::span<const ColumnBatch> batches, size_t rows) {
    const auto group_rows = static_cast<size_t>(std::max<int64_t>(options_.row_group_rows, 1));
    for (size_t offset = 0; offset < rows;) {
      const size_t take = std::min(rows - offset, group_rows - group_rows_);
      for (size_t c = 0; c < columns_.size(); ++c) {
        Status s = writers_[c]->Append(batches[c], offset, take);
        if (!s.ok()) return Fail(s.WithContext(sink_->name()));
      }
      group_rows_ += take;
      total_rows_ += static_cast<int64_t>(take);
      offset += take;
      if (group_rows_ >= group_rows) OCPAGG_RETURN_IF_ERROR(Fail(FlushRowGroupImpl()));
    }
    return Status::OK();
  }

  Status FlushRowGroupImpl() {
    if (group_rows_ == 0) return Status::OK();
    RowGroup group;
    group.num_rows = static_cast<int64_t>(group_rows_);
    group.file_offset = static_cast<int64_t>(sink_->position());
    int64_t compressed = 0;
    for (size_t c = 0; c < columns_.size(); ++c) {
      Result<ChunkOutput> finished = writers_[c]->Finish();
      if (!finished.ok()) {
        return finished.status().WithContext(fmt::format(
            "{}: row group {}, column '{}'", sink_->name(), row_groups_.size(), columns_[c].name));
      }
      ChunkOutput& out = *finished;
      const auto start = static_cast<int64_t>(sink_->position());
      OCPAGG_RETURN_IF_ERROR(sink_->Append(*out.dictionary_page));
      OCPAGG_RETURN_IF_ERROR(sink_->Append(*out.data_pages));
      ColumnChunk& chunk = group.columns.emplace_back();
      chunk.file_offset = start;
      ColumnMetaData& meta = chunk.meta_data.emplace(std::move(out.meta));
      meta.data_page_offset += start;
      if (meta.dictionary_page_offset) *meta.dictionary_page_offset += start;
      group.total_byte_size += meta.total_uncompressed_size;
      compressed += meta.total_compressed_size;
      writers_[c]->Reset();
    }
    group.total_compressed_size = compressed;
    if (row_groups_.size() <= static_cast<size_t>(std::numeric_limits<int16_t>::max())) {
      group.ordinal = static_cast<int16_t>(row_groups_.size());
    }
    row_groups_.push_back(std::move(group));
    group_rows_ = 0;
    return Status::OK();
  }

  std::unique_ptr<io::WritableFile> sink_;
  std::vector<WriterColumn> columns_;
  std::vector<TypeInfo> infos_;
  WriterOptions options_;
  std::vector<std::unique_ptr<ColumnWriter>> writers_;
  std::vector<RowGroup> row_groups_;
  size_t group_rows_ = 0;
  int64_t total_rows_ = 0;
  bool closed_ = false;
  Status error_;
};

Result<std::unique_ptr<FileWriter>> FileWriter::Open(std::unique_ptr<io::WritableFile> sink,
                                                     std::vector<WriterColumn> columns,
                                                     WriterOptions options) {
  const std::string& name = sink->name();
  if (columns.empty()) {
    return Status::InvalidArgument(
        fmt::format("{}: a Parquet file needs at least one column", name));
  }
  std::vector<TypeInfo> infos;
  std::unordered_set<std::string_view> names;
  for (const WriterColumn& column : columns) {
    if (column.name.empty()) {
      return Status::InvalidArgument(fmt::format("{}: empty column name", name));
    }
    if (!names.insert(column.name).second) {
      return Status::InvalidArgument(
          fmt::format("{}: duplicate column name '{}'", name, column.name));
    }
    std::optional<TypeInfo> info = InfoOf(column.type);
    if (!info) {
      return Status::InvalidArgument(fmt::format("{}: column '{}' has an unknown type ({})", name,
                                                 column.name, static_cast<int>(column.type)));
    }
    infos.push_back(*info);
  }
  switch (options.codec) {
    case Codec::kUncompressed:
    case Codec::kSnappy:
    case Codec::kZstd:
    case Codec::kGzip:
    case Codec::kLz4Raw:
    case Codec::kBrotli:
      break;
    default:
      return Status::InvalidArgument(
          fmt::format("{}: codec {} is not supported for writing", name, CodecName(options.codec)));
  }
  if (options.row_group_rows <= 0) {
    return Status::InvalidArgument(
        fmt::format("{}: row_group_rows must be positive ({})", name, options.row_group_rows));
  }
  if (options.page_bytes == 0) {
    return Status::InvalidArgument(fmt::format("{}: page_bytes must be positive", name));
  }
  auto impl = std::make_unique<Impl>(std::move(sink), std::move(columns), std::move(infos),
                                     std::move(options));
  OCPAGG_RETURN_IF_ERROR(impl->Start());
  return std::unique_ptr<FileWriter>(new FileWriter(std::move(impl)));  // NOLINT: private ctor
}

FileWriter::FileWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FileWriter::~FileWriter() = default;

Status FileWriter::Write(std::span<const columnar::ColumnBatch> columns) {
  return impl_->Write(columns);
}

Status FileWriter::FlushRowGroup() { return impl_->FlushRowGroup(); }

Status FileWriter::Close() { return impl_->Close(); }

int64_t FileWriter::rows_written() const { return impl_->rows_written(); }

}  // namespace ocpagg::parquet
