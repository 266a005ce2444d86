#include "ocp/sql_like.h"

#include <gtest/gtest.h>

namespace ocpagg::ocp {
namespace {

TEST(CostCategoryLike, MatchesKokuDefaultPatterns) {
  EXPECT_TRUE(SqlLike("openshift-monitoring", "openshift-%", false));
  EXPECT_TRUE(SqlLike("openshift-", "openshift-%", false));
  EXPECT_FALSE(SqlLike("openshift", "openshift-%", false));
  EXPECT_TRUE(SqlLike("openshift", "openshift", false));
  EXPECT_TRUE(SqlLike("kube-system", "kube-%", false));
  EXPECT_TRUE(SqlLike("Platform unallocated", "Platform unallocated", false));
  EXPECT_FALSE(SqlLike("platform unallocated", "Platform unallocated", false));  // case-sensitive
}

TEST(CostCategoryLike, UnderscoreMatchesOneCharacterAndPercentAnyRun) {
  EXPECT_TRUE(SqlLike("a1c", "a_c", false));
  EXPECT_FALSE(SqlLike("ac", "a_c", false));
  EXPECT_TRUE(
      SqlLike("a\xc3\xa9"
              "c",
              "a_c", false));  // one UTF-8 character
  EXPECT_TRUE(SqlLike("xyz", "%", false));
  EXPECT_TRUE(SqlLike("", "%", false));
  EXPECT_TRUE(SqlLike("abcabd", "%ab_", false));
  EXPECT_TRUE(SqlLike("team-a-prod", "%-%-prod", false));
  EXPECT_FALSE(SqlLike("team-a-dev", "%-%-prod", false));
}

TEST(CostCategoryLike, BackslashEscapesOnlyInThePostgresDialect) {
  // spec §2.5 #7: PostgreSQL's default escape is backslash; Trino's LIKE has none.
  EXPECT_TRUE(SqlLike("a%b", "a\\%b", true));
  EXPECT_FALSE(SqlLike("axb", "a\\%b", true));
  EXPECT_FALSE(SqlLike("a%b", "a\\%b", false));
  EXPECT_TRUE(SqlLike("a\\xb", "a\\%b", false));
}

}  // namespace
}  // namespace ocpagg::ocp
