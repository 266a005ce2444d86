// Whole-file scan: reads every DOUBLE, INT64 and BYTE_ARRAY column of a flat Parquet file, one
// row group at a time on one thread, and computes per column
//   DOUBLE      the sum of the values in file order (nulls skipped),
//   INT64       the exact (128-bit) sum of the values, e.g. epoch milliseconds of a timestamp,
//   BYTE_ARRAY  the sum of the byte lengths of the values (nulls skipped),
// which is what tools/node/duckdb_scan.mjs asks DuckDB (sum(col), sum(epoch_ms(col)),
// sum(strlen(col))). Dictionary-encoded chunks are kept in dictionary form: a string column's
// entry lengths are computed once per chunk and then summed over the indices.
//
//   scan_benchmark FILE [--repeat N] [--breakdown] [--default-malloc]
//
// Prints the best wall time of N scans (default 5; each scan opens the file and parses the footer)
// to stderr, and the result as one JSON object on stdout:
//   {"engine": "ocpagg", "file": ..., "rows": ..., "file_bytes": ..., "repeat": N,
//    "best_ms": ..., "times_ms": [...], "sums": {"column": value, ...}}
// --breakdown also reports how the best scan's time splits between reading (I/O, decompression,
// decoding into batches) and the sum loops.
//
// Unless --default-malloc, glibc malloc is told to keep freed memory (mallopt below): every row
// group allocates ~20 MB of page and batch buffers, which by default are mmap-ed and unmapped
// again, so that every scan pays a page fault per 4 KiB of decoded data (over half of the scan
// time on this file). A long-running process would do the same or pool its buffers; DuckDB uses
// its own allocator.

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/column.h"
#include "common/int128.h"
#include "common/result.h"
#include "parquet/file_reader.h"
#include "parquet/metadata.h"
#include "parquet/schema.h"

