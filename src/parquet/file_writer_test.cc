// The Parquet writer, read back through our reader: every type x null pattern x codec x page
// version x dictionary setting, row groups and dictionary fallback, statistics, chunk offsets and
// sizes (checked by walking the pages), the footer and page header serialisers, the Thrift compact
// writer and the RLE/bit-packed hybrid encoder. (tests/duckdb/ reads the writer's files with
// DuckDB, an independent implementation.)

#include "parquet/file_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "parquet/compression.h"
#include "parquet/encoding/rle_bit_packed.h"
#include "parquet/file_reader.h"
#include "parquet/metadata_writer.h"
#include "parquet/thrift/compact_reader.h"
#include "parquet/thrift/compact_writer.h"

namespace ocpagg::parquet {
namespace {

using columnar::ColumnBatch;
using columnar::Storage;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Type = WriterColumn::Type;

constexpr Type kAllTypes[] = {Type::kBoolean, Type::kInt32,           Type::kInt64, Type::kDouble,
                              Type::kString,  Type::kTimestampMillis, Type::kDate};

std::string TypeName(Type type) {
  switch (type) {
    case Type::kBoolean:
      return "bool";
    case Type::kInt32:
      return "i32";
    case Type::kInt64:
      return "i64";
    case Type::kDouble:
      return "f64";
    case Type::kString:
      return "str";
    case Type::kTimestampMillis:
      return "ts";
    case Type::kDate:
      return "date";
  }
  return "?";
}

Storage StorageOfType(Type type) {
  switch (type) {
    case Type::kBoolean:
      return Storage::kBool;
    case Type::kInt32:
    case Type::kDate:
      return Storage::kInt32;
    case Type::kInt64:
    case Type::kTimestampMillis:
      return Storage::kInt64;
    case Type::kDouble:
      return Storage::kDouble;
    case Type::kString:
      return Storage::kByteArray;
  }
  return Storage::kInt32;
}

template <typename T>
std::string Raw(T v) {
  std::string out(sizeof(T), '\0');
  std::memcpy(out.data(), &v, sizeof(T));
  return out;
}

// The PLAIN bytes of value `i` of a column of `type`; `cardinality` bounds the distinct values.
std::string Value(Type type, size_t i, size_t cardinality) {
  const size_t k = i % cardinality;
  switch (type) {
    case Type::kBoolean:
      return std::string(1, (k * 7 + i / 5) % 3 == 0 ? '\1' : '\0');
    case Type::kInt32:
      return Raw(static_cast<int32_t>(k * 2654435761u) ^ static_cast<int32_t>(k));
    case Type::kDate:
      return Raw(static_cast<int32_t>(18000 + static_cast<int32_t>(k) - 50));
    case Type::kInt64:
      return Raw(static_cast<int64_t>(k) * -1000000007LL + (k % 3 == 0 ? INT64_MIN / 2 : 0));
    case Type::kTimestampMillis:
      return Raw(int64_t{1700000000000} + static_cast<int64_t>(k) * 1001);
    case Type::kDouble: {
      if (k % 11 == 3) return Raw(std::numeric_limits<double>::quiet_NaN());
      if (k % 13 == 4) return Raw(-0.0);
      if (k % 13 == 5) return Raw(0.0);
      return Raw(static_cast<double>(k) * 0.75 - 100.125);
    }
    case Type::kString: {
      if (k % 17 == 0) return "";
      std::string s = "value-" + std::to_string(k * 7919);
      if (k % 5 == 0) s += "\xC3\xA9\xE2\x82\xAC";  // non-ASCII bytes sort above ASCII
      if (k % 9 == 0) s = std::string(k % 40 + 1, 'x') + s;
      return s;
    }
  }
  return {};
}

enum class Nulls { kRequired, kNone, kAll, kAlternating, kRuns, kRandom };
constexpr Nulls kAllNulls[] = {Nulls::kRequired,    Nulls::kNone, Nulls::kAll,
                               Nulls::kAlternating, Nulls::kRuns, Nulls::kRandom};

std::string NullsName(Nulls n) {
  switch (n) {
    case Nulls::kRequired:
      return "req";
    case Nulls::kNone:
      return "none";
    case Nulls::kAll:
      return "all";
    case Nulls::kAlternating:
      return "alt";
    case Nulls::kRuns:
      return "runs";
    case Nulls::kRandom:
      return "rand";
  }
  return "?";
}

bool IsNullRow(Nulls pattern, size_t i) {
  switch (pattern) {
    case Nulls::kRequired:
    case Nulls::kNone:
      return false;
    case Nulls::kAll:
      return true;
    case Nulls::kAlternating:
      return i % 2 == 1;
    case Nulls::kRuns:
      return (i / 100) % 3 == 1 || (i % 37 < 9);
    case Nulls::kRandom:
      return (i * 2654435761u >> 7) % 5 == 0;
  }
  return false;
}

/// A column's definition and its rows (nullopt = null).
struct TestColumn {
  WriterColumn column;
  std::vector<std::optional<std::string>> rows;
};

TestColumn MakeColumn(Type type, Nulls nulls, size_t rows, size_t cardinality) {
  TestColumn c;
  c.column.name = TypeName(type) + "_" + NullsName(nulls);
  c.column.type = type;
  c.column.optional = nulls != Nulls::kRequired;
  c.rows.reserve(rows);
  for (size_t i = 0; i < rows; ++i) {
    if (IsNullRow(nulls, i)) {
      c.rows.emplace_back();
    } else {
      c.rows.emplace_back(Value(type, i, cardinality));
    }
  }
  return c;
}

/// Rows [begin, end) of `c` as a batch (views into c.rows), plain or in the dictionary layout.
ColumnBatch MakeBatch(const TestColumn& c, size_t begin, size_t end, bool dictionary_layout) {
  const size_t n = end - begin;
  const Storage storage = StorageOfType(c.column.type);
  const size_t width = columnar::StorageWidth(storage, 0);
  ColumnBatch b;
  b.storage = storage;
  b.width = width;
  b.length = n;
  bool any_null = false;
  for (size_t i = begin; i < end; ++i) any_null |= !c.rows[i].has_value();
  if (any_null) {
    b.valid.resize(n);
    for (size_t i = 0; i < n; ++i) {
      b.valid[i] = c.rows[begin + i].has_value() ? 1 : 0;
      b.null_count += 1 - b.valid[i];
    }
  }
  const auto fill = [&](ColumnBatch* out, const std::vector<const std::string*>& values) {
    out->storage = storage;
    out->width = width;
    out->length = values.size();
    if (storage == Storage::kByteArray) {
      for (const std::string* v : values) {
        out->strings.push_back(v != nullptr ? std::string_view(*v) : std::string_view());
      }
    } else {
      out->fixed = Buffer(values.size() * width);
      for (size_t i = 0; i < values.size(); ++i) {
        if (values[i] != nullptr) {
          std::memcpy(out->fixed.data() + i * width, values[i]->data(), width);
        } else {
          std::memset(out->fixed.data() + i * width, 0, width);
        }
      }
    }
  };
  if (!dictionary_layout) {
    std::vector<const std::string*> values;
    for (size_t i = begin; i < end; ++i) values.push_back(c.rows[i] ? &*c.rows[i] : nullptr);
    fill(&b, values);
    return b;
  }
  std::map<std::string, uint32_t> index;
  std::vector<const std::string*> entries;
  for (size_t i = begin; i < end; ++i) {
    if (!c.rows[i]) {
      b.indices.push_back(0);
      continue;
    }
    auto [it, inserted] = index.emplace(*c.rows[i], static_cast<uint32_t>(entries.size()));
    if (inserted) entries.push_back(&*c.rows[i]);
    b.indices.push_back(it->second);
  }
  auto dict = std::make_shared<ColumnBatch>();
  fill(dict.get(), entries);
  b.dictionary = std::move(dict);
  return b;
}

struct WrittenFile {
  std::vector<uint8_t> bytes;
  std::unique_ptr<FileReader> reader;
};

/// Writes `columns` in batches of the sizes in `batch_rows` (cycled), then opens the result.
Result<WrittenFile> WriteFile(const std::vector<TestColumn>& columns, const WriterOptions& options,
                              std::vector<size_t> batch_rows = {1 << 30},
                              bool dictionary_layout = false) {
  WrittenFile file;
  std::vector<WriterColumn> schema;
  for (const TestColumn& c : columns) schema.push_back(c.column);
  OCPAGG_ASSIGN_OR_RETURN(
      auto writer,
      FileWriter::Open(io::MakeMemoryWritable("mem.parquet", &file.bytes), schema, options));
  const size_t rows = columns.empty() ? 0 : columns[0].rows.size();
  size_t k = 0;
  for (size_t begin = 0; begin < rows; ++k) {
    const size_t end = std::min(rows, begin + batch_rows[k % batch_rows.size()]);
    std::vector<ColumnBatch> batches;
    for (const TestColumn& c : columns)
      batches.push_back(MakeBatch(c, begin, end, dictionary_layout));
    OCPAGG_RETURN_IF_ERROR(writer->Write(batches));
    begin = end;
  }
  EXPECT_EQ(writer->rows_written(), static_cast<int64_t>(rows));
  OCPAGG_RETURN_IF_ERROR(writer->Close());
  OCPAGG_ASSIGN_OR_RETURN(file.reader,
                          FileReader::Open(io::MakeMemoryFile("mem.parquet", file.bytes)));
  return file;
}

/// The true statistics of rows [begin, end) of `c`.
ChunkStatistics TrueStatistics(const TestColumn& c, size_t begin, size_t end) {
  ChunkStatistics s;
  s.null_count = 0;
  const Type type = c.column.type;
  const auto less = [type](const std::string& a, const std::string& b) {
    switch (type) {
      case Type::kBoolean:
        return a[0] < b[0];
      case Type::kInt32:
      case Type::kDate: {
        int32_t x, y;
        std::memcpy(&x, a.data(), 4);
        std::memcpy(&y, b.data(), 4);
        return x < y;
      }
      case Type::kInt64:
      case Type::kTimestampMillis: {
        int64_t x, y;
        std::memcpy(&x, a.data(), 8);
        std::memcpy(&y, b.data(), 8);
        return x < y;
      }
      case Type::kDouble: {
        double x, y;
        std::memcpy(&x, a.data(), 8);
        std::memcpy(&y, b.data(), 8);
        return x < y;
      }
      case Type::kString:
        return std::lexicographical_compare(
            a.begin(), a.end(), b.begin(), b.end(),
            [](char p, char q) { return static_cast<uint8_t>(p) < static_cast<uint8_t>(q); });
    }
    return false;
  };
  for (size_t i = begin; i < end; ++i) {
    if (!c.rows[i]) {
      ++*s.null_count;
      continue;
    }
    const std::string& v = *c.rows[i];
    if (type == Type::kDouble) {
      double d;
      std::memcpy(&d, v.data(), 8);
      if (std::isnan(d)) continue;
    }
    if (!s.min || less(v, *s.min)) s.min = v;
    if (!s.max || less(*s.max, v)) s.max = v;
  }
  if (type == Type::kDouble && s.min) {
    double lo, hi;
    std::memcpy(&lo, s.min->data(), 8);
    std::memcpy(&hi, s.max->data(), 8);
    if (lo == 0) s.min = Raw(-0.0);
    if (hi == 0) s.max = Raw(0.0);
  }
  return s;
}

struct PageInfo {
  PageHeader header;
  int64_t offset = 0;
  size_t header_size = 0;
};

/// The pages of chunk (rg, col), walked from its first page; checks the chunk's sizes.
std::vector<PageInfo> WalkChunk(const WrittenFile& file, size_t rg, size_t col) {
  const ColumnMetaData& meta = *file.reader->metadata().row_groups[rg].columns[col].meta_data;
  const int64_t start = meta.dictionary_page_offset.value_or(meta.data_page_offset);
  const int64_t end = start + meta.total_compressed_size;
  std::vector<PageInfo> pages;
  int64_t pos = start;
  int64_t uncompressed = 0;
  int64_t values = 0;
  while (pos < end) {
    PageInfo page;
    page.offset = pos;
    auto parsed = ParsePageHeader(
        std::span<const uint8_t>(file.bytes).subspan(static_cast<size_t>(pos)), &page.header_size);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    if (!parsed.ok()) break;
    page.header = *parsed;
    const auto body = std::span<const uint8_t>(file.bytes)
                          .subspan(static_cast<size_t>(pos) + page.header_size,
                                   static_cast<size_t>(page.header.compressed_page_size));
    EXPECT_TRUE(page.header.crc.has_value());
    if (page.header.crc) {
      EXPECT_EQ(*page.header.crc, Crc32(body));
    }
    uncompressed += static_cast<int64_t>(page.header_size) + page.header.uncompressed_page_size;
    if (page.header.data_page_header) values += page.header.data_page_header->num_values;
    if (page.header.data_page_header_v2) values += page.header.data_page_header_v2->num_values;
    pos += static_cast<int64_t>(page.header_size) + page.header.compressed_page_size;
    pages.push_back(page);
  }
  EXPECT_EQ(pos, end);
  EXPECT_EQ(uncompressed, meta.total_uncompressed_size);
  EXPECT_EQ(values, meta.num_values);
  EXPECT_EQ(meta.num_values, file.reader->row_group_num_rows(rg));
  if (!pages.empty()) {
    if (meta.dictionary_page_offset) {
      EXPECT_EQ(pages[0].header.type, PageType::kDictionaryPage);
      EXPECT_EQ(pages.size() >= 2 ? pages[1].offset : -1, meta.data_page_offset);
    } else {
      EXPECT_NE(pages[0].header.type, PageType::kDictionaryPage);
      EXPECT_EQ(pages[0].offset, meta.data_page_offset);
    }
  }
  return pages;
}

/// Reads the whole file back and compares every row, the statistics and the chunk layout.
void ExpectReadsBack(const WrittenFile& file, const std::vector<TestColumn>& columns,
                     int64_t row_group_rows) {
  const FileReader& reader = *file.reader;
  const size_t rows = columns[0].rows.size();
  ASSERT_EQ(reader.num_rows(), static_cast<int64_t>(rows));
  ASSERT_EQ(reader.schema().num_columns(), columns.size());
  const size_t expected_groups =
      (rows + static_cast<size_t>(row_group_rows) - 1) / static_cast<size_t>(row_group_rows);
  ASSERT_EQ(reader.num_row_groups(), expected_groups);
  for (size_t c = 0; c < columns.size(); ++c) {
    const TestColumn& tc = columns[c];
    SCOPED_TRACE("column " + tc.column.name);
    size_t row = 0;
    for (size_t rg = 0; rg < reader.num_row_groups(); ++rg) {
      const size_t n = static_cast<size_t>(reader.row_group_num_rows(rg));
      auto batch = reader.ReadColumn(rg, c);
      ASSERT_TRUE(batch.ok()) << batch.status().ToString();
      ASSERT_EQ(batch->length, n);
      for (size_t i = 0; i < n; ++i) {
        const auto& want = tc.rows[row + i];
        ASSERT_EQ(batch->IsNull(i), !want.has_value()) << "row " << row + i;
        if (want) {
          ASSERT_EQ(batch->Bytes(i), *want) << "row " << row + i;
        }
      }
      const ChunkStatistics got = reader.Statistics(rg, c);
      const ChunkStatistics truth = TrueStatistics(tc, row, row + n);
      EXPECT_EQ(got.null_count, truth.null_count) << "row group " << rg;
      EXPECT_EQ(got.min, truth.min) << "row group " << rg;
      EXPECT_EQ(got.max, truth.max) << "row group " << rg;
      WalkChunk(file, rg, c);
      row += n;
    }
    EXPECT_EQ(row, rows);
  }
}

std::vector<TestColumn> AllColumns(size_t rows, size_t cardinality) {
  std::vector<TestColumn> columns;
  for (Type type : kAllTypes) {
    for (Nulls nulls : kAllNulls) columns.push_back(MakeColumn(type, nulls, rows, cardinality));
  }
  return columns;
}

// ---- The matrix: codec x page version x dictionary --------------------------------------------

class WriterMatrixTest : public ::testing::TestWithParam<std::tuple<Codec, bool, bool>> {};

TEST_P(WriterMatrixTest, EveryTypeAndNullPatternReadsBack) {
  const auto [codec, v2, dictionary] = GetParam();
  WriterOptions options;
  options.codec = codec;
  options.data_page_v2 = v2;
  options.enable_dictionary = dictionary;
  options.row_group_rows = 1100;
  options.page_bytes = 2000;  // several pages per chunk
  const std::vector<TestColumn> columns = AllColumns(3000, 150);
  auto file = WriteFile(columns, options, {700, 1, 1299, 1000});
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ExpectReadsBack(*file, columns, options.row_group_rows);
  const FileMetaData& meta = file->reader->metadata();
  EXPECT_EQ(meta.version, v2 ? 2 : 1);
  for (size_t c = 0; c < columns.size(); ++c) {
    const ColumnMetaData& m = *meta.row_groups[0].columns[c].meta_data;
    EXPECT_EQ(m.codec, codec);
    const std::vector<PageInfo> pages = WalkChunk(*file, 0, c);
    for (const PageInfo& p : pages) {
      if (p.header.type == PageType::kDictionaryPage) continue;
      EXPECT_EQ(p.header.type, v2 ? PageType::kDataPageV2 : PageType::kDataPage);
    }
    const bool has_values =
        std::any_of(columns[c].rows.begin(), columns[c].rows.begin() + options.row_group_rows,
                    [](const auto& v) { return v.has_value(); });
    const bool dictionary_encoded =
        dictionary && columns[c].column.type != Type::kBoolean && has_values;
    EXPECT_EQ(m.dictionary_page_offset.has_value(), dictionary_encoded) << columns[c].column.name;
    if (dictionary_encoded) {
      EXPECT_THAT(m.encodings,
                  ElementsAre(Encoding::kPlain, Encoding::kRle, Encoding::kRleDictionary));
    } else {
      EXPECT_THAT(m.encodings, ElementsAre(Encoding::kPlain, Encoding::kRle));
    }
  }
}

TEST_P(WriterMatrixTest, DictionaryLayoutInputReadsBack) {
  const auto [codec, v2, dictionary] = GetParam();
  WriterOptions options;
  options.codec = codec;
  options.data_page_v2 = v2;
  options.enable_dictionary = dictionary;
  options.row_group_rows = 900;
  const std::vector<TestColumn> columns = AllColumns(2000, 40);
  auto file = WriteFile(columns, options, {333, 1667}, /*dictionary_layout=*/true);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ExpectReadsBack(*file, columns, options.row_group_rows);
}

std::string MatrixName(const ::testing::TestParamInfo<std::tuple<Codec, bool, bool>>& param) {
  return CodecName(std::get<0>(param.param)) + (std::get<1>(param.param) ? "_v2" : "_v1") +
         (std::get<2>(param.param) ? "_dict" : "_plain");
}

INSTANTIATE_TEST_SUITE_P(FileWriter, WriterMatrixTest,
                         ::testing::Combine(::testing::Values(Codec::kUncompressed, Codec::kSnappy,
                                                              Codec::kZstd),
                                            ::testing::Bool(), ::testing::Bool()),
                         MatrixName);

// ---- Row groups and dictionary fallback --------------------------------------------------------

TEST(FileWriter, DictionaryFallbackInEveryRowGroup) {
  WriterOptions options;
  options.codec = Codec::kSnappy;
  options.row_group_rows = 4000;
  options.page_bytes = 8 * 1024;
  options.dictionary_page_bytes = 4 * 1024;
  std::vector<TestColumn> columns;
  columns.push_back(MakeColumn(Type::kString, Nulls::kRandom, 12000, 1000000));    // fallback
  columns.push_back(MakeColumn(Type::kString, Nulls::kNone, 12000, 7));            // stays dict
  columns.push_back(MakeColumn(Type::kDouble, Nulls::kRequired, 12000, 1000000));  // fallback
  columns.push_back(MakeColumn(Type::kInt64, Nulls::kAlternating, 12000, 1000000));
  auto file = WriteFile(columns, options, {2500});
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  ASSERT_EQ(file->reader->num_row_groups(), 3u);
  ExpectReadsBack(*file, columns, options.row_group_rows);
  for (size_t rg = 0; rg < 3; ++rg) {
    for (size_t c : {0u, 2u, 3u}) {
      SCOPED_TRACE(columns[c].column.name);
      const ColumnMetaData& m = *file->reader->metadata().row_groups[rg].columns[c].meta_data;
      EXPECT_THAT(m.encodings,
                  ElementsAre(Encoding::kPlain, Encoding::kRle, Encoding::kRleDictionary));
      const std::vector<PageInfo> pages = WalkChunk(*file, rg, c);
      ASSERT_GE(pages.size(), 3u);
      EXPECT_EQ(pages[0].header.type, PageType::kDictionaryPage);
      // The dictionary is checked after every slice of 1024 rows (as Arrow does after every write
      // batch), so it may pass its limit by up to 1024 entries.
      EXPECT_LE(pages[0].header.uncompressed_page_size, 4 * 1024 + 1024 * 72);
      // Dictionary pages first, then PLAIN to the end of the chunk.
      std::vector<Encoding> data_encodings;
      for (size_t p = 1; p < pages.size(); ++p) {
        data_encodings.push_back(pages[p].header.data_page_header->encoding);
      }
      EXPECT_EQ(data_encodings.front(), Encoding::kRleDictionary);
      EXPECT_EQ(data_encodings.back(), Encoding::kPlain);
      const auto rank = [](Encoding e) { return e == Encoding::kRleDictionary ? 0 : 1; };
      EXPECT_TRUE(std::is_sorted(data_encodings.begin(), data_encodings.end(),
                                 [&](Encoding a, Encoding b) { return rank(a) < rank(b); }));
    }
    const ColumnMetaData& low = *file->reader->metadata().row_groups[rg].columns[1].meta_data;
    EXPECT_THAT(low.encodings,
                ElementsAre(Encoding::kPlain, Encoding::kRle, Encoding::kRleDictionary));
  }
  // The reader materialises a chunk that falls back part way; kept dictionaries read the same.
  ReadOptions keep;
  keep.keep_dictionary = true;
  auto batch = file->reader->ReadColumn(0, 1, keep);
  ASSERT_TRUE(batch.ok());
  EXPECT_TRUE(batch->is_dictionary());
  EXPECT_EQ(batch->dictionary->length, 7u);
}

TEST(FileWriter, RowGroupLayoutAndFooter) {
  WriterOptions options;
  options.row_group_rows = 1000;
  options.key_value_metadata = {{"origin", "test"}, {"empty", std::nullopt}};
  options.created_by = "ocpagg test";
  std::vector<TestColumn> columns = {MakeColumn(Type::kInt64, Nulls::kNone, 2500, 100),
                                     MakeColumn(Type::kString, Nulls::kRuns, 2500, 100)};
  auto file = WriteFile(columns, options, {2500});
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  const FileMetaData& meta = file->reader->metadata();
  EXPECT_EQ(meta.version, 1);
  EXPECT_EQ(meta.created_by, "ocpagg test");
  ASSERT_EQ(meta.key_value_metadata.size(), 2u);
  EXPECT_EQ(meta.key_value_metadata[0].key, "origin");
  EXPECT_EQ(meta.key_value_metadata[0].value, "test");
  EXPECT_EQ(meta.key_value_metadata[1].value, std::nullopt);
  ASSERT_EQ(meta.schema.size(), 3u);
  EXPECT_EQ(meta.schema[0].name, "schema");
  EXPECT_EQ(meta.schema[0].num_children, 2);
  ASSERT_EQ(meta.row_groups.size(), 3u);
  int64_t expected_offset = 4;
  for (size_t rg = 0; rg < 3; ++rg) {
    const RowGroup& g = meta.row_groups[rg];
    EXPECT_EQ(g.num_rows, rg < 2 ? 1000 : 500);
    EXPECT_EQ(g.file_offset, expected_offset);
    EXPECT_EQ(g.ordinal, static_cast<int16_t>(rg));
    int64_t uncompressed = 0;
    int64_t compressed = 0;
    for (const ColumnChunk& chunk : g.columns) {
      const ColumnMetaData& m = *chunk.meta_data;
      EXPECT_EQ(chunk.file_offset, expected_offset);
      EXPECT_EQ(m.dictionary_page_offset.value_or(m.data_page_offset), expected_offset);
      expected_offset += m.total_compressed_size;
      uncompressed += m.total_uncompressed_size;
      compressed += m.total_compressed_size;
    }
    EXPECT_EQ(g.total_byte_size, uncompressed);
    EXPECT_EQ(g.total_compressed_size, compressed);
  }
  // The footer follows the last chunk.
  EXPECT_EQ(static_cast<uint64_t>(expected_offset) + file->reader->footer_length() + 8,
            file->bytes.size());
}

TEST(FileWriter, SchemaAnnotations) {
  std::vector<TestColumn> columns;
  for (Type type : kAllTypes) columns.push_back(MakeColumn(type, Nulls::kNone, 10, 10));
  columns[0].column.optional = false;
  auto file = WriteFile(columns, {});
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  const FlatSchema& schema = file->reader->schema();
  ASSERT_EQ(schema.num_columns(), 7u);
  EXPECT_FALSE(schema.column(0).optional);
  EXPECT_TRUE(schema.column(1).optional);
  EXPECT_EQ(schema.column(0).physical_type, PhysicalType::kBoolean);
  EXPECT_EQ(schema.column(1).physical_type, PhysicalType::kInt32);
  EXPECT_EQ(schema.column(1).annotation, Annotation::kNone);
  EXPECT_EQ(schema.column(2).physical_type, PhysicalType::kInt64);
  EXPECT_EQ(schema.column(3).physical_type, PhysicalType::kDouble);
  const ColumnDescriptor& s = schema.column(4);
  EXPECT_EQ(s.physical_type, PhysicalType::kByteArray);
  EXPECT_EQ(s.annotation, Annotation::kString);
  EXPECT_EQ(s.logical_type.kind, LogicalType::Kind::kString);
  EXPECT_EQ(s.converted_type, ConvertedType::kUtf8);
  const ColumnDescriptor& ts = schema.column(5);
  EXPECT_EQ(ts.physical_type, PhysicalType::kInt64);
  EXPECT_EQ(ts.annotation, Annotation::kTimestamp);
  EXPECT_EQ(ts.unit, TimeUnit::kMillis);
  EXPECT_FALSE(ts.is_adjusted_to_utc);
  EXPECT_EQ(ts.logical_type.kind, LogicalType::Kind::kTimestamp);
  EXPECT_EQ(ts.converted_type, ConvertedType::kTimestampMillis);
  const ColumnDescriptor& d = schema.column(6);
  EXPECT_EQ(d.physical_type, PhysicalType::kInt32);
  EXPECT_EQ(d.annotation, Annotation::kDate);
  EXPECT_EQ(d.logical_type.kind, LogicalType::Kind::kDate);
  EXPECT_EQ(d.converted_type, ConvertedType::kDate);
}

TEST(FileWriter, OtherCodecsReadBack) {
  for (Codec codec : {Codec::kGzip, Codec::kLz4Raw, Codec::kBrotli}) {
    SCOPED_TRACE(CodecName(codec));
    WriterOptions options;
    options.codec = codec;
    options.row_group_rows = 700;
    const std::vector<TestColumn> columns = {MakeColumn(Type::kString, Nulls::kRandom, 1500, 50),
                                             MakeColumn(Type::kDouble, Nulls::kNone, 1500, 1500)};
    auto file = WriteFile(columns, options);
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    ExpectReadsBack(*file, columns, options.row_group_rows);
  }
}

TEST(FileWriter, DataPageV2Header) {
  WriterOptions options;
  options.data_page_v2 = true;
  options.codec = Codec::kZstd;
  const std::vector<TestColumn> columns = {MakeColumn(Type::kInt32, Nulls::kAlternating, 100, 9)};
  auto file = WriteFile(columns, options);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  const std::vector<PageInfo> pages = WalkChunk(*file, 0, 0);
  ASSERT_EQ(pages.size(), 2u);
  ASSERT_TRUE(pages[1].header.data_page_header_v2.has_value());
  const DataPageHeaderV2& h = *pages[1].header.data_page_header_v2;
  EXPECT_EQ(h.num_values, 100);
  EXPECT_EQ(h.num_rows, 100);
  EXPECT_EQ(h.num_nulls, 50);
  EXPECT_EQ(h.encoding, Encoding::kRleDictionary);
  EXPECT_GT(h.definition_levels_byte_length, 0);
  EXPECT_EQ(h.repetition_levels_byte_length, 0);
  EXPECT_TRUE(h.is_compressed);
}

// ---- Statistics --------------------------------------------------------------------------------

TEST(FileWriter, DoubleStatisticsZerosAndNaN) {
  const auto column = [](std::string name, std::vector<double> values) {
    TestColumn c;
    c.column = {std::move(name), Type::kDouble, true};
    for (double v : values) c.rows.emplace_back(Raw(v));
    return c;
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<TestColumn> columns = {
      column("zeros", {0.0, 0.0, 0.0}), column("neg_zeros", {-0.0, -0.0, -0.0}),
      column("nans", {nan, nan, nan}), column("mixed", {nan, 2.5, -1.0})};
  for (bool dictionary : {false, true}) {
    WriterOptions options;
    options.enable_dictionary = dictionary;
    auto file = WriteFile(columns, options);
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    const FileReader& r = *file->reader;
    for (size_t c : {0u, 1u}) {
      EXPECT_EQ(r.Statistics(0, c).min, Raw(-0.0));
      EXPECT_EQ(r.Statistics(0, c).max, Raw(0.0));
    }
    EXPECT_EQ(r.Statistics(0, 2).min, std::nullopt);
    EXPECT_EQ(r.Statistics(0, 2).max, std::nullopt);
    EXPECT_EQ(r.Statistics(0, 2).null_count, 0);
    EXPECT_EQ(r.Statistics(0, 3).min, Raw(-1.0));
    EXPECT_EQ(r.Statistics(0, 3).max, Raw(2.5));
    ExpectReadsBack(*file, columns, 1 << 20);
  }
}

TEST(FileWriter, StringStatisticsAreUnsignedAndOwned) {
  TestColumn c;
  c.column = {"s", Type::kString, true};
  for (const char* v : {"b", "\xC3\xA9", "a", "", "zz"}) c.rows.emplace_back(v);
  c.rows.emplace_back();
  for (bool dictionary : {false, true}) {
    WriterOptions options;
    options.enable_dictionary = dictionary;
    // Batches of one row: the statistics must not point into a released batch.
    auto file = WriteFile({c}, options, {1});
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    const ChunkStatistics s = file->reader->Statistics(0, 0);
    EXPECT_EQ(s.min, "");
    EXPECT_EQ(s.max, "\xC3\xA9");
    EXPECT_EQ(s.null_count, 1);
  }
}

TEST(FileWriter, NoStatisticsWhenDisabled) {
  WriterOptions options;
  options.write_statistics = false;
  auto file = WriteFile({MakeColumn(Type::kInt32, Nulls::kRuns, 100, 10)}, options);
  ASSERT_TRUE(file.ok());
  EXPECT_FALSE(file->reader->metadata().row_groups[0].columns[0].meta_data->statistics);
}

// ---- Errors and edge cases ---------------------------------------------------------------------

TEST(FileWriter, NullInRequiredColumnIsInvalidArgument) {
  TestColumn c = MakeColumn(Type::kInt64, Nulls::kNone, 10, 10);
  c.column.optional = false;
  c.rows[7].reset();
  std::vector<uint8_t> bytes;
  auto writer = FileWriter::Open(io::MakeMemoryWritable("m", &bytes), {c.column});
  ASSERT_TRUE(writer.ok());
  ColumnBatch batch = MakeBatch(c, 0, 10, false);
  Status s = (*writer)->Write({&batch, 1});
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_THAT(s.message(), HasSubstr("row 7"));
  EXPECT_THAT(s.message(), HasSubstr("i64_none"));
  // The failed batch wrote nothing: the writer is still usable.
  c.rows[7] = Value(Type::kInt64, 7, 10);
  batch = MakeBatch(c, 0, 10, false);
  ASSERT_TRUE((*writer)->Write({&batch, 1}).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  auto reader = FileReader::Open(io::MakeMemoryFile("m", bytes));
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->num_rows(), 10);
}

TEST(FileWriter, RejectsBadBatches) {
  std::vector<uint8_t> bytes;
  auto writer = FileWriter::Open(io::MakeMemoryWritable("m", &bytes),
                                 {{"a", Type::kInt32, true}, {"b", Type::kString, true}});
  ASSERT_TRUE(writer.ok());
  TestColumn a = MakeColumn(Type::kInt32, Nulls::kNone, 10, 10);
  TestColumn b = MakeColumn(Type::kString, Nulls::kNone, 10, 10);
  std::vector<ColumnBatch> one;
  one.push_back(MakeBatch(a, 0, 10, false));
  EXPECT_TRUE((*writer)->Write(one).IsInvalidArgument());
  std::vector<ColumnBatch> lengths;
  lengths.push_back(MakeBatch(a, 0, 10, false));
  lengths.push_back(MakeBatch(b, 0, 9, false));
  EXPECT_TRUE((*writer)->Write(lengths).IsInvalidArgument());
  std::vector<ColumnBatch> storage;
  storage.push_back(MakeBatch(b, 0, 10, false));
  storage.push_back(MakeBatch(b, 0, 10, false));
  EXPECT_TRUE((*writer)->Write(storage).IsInvalidArgument());
  std::vector<ColumnBatch> index;
  index.push_back(MakeBatch(a, 0, 10, true));
  index.push_back(MakeBatch(b, 0, 10, false));
  index[0].indices[3] = 99;
  EXPECT_THAT((*writer)->Write(index).message(), HasSubstr("out of range"));
  EXPECT_EQ((*writer)->rows_written(), 0);
  ASSERT_TRUE((*writer)->Close().ok());
  EXPECT_TRUE((*writer)->Write(lengths).IsInvalidArgument());
  EXPECT_FALSE((*writer)->Close().ok());
}

TEST(FileWriter, RejectsBadSchemasAndOptions) {
  std::vector<uint8_t> bytes;
  const auto open = [&](std::vector<WriterColumn> columns, WriterOptions options = {}) {
    return FileWriter::Open(io::MakeMemoryWritable("m", &bytes), std::move(columns),
                            std::move(options))
        .status();
  };
  EXPECT_TRUE(open({}).IsInvalidArgument());
  EXPECT_THAT(open({{"a", Type::kInt32, true}, {"a", Type::kInt64, true}}).message(),
              HasSubstr("duplicate"));
  EXPECT_TRUE(open({{"", Type::kInt32, true}}).IsInvalidArgument());
  WriterOptions lzo;
  lzo.codec = Codec::kLzo;
  EXPECT_TRUE(open({{"a", Type::kInt32, true}}, lzo).IsInvalidArgument());
  WriterOptions rows;
  rows.row_group_rows = 0;
  EXPECT_TRUE(open({{"a", Type::kInt32, true}}, rows).IsInvalidArgument());
}

TEST(FileWriter, EmptyFileIsReadable) {
  std::vector<uint8_t> bytes;
  auto writer = FileWriter::Open(io::MakeMemoryWritable("m", &bytes),
                                 {{"a", Type::kInt32, true}, {"s", Type::kString, false}});
  ASSERT_TRUE(writer.ok());
  ASSERT_TRUE((*writer)->FlushRowGroup().ok());  // nothing buffered: no empty row group
  ASSERT_TRUE((*writer)->Close().ok());
  auto reader = FileReader::Open(io::MakeMemoryFile("m", bytes));
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->num_rows(), 0);
  EXPECT_EQ((*reader)->num_row_groups(), 0u);
  EXPECT_EQ((*reader)->schema().num_columns(), 2u);
  EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 4), "PAR1");
  EXPECT_EQ(std::string(bytes.end() - 4, bytes.end()), "PAR1");
}

