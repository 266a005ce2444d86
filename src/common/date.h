#pragma once

// Calendar arithmetic on days since 1970-01-01 (proleptic Gregorian, UTC), as the SQL date type
// does it. Algorithms: Howard Hinnant, "chrono-Compatible Low-Level Date Algorithms".

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace ocpagg {

struct CivilDate {
  int32_t year = 1970;
  uint32_t month = 1;  // 1..12
  uint32_t day = 1;    // 1..31
};

/// Days since 1970-01-01 of a civil date.
int32_t DaysFromCivil(CivilDate date);

/// The civil date of a day number.
CivilDate CivilFromDays(int32_t days);

/// Number of days in a month (28..31).
uint32_t DaysInMonth(int32_t year, uint32_t month);

/// "YYYY-MM-DD".
std::string FormatDate(int32_t days);

/// Days since 1970-01-01 of "YYYY-MM-DD"; InvalidArgument ("'x' is not a date YYYY-MM-DD") for
/// anything else, including days the month does not have.
Result<int32_t> ParseDate(std::string_view text);

/// "YYYY-MM-DD HH:MM:SS[.fff...]" for a count of `units_per_second` units since the epoch; the
/// fraction is printed only when non-zero, with as many digits as the unit has.
std::string FormatTimestamp(int64_t value, int64_t units_per_second);

}  // namespace ocpagg
