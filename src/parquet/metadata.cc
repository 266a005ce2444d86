#include "parquet/metadata.h"

#include <fmt/format.h>

#include <array>
#include <string_view>
#include <utility>

#include "parquet/thrift/compact_reader.h"

namespace ocpagg::parquet {
namespace {

using thrift::CompactReader;
using thrift::CompactType;
using thrift::CompactTypeName;
using thrift::FieldHeader;
using thrift::ListHeader;

// Decodes parquet.thrift structs on top of a CompactReader and tracks the path of the value being
// read ("FileMetaData.row_groups[2].columns[0].meta_data.num_values") in a fixed-size stack of
// string literals, so that the success path allocates nothing and an error names the field.
//
// Protocol errors read "Thrift: <path>: <rule>"; value errors read "<path> <rule>".
class Parser {
 public:
  explicit Parser(std::span<const uint8_t> bytes) : reader_(bytes) {}

  size_t position() const { return reader_.position(); }

  // Names one path segment for as long as it lives.
  class Scope {
   public:
    Scope(Parser* parser, const char* name) : parser_(parser) { parser_->Push(name); }
    ~Scope() { parser_->Pop(); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    Parser* parser_;
  };

  // A Corruption for a malformed encoding at the current path.
  Status ThriftError(const Status& status) const {
    return Status::Corruption(fmt::format("Thrift: {}: {}", Path(), status.message()));
  }
  // A Corruption for a decoded value that breaks a Parquet rule, at the current path.
  Status Invalid(std::string_view rule) const {
    return Status::Corruption(fmt::format("{} {}", Path(), rule));
  }
  // A Corruption for a required field `name` of the current struct that was not present.
  Status Missing(const char* name) {
    Scope scope(this, name);
    return Invalid("is missing (required field)");
  }

  // Reads the fields of a struct (the reader is positioned after its field header, or at the
  // start of the input for the root), calling on_field(header) for each.
  template <typename OnField>
  Status StructBody(OnField&& on_field) {
    if (Status s = reader_.BeginStruct(); !s.ok()) return ThriftError(s);
    while (true) {
      FieldHeader field;
      if (Status s = reader_.ReadFieldHeader(&field); !s.ok()) return ThriftError(s);
      if (field.is_stop()) break;
      OCPAGG_RETURN_IF_ERROR(on_field(field));
    }
    reader_.EndStruct();
    return Status::OK();
  }

  template <typename OnField>
  Status Struct(const FieldHeader& field, const char* name, OnField&& on_field) {
    Scope scope(this, name);
    OCPAGG_RETURN_IF_ERROR(Expect(field.type, CompactType::kStruct));
    return StructBody(std::forward<OnField>(on_field));
  }

  // Reads a list field whose elements are `element_type`, calling on_element() once per element
  // with the path index set.
  template <typename OnElement>
  Status List(const FieldHeader& field, const char* name, CompactType element_type,
              OnElement&& on_element) {
    Scope scope(this, name);
    if (field.type != CompactType::kList && field.type != CompactType::kSet) {
      return Expect(field.type, CompactType::kList);
    }
    ListHeader header;
    if (Status s = reader_.ReadListHeader(&header); !s.ok()) return ThriftError(s);
    if (header.size > 0 && header.element_type != element_type) {
      return ThriftError(Status::Corruption(fmt::format("expected list<{}>, found list<{}>",
                                                        CompactTypeName(element_type),
                                                        CompactTypeName(header.element_type))));
    }
    for (uint32_t i = 0; i < header.size; ++i) {
      path_[Top()].index = i;
      OCPAGG_RETURN_IF_ERROR(on_element());
    }
    return Status::OK();
  }

  Status I32(const FieldHeader& field, const char* name, int32_t* out) {
    Scope scope(this, name);
    OCPAGG_RETURN_IF_ERROR(Expect(field.type, CompactType::kI32));
    return Wrap(reader_.ReadI32(out));
  }

  // An i32 that must not be negative.
  Status Count32(const FieldHeader& field, const char* name, int32_t* out) {
    Scope scope(this, name);
    OCPAGG_RETURN_IF_ERROR(Expect(field.type, CompactType::kI32));
    OCPAGG_RETURN_IF_ERROR(Wrap(reader_.ReadI32(out)));
    if (*out < 0) return Invalid(fmt::format("is negative ({})", *out));
    return Status::OK();
  }

  Status I64(const FieldHeader& field, const char* name, int64_t* out) {
    Scope scope(this, name);
    OCPAGG_RETURN_IF_ERROR(Expect(field.type, CompactType::kI64));
    return Wrap(reader_.ReadI64(out));
  }

