#pragma once

// The Parquet footer and page headers as plain C++ structs, and their Thrift decoders.
//
// Field numbers and enum values follow parquet-format's parquet.thrift
// (https://github.com/apache/parquet-format/blob/master/src/main/thrift/parquet.thrift).
// Only the fields a flat reader needs are kept; every other field is skipped by the decoder.
//
// The decoders treat their input as untrusted: every length, count and nesting depth is checked
// against the bytes available before it is used, and a violation is a Corruption status naming the
// struct, field and rule (see thrift/compact_reader.h). They never allocate more than a small
// multiple of the input size.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/result.h"

namespace ocpagg::parquet {

enum class PhysicalType : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};

enum class ConvertedType : int32_t {
  kUtf8 = 0,
  kMap = 1,
  kMapKeyValue = 2,
  kList = 3,
  kEnum = 4,
  kDecimal = 5,
  kDate = 6,
  kTimeMillis = 7,
  kTimeMicros = 8,
  kTimestampMillis = 9,
  kTimestampMicros = 10,
  kUint8 = 11,
  kUint16 = 12,
  kUint32 = 13,
  kUint64 = 14,
  kInt8 = 15,
  kInt16 = 16,
  kInt32 = 17,
  kInt64 = 18,
  kJson = 19,
  kBson = 20,
  kInterval = 21,
};

enum class Repetition : int32_t { kRequired = 0, kOptional = 1, kRepeated = 2 };

enum class Encoding : int32_t {
  kPlain = 0,
  kPlainDictionary = 2,
  kRle = 3,
  kBitPacked = 4,
  kDeltaBinaryPacked = 5,
  kDeltaLengthByteArray = 6,
  kDeltaByteArray = 7,
  kRleDictionary = 8,
  kByteStreamSplit = 9,
};

enum class Codec : int32_t {
  kUncompressed = 0,
  kSnappy = 1,
  kGzip = 2,
  kLzo = 3,
  kBrotli = 4,
  kLz4 = 5,  // legacy: Hadoop framing, or a raw LZ4 block (see compression.h)
  kZstd = 6,
  kLz4Raw = 7,
};

enum class PageType : int32_t {
  kDataPage = 0,
  kIndexPage = 1,
  kDictionaryPage = 2,
  kDataPageV2 = 3,
};

enum class TimeUnit : uint8_t { kMillis, kMicros, kNanos };

/// LogicalType union (parquet.thrift `LogicalType`). kNone when the field is absent; kUnknown for
/// the UNKNOWN (null) type; kOther for a union member we do not interpret (read as physical).
struct LogicalType {
  enum class Kind : uint8_t {
    kNone,
    kString,
    kMap,
    kList,
    kEnum,
    kDecimal,
    kDate,
    kTime,
    kTimestamp,
    kInteger,
    kUnknown,
    kJson,
    kBson,
    kUuid,
    kFloat16,
    kOther,
  };
  Kind kind = Kind::kNone;
  int16_t other_field_id = 0;  // the union field id when kind == kOther
  int32_t decimal_scale = 0;
  int32_t decimal_precision = 0;
  bool is_adjusted_to_utc = false;    // TIME, TIMESTAMP
  TimeUnit unit = TimeUnit::kMillis;  // TIME, TIMESTAMP
  int8_t bit_width = 0;               // INTEGER
  bool is_signed = true;              // INTEGER
};

struct SchemaElement {
  std::optional<PhysicalType> type;  // absent for group nodes
  int32_t type_length = 0;
  std::optional<Repetition> repetition;
  std::string name;
  int32_t num_children = 0;
  std::optional<ConvertedType> converted_type;
  int32_t scale = 0;
  int32_t precision = 0;
  LogicalType logical_type;
};

struct Statistics {
  std::optional<std::string> max;  // legacy (field 1): signed comparison, may be wrong for strings
  std::optional<std::string> min;  // legacy (field 2)
  std::optional<int64_t> null_count;
  std::optional<int64_t> distinct_count;
  std::optional<std::string> max_value;  // field 5: ordered per the column order
  std::optional<std::string> min_value;  // field 6
  std::optional<bool> is_max_value_exact;
  std::optional<bool> is_min_value_exact;
};

