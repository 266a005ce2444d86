#include "parquet/encoding/delta.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>
#include <vector>

#include "parquet/encoding/encoding_test_util.h"

namespace ocpagg::parquet {
namespace {

using testing::Bytes;
using testing::DbpOptions;
using testing::EncodeDba;
using testing::EncodeDbp;
using testing::EncodeDlba;
using testing::PutUleb128;
using testing::ZigZag;

template <typename T>
std::vector<T> DecodeOk(const Bytes& data, size_t n, size_t expected_consumed) {
  std::vector<T> out(n);
  size_t consumed = 0;
  Status status = DecodeDeltaBinaryPacked<T>(data, n, out.data(), &consumed);
  EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(consumed, expected_consumed);
  return out;
}

template <typename T>
Status Decode(const Bytes& data, size_t n) {
  std::vector<T> out(n);
  size_t consumed = 0;
  return DecodeDeltaBinaryPacked<T>(data, n, out.data(), &consumed);
}

TEST(DeltaBinaryPackedTest, SpecExample1) {
  // Encodings.md example 1: 1, 2, 3, 4, 5 -> deltas 1, min delta 1, bit width 0.
  const Bytes data = {0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00};
  EXPECT_EQ(DecodeOk<int32_t>(data, 5, data.size()), (std::vector<int32_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(DecodeOk<int64_t>(data, 5, data.size()), (std::vector<int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(EncodeDbp<int32_t>({1, 2, 3, 4, 5}), data);
}

TEST(DeltaBinaryPackedTest, SpecExample2) {
  // Encodings.md example 2: 7, 5, 3, 1, 2, 3, 4, 5 -> min delta -2, relative deltas
  // 0, 0, 0, 3, 3, 3, 3 at bit width 2 (one 8-byte miniblock).
  Bytes data = {0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 0x02, 0x00, 0x00, 0x00, 0xC0, 0x3F};
  data.resize(data.size() + 6, 0);
  const std::vector<int64_t> expected = {7, 5, 3, 1, 2, 3, 4, 5};
  EXPECT_EQ(DecodeOk<int64_t>(data, 8, data.size()), expected);
  EXPECT_EQ(EncodeDbp<int64_t>(expected), data);
  // Fewer values than the header holds: the stream is still consumed whole.
  EXPECT_EQ(DecodeOk<int64_t>(data, 3, data.size()), (std::vector<int64_t>{7, 5, 3}));
  // A trailing second stream is not consumed.
  Bytes two = data;
  two.push_back(0xAB);
  DecodeOk<int64_t>(two, 8, data.size());
}

TEST(DeltaBinaryPackedTest, ZeroAndOneValues) {
  const Bytes empty_stream = EncodeDbp<int64_t>({});
  DecodeOk<int64_t>(empty_stream, 0, empty_stream.size());
  const Bytes one = EncodeDbp<int64_t>({-12345});
  EXPECT_EQ(DecodeOk<int64_t>(one, 1, one.size())[0], -12345);
  size_t consumed = 99;
  EXPECT_TRUE(DecodeDeltaBinaryPacked<int64_t>({}, 0, nullptr, &consumed).ok());
  EXPECT_EQ(consumed, 0u);
}

// Random walks with every bit width 0..64, several block layouts.
TEST(DeltaBinaryPackedTest, RoundTripInt64AllWidths) {
  std::mt19937_64 rng(1);
  const std::pair<uint32_t, uint32_t> layouts[] = {
      {128, 4}, {128, 1}, {256, 8}, {1024, 8}, {128, 2}};
  for (int w = 0; w <= 64; ++w) {
    for (const auto& [block_size, miniblocks] : layouts) {
      DbpOptions layout;
      layout.block_size = block_size;
      layout.miniblocks = miniblocks;
      for (size_t n : {2u, 33u, 129u, 200u, 1000u}) {
        std::vector<int64_t> values(n);
        uint64_t v = rng();
        const uint64_t mask = w == 64 ? ~uint64_t{0} : (uint64_t{1} << w) - 1;
        for (auto& x : values) {
          x = static_cast<int64_t>(v);
          v += (rng() & mask);  // deltas of up to w bits (plus a constant min delta 0)
        }
        DbpOptions options = layout;
        options.forced_width = w;
        const Bytes data = EncodeDbp(values, options);
        ASSERT_EQ(DecodeOk<int64_t>(data, n, data.size()), values)
            << "width " << w << " n " << n << " block " << layout.block_size;
        const Bytes minimal = EncodeDbp(values, layout);
        ASSERT_EQ(DecodeOk<int64_t>(minimal, n, minimal.size()), values);
      }
    }
  }
}

TEST(DeltaBinaryPackedTest, RoundTripInt32AllWidths) {
  std::mt19937_64 rng(2);
  for (int w = 0; w <= 32; ++w) {
    for (size_t n : {2u, 31u, 32u, 33u, 127u, 128u, 129u, 500u}) {
      std::vector<int32_t> values(n);
      uint32_t v = static_cast<uint32_t>(rng());
      const uint32_t mask = w == 32 ? ~uint32_t{0} : (uint32_t{1} << w) - 1;
      for (auto& x : values) {
        x = static_cast<int32_t>(v);
        v += static_cast<uint32_t>(rng()) & mask;
      }
      DbpOptions options;
      options.forced_width = w;
      const Bytes data = EncodeDbp(values, options);
      ASSERT_EQ(DecodeOk<int32_t>(data, n, data.size()), values) << "width " << w;
      const Bytes minimal = EncodeDbp(values);
      ASSERT_EQ(DecodeOk<int32_t>(minimal, n, minimal.size()), values) << "width " << w;
    }
  }
}

TEST(DeltaBinaryPackedTest, ExtremeValuesWrapAround) {
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  const std::vector<int64_t> values = {kMin, kMax, kMin, 0, kMax, -1, kMin, kMin, kMax, 1, kMin};
  const Bytes data = EncodeDbp(values);
  EXPECT_EQ(DecodeOk<int64_t>(data, values.size(), data.size()), values);

  constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();
  constexpr int32_t kMax32 = std::numeric_limits<int32_t>::max();
  const std::vector<int32_t> values32 = {kMin32, kMax32, 0, kMin32, -1, kMax32, kMin32};
  const Bytes data32 = EncodeDbp(values32);
  EXPECT_EQ(DecodeOk<int32_t>(data32, values32.size(), data32.size()), values32);

  // An int32 stream whose min delta is stored as a 64-bit value (another writer's choice):
  // arithmetic is modulo 2^32.
  Bytes odd;
  PutUleb128(&odd, 128);
  PutUleb128(&odd, 4);
  PutUleb128(&odd, 3);
  PutUleb128(&odd, ZigZag(kMax32));
  PutUleb128(&odd, ZigZag(int64_t{1} << 32 | 1));  // min delta 2^32 + 1 == 1 mod 2^32
  odd.insert(odd.end(), {0, 0, 0, 0});
  EXPECT_EQ(DecodeOk<int32_t>(odd, 3, odd.size()),
            (std::vector<int32_t>{kMax32, kMin32, kMin32 + 1}));
}

TEST(DeltaBinaryPackedTest, TruncatedLastMiniblockAndStaleWidths) {
  std::vector<int64_t> values(100);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<int64_t>(i * i * 37 % 1001);
  DbpOptions options;
  options.truncate_last_miniblock = true;
  options.unused_width = 63;  // stale widths after the last value, as parquet-mr writes
  const Bytes data = EncodeDbp(values, options);
  EXPECT_EQ(DecodeOk<int64_t>(data, values.size(), data.size()), values);
  // Stale widths beyond the int32 maximum are not checked either.
  std::vector<int32_t> values32(values.begin(), values.end());
  const Bytes data32 = EncodeDbp(values32, options);
  EXPECT_EQ(DecodeOk<int32_t>(data32, values32.size(), data32.size()), values32);
}

TEST(DeltaBinaryPackedTest, ConsumedEndsAfterLastMiniblockWithValues) {
  // 1 + 40 values with 4 miniblocks of 32: values occupy miniblocks 0 and 1; consumed ends
  // after miniblock 1 although its padding holds 24 unused values.
  std::vector<int64_t> values(41);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<int64_t>(i * 3);
  DbpOptions options;
  options.forced_width = 5;
  const Bytes data = EncodeDbp(values, options);
  const size_t header = 2 + 1 + 1 + 1;
  EXPECT_EQ(data.size(), header + 1 + 4 + 2 * 20);
  Bytes padded = data;
  padded.resize(data.size() + 100, 0xEE);
  DecodeOk<int64_t>(padded, values.size(), data.size());
}

TEST(DeltaBinaryPackedTest, MalformedHeaders) {
  auto header = [](uint64_t block, uint64_t miniblocks, uint64_t total) {
    Bytes b;
    PutUleb128(&b, block);
    PutUleb128(&b, miniblocks);
    PutUleb128(&b, total);
    PutUleb128(&b, 0);
    b.insert(b.end(), 64, 0);
    return b;
  };
  Status s = Decode<int64_t>(header(100, 4, 5), 5);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find("block size 100"), std::string::npos) << s.message();
  EXPECT_TRUE(Decode<int64_t>(header(0, 4, 5), 5).IsCorruption());
  s = Decode<int64_t>(header(128, 0, 5), 5);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find("0 miniblocks"), std::string::npos);
  s = Decode<int64_t>(header(128, 8, 5), 5);  // 16 values per miniblock
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find("multiple of 32"), std::string::npos) << s.message();
  EXPECT_TRUE(Decode<int64_t>(header(384, 5, 5), 5).IsCorruption());  // 384 / 5 not integral
  s = Decode<int64_t>(header(128, 4, 5), 6);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find("header holds 5 values, 6 requested"), std::string::npos);
  // Truncated header and overlong varints.
  EXPECT_TRUE(Decode<int64_t>(Bytes{0x80, 0x01, 0x04}, 1).IsCorruption());
  EXPECT_TRUE(Decode<int64_t>(Bytes{0x80}, 1).IsCorruption());
  EXPECT_TRUE(Decode<int64_t>(Bytes{}, 1).IsCorruption());
  Bytes long_varint = {0x80, 0x81, 0x80, 0x80, 0x80, 0x00, 0x04, 0x01, 0x00};
  s = Decode<int64_t>(long_varint, 1);
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find("too long"), std::string::npos) << s.message();
  Bytes long_first = {0x80, 0x01, 0x04, 0x01};
  long_first.insert(long_first.end(), 10, 0xFF);
  long_first.push_back(0x01);
  EXPECT_TRUE(Decode<int64_t>(long_first, 1).IsCorruption());
}

TEST(DeltaBinaryPackedTest, BitWidthTooLarge) {
  Bytes data;
  PutUleb128(&data, 128);
  PutUleb128(&data, 4);
  PutUleb128(&data, 3);
  PutUleb128(&data, 0);
  PutUleb128(&data, 0);
  data.insert(data.end(), {65, 0, 0, 0});
  data.insert(data.end(), 300, 0);
  Status s = Decode<int64_t>(data, 3);
  ASSERT_TRUE(s.IsCorruption());
  EXPECT_EQ(s.message(), "DELTA_BINARY_PACKED: miniblock bit width 65 > 64");
  data[6] = 33;
  s = Decode<int32_t>(data, 3);
  ASSERT_TRUE(s.IsCorruption());
  EXPECT_EQ(s.message(), "DELTA_BINARY_PACKED: miniblock bit width 33 > 32");
  EXPECT_TRUE(Decode<int64_t>(data, 3).ok());
}

TEST(DeltaBinaryPackedTest, MissingMiniblockBytes) {
  std::vector<int64_t> values(300);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<int64_t>(i * 7919 % 4093);
  const Bytes data = EncodeDbp(values);
  // Every truncation that loses a needed bit is Corruption; trailing padding may be cut.
  size_t min_ok = data.size();
  for (size_t len = 0; len < data.size(); ++len) {
    Bytes cut(data.begin(), data.begin() + static_cast<ptrdiff_t>(len));
    if (Decode<int64_t>(cut, values.size()).ok()) {
      min_ok = std::min(min_ok, len);
      EXPECT_EQ(DecodeOk<int64_t>(cut, values.size(), len), values);
    }
  }
  EXPECT_LT(min_ok, data.size());  // the last miniblock's padding is optional
  Bytes cut(data.begin(), data.begin() + static_cast<ptrdiff_t>(min_ok - 1));
  Status s = Decode<int64_t>(cut, values.size());
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find("miniblock data ends"), std::string::npos) << s.message();
  // Values beyond n must still be present: the header promised them.
  EXPECT_TRUE(Decode<int64_t>(cut, 10).IsCorruption());
}