TEST(FileWriter, FlushRowGroupEndsTheGroupEarly) {
  std::vector<uint8_t> bytes;
  const TestColumn c = MakeColumn(Type::kString, Nulls::kAlternating, 30, 5);
  auto writer = FileWriter::Open(io::MakeMemoryWritable("m", &bytes), {c.column});
  ASSERT_TRUE(writer.ok());
  for (size_t begin : {0u, 10u, 20u}) {
    ColumnBatch batch = MakeBatch(c, begin, begin + 10, false);
    ASSERT_TRUE((*writer)->Write({&batch, 1}).ok());
    ASSERT_TRUE((*writer)->FlushRowGroup().ok());
  }
  ASSERT_TRUE((*writer)->Close().ok());
  WrittenFile file;
  file.bytes = bytes;
  auto reader = FileReader::Open(io::MakeMemoryFile("m", bytes));
  ASSERT_TRUE(reader.ok());
  file.reader = std::move(*reader);
  ASSERT_EQ(file.reader->num_row_groups(), 3u);
  ExpectReadsBack(file, {c}, 10);
}

TEST(FileWriter, DestroyedWithoutCloseLeavesNoFile) {
  const std::string dir = ::testing::TempDir() + "/ocpagg_file_writer_test";
  const std::string path = dir + "/unclosed.parquet";
  std::filesystem::remove_all(dir);
  const TestColumn c = MakeColumn(Type::kDouble, Nulls::kRuns, 5000, 100);
  {
    auto sink = io::OpenLocalWritable(path);
    ASSERT_TRUE(sink.ok()) << sink.status().ToString();
    WriterOptions options;
    options.row_group_rows = 1000;  // row groups reach the sink before the writer dies
    auto writer = FileWriter::Open(std::move(*sink), {c.column}, options);
    ASSERT_TRUE(writer.ok());
    ColumnBatch batch = MakeBatch(c, 0, 5000, false);
    ASSERT_TRUE((*writer)->Write({&batch, 1}).ok());
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  if (std::filesystem::exists(dir)) {
    EXPECT_TRUE(std::filesystem::is_empty(dir));
  }
  {
    auto sink = io::OpenLocalWritable(path);
    ASSERT_TRUE(sink.ok());
    auto writer = FileWriter::Open(std::move(*sink), {c.column});
    ASSERT_TRUE(writer.ok());
    ColumnBatch batch = MakeBatch(c, 0, 5000, false);
    ASSERT_TRUE((*writer)->Write({&batch, 1}).ok());
    ASSERT_TRUE((*writer)->Close().ok());
  }
  auto reader = FileReader::OpenLocal(path);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->num_rows(), 5000);
  std::filesystem::remove_all(dir);
}

