// Throughput of the Parquet value and level decoders (src/parquet/encoding/).
//
// Targets (per core, -O3): dictionary indices (RLE/bit-packed) >= 500M values/s, PLAIN DOUBLE
// >= 2 GB/s.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "common/buffer.h"
#include "parquet/encoding/byte_stream_split.h"
#include "parquet/encoding/delta.h"
#include "parquet/encoding/plain.h"
#include "parquet/encoding/rle_bit_packed.h"

namespace ocpagg::parquet {
namespace {

using Bytes = std::vector<uint8_t>;

constexpr size_t kValues = 1 << 16;  // a typical page worth of values

void PutUleb128(Bytes* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<uint8_t>(v));
}

uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}

// Packs values LSB first at `bit_width` bits each.
void PackBits(const std::vector<uint64_t>& values, int bit_width, Bytes* out) {
  const size_t start = out->size();
  out->resize(start + (values.size() * static_cast<size_t>(bit_width) + 7) / 8, 0);
  size_t bit = 0;
  for (uint64_t v : values) {
    for (int i = 0; i < bit_width; ++i, ++bit) {
      if ((v >> i) & 1) (*out)[start + bit / 8] |= static_cast<uint8_t>(1u << (bit % 8));
    }
  }
}

// Dictionary indices as Arrow writes them: bit-packed runs of random indices (run length 512),
// with an occasional RLE run.
Bytes MakeDictIndices(int bit_width, size_t n) {
  std::mt19937_64 rng(1);
  const uint64_t mask = (uint64_t{1} << bit_width) - 1;
  Bytes data;
  size_t done = 0;
  while (done < n) {
    if (done % 4096 == 2048) {
      PutUleb128(&data, 16 << 1);
      const uint64_t v = rng() & mask;
      for (int b = 0; b < (bit_width + 7) / 8; ++b)
        data.push_back(static_cast<uint8_t>(v >> (8 * b)));
      done += 16;
      continue;
    }
    const size_t count = std::min<size_t>(512, n - done + 7) / 8 * 8;
    PutUleb128(&data, ((count / 8) << 1) | 1);
    std::vector<uint64_t> values(count);
    for (auto& v : values) v = rng() & mask;
    PackBits(values, bit_width, &data);
    done += count;
  }
  return data;
}

void BM_RleDictIndices(benchmark::State& state) {
  const int bit_width = static_cast<int>(state.range(0));
  const Bytes data = MakeDictIndices(bit_width, kValues);
  std::vector<uint32_t> out(kValues);
  for (auto _ : state) {
    RleBitPackedDecoder decoder(data, bit_width);
    if (!decoder.Decode(out.data(), kValues).ok()) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kValues));
}
BENCHMARK(BM_RleDictIndices)->Arg(1)->Arg(8)->Arg(12)->Arg(20);

void BM_RleDefLevels(benchmark::State& state) {
  // Definition levels of an optional column: bit width 1, 10% nulls, 8-bit output.
  std::mt19937_64 rng(2);
  std::vector<uint64_t> levels(kValues);
  for (auto& v : levels) v = rng() % 10 != 0 ? 1 : 0;
  Bytes data;
  PutUleb128(&data, ((kValues / 8) << 1) | 1);
  PackBits(levels, 1, &data);
  std::vector<uint8_t> out(kValues);
  for (auto _ : state) {
    RleBitPackedDecoder decoder(data, 1);
    if (!decoder.Decode(out.data(), kValues).ok()) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kValues));
}
BENCHMARK(BM_RleDefLevels);

void BM_PlainDouble(benchmark::State& state) {
  Bytes data(kValues * 8);
  std::mt19937_64 rng(3);
  for (auto& b : data) b = static_cast<uint8_t>(rng());
  std::vector<uint8_t> out(kValues * 8);
  for (auto _ : state) {
    size_t consumed = 0;
    if (!DecodePlainFixed(data, kValues, 8, out.data(), &consumed).ok()) {
      state.SkipWithError("decode failed");
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kValues));
}
BENCHMARK(BM_PlainDouble);

std::vector<std::string> MakeStrings(size_t n) {
  std::mt19937_64 rng(4);
  std::vector<std::string> values(n);
  for (size_t i = 0; i < n; ++i) {
    // Sorted-ish keys with shared prefixes, 8..40 bytes.
    values[i] = "customer/" + std::to_string(1000000 + i * 7) + "/";
    const size_t extra = rng() % 24;
    for (size_t k = 0; k < extra; ++k) values[i].push_back(static_cast<char>('a' + rng() % 26));
  }
  return values;
}

size_t TotalSize(const std::vector<std::string>& values) {
  size_t total = 0;
  for (const auto& v : values) total += v.size();
  return total;
}

void BM_PlainByteArray(benchmark::State& state) {
  const auto values = MakeStrings(kValues);
  Bytes data;
  for (const auto& v : values) {
    const uint32_t len = static_cast<uint32_t>(v.size());
    for (int b = 0; b < 4; ++b) data.push_back(static_cast<uint8_t>(len >> (8 * b)));
    data.insert(data.end(), v.begin(), v.end());
  }
  std::vector<std::string_view> out(kValues);
  for (auto _ : state) {
    size_t consumed = 0;
    if (!DecodePlainByteArray(data, kValues, out.data(), &consumed).ok()) {
      state.SkipWithError("decode failed");
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kValues));
}
BENCHMARK(BM_PlainByteArray);