TEST(DeltaBinaryPackedTest, RandomGarbageNeverCrashes) {
  std::mt19937_64 rng(5);
  std::vector<int64_t> out(2048);
  std::vector<int32_t> out32(2048);
  for (int trial = 0; trial < 5000; ++trial) {
    Bytes data(rng() % 80);
    for (auto& b : data) b = static_cast<uint8_t>(rng());
    if (data.size() > 3 && trial % 2 == 0) {
      data[0] = 0x80;
      data[1] = 0x01;
      data[2] = static_cast<uint8_t>(1 << (rng() % 3));
      data[3] = static_cast<uint8_t>(rng() % 120);
    }
    // Success or Corruption, never a read past the data (ASan) or overflow (UBSan).
    auto check = [&](const Status& status, size_t consumed) {
      EXPECT_TRUE(status.ok() || status.IsCorruption()) << status.ToString();
      if (status.ok()) {
        EXPECT_LE(consumed, data.size());
      }
    };
    size_t consumed = 0;
    Status status = DecodeDeltaBinaryPacked<int64_t>(data, rng() % 200, out.data(), &consumed);
    check(status, consumed);
    status = DecodeDeltaBinaryPacked<int32_t>(data, rng() % 200, out32.data(), &consumed);
    check(status, consumed);
    std::vector<std::string_view> views(rng() % 100);
    status = DecodeDeltaLengthByteArray(data, views.size(), views.data(), &consumed);
    check(status, consumed);
    Buffer storage;
    status = DecodeDeltaByteArray(data, views.size(), views.data(), &storage, &consumed);
    check(status, consumed);
  }
}

