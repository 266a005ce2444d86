#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "parquet/column_chunk_reader_internal.h"
#include "parquet/compression.h"
#include "parquet/encoding/byte_stream_split.h"
#include "parquet/encoding/delta.h"
#include "parquet/encoding/plain.h"
#include "parquet/encoding/rle_bit_packed.h"

namespace ocpagg::parquet::internal {

using columnar::ColumnBatch;
using columnar::Storage;

columnar::Storage StorageOf(PhysicalType type) {
  switch (type) {
    case PhysicalType::kBoolean:
      return Storage::kBool;
    case PhysicalType::kInt32:
      return Storage::kInt32;
    case PhysicalType::kInt64:
      return Storage::kInt64;
    case PhysicalType::kInt96:
      return Storage::kInt96;
    case PhysicalType::kFloat:
      return Storage::kFloat;
    case PhysicalType::kDouble:
      return Storage::kDouble;
    case PhysicalType::kByteArray:
      return Storage::kByteArray;
    case PhysicalType::kFixedLenByteArray:
      return Storage::kFixedLenByteArray;
  }
  return Storage::kInt32;
}

namespace {

uint32_t LoadLe32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;  // x86-64 and every target we build for are little-endian.
}

// The largest of n indices, for the range check of dictionary indices. This check runs over
// every index of every dictionary-encoded page, so it gets an AVX2 build where the CPU has it
// (vpmaxud; the baseline x86-64 target has no unsigned 32-bit max).
#if defined(__x86_64__)
__attribute__((target("avx2"))) uint32_t MaxIndexAvx2(const uint32_t* p, size_t n) {
  uint32_t m = 0;
  for (size_t i = 0; i < n; ++i) m = p[i] > m ? p[i] : m;
  return m;
}
#endif

uint32_t MaxIndexBaseline(const uint32_t* p, size_t n) {
  uint32_t m = 0;
  for (size_t i = 0; i < n; ++i) m = p[i] > m ? p[i] : m;
  return m;
}

uint32_t MaxIndex(const uint32_t* p, size_t n) {
#if defined(__x86_64__)
  static const bool kHasAvx2 = __builtin_cpu_supports("avx2");
  if (kHasAvx2) return MaxIndexAvx2(p, n);
#endif
  return MaxIndexBaseline(p, n);
}

/// Number of bytes equal to 1 among n bytes that are each 0 or 1 (definition levels).
size_t CountOnes(const uint8_t* p, size_t n) {
  size_t count = 0;
  size_t i = 0;
  // Eight 0/1 bytes summed with one multiply: the top byte of x * 0x0101.. is their sum.
  for (; i + 8 <= n; i += 8) {
    uint64_t x;
    std::memcpy(&x, p + i, 8);
    count += (x * 0x0101010101010101ULL) >> 56;
  }
  for (; i < n; ++i) count += p[i];
  return count;
}

bool IsDictionaryEncoding(Encoding encoding) {
  return encoding == Encoding::kPlainDictionary || encoding == Encoding::kRleDictionary;
}

/// Decodes the values of a non-dictionary page (or a dictionary page) densely.
///
/// Fixed-width values go to `fixed_out` (count * width bytes); byte arrays to `string_out`
/// (views into `data` or into `*owned` for DELTA_BYTE_ARRAY).
Status DecodeDenseValues(Encoding encoding, const ColumnDescriptor& column, size_t width,
                         std::span<const uint8_t> data, size_t count, uint8_t* fixed_out,
                         std::string_view* string_out, std::shared_ptr<const Buffer>* owned) {
  const PhysicalType type = column.physical_type;
  size_t consumed = 0;
  switch (encoding) {
    case Encoding::kPlain:
    case Encoding::kPlainDictionary:  // dictionary pages of v1 files
      if (type == PhysicalType::kBoolean) {
        return DecodePlainBoolean(data, count, fixed_out, &consumed);
      }
      if (type == PhysicalType::kByteArray) {
        return DecodePlainByteArray(data, count, string_out, &consumed);
      }
      return DecodePlainFixed(data, count, width, fixed_out, &consumed);
    case Encoding::kRle: {
      if (type != PhysicalType::kBoolean) break;
      // RLE booleans: <u32 length> <RLE/bit-packed hybrid, bit width 1>.
      if (data.size() < 4) return Status::Corruption("RLE boolean values: missing length prefix");
      uint32_t length = LoadLe32(data.data());
      if (length > data.size() - 4) {
        return Status::Corruption(
            fmt::format("RLE boolean values: length {} exceeds the {} bytes of the page", length,
                        data.size() - 4));
      }
      RleBitPackedDecoder decoder(data.subspan(4, length), 1);
      return decoder.Decode<uint8_t>(fixed_out, count);
    }
    case Encoding::kDeltaBinaryPacked:
      if (type == PhysicalType::kInt32) {
        return DecodeDeltaBinaryPacked<int32_t>(data, count, reinterpret_cast<int32_t*>(fixed_out),
                                                &consumed);
      }
      if (type == PhysicalType::kInt64) {
        return DecodeDeltaBinaryPacked<int64_t>(data, count, reinterpret_cast<int64_t*>(fixed_out),
                                                &consumed);
      }
      break;
    case Encoding::kDeltaLengthByteArray:
      if (type == PhysicalType::kByteArray) {
        return DecodeDeltaLengthByteArray(data, count, string_out, &consumed);
      }
      break;
    case Encoding::kDeltaByteArray:
      if (type == PhysicalType::kByteArray || type == PhysicalType::kFixedLenByteArray) {
        Buffer storage;
        std::vector<std::string_view> fixed_views;
        std::string_view* views = string_out;
        if (type == PhysicalType::kFixedLenByteArray) {
          fixed_views.resize(count);
          views = fixed_views.data();
        }
        OCPAGG_RETURN_IF_ERROR(DecodeDeltaByteArray(data, count, views, &storage, &consumed));
        if (type == PhysicalType::kFixedLenByteArray) {
          for (size_t i = 0; i < count; ++i) {
            if (views[i].size() != width) {
              return Status::Corruption(fmt::format(
                  "DELTA_BYTE_ARRAY: value {} has {} bytes, FIXED_LEN_BYTE_ARRAY({}) expected", i,
                  views[i].size(), width));
            }
            std::memcpy(fixed_out + i * width, views[i].data(), width);
          }
        } else {
          *owned = std::make_shared<const Buffer>(std::move(storage));
        }
        return Status::OK();
      }
      break;
    case Encoding::kByteStreamSplit:
      if (type == PhysicalType::kFloat || type == PhysicalType::kDouble ||
          type == PhysicalType::kInt32 || type == PhysicalType::kInt64 ||
          type == PhysicalType::kFixedLenByteArray) {
        return DecodeByteStreamSplit(data, count, width, fixed_out);
      }
      break;
    default:
      break;
  }
  return Status::NotSupported(fmt::format("encoding {} is not supported for {} values",
                                          EncodingName(encoding), PhysicalTypeName(type)));
}

/// The decoding state of one column chunk.
class ChunkDecoder {
 public:
  ChunkDecoder(const ColumnDescriptor& column, const ColumnMetaData& meta, size_t num_rows,
               std::shared_ptr<const Buffer> chunk, const ReadOptions& options)
      : column_(column),
        meta_(meta),
        num_rows_(num_rows),
        chunk_(std::move(chunk)),
        options_(options) {
    batch_.storage = StorageOf(column.physical_type);
    batch_.width = columnar::StorageWidth(batch_.storage, static_cast<size_t>(column.type_length));
    batch_.length = num_rows;
    indices_mode_ = options.keep_dictionary;
  }

