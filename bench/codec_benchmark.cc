// Throughput of page decompression (and, for the codecs writers use most, compression) over
// page-sized inputs shaped like the pages of Koku's pod usage files.
//
// Inputs (1 MiB each, deterministic):
//   doubles  PLAIN DOUBLE values of a slowly varying metric (pod_effective_usage_memory_byte_
//            seconds: max(usage, request), usage drifting per pod from hour to hour);
//   indices  RLE/bit-packed hybrid dictionary indices (bit width 8) of the namespace of each row,
//            the same pods hour after hour with a few replaced;
//   strings  a PLAIN BYTE_ARRAY dictionary page of pod names (no repeats: a dictionary).
// Bytes/s are counted on the uncompressed size in both directions.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "parquet/compression.h"
#include "parquet/metadata.h"

namespace ocpagg::parquet {
namespace {

using Bytes = std::vector<uint8_t>;

constexpr size_t kPageBytes = size_t{1} << 20;

enum class Input { kDoubles, kIndices, kStrings };

// Rows come hour after hour for the same pods (a few replaced each hour), as in Koku's files.
constexpr size_t kPods = 2000;

// pod_effective_usage_memory_byte_seconds-like: max(usage, request) per pod and hour, where the
// request is one of 32 sizes and usage drifts slowly around it, rounded to whole byte-seconds.
Bytes MakeDoubles() {
  std::mt19937_64 rng(42);
  std::normal_distribution<double> step(0.0, 0.02);
  std::vector<double> request(kPods), load(kPods);
  for (size_t p = 0; p < kPods; ++p) {
    request[p] = 3600.0 * double(128 + (rng() % 32) * 64) * 1048576.0;
    load[p] = 0.5 + 0.8 * double(rng() % 1000) / 1000.0;
  }
  Bytes out(kPageBytes);
  const size_t n = kPageBytes / sizeof(double);
  for (size_t i = 0; i < n; ++i) {
    const size_t p = i % kPods;
    if (p == 0) {
      for (size_t c = 0; c < kPods / 100; ++c)
        load[rng() % kPods] = 0.5 + 0.8 * (rng() % 1000) / 1e3;
    }
    load[p] = std::clamp(load[p] + step(rng), 0.1, 3.0);
    const double v = std::max(request[p], std::round(request[p] * load[p]));
    std::memcpy(out.data() + i * sizeof(double), &v, sizeof(double));
  }
  return out;
}

void PutUleb128(Bytes* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<uint8_t>(v));
}

// namespace-like dictionary indices (bit width 8, 200 entries) as DuckDB and Arrow write them:
// bit-packed runs of 64 values (an RLE run where 8+ equal values meet), the same pods every hour
// with 1% replaced.
Bytes MakeIndices() {
  constexpr int kBitWidth = 8;
  std::mt19937_64 rng(7);
  std::vector<uint32_t> pod_namespace(kPods);
  for (uint32_t& ns : pod_namespace) ns = static_cast<uint32_t>(rng() % 200);
  Bytes out;
  out.reserve(kPageBytes + 128);
  out.push_back(kBitWidth);  // the bit width byte of a data page's indices
  size_t row = 0;
  std::vector<uint32_t> group(64);
  while (out.size() < kPageBytes) {
    for (uint32_t& v : group) {
      if (row % kPods == 0) {
        for (size_t c = 0; c < kPods / 100; ++c) {
          pod_namespace[rng() % kPods] = static_cast<uint32_t>(rng() % 200);
        }
      }
      v = pod_namespace[row++ % kPods];
    }
    // Bit-packed run of 8 groups of 8 values.
    PutUleb128(&out, (size_t{8} << 1) | 1);
    for (uint32_t v : group) out.push_back(static_cast<uint8_t>(v));  // width 8: one byte each
  }
  out.resize(kPageBytes);
  return out;
}

Bytes MakeStrings() {
  Bytes out;
  out.reserve(kPageBytes + 64);
  for (uint64_t p = 0; out.size() < kPageBytes; ++p) {
    char name[64];
    const int len = std::snprintf(
        name, sizeof(name), "app-%llu-%08llx-%05llx", static_cast<unsigned long long>(p % 400),
        static_cast<unsigned long long>((p * 2246822519ULL) % 4294967291ULL),
        static_cast<unsigned long long>(p % 1048573));
    const uint32_t n = static_cast<uint32_t>(len);
    for (int b = 0; b < 4; ++b) out.push_back(static_cast<uint8_t>(n >> (8 * b)));
    out.insert(out.end(), name, name + len);
  }
  out.resize(kPageBytes);
  return out;
}

const Bytes& InputBytes(Input input) {
  static const Bytes doubles = MakeDoubles();
  static const Bytes indices = MakeIndices();
  static const Bytes strings = MakeStrings();
  switch (input) {
    case Input::kDoubles:
      return doubles;
    case Input::kIndices:
      return indices;
    case Input::kStrings:
      return strings;
  }
  return doubles;
}

void BM_Decompress(benchmark::State& state, Codec codec, Input input) {
  const Bytes& raw = InputBytes(input);
  Bytes compressed;
  Status status = Compress(codec, raw, /*level=*/0, &compressed);
  if (!status.ok()) {
    state.SkipWithError(status.ToString().c_str());
    return;
  }
  Bytes out(raw.size());
  for (auto _ : state) {
    status = Decompress(codec, compressed, out);
    if (!status.ok()) {
      state.SkipWithError(status.ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  if (out != raw) {
    state.SkipWithError("round trip mismatch");
    return;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * raw.size()));
  state.counters["ratio"] =
      static_cast<double>(raw.size()) / static_cast<double>(compressed.size());
}

void BM_Compress(benchmark::State& state, Codec codec, Input input) {
  const Bytes& raw = InputBytes(input);
  Bytes out;
  out.reserve(raw.size() * 2);
  for (auto _ : state) {
    out.clear();
    Status status = Compress(codec, raw, /*level=*/0, &out);
    if (!status.ok()) {
      state.SkipWithError(status.ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * raw.size()));
  state.counters["ratio"] = static_cast<double>(raw.size()) / static_cast<double>(out.size());
}

struct CodecName {
  Codec codec;
  const char* name;
};

constexpr CodecName kDecompressCodecs[] = {
    {Codec::kUncompressed, "UNCOMPRESSED"},
    {Codec::kSnappy, "SNAPPY"},
    {Codec::kLz4Raw, "LZ4_RAW"},
    {Codec::kZstd, "ZSTD"},
    {Codec::kGzip, "GZIP"},
    {Codec::kBrotli, "BROTLI"},
};
constexpr CodecName kCompressCodecs[] = {{Codec::kSnappy, "SNAPPY"}, {Codec::kZstd, "ZSTD"}};

struct InputName {
  Input input;
  const char* name;
};

constexpr InputName kInputs[] = {
    {Input::kDoubles, "doubles"}, {Input::kIndices, "indices"}, {Input::kStrings, "strings"}};

int RegisterAll() {
  for (const InputName& input : kInputs) {
    for (const CodecName& codec : kDecompressCodecs) {
      benchmark::RegisterBenchmark(
          (std::string("BM_Decompress/") + codec.name + "/" + input.name).c_str(), BM_Decompress,
          codec.codec, input.input);
    }
  }
  for (const InputName& input : kInputs) {
    for (const CodecName& codec : kCompressCodecs) {
      benchmark::RegisterBenchmark(
          (std::string("BM_Compress/") + codec.name + "/" + input.name).c_str(), BM_Compress,
          codec.codec, input.input);
    }
  }
  return 0;
}

[[maybe_unused]] const int kRegistered = RegisterAll();

}  // namespace
}  // namespace ocpagg::parquet

BENCHMARK_MAIN();
