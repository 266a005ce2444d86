#include "parquet/encoding/rle_bit_packed.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "parquet/encoding/encoding_test_util.h"

namespace ocpagg::parquet {
namespace {

using testing::Bytes;
using testing::RleBuilder;

uint32_t MaxValue(int bit_width) {
  return bit_width == 32 ? 0xFFFFFFFFu : (uint32_t{1} << bit_width) - 1;
}

TEST(RleBitPackedTest, SpecExampleBitPacked) {
  // Encodings.md: bit width 3, values 0..7 -> 0x03 0x88 0xC6 0xFA.
  const Bytes data = {0x03, 0x88, 0xC6, 0xFA};
  RleBitPackedDecoder decoder(data, 3);
  uint32_t out[8];
  ASSERT_TRUE(decoder.Decode(out, 8).ok());
  for (uint32_t i = 0; i < 8; ++i) EXPECT_EQ(out[i], i);
  EXPECT_EQ(decoder.bytes_consumed(), 4u);

  RleBitPackedDecoder decoder8(data, 3);
  uint8_t out8[8];
  ASSERT_TRUE(decoder8.Decode(out8, 8).ok());
  for (uint32_t i = 0; i < 8; ++i) EXPECT_EQ(out8[i], i);
}

TEST(RleBitPackedTest, RleRunExample) {
  // 300 repeats of 5 at bit width 3: header varint(600) = 0xD8 0x04, value 0x05.
  const Bytes data = {0xD8, 0x04, 0x05};
  RleBitPackedDecoder decoder(data, 3);
  std::vector<uint32_t> out(300);
  ASSERT_TRUE(decoder.Decode(out.data(), 300).ok());
  for (uint32_t v : out) EXPECT_EQ(v, 5u);
  EXPECT_EQ(decoder.bytes_consumed(), 3u);
}

TEST(RleBitPackedTest, BitWidthZero) {
  RleBuilder builder(0);
  builder.AddRle(0, 10);
  builder.AddBitPacked(std::vector<uint32_t>(16, 0));
  RleBitPackedDecoder decoder(builder.bytes(), 0);
  std::vector<uint32_t> out(26, 7);
  ASSERT_TRUE(decoder.Decode(out.data(), 26).ok());
  for (uint32_t v : out) EXPECT_EQ(v, 0u);
  EXPECT_EQ(decoder.bytes_consumed(), builder.bytes().size());
}

// Random streams of RLE and bit-packed runs, decoded in random-size pieces, every bit width.
template <typename T>
void RoundTrip(int max_width) {
  std::mt19937_64 rng(42);
  for (int w = 0; w <= max_width; ++w) {
    for (int trial = 0; trial < 20; ++trial) {
      RleBuilder builder(w);
      std::vector<uint32_t> expected;
      const int runs = 1 + static_cast<int>(rng() % 12);
      for (int r = 0; r < runs; ++r) {
        const uint64_t kind = rng() % 4;
        if (kind == 0) {
          const uint32_t value = static_cast<uint32_t>(rng()) & MaxValue(w);
          const uint32_t count = static_cast<uint32_t>(rng() % 300);
          builder.AddRle(value, count);
          expected.insert(expected.end(), count, value);
        } else {
          const size_t count = 8 * (rng() % (kind == 1 ? 3 : 60));
          std::vector<uint32_t> values(count);
          for (auto& v : values) v = static_cast<uint32_t>(rng()) & MaxValue(w);
          builder.AddBitPacked(values);
          expected.insert(expected.end(), values.begin(), values.end());
        }
      }
      RleBitPackedDecoder decoder(builder.bytes(), w);
      std::vector<T> out(expected.size() + 1, 0);
      size_t done = 0;
      while (done < expected.size()) {
        size_t piece = 1 + rng() % (trial % 2 == 0 ? 7 : 500);
        piece = std::min(piece, expected.size() - done);
        ASSERT_TRUE(decoder.Decode(out.data() + done, piece).ok()) << "width " << w;
        done += piece;
      }
      for (size_t i = 0; i < expected.size(); ++i) {
        ASSERT_EQ(out[i], static_cast<T>(expected[i])) << "width " << w << " value " << i;
      }
      EXPECT_LE(decoder.bytes_consumed(), builder.bytes().size());
      // One value more than encoded is Corruption, after reading any trailing empty runs.
      Status extra = decoder.Decode(out.data(), 1);
      EXPECT_TRUE(extra.IsCorruption()) << extra.ToString();
      EXPECT_EQ(decoder.bytes_consumed(), builder.bytes().size());
    }
  }
}

TEST(RleBitPackedTest, RoundTripUint32AllWidths) { RoundTrip<uint32_t>(32); }
TEST(RleBitPackedTest, RoundTripUint8AllWidths) { RoundTrip<uint8_t>(8); }

TEST(RleBitPackedTest, LargeBitPackedRunsAllWidths) {
  // Long runs exercise the multi-chunk fast path and the careful tail at the end of the data.
  std::mt19937_64 rng(7);
  for (int w = 1; w <= 32; ++w) {
    for (size_t count : {8u, 24u, 32u, 40u, 64u, 96u, 1000u, 4096u}) {
      std::vector<uint32_t> values(count);
      for (auto& v : values) v = static_cast<uint32_t>(rng()) & MaxValue(w);
      values[0] = MaxValue(w);
      RleBuilder builder(w);
      builder.AddBitPacked(values);
      // Exact-size copy so that ASan sees any read past the end.
      Bytes data = builder.bytes();
      std::vector<uint32_t> out(count);
      RleBitPackedDecoder decoder(data, w);
      ASSERT_TRUE(decoder.Decode(out.data(), count).ok());
      ASSERT_EQ(out, values) << "width " << w << " count " << count;
    }
  }
}

TEST(RleBitPackedTest, TruncatedLastBitPackedRunIsFineWhenValuesPresent) {
  for (int w = 1; w <= 32; ++w) {
    std::vector<uint32_t> values(20);
    for (uint32_t i = 0; i < 20; ++i) values[i] = (i * 2654435761u) & MaxValue(w);
    RleBuilder builder(w);
    builder.AddRle(1 & MaxValue(w), 5);
    builder.AddBitPacked(values);  // 24 values declared
    Bytes data = builder.bytes();
    const size_t header = (w + 7) / 8 + 2;
    const size_t packed_bytes = (20 * static_cast<size_t>(w) + 7) / 8;
    data.resize(header + packed_bytes);
    // Values whose bits are all present, including zero bits of the last partial byte.
    const size_t present = std::min<size_t>(24, packed_bytes * 8 / static_cast<size_t>(w));
    RleBitPackedDecoder decoder(data, w);
    std::vector<uint32_t> out(25);
    ASSERT_TRUE(decoder.Decode(out.data(), 25).ok()) << "width " << w;
    EXPECT_EQ(std::vector<uint32_t>(out.begin() + 5, out.end()), values);
    EXPECT_EQ(decoder.bytes_consumed(), data.size());
    // The value after the last present one is missing.
    RleBitPackedDecoder again(data, w);
    std::vector<uint32_t> out2(5 + present + 1);
    ASSERT_TRUE(again.Decode(out2.data(), 5 + present).ok());
    Status status = again.Decode(out2.data(), 1);
    EXPECT_TRUE(status.IsCorruption());
    EXPECT_EQ(status.message(), "RLE/bit-packed data ends after 0 of 1 values");
    RleBitPackedDecoder third(data, w);
    status = third.Decode(out2.data(), 5 + present + 1);
    EXPECT_TRUE(status.IsCorruption());
    EXPECT_EQ(status.message(), "RLE/bit-packed data ends after " + std::to_string(5 + present) +
                                    " of " + std::to_string(6 + present) + " values");
  }
}

TEST(RleBitPackedTest, TruncatedBitPackedRunMissingValues) {
  RleBuilder builder(5);
  builder.AddBitPacked(std::vector<uint32_t>(16, 3));
  Bytes data = builder.bytes();
  data.resize(data.size() - 3);  // 10 bytes -> 7 bytes: 11 values present
  RleBitPackedDecoder decoder(data, 5);
  std::vector<uint32_t> out(16);
  Status status = decoder.Decode(out.data(), 12);
  ASSERT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("ends after 11 of 12 values"), std::string::npos)
      << status.message();
  RleBitPackedDecoder decoder2(data, 5);
  EXPECT_TRUE(decoder2.Decode(out.data(), 11).ok());
}

TEST(RleBitPackedTest, TruncatedRleRun) {
  // Repeated value needs 2 bytes at bit width 12; only one present.
  const Bytes data = {0x08, 0x01};
  RleBitPackedDecoder decoder(data, 12);
  uint32_t out[4];
  Status status = decoder.Decode(out, 4);
  ASSERT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("repeated value"), std::string::npos) << status.message();
}