// ---- Serialisers and encoders ------------------------------------------------------------------

TEST(FileWriterThrift, CompactWriterRoundTripsThroughTheReader) {
  std::vector<uint8_t> bytes;
  thrift::CompactWriter w(&bytes);
  w.I32Field(1, -1);
  w.I64Field(2, std::numeric_limits<int64_t>::min());
  w.BoolField(3, true);
  w.BoolField(4, false);
  w.BinaryField(40, "long form");                  // delta 36: long-form header
  w.I16Field(20, -300);                            // going back: long form
  w.ListField(21, thrift::CompactType::kI32, 20);  // long list form
  for (int i = 0; i < 20; ++i) w.I32(i * -1000);
  w.ListField(22, thrift::CompactType::kBinary, 2);
  w.Binary("a");
  w.Binary("");
  w.BeginStructField(23);
  w.DoubleField(1, 2.5);
  w.ByteField(2, -7);
  w.EndStruct();
  w.Finish();

  thrift::CompactReader r(bytes);
  ASSERT_TRUE(r.BeginStruct().ok());
  thrift::FieldHeader f;
  ASSERT_TRUE(r.ReadFieldHeader(&f).ok());
  EXPECT_EQ(f.id, 1);
  EXPECT_EQ(bytes[0], 0x15);  // short form: delta 1, i32
  int32_t i32 = 0;
  ASSERT_TRUE(r.ReadI32(&i32).ok());
  EXPECT_EQ(i32, -1);
  ASSERT_TRUE(r.ReadFieldHeader(&f).ok());
  int64_t i64 = 0;
  ASSERT_TRUE(r.ReadI64(&i64).ok());
  EXPECT_EQ(i64, std::numeric_limits<int64_t>::min());
  ASSERT_TRUE(r.ReadFieldHeader(&f).ok());
  EXPECT_EQ(f.type, thrift::CompactType::kBoolTrue);
  ASSERT_TRUE(r.ReadFieldHeader(&f).ok());
  EXPECT_EQ(f.type, thrift::CompactType::kBoolFalse);
  EXPECT_EQ(f.id, 4);
  ASSERT_TRUE(r.ReadFieldHeader(&f).ok());
  EXPECT_EQ(f.id, 40);
  std::string_view s;
  ASSERT_TRUE(r.ReadBinary(&s).ok());
  EXPECT_EQ(s, "long form");
  ASSERT_TRUE(r.ReadFieldHeader(&f).ok());
  EXPECT_EQ(f.id, 20);
  int16_t i16 = 0;
  ASSERT_TRUE(r.ReadI16(&i16).ok());
  EXPECT_EQ(i16, -300);
  ASSERT_TRUE(r.ReadFieldHeader(&f).ok());
  EXPECT_EQ(f.id, 21);
  thrift::ListHeader list;
  ASSERT_TRUE(r.ReadListHeader(&list).ok());
  EXPECT_EQ(list.size, 20u);
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(r.ReadI32(&i32).ok());
    EXPECT_EQ(i32, i * -1000);
  }
  ASSERT_TRUE(r.ReadFieldHeader(&f).ok());
  ASSERT_TRUE(r.ReadListHeader(&list).ok());
  EXPECT_EQ(list.size, 2u);
  ASSERT_TRUE(r.ReadBinary(&s).ok());
  EXPECT_EQ(s, "a");
  ASSERT_TRUE(r.ReadBinary(&s).ok());
  EXPECT_EQ(s, "");
  ASSERT_TRUE(r.ReadFieldHeader(&f).ok());
  EXPECT_EQ(f.id, 23);
  EXPECT_EQ(f.type, thrift::CompactType::kStruct);
  ASSERT_TRUE(r.BeginStruct().ok());
  ASSERT_TRUE(r.ReadFieldHeader(&f).ok());
  double d = 0;
  ASSERT_TRUE(r.ReadDouble(&d).ok());
  EXPECT_EQ(d, 2.5);
  ASSERT_TRUE(r.ReadFieldHeader(&f).ok());
  int8_t byte = 0;
  ASSERT_TRUE(r.ReadByte(&byte).ok());
  EXPECT_EQ(byte, -7);
  ASSERT_TRUE(r.ReadFieldHeader(&f).ok());
  EXPECT_TRUE(f.is_stop());
  r.EndStruct();
  ASSERT_TRUE(r.ReadFieldHeader(&f).ok());
  EXPECT_TRUE(f.is_stop());
  r.EndStruct();
  EXPECT_EQ(r.remaining(), 0u);
}