namespace ocpagg {
namespace {

using columnar::ColumnBatch;
using Clock = std::chrono::steady_clock;

enum class Kind { kDouble, kInt64, kLength };

struct ColumnSum {
  std::string name;
  size_t column = 0;
  Kind kind = Kind::kDouble;
  double double_sum = 0;
  Int128 int_sum = 0;
};

struct ScanResult {
  int64_t rows = 0;
  uint64_t file_bytes = 0;
  std::vector<ColumnSum> sums;
  double read_seconds = 0;        // ReadColumns: I/O, decompression, decoding
  double sum_seconds = 0;         // the sum loops
  double double_sum_seconds = 0;  // of which DOUBLE columns
};

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

constexpr size_t kBlock = 1024;  // rows per step of the sum loops
constexpr size_t kLanes = 8;     // double columns summed side by side

// Rows [start, start + n) of a DOUBLE batch as dense values with nulls as +0.0 (an identity for
// every sum but -0.0): a pointer into the batch, or the values gathered from the dictionary into
// `scratch`.
const double* DenseDoubles(const ColumnBatch& batch, size_t start, size_t n, double* scratch) {
  if (!batch.is_dictionary()) return batch.values<double>().data() + start;  // nulls hold 0.0
  const double* dict = batch.dictionary->values<double>().data();
  const uint32_t* idx = batch.indices.data() + start;
  if (batch.valid.empty()) {
    for (size_t i = 0; i < n; ++i) scratch[i] = dict[idx[i]];
  } else {
    const uint8_t* valid = batch.valid.data() + start;
    for (size_t i = 0; i < n; ++i) scratch[i] = valid[i] ? dict[idx[i]] : 0.0;
  }
  return scratch;
}

// Adds each DOUBLE batch to its sum, sequentially in row order per column. A single column's sum
// is bound by the latency of one addition per row; summing kLanes columns in one loop (each still
// in row order) keeps the adders busy instead.
void SumDoubleColumns(const std::vector<const ColumnBatch*>& batches,
                      const std::vector<double*>& sums) {
  static const std::vector<double> zeros(kBlock, 0.0);
  std::vector<double> scratch(kLanes * kBlock);
  for (size_t group = 0; group < batches.size(); group += kLanes) {
    const size_t lanes = std::min(kLanes, batches.size() - group);
    const size_t n = batches[group]->length;
    double acc[kLanes] = {};
    for (size_t l = 0; l < lanes; ++l) acc[l] = *sums[group + l];
    for (size_t start = 0; start < n; start += kBlock) {
      const size_t len = std::min(kBlock, n - start);
      const double* p[kLanes];
      for (size_t l = 0; l < kLanes; ++l) {
        p[l] = l < lanes ? DenseDoubles(*batches[group + l], start, len, &scratch[l * kBlock])
                         : zeros.data();
      }
      for (size_t i = 0; i < len; ++i) {
        for (size_t l = 0; l < kLanes; ++l) acc[l] += p[l][i];
      }
    }
    for (size_t l = 0; l < lanes; ++l) *sums[group + l] = acc[l];
  }
}

// Exact sum. Partial sums are taken in int64 over blocks short enough not to overflow given the
// largest magnitude in the batch (or its dictionary), then added into 128 bits.
Int128 SumInt64s(const ColumnBatch& batch, Int128 acc) {
  const size_t n = batch.length;
  const bool dictionary = batch.is_dictionary();
  const std::span<const int64_t> values =
      dictionary ? batch.dictionary->values<int64_t>() : batch.values<int64_t>();
  uint64_t max_magnitude = 0;
  for (const int64_t v : values) {
    const uint64_t m = v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
    max_magnitude = std::max(max_magnitude, m);
  }
  const uint64_t limit = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  const size_t block = max_magnitude == 0 ? std::max<size_t>(n, 1)
                                          : static_cast<size_t>(std::max<uint64_t>(
                                                1, std::min<uint64_t>(n, limit / max_magnitude)));
  const int64_t* v = values.data();
  const uint32_t* idx = batch.indices.data();
  const uint8_t* valid = batch.valid.empty() ? nullptr : batch.valid.data();
  for (size_t start = 0; start < n; start += block) {
    const size_t end = std::min(n, start + block);
    int64_t partial = 0;
    if (!dictionary) {
      for (size_t i = start; i < end; ++i) partial += v[i];  // null rows hold 0
    } else if (valid == nullptr) {
      for (size_t i = start; i < end; ++i) partial += v[idx[i]];
    } else {
      for (size_t i = start; i < end; ++i) partial += valid[i] ? v[idx[i]] : 0;
    }
    acc += partial;
  }
  return acc;
}

Int128 SumLengths(const ColumnBatch& batch, Int128 acc) {
  const size_t n = batch.length;
  uint64_t total = 0;
  if (batch.is_dictionary()) {
    const std::vector<std::string_view>& entries = batch.dictionary->strings;
    std::vector<uint32_t> lengths(entries.size());
    for (size_t k = 0; k < entries.size(); ++k) {
      lengths[k] = static_cast<uint32_t>(entries[k].size());
    }
    const uint32_t* len = lengths.data();
    const uint32_t* idx = batch.indices.data();
    if (batch.valid.empty()) {
      for (size_t i = 0; i < n; ++i) total += len[idx[i]];
    } else {
      const uint8_t* valid = batch.valid.data();
      for (size_t i = 0; i < n; ++i) total += valid[i] ? len[idx[i]] : 0;
    }
  } else {
    for (const std::string_view s : batch.strings) total += s.size();  // null views are empty
  }
  return acc + Int128(total);
}

Result<ScanResult> Scan(const std::string& path) {
  OCPAGG_ASSIGN_OR_RETURN(std::unique_ptr<parquet::FileReader> reader,
                          parquet::FileReader::OpenLocal(path));
  ScanResult result;
  result.rows = reader->num_rows();
  result.file_bytes = reader->file_size();
  std::vector<size_t> columns;
  for (const parquet::ColumnDescriptor& column : reader->schema().columns()) {
    ColumnSum sum;
    sum.name = column.name;
    sum.column = column.column_index;
    switch (column.physical_type) {
      case parquet::PhysicalType::kDouble:
        sum.kind = Kind::kDouble;
        break;
      case parquet::PhysicalType::kInt64:
        sum.kind = Kind::kInt64;
        break;
      case parquet::PhysicalType::kByteArray:
        sum.kind = Kind::kLength;
        break;
      default:
        continue;
    }
    columns.push_back(sum.column);
    result.sums.push_back(std::move(sum));
  }
  const parquet::ReadOptions options{.keep_dictionary = true};
  for (size_t rg = 0; rg < reader->num_row_groups(); ++rg) {
    const Clock::time_point t0 = Clock::now();
    OCPAGG_ASSIGN_OR_RETURN(std::vector<ColumnBatch> batches,
                            reader->ReadColumns(rg, columns, options));
    const Clock::time_point t1 = Clock::now();
    std::vector<const ColumnBatch*> double_batches;
    std::vector<double*> double_sums;
    for (size_t c = 0; c < batches.size(); ++c) {
      ColumnSum& sum = result.sums[c];
      switch (sum.kind) {
        case Kind::kDouble:
          double_batches.push_back(&batches[c]);
          double_sums.push_back(&sum.double_sum);
          break;
        case Kind::kInt64:
          sum.int_sum = SumInt64s(batches[c], sum.int_sum);
          break;
        case Kind::kLength:
          sum.int_sum = SumLengths(batches[c], sum.int_sum);
          break;
      }
    }
    const Clock::time_point t1b = Clock::now();
    SumDoubleColumns(double_batches, double_sums);
    const Clock::time_point t2 = Clock::now();
    result.read_seconds += Seconds(t1 - t0);
    result.sum_seconds += Seconds(t2 - t1);
    result.double_sum_seconds += Seconds(t2 - t1b);
  }
  return result;
}

bool SameSums(const ScanResult& a, const ScanResult& b) {
  if (a.sums.size() != b.sums.size()) return false;
  for (size_t i = 0; i < a.sums.size(); ++i) {
    if (std::memcmp(&a.sums[i].double_sum, &b.sums[i].double_sum, sizeof(double)) != 0 ||
        a.sums[i].int_sum != b.sums[i].int_sum) {
      return false;
    }
  }
  return true;
}

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (static_cast<unsigned char>(ch) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", static_cast<unsigned>(ch));
      out += buf;
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
  return out;
}

std::string JsonDouble(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.17g", v);
  std::string out = buf;
  // Keep it a JSON float ("35547478200.0", not an integer) so that readers compare it as one.
  if (out.find_first_of(".en") == std::string::npos) out += ".0";
  return out;
}

int Usage() {
  std::fprintf(stderr,
               "usage: scan_benchmark FILE [--repeat N] [--breakdown] [--default-malloc]\n");
  return 2;
}

int Main(int argc, char** argv) {
  std::string path;
  int repeat = 5;
  bool breakdown = false;
  bool default_malloc = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::atoi(argv[++i]);
      if (repeat < 1) return Usage();
    } else if (arg == "--breakdown") {
      breakdown = true;
    } else if (arg == "--default-malloc") {
      default_malloc = true;
    } else if (!arg.empty() && arg[0] != '-' && path.empty()) {
      path = arg;
    } else {
      return Usage();
    }
  }
  if (path.empty()) return Usage();
  if (!default_malloc) {
    // Serve every buffer from the heap (32 MiB is glibc's largest mmap threshold) and never give
    // freed memory back to the kernel.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    mallopt(M_TOP_PAD, 64 << 20);
  }

