#include "gen/scale.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "gen/generate.h"
#include "gen/koku_layout.h"

namespace ocpagg::gen {
namespace {

ScaleOptions SmallOptions() {
  ScaleOptions o;
  o.seed = 3;
  o.clusters = 2;
  o.nodes = 10;
  o.pods = 12;
  o.namespaces = 6;
  o.days = 3;
  return o;
}

const Column& Col(const Frame& f, const char* name) {
  return f.columns[static_cast<size_t>(f.Find(name))];
}

TEST(ScaleTest, RealismProperties) {
  StringPool pool;
  const ScalePlan plan = MakeScalePlan(SmallOptions(), &pool);
  ASSERT_EQ(plan.clusters.size(), 2u);
  EXPECT_TRUE(plan.clusters[0].with_node_role);
  EXPECT_FALSE(plan.clusters[1].with_node_role);
  int partial_hours = 0, empty_node_rows = 0, above_request = 0, below_request = 0;
  int shared_pvs = 0, pvc_without_pod_rows = 0, claimless = 0;
  std::set<std::string> roles;
  std::map<std::string, std::set<uint32_t>> node_labels_per_day, ns_labels_per_day;
  size_t min_keys = 100, max_keys = 0;
  for (size_t c = 0; c < plan.clusters.size(); ++c) {
    std::set<uint32_t> pods_with_rows;
    for (int d = 0; d < plan.options.days; ++d) {
      DayFrames f = GenerateScaleDay(plan, c, d, &pool);
      const Frame& p = f.pod_usage;
      EXPECT_EQ(static_cast<int64_t>(p.rows), plan.pod_rows[c][static_cast<size_t>(d)]);
      const Column& usage = Col(p, "pod_usage_cpu_core_seconds");
      const Column& request = Col(p, "pod_request_cpu_core_seconds");
      const Column& limit = Col(p, "pod_limit_cpu_core_seconds");
      for (size_t r = 0; r < p.rows; ++r) {
        if (request.f64[r] > 0 && limit.f64[r] > 0 && usage.f64[r] > request.f64[r])
          ++above_request;
        if (usage.f64[r] < request.f64[r]) ++below_request;
        if (pool.Get(Col(p, "node").ids[r]).empty()) ++empty_node_rows;
        pods_with_rows.insert(Col(p, "pod").ids[r]);
        const size_t keys = LabelKeys(pool.Get(Col(p, "pod_labels").ids[r])).size();
        min_keys = std::min(min_keys, keys);
        max_keys = std::max(max_keys, keys);
        if (plan.clusters[c].with_node_role)
          roles.insert(std::string(pool.Get(Col(p, "node_role").ids[r])));
      }
      for (size_t r = 0; r < f.node_labels.rows; ++r) {
        const std::string key = std::to_string(c) + "/" + std::to_string(d) + "/" +
                                std::string(pool.Get(Col(f.node_labels, "node").ids[r]));
        node_labels_per_day[key].insert(Col(f.node_labels, "node_labels").ids[r]);
      }
      for (size_t r = 0; r < f.namespace_labels.rows; ++r) {
        const std::string key = std::to_string(c) + "/" + std::to_string(d) + "/" +
                                std::string(pool.Get(Col(f.namespace_labels, "namespace").ids[r]));
        ns_labels_per_day[key].insert(Col(f.namespace_labels, "namespace_labels").ids[r]);
      }
    }
    for (const ScalePod& pod : plan.clusters[c].pods) {
      const int64_t start = plan.options.start_day * 86400;
      if (pod.start > start && pod.start % 3600 != 0) ++partial_hours;
    }
    for (const ScaleVolume& v : plan.clusters[c].volumes) {
      if (v.claimless) ++claimless;
      if (v.claims.size() == 2) {
        const auto& pods = plan.clusters[c].pods;
        EXPECT_NE(pods[static_cast<size_t>(v.claims[0].pod_index)].node,
                  pods[static_cast<size_t>(v.claims[1].pod_index)].node);
        ++shared_pvs;
      }
      for (const ScaleClaim& claim : v.claims) {
        if (!pods_with_rows.count(claim.pod)) ++pvc_without_pod_rows;
      }
    }
  }
  EXPECT_GT(partial_hours, 10);  // pods that start mid-hour
  EXPECT_GT(empty_node_rows, 0);
  EXPECT_GT(above_request, 0);
  EXPECT_GT(below_request, 0);
  EXPECT_GE(shared_pvs, 2);
  EXPECT_GE(pvc_without_pod_rows, 2);
  EXPECT_EQ(claimless, 2);
  EXPECT_EQ(min_keys, 3u);
  EXPECT_EQ(max_keys, 10u);
  EXPECT_TRUE(roles.count("master") && roles.count("infra") && roles.count("worker"));
  int node_changes = 0, ns_changes = 0;
  for (const auto& [k, v] : node_labels_per_day) node_changes += v.size() > 1;
  for (const auto& [k, v] : ns_labels_per_day) ns_changes += v.size() > 1;
  EXPECT_GE(node_changes, 2);  // labels that change mid-day
  EXPECT_GE(ns_changes, 2);
  EXPECT_LT(node_changes, 10);  // on a few nodes only
}

TEST(ScaleTest, RowsCapIsExact) {
  StringPool pool;
  ScaleOptions o = SmallOptions();
  o.rows = 5000;
  const ScalePlan plan = MakeScalePlan(o, &pool);
  int64_t rows = 0;
  for (size_t c = 0; c < plan.clusters.size(); ++c) {
    for (int d = 0; d < o.days; ++d)
      rows += static_cast<int64_t>(GenerateScaleDay(plan, c, d, &pool).pod_usage.rows);
  }
  EXPECT_EQ(rows, 5000);
}

TEST(ScaleTest, DeterministicAcrossThreadCountsAndSeveralFilesPerDay) {
  namespace fs = std::filesystem;
  std::map<std::string, std::string> trees[2];
  GenerateSummary summaries[2];
  for (int i = 0; i < 2; ++i) {
    const fs::path dir = fs::temp_directory_path() / ("ocpagg_scale_test_" + std::to_string(i));
    fs::remove_all(dir);
    GenerateOptions options;
    options.out_dir = dir.string();
    options.threads = i == 0 ? 1 : 3;
    options.file_rows = 1000;
    ScaleOptions o = SmallOptions();
    o.clusters = 1;
    auto s = GenerateScale(o, options);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    summaries[i] = *s;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (!e.is_regular_file()) continue;
      trees[i][fs::relative(e.path(), dir).string()] = std::to_string(fs::file_size(e.path()));
    }
  }
  EXPECT_EQ(trees[0], trees[1]);
  EXPECT_EQ(summaries[0].rows, summaries[1].rows);
  EXPECT_EQ(summaries[0].daily_rows, summaries[1].daily_rows);
  EXPECT_EQ(summaries[0].sums, summaries[1].sums);
  // Several hourly pod files per day, hence more daily rows than pods per day.
  int day1_pod_files = 0;
  for (const auto& [path, size] : trees[0]) {
    if (path.find("/pod_usage.2025-10-01.") != std::string::npos &&
        path.find("daily") == std::string::npos) {
      ++day1_pod_files;
    }
  }
  EXPECT_GE(day1_pod_files, 2);
  EXPECT_NEAR(summaries[0].daily_sums.at("pod_usage.pod_effective_usage_cpu_core_seconds"),
              summaries[0].sums.at("pod_usage.pod_effective_usage_cpu_core_seconds"),
              1e-6 * summaries[0].sums.at("pod_usage.pod_effective_usage_cpu_core_seconds"));
  EXPECT_NEAR(
      summaries[0].daily_sums.at("storage_usage.persistentvolumeclaim_usage_byte_seconds"),
      summaries[0].sums.at("storage_usage.persistentvolumeclaim_usage_byte_seconds"),
      1e-6 * summaries[0].sums.at("storage_usage.persistentvolumeclaim_usage_byte_seconds"));
}

}  // namespace
}  // namespace ocpagg::gen