struct ColumnMetaData {
  PhysicalType type = PhysicalType::kBoolean;
  std::vector<Encoding> encodings;  // raw values kept even when unknown to us
  std::vector<std::string> path_in_schema;
  Codec codec = Codec::kUncompressed;
  int64_t num_values = 0;
  int64_t total_uncompressed_size = 0;
  int64_t total_compressed_size = 0;
  int64_t data_page_offset = 0;
  std::optional<int64_t> index_page_offset;
  std::optional<int64_t> dictionary_page_offset;
  std::optional<Statistics> statistics;
};

struct ColumnChunk {
  std::optional<std::string> file_path;  // column data in another file: not supported
  int64_t file_offset = 0;
  std::optional<ColumnMetaData> meta_data;
  bool has_crypto_metadata = false;  // fields 8/9: encrypted column
};

struct RowGroup {
  std::vector<ColumnChunk> columns;
  int64_t total_byte_size = 0;
  int64_t num_rows = 0;
  std::optional<int64_t> file_offset;
  std::optional<int64_t> total_compressed_size;
  std::optional<int16_t> ordinal;
};

struct KeyValue {
  std::string key;
  std::optional<std::string> value;
};

struct FileMetaData {
  int32_t version = 0;
  std::vector<SchemaElement> schema;
  int64_t num_rows = 0;
  std::vector<RowGroup> row_groups;
  std::vector<KeyValue> key_value_metadata;
  std::optional<std::string> created_by;
  bool has_encryption_algorithm = false;  // field 8: encrypted file with a plaintext footer
};

struct DataPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  Encoding definition_level_encoding = Encoding::kRle;
  Encoding repetition_level_encoding = Encoding::kRle;
};

struct DictionaryPageHeader {
  int32_t num_values = 0;
  Encoding encoding = Encoding::kPlain;
  bool is_sorted = false;
};

struct DataPageHeaderV2 {
  int32_t num_values = 0;
  int32_t num_nulls = 0;
  int32_t num_rows = 0;
  Encoding encoding = Encoding::kPlain;
  int32_t definition_levels_byte_length = 0;
  int32_t repetition_levels_byte_length = 0;
  bool is_compressed = true;
};

struct PageHeader {
  PageType type = PageType::kDataPage;
  int32_t uncompressed_page_size = 0;
  int32_t compressed_page_size = 0;
  std::optional<uint32_t> crc;
  std::optional<DataPageHeader> data_page_header;
  std::optional<DictionaryPageHeader> dictionary_page_header;
  std::optional<DataPageHeaderV2> data_page_header_v2;
};

/// Decodes a FileMetaData from the footer bytes (between the data and the 4-byte length).
/// Corruption on malformed Thrift or values out of range (negative counts and sizes, unknown
/// physical type, repetition or page type values).
Result<FileMetaData> ParseFileMetaData(std::span<const uint8_t> bytes);

/// Decodes a PageHeader from the start of `bytes`; sets `*header_size` to the bytes it used.
/// Corruption on malformed Thrift, negative page sizes or num_values, or a missing sub-header for
/// the page type.
Result<PageHeader> ParsePageHeader(std::span<const uint8_t> bytes, size_t* header_size);

/// Names for messages and `parquet inspect`: "INT64", "RLE_DICTIONARY", "SNAPPY", ...
/// Values outside the enum print as "UNKNOWN(<n>)".
std::string PhysicalTypeName(PhysicalType type);
std::string EncodingName(Encoding encoding);
std::string CodecName(Codec codec);
std::string ConvertedTypeName(ConvertedType type);
std::string PageTypeName(PageType type);
std::string TimeUnitName(TimeUnit unit);  // "MILLIS", "MICROS", "NANOS"

}  // namespace ocpagg::parquet