std::vector<std::string> RandomStrings(std::mt19937_64& rng, size_t n) {
  std::vector<std::string> values;
  std::string previous;
  for (size_t i = 0; i < n; ++i) {
    std::string s = previous.substr(0, rng() % (previous.size() + 1));
    const size_t extra = rng() % 20;
    for (size_t k = 0; k < extra; ++k) s.push_back(static_cast<char>('a' + rng() % 26));
    if (rng() % 10 == 0) s.clear();
    values.push_back(s);
    previous = s;
  }
  return values;
}

TEST(DeltaLengthByteArrayTest, RoundTrip) {
  std::mt19937_64 rng(11);
  for (size_t n : {0u, 1u, 2u, 100u, 1000u}) {
    const std::vector<std::string> values = RandomStrings(rng, n);
    Bytes data = EncodeDlba(values);
    const size_t size = data.size();
    data.push_back(0x55);  // a following stream
    std::vector<std::string_view> out(n);
    size_t consumed = 0;
    ASSERT_TRUE(DecodeDeltaLengthByteArray(data, n, out.data(), &consumed).ok());
    EXPECT_EQ(consumed, size);
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(out[i], values[i]);
  }
}

TEST(DeltaLengthByteArrayTest, Malformed) {
  std::vector<std::string_view> out(3);
  size_t consumed = 0;
  {
    Bytes data = EncodeDbp<int32_t>({2, -1, 3});
    data.insert(data.end(), 10, 'x');
    Status s = DecodeDeltaLengthByteArray(data, 3, out.data(), &consumed);
    ASSERT_TRUE(s.IsCorruption());
    EXPECT_NE(s.message().find("negative length -1"), std::string::npos) << s.message();
  }
  {
    Bytes data = EncodeDbp<int32_t>({2, 5, 3});
    data.insert(data.end(), 9, 'x');
    Status s = DecodeDeltaLengthByteArray(data, 3, out.data(), &consumed);
    ASSERT_TRUE(s.IsCorruption());
    EXPECT_NE(s.message().find("DELTA_LENGTH_BYTE_ARRAY: value 2 of 3 has length 3"),
              std::string::npos)
        << s.message();
    data.push_back('y');
    EXPECT_TRUE(DecodeDeltaLengthByteArray(data, 3, out.data(), &consumed).ok());
    EXPECT_EQ(out[2], "xxy");
  }
  {
    Bytes data = {0x80, 0x01, 0x00};
    Status s = DecodeDeltaLengthByteArray(data, 3, out.data(), &consumed);
    ASSERT_TRUE(s.IsCorruption());
    EXPECT_NE(s.message().find("DELTA_LENGTH_BYTE_ARRAY lengths"), std::string::npos);
  }
}

