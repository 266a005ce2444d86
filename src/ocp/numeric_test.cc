#include "ocp/numeric.h"

#include <gtest/gtest.h>

#include <cmath>

namespace ocpagg::ocp {
namespace {

std::string Text(double v, Dialect d) {
  auto n = ToNumeric15(v, d);
  return n ? FormatNumeric15(*n) : "overflow";
}

TEST(NumericRounding, SpecExamples) {
  // spec §2.6: 1-day 100 GiB PVC in October, and 7.123456789012345.
  const double pvc = 100.0 * 86400 / (86400.0 * 31);
  EXPECT_EQ(Text(3.225806451612903, Dialect::kTrino), "3.225806451612903");
  EXPECT_EQ(Text(3.225806451612903, Dialect::kPostgres), "3.225806451612900");
  EXPECT_EQ(Text(7.123456789012345, Dialect::kTrino), "7.123456789012345");
  EXPECT_EQ(Text(7.123456789012345, Dialect::kPostgres), "7.123456789012350");
  EXPECT_EQ(Text(pvc, Dialect::kTrino), "3.225806451612903");
}

TEST(NumericRounding, RoundsHalfAwayFromZeroAtFifteenDecimals) {
  EXPECT_EQ(Text(172.8, Dialect::kTrino), "172.800000000000000");
  EXPECT_EQ(Text(-76.8, Dialect::kTrino), "-76.800000000000000");
  EXPECT_EQ(Text(0, Dialect::kTrino), "0.000000000000000");
  EXPECT_EQ(Text(1e-16, Dialect::kTrino), "0.000000000000000");
  EXPECT_EQ(Text(5e-16, Dialect::kTrino), "0.000000000000001");
  EXPECT_EQ(Text(-5e-16, Dialect::kTrino), "-0.000000000000001");
  EXPECT_EQ(Text(1.0000000000000005e-3, Dialect::kTrino), "0.001000000000000");
  EXPECT_EQ(Text(0.1234567890123456, Dialect::kTrino), "0.123456789012346");
  EXPECT_EQ(Text(123456789.123456789, Dialect::kPostgres), "123456789.123457000000000");
  EXPECT_EQ(Text(1e17, Dialect::kTrino), "100000000000000000.000000000000000");
  EXPECT_EQ(Text(1e18, Dialect::kTrino), "overflow");
  EXPECT_FALSE(ToNumeric15(std::nan(""), Dialect::kTrino).has_value());
}

}  // namespace
}  // namespace ocpagg::ocp
