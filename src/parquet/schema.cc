#include "parquet/schema.h"

#include <fmt/format.h>

#include <utility>

namespace ocpagg::parquet {
namespace {

// Checks that the num_children counts describe exactly one tree spanning the whole list, in
// depth-first order (parquet.thrift: "the nodes are listed in depth first traversal order").
Status ValidateTreeShape(const std::vector<SchemaElement>& schema) {
  struct Open {
    size_t index;       // the group element
    int64_t remaining;  // children not yet seen
  };
  std::vector<Open> open;
  open.push_back({0, schema[0].num_children});
  size_t next = 1;
  // Each iteration either consumes an element or closes a group, so the loop is bounded by
  // twice the schema size whatever the declared counts are.
  while (!open.empty()) {
    if (open.back().remaining == 0) {
      open.pop_back();
      continue;
    }
    if (next >= schema.size()) {
      const SchemaElement& parent = schema[open.back().index];
      return Status::Corruption(fmt::format(
          "schema element {} ('{}') declares {} children, but the schema list ends after {} "
          "elements",
          open.back().index, parent.name, parent.num_children, schema.size()));
    }
    --open.back().remaining;
    const SchemaElement& element = schema[next];
    if (element.num_children > 0) open.push_back({next, element.num_children});
    ++next;
  }
  if (next != schema.size()) {
    return Status::Corruption(
        fmt::format("schema has {} elements after the tree of root '{}' ({} elements)",
                    schema.size() - next, schema[0].name, next));
  }
  return Status::OK();
}

// Resolves the annotation of a leaf: the logical type when present, else the converted type
// (parquet-format LogicalTypes.md, "Backward compatibility").
void ResolveAnnotation(const SchemaElement& element, ColumnDescriptor* out) {
  using Kind = LogicalType::Kind;
  const LogicalType& logical = element.logical_type;
  if (logical.kind != Kind::kNone) {
    switch (logical.kind) {
      case Kind::kString:
        out->annotation = Annotation::kString;
        return;
      case Kind::kEnum:
        out->annotation = Annotation::kEnum;
        return;
      case Kind::kJson:
        out->annotation = Annotation::kJson;
        return;
      case Kind::kBson:
        out->annotation = Annotation::kBson;
        return;
      case Kind::kUuid:
        out->annotation = Annotation::kUuid;
        return;
      case Kind::kDate:
        out->annotation = Annotation::kDate;
        return;
      case Kind::kTime:
        out->annotation = Annotation::kTime;
        out->unit = logical.unit;
        out->is_adjusted_to_utc = logical.is_adjusted_to_utc;
        return;
      case Kind::kTimestamp:
        out->annotation = Annotation::kTimestamp;
        out->unit = logical.unit;
        out->is_adjusted_to_utc = logical.is_adjusted_to_utc;
        return;
      case Kind::kDecimal:
        out->annotation = Annotation::kDecimal;
        out->decimal_scale = logical.decimal_scale;
        out->decimal_precision = logical.decimal_precision;
        return;
      case Kind::kInteger:
        out->annotation = Annotation::kInteger;
        out->bit_width = logical.bit_width;
        out->is_signed = logical.is_signed;
        return;
      case Kind::kFloat16:
        out->annotation = Annotation::kFloat16;
        return;
      case Kind::kUnknown:
      case Kind::kOther:
        out->annotation = Annotation::kUnknown;
        return;
      case Kind::kMap:
      case Kind::kList:
      case Kind::kNone:
        out->annotation = Annotation::kNone;
        return;
    }
  }
  if (!element.converted_type) {
    out->annotation = Annotation::kNone;
    return;
  }
  const auto integer = [out](int8_t width, bool is_signed) {
    out->annotation = Annotation::kInteger;
    out->bit_width = width;
    out->is_signed = is_signed;
  };
  const auto time = [out](Annotation annotation, TimeUnit unit) {
    // The legacy TIME_* and TIMESTAMP_* types are UTC-normalized (LogicalTypes.md).
    out->annotation = annotation;
    out->unit = unit;
    out->is_adjusted_to_utc = true;
  };
  switch (*element.converted_type) {
    case ConvertedType::kUtf8:
      out->annotation = Annotation::kString;
      return;
    case ConvertedType::kEnum:
      out->annotation = Annotation::kEnum;
      return;
    case ConvertedType::kJson:
      out->annotation = Annotation::kJson;
      return;
    case ConvertedType::kBson:
      out->annotation = Annotation::kBson;
      return;
    case ConvertedType::kDecimal:
      out->annotation = Annotation::kDecimal;
      out->decimal_scale = element.scale;
      out->decimal_precision = element.precision;
      return;
    case ConvertedType::kDate:
      out->annotation = Annotation::kDate;
      return;
    case ConvertedType::kTimeMillis:
      return time(Annotation::kTime, TimeUnit::kMillis);
    case ConvertedType::kTimeMicros:
      return time(Annotation::kTime, TimeUnit::kMicros);
    case ConvertedType::kTimestampMillis:
      return time(Annotation::kTimestamp, TimeUnit::kMillis);
    case ConvertedType::kTimestampMicros:
      return time(Annotation::kTimestamp, TimeUnit::kMicros);
    case ConvertedType::kUint8:
      return integer(8, false);
    case ConvertedType::kUint16:
      return integer(16, false);
    case ConvertedType::kUint32:
      return integer(32, false);
    case ConvertedType::kUint64:
      return integer(64, false);
    case ConvertedType::kInt8:
      return integer(8, true);
    case ConvertedType::kInt16:
      return integer(16, true);
    case ConvertedType::kInt32:
      return integer(32, true);
    case ConvertedType::kInt64:
      return integer(64, true);
    case ConvertedType::kInterval:
      out->annotation = Annotation::kInterval;
      return;
    case ConvertedType::kMap:
    case ConvertedType::kMapKeyValue:
    case ConvertedType::kList:
      out->annotation = Annotation::kNone;
      return;
  }
  out->annotation = Annotation::kUnknown;  // a converted type added after this reader
}

// Checks that the annotation fits the physical type, so that readers can rely on it
// (LogicalTypes.md: which physical types each annotation may annotate).
Status ValidateAnnotation(const ColumnDescriptor& c) {
  const PhysicalType t = c.physical_type;
  const auto mismatch = [&c](std::string_view requirement) {
    return Status::Corruption(fmt::format("column '{}': {} annotation requires {}, found {}",
                                          c.name, DescribeAnnotation(c), requirement,
                                          PhysicalTypeName(c.physical_type)));
  };
  switch (c.annotation) {
    case Annotation::kNone:
    case Annotation::kUnknown:
      return Status::OK();
    case Annotation::kString:
    case Annotation::kEnum:
    case Annotation::kJson:
    case Annotation::kBson:
      if (t != PhysicalType::kByteArray && t != PhysicalType::kFixedLenByteArray) {
        return mismatch("BYTE_ARRAY");
      }
      return Status::OK();
    case Annotation::kUuid:
      if (t != PhysicalType::kFixedLenByteArray || c.type_length != 16) {
        return mismatch("FIXED_LEN_BYTE_ARRAY(16)");
      }
      return Status::OK();
    case Annotation::kFloat16:
      if (t != PhysicalType::kFixedLenByteArray || c.type_length != 2) {
        return mismatch("FIXED_LEN_BYTE_ARRAY(2)");
      }
      return Status::OK();
    case Annotation::kInterval:
      if (t != PhysicalType::kFixedLenByteArray || c.type_length != 12) {
        return mismatch("FIXED_LEN_BYTE_ARRAY(12)");
      }
      return Status::OK();
    case Annotation::kDate:
      if (t != PhysicalType::kInt32) return mismatch("INT32");
      return Status::OK();
    case Annotation::kTime:
      if (c.unit == TimeUnit::kMillis && t != PhysicalType::kInt32) return mismatch("INT32");
      if (c.unit != TimeUnit::kMillis && t != PhysicalType::kInt64) return mismatch("INT64");
      return Status::OK();
    case Annotation::kTimestamp:
      if (t != PhysicalType::kInt64) return mismatch("INT64");
      return Status::OK();
    case Annotation::kInteger:
      if (c.bit_width != 8 && c.bit_width != 16 && c.bit_width != 32 && c.bit_width != 64) {
        return Status::Corruption(fmt::format(
            "column '{}': INTEGER bit width {} is not 8, 16, 32 or 64", c.name, c.bit_width));
      }
      if (c.bit_width == 64 && t != PhysicalType::kInt64) return mismatch("INT64");
      if (c.bit_width != 64 && t != PhysicalType::kInt32) return mismatch("INT32");
      return Status::OK();
    case Annotation::kDecimal:
      if (c.decimal_precision <= 0 || c.decimal_scale < 0 ||
          c.decimal_scale > c.decimal_precision) {
        return Status::Corruption(
            fmt::format("column '{}': DECIMAL precision {} and scale {} are invalid (need "
                        "precision >= 1 and 0 <= scale <= precision)",
                        c.name, c.decimal_precision, c.decimal_scale));
      }
      if (t != PhysicalType::kInt32 && t != PhysicalType::kInt64 && t != PhysicalType::kByteArray &&
          t != PhysicalType::kFixedLenByteArray) {
        return mismatch("INT32, INT64, BYTE_ARRAY or FIXED_LEN_BYTE_ARRAY");
      }
      return Status::OK();
  }
  return Status::OK();
}

Status ValidateRowGroups(const FileMetaData& metadata, const std::vector<ColumnDescriptor>& cols) {
  for (size_t rg = 0; rg < metadata.row_groups.size(); ++rg) {
    const RowGroup& group = metadata.row_groups[rg];
    if (group.columns.size() != cols.size()) {
      return Status::Corruption(
          fmt::format("row group {} has {} column chunks, the schema {} leaf columns", rg,
                      group.columns.size(), cols.size()));
    }
    for (size_t i = 0; i < cols.size(); ++i) {
      const ColumnChunk& chunk = group.columns[i];
      const ColumnDescriptor& column = cols[i];
      if (chunk.has_crypto_metadata) {
        return Status::NotSupported(fmt::format(
            "row group {}, column '{}': encrypted column (Parquet Modular Encryption) is not "
            "supported",
            rg, column.name));
      }
      if (chunk.file_path) {
        return Status::NotSupported(fmt::format(
            "row group {}, column '{}': column data in external file '{}' is not supported", rg,
            column.name, *chunk.file_path));
      }
      if (!chunk.meta_data) {
        return Status::Corruption(fmt::format(
            "row group {}, column '{}': ColumnChunk.meta_data is missing", rg, column.name));
      }
      const ColumnMetaData& meta = *chunk.meta_data;
      if (meta.type != column.physical_type) {
        return Status::Corruption(fmt::format(
            "row group {}, column '{}': ColumnMetaData.type {} differs from the schema's {}", rg,
            column.name, PhysicalTypeName(meta.type), PhysicalTypeName(column.physical_type)));
      }
      if (meta.num_values < 0) {
        return Status::Corruption(
            fmt::format("row group {}, column '{}': ColumnMetaData.num_values is negative ({})", rg,
                        column.name, meta.num_values));
      }
    }
  }
  return Status::OK();
}

}  // namespace

Result<FlatSchema> FlatSchema::Make(const FileMetaData& metadata) {
  if (metadata.has_encryption_algorithm) {
    return Status::NotSupported(
        "encrypted file (Parquet Modular Encryption with a plaintext footer) is not supported");
  }
  const std::vector<SchemaElement>& schema = metadata.schema;
  if (schema.empty()) return Status::Corruption("schema is empty (no root element)");
  OCPAGG_RETURN_IF_ERROR(ValidateTreeShape(schema));
  const SchemaElement& root = schema[0];
  if (root.type) {
    return Status::Corruption(
        fmt::format("schema root '{}' has a physical type; the root must be a group", root.name));
  }

  FlatSchema result;
  // The tree shape is valid and we stop at the first child that is not a leaf, so the root's
  // children up to there are the elements 1, 2, ... in order.
  const size_t num_children = static_cast<size_t>(root.num_children);
  result.columns_.reserve(num_children);
  for (size_t i = 0; i < num_children; ++i) {
    const SchemaElement& element = schema[1 + i];
    if (element.num_children > 0 || !element.type) {
      return Status::NotSupported(fmt::format(
          "nested schema: column '{}' is a group; ocpagg reads flat schemas only", element.name));
    }
    const Repetition repetition = element.repetition.value_or(Repetition::kRequired);
    if (repetition == Repetition::kRepeated) {
      return Status::NotSupported(fmt::format(
          "nested schema: column '{}' is a repeated field; ocpagg reads flat schemas only",
          element.name));
    }
    ColumnDescriptor column;
    column.name = element.name;
    column.column_index = i;
    column.physical_type = *element.type;
    column.optional = repetition == Repetition::kOptional;
    column.logical_type = element.logical_type;
    column.converted_type = element.converted_type;
    if (column.physical_type == PhysicalType::kFixedLenByteArray) {
      if (element.type_length <= 0) {
        return Status::Corruption(
            fmt::format("column '{}': FIXED_LEN_BYTE_ARRAY type_length must be positive, found {}",
                        element.name, element.type_length));
      }
      column.type_length = element.type_length;
    } else if (column.physical_type == PhysicalType::kInt96) {
      // Writers usually leave type_length unset for INT96; when set it must say 12.
      if (element.type_length != 0 && element.type_length != 12) {
        return Status::Corruption(fmt::format("column '{}': INT96 type_length must be 12, found {}",
                                              element.name, element.type_length));
      }
      column.type_length = 12;
    }
    ResolveAnnotation(element, &column);
    OCPAGG_RETURN_IF_ERROR(ValidateAnnotation(column));
    result.columns_.push_back(std::move(column));
  }
  OCPAGG_RETURN_IF_ERROR(ValidateRowGroups(metadata, result.columns_));
  return result;
}

std::optional<size_t> FlatSchema::Find(std::string_view name) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].name == name) return i;
  }
  return std::nullopt;
}