TEST(DeltaByteArrayTest, RoundTrip) {
  std::mt19937_64 rng(13);
  for (size_t n : {0u, 1u, 2u, 100u, 2000u}) {
    const std::vector<std::string> values = RandomStrings(rng, n);
    Bytes data = EncodeDba(values);
    const size_t size = data.size();
    data.push_back(0x55);
    std::vector<std::string_view> out(n);
    Buffer storage;
    size_t consumed = 0;
    ASSERT_TRUE(DecodeDeltaByteArray(data, n, out.data(), &storage, &consumed).ok());
    EXPECT_EQ(consumed, size);
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(out[i], values[i]);
  }
}

TEST(DeltaByteArrayTest, SpecExample) {
  // Encodings.md: "axis", "axle", "babble", "babyhood" -> prefixes 0 2 0 3, suffixes
  // "axis" "le" "babble" "yhood".
  Bytes data = EncodeDbp<int32_t>({0, 2, 0, 3});
  Bytes suffixes = EncodeDlba({"axis", "le", "babble", "yhood"});
  data.insert(data.end(), suffixes.begin(), suffixes.end());
  std::vector<std::string_view> out(4);
  Buffer storage;
  size_t consumed = 0;
  ASSERT_TRUE(DecodeDeltaByteArray(data, 4, out.data(), &storage, &consumed).ok());
  EXPECT_EQ(out, (std::vector<std::string_view>{"axis", "axle", "babble", "babyhood"}));
  EXPECT_EQ(consumed, data.size());
  EXPECT_EQ(EncodeDba({"axis", "axle", "babble", "babyhood"}), data);
}

