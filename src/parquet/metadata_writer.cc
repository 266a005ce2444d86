#include "parquet/metadata_writer.h"

#include <string>

#include "parquet/thrift/compact_writer.h"

namespace ocpagg::parquet {
namespace {

using thrift::CompactType;
using thrift::CompactWriter;

int32_t Raw(auto value) { return static_cast<int32_t>(value); }

void WriteTimeUnit(CompactWriter* w, TimeUnit unit) {
  w->BeginStructField(2);  // TIME/TIMESTAMP.unit: TimeUnit union
  switch (unit) {
    case TimeUnit::kMillis:
      w->EmptyStructField(1);
      break;
    case TimeUnit::kMicros:
      w->EmptyStructField(2);
      break;
    case TimeUnit::kNanos:
      w->EmptyStructField(3);
      break;
  }
  w->EndStruct();
}

// LogicalType union (field 10 of SchemaElement); nothing for kNone.
void WriteLogicalType(CompactWriter* w, const LogicalType& type) {
  using Kind = LogicalType::Kind;
  int16_t member = 0;
  switch (type.kind) {
    case Kind::kNone:
      return;
    case Kind::kString:
      member = 1;
      break;
    case Kind::kMap:
      member = 2;
      break;
    case Kind::kList:
      member = 3;
      break;
    case Kind::kEnum:
      member = 4;
      break;
    case Kind::kDecimal:
      member = 5;
      break;
    case Kind::kDate:
      member = 6;
      break;
    case Kind::kTime:
      member = 7;
      break;
    case Kind::kTimestamp:
      member = 8;
      break;
    case Kind::kInteger:
      member = 10;
      break;
    case Kind::kUnknown:
      member = 11;
      break;
    case Kind::kJson:
      member = 12;
      break;
    case Kind::kBson:
      member = 13;
      break;
    case Kind::kUuid:
      member = 14;
      break;
    case Kind::kFloat16:
      member = 15;
      break;
    case Kind::kOther:
      // A member this project does not interpret: its content is unknown. Members whose structs
      // have required fields cannot be written empty, so they are dropped.
      member = type.other_field_id;
      if (member == 5 || member == 7 || member == 8 || member == 10 || member <= 0) return;
      break;
  }
  w->BeginStructField(10);
  switch (type.kind) {
    case Kind::kDecimal:
      w->BeginStructField(member);
      w->I32Field(1, type.decimal_scale);
      w->I32Field(2, type.decimal_precision);
      w->EndStruct();
      break;
    case Kind::kTime:
    case Kind::kTimestamp:
      w->BeginStructField(member);
      w->BoolField(1, type.is_adjusted_to_utc);
      WriteTimeUnit(w, type.unit);
      w->EndStruct();
      break;
    case Kind::kInteger:
      w->BeginStructField(member);
      w->ByteField(1, type.bit_width);
      w->BoolField(2, type.is_signed);
      w->EndStruct();
      break;
    default:
      w->EmptyStructField(member);
      break;
  }
  w->EndStruct();
}

void WriteSchemaElement(CompactWriter* w, const SchemaElement& e) {
  w->BeginStruct();
  if (e.type) w->I32Field(1, Raw(*e.type));
  if (e.type_length != 0 || e.type == PhysicalType::kFixedLenByteArray) {
    w->I32Field(2, e.type_length);
  }
  if (e.repetition) w->I32Field(3, Raw(*e.repetition));
  w->BinaryField(4, e.name);
  if (e.num_children != 0 || !e.type) w->I32Field(5, e.num_children);
  if (e.converted_type) w->I32Field(6, Raw(*e.converted_type));
  const bool decimal = e.converted_type == ConvertedType::kDecimal ||
                       e.logical_type.kind == LogicalType::Kind::kDecimal;
  if (e.scale != 0 || decimal) w->I32Field(7, e.scale);
  if (e.precision != 0 || decimal) w->I32Field(8, e.precision);
  WriteLogicalType(w, e.logical_type);
  w->EndStruct();
}

void WriteStatistics(CompactWriter* w, int16_t id, const Statistics& s) {
  w->BeginStructField(id);
  if (s.max) w->BinaryField(1, *s.max);
  if (s.min) w->BinaryField(2, *s.min);
  if (s.null_count) w->I64Field(3, *s.null_count);
  if (s.distinct_count) w->I64Field(4, *s.distinct_count);
  if (s.max_value) w->BinaryField(5, *s.max_value);
  if (s.min_value) w->BinaryField(6, *s.min_value);
  if (s.is_max_value_exact) w->BoolField(7, *s.is_max_value_exact);
  if (s.is_min_value_exact) w->BoolField(8, *s.is_min_value_exact);
  w->EndStruct();
}

void WriteColumnMetaData(CompactWriter* w, const ColumnMetaData& m) {
  w->BeginStructField(3);
  w->I32Field(1, Raw(m.type));
  w->ListField(2, CompactType::kI32, static_cast<uint32_t>(m.encodings.size()));
  for (Encoding e : m.encodings) w->I32(Raw(e));
  w->ListField(3, CompactType::kBinary, static_cast<uint32_t>(m.path_in_schema.size()));
  for (const std::string& p : m.path_in_schema) w->Binary(p);
  w->I32Field(4, Raw(m.codec));
  w->I64Field(5, m.num_values);
  w->I64Field(6, m.total_uncompressed_size);
  w->I64Field(7, m.total_compressed_size);
  w->I64Field(9, m.data_page_offset);
  if (m.index_page_offset) w->I64Field(10, *m.index_page_offset);
  if (m.dictionary_page_offset) w->I64Field(11, *m.dictionary_page_offset);
  if (m.statistics) WriteStatistics(w, 12, *m.statistics);
  w->EndStruct();
}

void WriteColumnChunk(CompactWriter* w, const ColumnChunk& c) {
  w->BeginStruct();
  if (c.file_path) w->BinaryField(1, *c.file_path);
  w->I64Field(2, c.file_offset);
  if (c.meta_data) WriteColumnMetaData(w, *c.meta_data);
  if (c.has_crypto_metadata) w->EmptyStructField(8);
  w->EndStruct();
}

void WriteRowGroup(CompactWriter* w, const RowGroup& g) {
  w->BeginStruct();
  w->ListField(1, CompactType::kStruct, static_cast<uint32_t>(g.columns.size()));
  for (const ColumnChunk& c : g.columns) WriteColumnChunk(w, c);
  w->I64Field(2, g.total_byte_size);
  w->I64Field(3, g.num_rows);
  if (g.file_offset) w->I64Field(5, *g.file_offset);
  if (g.total_compressed_size) w->I64Field(6, *g.total_compressed_size);
  if (g.ordinal) w->I16Field(7, *g.ordinal);
  w->EndStruct();
}

}  // namespace

std::vector<uint8_t> SerializeFileMetaData(const FileMetaData& metadata,
                                           const FooterSerializeOptions& options) {
  std::vector<uint8_t> out;
  out.reserve(1024);
  CompactWriter w(&out);
  w.I32Field(1, metadata.version);
  w.ListField(2, CompactType::kStruct, static_cast<uint32_t>(metadata.schema.size()));
  uint32_t leaves = 0;
  for (const SchemaElement& e : metadata.schema) {
    WriteSchemaElement(&w, e);
    if (e.type) ++leaves;
  }
  w.I64Field(3, metadata.num_rows);
  w.ListField(4, CompactType::kStruct, static_cast<uint32_t>(metadata.row_groups.size()));
  for (const RowGroup& g : metadata.row_groups) WriteRowGroup(&w, g);
  if (!metadata.key_value_metadata.empty()) {
    w.ListField(5, CompactType::kStruct, static_cast<uint32_t>(metadata.key_value_metadata.size()));
    for (const KeyValue& kv : metadata.key_value_metadata) {
      w.BeginStruct();
      w.BinaryField(1, kv.key);
      if (kv.value) w.BinaryField(2, *kv.value);
      w.EndStruct();
    }
  }
  if (metadata.created_by) w.BinaryField(6, *metadata.created_by);
  if (options.type_defined_column_orders && leaves > 0) {
    // ColumnOrder union, member 1: TYPE_ORDER (an empty struct).
    w.ListField(7, CompactType::kStruct, leaves);
    for (uint32_t i = 0; i < leaves; ++i) {
      w.BeginStruct();
      w.EmptyStructField(1);
      w.EndStruct();
    }
  }
  if (metadata.has_encryption_algorithm) w.EmptyStructField(8);
  w.Finish();
  return out;
}

void SerializePageHeader(const PageHeader& header, std::vector<uint8_t>* out) {
  CompactWriter w(out);
  w.I32Field(1, Raw(header.type));
  w.I32Field(2, header.uncompressed_page_size);
  w.I32Field(3, header.compressed_page_size);
  if (header.crc) w.I32Field(4, static_cast<int32_t>(*header.crc));
  if (header.data_page_header) {
    const DataPageHeader& h = *header.data_page_header;
    w.BeginStructField(5);
    w.I32Field(1, h.num_values);
    w.I32Field(2, Raw(h.encoding));
    w.I32Field(3, Raw(h.definition_level_encoding));
    w.I32Field(4, Raw(h.repetition_level_encoding));
    w.EndStruct();
  }
  if (header.dictionary_page_header) {
    const DictionaryPageHeader& h = *header.dictionary_page_header;
    w.BeginStructField(7);
    w.I32Field(1, h.num_values);
    w.I32Field(2, Raw(h.encoding));
    w.BoolField(3, h.is_sorted);
    w.EndStruct();
  }
  if (header.data_page_header_v2) {
    const DataPageHeaderV2& h = *header.data_page_header_v2;
    w.BeginStructField(8);
    w.I32Field(1, h.num_values);
    w.I32Field(2, h.num_nulls);
    w.I32Field(3, h.num_rows);
    w.I32Field(4, Raw(h.encoding));
    w.I32Field(5, h.definition_levels_byte_length);
    w.I32Field(6, h.repetition_levels_byte_length);
    w.BoolField(7, h.is_compressed);
    w.EndStruct();
  }
  w.Finish();
}

std::vector<uint8_t> SerializePageHeader(const PageHeader& header) {
  std::vector<uint8_t> out;
  SerializePageHeader(header, &out);
  return out;
}

}  // namespace ocpagg::parquet