FileMetaData RichMetaData() {
  FileMetaData m;
  m.version = 2;
  SchemaElement& root = m.schema.emplace_back();
  root.name = "schema";
  root.num_children = 4;
  const auto leaf = [&](std::string name, PhysicalType type, Repetition rep) -> SchemaElement& {
    SchemaElement& e = m.schema.emplace_back();
    e.name = std::move(name);
    e.type = type;
    e.repetition = rep;
    return e;
  };
  SchemaElement& ts = leaf("ts", PhysicalType::kInt64, Repetition::kOptional);
  ts.converted_type = ConvertedType::kTimestampMicros;
  ts.logical_type.kind = LogicalType::Kind::kTimestamp;
  ts.logical_type.is_adjusted_to_utc = true;
  ts.logical_type.unit = TimeUnit::kNanos;
  SchemaElement& dec = leaf("dec", PhysicalType::kFixedLenByteArray, Repetition::kRequired);
  dec.type_length = 16;
  dec.converted_type = ConvertedType::kDecimal;
  dec.scale = 2;
  dec.precision = 30;
  dec.logical_type.kind = LogicalType::Kind::kDecimal;
  dec.logical_type.decimal_scale = 2;
  dec.logical_type.decimal_precision = 30;
  SchemaElement& i8 = leaf("i8", PhysicalType::kInt32, Repetition::kOptional);
  i8.logical_type.kind = LogicalType::Kind::kInteger;
  i8.logical_type.bit_width = 8;
  i8.logical_type.is_signed = false;
  SchemaElement& u = leaf("uuid", PhysicalType::kFixedLenByteArray, Repetition::kOptional);
  u.type_length = 16;
  u.logical_type.kind = LogicalType::Kind::kUuid;
  m.num_rows = 123456789012;
  for (int g = 0; g < 2; ++g) {
    RowGroup& rg = m.row_groups.emplace_back();
    rg.num_rows = 1000 + g;
    rg.total_byte_size = 5000;
    rg.file_offset = 4 + g;
    rg.total_compressed_size = 4000;
    rg.ordinal = static_cast<int16_t>(g);
    for (int c = 0; c < 4; ++c) {
      ColumnChunk& chunk = rg.columns.emplace_back();
      chunk.file_offset = 100 * c;
      if (c == 3) chunk.file_path = "other.parquet";
      ColumnMetaData& meta = chunk.meta_data.emplace();
      meta.type = PhysicalType::kInt64;
      meta.encodings = {Encoding::kPlain, Encoding::kRle, Encoding::kRleDictionary};
      meta.path_in_schema = {"ts"};
      meta.codec = Codec::kZstd;
      meta.num_values = 77;
      meta.total_uncompressed_size = 1 << 20;
      meta.total_compressed_size = 1 << 19;
      meta.data_page_offset = 1 << 30;
      meta.dictionary_page_offset = 4;
      meta.index_page_offset = 5;
      Statistics& s = meta.statistics.emplace();
      s.max = "max";
      s.min = "min";
      s.null_count = 3;
      s.distinct_count = 9;
      s.max_value = std::string("\0\xFF", 2);
      s.min_value = "";
      s.is_max_value_exact = true;
      s.is_min_value_exact = false;
    }
  }
  m.key_value_metadata = {{"k", "v"}, {"no value", std::nullopt}};
  m.created_by = "parquet-cpp-arrow version 15.0.0";
  return m;
}