std::string DescribeAnnotation(const ColumnDescriptor& column) {
  switch (column.annotation) {
    case Annotation::kNone:
      return "";
    case Annotation::kString:
      return "STRING";
    case Annotation::kEnum:
      return "ENUM";
    case Annotation::kJson:
      return "JSON";
    case Annotation::kBson:
      return "BSON";
    case Annotation::kUuid:
      return "UUID";
    case Annotation::kDate:
      return "DATE";
    case Annotation::kTime:
      return fmt::format("TIME({},utc={})", TimeUnitName(column.unit), column.is_adjusted_to_utc);
    case Annotation::kTimestamp:
      return fmt::format("TIMESTAMP({},utc={})", TimeUnitName(column.unit),
                         column.is_adjusted_to_utc);
    case Annotation::kDecimal:
      return fmt::format("DECIMAL({},{})", column.decimal_precision, column.decimal_scale);
    case Annotation::kInteger:
      return fmt::format("INT({},{})", column.bit_width, column.is_signed ? "signed" : "unsigned");
    case Annotation::kFloat16:
      return "FLOAT16";
    case Annotation::kInterval:
      return "INTERVAL";
    case Annotation::kUnknown:
      return "UNKNOWN";
  }
  return "";
}

}  // namespace ocpagg::parquet
