#include "common/date.h"

#include <fmt/format.h>

#include <cstdio>

namespace ocpagg {

int32_t DaysFromCivil(CivilDate date) {
  const int32_t y = date.year - (date.month <= 2 ? 1 : 0);
  const int32_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<uint32_t>(y - era * 400);
  const uint32_t mp = date.month > 2 ? date.month - 3 : date.month + 9;
  const uint32_t doy = (153 * mp + 2) / 5 + date.day - 1;
  const uint32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int32_t>(doe) - 719468;
}

CivilDate CivilFromDays(int32_t days) {
  const int64_t z = int64_t{days} + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<uint32_t>(z - era * 146097);
  const uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const uint32_t mp = (5 * doy + 2) / 153;
  const uint32_t d = doy - (153 * mp + 2) / 5 + 1;
  const uint32_t m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int32_t>(y + (m <= 2 ? 1 : 0)), m, d};
}

uint32_t DaysInMonth(int32_t year, uint32_t month) {
  static constexpr uint32_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2) {
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return leap ? 29 : 28;
  }
  return kDays[month - 1];
}

std::string FormatDate(int32_t days) {
  const CivilDate d = CivilFromDays(days);
  return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
}

Result<int32_t> ParseDate(std::string_view text) {
  const std::string copy(text);
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(copy.c_str(), "%d-%u-%u%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
      d > DaysInMonth(y, m)) {
    return Status::InvalidArgument(fmt::format("'{}' is not a date YYYY-MM-DD", text));
  }
  return DaysFromCivil({y, m, d});
}

std::string FormatTimestamp(int64_t value, int64_t units_per_second) {
  int64_t seconds = value / units_per_second;
  int64_t fraction = value % units_per_second;
  if (fraction < 0) {
    fraction += units_per_second;
    seconds -= 1;
  }
  int64_t days = seconds / 86400;
  int64_t second_of_day = seconds % 86400;
  if (second_of_day < 0) {
    second_of_day += 86400;
    days -= 1;
  }
  std::string out = fmt::format("{} {:02}:{:02}:{:02}", FormatDate(static_cast<int32_t>(days)),
                                second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60);
  if (fraction != 0) {
    int digits = 0;
    for (int64_t u = units_per_second; u > 1; u /= 10) ++digits;
    out += fmt::format(".{:0{}}", fraction, digits);
  }
  return out;
}

}  // namespace ocpagg