  std::vector<double> times_ms;
  ScanResult best;
  double best_ms = 0;
  for (int r = 0; r < repeat; ++r) {
    const Clock::time_point t0 = Clock::now();
    Result<ScanResult> result = Scan(path);
    const double ms = Seconds(Clock::now() - t0) * 1e3;
    if (!result.ok()) {
      std::fprintf(stderr, "scan_benchmark: %s\n", result.status().ToString().c_str());
      return 1;
    }
    times_ms.push_back(ms);
    if (r > 0 && !SameSums(*result, best)) {
      std::fprintf(stderr, "scan_benchmark: repeat %d computed different sums\n", r);
      return 1;
    }
    if (r == 0 || ms < best_ms) {
      best_ms = ms;
      best = std::move(result).value();
    }
  }

  const double seconds = best_ms / 1e3;
  std::fprintf(stderr,
               "ocpagg scan of %s: %lld rows, %zu columns, best of %d: %.1f ms "
               "(%.1f M rows/s, %.1f MB/s of file)\n",
               path.c_str(), static_cast<long long>(best.rows), best.sums.size(), repeat, best_ms,
               static_cast<double>(best.rows) / seconds / 1e6,
               static_cast<double>(best.file_bytes) / seconds / 1e6);
  if (breakdown) {
    std::fprintf(stderr,
                 "  read (I/O + decompress + decode): %.1f ms, sum loops: %.1f ms (DOUBLE columns "
                 "%.1f ms)\n",
                 best.read_seconds * 1e3, best.sum_seconds * 1e3, best.double_sum_seconds * 1e3);
  }

  std::string json = "{\"engine\": \"ocpagg\", \"file\": " + JsonString(path) +
                     ", \"rows\": " + std::to_string(best.rows) +
                     ", \"file_bytes\": " + std::to_string(best.file_bytes) +
                     ", \"repeat\": " + std::to_string(repeat) +
                     ", \"best_ms\": " + JsonDouble(best_ms) + ", \"times_ms\": [";
  for (size_t i = 0; i < times_ms.size(); ++i) {
    if (i > 0) json += ", ";
    json += JsonDouble(times_ms[i]);
  }
  json += "], \"sums\": {";
  for (size_t i = 0; i < best.sums.size(); ++i) {
    const ColumnSum& sum = best.sums[i];
    if (i > 0) json += ", ";
    json += JsonString(sum.name) + ": ";
    json += sum.kind == Kind::kDouble ? JsonDouble(sum.double_sum) : Int128ToString(sum.int_sum);
  }
  json += "}}";
  std::printf("%s\n", json.c_str());
  return 0;
}

}  // namespace
}  // namespace ocpagg

int main(int argc, char** argv) { return ocpagg::Main(argc, argv); }
