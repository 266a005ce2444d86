#include "gen/koku_layout.h"

#include <gtest/gtest.h>

#include <cmath>

#include "common/date.h"

namespace ocpagg::gen {
namespace {

TEST(KokuLayoutTest, LabelJsonFollowsKokuAndPythonJsonDumps) {
  EXPECT_EQ(LabelsToJson(""), "{}");
  EXPECT_EQ(LabelsToJson("label_app:koku|label_env:prod"), R"({"app": "koku", "env": "prod"})");
  // Parts without ':' are skipped, parts with two ':' are dropped (ValueError in split).
  EXPECT_EQ(LabelsToJson("junk|a:b:c|d:e"), R"({"d": "e"})");
  // Every "label_" is removed from the key, not only the prefix.
  EXPECT_EQ(LabelsToJson("label_label_a:1|my_label_x:2"), R"({"a": "1", "my_x": "2"})");
  // A later duplicate overwrites in place (dict insertion order).
  EXPECT_EQ(LabelsToJson("a:1|b:2|a:3"), R"({"a": "3", "b": "2"})");
  // Unprefixed keys (the POC form) stay as they are; empty values and keys are kept.
  EXPECT_EQ(LabelsToJson("app:frontend|tier:|:x"), R"({"app": "frontend", "tier": "", "": "x"})");
  // ensure_ascii: non-ASCII as \uXXXX (surrogate pairs above the BMP), quotes and backslashes.
  EXPECT_EQ(LabelsToJson("owner:zo\xc3\xab"), R"({"owner": "zo\u00eb"})");
  EXPECT_EQ(LabelsToJson("e:\xf0\x9f\x98\x80"), R"({"e": "\ud83d\ude00"})");
  EXPECT_EQ(LabelsToJson("q:a\"b\\c\td\x7f"), R"({"q": "a\"b\\c\td\u007f"})");
  EXPECT_EQ(LabelsToJson("app:my-app-v1.2.3|team:devops+sre"),
            R"({"app": "my-app-v1.2.3", "team": "devops+sre"})");
  EXPECT_EQ(LabelKeys("label_a:1|b:2|a:3"), (std::vector<std::string>{"a", "b"}));
}

TEST(KokuLayoutTest, IngestSanitizing) {
  EXPECT_TRUE(IsPandasNaToken(""));
  EXPECT_TRUE(IsPandasNaToken("None"));
  EXPECT_TRUE(IsPandasNaToken("nan"));
  EXPECT_FALSE(IsPandasNaToken("none"));
  EXPECT_EQ(HtmlEscape(std::string("a<b>&\"'\0z", 9)), "a&lt;b&gt;&amp;&quot;&#x27;z");
  StringPool pool;
  const uint32_t na = pool.Intern("None");
  const uint32_t name = pool.Intern("x&y");
  const KokuStrings s = KokuStrings::Build(&pool);
  EXPECT_EQ(pool.Get(s.Label(na)), "{}");
  EXPECT_EQ(pool.Get(s.Name(na)), "");
  EXPECT_EQ(pool.Get(s.Name(name)), "x&amp;y");
  EXPECT_EQ(pool.Get(s.Plain(name)), "x&y");
}

const int64_t kDay0 = DaysFromCivil({2025, 10, 31});

// A raw pod frame with `rows` rows: pod p<i % pods>, hour i / pods from 2025-10-31 00:00.
Frame PodFrame(StringPool* pool, int rows, int pods, bool node_role = false) {
  Frame f = MakeRawFrame(ReportType::kPodUsage, pool, node_role);
  for (int i = 0; i < rows; ++i) {
    const int64_t hour = kDay0 * 86400 + int64_t{i / pods} * 3600;
    const int64_t month = int64_t{DaysFromCivil({2025, 10, 1})} * 86400;
    f.columns[0].i64.push_back(month * 1000);
    f.columns[1].i64.push_back(month * 1000 + 31LL * 86400000);
    f.columns[2].i64.push_back(hour * 1000);
    f.columns[3].i64.push_back((hour + 3599) * 1000);
    f.columns[4].ids.push_back(pool->Intern("p" + std::to_string(i % pods)));
    f.columns[5].ids.push_back(pool->Intern(i % pods == 0 ? "zeta" : "alpha"));
    f.columns[6].ids.push_back(pool->Intern("node"));
    f.columns[7].ids.push_back(pool->Intern(i % 2 ? "i-b" : "i-a"));
    for (int c = 8; c < 18; ++c) {
      f.columns[static_cast<size_t>(c)].f64.push_back(c == 8 ? (i % 3) * 0.1 + 0.05 : 0.1 * c);
    }
    f.columns[18].ids.push_back(pool->Intern("label_app:x"));
    if (node_role) f.columns[19].ids.push_back(pool->Intern("worker"));
    ++f.rows;
  }
  return f;
}

double SumOf(const Frame& f, const char* col) {
  double s = 0;
  for (double v : f.columns[static_cast<size_t>(f.Find(col))].f64) s += v;
  return s;
}

std::vector<std::string> Names(const Frame& f) {
  std::vector<std::string> out;
  for (const Column& c : f.columns) out.push_back(c.name);
  return out;
}

TEST(KokuLayoutTest, ConvertAddsEffectiveUsageAndZeroesEmptyCells) {
  StringPool pool;
  Frame raw = PodFrame(&pool, 4, 2);
  raw.columns[9].f64[1] = std::nan("");  // an empty request cell
  raw.columns[8].f64[3] = 2e18;          // above Koku's threshold: the row is dropped
  const KokuStrings strings = KokuStrings::Build(&pool);
  const Frame hourly = ConvertChunk(raw, strings);
  ASSERT_EQ(hourly.rows, 3u);
  const auto names = Names(hourly);
  ASSERT_EQ(names.size(), 21u);
  EXPECT_EQ(names[19], "pod_effective_usage_cpu_core_seconds");
  EXPECT_EQ(names[20], "pod_effective_usage_memory_byte_seconds");
  const Column& req = hourly.columns[9];
  const Column& eff = hourly.columns[19];
  EXPECT_EQ(req.f64[1], 0.0);
  EXPECT_EQ(eff.f64[0], std::max(hourly.columns[8].f64[0], req.f64[0]));
  EXPECT_EQ(eff.f64[1], hourly.columns[8].f64[1]);  // max(usage, 0.0)
  EXPECT_EQ(pool.Get(hourly.columns[18].ids[0]), R"({"app": "x"})");
}

TEST(KokuLayoutTest, DailyRollupGroupsSortsAndSums) {
  StringPool pool;
  const Frame raw = PodFrame(&pool, 48 * 3, 3);  // 3 pods, 48 hours = 2 days
  const KokuStrings strings = KokuStrings::Build(&pool);
  const Frame hourly = ConvertChunk(raw, strings);
  const Frame daily = RollupDaily(hourly);
  ASSERT_EQ(daily.rows, 6u);  // 3 pods x 2 days
  const std::vector<std::string> expected = {"namespace",
                                             "node",
                                             "pod",
                                             "pod_labels",
                                             "interval_start",
                                             "report_period_start",
                                             "report_period_end",
                                             "resource_id",
                                             "pod_usage_cpu_core_seconds",
                                             "pod_request_cpu_core_seconds",
                                             "pod_effective_usage_cpu_core_seconds",
                                             "pod_limit_cpu_core_seconds",
                                             "pod_usage_memory_byte_seconds",
                                             "pod_request_memory_byte_seconds",
                                             "pod_effective_usage_memory_byte_seconds",
                                             "pod_limit_memory_byte_seconds",
                                             "node_capacity_cpu_cores",
                                             "node_capacity_cpu_core_seconds",
                                             "node_capacity_memory_bytes",
                                             "node_capacity_memory_byte_seconds",
                                             "node_role"};
  EXPECT_EQ(Names(daily), expected);
  EXPECT_TRUE(daily.columns.back().all_null);  // node_role absent from the CSV
  // Sorted by namespace, node, pod, labels, day: alpha/p1 d0, alpha/p1 d1, alpha/p2 .., zeta/p0.
  const auto str = [&](const char* col, size_t r) {
    return std::string(pool.Get(daily.columns[static_cast<size_t>(daily.Find(col))].ids[r]));
  };
  EXPECT_EQ(str("namespace", 0), "alpha");
  EXPECT_EQ(str("pod", 0), "p1");
  EXPECT_EQ(str("pod", 2), "p2");
  EXPECT_EQ(str("namespace", 4), "zeta");
  const Column& day = daily.columns[4];
  EXPECT_EQ(day.i64[0], kDay0 * 86400000);
  EXPECT_EQ(day.i64[1], (kDay0 + 1) * 86400000);
  EXPECT_EQ(str("resource_id", 0), "i-b");  // max
  // Sums equal the hourly sums, column by column.
  for (const char* col : {"pod_usage_cpu_core_seconds", "pod_effective_usage_cpu_core_seconds",
                          "pod_limit_memory_byte_seconds", "node_capacity_cpu_core_seconds"}) {
    EXPECT_NEAR(SumOf(daily, col), SumOf(hourly, col), 1e-9) << col;
  }
  EXPECT_EQ(daily.columns[static_cast<size_t>(daily.Find("node_capacity_cpu_cores"))].f64[0],
            0.1 * 14);  // max, not sum
  EXPECT_EQ(daily.Find("interval_end"), -1);
}

TEST(KokuLayoutTest, NodeRoleColumnIsAggregatedWhenPresent) {
  StringPool pool;
  const Frame raw = PodFrame(&pool, 6, 2, /*node_role=*/true);
  const KokuStrings strings = KokuStrings::Build(&pool);
  const Frame daily = RollupDaily(ConvertChunk(raw, strings));
  const Column& role = daily.columns.back();
  EXPECT_EQ(role.name, "node_role");
  ASSERT_FALSE(role.all_null);
  EXPECT_EQ(pool.Get(role.ids[0]), "worker");
}

TEST(KokuLayoutTest, UploadSplitsFilesDaysAndChunks) {
  StringPool pool;
  const Frame raw = PodFrame(&pool, 48 * 3, 3);  // 144 rows over 2 days
  const KokuStrings strings = KokuStrings::Build(&pool);
  LayoutOptions options;
  options.source = "uuid";
  options.file_rows = 100;  // file 1: rows 0-99 (day 0 + part of day 1), file 2: rows 100-143
  options.chunk_rows = 50;
  FileCounters counters;
  std::vector<std::string> paths;
  int64_t hourly_rows = 0, daily_rows = 0;
  double hourly_cpu = 0, daily_cpu = 0;
  const Status st = ProcessUpload(raw, strings, options, 7, &counters, [&](const OutputFile& f) {
    paths.push_back(f.path);
    (f.daily ? daily_rows : hourly_rows) += static_cast<int64_t>(f.frame->rows);
    (f.daily ? daily_cpu : hourly_cpu) += SumOf(*f.frame, "pod_usage_cpu_core_seconds");
    return Status::OK();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  const std::string h = "data/parquet/org1234567/OCP/pod_usage/source=uuid/year=2025/month=10/";
  const std::string hn = "data/parquet/org1234567/OCP/pod_usage/source=uuid/year=2025/month=11/";
  const std::string d =
      "data/parquet/daily/org1234567/OCP/pod_usage/source=uuid/year=2025/month=10/";
  const std::vector<std::string> expected = {
      h + "pod_usage.2025-10-31.7.0_0.parquet",
      d + "pod_usage.2025-10-31.7.0_daily_0.parquet",
      h + "pod_usage.2025-10-31.7.0_1.parquet",
      d + "pod_usage.2025-10-31.7.0_daily_1.parquet",
      hn + "pod_usage.2025-11-01.7.0_0.parquet",
      "data/parquet/daily/org1234567/OCP/pod_usage/source=uuid/year=2025/month=11/"
      "pod_usage.2025-11-01.7.0_daily_0.parquet",
      hn + "pod_usage.2025-11-01.7.1_0.parquet",
      "data/parquet/daily/org1234567/OCP/pod_usage/source=uuid/year=2025/month=11/"
      "pod_usage.2025-11-01.7.1_daily_0.parquet"};
  EXPECT_EQ(paths, expected);
  EXPECT_EQ(hourly_rows, 144);
  // Several daily rows per pod and day: day 0 spans 2 chunks, day 1 spans 2 files.
  EXPECT_EQ(daily_rows, 3 * 2 + 3 * 2);
  EXPECT_NEAR(daily_cpu, hourly_cpu, 1e-9);
}

}  // namespace
}  // namespace ocpagg::gen
