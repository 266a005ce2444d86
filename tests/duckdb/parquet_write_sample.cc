// Writes sample Parquet files with ocpagg's writer for tests/duckdb/writer_duckdb_test.sh, and
// prints the rows they hold in the JSON form that tools/node/duckdb_query.mjs prints for
//
//   SELECT id, b, i32, i64, f64, f64f, s, s_hi, epoch_ms(ts), (d - DATE '1970-01-01')::INTEGER
//   FROM read_parquet(file) ORDER BY id
//
// (BIGINT as a JSON string, INTEGER and DOUBLE as numbers, non-finite doubles as "NaN" /
// "Infinity" / "-Infinity", NULL as null).
//
//   parquet_write_sample OUT_DIR
//
// writes OUT_DIR/sample_<codec>[_v2].parquet (one file per codec, plus a DATA_PAGE_V2 file) and
// OUT_DIR/expected.jsonl, and lists the Parquet files on stdout. Every file holds every column
// type, nulls, 3 row groups, and a high-cardinality string column (s_hi) whose dictionary falls
// back to PLAIN in each row group.

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "columnar/column.h"
#include "io/file.h"
#include "parquet/file_reader.h"
#include "parquet/file_writer.h"

namespace {

using ocpagg::columnar::ColumnBatch;
using ocpagg::columnar::Storage;
using ocpagg::parquet::Codec;
using ocpagg::parquet::Encoding;
using ocpagg::parquet::FileReader;
using ocpagg::parquet::FileWriter;
using ocpagg::parquet::WriterColumn;
using ocpagg::parquet::WriterOptions;
using Type = WriterColumn::Type;

constexpr size_t kRows = 25000;
constexpr int64_t kRowGroupRows = 10000;
constexpr size_t kBatchRows = 4096;

struct Row {
  int64_t id = 0;
  std::optional<bool> b;
  std::optional<int32_t> i32;
  std::optional<int64_t> i64;
  std::optional<double> f64;
  std::optional<double> f64f;  // finite values only
  std::optional<std::string> s;
  std::optional<std::string> s_hi;
  std::optional<int64_t> ts;
  std::optional<int32_t> d;
};

Row MakeRow(size_t i) {
  Row r;
  r.id = static_cast<int64_t>(i);
  const uint64_t h = (i * 0x9E3779B97F4A7C15ULL) >> 17;
  if (i % 7 != 3) r.b = h % 3 == 0;
  if (i % 5 != 1) r.i32 = static_cast<int32_t>(h % 2000) - 1000;
  if ((i / 50) % 4 != 2) {
    r.i64 = static_cast<int64_t>(h) * (i % 2 == 0 ? 1 : -1);
  }
  if (i % 11 != 0) {
    switch (i % 97) {
      case 5:
        r.f64 = std::numeric_limits<double>::quiet_NaN();
        break;
      case 6:
        r.f64 = std::numeric_limits<double>::infinity();
        break;
      case 7:
        r.f64 = -std::numeric_limits<double>::infinity();
        break;
      case 8:
        r.f64 = -0.0;
        break;
      default:
        r.f64 = static_cast<double>(static_cast<int64_t>(h % 100000) - 50000) / 7.0;
    }
  }
  if (i % 9 != 2) r.f64f = static_cast<double>(h % 1000) * 0.125 - (i % 2 == 0 ? 0.0 : 62.5);
  static const char* const kLow[] = {
      "alpha", "beta", "gamma", "\xC3\xA9t\xC3\xA9", "", "quote\"back\\slash", "tab\tnew\nline"};
  if (i % 13 != 4) r.s = kLow[h % 7];
  if (i % 3 != 0) r.s_hi = "node-" + std::to_string(h % 1000003) + "-" + std::to_string(i);
  if (i % 17 != 9) r.ts = int64_t{1700000000000} + static_cast<int64_t>(i) * 60001 - 5000000;
  if (i < 10 || i % 19 != 0) r.d = 19000 + static_cast<int32_t>(h % 3000) - 1500;
  return r;
}

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string JsonDouble(double v) {
  if (std::isnan(v)) return "\"NaN\"";
  if (std::isinf(v)) return v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%.17g", v);
  return buf;
}

template <typename T, typename F>
std::string OrNull(const std::optional<T>& v, F format) {
  return v ? format(*v) : std::string("null");
}

std::string Json(const Row& r) {
  std::string out = "[";
  out += "\"" + std::to_string(r.id) + "\",";
  out += OrNull(r.b, [](bool v) { return std::string(v ? "true" : "false"); }) + ",";
  out += OrNull(r.i32, [](int32_t v) { return std::to_string(v); }) + ",";
  out += OrNull(r.i64, [](int64_t v) { return "\"" + std::to_string(v) + "\""; }) + ",";
  out += OrNull(r.f64, JsonDouble) + ",";
  out += OrNull(r.f64f, JsonDouble) + ",";
  out += OrNull(r.s, JsonString) + ",";
  out += OrNull(r.s_hi, JsonString) + ",";
  out += OrNull(r.ts, [](int64_t v) { return "\"" + std::to_string(v) + "\""; }) + ",";
  out += OrNull(r.d, [](int32_t v) { return std::to_string(v); });
  return out + "]";
}

// A batch of one column of rows[begin, end).
template <typename T, typename Get>
ColumnBatch FixedBatch(Storage storage, const std::vector<Row>& rows, size_t begin, size_t end,
                       Get get) {
  ColumnBatch b;
  b.storage = storage;
  b.width = sizeof(T);
  b.length = end - begin;
  b.fixed = ocpagg::Buffer(b.length * sizeof(T));
  b.valid.resize(b.length);
  for (size_t i = 0; i < b.length; ++i) {
    const auto v = get(rows[begin + i]);
    T value{};
    if (v) value = static_cast<T>(*v);
    b.valid[i] = v ? 1 : 0;
    b.null_count += v ? 0 : 1;
    std::memcpy(b.fixed.data() + i * sizeof(T), &value, sizeof(T));
  }
  return b;
}

template <typename Get>
ColumnBatch StringBatch(const std::vector<Row>& rows, size_t begin, size_t end, Get get) {
  ColumnBatch b;
  b.storage = Storage::kByteArray;
  b.length = end - begin;
  b.valid.resize(b.length);
  for (size_t i = 0; i < b.length; ++i) {
    const std::optional<std::string>& v = get(rows[begin + i]);
    b.strings.push_back(v ? std::string_view(*v) : std::string_view());
    b.valid[i] = v ? 1 : 0;
    b.null_count += v ? 0 : 1;
  }
  return b;
}

bool WriteSample(const std::string& path, Codec codec, bool v2, const std::vector<Row>& rows) {
  std::vector<WriterColumn> schema = {
      {"id", Type::kInt64, false},          {"b", Type::kBoolean, true},
      {"i32", Type::kInt32, true},          {"i64", Type::kInt64, true},
      {"f64", Type::kDouble, true},         {"f64f", Type::kDouble, true},
      {"s", Type::kString, true},           {"s_hi", Type::kString, true},
      {"ts", Type::kTimestampMillis, true}, {"d", Type::kDate, true},
  };
  WriterOptions options;
  options.codec = codec;
  options.data_page_v2 = v2;
  options.row_group_rows = kRowGroupRows;
  options.page_bytes = 32 * 1024;
  options.dictionary_page_bytes = 16 * 1024;
  options.key_value_metadata = {{"ocpagg.test", "writer_duckdb_test"}};
  auto sink = ocpagg::io::OpenLocalWritable(path);
  if (!sink.ok()) {
    std::fprintf(stderr, "%s\n", sink.status().ToString().c_str());
    return false;
  }
  auto writer = FileWriter::Open(std::move(*sink), schema, options);
  if (!writer.ok()) {
    std::fprintf(stderr, "%s\n", writer.status().ToString().c_str());
    return false;
  }
  for (size_t begin = 0; begin < rows.size(); begin += kBatchRows) {
    const size_t end = std::min(rows.size(), begin + kBatchRows);
    std::vector<ColumnBatch> batches;
    ColumnBatch id = FixedBatch<int64_t>(Storage::kInt64, rows, begin, end,
                                         [](const Row& r) { return std::optional(r.id); });
    id.valid.clear();  // required
    batches.push_back(std::move(id));
    batches.push_back(
        FixedBatch<uint8_t>(Storage::kBool, rows, begin, end, [](const Row& r) { return r.b; }));
    batches.push_back(
        FixedBatch<int32_t>(Storage::kInt32, rows, begin, end, [](const Row& r) { return r.i32; }));
    batches.push_back(
        FixedBatch<int64_t>(Storage::kInt64, rows, begin, end, [](const Row& r) { return r.i64; }));
    batches.push_back(
        FixedBatch<double>(Storage::kDouble, rows, begin, end, [](const Row& r) { return r.f64; }));
    batches.push_back(FixedBatch<double>(Storage::kDouble, rows, begin, end,
                                         [](const Row& r) { return r.f64f; }));
    batches.push_back(StringBatch(
        rows, begin, end, [](const Row& r) -> const auto& { return r.s; }));
    batches.push_back(StringBatch(
        rows, begin, end, [](const Row& r) -> const auto& { return r.s_hi; }));
    batches.push_back(
        FixedBatch<int64_t>(Storage::kInt64, rows, begin, end, [](const Row& r) { return r.ts; }));
    batches.push_back(
        FixedBatch<int32_t>(Storage::kInt32, rows, begin, end, [](const Row& r) { return r.d; }));
    if (auto s = (*writer)->Write(batches); !s.ok()) {
      std::fprintf(stderr, "%s\n", s.ToString().c_str());
      return false;
    }
  }
  if (auto s = (*writer)->Close(); !s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return false;
  }
  return true;
}

// Checks that column `name` of every row group has both RLE_DICTIONARY and PLAIN data pages
// (the dictionary fell back part way), by walking the chunk's page headers.
bool CheckFallback(const std::string& path, const std::string& name) {
  auto reader = FileReader::OpenLocal(path);
  auto bytes = ocpagg::io::ReadWholeFile(path);
  if (!reader.ok() || !bytes.ok()) {
    std::fprintf(stderr, "%s: cannot reopen\n", path.c_str());
    return false;
  }
  const auto column = (*reader)->schema().Find(name);
  for (size_t rg = 0; rg < (*reader)->num_row_groups() && column; ++rg) {
    const auto& meta = *(*reader)->metadata().row_groups[rg].columns[*column].meta_data;
    size_t pos = static_cast<size_t>(meta.dictionary_page_offset.value_or(meta.data_page_offset));
    const size_t end = pos + static_cast<size_t>(meta.total_compressed_size);
    bool dictionary = false;
    bool plain = false;
    while (pos < end) {
      size_t header_size = 0;
      auto header = ocpagg::parquet::ParsePageHeader(std::span(*bytes).subspan(pos), &header_size);
      if (!header.ok()) return false;
      std::optional<Encoding> encoding;
      if (header->data_page_header) encoding = header->data_page_header->encoding;
      if (header->data_page_header_v2) encoding = header->data_page_header_v2->encoding;
      dictionary |= encoding == Encoding::kRleDictionary;
      plain |= encoding == Encoding::kPlain;
      pos += header_size + static_cast<size_t>(header->compressed_page_size);
    }
    if (!dictionary || !plain) {
      std::fprintf(stderr,
                   "%s: row group %zu column %s did not fall back (dictionary %d, plain %d)\n",
                   path.c_str(), rg, name.c_str(), dictionary, plain);
      return false;
    }
  }
  return column.has_value();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: parquet_write_sample OUT_DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  std::vector<Row> rows;
  rows.reserve(kRows);
  for (size_t i = 0; i < kRows; ++i) rows.push_back(MakeRow(i));

  const std::string expected_path = dir + "/expected.jsonl";
  std::FILE* expected = std::fopen(expected_path.c_str(), "w");
  if (expected == nullptr) {
    std::fprintf(stderr, "cannot write %s\n", expected_path.c_str());
    return 1;
  }
  for (const Row& r : rows) std::fprintf(expected, "%s\n", Json(r).c_str());
  std::fclose(expected);

  struct Variant {
    const char* name;
    Codec codec;
    bool v2;
  };
  const Variant variants[] = {{"uncompressed", Codec::kUncompressed, false},
                              {"snappy", Codec::kSnappy, false},
                              {"zstd", Codec::kZstd, false},
                              {"snappy_v2", Codec::kSnappy, true}};
  for (const Variant& v : variants) {
    const std::string path = dir + "/sample_" + v.name + ".parquet";
    if (!WriteSample(path, v.codec, v.v2, rows) || !CheckFallback(path, "s_hi")) return 1;
    std::printf("%s\n", path.c_str());
  }
  return 0;
}
