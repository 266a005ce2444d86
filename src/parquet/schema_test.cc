#include "parquet/schema.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace ocpagg::parquet {
namespace {

using ::testing::HasSubstr;

SchemaElement Root(int32_t num_children) {
  SchemaElement e;
  e.name = "schema";
  e.num_children = num_children;
  return e;
}

SchemaElement Leaf(std::string name, PhysicalType type,
                   std::optional<Repetition> repetition = Repetition::kOptional) {
  SchemaElement e;
  e.name = std::move(name);
  e.type = type;
  e.repetition = repetition;
  return e;
}

SchemaElement Group(std::string name, int32_t num_children) {
  SchemaElement e;
  e.name = std::move(name);
  e.num_children = num_children;
  e.repetition = Repetition::kOptional;
  return e;
}

SchemaElement WithConverted(SchemaElement e, ConvertedType converted) {
  e.converted_type = converted;
  return e;
}

SchemaElement WithLogical(SchemaElement e, LogicalType::Kind kind) {
  e.logical_type.kind = kind;
  return e;
}

// A FileMetaData over `schema` with one row group whose chunks match the leaves (the elements
// with a physical type), in order.
FileMetaData Metadata(std::vector<SchemaElement> schema) {
  FileMetaData md;
  md.version = 1;
  md.num_rows = 10;
  RowGroup rg;
  rg.num_rows = 10;
  for (const SchemaElement& e : schema) {
    if (!e.type) continue;
    ColumnChunk chunk;
    ColumnMetaData& meta = chunk.meta_data.emplace();
    meta.type = *e.type;
    meta.path_in_schema = {e.name};
    meta.num_values = 10;
    rg.columns.push_back(std::move(chunk));
  }
  md.row_groups.push_back(std::move(rg));
  md.schema = std::move(schema);
  return md;
}

FlatSchema MakeOk(const FileMetaData& md) {
  Result<FlatSchema> schema = FlatSchema::Make(md);
  EXPECT_TRUE(schema.ok()) << schema.status().ToString();
  return schema.ok() ? std::move(schema).value() : FlatSchema();
}

Status MakeError(const FileMetaData& md) {
  Result<FlatSchema> schema = FlatSchema::Make(md);
  EXPECT_FALSE(schema.ok());
  return schema.ok() ? Status::OK() : schema.status();
}

TEST(FlatSchema, LeavesInOrder) {
  const FlatSchema schema = MakeOk(Metadata({
      Root(3), Leaf("a", PhysicalType::kInt64, Repetition::kRequired),
      Leaf("b", PhysicalType::kDouble, Repetition::kOptional),
      Leaf("c", PhysicalType::kBoolean, std::nullopt),  // no repetition: REQUIRED
  }));
  ASSERT_EQ(schema.num_columns(), 3u);
  EXPECT_EQ(schema.column(0).name, "a");
  EXPECT_EQ(schema.column(0).column_index, 0u);
  EXPECT_EQ(schema.column(0).physical_type, PhysicalType::kInt64);
  EXPECT_FALSE(schema.column(0).optional);
  EXPECT_EQ(schema.column(1).column_index, 1u);
  EXPECT_TRUE(schema.column(1).optional);
  EXPECT_EQ(schema.column(2).column_index, 2u);
  EXPECT_FALSE(schema.column(2).optional);
  EXPECT_EQ(schema.column(2).annotation, Annotation::kNone);
  EXPECT_EQ(DescribeAnnotation(schema.column(2)), "");
  EXPECT_EQ(schema.Find("b"), 1u);
  EXPECT_EQ(schema.Find("B"), std::nullopt);
}

TEST(FlatSchema, NoColumns) {
  const FlatSchema schema = MakeOk(Metadata({Root(0)}));
  EXPECT_EQ(schema.num_columns(), 0u);
}

TEST(FlatSchema, ConvertedTypesMapToAnnotations) {
  SchemaElement decimal = WithConverted(Leaf("dec", PhysicalType::kInt64), ConvertedType::kDecimal);
  decimal.scale = 3;
  decimal.precision = 12;
  SchemaElement interval =
      WithConverted(Leaf("iv", PhysicalType::kFixedLenByteArray), ConvertedType::kInterval);
  interval.type_length = 12;
  const FlatSchema schema = MakeOk(Metadata({
      Root(19),
      WithConverted(Leaf("s", PhysicalType::kByteArray), ConvertedType::kUtf8),
      WithConverted(Leaf("e", PhysicalType::kByteArray), ConvertedType::kEnum),
      WithConverted(Leaf("j", PhysicalType::kByteArray), ConvertedType::kJson),
      WithConverted(Leaf("b", PhysicalType::kByteArray), ConvertedType::kBson),
      decimal,
      WithConverted(Leaf("d", PhysicalType::kInt32), ConvertedType::kDate),
      WithConverted(Leaf("tms", PhysicalType::kInt32), ConvertedType::kTimeMillis),
      WithConverted(Leaf("tus", PhysicalType::kInt64), ConvertedType::kTimeMicros),
      WithConverted(Leaf("tsms", PhysicalType::kInt64), ConvertedType::kTimestampMillis),
      WithConverted(Leaf("tsus", PhysicalType::kInt64), ConvertedType::kTimestampMicros),
      WithConverted(Leaf("u8", PhysicalType::kInt32), ConvertedType::kUint8),
      WithConverted(Leaf("u16", PhysicalType::kInt32), ConvertedType::kUint16),
      WithConverted(Leaf("u32", PhysicalType::kInt32), ConvertedType::kUint32),
      WithConverted(Leaf("u64", PhysicalType::kInt64), ConvertedType::kUint64),
      WithConverted(Leaf("i8", PhysicalType::kInt32), ConvertedType::kInt8),
      WithConverted(Leaf("i16", PhysicalType::kInt32), ConvertedType::kInt16),
      WithConverted(Leaf("i32", PhysicalType::kInt32), ConvertedType::kInt32),
      WithConverted(Leaf("i64", PhysicalType::kInt64), ConvertedType::kInt64),
      interval,
  }));
  ASSERT_EQ(schema.num_columns(), 19u);
  const std::vector<std::string> expected = {
      "STRING",
      "ENUM",
      "JSON",
      "BSON",
      "DECIMAL(12,3)",
      "DATE",
      "TIME(MILLIS,utc=true)",
      "TIME(MICROS,utc=true)",
      "TIMESTAMP(MILLIS,utc=true)",
      "TIMESTAMP(MICROS,utc=true)",
      "INT(8,unsigned)",
      "INT(16,unsigned)",
      "INT(32,unsigned)",
      "INT(64,unsigned)",
      "INT(8,signed)",
      "INT(16,signed)",
      "INT(32,signed)",
      "INT(64,signed)",
      "INTERVAL",
  };
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(DescribeAnnotation(schema.column(i)), expected[i]) << schema.column(i).name;
  }
  EXPECT_EQ(schema.column(4).annotation, Annotation::kDecimal);
  EXPECT_EQ(schema.column(4).decimal_scale, 3);
  EXPECT_EQ(schema.column(4).decimal_precision, 12);
  EXPECT_EQ(schema.column(8).annotation, Annotation::kTimestamp);
  EXPECT_EQ(schema.column(8).unit, TimeUnit::kMillis);
  EXPECT_TRUE(schema.column(8).is_adjusted_to_utc);
  EXPECT_EQ(schema.column(10).bit_width, 8);
  EXPECT_FALSE(schema.column(10).is_signed);
  EXPECT_EQ(schema.column(0).converted_type, ConvertedType::kUtf8);
}