  Result<ColumnBatch> Run();

 private:
  Status CheckDecodedSize() const;
  Status ReadDictionaryPage(const PageHeader& header, std::span<const uint8_t> body);
  Status ReadDataPage(const PageHeader& header, std::span<const uint8_t> body);
  /// Decompresses `compressed` into a buffer of `uncompressed_size` bytes, or returns the input
  /// itself (sharing the chunk buffer) when the chunk is not compressed.
  Result<std::span<const uint8_t>> Decompressed(std::span<const uint8_t> compressed,
                                                uint64_t uncompressed_size, bool compressed_flag,
                                                std::shared_ptr<const Buffer>* holder);
  Status DecodeLevels(Encoding encoding, std::span<const uint8_t> levels, size_t n,
                      bool has_length_prefix, size_t* levels_size);
  Status DecodeValues(Encoding encoding, std::span<const uint8_t> data, size_t n_values,
                      const std::shared_ptr<const Buffer>& page_holder);
  void LeaveIndicesMode();
  /// Makes the batch co-own the dictionary's memory (its string views point there).
  void AdoptDictionaryMemory();
  void AllocateValues();
  void ScatterNulls(size_t first_row, size_t n_rows, size_t n_values);

  const ColumnDescriptor& column_;
  const ColumnMetaData& meta_;
  const size_t num_rows_;
  std::shared_ptr<const Buffer> chunk_;
  const ReadOptions& options_;

