#pragma once

// Reading flat Parquet files.
//
// Components of the reader, in the order data flows through them:
//   io::RandomAccessFile   the bytes (local file now, S3 later); only the footer and the byte
//                          ranges of the projected column chunks are ever requested.
//   FileReader             reads and validates the footer (metadata.h) and the schema
//                          (schema.h); hands out column chunks of a row group.
//   column chunk decoding  walks the pages of one chunk (column_chunk_reader_internal.h): page
//                          header, CRC, decompression (compression.h), definition levels and
//                          values (encoding/), into one columnar::ColumnBatch per chunk.
//
// Untrusted input: every offset, size and count from the file is checked against the file size
// and the bytes at hand before use; a violation is a Corruption status whose message names the
// file, row group, column, page and the rule broken. Valid files we do not implement (nested
// schemas, encryption, LZO) give NotSupported.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "columnar/column.h"
#include "common/result.h"
#include "io/file.h"
#include "parquet/metadata.h"
#include "parquet/schema.h"

namespace ocpagg::parquet {

struct ReadOptions {
  /// Check page CRCs where the writer stored them (Corruption on mismatch).
  bool verify_crc = true;
  /// Return dictionary-encoded chunks as (dictionary, indices) instead of materialising each
  /// value. A chunk that falls back to another encoding part way is materialised whole.
  bool keep_dictionary = false;
};

/// The min/max statistics of a column chunk, for row-group pruning.
struct ChunkStatistics {
  std::optional<int64_t> null_count;
  /// Raw PLAIN-encoded bytes of the bounds (new min_value/max_value fields, or the legacy
  /// min/max fields where their sort order is right for the type: not for byte arrays).
  std::optional<std::string> min;
  std::optional<std::string> max;
  bool min_is_exact = true;
  bool max_is_exact = true;
};

class FileReader {
 public:
  /// Reads and validates the footer of `file`. Corruption / NotSupported name the file.
  static Result<std::unique_ptr<FileReader>> Open(std::unique_ptr<io::RandomAccessFile> file);

  /// Opens a local file.
  static Result<std::unique_ptr<FileReader>> OpenLocal(const std::string& path);

  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  const std::string& name() const { return file_->name(); }
  uint64_t file_size() const { return file_size_; }
  const FileMetaData& metadata() const { return metadata_; }
  const FlatSchema& schema() const { return schema_; }
  size_t num_row_groups() const { return metadata_.row_groups.size(); }
  int64_t num_rows() const { return metadata_.num_rows; }
  int64_t row_group_num_rows(size_t row_group) const {
    return metadata_.row_groups[row_group].num_rows;
  }
  /// Size of the footer's Thrift bytes.
  uint32_t footer_length() const { return footer_length_; }

  /// Statistics of one column chunk (empty fields when the writer stored none).
  ChunkStatistics Statistics(size_t row_group, size_t column) const;

  /// Reads one whole column chunk. Thread-safe (the file is read positionally).
  Result<columnar::ColumnBatch> ReadColumn(size_t row_group, size_t column,
                                           const ReadOptions& options = {}) const;

  /// Reads several column chunks of one row group, requesting their byte ranges together so that
  /// the source can coalesce them. Results follow the order of `columns`.
  Result<std::vector<columnar::ColumnBatch>> ReadColumns(size_t row_group,
                                                         std::span<const size_t> columns,
                                                         const ReadOptions& options = {}) const;

 private:
  FileReader(std::unique_ptr<io::RandomAccessFile> file, uint64_t file_size, uint32_t footer_length,
             FileMetaData metadata, FlatSchema schema)
      : file_(std::move(file)),
        file_size_(file_size),
        footer_length_(footer_length),
        metadata_(std::move(metadata)),
        schema_(std::move(schema)) {}

  /// Validated byte range of a column chunk.
  Result<io::ByteRange> ChunkRange(size_t row_group, size_t column) const;
  std::string Where(size_t row_group, size_t column) const;

  std::unique_ptr<io::RandomAccessFile> file_;
  uint64_t file_size_;
  uint32_t footer_length_;
  FileMetaData metadata_;
  FlatSchema schema_;
};

}  // namespace ocpagg::parquet
