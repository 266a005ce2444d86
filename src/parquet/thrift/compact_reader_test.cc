#include "parquet/thrift/compact_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>
#include <vector>

namespace ocpagg::parquet::thrift {
namespace {

using ::testing::HasSubstr;

std::span<const uint8_t> Span(const std::vector<uint8_t>& bytes) { return bytes; }

TEST(CompactReader, Varints) {
  const std::vector<uint8_t> bytes = {0x00, 0x7F, 0x80, 0x01, 0xAC, 0x02,
                                      // 2^64 - 1 in 10 bytes
                                      0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};
  CompactReader reader(Span(bytes));
  uint64_t v = 99;
  ASSERT_TRUE(reader.ReadVarint(&v).ok());
  EXPECT_EQ(v, 0u);
  ASSERT_TRUE(reader.ReadVarint(&v).ok());
  EXPECT_EQ(v, 127u);
  ASSERT_TRUE(reader.ReadVarint(&v).ok());
  EXPECT_EQ(v, 128u);
  ASSERT_TRUE(reader.ReadVarint(&v).ok());
  EXPECT_EQ(v, 300u);
  ASSERT_TRUE(reader.ReadVarint(&v).ok());
  EXPECT_EQ(v, UINT64_MAX);
  EXPECT_EQ(reader.remaining(), 0u);
  EXPECT_EQ(reader.position(), bytes.size());
}

TEST(CompactReader, TruncatedVarintIsCorruption) {
  const std::vector<uint8_t> bytes = {0x80, 0x80};
  CompactReader reader(Span(bytes));
  uint64_t v = 0;
  Status s = reader.ReadVarint(&v);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_THAT(s.message(), HasSubstr("varint truncated"));
}

TEST(CompactReader, VarintLongerThanTenBytesIsCorruption) {
  const std::vector<uint8_t> bytes(11, 0x80);
  CompactReader reader(Span(bytes));
  uint64_t v = 0;
  Status s = reader.ReadVarint(&v);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_THAT(s.message(), HasSubstr("longer than 10 bytes"));

  std::vector<uint8_t> long_varint(9, 0x80);
  long_varint.push_back(0x81);  // 10th byte: value bit 63 plus a continuation bit
  long_varint.push_back(0x00);
  CompactReader reader2(Span(long_varint));
  s = reader2.ReadVarint(&v);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_THAT(s.message(), HasSubstr("longer than 10 bytes"));
}

TEST(CompactReader, VarintOverflowingSixtyFourBitsIsCorruption) {
  std::vector<uint8_t> bytes(9, 0xFF);
  bytes.push_back(0x02);  // bit 64
  CompactReader reader(Span(bytes));
  uint64_t v = 0;
  Status s = reader.ReadVarint(&v);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_THAT(s.message(), HasSubstr("overflows 64 bits"));
}

TEST(CompactReader, ZigzagIntegers) {
  EXPECT_EQ(ZigzagDecode64(0), 0);
  EXPECT_EQ(ZigzagDecode64(1), -1);
  EXPECT_EQ(ZigzagDecode64(2), 1);
  EXPECT_EQ(ZigzagDecode64(3), -2);
  EXPECT_EQ(ZigzagDecode64(UINT64_MAX), INT64_MIN);
  EXPECT_EQ(ZigzagDecode64(UINT64_MAX - 1), INT64_MAX);
  EXPECT_EQ(ZigzagDecode32(UINT32_MAX), INT32_MIN);

  // i16 -2 (0x03), i32 150 (300 = 0xAC 0x02), i64 -1 (0x01), i32 INT32_MIN (0xFFFFFFFF).
  const std::vector<uint8_t> bytes = {0x03, 0xAC, 0x02, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  CompactReader reader(Span(bytes));
  int16_t i16 = 0;
  int32_t i32 = 0;
  int64_t i64 = 0;
  ASSERT_TRUE(reader.ReadI16(&i16).ok());
  EXPECT_EQ(i16, -2);
  ASSERT_TRUE(reader.ReadI32(&i32).ok());
  EXPECT_EQ(i32, 150);
  ASSERT_TRUE(reader.ReadI64(&i64).ok());
  EXPECT_EQ(i64, -1);
  ASSERT_TRUE(reader.ReadI32(&i32).ok());
  EXPECT_EQ(i32, INT32_MIN);
}

TEST(CompactReader, I32OutOfRangeIsCorruption) {
  const std::vector<uint8_t> bytes = {0x80, 0x80, 0x80, 0x80, 0x10};  // 2^32
  CompactReader reader(Span(bytes));
  int32_t v = 0;
  Status s = reader.ReadI32(&v);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_THAT(s.message(), HasSubstr("exceeds the i32 range"));
}

TEST(CompactReader, ByteAndDouble) {
  // byte -1, then 1.5 as little-endian IEEE 754 (0x3FF8000000000000).
  const std::vector<uint8_t> bytes = {0xFF, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F, 0x00};
  CompactReader reader(Span(bytes));
  int8_t b = 0;
  double d = 0;
  ASSERT_TRUE(reader.ReadByte(&b).ok());
  EXPECT_EQ(b, -1);
  ASSERT_TRUE(reader.ReadDouble(&d).ok());
  EXPECT_EQ(d, 1.5);
  EXPECT_TRUE(reader.ReadDouble(&d).IsCorruption());  // one byte left
}

TEST(CompactReader, Binary) {
  const std::vector<uint8_t> bytes = {0x03, 'a', 'b', 'c', 0x00};
  CompactReader reader(Span(bytes));
  std::string_view v;
  ASSERT_TRUE(reader.ReadBinary(&v).ok());
  EXPECT_EQ(v, "abc");
  ASSERT_TRUE(reader.ReadBinary(&v).ok());
  EXPECT_EQ(v, "");
  EXPECT_EQ(reader.remaining(), 0u);
}

TEST(CompactReader, BinaryLengthNegativeIsCorruption) {
  const std::vector<uint8_t> bytes = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 'a'};  // 0xFFFFFFFF = -1
  CompactReader reader(Span(bytes));
  std::string_view v;
  Status s = reader.ReadBinary(&v);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_THAT(s.message(), HasSubstr("binary length -1 at offset 0 is negative"));
}

TEST(CompactReader, BinaryLengthPastEndIsCorruption) {
  const std::vector<uint8_t> bytes = {0x05, 'a', 'b'};
  CompactReader reader(Span(bytes));
  std::string_view v;
  Status s = reader.ReadBinary(&v);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_THAT(s.message(), HasSubstr("binary length 5 at offset 0 exceeds the 2 remaining bytes"));
}

TEST(CompactReader, FieldHeadersShortAndLongForm) {
  const std::vector<uint8_t> bytes = {
      0x15,        // delta 1, i32: field 1
      0x0C,        // long form, struct ...
      0xC8, 0x01,  // ... id zigzag(100) = 200 = 0xC8 0x01
      0x21,        // delta 2 from 100, bool true: field 102
      0x02, 0x03,  // long form, bool false, id -2
      0xF8,        // delta 15, binary: field 13
      0x00,        // stop
  };
  CompactReader reader(Span(bytes));
  ASSERT_TRUE(reader.BeginStruct().ok());
  FieldHeader f;
  ASSERT_TRUE(reader.ReadFieldHeader(&f).ok());
  EXPECT_EQ(f.id, 1);
  EXPECT_EQ(f.type, CompactType::kI32);
  ASSERT_TRUE(reader.ReadFieldHeader(&f).ok());
  EXPECT_EQ(f.id, 100);
  EXPECT_EQ(f.type, CompactType::kStruct);
  ASSERT_TRUE(reader.ReadFieldHeader(&f).ok());
  EXPECT_EQ(f.id, 102);
  EXPECT_TRUE(f.is_bool());
  EXPECT_EQ(f.type, CompactType::kBoolTrue);
  ASSERT_TRUE(reader.ReadFieldHeader(&f).ok());
  EXPECT_EQ(f.id, -2);
  EXPECT_EQ(f.type, CompactType::kBoolFalse);
  ASSERT_TRUE(reader.ReadFieldHeader(&f).ok());
  EXPECT_EQ(f.id, 13);
  EXPECT_EQ(f.type, CompactType::kBinary);
  ASSERT_TRUE(reader.ReadFieldHeader(&f).ok());
  EXPECT_TRUE(f.is_stop());
  reader.EndStruct();
  EXPECT_EQ(reader.depth(), 0);
}

TEST(CompactReader, NestedStructsKeepTheirOwnLastFieldId) {
  const std::vector<uint8_t> bytes = {
      0x3C,  // field 3, struct
      0x15,  // inner field 1, i32 ...
      0x02,  // ... = 1
      0x00,  // inner stop
      0x15,  // outer field 3 + 1 = 4, i32
      0x04,  // = 2
      0x00,
  };
  CompactReader reader(Span(bytes));
  ASSERT_TRUE(reader.BeginStruct().ok());
  FieldHeader f;
  ASSERT_TRUE(reader.ReadFieldHeader(&f).ok());
  EXPECT_EQ(f.id, 3);
  ASSERT_TRUE(reader.Skip(f.type).ok());
  ASSERT_TRUE(reader.ReadFieldHeader(&f).ok());
  EXPECT_EQ(f.id, 4);
  int32_t v = 0;
  ASSERT_TRUE(reader.ReadI32(&v).ok());
  EXPECT_EQ(v, 2);
  ASSERT_TRUE(reader.ReadFieldHeader(&f).ok());
  EXPECT_TRUE(f.is_stop());
  reader.EndStruct();
}

TEST(CompactReader, UnknownTypeCodeIsCorruption) {
  const std::vector<uint8_t> bytes = {0x1D};  // type 13
  CompactReader reader(Span(bytes));
  ASSERT_TRUE(reader.BeginStruct().ok());
  FieldHeader f;
  Status s = reader.ReadFieldHeader(&f);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_THAT(s.message(), HasSubstr("unknown type code 13"));
}

TEST(CompactReader, ListHeaders) {
  const std::vector<uint8_t> bytes = {
      0x35, 0x02, 0x04, 0x06,  // list<i32> of 3: 1, 2, 3
      0xF8, 0x0F,              // list<binary>, long form: 15 elements ...
  };
  std::vector<uint8_t> all = bytes;
  for (int i = 0; i < 15; ++i) all.push_back(0x00);  // ... each an empty binary
  all.push_back(0x01);                               // list<bool>: 0 elements
  CompactReader reader(Span(all));
  ListHeader h;
  ASSERT_TRUE(reader.ReadListHeader(&h).ok());
  EXPECT_EQ(h.element_type, CompactType::kI32);
  EXPECT_EQ(h.size, 3u);
  for (int expected = 1; expected <= 3; ++expected) {
    int32_t v = 0;
    ASSERT_TRUE(reader.ReadI32(&v).ok());
    EXPECT_EQ(v, expected);
  }
  ASSERT_TRUE(reader.ReadListHeader(&h).ok());
  EXPECT_EQ(h.element_type, CompactType::kBinary);
  EXPECT_EQ(h.size, 15u);
  for (int i = 0; i < 15; ++i) {
    std::string_view v;
    ASSERT_TRUE(reader.ReadBinary(&v).ok());
  }
  ASSERT_TRUE(reader.ReadListHeader(&h).ok());
  EXPECT_EQ(h.size, 0u);
  EXPECT_EQ(reader.remaining(), 0u);
}

TEST(CompactReader, HugeListSizeIsCorruptionBeforeAnyWork) {
  // list<struct> declaring 2^31 elements with four bytes left.
  const std::vector<uint8_t> bytes = {0xFC, 0x80, 0x80, 0x80, 0x80, 0x08, 0, 0, 0, 0};
  CompactReader reader(Span(bytes));
  ListHeader h;
  Status s = reader.ReadListHeader(&h);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_THAT(s.message(), HasSubstr("list of 2147483648 elements exceeds the 4 remaining bytes"));

  // A list of doubles needs eight bytes per element.
  const std::vector<uint8_t> doubles = {0x27, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  CompactReader reader2(Span(doubles));
  s = reader2.ReadListHeader(&h);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_THAT(s.message(), HasSubstr("list of 2 elements exceeds the 11 remaining bytes"));
}

TEST(CompactReader, MapHeaders) {
  const std::vector<uint8_t> bytes = {0x00,                                // empty map
                                      0x02, 0x85, 0x00, 0x02, 0x00, 0x04,  // map<binary,i32> 2
                                      0x05, 0x85, 0x00};                   // map of 5 with 1 byte
  CompactReader reader(Span(bytes));
  MapHeader h;
  ASSERT_TRUE(reader.ReadMapHeader(&h).ok());
  EXPECT_EQ(h.size, 0u);
  ASSERT_TRUE(reader.ReadMapHeader(&h).ok());
  EXPECT_EQ(h.size, 2u);
  EXPECT_EQ(h.key_type, CompactType::kBinary);
  EXPECT_EQ(h.value_type, CompactType::kI32);
  for (int i = 0; i < 2; ++i) {
    std::string_view k;
    int32_t v = 0;
    ASSERT_TRUE(reader.ReadBinary(&k).ok());
    ASSERT_TRUE(reader.ReadI32(&v).ok());
    EXPECT_EQ(v, i + 1);
  }
  Status s = reader.ReadMapHeader(&h);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_THAT(s.message(), HasSubstr("map of 5 entries exceeds the 1 remaining bytes"));
}

TEST(CompactReader, BoolElements) {
  const std::vector<uint8_t> bytes = {0x01, 0x02, 0x00, 0x07};
  CompactReader reader(Span(bytes));
  bool b = false;
  ASSERT_TRUE(reader.ReadBoolElement(&b).ok());
  EXPECT_TRUE(b);
  ASSERT_TRUE(reader.ReadBoolElement(&b).ok());
  EXPECT_FALSE(b);
  ASSERT_TRUE(reader.ReadBoolElement(&b).ok());
  EXPECT_FALSE(b);
  EXPECT_TRUE(reader.ReadBoolElement(&b).IsCorruption());
}

TEST(CompactReader, SkipsEveryType) {
  const std::vector<uint8_t> bytes = {
      0x11,                                                  // field 1: bool true (no value bytes)
      0x12,                                                  // field 2: bool false
      0x13, 0x7F,                                            // field 3: byte
      0x14, 0x04,                                            // field 4: i16
      0x15, 0xAC, 0x02,                                      // field 5: i32
      0x16, 0xFF, 0xFF, 0x03,                                // field 6: i64
      0x17, 0,    0,    0,    0,    0,    0,    0xF0, 0x3F,  // field 7: double
      0x18, 0x02, 'h',  'i',                                 // field 8: binary
      0x19, 0x21, 0x01,                                      // field 9: list<bool> [true, false]
      0x02,                                                  //
      0x1A, 0x17, 0,    0,    0,    0,    0,    0,    0,    0,  // field 10: set<double> {0.0}
      0x1B, 0x01, 0x8C, 0x00, 0x15, 0x02, 0x00,  // field 11: map<binary, struct> {"": {1: 1}}
      0x1C, 0x19, 0x1C, 0x00, 0x00,              // field 12: struct {1: list<struct> [{}]}
      0x00,                                      // stop
      0xEE,                                      // not part of the struct
  };
  CompactReader reader(Span(bytes));
  ASSERT_TRUE(reader.Skip(CompactType::kStruct).ok());
  EXPECT_EQ(reader.remaining(), 1u);
  EXPECT_EQ(reader.depth(), 0);
}

TEST(CompactReader, SkipNestingDeeperThanLimitIsCorruption) {
  // 100 nested structs, each the field 1 of its parent.
  std::vector<uint8_t> bytes(100, 0x1C);
  bytes.insert(bytes.end(), 101, 0x00);
  CompactReader reader(Span(bytes));
  Status s = reader.Skip(CompactType::kStruct);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_THAT(s.message(), HasSubstr("nesting deeper than 64 levels"));

  // Nested lists count too.
  std::vector<uint8_t> lists(100, 0x19);  // list<list> of 1, 100 times
  lists.push_back(0x05);                  // list<i32> of 0
  CompactReader reader2(Span(lists));
  s = reader2.Skip(CompactType::kList);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_THAT(s.message(), HasSubstr("nesting deeper than 64 levels"));

  // 63 levels below the first are fine.
  std::vector<uint8_t> ok(63, 0x1C);
  ok.insert(ok.end(), 64, 0x00);
  CompactReader reader3(Span(ok));
  EXPECT_TRUE(reader3.Skip(CompactType::kStruct).ok());
  EXPECT_EQ(reader3.remaining(), 0u);
}

TEST(CompactReader, SkipHugeListOfEmptyStructsIsBounded) {
  // list<struct> declaring 2^31 - 1 elements: refused by the header check, no loop.
  const std::vector<uint8_t> bytes = {0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00, 0x00};
  CompactReader reader(Span(bytes));
  Status s = reader.Skip(CompactType::kList);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_THAT(s.message(), HasSubstr("exceeds the 2 remaining bytes"));
}

TEST(CompactReader, SkipTruncatedStructIsCorruption) {
  const std::vector<uint8_t> bytes = {0x15, 0x02};  // field 1 i32, then no stop
  CompactReader reader(Span(bytes));
  Status s = reader.Skip(CompactType::kStruct);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_THAT(s.message(), HasSubstr("field header needs 1 bytes but only 0 remain"));
}

TEST(CompactReader, TypeNames) {
  EXPECT_EQ(CompactTypeName(CompactType::kI32), "i32");
  EXPECT_EQ(CompactTypeName(CompactType::kBoolFalse), "bool");
  EXPECT_EQ(CompactTypeName(static_cast<CompactType>(14)), "type(14)");
}

}  // namespace
}  // namespace ocpagg::parquet::thrift
