#include "parquet/file_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <tuple>

#include "parquet/column_chunk_reader_internal.h"

namespace ocpagg::parquet {
namespace {

// File layout (parquet-format README, "File Format"):
//   "PAR1" <column chunks> <FileMetaData (Thrift compact)> <u32 LE footer length> "PAR1"
// Files encrypted with an encrypted footer end in "PARE" instead.
constexpr size_t kMagicSize = 4;
constexpr size_t kFooterTail = 8;  // footer length + magic
constexpr uint64_t kInitialFooterRead = 64 * 1024;
// The first parquet-mr release that counts the dictionary page header in the chunk size, and the
// most a dictionary page header can add (Arrow's kMaxDictHeaderSize).
constexpr int kParquetMrFixedMajor = 1, kParquetMrFixedMinor = 2, kParquetMrFixedPatch = 9;
constexpr uint64_t kMaxDictionaryHeaderSize = 100;

bool IsLegacyOrderSafe(PhysicalType type) {
  // The legacy min/max fields were written with signed comparisons: right for numbers, wrong
  // for byte arrays (parquet-format PARQUET-686), so those are ignored.
  return type != PhysicalType::kByteArray && type != PhysicalType::kFixedLenByteArray;
}

/// True for files written by parquet-mr 1.2.8 and older, whose total_compressed_size leaves out
/// the dictionary page header (PARQUET-816 / IMPALA-694). A created_by of plain "parquet-mr"
/// (no version) counts as old, as Arrow's ApplicationVersion does.
bool OmitsDictionaryHeaderSize(const std::optional<std::string>& created_by) {
  if (!created_by || created_by->rfind("parquet-mr", 0) != 0) return false;
  const size_t version_at = created_by->find("version ");
  if (version_at == std::string::npos) return true;
  int major = 0, minor = 0, patch = 0;
  if (std::sscanf(created_by->c_str() + version_at + 8, "%d.%d.%d", &major, &minor, &patch) < 2) {
    return true;
  }
  return std::tie(major, minor, patch) <
         std::tie(kParquetMrFixedMajor, kParquetMrFixedMinor, kParquetMrFixedPatch);
}

}  // namespace

Result<std::unique_ptr<FileReader>> FileReader::OpenLocal(const std::string& path) {
  OCPAGG_ASSIGN_OR_RETURN(auto file, io::OpenLocalFile(path));
  return Open(std::move(file));
}

Result<std::unique_ptr<FileReader>> FileReader::Open(std::unique_ptr<io::RandomAccessFile> file) {
  const std::string& name = file->name();
  OCPAGG_ASSIGN_OR_RETURN(uint64_t size, file->Size());
  if (size < kMagicSize + kFooterTail) {
    return Status::Corruption(
        fmt::format("{}: {} bytes is too small for a Parquet file (at least 12)", name, size));
  }
  const uint64_t tail_size = std::min(size, kInitialFooterRead);
  OCPAGG_ASSIGN_OR_RETURN(Buffer tail, file->ReadAt(size - tail_size, tail_size));
  const uint8_t* end = tail.data() + tail.size();
  if (std::memcmp(end - 4, "PARE", 4) == 0) {
    return Status::NotSupported(fmt::format(
        "{}: encrypted file (Parquet Modular Encryption, encrypted footer) is not supported",
        name));
  }
  if (std::memcmp(end - 4, "PAR1", 4) != 0) {
    return Status::Corruption(
        fmt::format("{}: not a Parquet file (no 'PAR1' magic at the end)", name));
  }
  uint32_t footer_length;
  std::memcpy(&footer_length, end - kFooterTail, sizeof(footer_length));
  if (footer_length > size - kMagicSize - kFooterTail) {
    return Status::Corruption(
        fmt::format("{}: footer length {} exceeds the file size {} less the magic bytes", name,
                    footer_length, size));
  }
  Buffer footer_holder;
  std::span<const uint8_t> footer;
  if (footer_length + kFooterTail <= tail.size()) {
    footer = tail.span().subspan(tail.size() - kFooterTail - footer_length, footer_length);
  } else {
    OCPAGG_ASSIGN_OR_RETURN(footer_holder,
                            file->ReadAt(size - kFooterTail - footer_length, footer_length));
    footer = footer_holder.span();
  }
  Result<FileMetaData> metadata = ParseFileMetaData(footer);
  if (!metadata.ok()) return metadata.status().WithContext(name + ": footer");
  Result<FlatSchema> schema = FlatSchema::Make(*metadata);
  if (!schema.ok()) return schema.status().WithContext(name);
  for (size_t rg = 0; rg < metadata->row_groups.size(); ++rg) {
    if (metadata->row_groups[rg].num_rows < 0) {
      return Status::Corruption(fmt::format("{}: row group {}: negative num_rows {}", name, rg,
                                            metadata->row_groups[rg].num_rows));
    }
  }
  // NOLINT(naked-new): the constructor is private, so make_unique cannot call it.
  return std::unique_ptr<FileReader>(new FileReader(std::move(file), size, footer_length,  // NOLINT
                                                    std::move(metadata).value(),
                                                    std::move(schema).value()));
}

std::string FileReader::Where(size_t row_group, size_t column) const {
  return fmt::format("{}: row group {}, column '{}'", name(), row_group,
                     schema_.column(column).name);
}

Result<io::ByteRange> FileReader::ChunkRange(size_t row_group, size_t column) const {
  OCPAGG_CHECK_LT(row_group, metadata_.row_groups.size());
  OCPAGG_CHECK_LT(column, schema_.num_columns());
  const ColumnChunk& chunk = metadata_.row_groups[row_group].columns[column];
  const ColumnMetaData& meta = *chunk.meta_data;  // FlatSchema::Make checked presence
  int64_t start = meta.data_page_offset;
  if (meta.dictionary_page_offset.has_value() && *meta.dictionary_page_offset > 0 &&
      *meta.dictionary_page_offset < start) {
    start = *meta.dictionary_page_offset;
  }
  const uint64_t data_end = file_size_ - kFooterTail - footer_length_;
  if (start < static_cast<int64_t>(kMagicSize) || meta.total_compressed_size < 0 ||
      static_cast<uint64_t>(start) > data_end ||
      static_cast<uint64_t>(meta.total_compressed_size) > data_end - static_cast<uint64_t>(start)) {
    return Status::Corruption(
        fmt::format("{}: column chunk [{}, +{}) lies outside the data section [4, {}) of the file",
                    Where(row_group, column), start, meta.total_compressed_size, data_end));
  }
  uint64_t length = static_cast<uint64_t>(meta.total_compressed_size);
  if (OmitsDictionaryHeaderSize(metadata_.created_by)) {
    length += std::min(kMaxDictionaryHeaderSize, data_end - static_cast<uint64_t>(start) - length);
  }
  return io::ByteRange{static_cast<uint64_t>(start), length};
}

ChunkStatistics FileReader::Statistics(size_t row_group, size_t column) const {
  ChunkStatistics out;
  const ColumnMetaData& meta = *metadata_.row_groups[row_group].columns[column].meta_data;
  if (!meta.statistics) return out;
  const parquet::Statistics& s = *meta.statistics;
  out.null_count = s.null_count;
  if (s.min_value || s.max_value) {
    out.min = s.min_value;
    out.max = s.max_value;
    out.min_is_exact = s.is_min_value_exact.value_or(true);
    out.max_is_exact = s.is_max_value_exact.value_or(true);
  } else if (IsLegacyOrderSafe(meta.type)) {
    out.min = s.min;
    out.max = s.max;
  }
  return out;
}

Result<columnar::ColumnBatch> FileReader::ReadColumn(size_t row_group, size_t column,
                                                     const ReadOptions& options) const {
  const size_t columns[] = {column};
  OCPAGG_ASSIGN_OR_RETURN(auto batches, ReadColumns(row_group, columns, options));
  return std::move(batches[0]);
}

Result<std::vector<columnar::ColumnBatch>> FileReader::ReadColumns(
    size_t row_group, std::span<const size_t> columns, const ReadOptions& options) const {
  const RowGroup& rg = metadata_.row_groups[row_group];
  std::vector<io::ByteRange> ranges;
  ranges.reserve(columns.size());
  for (size_t column : columns) {
    // An empty row group has no pages to read (its offsets may be 0).
    if (rg.num_rows == 0) {
      ranges.push_back({0, 0});
      continue;
    }
    OCPAGG_ASSIGN_OR_RETURN(io::ByteRange range, ChunkRange(row_group, column));
    ranges.push_back(range);
  }
  OCPAGG_ASSIGN_OR_RETURN(std::vector<Buffer> buffers, file_->ReadRanges(ranges));
  std::vector<columnar::ColumnBatch> out;
  out.reserve(columns.size());
  for (size_t i = 0; i < columns.size(); ++i) {
    const size_t column = columns[i];
    auto chunk = std::make_shared<const Buffer>(std::move(buffers[i]));
    Result<columnar::ColumnBatch> batch =
        internal::DecodeColumnChunk(schema_.column(column), *rg.columns[column].meta_data,
                                    rg.num_rows, std::move(chunk), options);
    if (!batch.ok()) return batch.status().WithContext(Where(row_group, column));
    out.push_back(std::move(batch).value());
  }
  return out;
}

}  // namespace ocpagg::parquet