TEST(FlatSchema, LogicalTypesMapToAnnotations) {
  using Kind = LogicalType::Kind;
  SchemaElement uuid = WithLogical(Leaf("uuid", PhysicalType::kFixedLenByteArray), Kind::kUuid);
  uuid.type_length = 16;
  SchemaElement half = WithLogical(Leaf("half", PhysicalType::kFixedLenByteArray), Kind::kFloat16);
  half.type_length = 2;
  SchemaElement time = WithLogical(Leaf("time", PhysicalType::kInt64), Kind::kTime);
  time.logical_type.unit = TimeUnit::kNanos;
  time.logical_type.is_adjusted_to_utc = false;
  // The logical type wins over the converted type written beside it.
  SchemaElement ts = WithConverted(WithLogical(Leaf("ts", PhysicalType::kInt64), Kind::kTimestamp),
                                   ConvertedType::kTimestampMillis);
  ts.logical_type.unit = TimeUnit::kMillis;
  ts.logical_type.is_adjusted_to_utc = false;
  SchemaElement decimal =
      WithLogical(Leaf("dec", PhysicalType::kFixedLenByteArray), Kind::kDecimal);
  decimal.type_length = 8;
  decimal.logical_type.decimal_precision = 18;
  decimal.logical_type.decimal_scale = 4;
  SchemaElement integer = WithLogical(Leaf("int", PhysicalType::kInt32), Kind::kInteger);
  integer.logical_type.bit_width = 8;
  integer.logical_type.is_signed = true;
  SchemaElement other = WithLogical(Leaf("variant", PhysicalType::kByteArray), Kind::kOther);
  other.logical_type.other_field_id = 16;

  const FlatSchema schema = MakeOk(Metadata({
      Root(14),
      WithLogical(Leaf("s", PhysicalType::kByteArray), Kind::kString),
      WithLogical(Leaf("e", PhysicalType::kByteArray), Kind::kEnum),
      WithLogical(Leaf("j", PhysicalType::kByteArray), Kind::kJson),
      WithLogical(Leaf("b", PhysicalType::kByteArray), Kind::kBson),
      uuid,
      WithLogical(Leaf("d", PhysicalType::kInt32), Kind::kDate),
      time,
      ts,
      decimal,
      integer,
      half,
      WithLogical(Leaf("null", PhysicalType::kInt32), Kind::kUnknown),
      other,
      WithLogical(Leaf("list_on_leaf", PhysicalType::kInt32), Kind::kList),
  }));
  ASSERT_EQ(schema.num_columns(), 14u);
  const std::vector<std::string> expected = {"STRING",
                                             "ENUM",
                                             "JSON",
                                             "BSON",
                                             "UUID",
                                             "DATE",
                                             "TIME(NANOS,utc=false)",
                                             "TIMESTAMP(MILLIS,utc=false)",
                                             "DECIMAL(18,4)",
                                             "INT(8,signed)",
                                             "FLOAT16",
                                             "UNKNOWN",
                                             "UNKNOWN",
                                             ""};
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(DescribeAnnotation(schema.column(i)), expected[i]) << schema.column(i).name;
  }
  EXPECT_EQ(schema.column(4).type_length, 16);
  EXPECT_EQ(schema.column(7).converted_type, ConvertedType::kTimestampMillis);
  EXPECT_FALSE(schema.column(7).is_adjusted_to_utc);
  EXPECT_EQ(schema.column(12).annotation, Annotation::kUnknown);
  EXPECT_EQ(schema.column(12).logical_type.other_field_id, 16);
  EXPECT_EQ(schema.column(13).annotation, Annotation::kNone);
}