  // An i64 that must not be negative.
  Status Count64(const FieldHeader& field, const char* name, int64_t* out) {
    Scope scope(this, name);
    OCPAGG_RETURN_IF_ERROR(Expect(field.type, CompactType::kI64));
    OCPAGG_RETURN_IF_ERROR(Wrap(reader_.ReadI64(out)));
    if (*out < 0) return Invalid(fmt::format("is negative ({})", *out));
    return Status::OK();
  }

  Status I16(const FieldHeader& field, const char* name, int16_t* out) {
    Scope scope(this, name);
    OCPAGG_RETURN_IF_ERROR(Expect(field.type, CompactType::kI16));
    return Wrap(reader_.ReadI16(out));
  }

  Status Byte(const FieldHeader& field, const char* name, int8_t* out) {
    Scope scope(this, name);
    OCPAGG_RETURN_IF_ERROR(Expect(field.type, CompactType::kByte));
    return Wrap(reader_.ReadByte(out));
  }

  Status Bool(const FieldHeader& field, const char* name, bool* out) {
    Scope scope(this, name);
    if (!field.is_bool()) return Expect(field.type, CompactType::kBoolTrue);
    *out = field.type == CompactType::kBoolTrue;
    return Status::OK();
  }

  Status String(const FieldHeader& field, const char* name, std::string* out) {
    Scope scope(this, name);
    OCPAGG_RETURN_IF_ERROR(Expect(field.type, CompactType::kBinary));
    std::string_view view;
    OCPAGG_RETURN_IF_ERROR(Wrap(reader_.ReadBinary(&view)));
    out->assign(view);
    return Status::OK();
  }

  // List elements (no field header of their own).
  Status ElementI32(int32_t* out) { return Wrap(reader_.ReadI32(out)); }
  Status ElementString(std::string* out) {
    std::string_view view;
    OCPAGG_RETURN_IF_ERROR(Wrap(reader_.ReadBinary(&view)));
    out->assign(view);
    return Status::OK();
  }

  // Skips a field we do not read (unknown ids included: forward compatibility).
  Status SkipField(const FieldHeader& field) {
    if (Status s = reader_.Skip(field.type); !s.ok()) {
      return ThriftError(Status::Corruption(fmt::format("skipping field {} ({}): {}", field.id,
                                                        CompactTypeName(field.type), s.message())));
    }
    return Status::OK();
  }

  // Skips a field that must be a struct (an empty union member such as LogicalType.STRING).
  Status SkipStruct(const FieldHeader& field, const char* name) {
    Scope scope(this, name);
    OCPAGG_RETURN_IF_ERROR(Expect(field.type, CompactType::kStruct));
    return Wrap(reader_.Skip(field.type));
  }

 private:
  struct Frame {
    const char* name = "";
    int64_t index = -1;
  };
  static constexpr size_t kMaxPath = 16;

  size_t Top() const { return (depth_ <= kMaxPath ? depth_ : kMaxPath) - 1; }

  void Push(const char* name) {
    if (depth_ < kMaxPath) path_[depth_] = Frame{name, -1};
    ++depth_;
  }
  void Pop() { --depth_; }

  std::string Path() const {
    std::string path;
    const size_t depth = depth_ < kMaxPath ? depth_ : kMaxPath;
    for (size_t i = 0; i < depth; ++i) {
      if (i > 0) path += '.';
      path += path_[i].name;
      if (path_[i].index >= 0) path += fmt::format("[{}]", path_[i].index);
    }
    return path;
  }

  Status Expect(CompactType actual, CompactType expected) const {
    if (actual == expected) return Status::OK();
    return ThriftError(Status::Corruption(
        fmt::format("expected {}, found {}", CompactTypeName(expected), CompactTypeName(actual))));
  }

  Status Wrap(const Status& status) const {
    if (status.ok()) return status;
    return ThriftError(status);
  }