Status DecodeDbaWith(const std::vector<int32_t>& prefixes,
                     const std::vector<std::string>& suffixes) {
  Bytes data = EncodeDbp(prefixes);
  Bytes rest = EncodeDlba(suffixes);
  data.insert(data.end(), rest.begin(), rest.end());
  std::vector<std::string_view> out(prefixes.size());
  Buffer storage;
  size_t consumed = 0;
  return DecodeDeltaByteArray(data, prefixes.size(), out.data(), &storage, &consumed);
}

TEST(DeltaByteArrayTest, Malformed) {
  Status s = DecodeDbaWith({1, 0}, {"a", "b"});
  ASSERT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find("first prefix length is 1"), std::string::npos) << s.message();
  s = DecodeDbaWith({0, 3}, {"ab", "c"});
  ASSERT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find("prefix length 3 of value 1 exceeds the previous value's length 2"),
            std::string::npos)
      << s.message();
  EXPECT_TRUE(DecodeDbaWith({0, 2}, {"ab", "c"}).ok());
  s = DecodeDbaWith({0, -1}, {"ab", "c"});
  ASSERT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find("negative prefix length"), std::string::npos) << s.message();
  // Rebuilt output above 1 GiB: 40000 copies of a 30000-byte value.
  std::vector<int32_t> prefixes(40000, 30000);
  prefixes[0] = 0;
  std::vector<std::string> suffixes(40000);
  suffixes[0] = std::string(30000, 'z');
  s = DecodeDbaWith(prefixes, suffixes);
  ASSERT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find("exceed 1073741824 bytes"), std::string::npos) << s.message();
  // Suffix stream missing.
  Bytes only_prefixes = EncodeDbp<int32_t>({0, 0});
  std::vector<std::string_view> out(2);
  Buffer storage;
  size_t consumed = 0;
  s = DecodeDeltaByteArray(only_prefixes, 2, out.data(), &storage, &consumed);
  ASSERT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find("DELTA_BYTE_ARRAY suffixes"), std::string::npos) << s.message();
}

