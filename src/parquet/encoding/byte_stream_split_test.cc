#include "parquet/encoding/byte_stream_split.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <vector>

#include "parquet/encoding/encoding_test_util.h"

namespace ocpagg::parquet {
namespace {

using testing::Bytes;

Bytes Split(const Bytes& values, size_t width) {
  const size_t n = values.size() / width;
  Bytes out(values.size());
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < width; ++k) out[k * n + i] = values[i * width + k];
  }
  return out;
}

TEST(ByteStreamSplitTest, SpecExample) {
  // Encodings.md: three 4-byte floats AA BB CC DD, 00 11 22 33, A3 B4 C5 D6.
  const Bytes data = {0xAA, 0x00, 0xA3, 0xBB, 0x11, 0xB4, 0xCC, 0x22, 0xC5, 0xDD, 0x33, 0xD6};
  Bytes out(12);
  ASSERT_TRUE(DecodeByteStreamSplit(data, 3, 4, out.data()).ok());
  EXPECT_EQ(out, (Bytes{0xAA, 0xBB, 0xCC, 0xDD, 0x00, 0x11, 0x22, 0x33, 0xA3, 0xB4, 0xC5, 0xD6}));
}

TEST(ByteStreamSplitTest, RoundTripWidths) {
  std::mt19937_64 rng(17);
  for (size_t width : {1u, 2u, 3u, 4u, 5u, 8u, 12u, 16u}) {
    for (size_t n : {0u, 1u, 63u, 64u, 65u, 1000u}) {
      Bytes values(n * width);
      for (auto& b : values) b = static_cast<uint8_t>(rng());
      Bytes out(values.size());
      ASSERT_TRUE(DecodeByteStreamSplit(Split(values, width), n, width, out.data()).ok());
      EXPECT_EQ(out, values) << "width " << width << " n " << n;
    }
  }
}

TEST(ByteStreamSplitTest, SizeMismatch) {
  Bytes data(15);
  Bytes out(16);
  Status s = DecodeByteStreamSplit(data, 4, 4, out.data());
  ASSERT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find("BYTE_STREAM_SPLIT"), std::string::npos);
  data.resize(17);
  EXPECT_TRUE(DecodeByteStreamSplit(data, 4, 4, out.data()).IsCorruption());
  EXPECT_TRUE(DecodeByteStreamSplit(data, std::numeric_limits<size_t>::max() / 4 + 2, 8, out.data())
                  .IsCorruption());
  EXPECT_TRUE(DecodeByteStreamSplit(data, 4, 0, out.data()).IsCorruption());
}

}  // namespace
}  // namespace ocpagg::parquet
