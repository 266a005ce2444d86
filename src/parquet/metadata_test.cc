#include "parquet/metadata.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "parquet/schema.h"

namespace ocpagg::parquet {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Compact type codes, for the writer below.
constexpr uint8_t kTByte = 3;
constexpr uint8_t kTI32 = 5;
constexpr uint8_t kTI64 = 6;
constexpr uint8_t kTDouble = 7;
constexpr uint8_t kTBinary = 8;
constexpr uint8_t kTList = 9;
constexpr uint8_t kTMap = 11;
constexpr uint8_t kTStruct = 12;

// A tiny Thrift compact-protocol writer for building test inputs. It starts inside the root
// struct; Finish() writes the root's stop byte. Field ids use the short form when the delta from
// the previous id of the same struct is 1..15 and the long form otherwise.
class CompactWriter {
 public:
  CompactWriter& I32(int16_t id, int32_t v) {
    Header(id, kTI32);
    return ElemI32(v);
  }
  CompactWriter& I64(int16_t id, int64_t v) {
    Header(id, kTI64);
    Varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
    return *this;
  }
  CompactWriter& Byte(int16_t id, int8_t v) {
    Header(id, kTByte);
    bytes_.push_back(static_cast<uint8_t>(v));
    return *this;
  }
  CompactWriter& Bool(int16_t id, bool v) {
    Header(id, v ? 1 : 2);
    return *this;
  }
  CompactWriter& Double(int16_t id, double v) {
    Header(id, kTDouble);
    const auto bits = std::bit_cast<uint64_t>(v);
    for (int i = 0; i < 8; ++i) bytes_.push_back(static_cast<uint8_t>(bits >> (8 * i)));
    return *this;
  }
  CompactWriter& Binary(int16_t id, std::string_view v) {
    Header(id, kTBinary);
    return ElemBinary(v);
  }
  CompactWriter& BeginStruct(int16_t id) {
    Header(id, kTStruct);
    return ElemStruct();
  }
  CompactWriter& EndStruct() {
    bytes_.push_back(0);
    last_ids_.pop_back();
    return *this;
  }
  CompactWriter& EmptyStruct(int16_t id) { return BeginStruct(id).EndStruct(); }
  CompactWriter& BeginList(int16_t id, uint8_t element_type, uint32_t size) {
    Header(id, kTList);
    return ListHeader(element_type, size);
  }
  // Starts a field whose value is written by the caller with Raw() (for malformed values).
  CompactWriter& FieldHeader(int16_t id, uint8_t type) {
    Header(id, type);
    return *this;
  }

  // Values without a field header: list elements.
  CompactWriter& ListHeader(uint8_t element_type, uint32_t size) {
    if (size < 15) {
      bytes_.push_back(static_cast<uint8_t>(size << 4 | element_type));
    } else {
      bytes_.push_back(static_cast<uint8_t>(0xF0 | element_type));
      Varint(size);
    }
    return *this;
  }
  CompactWriter& ElemI32(int32_t v) {
    Varint((static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31));
    return *this;
  }
  CompactWriter& ElemBinary(std::string_view v) {
    Varint(v.size());
    bytes_.insert(bytes_.end(), v.begin(), v.end());
    return *this;
  }
  CompactWriter& ElemStruct() {
    last_ids_.push_back(0);
    return *this;
  }
  CompactWriter& Raw(std::initializer_list<uint8_t> raw) {
    bytes_.insert(bytes_.end(), raw.begin(), raw.end());
    return *this;
  }
  CompactWriter& Varint(uint64_t v) {
    while (v >= 0x80) {
      bytes_.push_back(static_cast<uint8_t>(v | 0x80));
      v >>= 7;
    }
    bytes_.push_back(static_cast<uint8_t>(v));
    return *this;
  }

  std::vector<uint8_t> Finish() {
    bytes_.push_back(0);
    return bytes_;
  }
  // The bytes so far, without the root's stop byte (for truncated inputs).
  const std::vector<uint8_t>& bytes() const { return bytes_; }

 private:
  void Header(int16_t id, uint8_t type) {
    const int delta = id - last_ids_.back();
    if (delta > 0 && delta <= 15) {
      bytes_.push_back(static_cast<uint8_t>(delta << 4 | type));
    } else {
      bytes_.push_back(type);
      Varint((static_cast<uint32_t>(id) << 1) ^ static_cast<uint32_t>(id >> 15));
    }
    last_ids_.back() = id;
  }