TEST(FlatSchema, GroupChildIsNotSupported) {
  Status s = MakeError(Metadata({
      Root(2),
      Leaf("a", PhysicalType::kInt32),
      Group("address", 1),
      Leaf("street", PhysicalType::kByteArray),
  }));
  EXPECT_TRUE(s.IsNotSupported());
  EXPECT_EQ(s.message(),
            "nested schema: column 'address' is a group; ocpagg reads flat schemas only");
}

TEST(FlatSchema, RepeatedLeafIsNotSupported) {
  Status s = MakeError(Metadata({
      Root(2),
      Leaf("a", PhysicalType::kInt32),
      Leaf("tags", PhysicalType::kByteArray, Repetition::kRepeated),
  }));
  EXPECT_TRUE(s.IsNotSupported());
  EXPECT_EQ(s.message(),
            "nested schema: column 'tags' is a repeated field; ocpagg reads flat schemas only");
}

TEST(FlatSchema, EmptyGroupWithoutTypeIsNotSupported) {
  Status s = MakeError(Metadata({Root(1), Group("empty", 0)}));
  EXPECT_TRUE(s.IsNotSupported());
  EXPECT_THAT(s.message(), HasSubstr("column 'empty' is a group"));
}

TEST(FlatSchema, MalformedTreeIsCorruption) {
  // The root declares more children than there are elements.
  Status s = MakeError(Metadata({Root(3), Leaf("a", PhysicalType::kInt32)}));
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_EQ(s.message(),
            "schema element 0 ('schema') declares 3 children, but the schema list ends after 2 "
            "elements");

  // A nested group runs past the end (checked before the nesting is refused).
  s = MakeError(Metadata({Root(1), Group("g", 1000000000)}));
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_THAT(s.message(), HasSubstr("schema element 1 ('g') declares 1000000000 children"));

  // Elements left over after the root's children.
  s = MakeError(
      Metadata({Root(1), Leaf("a", PhysicalType::kInt32), Leaf("b", PhysicalType::kInt32)}));
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_EQ(s.message(), "schema has 1 elements after the tree of root 'schema' (2 elements)");

  s = MakeError(Metadata({}));
  EXPECT_TRUE(s.IsCorruption());

  SchemaElement typed_root = Leaf("schema", PhysicalType::kInt32);
  s = MakeError(Metadata({typed_root}));
  EXPECT_TRUE(s.IsCorruption());
}