// DELTA_BINARY_PACKED with block 128, 4 miniblocks, a fixed miniblock bit width.
template <typename T>
Bytes EncodeDbp(const std::vector<T>& values, int forced_width = -1) {
  Bytes out;
  PutUleb128(&out, 128);
  PutUleb128(&out, 4);
  PutUleb128(&out, values.size());
  PutUleb128(&out, ZigZag(static_cast<int64_t>(values[0])));
  std::vector<int64_t> deltas;
  for (size_t i = 1; i < values.size(); ++i) {
    deltas.push_back(static_cast<int64_t>(values[i]) - static_cast<int64_t>(values[i - 1]));
  }
  for (size_t start = 0; start < deltas.size(); start += 128) {
    const size_t end = std::min(deltas.size(), start + 128);
    int64_t min_delta = deltas[start];
    for (size_t i = start; i < end; ++i) min_delta = std::min(min_delta, deltas[i]);
    PutUleb128(&out, ZigZag(min_delta));
    std::vector<std::vector<uint64_t>> miniblocks;
    std::vector<int> widths;
    for (size_t m = 0; m < 4; ++m) {
      std::vector<uint64_t> adjusted;
      uint64_t max_adjusted = 0;
      for (size_t i = start + 32 * m; i < start + 32 * m + 32; ++i) {
        adjusted.push_back(i < end ? static_cast<uint64_t>(deltas[i] - min_delta) : 0);
        max_adjusted = std::max(max_adjusted, adjusted.back());
      }
      int w = 0;
      while (w < 64 && (max_adjusted >> w) != 0) ++w;
      if (forced_width >= 0) w = std::max(w, forced_width);
      widths.push_back(start + 32 * m < end ? w : 0);
      miniblocks.push_back(std::move(adjusted));
    }
    for (int w : widths) out.push_back(static_cast<uint8_t>(w));
    for (size_t m = 0; m < 4 && start + 32 * m < end; ++m) PackBits(miniblocks[m], widths[m], &out);
  }
  return out;
}

void BM_DeltaBinaryPackedInt64(benchmark::State& state) {
  std::mt19937_64 rng(5);
  std::vector<int64_t> values(kValues);
  int64_t v = 1700000000000;
  for (auto& x : values) {
    x = v;
    v += static_cast<int64_t>(rng() % 1000);  // timestamps: ~10-bit deltas
  }
  const Bytes data = EncodeDbp(values);
  std::vector<int64_t> out(kValues);
  for (auto _ : state) {
    size_t consumed = 0;
    if (!DecodeDeltaBinaryPacked<int64_t>(data, kValues, out.data(), &consumed).ok()) {
      state.SkipWithError("decode failed");
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kValues));
}
BENCHMARK(BM_DeltaBinaryPackedInt64);

void BM_DeltaLengthByteArray(benchmark::State& state) {
  const auto values = MakeStrings(kValues);
  std::vector<int32_t> lengths;
  for (const auto& s : values) lengths.push_back(static_cast<int32_t>(s.size()));
  Bytes data = EncodeDbp(lengths);
  for (const auto& s : values) data.insert(data.end(), s.begin(), s.end());
  std::vector<std::string_view> out(kValues);
  for (auto _ : state) {
    size_t consumed = 0;
    if (!DecodeDeltaLengthByteArray(data, kValues, out.data(), &consumed).ok()) {
      state.SkipWithError("decode failed");
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * TotalSize(values)));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kValues));
}
BENCHMARK(BM_DeltaLengthByteArray);

void BM_DeltaByteArray(benchmark::State& state) {
  const auto values = MakeStrings(kValues);
  std::vector<int32_t> prefixes;
  std::vector<int32_t> suffix_lengths;
  std::string suffix_bytes;
  std::string_view previous;
  for (const auto& s : values) {
    size_t p = 0;
    while (p < s.size() && p < previous.size() && s[p] == previous[p]) ++p;
    prefixes.push_back(static_cast<int32_t>(p));
    suffix_lengths.push_back(static_cast<int32_t>(s.size() - p));
    suffix_bytes += s.substr(p);
    previous = s;
  }
  Bytes data = EncodeDbp(prefixes);
  const Bytes lengths = EncodeDbp(suffix_lengths);
  data.insert(data.end(), lengths.begin(), lengths.end());
  data.insert(data.end(), suffix_bytes.begin(), suffix_bytes.end());
  std::vector<std::string_view> out(kValues);
  for (auto _ : state) {
    Buffer storage;
    size_t consumed = 0;
    if (!DecodeDeltaByteArray(data, kValues, out.data(), &storage, &consumed).ok()) {
      state.SkipWithError("decode failed");
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * TotalSize(values)));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kValues));
}
BENCHMARK(BM_DeltaByteArray);

void BM_ByteStreamSplitDouble(benchmark::State& state) {
  Bytes data(kValues * 8);
  std::mt19937_64 rng(6);
  for (auto& b : data) b = static_cast<uint8_t>(rng());
  std::vector<uint8_t> out(kValues * 8);
  for (auto _ : state) {
    if (!DecodeByteStreamSplit(data, kValues, 8, out.data()).ok()) {
      state.SkipWithError("decode failed");
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kValues));
}
BENCHMARK(BM_ByteStreamSplitDouble);

}  // namespace
}  // namespace ocpagg::parquet

BENCHMARK_MAIN();