// parquet-testing files written by parquet-mr: scan every offset for a stream that decodes to
// the expected column (the page layout is not parsed here).
TEST(DeltaParquetTestingTest, DeltaBinaryPackedFile) {
  auto file = testing::ReadFileBytes(testing::ParquetTestingPath("delta_binary_packed.parquet"));
  auto csv = testing::ReadFileBytes(testing::ParquetTestingPath("delta_binary_packed_expect.csv"));
  if (!file || !csv) GTEST_SKIP() << "parquet-testing data not present";
  const auto rows = testing::ParseCsv(std::string_view(
      static_cast<const char*>(static_cast<const void*>(csv->data())), csv->size()));
  ASSERT_EQ(rows.size(), 201u);
  const size_t columns = rows[0].size();
  ASSERT_EQ(columns, 66u);
  std::vector<std::vector<int64_t>> expected(columns);
  for (size_t r = 1; r < rows.size(); ++r) {
    for (size_t c = 0; c < columns; ++c) expected[c].push_back(std::stoll(*rows[r][c]));
  }
  std::vector<int> found(columns, 0);
  std::vector<int64_t> out(200);
  std::vector<int32_t> out32(200);
  for (size_t offset = 0; offset < file->size(); ++offset) {
    std::span<const uint8_t> data(file->data() + offset, file->size() - offset);
    size_t consumed = 0;
    if (DecodeDeltaBinaryPacked<int64_t>(data, 200, out.data(), &consumed).ok()) {
      for (size_t c = 0; c + 1 < columns; ++c) found[c] += out == expected[c] ? 1 : 0;
    }
    if (DecodeDeltaBinaryPacked<int32_t>(data, 200, out32.data(), &consumed).ok()) {
      found[columns - 1] += std::equal(out32.begin(), out32.end(), expected[columns - 1].begin());
    }
  }
  for (size_t c = 0; c < columns; ++c) EXPECT_GE(found[c], 1) << "column " << c;
}

TEST(DeltaParquetTestingTest, DeltaByteArrayFile) {
  auto file = testing::ReadFileBytes(testing::ParquetTestingPath("delta_byte_array.parquet"));
  auto csv = testing::ReadFileBytes(testing::ParquetTestingPath("delta_byte_array_expect.csv"));
  if (!file || !csv) GTEST_SKIP() << "parquet-testing data not present";
  const auto rows = testing::ParseCsv(std::string_view(
      static_cast<const char*>(static_cast<const void*>(csv->data())), csv->size()));
  ASSERT_EQ(rows.size(), 1001u);
  const size_t columns = rows[0].size();
  std::vector<std::vector<std::string>> expected(columns);
  for (size_t r = 1; r < rows.size(); ++r) {
    for (size_t c = 0; c < columns; ++c) {
      if (rows[r][c]) expected[c].push_back(*rows[r][c]);
    }
  }
  for (size_t c = 0; c < columns; ++c) {
    const size_t n = expected[c].size();
    if (n == 0) continue;
    int found = 0;
    std::vector<std::string_view> out(n);
    for (size_t offset = 0; offset < file->size() && found == 0; ++offset) {
      std::span<const uint8_t> data(file->data() + offset, file->size() - offset);
      Buffer storage;
      size_t consumed = 0;
      if (DecodeDeltaByteArray(data, n, out.data(), &storage, &consumed).ok() &&
          std::equal(out.begin(), out.end(), expected[c].begin())) {
        ++found;
      }
    }
    EXPECT_EQ(found, 1) << "column " << c;
  }
}

}  // namespace
}  // namespace ocpagg::parquet
