#include "common/status.h"

#include <gtest/gtest.h>

#include "common/result.h"

namespace ocpagg {
namespace {

Result<int> ParsePositive(int value) {
  if (value <= 0) return Status::InvalidArgument("value must be positive");
  return value;
}

Status UseParsed(int value, int* out) {
  OCPAGG_ASSIGN_OR_RETURN(*out, ParsePositive(value));
  return Status::OK();
}

TEST(Status, OkByDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(Status, WithContextPrependsLocation) {
  Status s = Status::Corruption("page header truncated").WithContext("row group 3, column 'a'");
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_EQ(s.message(), "row group 3, column 'a': page header truncated");
  EXPECT_EQ(s.ToString(), "Corruption: row group 3, column 'a': page header truncated");
  EXPECT_TRUE(Status::OK().WithContext("x").ok());
}

TEST(Status, UnavailableIsTheTransientCode) {
  Status s = Status::Unavailable("connection refused");
  EXPECT_TRUE(s.IsUnavailable());
  EXPECT_FALSE(Status::Database("permission denied").IsUnavailable());
  EXPECT_EQ(s.ToString(), "Unavailable: connection refused");
  EXPECT_EQ(StatusCodeName(StatusCode::kUnavailable), "Unavailable");
}

TEST(Result, CarriesValueOrError) {
  int out = 0;
  EXPECT_TRUE(UseParsed(7, &out).ok());
  EXPECT_EQ(out, 7);
  Status bad = UseParsed(-1, &out);
  EXPECT_TRUE(bad.IsInvalidArgument());
  EXPECT_EQ(out, 7);
}

}  // namespace
}  // namespace ocpagg