  CompactReader reader_;
  std::array<Frame, kMaxPath> path_{};
  size_t depth_ = 0;
};

Status ParseTimeUnit(Parser* p, const FieldHeader& field, bool* known, TimeUnit* unit) {
  *known = false;
  return p->Struct(field, "unit", [&](const FieldHeader& member) -> Status {
    switch (member.id) {
      case 1:
        *known = true;
        *unit = TimeUnit::kMillis;
        return p->SkipStruct(member, "MILLIS");
      case 2:
        *known = true;
        *unit = TimeUnit::kMicros;
        return p->SkipStruct(member, "MICROS");
      case 3:
        *known = true;
        *unit = TimeUnit::kNanos;
        return p->SkipStruct(member, "NANOS");
      default:
        *known = false;  // a unit added after this reader: the type is read as physical
        return p->SkipField(member);
    }
  });
}

// TIME and TIMESTAMP: 1 isAdjustedToUTC bool, 2 unit TimeUnit (both required).
Status ParseTimeType(Parser* p, const FieldHeader& field, const char* name, LogicalType* out) {
  bool has_utc = false;
  bool has_unit = false;
  bool unit_known = false;
  OCPAGG_RETURN_IF_ERROR(p->Struct(field, name, [&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1:
        has_utc = true;
        return p->Bool(f, "isAdjustedToUTC", &out->is_adjusted_to_utc);
      case 2:
        has_unit = true;
        return ParseTimeUnit(p, f, &unit_known, &out->unit);
      default:
        return p->SkipField(f);
    }
  }));
  Parser::Scope scope(p, name);
  if (!has_utc) return p->Missing("isAdjustedToUTC");
  if (!has_unit) return p->Missing("unit");
  if (!unit_known) {
    out->kind = LogicalType::Kind::kOther;
    out->other_field_id = field.id;
  }
  return Status::OK();
}

Status ParseLogicalType(Parser* p, const FieldHeader& field, LogicalType* out) {
  using Kind = LogicalType::Kind;
  bool has_member = false;
  return p->Struct(field, "logicalType", [&](const FieldHeader& member) -> Status {
    // A union has one member; should a writer set more, the first one counts.
    if (has_member) return p->SkipField(member);
    has_member = true;
    *out = LogicalType{};
    switch (member.id) {
      case 1:
        out->kind = Kind::kString;
        return p->SkipStruct(member, "STRING");
      case 2:
        out->kind = Kind::kMap;
        return p->SkipStruct(member, "MAP");
      case 3:
        out->kind = Kind::kList;
        return p->SkipStruct(member, "LIST");
      case 4:
        out->kind = Kind::kEnum;
        return p->SkipStruct(member, "ENUM");
      case 5: {
        out->kind = Kind::kDecimal;
        bool has_scale = false;
        bool has_precision = false;
        OCPAGG_RETURN_IF_ERROR(p->Struct(member, "DECIMAL", [&](const FieldHeader& f) -> Status {
          switch (f.id) {
            case 1:
              has_scale = true;
              return p->I32(f, "scale", &out->decimal_scale);
            case 2:
              has_precision = true;
              return p->I32(f, "precision", &out->decimal_precision);
            default:
              return p->SkipField(f);
          }
        }));
        Parser::Scope scope(p, "DECIMAL");
        if (!has_scale) return p->Missing("scale");
        if (!has_precision) return p->Missing("precision");
        return Status::OK();
      }
      case 6:
        out->kind = Kind::kDate;
        return p->SkipStruct(member, "DATE");
      case 7:
        out->kind = Kind::kTime;
        return ParseTimeType(p, member, "TIME", out);
      case 8:
        out->kind = Kind::kTimestamp;
        return ParseTimeType(p, member, "TIMESTAMP", out);
      case 10: {
        out->kind = Kind::kInteger;
        bool has_width = false;
        bool has_signed = false;
        OCPAGG_RETURN_IF_ERROR(p->Struct(member, "INTEGER", [&](const FieldHeader& f) -> Status {
          switch (f.id) {
            case 1:
              has_width = true;
              return p->Byte(f, "bitWidth", &out->bit_width);
            case 2:
              has_signed = true;
              return p->Bool(f, "isSigned", &out->is_signed);
            default:
              return p->SkipField(f);
          }
        }));
        Parser::Scope scope(p, "INTEGER");
        if (!has_width) return p->Missing("bitWidth");
        if (!has_signed) return p->Missing("isSigned");
        return Status::OK();
      }
      case 11:
        out->kind = Kind::kUnknown;
        return p->SkipStruct(member, "UNKNOWN");
      case 12:
        out->kind = Kind::kJson;
        return p->SkipStruct(member, "JSON");
      case 13:
        out->kind = Kind::kBson;
        return p->SkipStruct(member, "BSON");
      case 14:
        out->kind = Kind::kUuid;
        return p->SkipStruct(member, "UUID");
      case 15:
        out->kind = Kind::kFloat16;
        return p->SkipStruct(member, "FLOAT16");
      default:
        // VARIANT, GEOMETRY, GEOGRAPHY and members added later: read as the physical type.
        out->kind = Kind::kOther;
        out->other_field_id = member.id;
        return p->SkipField(member);
    }
  });
}

Status ParseSchemaElement(Parser* p, SchemaElement* out) {
  bool has_name = false;
  OCPAGG_RETURN_IF_ERROR(p->StructBody([&](const FieldHeader& f) -> Status {
    int32_t raw = 0;
    switch (f.id) {
      case 1:
        OCPAGG_RETURN_IF_ERROR(p->I32(f, "type", &raw));
        if (raw < 0 || raw > static_cast<int32_t>(PhysicalType::kFixedLenByteArray)) {
          Parser::Scope scope(p, "type");
          return p->Invalid(fmt::format("is not a known physical type ({})", raw));
        }
        out->type = static_cast<PhysicalType>(raw);
        return Status::OK();
      case 2:
        return p->Count32(f, "type_length", &out->type_length);
      case 3:
        OCPAGG_RETURN_IF_ERROR(p->I32(f, "repetition_type", &raw));
        if (raw < 0 || raw > static_cast<int32_t>(Repetition::kRepeated)) {
          Parser::Scope scope(p, "repetition_type");
          return p->Invalid(fmt::format("is not a known repetition ({})", raw));
        }
        out->repetition = static_cast<Repetition>(raw);
        return Status::OK();
      case 4:
        has_name = true;
        return p->String(f, "name", &out->name);
      case 5:
        return p->Count32(f, "num_children", &out->num_children);
      case 6:
        OCPAGG_RETURN_IF_ERROR(p->I32(f, "converted_type", &raw));
        out->converted_type = static_cast<ConvertedType>(raw);
        return Status::OK();
      case 7:
        return p->I32(f, "scale", &out->scale);
      case 8:
        return p->I32(f, "precision", &out->precision);
      case 10:
        return ParseLogicalType(p, f, &out->logical_type);
      default:
        return p->SkipField(f);
    }
  }));
  if (!has_name) return p->Missing("name");
  return Status::OK();
}

Status ParseStatistics(Parser* p, const FieldHeader& field, Statistics* out) {
  return p->Struct(field, "statistics", [&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1:
        return p->String(f, "max", &out->max.emplace());
      case 2:
        return p->String(f, "min", &out->min.emplace());
      case 3:
        return p->Count64(f, "null_count", &out->null_count.emplace());
      case 4:
        return p->Count64(f, "distinct_count", &out->distinct_count.emplace());
      case 5:
        return p->String(f, "max_value", &out->max_value.emplace());
      case 6:
        return p->String(f, "min_value", &out->min_value.emplace());
      case 7:
        return p->Bool(f, "is_max_value_exact", &out->is_max_value_exact.emplace());
      case 8:
        return p->Bool(f, "is_min_value_exact", &out->is_min_value_exact.emplace());
      default:
        return p->SkipField(f);
    }
  });
}

Status ParseColumnMetaData(Parser* p, const FieldHeader& field, ColumnMetaData* out) {
  // Bits of the required fields seen: 1 type, 2 encodings, 3 path_in_schema, 4 codec,
  // 5 num_values, 6 total_uncompressed_size, 7 total_compressed_size, 9 data_page_offset.
  uint32_t seen = 0;
  OCPAGG_RETURN_IF_ERROR(p->Struct(field, "meta_data", [&](const FieldHeader& f) -> Status {
    if (f.id > 0 && f.id < 32) seen |= 1u << f.id;
    int32_t raw = 0;
    switch (f.id) {
      case 1:
        OCPAGG_RETURN_IF_ERROR(p->I32(f, "type", &raw));
        if (raw < 0 || raw > static_cast<int32_t>(PhysicalType::kFixedLenByteArray)) {
          Parser::Scope scope(p, "type");
          return p->Invalid(fmt::format("is not a known physical type ({})", raw));
        }
        out->type = static_cast<PhysicalType>(raw);
        return Status::OK();
      case 2:
        out->encodings.clear();
        return p->List(f, "encodings", CompactType::kI32, [&]() -> Status {
          int32_t encoding = 0;
          OCPAGG_RETURN_IF_ERROR(p->ElementI32(&encoding));
          out->encodings.push_back(static_cast<Encoding>(encoding));
          return Status::OK();
        });
      case 3:
        out->path_in_schema.clear();
        return p->List(f, "path_in_schema", CompactType::kBinary, [&]() -> Status {
          return p->ElementString(&out->path_in_schema.emplace_back());
        });
      case 4:
        OCPAGG_RETURN_IF_ERROR(p->I32(f, "codec", &raw));
        out->codec = static_cast<Codec>(raw);
        return Status::OK();
      case 5:
        return p->Count64(f, "num_values", &out->num_values);
      case 6:
        return p->Count64(f, "total_uncompressed_size", &out->total_uncompressed_size);
      case 7:
        return p->Count64(f, "total_compressed_size", &out->total_compressed_size);
      case 9:
        return p->Count64(f, "data_page_offset", &out->data_page_offset);
      case 10:
        return p->Count64(f, "index_page_offset", &out->index_page_offset.emplace());
      case 11:
        return p->Count64(f, "dictionary_page_offset", &out->dictionary_page_offset.emplace());
      case 12:
        return ParseStatistics(p, f, &out->statistics.emplace());
      default:
        return p->SkipField(f);
    }
  }));
  Parser::Scope scope(p, "meta_data");
  static constexpr std::pair<int, const char*> kRequired[] = {{1, "type"},
                                                              {2, "encodings"},
                                                              {3, "path_in_schema"},
                                                              {4, "codec"},
                                                              {5, "num_values"},
                                                              {6, "total_uncompressed_size"},
                                                              {7, "total_compressed_size"},
                                                              {9, "data_page_offset"}};
  for (const auto& [id, name] : kRequired) {
    if ((seen & (1u << id)) == 0) return p->Missing(name);
  }
  return Status::OK();
}

Status ParseColumnChunk(Parser* p, ColumnChunk* out) {
  return p->StructBody([&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1:
        return p->String(f, "file_path", &out->file_path.emplace());
      case 2:
        return p->Count64(f, "file_offset", &out->file_offset);
      case 3:
        return ParseColumnMetaData(p, f, &out->meta_data.emplace());
      case 8:
      case 9:
        // crypto_metadata / encrypted_column_metadata: the column is encrypted.
        out->has_crypto_metadata = true;
        return p->SkipField(f);
      default:
        return p->SkipField(f);
    }
  });
}

