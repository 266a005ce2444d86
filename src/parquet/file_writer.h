#pragma once

// Writing flat Parquet files.
//
//   FileWriter      takes columnar batches, buffers one row group at a time as encoded and
//                   compressed pages, and writes each finished row group to the sink; Close()
//                   writes the footer. Memory is bounded by one row group's compressed pages plus
//                   one open page per column, whatever the file size.
//   column writing  per column: definition levels (RLE hybrid, bit width 1) for optional
//                   columns; values dictionary-encoded (RLE_DICTIONARY data pages + a PLAIN
//                   dictionary page) until the dictionary grows past its limit, then PLAIN for the
//                   rest of the chunk; statistics (min/max/null_count); page compression.
//   Thrift          FileMetaData and PageHeader in the compact protocol (thrift/compact_writer.h).
//
// Files follow parquet-format: data page v1 (v2 optional), codecs UNCOMPRESSED, SNAPPY, ZSTD.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "columnar/column.h"
#include "common/result.h"
#include "io/file.h"
#include "parquet/metadata.h"

namespace ocpagg::parquet {

/// A column of the file being written.
struct WriterColumn {
  enum class Type : uint8_t {
    kBoolean,          // BOOLEAN                      batch storage kBool
    kInt32,            // INT32                        kInt32
    kInt64,            // INT64                        kInt64
    kDouble,           // DOUBLE                       kDouble
    kString,           // BYTE_ARRAY, STRING (UTF8)    kByteArray
    kTimestampMillis,  // INT64 TIMESTAMP(MILLIS, isAdjustedToUTC=false)   kInt64
    kDate,             // INT32 DATE                   kInt32
  };
  std::string name;
  Type type = Type::kString;
  bool optional = true;
};

struct WriterOptions {
  Codec codec = Codec::kSnappy;  // UNCOMPRESSED, SNAPPY or ZSTD (GZIP, LZ4_RAW, BROTLI work too)
  int compression_level = 0;     // codec default when <= 0
  int64_t row_group_rows = 1 << 20;
  size_t page_bytes = 1 << 20;  // target uncompressed size of a data page
  bool enable_dictionary = true;
  size_t dictionary_page_bytes = 1 << 20;  // fall back to PLAIN when the dictionary grows past this
  bool write_statistics = true;
  bool data_page_v2 = false;
  std::string created_by = "ocpagg version 0.1.0";
  std::vector<KeyValue> key_value_metadata;
};

class FileWriter {
 public:
  /// Starts a file on `sink` (writes the leading magic). InvalidArgument for an empty schema,
  /// duplicate names, or an unsupported codec.
  static Result<std::unique_ptr<FileWriter>> Open(std::unique_ptr<io::WritableFile> sink,
                                                  std::vector<WriterColumn> columns,
                                                  WriterOptions options = {});
  ~FileWriter();
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;

  /// Appends rows: one batch per column, in schema order, all of the same length, each in the
  /// storage listed for its type (dictionary-layout batches are accepted too). Nulls in a
  /// required column are InvalidArgument. The batches' memory may be released after the call.
  Status Write(std::span<const columnar::ColumnBatch> columns);

  /// Ends the current row group early (the next Write starts a new one).
  Status FlushRowGroup();

  /// Flushes the last row group, writes the footer and closes the sink. A writer destroyed
  /// without Close() leaves no file behind (io::WritableFile's contract).
  Status Close();

  int64_t rows_written() const;

 private:
  class Impl;
  explicit FileWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

namespace internal {

/// Appends the RLE / bit-packing hybrid encoding of `values` (each below 2^bit_width) to `*out`,
/// without a length prefix: runs of 8 or more equal values as RLE runs, the rest bit-packed (the
/// last bit-packed run padded with zeros to a multiple of 8 values). bit_width 1..32 (1..8 for
/// the uint8_t overload; checked). Exposed for tests.
void EncodeRleBitPackedHybrid(std::span<const uint32_t> values, int bit_width,
                              std::vector<uint8_t>* out);
void EncodeRleBitPackedHybrid(std::span<const uint8_t> values, int bit_width,
                              std::vector<uint8_t>* out);

}  // namespace internal

}  // namespace ocpagg::parquet