TEST(RleBitPackedTest, RunTooShort) {
  const Bytes data = {0x08, 0x01};  // 4 ones
  RleBitPackedDecoder decoder(data, 1);
  uint32_t out[5];
  Status status = decoder.Decode(out, 5);
  ASSERT_TRUE(status.IsCorruption());
  EXPECT_EQ(status.message(), "RLE/bit-packed data ends after 4 of 5 values");
}

TEST(RleBitPackedTest, EmptyDataAndZeroValues) {
  RleBitPackedDecoder decoder({}, 3);
  uint32_t out[1];
  EXPECT_TRUE(decoder.Decode(out, 0).ok());
  EXPECT_TRUE(decoder.Decode(out, 1).IsCorruption());
}

TEST(RleBitPackedTest, BitWidthOutOfRange) {
  const Bytes data = {0x02, 0x00, 0x00, 0x00, 0x00, 0x00};
  uint32_t out[1];
  RleBitPackedDecoder d33(data, 33);
  EXPECT_TRUE(d33.Decode(out, 1).IsCorruption());
  EXPECT_TRUE(d33.Decode(out, 0).IsCorruption());
  RleBitPackedDecoder dneg(data, -1);
  EXPECT_TRUE(dneg.Decode(out, 1).IsCorruption());
  uint8_t out8[1];
  RleBitPackedDecoder d9(data, 9);
  EXPECT_TRUE(d9.Decode(out8, 1).IsCorruption());
  RleBitPackedDecoder d32(data, 32);
  EXPECT_TRUE(d32.Decode(out, 1).ok());
}

