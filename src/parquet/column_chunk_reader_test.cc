// Column chunks built byte by byte: the page walk, dictionary handling (including a fallback to
// PLAIN part way, which no corpus file has) and the rules checked at the page boundary.

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "parquet/column_chunk_reader_internal.h"
#include "parquet/compression.h"

namespace ocpagg::parquet::internal {
namespace {

/// Minimal Thrift compact-protocol writer for page headers (parquet.thrift PageHeader).
class CompactWriter {
 public:
  void I32(int16_t id, int32_t value) {
    FieldHeader(id, 5);
    Varint((static_cast<uint32_t>(value) << 1) ^ static_cast<uint32_t>(value >> 31));
  }
  void Bool(int16_t id, bool value) { FieldHeader(id, value ? 1 : 2); }
  void BeginStruct(int16_t id) {
    FieldHeader(id, 12);
    stack_.push_back(last_);
    last_ = 0;
  }
  void EndStruct() {
    out_.push_back(0);
    last_ = stack_.back();
    stack_.pop_back();
  }
  std::vector<uint8_t> Finish() {
    out_.push_back(0);
    return out_;
  }

 private:
  void FieldHeader(int16_t id, uint8_t type) {
    const int delta = id - last_;
    if (delta > 0 && delta <= 15) {
      out_.push_back(static_cast<uint8_t>(delta << 4 | type));
    } else {
      out_.push_back(type);
      Varint((static_cast<uint32_t>(id) << 1) ^ static_cast<uint32_t>(id >> 15));
    }
    last_ = id;
  }
  void Varint(uint32_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<uint8_t>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<uint8_t>(v));
  }
  std::vector<uint8_t> out_;
  std::vector<int16_t> stack_;
  int16_t last_ = 0;
};

struct PageSpec {
  PageSpec(PageType t, Encoding e, int32_t n, std::vector<uint8_t> b)
      : type(t), encoding(e), num_values(n), body(std::move(b)) {}
  PageType type = PageType::kDataPage;
  Encoding encoding = Encoding::kPlain;
  int32_t num_values = 0;
  std::vector<uint8_t> body;
  std::optional<int32_t> compressed_size;  // default: body size
  std::optional<uint32_t> crc;
};

std::vector<uint8_t> Page(const PageSpec& spec) {
  CompactWriter w;
  w.I32(1, static_cast<int32_t>(spec.type));
  w.I32(2, static_cast<int32_t>(spec.body.size()));
  w.I32(3, spec.compressed_size.value_or(static_cast<int32_t>(spec.body.size())));
  if (spec.crc) w.I32(4, static_cast<int32_t>(*spec.crc));
  if (spec.type == PageType::kDictionaryPage) {
    w.BeginStruct(7);
    w.I32(1, spec.num_values);
    w.I32(2, static_cast<int32_t>(spec.encoding));
    w.EndStruct();
  } else {
    w.BeginStruct(5);
    w.I32(1, spec.num_values);
    w.I32(2, static_cast<int32_t>(spec.encoding));
    w.I32(3, static_cast<int32_t>(Encoding::kRle));
    w.I32(4, static_cast<int32_t>(Encoding::kRle));
    w.EndStruct();
  }
  std::vector<uint8_t> out = w.Finish();
  out.insert(out.end(), spec.body.begin(), spec.body.end());
  return out;
}

std::vector<uint8_t> PlainInt32(std::initializer_list<int32_t> values) {
  std::vector<uint8_t> out(values.size() * 4);
  std::memcpy(out.data(), std::data(values), out.size());
  return out;
}

/// RLE_DICTIONARY data: <bit width> then one bit-packed run of up to 8 indices (bit width 8).
std::vector<uint8_t> DictIndices(std::vector<uint8_t> indices) {
  std::vector<uint8_t> out = {8, 0x03};  // bit width 8; bit-packed header: 1 group of 8
  indices.resize(8, 0);
  out.insert(out.end(), indices.begin(), indices.end());
  return out;
}

ColumnDescriptor Int32Column(bool optional) {
  ColumnDescriptor c;
  c.name = "x";
  c.physical_type = PhysicalType::kInt32;
  c.optional = optional;
  return c;
}

Result<columnar::ColumnBatch> Decode(const std::vector<std::vector<uint8_t>>& pages, int64_t rows,
                                     bool keep_dictionary = false, bool optional = false) {
  std::vector<uint8_t> bytes;
  for (const auto& p : pages) bytes.insert(bytes.end(), p.begin(), p.end());
  Buffer chunk(bytes.size());
  if (!bytes.empty()) std::memcpy(chunk.data(), bytes.data(), bytes.size());
  ColumnMetaData meta;
  meta.type = PhysicalType::kInt32;
  meta.codec = Codec::kUncompressed;
  ReadOptions options;
  options.keep_dictionary = keep_dictionary;
  static const ColumnDescriptor kRequired = Int32Column(false);
  static const ColumnDescriptor kOptional = Int32Column(true);
  return DecodeColumnChunk(optional ? kOptional : kRequired, meta, rows,
                           std::make_shared<const Buffer>(std::move(chunk)), options);
}

std::vector<int32_t> Values(const columnar::ColumnBatch& batch) {
  std::vector<int32_t> out;
  for (size_t row = 0; row < batch.length; ++row) {
    int32_t v;
    std::memcpy(&v, batch.Bytes(row).data(), 4);
    out.push_back(batch.IsNull(row) ? -1 : v);
  }
  return out;
}

TEST(ColumnChunkReader, DictionaryFallsBackToPlainPartWay) {
  auto dict = Page({PageType::kDictionaryPage, Encoding::kPlain, 2, PlainInt32({100, 200})});
  auto indexed = Page({PageType::kDataPage, Encoding::kRleDictionary, 3, DictIndices({1, 0, 1})});
  auto plain = Page({PageType::kDataPage, Encoding::kPlain, 2, PlainInt32({7, 8})});
  for (bool keep : {false, true}) {
    auto batch = Decode({dict, indexed, plain}, 5, keep);
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    EXPECT_FALSE(batch->is_dictionary()) << "a chunk that falls back is materialised";
    EXPECT_EQ(Values(*batch), (std::vector<int32_t>{200, 100, 200, 7, 8}));
  }
}

TEST(ColumnChunkReader, KeepsDictionaryFormWhenEveryPageIsIndexed) {
  auto dict = Page({PageType::kDictionaryPage, Encoding::kPlain, 2, PlainInt32({100, 200})});
  auto p1 = Page({PageType::kDataPage, Encoding::kRleDictionary, 2, DictIndices({1, 1})});
  auto p2 = Page({PageType::kDataPage, Encoding::kPlainDictionary, 1, DictIndices({0})});
  auto batch = Decode({dict, p1, p2}, 3, /*keep_dictionary=*/true);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  ASSERT_TRUE(batch->is_dictionary());
  EXPECT_EQ(batch->indices, (std::vector<uint32_t>{1, 1, 0}));
  EXPECT_EQ(batch->dictionary->length, 2u);
  EXPECT_EQ(Values(*batch), (std::vector<int32_t>{200, 200, 100}));
}

TEST(ColumnChunkReader, PlacesNullsFromDefinitionLevelsInBothForms) {
  // Definition levels 1,0,1,1: <u32 length 2> RLE-hybrid bit-packed run: header 0x03, bits 1101.
  std::vector<uint8_t> levels = {2, 0, 0, 0, 0x03, 0b00001101};
  std::vector<uint8_t> indexed_body = levels;
  for (uint8_t b : DictIndices({0, 1, 0})) indexed_body.push_back(b);
  auto dict = Page({PageType::kDictionaryPage, Encoding::kPlain, 2, PlainInt32({5, 6})});
  auto indexed = Page({PageType::kDataPage, Encoding::kRleDictionary, 4, indexed_body});
  for (bool keep : {false, true}) {
    auto batch = Decode({dict, indexed}, 4, keep, /*optional=*/true);
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    EXPECT_EQ(batch->null_count, 1u);
    EXPECT_EQ(Values(*batch), (std::vector<int32_t>{5, -1, 6, 5}));
  }
}

TEST(ColumnChunkReader, RejectsPageSizePastChunkEnd) {
  PageSpec spec{PageType::kDataPage, Encoding::kPlain, 2, PlainInt32({1, 2})};
  spec.compressed_size = 100;
  auto batch = Decode({Page(spec)}, 2);
  ASSERT_FALSE(batch.ok());
  EXPECT_TRUE(batch.status().IsCorruption());
  EXPECT_NE(batch.status().message().find("runs past the end of the column chunk"),
            std::string::npos)
      << batch.status().ToString();
  EXPECT_NE(batch.status().message().find("page 0"), std::string::npos);
}

TEST(ColumnChunkReader, RejectsDictionaryIndexOutOfRange) {
  auto dict = Page({PageType::kDictionaryPage, Encoding::kPlain, 2, PlainInt32({1, 2})});
  auto indexed = Page({PageType::kDataPage, Encoding::kRleDictionary, 2, DictIndices({0, 9})});
  for (bool keep : {false, true}) {
    auto batch = Decode({dict, indexed}, 2, keep);
    ASSERT_FALSE(batch.ok());
    EXPECT_TRUE(batch.status().IsCorruption());
    EXPECT_NE(batch.status().message().find("dictionary index 9 out of range"), std::string::npos)
        << batch.status().ToString();
    EXPECT_NE(batch.status().message().find("page 1"), std::string::npos);
  }
}

TEST(ColumnChunkReader, RejectsIndexedPageWithoutDictionary) {
  auto indexed = Page({PageType::kDataPage, Encoding::kRleDictionary, 1, DictIndices({0})});
  auto batch = Decode({indexed}, 1);
  ASSERT_FALSE(batch.ok());
  EXPECT_NE(batch.status().message().find("without a dictionary page"), std::string::npos);
}

TEST(ColumnChunkReader, RejectsIndexBitWidthAbove32) {
  auto dict = Page({PageType::kDictionaryPage, Encoding::kPlain, 1, PlainInt32({1})});
  auto indexed = Page({PageType::kDataPage, Encoding::kRleDictionary, 1, {40, 0x02, 0}});
  auto batch = Decode({dict, indexed}, 1);
  ASSERT_FALSE(batch.ok());
  EXPECT_NE(batch.status().message().find("bit width 40"), std::string::npos)
      << batch.status().ToString();
}

TEST(ColumnChunkReader, RejectsMoreValuesThanRows) {
  auto page = Page({PageType::kDataPage, Encoding::kPlain, 3, PlainInt32({1, 2, 3})});
  auto batch = Decode({page}, 2);
  ASSERT_FALSE(batch.ok());
  EXPECT_NE(batch.status().message().find("page holds 3 values"), std::string::npos)
      << batch.status().ToString();
}

TEST(ColumnChunkReader, RejectsChunkEndingBeforeAllRows) {
  auto page = Page({PageType::kDataPage, Encoding::kPlain, 2, PlainInt32({1, 2})});
  auto batch = Decode({page}, 5);
  ASSERT_FALSE(batch.ok());
  EXPECT_NE(batch.status().message().find("ends after 2 of 5 rows"), std::string::npos)
      << batch.status().ToString();
}

TEST(ColumnChunkReader, RejectsTruncatedPlainValues) {
  auto page = Page({PageType::kDataPage, Encoding::kPlain, 3, PlainInt32({1, 2})});
  auto batch = Decode({page}, 3);
  ASSERT_FALSE(batch.ok());
  EXPECT_TRUE(batch.status().IsCorruption()) << batch.status().ToString();
}

TEST(ColumnChunkReader, ChecksPageCrc) {
  std::vector<uint8_t> body = PlainInt32({1, 2});
  PageSpec good{PageType::kDataPage, Encoding::kPlain, 2, body};
  good.crc = Crc32(body);
  EXPECT_TRUE(Decode({Page(good)}, 2).ok());
  PageSpec bad = good;
  bad.crc = *good.crc ^ 1;
  auto batch = Decode({Page(bad)}, 2);
  ASSERT_FALSE(batch.ok());
  EXPECT_NE(batch.status().message().find("CRC mismatch"), std::string::npos);
}

TEST(ColumnChunkReader, RejectsUnsupportedEncodingForType) {
  auto page = Page({PageType::kDataPage, Encoding::kDeltaLengthByteArray, 1, PlainInt32({1})});
  auto batch = Decode({page}, 1);
  ASSERT_FALSE(batch.ok());
  EXPECT_TRUE(batch.status().IsNotSupported()) << batch.status().ToString();
}

TEST(ColumnChunkReader, RejectsForgedRowCountBeforeAllocating) {
  auto batch = Decode({}, int64_t{1} << 40);
  ASSERT_FALSE(batch.ok());
  EXPECT_NE(batch.status().message().find("limit"), std::string::npos) << batch.status().ToString();
}

TEST(ColumnChunkReader, RejectsSecondDictionaryPage) {
  auto dict = Page({PageType::kDictionaryPage, Encoding::kPlain, 1, PlainInt32({1})});
  auto batch = Decode({dict, dict}, 1);
  ASSERT_FALSE(batch.ok());
  EXPECT_NE(batch.status().message().find("second dictionary page"), std::string::npos);
}

}  // namespace
}  // namespace ocpagg::parquet::internal
