#pragma once

// Serialisation of the Parquet footer and page headers (the structs of metadata.h) in the Thrift
// compact protocol (thrift/compact_writer.h), field numbers per parquet-format's parquet.thrift.
//
// Every field the structs hold is written (optional ones only when set), so that
// ParseFileMetaData / ParsePageHeader read back an identical struct. Besides the structs' fields,
// SerializeFileMetaData can write FileMetaData.column_orders (field 7): TYPE_ORDER for every leaf,
// which tells readers that Statistics.min_value / max_value follow the type's sort order
// (without it their meaning is undefined, per parquet.thrift).
//
// Layout of what is written (ids in parentheses; `?` = only when set):
//   FileMetaData   version(1) schema(2) num_rows(3) row_groups(4) key_value_metadata(5)?
//                  created_by(6)? column_orders(7)? encryption_algorithm(8)?
//   SchemaElement  type(1)? type_length(2)? repetition_type(3)? name(4) num_children(5)?
//                  converted_type(6)? scale(7)? precision(8)? logicalType(10)?
//   RowGroup       columns(1) total_byte_size(2) num_rows(3) file_offset(5)?
//                  total_compressed_size(6)? ordinal(7)?
//   ColumnChunk    file_path(1)? file_offset(2) meta_data(3)? crypto_metadata(8)?
//   ColumnMetaData type(1) encodings(2) path_in_schema(3) codec(4) num_values(5)
//                  total_uncompressed_size(6) total_compressed_size(7) data_page_offset(9)
//                  index_page_offset(10)? dictionary_page_offset(11)? statistics(12)?
//   Statistics     max(1)? min(2)? null_count(3)? distinct_count(4)? max_value(5)? min_value(6)?
//                  is_max_value_exact(7)? is_min_value_exact(8)?
//   PageHeader     type(1) uncompressed_page_size(2) compressed_page_size(3) crc(4)?
//                  data_page_header(5)? dictionary_page_header(7)? data_page_header_v2(8)?
//
// The empty placeholders crypto_metadata / encryption_algorithm are written only to preserve the
// "encrypted" flags of a parsed struct; the writer of this project never sets them.

#include <cstdint>
#include <vector>

#include "parquet/metadata.h"

namespace ocpagg::parquet {

struct FooterSerializeOptions {
  /// Write column_orders = TYPE_ORDER for every leaf of the schema.
  bool type_defined_column_orders = true;
};

/// The compact-protocol bytes of `metadata` (what goes between the data and the footer length).
std::vector<uint8_t> SerializeFileMetaData(const FileMetaData& metadata,
                                           const FooterSerializeOptions& options = {});

/// Appends the compact-protocol bytes of `header` to `*out`.
void SerializePageHeader(const PageHeader& header, std::vector<uint8_t>* out);

/// The compact-protocol bytes of `header`.
std::vector<uint8_t> SerializePageHeader(const PageHeader& header);

}  // namespace ocpagg::parquet