  ColumnBatch batch_;
  std::shared_ptr<ColumnBatch> dictionary_;
  bool indices_mode_;  // rows so far are in batch_.indices
  bool values_allocated_ = false;
  size_t row_ = 0;                          // rows decoded so far
  size_t null_count_ = 0;                   // nulls among them
  bool dictionary_memory_adopted_ = false;  // dictionary keep_alive copied into batch_
  std::vector<uint32_t> index_scratch_;
};

Status ChunkDecoder::CheckDecodedSize() const {
  uint64_t per_row = batch_.storage == Storage::kByteArray ? sizeof(std::string_view)
                                                           : std::max<size_t>(batch_.width, 4);
  if (column_.optional) per_row += 1;
  if (num_rows_ > kMaxChunkDecodedBytes / per_row) {
    return Status::Corruption(
        fmt::format("row group claims {} rows; decoding them would need more than the {} GiB limit",
                    num_rows_, kMaxChunkDecodedBytes >> 30));
  }
  return Status::OK();
}

void ChunkDecoder::AllocateValues() {
  if (values_allocated_) return;
  values_allocated_ = true;
  if (batch_.storage == Storage::kByteArray) {
    batch_.strings.assign(num_rows_, std::string_view());
  } else {
    batch_.fixed = Buffer(num_rows_ * batch_.width);
  }
}

void ChunkDecoder::LeaveIndicesMode() {
  if (!indices_mode_) return;
  indices_mode_ = false;
  AllocateValues();
  if (row_ == 0 || !dictionary_) return;
  // Materialise the rows decoded so far from their dictionary indices.
  const ColumnBatch& dict = *dictionary_;
  for (size_t r = 0; r < row_; ++r) {
    if (batch_.IsNull(r)) {
      if (batch_.storage != Storage::kByteArray) {
        std::memset(batch_.fixed.data() + r * batch_.width, 0, batch_.width);
      }
      continue;
    }
    uint32_t index = batch_.indices[r];
    if (batch_.storage == Storage::kByteArray) {
      batch_.strings[r] = dict.strings[index];
    } else {
      std::memcpy(batch_.fixed.data() + r * batch_.width, dict.fixed.data() + index * batch_.width,
                  batch_.width);
    }
  }
  AdoptDictionaryMemory();
  batch_.indices.clear();
  batch_.indices.shrink_to_fit();
}

void ChunkDecoder::AdoptDictionaryMemory() {
  if (dictionary_memory_adopted_ || !dictionary_) return;
  dictionary_memory_adopted_ = true;
  for (const auto& keep : dictionary_->keep_alive) batch_.keep_alive.push_back(keep);
}

Result<std::span<const uint8_t>> ChunkDecoder::Decompressed(std::span<const uint8_t> compressed,
                                                            uint64_t uncompressed_size,
                                                            bool compressed_flag,
                                                            std::shared_ptr<const Buffer>* holder) {
  if (uncompressed_size > kMaxPageBytes) {
    return Status::Corruption(fmt::format("uncompressed page size {} exceeds the {} MiB limit",
                                          uncompressed_size, kMaxPageBytes >> 20));
  }
  if (meta_.codec == Codec::kUncompressed || !compressed_flag) {
    if (compressed.size() != uncompressed_size) {
      return Status::Corruption(
          fmt::format("uncompressed page holds {} bytes but its header says {}", compressed.size(),
                      uncompressed_size));
    }
    *holder = chunk_;
    return compressed;
  }
  Buffer out(uncompressed_size);
  OCPAGG_RETURN_IF_ERROR(Decompress(meta_.codec, compressed, out.span()));
  auto shared = std::make_shared<const Buffer>(std::move(out));
  std::span<const uint8_t> view = shared->span();
  *holder = std::move(shared);
  return view;
}

Status ChunkDecoder::ReadDictionaryPage(const PageHeader& header, std::span<const uint8_t> body) {
  if (dictionary_) return Status::Corruption("a second dictionary page in one column chunk");
  if (row_ > 0) return Status::Corruption("dictionary page after data pages");
  const DictionaryPageHeader& dict_header = *header.dictionary_page_header;
  if (dict_header.encoding != Encoding::kPlain &&
      dict_header.encoding != Encoding::kPlainDictionary) {
    return Status::NotSupported(
        fmt::format("dictionary page encoding {}", EncodingName(dict_header.encoding)));
  }
  std::shared_ptr<const Buffer> holder;
  OCPAGG_ASSIGN_OR_RETURN(
      std::span<const uint8_t> data,
      Decompressed(body, static_cast<uint64_t>(header.uncompressed_page_size), true, &holder));
  const size_t count = static_cast<size_t>(dict_header.num_values);
  // Every dictionary entry takes at least one bit (booleans) of the page; anything more is a
  // forged count.
  if (count / 8 > data.size()) {
    return Status::Corruption(
        fmt::format("dictionary page declares {} values in {} bytes", count, data.size()));
  }
  auto dict = std::make_shared<ColumnBatch>();
  dict->storage = batch_.storage;
  dict->width = batch_.width;
  dict->length = count;
  std::shared_ptr<const Buffer> owned;
  if (dict->storage == Storage::kByteArray) {
    dict->strings.resize(count);
  } else {
    dict->fixed = Buffer(count * dict->width);
  }
  OCPAGG_RETURN_IF_ERROR(DecodeDenseValues(Encoding::kPlain, column_, dict->width, data, count,
                                           dict->fixed.data(), dict->strings.data(), &owned)
                             .WithContext("dictionary page"));
  if (dict->storage == Storage::kByteArray) dict->keep_alive.push_back(std::move(holder));
  dictionary_ = std::move(dict);
  return Status::OK();
}

Status ChunkDecoder::DecodeLevels(Encoding encoding, std::span<const uint8_t> levels, size_t n,
                                  bool has_length_prefix, size_t* levels_size) {
  uint8_t* valid = batch_.valid.data() + row_;
  if (encoding == Encoding::kBitPacked) {
    // Deprecated BIT_PACKED levels: values packed from the most significant bit, no length.
    size_t bytes = (n + 7) / 8;
    if (bytes > levels.size()) {
      return Status::Corruption(fmt::format(
          "BIT_PACKED definition levels need {} bytes, the page has {}", bytes, levels.size()));
    }
    for (size_t i = 0; i < n; ++i) valid[i] = (levels[i / 8] >> (7 - i % 8)) & 1;
    *levels_size = bytes;
    return Status::OK();
  }
  if (encoding != Encoding::kRle) {
    return Status::NotSupported(
        fmt::format("definition level encoding {}", EncodingName(encoding)));
  }
  std::span<const uint8_t> runs = levels;
  if (has_length_prefix) {
    if (levels.size() < 4) return Status::Corruption("definition levels: missing length prefix");
    uint32_t length = LoadLe32(levels.data());
    if (length > levels.size() - 4) {
      return Status::Corruption(
          fmt::format("definition levels: length {} exceeds the {} bytes of the page", length,
                      levels.size() - 4));
    }
    runs = levels.subspan(4, length);
    *levels_size = 4 + length;
  } else {
    *levels_size = levels.size();
  }
  RleBitPackedDecoder decoder(runs, 1);
  return decoder.Decode<uint8_t>(valid, n).WithContext("definition levels");
}

void ChunkDecoder::ScatterNulls(size_t first_row, size_t n_rows, size_t n_values) {
  // Values were decoded densely at first_row; move them to their rows, last first, so that the
  // move can be done in place, and zero the null slots.
  const uint8_t* valid = batch_.valid.data() + first_row;
  size_t src = n_values;
  if (indices_mode_) {
    uint32_t* idx = batch_.indices.data() + first_row;
    for (size_t i = n_rows; i-- > 0;) idx[i] = valid[i] ? idx[--src] : 0;
  } else if (batch_.storage == Storage::kByteArray) {
    std::string_view* s = batch_.strings.data() + first_row;
    for (size_t i = n_rows; i-- > 0;) s[i] = valid[i] ? s[--src] : std::string_view();
  } else {
    const size_t w = batch_.width;
    uint8_t* base = batch_.fixed.data() + first_row * w;
    for (size_t i = n_rows; i-- > 0;) {
      if (valid[i]) {
        --src;
        if (src != i) std::memmove(base + i * w, base + src * w, w);
      } else {
        std::memset(base + i * w, 0, w);
      }
    }
  }
}

Status ChunkDecoder::DecodeValues(Encoding encoding, std::span<const uint8_t> data, size_t n_values,
                                  const std::shared_ptr<const Buffer>& page_holder) {
  if (IsDictionaryEncoding(encoding)) {
    if (!dictionary_) {
      return Status::Corruption("dictionary-encoded page without a dictionary page");
    }
    const size_t dict_size = dictionary_->length;
    uint32_t* indices;
    if (indices_mode_) {
      indices = batch_.indices.data() + row_;
    } else {
      index_scratch_.resize(n_values);
      indices = index_scratch_.data();
    }
    if (n_values > 0) {
      if (data.empty()) return Status::Corruption("dictionary indices: missing bit width byte");
      const int bit_width = data[0];
      if (bit_width > 32) {
        return Status::Corruption(fmt::format("dictionary indices: bit width {} > 32", bit_width));
      }
      RleBitPackedDecoder decoder(data.subspan(1), bit_width);
      OCPAGG_RETURN_IF_ERROR(decoder.Decode<uint32_t>(indices, n_values));
      const uint32_t max_index = MaxIndex(indices, n_values);
      if (max_index >= dict_size) {
        return Status::Corruption(fmt::format(
            "dictionary index {} out of range (dictionary has {} entries)", max_index, dict_size));
      }
    }
    if (indices_mode_) return Status::OK();
    // Materialise from the dictionary.
    const ColumnBatch& dict = *dictionary_;
    if (batch_.storage == Storage::kByteArray) {
      std::string_view* out = batch_.strings.data() + row_;
      for (size_t i = 0; i < n_values; ++i) out[i] = dict.strings[indices[i]];
      AdoptDictionaryMemory();
    } else {
      const size_t w = batch_.width;
      uint8_t* out = batch_.fixed.data() + row_ * w;
      if (w == 8) {
        const auto* src = reinterpret_cast<const uint64_t*>(dict.fixed.data());
        auto* dst = reinterpret_cast<uint64_t*>(out);
        for (size_t i = 0; i < n_values; ++i) std::memcpy(dst + i, src + indices[i], 8);
      } else {
        for (size_t i = 0; i < n_values; ++i) {
          std::memcpy(out + i * w, dict.fixed.data() + size_t{indices[i]} * w, w);
        }
      }
    }
    return Status::OK();
  }

  LeaveIndicesMode();
  std::shared_ptr<const Buffer> owned;
  OCPAGG_RETURN_IF_ERROR(DecodeDenseValues(
      encoding, column_, batch_.width, data, n_values,
      batch_.storage == Storage::kByteArray ? nullptr : batch_.fixed.data() + row_ * batch_.width,
      batch_.storage == Storage::kByteArray ? batch_.strings.data() + row_ : nullptr, &owned));
  if (batch_.storage == Storage::kByteArray && n_values > 0) {
    if (owned) {
      batch_.keep_alive.push_back(std::move(owned));
    } else if (batch_.keep_alive.empty() || batch_.keep_alive.back() != page_holder) {
      batch_.keep_alive.push_back(page_holder);
    }
  }
  return Status::OK();
}

Status ChunkDecoder::ReadDataPage(const PageHeader& header, std::span<const uint8_t> body) {
  const bool v2 = header.type == PageType::kDataPageV2;
  const int32_t num_values =
      v2 ? header.data_page_header_v2->num_values : header.data_page_header->num_values;
  const Encoding encoding =
      v2 ? header.data_page_header_v2->encoding : header.data_page_header->encoding;
  const size_t n = static_cast<size_t>(num_values);
  if (n > num_rows_ - row_) {
    return Status::Corruption(
        fmt::format("page holds {} values but only {} of the row group's {} rows remain", n,
                    num_rows_ - row_, num_rows_));
  }
  if (indices_mode_) {
    if (batch_.indices.empty()) batch_.indices.resize(num_rows_);
  } else {
    AllocateValues();
  }

  std::shared_ptr<const Buffer> holder;
  std::span<const uint8_t> values;
  size_t n_values = n;
  if (!v2) {
    OCPAGG_ASSIGN_OR_RETURN(
        std::span<const uint8_t> page,
        Decompressed(body, static_cast<uint64_t>(header.uncompressed_page_size), true, &holder));
    size_t levels_size = 0;
    if (column_.optional) {
      OCPAGG_RETURN_IF_ERROR(DecodeLevels(header.data_page_header->definition_level_encoding, page,
                                          n, /*has_length_prefix=*/true, &levels_size));
    }
    values = page.subspan(levels_size);
  } else {
    const DataPageHeaderV2& h = *header.data_page_header_v2;
    const uint64_t levels_bytes = static_cast<uint64_t>(h.repetition_levels_byte_length) +
                                  static_cast<uint64_t>(h.definition_levels_byte_length);
    if (levels_bytes > body.size() ||
        levels_bytes > static_cast<uint64_t>(header.uncompressed_page_size)) {
      return Status::Corruption(
          fmt::format("DATA_PAGE_V2 level sections ({} bytes) exceed the page ({} bytes)",
                      levels_bytes, body.size()));
    }
    std::span<const uint8_t> def_levels =
        body.subspan(static_cast<size_t>(h.repetition_levels_byte_length),
                     static_cast<size_t>(h.definition_levels_byte_length));
    if (column_.optional) {
      size_t levels_size = 0;
      OCPAGG_RETURN_IF_ERROR(
          DecodeLevels(Encoding::kRle, def_levels, n, /*has_length_prefix=*/false, &levels_size));
    }
    OCPAGG_ASSIGN_OR_RETURN(
        values, Decompressed(body.subspan(levels_bytes),
                             static_cast<uint64_t>(header.uncompressed_page_size) - levels_bytes,
                             h.is_compressed, &holder));
  }

  if (column_.optional) {
    n_values = CountOnes(batch_.valid.data() + row_, n);
    null_count_ += n - n_values;
  }
  OCPAGG_RETURN_IF_ERROR(DecodeValues(encoding, values, n_values, holder));
  if (n_values != n) ScatterNulls(row_, n, n_values);
  row_ += n;
  return Status::OK();
}

Result<ColumnBatch> ChunkDecoder::Run() {
  OCPAGG_RETURN_IF_ERROR(CheckDecodedSize());
  if (column_.optional) batch_.valid.resize(num_rows_);
  const std::span<const uint8_t> bytes = chunk_->span();
  size_t pos = 0;
  size_t page_index = 0;
  while (row_ < num_rows_) {
    const std::string where = fmt::format("page {} at chunk offset {}", page_index, pos);
    if (pos >= bytes.size()) {
      return Status::Corruption(
          fmt::format("column chunk ends after {} of {} rows (chunk size {} bytes)", row_,
                      num_rows_, bytes.size()));
    }
    size_t header_size = 0;
    Result<PageHeader> parsed = ParsePageHeader(bytes.subspan(pos), &header_size);
    if (!parsed.ok()) return parsed.status().WithContext(where);
    const PageHeader& header = *parsed;
    pos += header_size;
    const size_t compressed_size = static_cast<size_t>(header.compressed_page_size);
    if (compressed_size > bytes.size() - pos) {
      return Status::Corruption(fmt::format(
          "{}: compressed page size {} runs past the end of the column chunk ({} bytes left)",
          where, compressed_size, bytes.size() - pos));
    }
    std::span<const uint8_t> body = bytes.subspan(pos, compressed_size);
    pos += compressed_size;
    if (options_.verify_crc && header.crc.has_value()) {
      uint32_t actual = Crc32(body);
      if (actual != *header.crc) {
        return Status::Corruption(fmt::format(
            "{}: page CRC mismatch (header {:08x}, computed {:08x})", where, *header.crc, actual));
      }
    }
    Status status;
    switch (header.type) {
      case PageType::kDictionaryPage:
        status = ReadDictionaryPage(header, body);
        break;
      case PageType::kDataPage:
      case PageType::kDataPageV2:
        status = ReadDataPage(header, body);
        break;
      case PageType::kIndexPage:
        break;
    }
    if (!status.ok()) return status.WithContext(where);
    ++page_index;
  }
  if (indices_mode_ && !dictionary_) LeaveIndicesMode();
  if (indices_mode_) {
    if (batch_.indices.empty()) batch_.indices.resize(num_rows_);
    batch_.dictionary = dictionary_;
    AdoptDictionaryMemory();
  } else {
    AllocateValues();
  }
  if (column_.optional) {
    batch_.null_count = null_count_;
    if (batch_.null_count == 0) {
      batch_.valid.clear();
      batch_.valid.shrink_to_fit();
    }
  }
  return std::move(batch_);
}

}  // namespace

Result<ColumnBatch> DecodeColumnChunk(const ColumnDescriptor& column, const ColumnMetaData& meta,
                                      int64_t num_rows, std::shared_ptr<const Buffer> chunk,
                                      const ReadOptions& options) {
  if (num_rows < 0) return Status::Corruption(fmt::format("negative row count {}", num_rows));
  ChunkDecoder decoder(column, meta, static_cast<size_t>(num_rows), std::move(chunk), options);
  return decoder.Run();
}

}  // namespace ocpagg::parquet::internal