  std::vector<uint8_t> bytes_;
  std::vector<int16_t> last_ids_{0};
};

// Skippable fields of every shape, written into a struct under unused ids from `first_id` on.
void WriteUnknownFields(CompactWriter& w, int16_t first_id) {
  w.I64(first_id, -7)
      .Double(static_cast<int16_t>(first_id + 1), 2.5)
      .Bool(static_cast<int16_t>(first_id + 2), true)
      .Binary(300, "far away: long-form field id");
  w.FieldHeader(301, kTMap).Raw({0x01, 0x89});  // map<binary, list<i32>> with one entry
  w.ElemBinary("k").ListHeader(kTI32, 2).ElemI32(1).ElemI32(2);
  w.BeginStruct(302).BeginList(1, kTStruct, 1).ElemStruct().Bool(1, false).EndStruct().EndStruct();
}

struct FooterOptions {
  bool unknown_fields = false;
  bool encrypted = false;
};

// A FileMetaData with six flat columns, one row group and key-value metadata.
//   id     INT64 REQUIRED
//   name   BYTE_ARRAY OPTIONAL, UTF8 + STRING
//   ts     INT64 OPTIONAL, TIMESTAMP(MICROS, utc=false)
//   price  INT32 REQUIRED, converted DECIMAL(9, 2)
//   small  INT32 OPTIONAL, INTEGER(16, unsigned)
//   uuid   FIXED_LEN_BYTE_ARRAY(16) OPTIONAL, UUID
std::vector<uint8_t> BuildFooter(const FooterOptions& options = {}) {
  CompactWriter w;
  w.I32(1, 2);
  w.BeginList(2, kTStruct, 7);
  w.ElemStruct().Binary(4, "schema").I32(5, 6).EndStruct();
  w.ElemStruct().I32(1, 2).I32(3, 0).Binary(4, "id");
  if (options.unknown_fields) w.I32(9, 17).I64(40, 1);  // field_id, then an unknown field
  w.EndStruct();
  w.ElemStruct().I32(1, 6).I32(3, 1).Binary(4, "name").I32(6, 0).BeginStruct(10).EmptyStruct(1);
  w.EndStruct().EndStruct();
  w.ElemStruct().I32(1, 2).I32(3, 1).Binary(4, "ts").BeginStruct(10).BeginStruct(8);
  w.Bool(1, false).BeginStruct(2).EmptyStruct(2).EndStruct().EndStruct().EndStruct().EndStruct();
  w.ElemStruct().I32(1, 1).I32(3, 0).Binary(4, "price").I32(6, 5).I32(7, 2).I32(8, 9).EndStruct();
  w.ElemStruct().I32(1, 1).I32(3, 1).Binary(4, "small").BeginStruct(10).BeginStruct(10);
  w.Byte(1, 16).Bool(2, false).EndStruct().EndStruct().EndStruct();
  w.ElemStruct().I32(1, 7).I32(2, 16).I32(3, 1).Binary(4, "uuid").BeginStruct(10);
  if (options.unknown_fields) {
    w.EmptyStruct(14).BeginStruct(99).I32(1, 5).EndStruct();  // a later union member is ignored
  } else {
    w.EmptyStruct(14);
  }
  w.EndStruct().EndStruct();

  w.I64(3, 3);
  w.BeginList(4, kTStruct, 1).ElemStruct();
  const int32_t types[] = {2, 6, 2, 1, 1, 7};
  const char* names[] = {"id", "name", "ts", "price", "small", "uuid"};
  w.BeginList(1, kTStruct, 6);
  for (int i = 0; i < 6; ++i) {
    w.ElemStruct();
    w.I64(2, 4 + 100 * i);
    if (options.unknown_fields) w.I64(4, 1000).I32(5, 10).I64(6, 2000).I32(7, 20);
    w.BeginStruct(3);
    w.I32(1, types[i]).BeginList(2, kTI32, 3).ElemI32(0).ElemI32(3).ElemI32(8);
    w.BeginList(3, kTBinary, 1).ElemBinary(names[i]);
    w.I32(4, 1).I64(5, 3).I64(6, 90).I64(7, 80);
    if (options.unknown_fields) {
      w.BeginList(8, kTStruct, 1).ElemStruct().Binary(1, "k").Binary(2, "v").EndStruct();
    }
    w.I64(9, 4 + 100 * i);
    if (i == 1) w.I64(11, 4 + 100 * i);
    if (i == 0) {
      w.BeginStruct(12).Binary(1, "legacy max").I64(3, 0).Binary(5, "max").Binary(6, "min");
      w.Bool(7, true).EndStruct();
    }
    if (options.unknown_fields) {
      w.BeginList(13, kTStruct, 1).ElemStruct().I32(1, 0).I32(2, 0).I32(3, 1).EndStruct();
      WriteUnknownFields(w, 20);
    }
    w.EndStruct();
    w.EndStruct();
  }
  w.I64(2, 1000).I64(3, 3);
  if (options.unknown_fields) w.BeginList(4, kTStruct, 0);  // sorting_columns
  w.I64(5, 4).I64(6, 480).FieldHeader(7, 4).ElemI32(0);     // ordinal is an i16
  w.EndStruct();

  w.BeginList(5, kTStruct, 2);
  w.ElemStruct().Binary(1, "writer.version").Binary(2, "1.0").EndStruct();
  w.ElemStruct().Binary(1, "key only").EndStruct();
  w.Binary(6, "ocpagg test writer");
  if (options.unknown_fields) {
    w.BeginList(7, kTStruct, 1).ElemStruct().EmptyStruct(1).EndStruct();  // column_orders
  }
  if (options.encrypted) w.BeginStruct(8).BeginStruct(1).EndStruct().EndStruct();
  if (options.unknown_fields) {
    w.Binary(9, "footer signing key");
    WriteUnknownFields(w, 40);
  }
  return w.Finish();
}

void ExpectBaselineFooter(const FileMetaData& md) {
  EXPECT_EQ(md.version, 2);
  EXPECT_EQ(md.num_rows, 3);
  ASSERT_EQ(md.schema.size(), 7u);
  EXPECT_EQ(md.schema[0].name, "schema");
  EXPECT_EQ(md.schema[0].num_children, 6);
  EXPECT_FALSE(md.schema[0].type.has_value());
  EXPECT_FALSE(md.schema[0].repetition.has_value());

  const SchemaElement& id = md.schema[1];
  EXPECT_EQ(id.name, "id");
  EXPECT_EQ(id.type, PhysicalType::kInt64);
  EXPECT_EQ(id.repetition, Repetition::kRequired);
  EXPECT_EQ(id.logical_type.kind, LogicalType::Kind::kNone);
  EXPECT_FALSE(id.converted_type.has_value());

  const SchemaElement& name = md.schema[2];
  EXPECT_EQ(name.type, PhysicalType::kByteArray);
  EXPECT_EQ(name.repetition, Repetition::kOptional);
  EXPECT_EQ(name.converted_type, ConvertedType::kUtf8);
  EXPECT_EQ(name.logical_type.kind, LogicalType::Kind::kString);

  const SchemaElement& ts = md.schema[3];
  EXPECT_EQ(ts.logical_type.kind, LogicalType::Kind::kTimestamp);
  EXPECT_EQ(ts.logical_type.unit, TimeUnit::kMicros);
  EXPECT_FALSE(ts.logical_type.is_adjusted_to_utc);

  const SchemaElement& price = md.schema[4];
  EXPECT_EQ(price.type, PhysicalType::kInt32);
  EXPECT_EQ(price.converted_type, ConvertedType::kDecimal);
  EXPECT_EQ(price.scale, 2);
  EXPECT_EQ(price.precision, 9);
  EXPECT_EQ(price.logical_type.kind, LogicalType::Kind::kNone);

  const SchemaElement& small = md.schema[5];
  EXPECT_EQ(small.logical_type.kind, LogicalType::Kind::kInteger);
  EXPECT_EQ(small.logical_type.bit_width, 16);
  EXPECT_FALSE(small.logical_type.is_signed);

  const SchemaElement& uuid = md.schema[6];
  EXPECT_EQ(uuid.type, PhysicalType::kFixedLenByteArray);
  EXPECT_EQ(uuid.type_length, 16);
  EXPECT_EQ(uuid.logical_type.kind, LogicalType::Kind::kUuid);

  ASSERT_EQ(md.row_groups.size(), 1u);
  const RowGroup& rg = md.row_groups[0];
  EXPECT_EQ(rg.total_byte_size, 1000);
  EXPECT_EQ(rg.num_rows, 3);
  EXPECT_EQ(rg.file_offset, 4);
  EXPECT_EQ(rg.total_compressed_size, 480);
  EXPECT_EQ(rg.ordinal, 0);
  ASSERT_EQ(rg.columns.size(), 6u);
  for (size_t i = 0; i < 6; ++i) {
    const ColumnChunk& chunk = rg.columns[i];
    EXPECT_EQ(chunk.file_offset, static_cast<int64_t>(4 + 100 * i));
    EXPECT_FALSE(chunk.has_crypto_metadata);
    ASSERT_TRUE(chunk.meta_data.has_value());
    const ColumnMetaData& meta = *chunk.meta_data;
    EXPECT_EQ(meta.type, *md.schema[i + 1].type);
    EXPECT_THAT(meta.encodings,
                ElementsAre(Encoding::kPlain, Encoding::kRle, Encoding::kRleDictionary));
    EXPECT_THAT(meta.path_in_schema, ElementsAre(md.schema[i + 1].name));
    EXPECT_EQ(meta.codec, Codec::kSnappy);
    EXPECT_EQ(meta.num_values, 3);
    EXPECT_EQ(meta.total_uncompressed_size, 90);
    EXPECT_EQ(meta.total_compressed_size, 80);
    EXPECT_EQ(meta.data_page_offset, static_cast<int64_t>(4 + 100 * i));
    EXPECT_FALSE(meta.index_page_offset.has_value());
    EXPECT_EQ(meta.dictionary_page_offset.has_value(), i == 1);
    EXPECT_EQ(meta.statistics.has_value(), i == 0);
  }
  const Statistics& stats = *rg.columns[0].meta_data->statistics;
  EXPECT_EQ(stats.max, "legacy max");
  EXPECT_FALSE(stats.min.has_value());
  EXPECT_EQ(stats.null_count, 0);
  EXPECT_FALSE(stats.distinct_count.has_value());
  EXPECT_EQ(stats.max_value, "max");
  EXPECT_EQ(stats.min_value, "min");
  EXPECT_EQ(stats.is_max_value_exact, true);
  EXPECT_FALSE(stats.is_min_value_exact.has_value());

  ASSERT_EQ(md.key_value_metadata.size(), 2u);
  EXPECT_EQ(md.key_value_metadata[0].key, "writer.version");
  EXPECT_EQ(md.key_value_metadata[0].value, "1.0");
  EXPECT_EQ(md.key_value_metadata[1].key, "key only");
  EXPECT_FALSE(md.key_value_metadata[1].value.has_value());
  EXPECT_EQ(md.created_by, "ocpagg test writer");
}

Status ParseError(const std::vector<uint8_t>& bytes) {
  Result<FileMetaData> result = ParseFileMetaData(bytes);
  EXPECT_FALSE(result.ok());
  return result.ok() ? Status::OK() : result.status();
}

TEST(ParseFileMetaData, FlatSchemaWithAnnotations) {
  Result<FileMetaData> md = ParseFileMetaData(BuildFooter());
  ASSERT_TRUE(md.ok()) << md.status().ToString();
  ExpectBaselineFooter(*md);
  EXPECT_FALSE(md->has_encryption_algorithm);

  Result<FlatSchema> schema = FlatSchema::Make(*md);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  ASSERT_EQ(schema->num_columns(), 6u);
  EXPECT_EQ(DescribeAnnotation(schema->column(0)), "");
  EXPECT_EQ(DescribeAnnotation(schema->column(1)), "STRING");
  EXPECT_EQ(DescribeAnnotation(schema->column(2)), "TIMESTAMP(MICROS,utc=false)");
  EXPECT_EQ(DescribeAnnotation(schema->column(3)), "DECIMAL(9,2)");
  EXPECT_EQ(DescribeAnnotation(schema->column(4)), "INT(16,unsigned)");
  EXPECT_EQ(DescribeAnnotation(schema->column(5)), "UUID");
  EXPECT_EQ(schema->Find("small"), 4u);
}

TEST(ParseFileMetaData, UnknownAndSkippedFieldsAreIgnored) {
  FooterOptions options;
  options.unknown_fields = true;
  const std::vector<uint8_t> with_unknown = BuildFooter(options);
  EXPECT_GT(with_unknown.size(), BuildFooter().size() + 200);
  Result<FileMetaData> md = ParseFileMetaData(with_unknown);
  ASSERT_TRUE(md.ok()) << md.status().ToString();
  ExpectBaselineFooter(*md);
}

TEST(ParseFileMetaData, UnknownLogicalTypeIsOther) {
  CompactWriter w;
  w.I32(1, 1).BeginList(2, kTStruct, 2);
  w.ElemStruct().Binary(4, "root").I32(5, 1).EndStruct();
  w.ElemStruct().I32(1, 6).Binary(4, "v").BeginStruct(10).BeginStruct(16).I32(1, 1).EndStruct();
  w.EndStruct().EndStruct();
  w.I64(3, 0).BeginList(4, kTStruct, 0);
  Result<FileMetaData> md = ParseFileMetaData(w.Finish());
  ASSERT_TRUE(md.ok()) << md.status().ToString();
  EXPECT_EQ(md->schema[1].logical_type.kind, LogicalType::Kind::kOther);
  EXPECT_EQ(md->schema[1].logical_type.other_field_id, 16);
}

TEST(ParseFileMetaData, EncryptionAlgorithmIsFlagged) {
  FooterOptions options;
  options.encrypted = true;
  Result<FileMetaData> md = ParseFileMetaData(BuildFooter(options));
  ASSERT_TRUE(md.ok()) << md.status().ToString();
  EXPECT_TRUE(md->has_encryption_algorithm);
  Result<FlatSchema> schema = FlatSchema::Make(*md);
  EXPECT_TRUE(schema.status().IsNotSupported());
  EXPECT_THAT(schema.status().message(), HasSubstr("encrypted file"));
}

TEST(ParseFileMetaData, EveryTruncationIsCorruption) {
  FooterOptions options;
  options.unknown_fields = true;
  const std::vector<uint8_t> full = BuildFooter(options);
  for (size_t n = 0; n < full.size(); ++n) {
    Result<FileMetaData> md = ParseFileMetaData(std::span<const uint8_t>(full.data(), n));
    ASSERT_FALSE(md.ok()) << "prefix of " << n << " bytes parsed";
    EXPECT_TRUE(md.status().IsCorruption()) << md.status().ToString();
    EXPECT_THAT(md.status().message(), HasSubstr("Thrift: FileMetaData"));
  }
}

TEST(ParseFileMetaData, MutatedBytesNeverCrash) {
  // A small deterministic fuzz: every byte replaced by a few values. Each result must be a
  // value or a Corruption; the sanitizer build catches anything worse.
  FooterOptions options;
  options.unknown_fields = true;
  const std::vector<uint8_t> full = BuildFooter(options);
  for (size_t i = 0; i < full.size(); ++i) {
    for (uint8_t value : {0x00, 0x0F, 0x7F, 0x80, 0xFF, 0xFC, 0x19}) {
      std::vector<uint8_t> mutated = full;
      mutated[i] = value;
      Result<FileMetaData> md = ParseFileMetaData(mutated);
      if (!md.ok()) {
        ASSERT_TRUE(md.status().IsCorruption()) << md.status().ToString();
        continue;
      }
      Result<FlatSchema> schema = FlatSchema::Make(*md);
      if (!schema.ok()) {
        ASSERT_TRUE(schema.status().IsCorruption() || schema.status().IsNotSupported())
            << schema.status().ToString();
      }
    }
  }
}

TEST(ParseFileMetaData, TruncatedVarint) {
  CompactWriter w;
  w.I32(1, 1).FieldHeader(3, kTI64).Raw({0x80, 0x80});
  Status s = ParseError(w.bytes());
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_THAT(s.message(), HasSubstr("Thrift: FileMetaData.num_rows: varint truncated"));
}

TEST(ParseFileMetaData, VarintLongerThanTenBytes) {
  CompactWriter w;
  w.I32(1, 1).FieldHeader(3, kTI64).Raw(
      {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00});
  Status s = ParseError(w.Finish());
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_THAT(s.message(),
              HasSubstr("Thrift: FileMetaData.num_rows: varint at offset 3 is longer than 10"));
}

TEST(ParseFileMetaData, NegativeStringLength) {
  CompactWriter w;
  w.I32(1, 1).FieldHeader(6, kTBinary).Raw({0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 'a', 'b'});
  Status s = ParseError(w.Finish());
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_THAT(s.message(), HasSubstr("Thrift: FileMetaData.created_by: binary length -1"));
  EXPECT_THAT(s.message(), HasSubstr("is negative"));
}

TEST(ParseFileMetaData, StringLengthPastEnd) {
  CompactWriter w;
  w.I32(1, 1).BeginList(2, kTStruct, 2).ElemStruct().Binary(4, "root").I32(5, 1).EndStruct();
  w.ElemStruct().I32(1, 1).FieldHeader(4, kTBinary).Raw({50, 'a', 'b'});
  Status s = ParseError(w.bytes());
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_THAT(s.message(), HasSubstr("Thrift: FileMetaData.schema[1].name: binary length 50"));
  EXPECT_THAT(s.message(), HasSubstr("exceeds the 2 remaining bytes"));
}

TEST(ParseFileMetaData, HugeListSize) {
  CompactWriter w;
  w.I32(1, 1).FieldHeader(4, kTList).Raw({0xFC, 0x80, 0x80, 0x80, 0x80, 0x08});  // 2^31
  w.Raw({0x00, 0x00, 0x00, 0x00});
  Status s = ParseError(w.bytes());
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_EQ(s.message(),
            "Thrift: FileMetaData.row_groups: list of 2147483648 elements exceeds the 4 "
            "remaining bytes");
}

TEST(ParseFileMetaData, NestingDeeperThanLimit) {
  CompactWriter w;
  w.I32(1, 1).FieldHeader(50, kTStruct);
  for (int i = 0; i < 100; ++i) w.Raw({0x1C});
  for (int i = 0; i < 101; ++i) w.Raw({0x00});
  Status s = ParseError(w.Finish());
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_THAT(s.message(), HasSubstr("Thrift: FileMetaData: skipping field 50 (struct)"));
  EXPECT_THAT(s.message(), HasSubstr("nesting deeper than 64 levels"));
}

TEST(ParseFileMetaData, NegativeNumRows) {
  CompactWriter w;
  w.I32(1, 1).I64(3, -1);
  Status s = ParseError(w.Finish());
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_EQ(s.message(), "FileMetaData.num_rows is negative (-1)");
}

TEST(ParseFileMetaData, UnknownPhysicalType) {
  CompactWriter w;
  w.I32(1, 1).BeginList(2, kTStruct, 2).ElemStruct().Binary(4, "root").I32(5, 1).EndStruct();
  w.ElemStruct().I32(1, 8).Binary(4, "x").EndStruct();
  Status s = ParseError(w.Finish());
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_EQ(s.message(), "FileMetaData.schema[1].type is not a known physical type (8)");
}

TEST(ParseFileMetaData, OutOfRangeAndNegativeSchemaValues) {
  const auto element_error = [](auto write_fields) {
    CompactWriter w;
    w.I32(1, 1).BeginList(2, kTStruct, 1).ElemStruct();
    write_fields(w);
    w.EndStruct().I64(3, 0).BeginList(4, kTStruct, 0);
    return ParseError(w.Finish());
  };
  Status s = element_error([](CompactWriter& w) { w.I32(3, 3).Binary(4, "r"); });
  EXPECT_EQ(s.message(), "FileMetaData.schema[0].repetition_type is not a known repetition (3)");
  s = element_error([](CompactWriter& w) { w.I32(2, -4).Binary(4, "r"); });
  EXPECT_EQ(s.message(), "FileMetaData.schema[0].type_length is negative (-4)");
  s = element_error([](CompactWriter& w) { w.Binary(4, "r").I32(5, -1); });
  EXPECT_EQ(s.message(), "FileMetaData.schema[0].num_children is negative (-1)");
  s = element_error([](CompactWriter& w) { w.I32(5, 0); });
  EXPECT_EQ(s.message(), "FileMetaData.schema[0].name is missing (required field)");
  s = element_error([](CompactWriter& w) {
    w.Binary(4, "r").BeginStruct(10).BeginStruct(5).I32(1, 2).EndStruct().EndStruct();
  });
  EXPECT_EQ(s.message(),
            "FileMetaData.schema[0].logicalType.DECIMAL.precision is missing (required field)");
  s = element_error([](CompactWriter& w) { w.Binary(4, "r").Binary(5, "not an i32"); });
  EXPECT_EQ(s.message(), "Thrift: FileMetaData.schema[0].num_children: expected i32, found binary");
}

TEST(ParseFileMetaData, MissingRequiredFields) {
  CompactWriter no_rows;
  no_rows.I32(1, 1).BeginList(2, kTStruct, 0).BeginList(4, kTStruct, 0);
  EXPECT_EQ(ParseError(no_rows.Finish()).message(),
            "FileMetaData.num_rows is missing (required field)");

  CompactWriter no_schema;
  no_schema.I32(1, 1).I64(3, 0).BeginList(4, kTStruct, 0);
  EXPECT_EQ(ParseError(no_schema.Finish()).message(),
            "FileMetaData.schema is missing (required field)");

  CompactWriter no_groups;
  no_groups.I32(1, 1).BeginList(2, kTStruct, 0).I64(3, 0);
  EXPECT_EQ(ParseError(no_groups.Finish()).message(),
            "FileMetaData.row_groups is missing (required field)");

  CompactWriter negative_offset;
  negative_offset.I32(1, 1)
      .BeginList(2, kTStruct, 0)
      .I64(3, 0)
      .BeginList(4, kTStruct, 1)
      .ElemStruct();
  negative_offset.BeginList(1, kTStruct, 1).ElemStruct().I64(2, 0).BeginStruct(3).I32(1, 0);
  negative_offset.BeginList(2, kTI32, 0).BeginList(3, kTBinary, 0).I64(5, 0).I64(6, 0).I64(7, 0);
  negative_offset.I64(9, -4);
  EXPECT_EQ(ParseError(negative_offset.bytes()).message(),
            "FileMetaData.row_groups[0].columns[0].meta_data.data_page_offset is negative (-4)");
}

TEST(ParseFileMetaData, ListElementTypeMismatch) {
  CompactWriter w;
  w.I32(1, 1).BeginList(2, kTI32, 1).ElemI32(1);
  Status s = ParseError(w.Finish());
  EXPECT_EQ(s.message(), "Thrift: FileMetaData.schema: expected list<struct>, found list<i32>");
}

// Page headers ---------------------------------------------------------------------------------

TEST(ParsePageHeader, DataPageV1) {
  CompactWriter w;
  w.I32(1, 0).I32(2, 100).I32(3, 80).I32(4, -1);
  w.BeginStruct(5).I32(1, 10).I32(2, 8).I32(3, 3).I32(4, 3);
  w.BeginStruct(5).Binary(1, "max").I64(3, 0).EndStruct();  // statistics: skipped
  w.EndStruct();
  w.I64(20, 5);  // unknown field
  std::vector<uint8_t> bytes = w.Finish();
  const size_t expected_size = bytes.size();
  bytes.insert(bytes.end(), {'P', 'A', 'G', 'E'});

  size_t header_size = 0;
  Result<PageHeader> header = ParsePageHeader(bytes, &header_size);
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(header_size, expected_size);
  EXPECT_EQ(header->type, PageType::kDataPage);
  EXPECT_EQ(header->uncompressed_page_size, 100);
  EXPECT_EQ(header->compressed_page_size, 80);
  EXPECT_EQ(header->crc, 0xFFFFFFFFu);
  ASSERT_TRUE(header->data_page_header.has_value());
  EXPECT_EQ(header->data_page_header->num_values, 10);
  EXPECT_EQ(header->data_page_header->encoding, Encoding::kRleDictionary);
  EXPECT_EQ(header->data_page_header->definition_level_encoding, Encoding::kRle);
  EXPECT_EQ(header->data_page_header->repetition_level_encoding, Encoding::kRle);
  EXPECT_FALSE(header->dictionary_page_header.has_value());
  EXPECT_FALSE(header->data_page_header_v2.has_value());
}

TEST(ParsePageHeader, DictionaryPage) {
  CompactWriter w;
  w.I32(1, 2).I32(2, 40).I32(3, 40).BeginStruct(7).I32(1, 5).I32(2, 0).Bool(3, true).EndStruct();
  size_t header_size = 0;
  const std::vector<uint8_t> bytes = w.Finish();
  Result<PageHeader> header = ParsePageHeader(bytes, &header_size);
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(header_size, bytes.size());
  EXPECT_EQ(header->type, PageType::kDictionaryPage);
  EXPECT_FALSE(header->crc.has_value());
  ASSERT_TRUE(header->dictionary_page_header.has_value());
  EXPECT_EQ(header->dictionary_page_header->num_values, 5);
  EXPECT_EQ(header->dictionary_page_header->encoding, Encoding::kPlain);
  EXPECT_TRUE(header->dictionary_page_header->is_sorted);
}

TEST(ParsePageHeader, DataPageV2) {
  CompactWriter w;
  w.I32(1, 3).I32(2, 64).I32(3, 32).BeginStruct(8).I32(1, 10).I32(2, 2).I32(3, 10).I32(4, 0);
  w.I32(5, 4).I32(6, 0).Bool(7, false).EndStruct();
  size_t header_size = 0;
  Result<PageHeader> header = ParsePageHeader(w.Finish(), &header_size);
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  ASSERT_TRUE(header->data_page_header_v2.has_value());
  const DataPageHeaderV2& v2 = *header->data_page_header_v2;
  EXPECT_EQ(v2.num_values, 10);
  EXPECT_EQ(v2.num_nulls, 2);
  EXPECT_EQ(v2.num_rows, 10);
  EXPECT_EQ(v2.encoding, Encoding::kPlain);
  EXPECT_EQ(v2.definition_levels_byte_length, 4);
  EXPECT_EQ(v2.repetition_levels_byte_length, 0);
  EXPECT_FALSE(v2.is_compressed);
}

TEST(ParsePageHeader, V2IsCompressedDefaultsToTrue) {
  CompactWriter w;
  w.I32(1, 3).I32(2, 64).I32(3, 32).BeginStruct(8).I32(1, 1).I32(2, 0).I32(3, 1).I32(4, 0);
  w.I32(5, 0).I32(6, 0).EndStruct();
  size_t header_size = 0;
  Result<PageHeader> header = ParsePageHeader(w.Finish(), &header_size);
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_TRUE(header->data_page_header_v2->is_compressed);
}

TEST(ParsePageHeader, IndexPageNeedsNoSubHeader) {
  CompactWriter w;
  w.I32(1, 1).I32(2, 0).I32(3, 0).EmptyStruct(6);
  size_t header_size = 0;
  Result<PageHeader> header = ParsePageHeader(w.Finish(), &header_size);
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(header->type, PageType::kIndexPage);
}

TEST(ParsePageHeader, NegativeSizes) {
  size_t header_size = 0;
  CompactWriter w;
  w.I32(1, 0).I32(2, 10).I32(3, -5);
  Result<PageHeader> header = ParsePageHeader(w.Finish(), &header_size);
  EXPECT_TRUE(header.status().IsCorruption());
  EXPECT_EQ(header.status().message(), "PageHeader.compressed_page_size is negative (-5)");

  CompactWriter w2;
  w2.I32(1, 0).I32(2, INT32_MIN);
  header = ParsePageHeader(w2.Finish(), &header_size);
  EXPECT_EQ(header.status().message(),
            "PageHeader.uncompressed_page_size is negative (-2147483648)");

  CompactWriter w3;
  w3.I32(1, 0).I32(2, 10).I32(3, 10).BeginStruct(5).I32(1, -1).EndStruct();
  header = ParsePageHeader(w3.Finish(), &header_size);
  EXPECT_EQ(header.status().message(), "PageHeader.data_page_header.num_values is negative (-1)");
}

TEST(ParsePageHeader, MissingSubHeader) {
  size_t header_size = 0;
  CompactWriter w;
  w.I32(1, 0).I32(2, 10).I32(3, 10).BeginStruct(7).I32(1, 5).I32(2, 0).EndStruct();
  Result<PageHeader> header = ParsePageHeader(w.Finish(), &header_size);
  EXPECT_TRUE(header.status().IsCorruption());
  EXPECT_EQ(header.status().message(),
            "PageHeader.data_page_header is missing (required for page type DATA_PAGE)");

  CompactWriter w2;
  w2.I32(1, 3).I32(2, 10).I32(3, 10);
  header = ParsePageHeader(w2.Finish(), &header_size);
  EXPECT_EQ(header.status().message(),
            "PageHeader.data_page_header_v2 is missing (required for page type DATA_PAGE_V2)");

  CompactWriter w3;
  w3.I32(1, 2).I32(3, 10);
  header = ParsePageHeader(w3.Finish(), &header_size);
  EXPECT_EQ(header.status().message(),
            "PageHeader.uncompressed_page_size is missing (required field)");

  CompactWriter w4;
  w4.I32(1, 2).I32(2, 10).I32(3, 10).BeginStruct(7).I32(1, 5).EndStruct();
  header = ParsePageHeader(w4.Finish(), &header_size);
  EXPECT_EQ(header.status().message(),
            "PageHeader.dictionary_page_header.encoding is missing (required field)");
}

TEST(ParsePageHeader, UnknownPageType) {
  size_t header_size = 0;
  CompactWriter w;
  w.I32(1, 4).I32(2, 10).I32(3, 10);
  Result<PageHeader> header = ParsePageHeader(w.Finish(), &header_size);
  EXPECT_TRUE(header.status().IsCorruption());
  EXPECT_EQ(header.status().message(), "PageHeader.type is not a known page type (4)");
}

TEST(ParsePageHeader, V2LevelsLargerThanPage) {
  size_t header_size = 0;
  CompactWriter w;
  w.I32(1, 3).I32(2, 64).I32(3, 6).BeginStruct(8).I32(1, 10).I32(2, 0).I32(3, 10).I32(4, 0);
  w.I32(5, 4).I32(6, 3).EndStruct();
  Result<PageHeader> header = ParsePageHeader(w.Finish(), &header_size);
  EXPECT_TRUE(header.status().IsCorruption());
  EXPECT_THAT(header.status().message(),
              HasSubstr("PageHeader.data_page_header_v2 level lengths (4 + 3 bytes) exceed"));

  CompactWriter w2;
  w2.I32(1, 3).I32(2, 64).I32(3, 64).BeginStruct(8).I32(1, 10).I32(2, 11).I32(3, 10).I32(4, 0);
  w2.I32(5, 0).I32(6, 0).EndStruct();
  header = ParsePageHeader(w2.Finish(), &header_size);
  EXPECT_EQ(header.status().message(),
            "PageHeader.data_page_header_v2 num_nulls (11) exceeds num_values (10)");
}

TEST(ParsePageHeader, EveryTruncationIsCorruption) {
  CompactWriter w;
  w.I32(1, 0).I32(2, 100).I32(3, 80).I32(4, 12345);
  w.BeginStruct(5).I32(1, 10).I32(2, 0).I32(3, 3).I32(4, 3).EndStruct();
  const std::vector<uint8_t> full = w.Finish();
  size_t header_size = 0;
  ASSERT_TRUE(ParsePageHeader(full, &header_size).ok());
  for (size_t n = 0; n < full.size(); ++n) {
    Result<PageHeader> header =
        ParsePageHeader(std::span<const uint8_t>(full.data(), n), &header_size);
    ASSERT_FALSE(header.ok()) << n;
    EXPECT_TRUE(header.status().IsCorruption());
    EXPECT_THAT(header.status().message(), HasSubstr("Thrift: PageHeader"));
  }
}

TEST(MetadataNames, KnownAndUnknownValues) {
  EXPECT_EQ(PhysicalTypeName(PhysicalType::kFixedLenByteArray), "FIXED_LEN_BYTE_ARRAY");
  EXPECT_EQ(PhysicalTypeName(static_cast<PhysicalType>(9)), "UNKNOWN(9)");
  EXPECT_EQ(EncodingName(Encoding::kRleDictionary), "RLE_DICTIONARY");
  EXPECT_EQ(EncodingName(Encoding::kByteStreamSplit), "BYTE_STREAM_SPLIT");
  EXPECT_EQ(EncodingName(static_cast<Encoding>(1)), "UNKNOWN(1)");
  EXPECT_EQ(CodecName(Codec::kSnappy), "SNAPPY");
  EXPECT_EQ(CodecName(Codec::kLz4Raw), "LZ4_RAW");
  EXPECT_EQ(CodecName(static_cast<Codec>(-3)), "UNKNOWN(-3)");
  EXPECT_EQ(ConvertedTypeName(ConvertedType::kTimestampMicros), "TIMESTAMP_MICROS");
  EXPECT_EQ(ConvertedTypeName(ConvertedType::kUint8), "UINT_8");
  EXPECT_EQ(ConvertedTypeName(static_cast<ConvertedType>(22)), "UNKNOWN(22)");
  EXPECT_EQ(PageTypeName(PageType::kDataPageV2), "DATA_PAGE_V2");
  EXPECT_EQ(PageTypeName(static_cast<PageType>(7)), "UNKNOWN(7)");
}

// Footers of externally written files (apache/parquet-testing) ----------------------------------

std::string CorpusPath(const std::string& name) {
  return std::string(OCPAGG_SOURCE_DIR) + "/tests/data/parquet-testing/data/" + name;
}

// Reads the footer bytes of a Parquet file: "PAR1" <data> <footer> <u32 LE length> "PAR1".
std::vector<uint8_t> ReadFooter(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  const std::vector<uint8_t> file((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
  if (file.size() < 12) {
    ADD_FAILURE() << path << " is too short (" << file.size() << " bytes)";
    return {};
  }
  EXPECT_EQ(std::memcmp(file.data(), "PAR1", 4), 0) << path;
  EXPECT_EQ(std::memcmp(file.data() + file.size() - 4, "PAR1", 4), 0) << path;
  const uint8_t* len = file.data() + file.size() - 8;
  const uint32_t footer_length =
      static_cast<uint32_t>(len[0]) | static_cast<uint32_t>(len[1]) << 8 |
      static_cast<uint32_t>(len[2]) << 16 | static_cast<uint32_t>(len[3]) << 24;
  if (footer_length > file.size() - 12) {
    ADD_FAILURE() << path << ": footer length " << footer_length << " exceeds the file";
    return {};
  }
  return std::vector<uint8_t>(file.end() - 8 - footer_length, file.end() - 8);
}

TEST(CorpusFooters, AllTypesPlain) {
  const std::vector<uint8_t> footer = ReadFooter(CorpusPath("alltypes_plain.parquet"));
  Result<FileMetaData> md = ParseFileMetaData(footer);
  ASSERT_TRUE(md.ok()) << md.status().ToString();
  EXPECT_EQ(md->num_rows, 8);
  ASSERT_EQ(md->row_groups.size(), 1u);
  EXPECT_EQ(md->row_groups[0].num_rows, 8);
  EXPECT_EQ(md->row_groups[0].columns.size(), 11u);

  Result<FlatSchema> schema = FlatSchema::Make(*md);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  ASSERT_EQ(schema->num_columns(), 11u);
  std::vector<std::string> names;
  for (const ColumnDescriptor& column : schema->columns()) names.push_back(column.name);
  EXPECT_THAT(names, ElementsAre("id", "bool_col", "tinyint_col", "smallint_col", "int_col",
                                 "bigint_col", "float_col", "double_col", "date_string_col",
                                 "string_col", "timestamp_col"));
  EXPECT_EQ(schema->column(0).physical_type, PhysicalType::kInt32);
  EXPECT_TRUE(schema->column(0).optional);
  EXPECT_EQ(schema->column(1).physical_type, PhysicalType::kBoolean);
  EXPECT_EQ(schema->column(5).physical_type, PhysicalType::kInt64);
  EXPECT_EQ(schema->column(6).physical_type, PhysicalType::kFloat);
  EXPECT_EQ(schema->column(7).physical_type, PhysicalType::kDouble);
  EXPECT_EQ(schema->column(9).physical_type, PhysicalType::kByteArray);
  EXPECT_EQ(schema->column(10).physical_type, PhysicalType::kInt96);
  EXPECT_EQ(schema->column(10).type_length, 12);
  EXPECT_EQ(schema->Find("string_col"), 9u);
  EXPECT_EQ(schema->Find("missing"), std::nullopt);
}

TEST(CorpusFooters, AnnotatedFiles) {
  {
    Result<FileMetaData> md = ParseFileMetaData(ReadFooter(CorpusPath("int32_decimal.parquet")));
    ASSERT_TRUE(md.ok()) << md.status().ToString();
    Result<FlatSchema> schema = FlatSchema::Make(*md);
    ASSERT_TRUE(schema.ok()) << schema.status().ToString();
    ASSERT_EQ(schema->num_columns(), 1u);
    EXPECT_EQ(schema->column(0).annotation, Annotation::kDecimal);
    EXPECT_EQ(DescribeAnnotation(schema->column(0)), "DECIMAL(4,2)");
  }
  {
    Result<FileMetaData> md =
        ParseFileMetaData(ReadFooter(CorpusPath("float16_nonzeros_and_nans.parquet")));
    ASSERT_TRUE(md.ok()) << md.status().ToString();
    Result<FlatSchema> schema = FlatSchema::Make(*md);
    ASSERT_TRUE(schema.ok()) << schema.status().ToString();
    EXPECT_EQ(schema->column(0).annotation, Annotation::kFloat16);
    EXPECT_EQ(schema->column(0).type_length, 2);
  }
  {
    Result<FileMetaData> md =
        ParseFileMetaData(ReadFooter(CorpusPath("datapage_v2.snappy.parquet")));
    ASSERT_TRUE(md.ok()) << md.status().ToString();
    EXPECT_EQ(md->num_rows, 5);
  }
}

TEST(CorpusFooters, NestedListsAreNotSupported) {
  Result<FileMetaData> md =
      ParseFileMetaData(ReadFooter(CorpusPath("nested_lists.snappy.parquet")));
  ASSERT_TRUE(md.ok()) << md.status().ToString();
  Result<FlatSchema> schema = FlatSchema::Make(*md);
  EXPECT_TRUE(schema.status().IsNotSupported()) << schema.status().ToString();
  EXPECT_THAT(schema.status().message(), HasSubstr("nested schema: column 'a'"));
}

TEST(CorpusFooters, EveryPlaintextFooterParses) {
  // Every file whose footer is plaintext ("PAR1" at the end) must parse; the flat schema is built
  // or refused as NotSupported, never reported as corrupt.
  const std::filesystem::path dir = CorpusPath("");
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  int parsed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name.find(".parquet") == std::string::npos) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    in.seekg(-4, std::ios::end);
    char magic[4] = {};
    in.read(magic, 4);
    if (std::memcmp(magic, "PAR1", 4) != 0) continue;  // encrypted footer ("PARE")
    Result<FileMetaData> md = ParseFileMetaData(ReadFooter(entry.path().string()));
    ASSERT_TRUE(md.ok()) << name << ": " << md.status().ToString();
    Result<FlatSchema> schema = FlatSchema::Make(*md);
    EXPECT_TRUE(schema.ok() || schema.status().IsNotSupported())
        << name << ": " << schema.status().ToString();
    ++parsed;
  }
  EXPECT_GT(parsed, 50);
}

}  // namespace
}  // namespace ocpagg::parquet