Status ParseRowGroup(Parser* p, RowGroup* out) {
  bool has_columns = false;
  bool has_total_byte_size = false;
  bool has_num_rows = false;
  OCPAGG_RETURN_IF_ERROR(p->StructBody([&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1:
        has_columns = true;
        out->columns.clear();
        return p->List(f, "columns", CompactType::kStruct,
                       [&]() { return ParseColumnChunk(p, &out->columns.emplace_back()); });
      case 2:
        has_total_byte_size = true;
        return p->Count64(f, "total_byte_size", &out->total_byte_size);
      case 3:
        has_num_rows = true;
        return p->Count64(f, "num_rows", &out->num_rows);
      case 5:
        return p->Count64(f, "file_offset", &out->file_offset.emplace());
      case 6:
        return p->Count64(f, "total_compressed_size", &out->total_compressed_size.emplace());
      case 7:
        return p->I16(f, "ordinal", &out->ordinal.emplace());
      default:
        return p->SkipField(f);
    }
  }));
  if (!has_columns) return p->Missing("columns");
  if (!has_total_byte_size) return p->Missing("total_byte_size");
  if (!has_num_rows) return p->Missing("num_rows");
  return Status::OK();
}

Status ParseKeyValue(Parser* p, KeyValue* out) {
  bool has_key = false;
  OCPAGG_RETURN_IF_ERROR(p->StructBody([&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1:
        has_key = true;
        return p->String(f, "key", &out->key);
      case 2:
        return p->String(f, "value", &out->value.emplace());
      default:
        return p->SkipField(f);
    }
  }));
  if (!has_key) return p->Missing("key");
  return Status::OK();
}

