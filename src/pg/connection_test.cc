#include "pg/connection.h"

#include <gtest/gtest.h>

#include "pg/schema.h"

namespace ocpagg::pg {
namespace {

TEST(RedactDsn, UriPassword) {
  EXPECT_EQ(RedactDsn("postgresql://app:s3cret@127.0.0.1:5432/appdb"),
            "postgresql://app:***@127.0.0.1:5432/appdb");
  EXPECT_EQ(RedactDsn("postgres://app:p@ss@h/db?sslmode=require"),
            "postgres://app:***@h/db?sslmode=require");
  EXPECT_EQ(RedactDsn("postgresql://app@h/db?password=s3cret&sslmode=verify-full"),
            "postgresql://app@h/db?password=***&sslmode=verify-full");
  EXPECT_EQ(RedactDsn("postgresql://h:5432/db"), "postgresql://h:5432/db");
  EXPECT_EQ(RedactDsn("postgresql://"), "postgresql://");
}

TEST(RedactDsn, KeywordPassword) {
  EXPECT_EQ(RedactDsn("host=h password=s3cret dbname=d"), "host=h password=*** dbname=d");
  EXPECT_EQ(RedactDsn("host=h password = 'a b\\' c' user=u"), "host=h password = *** user=u");
  EXPECT_EQ(RedactDsn("password=x"), "password=***");
  EXPECT_EQ(RedactDsn("host=h passfile=/p"), "host=h passfile=/p");
}

TEST(OneLine, CollapsesLibpqMultiLineMessages) {
  EXPECT_EQ(OneLine("connection to server failed: Connection refused\n\tIs the server "
                    "running?\n"),
            "connection to server failed: Connection refused Is the server running?");
}

TEST(ErrorClasses, SqlStates) {
  EXPECT_TRUE(IsTransientSqlState("40001"));
  EXPECT_TRUE(IsTransientSqlState("40P01"));
  EXPECT_TRUE(IsTransientSqlState("08006"));
  EXPECT_TRUE(IsTransientSqlState("57P01"));
  EXPECT_TRUE(IsTransientSqlState("57P03"));
  EXPECT_FALSE(IsTransientSqlState("28P01"));  // invalid_password
  EXPECT_FALSE(IsTransientSqlState("3F000"));  // invalid_schema_name
  EXPECT_FALSE(IsTransientSqlState("42501"));  // insufficient_privilege
  EXPECT_FALSE(IsTransientSqlState(""));
}

TEST(ErrorClasses, ConnectMessages) {
  EXPECT_TRUE(IsTransientConnectError(
      "connection to server at \"127.0.0.1\", port 5 failed: Connection refused"));
  EXPECT_TRUE(IsTransientConnectError("FATAL: the database system is starting up"));
  EXPECT_FALSE(IsTransientConnectError("FATAL: password authentication failed for user \"app\""));
  EXPECT_FALSE(IsTransientConnectError("FATAL: database \"x\" does not exist"));
}

TEST(Backoff, GrowsAndIsCapped) {
  std::mt19937_64 rng(1);
  const RetryPolicy p{6, 0.5, 8.0};
  for (int i = 0; i < 50; ++i) {
    const double d1 = BackoffDelay(p, 1, &rng);
    EXPECT_GE(d1, 0.25);
    EXPECT_LE(d1, 0.5);
    const double d4 = BackoffDelay(p, 4, &rng);
    EXPECT_GE(d4, 2.0);
    EXPECT_LE(d4, 4.0);
    EXPECT_LE(BackoffDelay(p, 30, &rng), 8.0);
  }
}

TEST(Connection, WrongHostFailsAtOnceWithoutPassword) {
  // Port 1 on loopback refuses: transient, so with one attempt it is Unavailable.
  Result<Connection> c =
      Connection::Open("postgresql://u:topsecret@127.0.0.1:1/db", RetryPolicy{1, 0.01, 0.01});
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(c.status().IsUnavailable()) << c.status().ToString();
  EXPECT_EQ(c.status().message().find("topsecret"), std::string::npos);
  EXPECT_EQ(c.status().message().find('\n'), std::string::npos);
}

TEST(Identifiers, SchemaNamesAndQuoting) {
  EXPECT_TRUE(ValidateSchemaName("org1234567").ok());
  EXPECT_TRUE(ValidateSchemaName("acct10001").ok());
  EXPECT_TRUE(ValidateSchemaName("_x").ok());
  EXPECT_FALSE(ValidateSchemaName("").ok());
  EXPECT_FALSE(ValidateSchemaName("Org1").ok());
  EXPECT_FALSE(ValidateSchemaName("1org").ok());
  EXPECT_FALSE(ValidateSchemaName("org; DROP TABLE x").ok());
  EXPECT_FALSE(ValidateSchemaName(std::string(64, 'a')).ok());
  EXPECT_TRUE(ValidateSchemaName(std::string(63, 'a')).ok());
  EXPECT_EQ(QuoteIdent("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(Qualified("org1", "t"), "\"org1\".\"t\"");
}

TEST(SchemaDdl, SummaryTableIsPartitionedWithKokuIndexes) {
  std::string summary;
  for (const TableDdl& t : SchemaDdl("org1")) {
    if (t.table == kSummaryTable) summary = t.sql;
  }
  EXPECT_NE(summary.find("PARTITION BY RANGE (\"usage_start\")"), std::string::npos);
  EXPECT_NE(summary.find("PRIMARY KEY (\"usage_start\", \"uuid\")"), std::string::npos);
  EXPECT_NE(summary.find("reporting_ocpusagelineitem_daily_summary_default\" PARTITION OF"),
            std::string::npos);
  for (const char* index :
       {"summary_ocp_usage_idx", "summary_namespace_idx", "summary_node_idx",
        "summary_data_source_idx", "monthly_cost_type_idx", "cost_model_rate_type_idx",
        "all_labels_idx", "pod_labels_idx", "volume_labels_idx"}) {
    EXPECT_NE(summary.find(index), std::string::npos) << index;
  }
  EXPECT_NE(summary.find("\"pod_usage_cpu_core_hours\" numeric(33,15) NULL"), std::string::npos);
  EXPECT_NE(summary.find("\"cluster_id\" varchar(50) NULL"), std::string::npos);
}

}  // namespace
}  // namespace ocpagg::pg