TEST(FlatSchema, FixedLengthAndInt96Widths) {
  SchemaElement flba = Leaf("f", PhysicalType::kFixedLenByteArray);
  Status s = MakeError(Metadata({Root(1), flba}));
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_EQ(s.message(), "column 'f': FIXED_LEN_BYTE_ARRAY type_length must be positive, found 0");

  flba.type_length = 5;
  SchemaElement int96 = Leaf("t", PhysicalType::kInt96);  // type_length unset, as writers do
  const FlatSchema schema = MakeOk(Metadata({Root(2), flba, int96}));
  EXPECT_EQ(schema.column(0).type_length, 5);
  EXPECT_EQ(schema.column(1).type_length, 12);

  int96.type_length = 8;
  s = MakeError(Metadata({Root(1), int96}));
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_EQ(s.message(), "column 't': INT96 type_length must be 12, found 8");
}

TEST(FlatSchema, AnnotationMustFitPhysicalType) {
  using Kind = LogicalType::Kind;
  Status s =
      MakeError(Metadata({Root(1), WithLogical(Leaf("d", PhysicalType::kInt64), Kind::kDate)}));
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_EQ(s.message(), "column 'd': DATE annotation requires INT32, found INT64");

  SchemaElement half = WithLogical(Leaf("h", PhysicalType::kFixedLenByteArray), Kind::kFloat16);
  half.type_length = 4;
  s = MakeError(Metadata({Root(1), half}));
  EXPECT_EQ(s.message(),
            "column 'h': FLOAT16 annotation requires FIXED_LEN_BYTE_ARRAY(2), found "
            "FIXED_LEN_BYTE_ARRAY");

  SchemaElement integer = WithLogical(Leaf("i", PhysicalType::kInt32), Kind::kInteger);
  integer.logical_type.bit_width = 12;
  s = MakeError(Metadata({Root(1), integer}));
  EXPECT_EQ(s.message(), "column 'i': INTEGER bit width 12 is not 8, 16, 32 or 64");

  SchemaElement decimal = WithConverted(Leaf("m", PhysicalType::kInt32), ConvertedType::kDecimal);
  s = MakeError(Metadata({Root(1), decimal}));  // precision 0
  EXPECT_THAT(s.message(), HasSubstr("column 'm': DECIMAL precision 0 and scale 0 are invalid"));

  s = MakeError(
      Metadata({Root(1), WithConverted(Leaf("u", PhysicalType::kInt32), ConvertedType::kUint64)}));
  EXPECT_EQ(s.message(), "column 'u': INT(64,unsigned) annotation requires INT64, found INT32");
}

TEST(FlatSchema, RowGroupChunksMustMatchTheSchema) {
  const std::vector<SchemaElement> elements = {Root(2), Leaf("a", PhysicalType::kInt32),
                                               Leaf("b", PhysicalType::kByteArray)};
  FileMetaData md = Metadata(elements);
  md.row_groups[0].columns.pop_back();
  Status s = MakeError(md);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_EQ(s.message(), "row group 0 has 1 column chunks, the schema 2 leaf columns");

  md = Metadata(elements);
  md.row_groups[0].columns[1].meta_data.reset();
  s = MakeError(md);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_EQ(s.message(), "row group 0, column 'b': ColumnChunk.meta_data is missing");

  md.row_groups[0].columns[1].file_path = "other.parquet";
  s = MakeError(md);
  EXPECT_TRUE(s.IsNotSupported());
  EXPECT_THAT(s.message(), HasSubstr("column data in external file 'other.parquet'"));

  md = Metadata(elements);
  md.row_groups[0].columns[0].has_crypto_metadata = true;
  s = MakeError(md);
  EXPECT_TRUE(s.IsNotSupported());
  EXPECT_THAT(s.message(), HasSubstr("column 'a': encrypted column"));

  md = Metadata(elements);
  md.row_groups[0].columns[1].meta_data->type = PhysicalType::kInt64;
  s = MakeError(md);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_EQ(s.message(),
            "row group 0, column 'b': ColumnMetaData.type INT64 differs from the schema's "
            "BYTE_ARRAY");

  md = Metadata(elements);
  md.row_groups[0].columns[0].meta_data->num_values = -1;
  s = MakeError(md);
  EXPECT_TRUE(s.IsCorruption());

  md = Metadata(elements);
  md.row_groups.push_back(md.row_groups[0]);
  md.row_groups[1].columns.clear();
  s = MakeError(md);
  EXPECT_THAT(s.message(), HasSubstr("row group 1 has 0 column chunks"));
}

TEST(FlatSchema, EncryptedFileIsNotSupported) {
  FileMetaData md = Metadata({Root(1), Leaf("a", PhysicalType::kInt32)});
  md.has_encryption_algorithm = true;
  Status s = MakeError(md);
  EXPECT_TRUE(s.IsNotSupported());
  EXPECT_THAT(s.message(), HasSubstr("encrypted file (Parquet Modular Encryption"));
}

}  // namespace
}  // namespace ocpagg::parquet