Status ParseDataPageHeader(Parser* p, const FieldHeader& field, DataPageHeader* out) {
  uint32_t seen = 0;
  OCPAGG_RETURN_IF_ERROR(p->Struct(field, "data_page_header", [&](const FieldHeader& f) -> Status {
    if (f.id > 0 && f.id < 32) seen |= 1u << f.id;
    int32_t raw = 0;
    switch (f.id) {
      case 1:
        return p->Count32(f, "num_values", &out->num_values);
      case 2:
        OCPAGG_RETURN_IF_ERROR(p->I32(f, "encoding", &raw));
        out->encoding = static_cast<Encoding>(raw);
        return Status::OK();
      case 3:
        OCPAGG_RETURN_IF_ERROR(p->I32(f, "definition_level_encoding", &raw));
        out->definition_level_encoding = static_cast<Encoding>(raw);
        return Status::OK();
      case 4:
        OCPAGG_RETURN_IF_ERROR(p->I32(f, "repetition_level_encoding", &raw));
        out->repetition_level_encoding = static_cast<Encoding>(raw);
        return Status::OK();
      default:
        return p->SkipField(f);  // 5 statistics: the footer's are used instead
    }
  }));
  Parser::Scope scope(p, "data_page_header");
  if ((seen & (1u << 1)) == 0) return p->Missing("num_values");
  if ((seen & (1u << 2)) == 0) return p->Missing("encoding");
  if ((seen & (1u << 3)) == 0) return p->Missing("definition_level_encoding");
  if ((seen & (1u << 4)) == 0) return p->Missing("repetition_level_encoding");
  return Status::OK();
}