TEST(FileWriterThrift, FileMetaDataRoundTrips) {
  const FileMetaData m = RichMetaData();
  const std::vector<uint8_t> bytes = SerializeFileMetaData(m);
  auto parsed = ParseFileMetaData(bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  // Re-serialising the parsed struct gives the same bytes: every field came back.
  EXPECT_EQ(SerializeFileMetaData(*parsed), bytes);
  EXPECT_EQ(parsed->version, 2);
  EXPECT_EQ(parsed->num_rows, 123456789012);
  ASSERT_EQ(parsed->schema.size(), 5u);
  EXPECT_EQ(parsed->schema[1].logical_type.unit, TimeUnit::kNanos);
  EXPECT_TRUE(parsed->schema[1].logical_type.is_adjusted_to_utc);
  EXPECT_EQ(parsed->schema[2].type_length, 16);
  EXPECT_EQ(parsed->schema[2].logical_type.decimal_precision, 30);
  EXPECT_EQ(parsed->schema[3].logical_type.bit_width, 8);
  EXPECT_FALSE(parsed->schema[3].logical_type.is_signed);
  EXPECT_EQ(parsed->schema[4].logical_type.kind, LogicalType::Kind::kUuid);
  const ColumnChunk& chunk = parsed->row_groups[1].columns[3];
  EXPECT_EQ(chunk.file_path, "other.parquet");
  EXPECT_EQ(chunk.file_offset, 300);
  const ColumnMetaData& meta = *chunk.meta_data;
  EXPECT_THAT(meta.encodings,
              ElementsAre(Encoding::kPlain, Encoding::kRle, Encoding::kRleDictionary));
  EXPECT_EQ(meta.data_page_offset, 1 << 30);
  EXPECT_EQ(meta.index_page_offset, 5);
  EXPECT_EQ(meta.statistics->max_value, std::string("\0\xFF", 2));
  EXPECT_EQ(meta.statistics->min_value, "");
  EXPECT_EQ(meta.statistics->is_min_value_exact, false);
  EXPECT_EQ(parsed->row_groups[1].ordinal, 1);
  EXPECT_EQ(parsed->key_value_metadata[1].value, std::nullopt);
  EXPECT_EQ(parsed->created_by, m.created_by);
  // Without column orders the bytes differ but parse the same.
  FooterSerializeOptions no_orders;
  no_orders.type_defined_column_orders = false;
  const std::vector<uint8_t> shorter = SerializeFileMetaData(m, no_orders);
  EXPECT_LT(shorter.size(), bytes.size());
  auto reparsed = ParseFileMetaData(shorter);
  ASSERT_TRUE(reparsed.ok());
  EXPECT_EQ(SerializeFileMetaData(*reparsed), bytes);
}

TEST(FileWriterThrift, PageHeadersRoundTrip) {
  PageHeader v1;
  v1.type = PageType::kDataPage;
  v1.uncompressed_page_size = 1000;
  v1.compressed_page_size = 500;
  v1.crc = 0xDEADBEEF;
  v1.data_page_header =
      DataPageHeader{77, Encoding::kRleDictionary, Encoding::kRle, Encoding::kBitPacked};
  PageHeader dict;
  dict.type = PageType::kDictionaryPage;
  dict.uncompressed_page_size = 10;
  dict.compressed_page_size = 10;
  dict.dictionary_page_header = DictionaryPageHeader{3, Encoding::kPlain, true};
  PageHeader v2;
  v2.type = PageType::kDataPageV2;
  v2.uncompressed_page_size = 100;
  v2.compressed_page_size = 90;
  v2.data_page_header_v2 = DataPageHeaderV2{20, 5, 20, Encoding::kPlain, 7, 0, false};
  for (const PageHeader& h : {v1, dict, v2}) {
    std::vector<uint8_t> bytes = SerializePageHeader(h);
    bytes.push_back(0xAB);  // page data follows the header
    size_t size = 0;
    auto parsed = ParsePageHeader(bytes, &size);
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(size, bytes.size() - 1);
    std::vector<uint8_t> again;
    SerializePageHeader(*parsed, &again);
    bytes.pop_back();
    EXPECT_EQ(again, bytes);
  }
  size_t size = 0;
  auto parsed = ParsePageHeader(SerializePageHeader(v1), &size);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->crc, 0xDEADBEEFu);
  EXPECT_EQ(parsed->data_page_header->num_values, 77);
  EXPECT_EQ(parsed->data_page_header->repetition_level_encoding, Encoding::kBitPacked);
}

