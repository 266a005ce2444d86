#include "parquet/encoding/plain.h"

#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "parquet/encoding/encoding_test_util.h"

namespace ocpagg::parquet {
namespace {

using testing::Bytes;

TEST(PlainTest, FixedDouble) {
  std::vector<double> values = {1.5, -2.25, 1e300, 0.0, -0.0};
  Bytes data(values.size() * 8 + 3, 0xAA);
  std::memcpy(data.data(), values.data(), values.size() * 8);
  std::vector<double> out(values.size());
  size_t consumed = 0;
  ASSERT_TRUE(DecodePlainFixed(data, values.size(), 8,
                               static_cast<uint8_t*>(static_cast<void*>(out.data())), &consumed)
                  .ok());
  EXPECT_EQ(out, values);
  EXPECT_EQ(consumed, 40u);
}

TEST(PlainTest, FixedTooShortOrOverflowing) {
  Bytes data(11);
  uint8_t out[12];
  size_t consumed = 0;
  Status s = DecodePlainFixed(data, 3, 4, out, &consumed);
  ASSERT_TRUE(s.IsCorruption());
  EXPECT_EQ(s.message(), "PLAIN: 3 values of 4 bytes need 12 bytes, the page holds 11");
  EXPECT_TRUE(DecodePlainFixed(data, std::numeric_limits<size_t>::max() / 2, 12, out, &consumed)
                  .IsCorruption());
  EXPECT_TRUE(DecodePlainFixed({}, 0, 8, out, &consumed).ok());
  EXPECT_EQ(consumed, 0u);
  EXPECT_TRUE(DecodePlainFixed(data, 1, 12, out, &consumed).IsCorruption());  // INT96 / FLBA
}

TEST(PlainTest, Boolean) {
  std::mt19937_64 rng(9);
  for (size_t n : {0u, 1u, 7u, 8u, 9u, 64u, 1001u}) {
    std::vector<uint8_t> values(n);
    Bytes data((n + 7) / 8, 0);
    for (size_t i = 0; i < n; ++i) {
      values[i] = static_cast<uint8_t>(rng() & 1);
      data[i / 8] = static_cast<uint8_t>(data[i / 8] | (values[i] << (i % 8)));
    }
    data.push_back(0xFF);
    std::vector<uint8_t> out(n);
    size_t consumed = 0;
    ASSERT_TRUE(DecodePlainBoolean(data, n, out.data(), &consumed).ok());
    EXPECT_EQ(out, values);
    EXPECT_EQ(consumed, (n + 7) / 8);
  }
  uint8_t out[9];
  size_t consumed = 0;
  const Bytes one = {0x05};
  Status s = DecodePlainBoolean(one, 9, out, &consumed);
  ASSERT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find("PLAIN BOOLEAN"), std::string::npos);
  ASSERT_TRUE(DecodePlainBoolean(one, 3, out, &consumed).ok());
  EXPECT_EQ(out[0], 1);
  EXPECT_EQ(out[1], 0);
  EXPECT_EQ(out[2], 1);
}

Bytes EncodeByteArrays(const std::vector<std::string>& values) {
  Bytes data;
  for (const auto& v : values) {
    const uint32_t len = static_cast<uint32_t>(v.size());
    for (int b = 0; b < 4; ++b) data.push_back(static_cast<uint8_t>(len >> (8 * b)));
    data.insert(data.end(), v.begin(), v.end());
  }
  return data;
}

TEST(PlainTest, ByteArray) {
  const std::vector<std::string> values = {"", "a", "hello", std::string(300, 'x'), ""};
  Bytes data = EncodeByteArrays(values);
  const size_t size = data.size();
  data.push_back(0);
  std::vector<std::string_view> out(values.size());
  size_t consumed = 0;
  ASSERT_TRUE(DecodePlainByteArray(data, values.size(), out.data(), &consumed).ok());
  EXPECT_EQ(consumed, size);
  for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(out[i], values[i]);
}

TEST(PlainTest, ByteArrayMalformed) {
  std::vector<std::string_view> out(3);
  size_t consumed = 0;
  Bytes data = EncodeByteArrays({"abc", "de"});
  data.back() = 0;
  data.pop_back();  // second value loses a byte
  Status s = DecodePlainByteArray(data, 2, out.data(), &consumed);
  ASSERT_TRUE(s.IsCorruption());
  EXPECT_EQ(s.message(), "PLAIN BYTE_ARRAY: value 1 of 2 has length 2 but only 1 bytes remain");
  Bytes huge = {0xFF, 0xFF, 0xFF, 0xFF, 'a'};
  EXPECT_TRUE(DecodePlainByteArray(huge, 1, out.data(), &consumed).IsCorruption());
  Bytes short_length = {0x01, 0x00, 0x00};
  s = DecodePlainByteArray(short_length, 1, out.data(), &consumed);
  ASSERT_TRUE(s.IsCorruption());
  EXPECT_NE(s.message().find("before the length"), std::string::npos);
  EXPECT_TRUE(
      DecodePlainByteArray(EncodeByteArrays({"a"}), 2, out.data(), &consumed).IsCorruption());
}

}  // namespace
}  // namespace ocpagg::parquet
