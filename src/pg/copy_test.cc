#include "pg/copy.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/date.h"

namespace ocpagg::pg {
namespace {

std::vector<int> Bytes(const std::string& s) {
  std::vector<int> out;
  for (char c : s) out.push_back(static_cast<unsigned char>(c));
  return out;
}

// Field bytes of numeric(,15) value * 10^15: length, then the int16 header and digits.
std::vector<int> NumericField(Int128 scaled) {
  std::string out;
  CopyEncoder(&out).Numeric15(scaled);
  return Bytes(out);
}

std::vector<int> Numeric(int ndigits, int weight, int sign, std::vector<int> digits) {
  std::vector<int> out;
  const auto put16 = [&](int v) {
    out.push_back((v >> 8) & 0xff);
    out.push_back(v & 0xff);
  };
  const int length = 8 + 2 * ndigits;
  out = {0, 0, (length >> 8) & 0xff, length & 0xff};
  put16(ndigits);
  put16(weight & 0xffff);
  put16(sign);
  put16(15);
  for (int d : digits) put16(d);
  return out;
}

constexpr Int128 kE15 = 1'000'000'000'000'000;

TEST(CopyEncoder, HeaderAndTrailerAreTheBinaryCopySignature) {
  std::string out;
  CopyEncoder e(&out);
  e.Header();
  e.Trailer();
  EXPECT_EQ(Bytes(out), (std::vector<int>{'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0,
                                          0,   0,   0,   0,   0,   0,   0,    0,    0xff, 0xff}));
}

TEST(CopyEncoder, NumericZeroHasNoDigits) { EXPECT_EQ(NumericField(0), Numeric(0, 0, 0, {})); }

TEST(CopyEncoder, NumericSmallestFraction) {
  // 1e-15 = 10 * 10000^-4.
  EXPECT_EQ(NumericField(1), Numeric(1, -4, 0, {10}));
  EXPECT_EQ(NumericField(-1), Numeric(1, -4, 0x4000, {10}));
}

TEST(CopyEncoder, NumericNegativeHalf) {
  EXPECT_EQ(NumericField(-kE15 / 2), Numeric(1, -1, 0x4000, {5000}));
}

TEST(CopyEncoder, NumericIntegerAndFraction) {
  EXPECT_EQ(NumericField(12 * kE15 + 34 * kE15 / 100), Numeric(2, 0, 0, {12, 3400}));
  EXPECT_EQ(NumericField(10000 * kE15), Numeric(1, 1, 0, {1}));  // trailing zero digits go
  EXPECT_EQ(NumericField(172 * kE15 + 8 * kE15 / 10), Numeric(2, 0, 0, {172, 8000}));
}

TEST(CopyEncoder, NumericLargestOfThirtyThreeFifteen) {
  const Int128 max = 999'999'999'999'999'999 * kE15 + 999'999'999'999'999;
  EXPECT_EQ(NumericField(max),
            Numeric(9, 4, 0, {99, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9990}));
  EXPECT_EQ(NumericField(-max),
            Numeric(9, 4, 0x4000, {99, 9999, 9999, 9999, 9999, 9999, 9999, 9999, 9990}));
}

TEST(CopyEncoder, DateCountsFromTwoThousand) {
  std::string out;
  CopyEncoder(&out).Date(DaysFromCivil({2026, 1, 1}));
  EXPECT_EQ(Bytes(out), (std::vector<int>{0, 0, 0, 4, 0, 0, 0x25, 0x19}));  // 9497
  out.clear();
  CopyEncoder(&out).Date(DaysFromCivil({1999, 12, 31}));
  EXPECT_EQ(Bytes(out), (std::vector<int>{0, 0, 0, 4, 0xff, 0xff, 0xff, 0xff}));
}

TEST(CopyEncoder, UuidIsSixteenBytes) {
  std::string out;
  ASSERT_TRUE(CopyEncoder(&out).Uuid("58f1cc01-1066-47c5-ae2f-2d1953d331f8"));
  EXPECT_EQ(Bytes(out),
            (std::vector<int>{0,    0,    0,    16,   0x58, 0xf1, 0xcc, 0x01, 0x10, 0x66,
                              0x47, 0xc5, 0xae, 0x2f, 0x2d, 0x19, 0x53, 0xd3, 0x31, 0xf8}));
  std::string bad;
  EXPECT_FALSE(CopyEncoder(&bad).Uuid("58f1cc01-1066-47c5-ae2f-2d1953d331"));
  EXPECT_FALSE(CopyEncoder(&bad).Uuid("not-a-uuid"));
}

TEST(CopyEncoder, JsonbHasVersionByte) {
  std::string out;
  CopyEncoder(&out).Jsonb("{}");
  EXPECT_EQ(Bytes(out), (std::vector<int>{0, 0, 0, 3, 1, '{', '}'}));
}

TEST(CopyEncoder, NullTextAndIntegers) {
  std::string out;
  CopyEncoder e(&out);
  e.Null();
  e.Text("ab");
  e.Int4(-2);
  e.Int8(1);
  EXPECT_EQ(Bytes(out),
            (std::vector<int>{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 2, 'a', 'b', 0, 0, 0, 4, 0xff,
                              0xff, 0xff, 0xfe, 0,    0, 0, 8, 0, 0,   0,   0, 0, 0, 0, 1}));
}

TEST(EncodeSummaryRow, WritesEveryColumnAndRejectsBadUuid) {
  ocp::SummaryRow row;
  row.uuid = "58f1cc01-1066-47c5-ae2f-2d1953d331f8";
  row.source_uuid = row.uuid;
  row.cluster_id = "c";
  row.data_source = "Pod";
  row.usage_start = row.usage_end = DaysFromCivil({2026, 1, 1});
  row.metric(ocp::Metric::kPodUsageCpuCoreHours) = 1.5;
  std::string out;
  ASSERT_TRUE(EncodeSummaryRow(row, ocp::Dialect::kTrino, &out).ok());
  ASSERT_GE(out.size(), 2u);
  EXPECT_EQ((static_cast<unsigned char>(out[0]) << 8) | static_cast<unsigned char>(out[1]),
            static_cast<int>(ocp::kSummaryColumns.size()));
  row.source_uuid = "nope";
  out.clear();
  const Status s = EncodeSummaryRow(row, ocp::Dialect::kTrino, &out);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("source_uuid"), std::string::npos);
}

}  // namespace
}  // namespace ocpagg::pg