std::vector<uint32_t> Decode(const std::vector<uint8_t>& bytes, int bit_width, size_t n) {
  RleBitPackedDecoder decoder(bytes, bit_width);
  std::vector<uint32_t> out(n);
  Status s = decoder.Decode(out.data(), n);
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(decoder.bytes_consumed(), bytes.size());
  return out;
}

TEST(FileWriterHybrid, RoundTripsEveryBitWidth) {
  std::mt19937_64 rng(7);
  for (int width = 1; width <= 32; ++width) {
    SCOPED_TRACE(width);
    const uint64_t limit = width == 32 ? 0xFFFFFFFFull : (uint64_t{1} << width) - 1;
    for (size_t n : {0u, 1u, 7u, 8u, 9u, 100u, 1000u, 4099u}) {
      std::vector<uint32_t> values;
      while (values.size() < n) {
        const auto v = static_cast<uint32_t>(rng() & limit);
        const size_t run = rng() % 4 == 0 ? rng() % 40 : 1;  // runs and literals mixed
        for (size_t k = 0; k < std::max<size_t>(run, 1) && values.size() < n; ++k) {
          values.push_back(v);
        }
      }
      std::vector<uint8_t> bytes;
      internal::EncodeRleBitPackedHybrid(values, width, &bytes);
      EXPECT_EQ(Decode(bytes, width, n), values);
    }
  }
}