Status ParseDictionaryPageHeader(Parser* p, const FieldHeader& field, DictionaryPageHeader* out) {
  bool has_num_values = false;
  bool has_encoding = false;
  OCPAGG_RETURN_IF_ERROR(
      p->Struct(field, "dictionary_page_header", [&](const FieldHeader& f) -> Status {
        int32_t raw = 0;
        switch (f.id) {
          case 1:
            has_num_values = true;
            return p->Count32(f, "num_values", &out->num_values);
          case 2:
            has_encoding = true;
            OCPAGG_RETURN_IF_ERROR(p->I32(f, "encoding", &raw));
            out->encoding = static_cast<Encoding>(raw);
            return Status::OK();
          case 3:
            return p->Bool(f, "is_sorted", &out->is_sorted);
          default:
            return p->SkipField(f);
        }
      }));
  Parser::Scope scope(p, "dictionary_page_header");
  if (!has_num_values) return p->Missing("num_values");
  if (!has_encoding) return p->Missing("encoding");
  return Status::OK();
}

Status ParseDataPageHeaderV2(Parser* p, const FieldHeader& field, DataPageHeaderV2* out) {
  uint32_t seen = 0;
  OCPAGG_RETURN_IF_ERROR(
      p->Struct(field, "data_page_header_v2", [&](const FieldHeader& f) -> Status {
        if (f.id > 0 && f.id < 32) seen |= 1u << f.id;
        int32_t raw = 0;
        switch (f.id) {
          case 1:
            return p->Count32(f, "num_values", &out->num_values);
          case 2:
            return p->Count32(f, "num_nulls", &out->num_nulls);
          case 3:
            return p->Count32(f, "num_rows", &out->num_rows);
          case 4:
            OCPAGG_RETURN_IF_ERROR(p->I32(f, "encoding", &raw));
            out->encoding = static_cast<Encoding>(raw);
            return Status::OK();
          case 5:
            return p->Count32(f, "definition_levels_byte_length",
                              &out->definition_levels_byte_length);
          case 6:
            return p->Count32(f, "repetition_levels_byte_length",
                              &out->repetition_levels_byte_length);
          case 7:
            return p->Bool(f, "is_compressed", &out->is_compressed);
          default:
            return p->SkipField(f);  // 8 statistics
        }
      }));
  Parser::Scope scope(p, "data_page_header_v2");
  static constexpr std::pair<int, const char*> kRequired[] = {{1, "num_values"},
                                                              {2, "num_nulls"},
                                                              {3, "num_rows"},
                                                              {4, "encoding"},
                                                              {5, "definition_levels_byte_length"},
                                                              {6, "repetition_levels_byte_length"}};
  for (const auto& [id, name] : kRequired) {
    if ((seen & (1u << id)) == 0) return p->Missing(name);
  }
  if (out->num_nulls > out->num_values) {
    return p->Invalid(
        fmt::format("num_nulls ({}) exceeds num_values ({})", out->num_nulls, out->num_values));
  }
  return Status::OK();
}

}  // namespace