TEST(RleBitPackedTest, RepeatedValueExceedsBitWidth) {
  const Bytes data = {0x02, 0x08};  // one repeat of 8 at bit width 3
  RleBitPackedDecoder decoder(data, 3);
  uint32_t out[1];
  Status status = decoder.Decode(out, 1);
  ASSERT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("does not fit bit width 3"), std::string::npos);
}

TEST(RleBitPackedTest, VarintTooLong) {
  const Bytes data = {0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0x00};
  RleBitPackedDecoder decoder(data, 1);
  uint32_t out[1];
  Status status = decoder.Decode(out, 1);
  ASSERT_TRUE(status.IsCorruption());
  EXPECT_NE(status.message().find("too long"), std::string::npos);
  // Five bytes whose value exceeds 32 bits.
  const Bytes big = {0x80, 0x80, 0x80, 0x80, 0x10};
  RleBitPackedDecoder decoder2(big, 1);
  EXPECT_TRUE(decoder2.Decode(out, 1).IsCorruption());
  // Header cut in the middle.
  const Bytes cut = {0x80};
  RleBitPackedDecoder decoder3(cut, 1);
  EXPECT_TRUE(decoder3.Decode(out, 1).IsCorruption());
}

TEST(RleBitPackedTest, ZeroLengthRunsTerminate) {
  Bytes data(10000, 0x00);  // 10000 empty RLE runs at bit width 0
  RleBitPackedDecoder decoder(data, 0);
  uint32_t out[1];
  EXPECT_TRUE(decoder.Decode(out, 1).IsCorruption());
  Bytes packed(10000, 0x01);  // empty bit-packed runs
  RleBitPackedDecoder decoder2(packed, 5);
  EXPECT_TRUE(decoder2.Decode(out, 1).IsCorruption());
  // Empty runs before a real one are skipped.
  Bytes mixed = {0x00, 0x00, 0x01, 0x00, 0x00, 0x02, 0x01};
  RleBitPackedDecoder decoder3(mixed, 1);
  ASSERT_TRUE(decoder3.Decode(out, 1).ok());
  EXPECT_EQ(out[0], 1u);
}

TEST(RleBitPackedTest, RandomGarbageNeverCrashes) {
  std::mt19937_64 rng(3);
  std::vector<uint32_t> out(4096);
  for (int trial = 0; trial < 3000; ++trial) {
    Bytes data(rng() % 64);
    for (auto& b : data) b = static_cast<uint8_t>(rng());
    const int w = static_cast<int>(rng() % 34);
    RleBitPackedDecoder decoder(data, w);
    const Status status = decoder.Decode(out.data(), rng() % out.size());
    // Success or Corruption, never a read past the data (ASan) or a bad shift (UBSan).
    EXPECT_TRUE(status.ok() || status.IsCorruption());
    EXPECT_LE(decoder.bytes_consumed(), data.size());
  }
}

}  // namespace
}  // namespace ocpagg::parquet
