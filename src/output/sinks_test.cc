#include "output/sinks.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ocpagg::output {
namespace {

using ocp::Dialect;
using ocp::Metric;
using ocp::SummaryRow;

SummaryRow PodRow(int32_t day, std::string_view ns) {
  SummaryRow row;
  row.uuid = "4c0b3b0e-7e0e-4d6a-9a8b-0c1d2e3f4a5b";
  row.report_period_id = 3;
  row.cluster_id = "c1";
  row.data_source = "Pod";
  row.namespace_ = ns;
  row.node = "node-1";
  row.usage_start = day;
  row.usage_end = day;
  row.pod_labels = R"({"app": "a,b"})";
  row.all_labels = row.pod_labels;
  row.metric(Metric::kPodUsageCpuCoreHours) = 172.8;
  row.metric(Metric::kPersistentvolumeclaimUsageGigabyteMonths) = 3.225806451612903;
  row.source_uuid = "11111111-2222-3333-4444-555555555555";
  return row;
}

ocp::Cell MakeCell(ocp::Cell::Kind kind, std::string_view text = {}, int64_t integer = 0,
                   double number = 0) {
  ocp::Cell cell;
  cell.kind = kind;
  cell.text = text;
  cell.integer = integer;
  cell.number = number;
  return cell;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The text PostgreSQL prints with COPY ... TO STDOUT (FORMAT csv): NULL empty, '' quoted,
// quotes doubled, numerics with 15 decimals, dates ISO.
TEST(CsvOutput, CellsArePrintedAsPostgresCopyCsv) {
  std::string out;
  AppendCsvCell(MakeCell(ocp::Cell::Kind::kNull), ocp::ColumnType::kVarchar, Dialect::kTrino, &out);
  EXPECT_EQ(out, "");
  out.clear();
  AppendCsvCell(MakeCell(ocp::Cell::Kind::kText, ""), ocp::ColumnType::kVarchar, Dialect::kTrino,
                &out);
  EXPECT_EQ(out, "\"\"");
  out.clear();
  AppendCsvCell(MakeCell(ocp::Cell::Kind::kText, R"({"a": "x"})"), ocp::ColumnType::kJsonb,
                Dialect::kTrino, &out);
  EXPECT_EQ(out, R"("{""a"": ""x""}")");
  out.clear();
  AppendCsvCell(MakeCell(ocp::Cell::Kind::kText, "{}"), ocp::ColumnType::kJsonb, Dialect::kTrino,
                &out);
  EXPECT_EQ(out, "{}");
  out.clear();
  AppendCsvCell(MakeCell(ocp::Cell::Kind::kDouble, {}, 0, 3.225806451612903),
                ocp::ColumnType::kNumeric, Dialect::kPostgres, &out);
  EXPECT_EQ(out, "3.225806451612900");
  out.clear();
  AppendCsvCell(MakeCell(ocp::Cell::Kind::kDate, {}, 20362), ocp::ColumnType::kDate,
                Dialect::kTrino, &out);
  EXPECT_EQ(out, "2025-10-01");
}

TEST(CsvOutput, WritesHeaderAndRowsInTableOrderOnlyOnCommit) {
  const std::string path = ::testing::TempDir() + "/ocpagg_sink_test.csv";
  std::remove(path.c_str());
  {
    auto sink = OpenSink("csv:" + path);
    ASSERT_TRUE(sink.ok());
    ASSERT_TRUE((*sink)->Begin({"s", 3, 20362, 20362, Dialect::kTrino}).ok());
    std::vector<SummaryRow> rows = {PodRow(20362, "ns")};
    ASSERT_TRUE((*sink)->Write(rows).ok());
    // Destroyed without Commit: no file.
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  auto sink = OpenSink("csv:" + path);
  ASSERT_TRUE((*sink)->Begin({"s", 3, 20362, 20362, Dialect::kTrino}).ok());
  std::vector<SummaryRow> rows = {PodRow(20362, "ns")};
  ASSERT_TRUE((*sink)->Write(rows).ok());
  ASSERT_TRUE((*sink)->Commit().ok());
  const std::string text = ReadFile(path);
  EXPECT_EQ(text.substr(0, text.find('\n')).substr(0, 46),
            "uuid,cluster_id,cluster_alias,data_source,name");
  EXPECT_NE(text.find(",172.800000000000000,"), std::string::npos);
  EXPECT_NE(text.find(R"("{""app"": ""a,b""}")"), std::string::npos);
  EXPECT_NE(text.find(",Pod,ns,node-1,,2025-10-01,2025-10-01,"), std::string::npos) << text;
}

int64_t Count(const std::string& db_path, const std::string& where) {
  sqlite3* db = nullptr;
  sqlite3_open(db_path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  const std::string sql =
      "SELECT count(*) FROM reporting_ocpusagelineitem_daily_summary WHERE " + where;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  int64_t n = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW) n = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return n;
}

void Exec(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(db_path.c_str(), &db);
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
  sqlite3_close(db);
}

// spec §2.0 4a: a run replaces the rows of its days and report period, keeps OCP-on-cloud rows
// (non-zero infrastructure_raw_cost) and other report periods; an uncommitted run changes
// nothing.
TEST(SqliteOutput, ReplacesAsKokuDoesAndRollsBackUncommittedRuns) {
  const std::string path = ::testing::TempDir() + "/ocpagg_sink_test.db";
  std::filesystem::remove(path);
  const ocp::SummaryRunInfo info{"s", 3, 20362, 20363, Dialect::kTrino};
  for (int run = 0; run < 2; ++run) {
    auto sink = OpenSink("sqlite:" + path);
    ASSERT_TRUE(sink.ok());
    ASSERT_TRUE((*sink)->Begin(info).ok());
    std::vector<SummaryRow> rows = {PodRow(20362, "a"), PodRow(20363, "b")};
    ASSERT_TRUE((*sink)->Write(rows).ok());
    ASSERT_TRUE((*sink)->Commit().ok());
    if (run == 0) {
      Exec(path,
           "INSERT INTO reporting_ocpusagelineitem_daily_summary (uuid, usage_start, usage_end, "
           "report_period_id, infrastructure_raw_cost, namespace) VALUES "
           "('u-cloud', '2025-10-01', '2025-10-01', 3, '5.000000000000000', 'cloud'),"
           "('u-other', '2025-10-01', '2025-10-01', 4, NULL, 'other-period'),"
           "('u-zero', '2025-10-01', '2025-10-01', 3, '0.000000000000000', 'zero-cost')");
    }
  }
  EXPECT_EQ(Count(path, "namespace IN ('a', 'b')"), 2);
  EXPECT_EQ(Count(path, "namespace = 'cloud'"), 1);
  EXPECT_EQ(Count(path, "namespace = 'other-period'"), 1);
  EXPECT_EQ(Count(path, "namespace = 'zero-cost'"), 0);
  EXPECT_EQ(Count(path, "pod_usage_cpu_core_hours = '172.800000000000000'"), 2);
  {
    auto sink = OpenSink("sqlite:" + path);
    ASSERT_TRUE((*sink)->Begin(info).ok());
    std::vector<SummaryRow> rows = {PodRow(20362, "c")};
    ASSERT_TRUE((*sink)->Write(rows).ok());
    // No Commit: the delete and the insert are rolled back.
  }
  EXPECT_EQ(Count(path, "namespace IN ('a', 'b')"), 2);
  EXPECT_EQ(Count(path, "namespace = 'c'"), 0);
}

TEST(OutputSpec, RefusesUnknownKinds) {
  EXPECT_FALSE(OpenSink("mysql:x").ok());
  EXPECT_FALSE(OpenSink("csv:").ok());
  EXPECT_TRUE(OpenSink("out.parquet").ok());
}

}  // namespace
}  // namespace ocpagg::output