Result<FileMetaData> ParseFileMetaData(std::span<const uint8_t> bytes) {
  Parser parser(bytes);
  Parser* p = &parser;
  Parser::Scope root(p, "FileMetaData");
  FileMetaData out;
  bool has_version = false;
  bool has_schema = false;
  bool has_num_rows = false;
  bool has_row_groups = false;
  OCPAGG_RETURN_IF_ERROR(p->StructBody([&](const FieldHeader& f) -> Status {
    switch (f.id) {
      case 1:
        has_version = true;
        return p->I32(f, "version", &out.version);
      case 2:
        has_schema = true;
        out.schema.clear();
        return p->List(f, "schema", CompactType::kStruct,
                       [&]() { return ParseSchemaElement(p, &out.schema.emplace_back()); });
      case 3:
        has_num_rows = true;
        return p->Count64(f, "num_rows", &out.num_rows);
      case 4:
        has_row_groups = true;
        out.row_groups.clear();
        return p->List(f, "row_groups", CompactType::kStruct,
                       [&]() { return ParseRowGroup(p, &out.row_groups.emplace_back()); });
      case 5:
        out.key_value_metadata.clear();
        return p->List(f, "key_value_metadata", CompactType::kStruct,
                       [&]() { return ParseKeyValue(p, &out.key_value_metadata.emplace_back()); });
      case 6:
        return p->String(f, "created_by", &out.created_by.emplace());
      case 8:
        // encryption_algorithm: an encrypted file with a plaintext footer.
        out.has_encryption_algorithm = true;
        return p->SkipField(f);
      default:
        return p->SkipField(f);  // 7 column_orders, 9 footer_signing_key_metadata, later fields
    }
  }));
  if (!has_version) return p->Missing("version");
  if (!has_schema) return p->Missing("schema");
  if (!has_num_rows) return p->Missing("num_rows");
  if (!has_row_groups) return p->Missing("row_groups");
  return out;
}

Result<PageHeader> ParsePageHeader(std::span<const uint8_t> bytes, size_t* header_size) {
  Parser parser(bytes);
  Parser* p = &parser;
  Parser::Scope root(p, "PageHeader");
  PageHeader out;
  bool has_type = false;
  bool has_uncompressed = false;
  bool has_compressed = false;
  OCPAGG_RETURN_IF_ERROR(p->StructBody([&](const FieldHeader& f) -> Status {
    int32_t raw = 0;
    switch (f.id) {
      case 1:
        has_type = true;
        OCPAGG_RETURN_IF_ERROR(p->I32(f, "type", &raw));
        if (raw < 0 || raw > static_cast<int32_t>(PageType::kDataPageV2)) {
          Parser::Scope scope(p, "type");
          return p->Invalid(fmt::format("is not a known page type ({})", raw));
        }
        out.type = static_cast<PageType>(raw);
        return Status::OK();
      case 2:
        has_uncompressed = true;
        return p->Count32(f, "uncompressed_page_size", &out.uncompressed_page_size);
      case 3:
        has_compressed = true;
        return p->Count32(f, "compressed_page_size", &out.compressed_page_size);
      case 4:
        OCPAGG_RETURN_IF_ERROR(p->I32(f, "crc", &raw));
        out.crc = static_cast<uint32_t>(raw);
        return Status::OK();
      case 5:
        return ParseDataPageHeader(p, f, &out.data_page_header.emplace());
      case 7:
        return ParseDictionaryPageHeader(p, f, &out.dictionary_page_header.emplace());
      case 8:
        return ParseDataPageHeaderV2(p, f, &out.data_page_header_v2.emplace());
      default:
        return p->SkipField(f);  // 6 index_page_header, later fields
    }
  }));
  if (!has_type) return p->Missing("type");
  if (!has_uncompressed) return p->Missing("uncompressed_page_size");
  if (!has_compressed) return p->Missing("compressed_page_size");
  const auto missing_sub_header = [&](const char* name) {
    Parser::Scope scope(p, name);
    return p->Invalid(
        fmt::format("is missing (required for page type {})", PageTypeName(out.type)));
  };
  switch (out.type) {
    case PageType::kDataPage:
      if (!out.data_page_header) return missing_sub_header("data_page_header");
      break;
    case PageType::kDictionaryPage:
      if (!out.dictionary_page_header) return missing_sub_header("dictionary_page_header");
      break;
    case PageType::kDataPageV2: {
      if (!out.data_page_header_v2) return missing_sub_header("data_page_header_v2");
      // The levels are stored uncompressed at the start of the page, inside both sizes.
      const DataPageHeaderV2& v2 = *out.data_page_header_v2;
      const int64_t levels =
          static_cast<int64_t>(v2.definition_levels_byte_length) + v2.repetition_levels_byte_length;
      if (levels > out.compressed_page_size || levels > out.uncompressed_page_size) {
        Parser::Scope scope(p, "data_page_header_v2");
        return p->Invalid(fmt::format(
            "level lengths ({} + {} bytes) exceed the page size (compressed {}, uncompressed {})",
            v2.definition_levels_byte_length, v2.repetition_levels_byte_length,
            out.compressed_page_size, out.uncompressed_page_size));
      }
      break;
    }
    case PageType::kIndexPage:
      break;
  }
  *header_size = p->position();
  return out;
}

