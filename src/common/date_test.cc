#include "common/date.h"

#include <gtest/gtest.h>

namespace ocpagg {
namespace {

TEST(Date, RoundTripsCivilDates) {
  EXPECT_EQ(DaysFromCivil({1970, 1, 1}), 0);
  EXPECT_EQ(DaysFromCivil({2000, 1, 1}), 10957);
  EXPECT_EQ(DaysFromCivil({2026, 1, 1}), 20454);
  for (int32_t days = -800000; days < 800000; days += 37) {
    CivilDate d = CivilFromDays(days);
    ASSERT_EQ(DaysFromCivil(d), days);
  }
  EXPECT_EQ(FormatDate(-1), "1969-12-31");
}

TEST(Date, DaysInMonthHandlesLeapYears) {
  EXPECT_EQ(DaysInMonth(2024, 2), 29u);
  EXPECT_EQ(DaysInMonth(2025, 2), 28u);
  EXPECT_EQ(DaysInMonth(1900, 2), 28u);
  EXPECT_EQ(DaysInMonth(2000, 2), 29u);
  EXPECT_EQ(DaysInMonth(2025, 4), 30u);
  EXPECT_EQ(DaysInMonth(2025, 12), 31u);
}

TEST(Date, FormatsTimestampsInAnyUnit) {
  EXPECT_EQ(FormatTimestamp(0, 1000), "1970-01-01 00:00:00");
  EXPECT_EQ(FormatTimestamp(1759276800000, 1000), "2025-10-01 00:00:00");
  EXPECT_EQ(FormatTimestamp(-1, 1000), "1969-12-31 23:59:59.999");
  EXPECT_EQ(FormatTimestamp(1500, 1000000), "1970-01-01 00:00:00.001500");
}

TEST(Date, ParsesIsoDatesAndRefusesImpossibleOnes) {
  EXPECT_EQ(*ParseDate("2025-10-01"), 20362);
  EXPECT_EQ(*ParseDate("2024-02-29"), DaysFromCivil({2024, 2, 29}));
  for (const char* bad : {"2025-02-29", "2025-13-01", "2025-10-01x", "yesterday", ""}) {
    auto day = ParseDate(bad).WithContext("--start");
    ASSERT_FALSE(day.ok()) << bad;
    EXPECT_EQ(day.status().message().rfind("--start: ", 0), 0u) << day.status().ToString();
  }
}

}  // namespace
}  // namespace ocpagg
