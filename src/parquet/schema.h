#pragma once

// FlatSchema: the leaf columns of a flat Parquet schema, with their resolved annotations.
//
// A flat schema is a root group whose children are all primitive REQUIRED or OPTIONAL fields.
// Anything else (groups, REPEATED fields, LIST/MAP) is refused with NotSupported naming the first
// nested field. The logical type wins over the legacy converted type; a converted type alone is
// mapped to the equivalent logical type (parquet-format LogicalTypes.md, "Backward compatibility").

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "parquet/metadata.h"

namespace ocpagg::parquet {

/// What the values of a column mean, after resolving logical and converted types.
enum class Annotation : uint8_t {
  kNone,    // the physical type as is
  kString,  // STRING / UTF8
  kEnum,
  kJson,
  kBson,
  kUuid,
  kDate,       // INT32 days since 1970-01-01
  kTime,       // unit + utc
  kTimestamp,  // unit + utc
  kDecimal,    // scale + precision; unscaled integer in any physical type
  kInteger,    // bit_width + is_signed (INT_8 .. UINT_64)
  kFloat16,    // FIXED_LEN_BYTE_ARRAY(2), IEEE half, little-endian
  kInterval,   // FIXED_LEN_BYTE_ARRAY(12)
  kUnknown,    // UNKNOWN (always null) or a logical type we do not interpret: read as physical
};

struct ColumnDescriptor {
  std::string name;
  size_t column_index = 0;  // index into RowGroup::columns
  PhysicalType physical_type = PhysicalType::kBoolean;
  int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY width; 12 for INT96
  bool optional = false;    // max definition level 1 (else 0)
  Annotation annotation = Annotation::kNone;
  TimeUnit unit = TimeUnit::kMillis;  // kTime, kTimestamp
  bool is_adjusted_to_utc = false;    // kTime, kTimestamp
  int32_t decimal_scale = 0;
  int32_t decimal_precision = 0;
  int8_t bit_width = 0;                         // kInteger (8, 16, 32, 64)
  bool is_signed = true;                        // kInteger
  LogicalType logical_type;                     // as written, for `parquet inspect`
  std::optional<ConvertedType> converted_type;  // as written
};

class FlatSchema {
 public:
  /// Builds the schema of `metadata`. NotSupported for nested schemas (naming the field);
  /// Corruption when the schema tree is malformed (num_children past the end, a leaf without a
  /// type, FIXED_LEN_BYTE_ARRAY with a non-positive length, INT96 whose length is not 12, ...).
  static Result<FlatSchema> Make(const FileMetaData& metadata);

  const std::vector<ColumnDescriptor>& columns() const { return columns_; }
  size_t num_columns() const { return columns_.size(); }
  const ColumnDescriptor& column(size_t index) const { return columns_[index]; }

  /// Index of the column named `name`, or nullopt.
  std::optional<size_t> Find(std::string_view name) const;

 private:
  std::vector<ColumnDescriptor> columns_;
};

/// "STRING", "TIMESTAMP(MILLIS,utc=false)", "DECIMAL(9,2)", "INT(16,unsigned)", ... for inspect.
std::string DescribeAnnotation(const ColumnDescriptor& column);

}  // namespace ocpagg::parquet