TEST(FileWriterHybrid, UsesRleRunsForLongRuns) {
  // 1000 ones: a single RLE run (varint(2000) + 1 value byte).
  std::vector<uint8_t> ones(1000, 1);
  std::vector<uint8_t> bytes;
  internal::EncodeRleBitPackedHybrid(ones, 1, &bytes);
  EXPECT_THAT(bytes, ElementsAre(0xD0, 0x0F, 0x01));
  // 3 literals, then a run of 20: the run tops the literal group up to 8 and the rest is RLE.
  std::vector<uint8_t> mixed = {1, 0, 1};
  mixed.insert(mixed.end(), 20, 1);
  bytes.clear();
  internal::EncodeRleBitPackedHybrid(mixed, 1, &bytes);
  EXPECT_THAT(bytes, ElementsAre(0x03, 0xFD, 0x1E, 0x01));
  RleBitPackedDecoder decoder(bytes, 1);
  std::vector<uint8_t> out(mixed.size());
  ASSERT_TRUE(decoder.Decode(out.data(), out.size()).ok());
  EXPECT_EQ(out, mixed);
  // Alternating levels bit-pack: 16 values in one run of 2 groups.
  std::vector<uint8_t> alternating(16);
  for (size_t i = 0; i < 16; ++i) alternating[i] = i % 2;
  bytes.clear();
  internal::EncodeRleBitPackedHybrid(alternating, 1, &bytes);
  EXPECT_THAT(bytes, ElementsAre(0x05, 0xAA, 0xAA));
}

}  // namespace
}  // namespace ocpagg::parquet