std::string PhysicalTypeName(PhysicalType type) {
  switch (type) {
    case PhysicalType::kBoolean:
      return "BOOLEAN";
    case PhysicalType::kInt32:
      return "INT32";
    case PhysicalType::kInt64:
      return "INT64";
    case PhysicalType::kInt96:
      return "INT96";
    case PhysicalType::kFloat:
      return "FLOAT";
    case PhysicalType::kDouble:
      return "DOUBLE";
    case PhysicalType::kByteArray:
      return "BYTE_ARRAY";
    case PhysicalType::kFixedLenByteArray:
      return "FIXED_LEN_BYTE_ARRAY";
  }
  return fmt::format("UNKNOWN({})", static_cast<int32_t>(type));
}

std::string EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kPlain:
      return "PLAIN";
    case Encoding::kPlainDictionary:
      return "PLAIN_DICTIONARY";
    case Encoding::kRle:
      return "RLE";
    case Encoding::kBitPacked:
      return "BIT_PACKED";
    case Encoding::kDeltaBinaryPacked:
      return "DELTA_BINARY_PACKED";
    case Encoding::kDeltaLengthByteArray:
      return "DELTA_LENGTH_BYTE_ARRAY";
    case Encoding::kDeltaByteArray:
      return "DELTA_BYTE_ARRAY";
    case Encoding::kRleDictionary:
      return "RLE_DICTIONARY";
    case Encoding::kByteStreamSplit:
      return "BYTE_STREAM_SPLIT";
  }
  return fmt::format("UNKNOWN({})", static_cast<int32_t>(encoding));
}

std::string CodecName(Codec codec) {
  switch (codec) {
    case Codec::kUncompressed:
      return "UNCOMPRESSED";
    case Codec::kSnappy:
      return "SNAPPY";
    case Codec::kGzip:
      return "GZIP";
    case Codec::kLzo:
      return "LZO";
    case Codec::kBrotli:
      return "BROTLI";
    case Codec::kLz4:
      return "LZ4";
    case Codec::kZstd:
      return "ZSTD";
    case Codec::kLz4Raw:
      return "LZ4_RAW";
  }
  return fmt::format("UNKNOWN({})", static_cast<int32_t>(codec));
}

std::string ConvertedTypeName(ConvertedType type) {
  switch (type) {
    case ConvertedType::kUtf8:
      return "UTF8";
    case ConvertedType::kMap:
      return "MAP";
    case ConvertedType::kMapKeyValue:
      return "MAP_KEY_VALUE";
    case ConvertedType::kList:
      return "LIST";
    case ConvertedType::kEnum:
      return "ENUM";
    case ConvertedType::kDecimal:
      return "DECIMAL";
    case ConvertedType::kDate:
      return "DATE";
    case ConvertedType::kTimeMillis:
      return "TIME_MILLIS";
    case ConvertedType::kTimeMicros:
      return "TIME_MICROS";
    case ConvertedType::kTimestampMillis:
      return "TIMESTAMP_MILLIS";
    case ConvertedType::kTimestampMicros:
      return "TIMESTAMP_MICROS";
    case ConvertedType::kUint8:
      return "UINT_8";
    case ConvertedType::kUint16:
      return "UINT_16";
    case ConvertedType::kUint32:
      return "UINT_32";
    case ConvertedType::kUint64:
      return "UINT_64";
    case ConvertedType::kInt8:
      return "INT_8";
    case ConvertedType::kInt16:
      return "INT_16";
    case ConvertedType::kInt32:
      return "INT_32";
    case ConvertedType::kInt64:
      return "INT_64";
    case ConvertedType::kJson:
      return "JSON";
    case ConvertedType::kBson:
      return "BSON";
    case ConvertedType::kInterval:
      return "INTERVAL";
  }
  return fmt::format("UNKNOWN({})", static_cast<int32_t>(type));
}

std::string TimeUnitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMillis:
      return "MILLIS";
    case TimeUnit::kMicros:
      return "MICROS";
    case TimeUnit::kNanos:
      return "NANOS";
  }
  return "UNKNOWN";
}

std::string PageTypeName(PageType type) {
  switch (type) {
    case PageType::kDataPage:
      return "DATA_PAGE";
    case PageType::kIndexPage:
      return "INDEX_PAGE";
    case PageType::kDictionaryPage:
      return "DICTIONARY_PAGE";
    case PageType::kDataPageV2:
      return "DATA_PAGE_V2";
  }
  return fmt::format("UNKNOWN({})", static_cast<int32_t>(type));
}

}  // namespace ocpagg::parquet
