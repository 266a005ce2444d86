// The daily summary, rule by rule, on tiny hand-made Koku-layout inputs. Each test is named
// after the rule it covers (spec sections in the comments); expected values are worked out from
// Koku's SQL by hand.

#include "ocp/summary.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "testing/koku_fixture.h"

namespace ocpagg::ocp {
namespace {

using testing::KokuFixture;
using testing::LabelLine;
using testing::Millis;
using testing::PodLine;
using testing::StorageLine;
using testing::VectorSink;

constexpr double kGiB = 1073741824.0;
constexpr const char* kDay = "2025-10-01";

class SummaryRules : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    fixture_.root = ::testing::TempDir() + "/ocpagg_summary/" + info->name();
    std::filesystem::remove_all(fixture_.root);
    config_.source = fixture_.source;
    config_.cluster_id = "cluster-1";
    config_.cluster_alias = "Cluster One";
    config_.report_period_id = 3;
    config_.account = fixture_.account;
  }

  /// Hourly capacity rows of `node` for `hours` hours of `day` (one pod per hour).
  void AddCapacityHours(const std::string& node, const std::string& day, int hours,
                        double cpu_cores, double mem_gib) {
    for (int h = 0; h < hours; ++h) {
      PodLine line;
      line.interval_start = Millis(day, h);
      line.node = node;
      line.cap_cpu_seconds = cpu_cores * 3600;
      line.cap_mem_seconds = mem_gib * kGiB * 3600;
      fixture_.hourly_pod.push_back(line);
    }
  }

  PodLine DailyPod(const std::string& ns, const std::string& node, const std::string& pod,
                   double cpu_hours, const std::string& labels = "{}") {
    PodLine line;
    line.interval_start = Millis(kDay);
    line.ns = ns;
    line.node = node;
    line.pod = pod;
    line.labels = labels;
    line.usage_cpu = cpu_hours * 3600;
    line.request_cpu = cpu_hours * 3600;
    line.usage_mem = cpu_hours * 3600 * kGiB;
    line.request_mem = cpu_hours * 3600 * kGiB;
    return line;
  }

  Result<std::vector<SummaryRow>> RunSummaryRows(Dialect dialect = Dialect::kTrino,
                                                 const std::string& first = kDay,
                                                 const std::string& last = kDay) {
    OCPAGG_RETURN_IF_ERROR(fixture_.Write());
    SummaryOptions options;
    options.input_root = fixture_.root;
    options.config = config_;
    options.dialect = dialect;
    options.year = fixture_.year;
    options.month = static_cast<uint32_t>(fixture_.month);
    options.first_day = static_cast<int32_t>(Millis(first) / 86400000);
    options.last_day = static_cast<int32_t>(Millis(last) / 86400000);
    options.threads = 2;
    // The rows' text lives in the sink, so the sink lives as long as the test.
    sinks_.push_back(std::make_unique<VectorSink>());
    VectorSink& sink = *sinks_.back();
    report_ = SummaryReport();
    OCPAGG_RETURN_IF_ERROR(RunSummary(options, &sink, &report_));
    EXPECT_TRUE(sink.committed_);
    return sink.rows_;
  }

  /// The rows of a run; they stay valid for the whole test (Select returns pointers to them).
  const std::vector<SummaryRow>& Rows(Dialect dialect = Dialect::kTrino) {
    auto rows = RunSummaryRows(dialect);
    EXPECT_TRUE(rows.ok()) << rows.status().ToString();
    kept_.push_back(rows.ok() ? *rows : std::vector<SummaryRow>{});
    return kept_.back();
  }

  static std::vector<const SummaryRow*> Select(const std::vector<SummaryRow>& rows,
                                               const std::string& data_source,
                                               const std::optional<std::string>& node = {},
                                               bool unallocated = false) {
    std::vector<const SummaryRow*> out;
    for (const SummaryRow& r : rows) {
      const bool is_unallocated = !r.infrastructure_usage_cost.has_value();
      if (r.data_source != data_source || is_unallocated != unallocated) continue;
      if (node && r.node != node) continue;
      out.push_back(&r);
    }
    return out;
  }

  static double Value(const SummaryRow* row, Metric m) {
    EXPECT_TRUE(row->metric(m).has_value()) << static_cast<int>(m);
    return row->metric(m).value_or(NAN);
  }

  KokuFixture fixture_;
  SummaryConfig config_;
  SummaryReport report_;
  std::deque<std::vector<SummaryRow>> kept_;
  std::vector<std::unique_ptr<VectorSink>> sinks_;
};

// spec §2.2 H, TSQL:294-297: sum(coalesce(eff, greatest(usage, request))) / 3600.
TEST_F(SummaryRules, EffectiveUsageIsTheLineEffectiveOrGreatestOfUsageAndRequest) {
  AddCapacityHours("node-1", kDay, 1, 8, 8);
  PodLine a = DailyPod("ns", "node-1", "a", 0);
  a.usage_cpu = 2 * 3600.0;
  a.request_cpu = 3 * 3600.0;  // effective NULL -> greatest = 3
  a.usage_mem = 4 * 3600 * kGiB;
  a.request_mem = 1 * 3600 * kGiB;  // -> 4
  PodLine b = DailyPod("ns", "node-1", "b", 2);
  b.effective_cpu = 10 * 3600.0;  // the post-processor's value wins
  b.effective_mem = 1 * 3600 * kGiB;
  fixture_.daily_pod = {a, b};
  auto rows = Rows();
  auto pods = Select(rows, "Pod");
  ASSERT_EQ(pods.size(), 1u);
  EXPECT_DOUBLE_EQ(Value(pods[0], Metric::kPodUsageCpuCoreHours), 4);
  EXPECT_DOUBLE_EQ(Value(pods[0], Metric::kPodEffectiveUsageCpuCoreHours), 13);
  EXPECT_DOUBLE_EQ(Value(pods[0], Metric::kPodEffectiveUsageMemoryGigabyteHours), 5);
}

// spec §2.5 #6: greatest(a, NULL) is NULL in Trino and ignores the NULL in PostgreSQL.
TEST_F(SummaryRules, GreatestWithNullDiffersByDialect) {
  PodLine a = DailyPod("ns", "node-1", "a", 0);
  a.usage_cpu = std::nullopt;
  a.request_cpu = 3600;
  fixture_.daily_pod = {a};
  auto trino = Select(Rows(Dialect::kTrino), "Pod");
  ASSERT_EQ(trino.size(), 1u);
  EXPECT_FALSE(trino[0]->metric(Metric::kPodEffectiveUsageCpuCoreHours).has_value());
  EXPECT_FALSE(trino[0]->metric(Metric::kPodUsageCpuCoreHours).has_value());
  auto pg = Select(Rows(Dialect::kPostgres), "Pod");
  ASSERT_EQ(pg.size(), 1u);
  EXPECT_DOUBLE_EQ(Value(pg[0], Metric::kPodEffectiveUsageCpuCoreHours), 1);
}

// spec §2.2 D, §6.2: node capacity is the per-hour max of the HOURLY rows, summed over hours;
// the daily file's capacity seconds are not used.
TEST_F(SummaryRules, CapacityFromHourlyRows) {
  for (int h = 0; h < 2; ++h) {
    for (const char* pod : {"a", "b"}) {
      PodLine line;
      line.interval_start = Millis(kDay, h);
      line.node = "node-1";
      line.pod = pod;
      line.cap_cpu_seconds = 4 * 3600.0;  // two pods in the same hour: max, not sum
      line.cap_mem_seconds = 16 * 3600 * kGiB;
      fixture_.hourly_pod.push_back(line);
    }
  }
  AddCapacityHours("node-2", kDay, 1, 8, 32);
  PodLine daily = DailyPod("ns", "node-1", "a", 1);
  daily.cap_cpu_seconds = 999999;  // a daily sum, must be ignored
  daily.cap_cores = 4;
  daily.cap_mem_bytes = 16 * kGiB;
  fixture_.daily_pod = {daily};
  auto pods = Select(Rows(), "Pod");
  ASSERT_EQ(pods.size(), 1u);
  EXPECT_DOUBLE_EQ(Value(pods[0], Metric::kNodeCapacityCpuCoreHours), 8);          // 2 h x 4
  EXPECT_DOUBLE_EQ(Value(pods[0], Metric::kNodeCapacityMemoryGigabyteHours), 32);  // 2 h x 16
  EXPECT_DOUBLE_EQ(Value(pods[0], Metric::kNodeCapacityCpuCores), 4);
  EXPECT_DOUBLE_EQ(Value(pods[0], Metric::kNodeCapacityMemoryGigabytes), 16);
  // CC = sum over nodes of NC: 8 + 8.
  EXPECT_DOUBLE_EQ(Value(pods[0], Metric::kClusterCapacityCpuCoreHours), 16);
  EXPECT_DOUBLE_EQ(Value(pods[0], Metric::kClusterCapacityMemoryGigabyteHours), 64);
}

// spec §2.2 E, §6.10: cluster capacity includes hourly rows whose node is '', which make no Pod
// row of their own.
TEST_F(SummaryRules, ClusterCapacityIncludesEmptyNodeRows) {
  AddCapacityHours("node-1", kDay, 1, 4, 4);
  AddCapacityHours("", kDay, 1, 2, 2);
  fixture_.daily_pod = {DailyPod("ns", "node-1", "a", 1), DailyPod("ns", "", "b", 5)};
  auto pods = Select(Rows(), "Pod");
  ASSERT_EQ(pods.size(), 1u) << "the '' node makes no Pod row";
  EXPECT_DOUBLE_EQ(Value(pods[0], Metric::kClusterCapacityCpuCoreHours), 6);
}

// spec §2.2 H, §6.5: labels are filtered by the enabled keys before grouping; pods whose
// enabled labels are equal share one row.
TEST_F(SummaryRules, GroupingByFilteredLabels) {
  config_.enabled_tag_keys = {"app"};
  fixture_.daily_pod = {DailyPod("ns", "node-1", "a", 1, R"({"app": "web", "team": "x"})"),
                        DailyPod("ns", "node-1", "b", 2, R"({"app": "web", "team": "y"})"),
                        DailyPod("ns", "node-1", "c", 4, R"({"app": "db"})")};
  auto pods = Select(Rows(), "Pod");
  ASSERT_EQ(pods.size(), 2u);
  std::map<std::string, double> usage;
  for (auto* p : pods) usage[std::string(*p->pod_labels)] = Value(p, Metric::kPodUsageCpuCoreHours);
  EXPECT_DOUBLE_EQ(usage[R"({"app": "web"})"], 3);
  EXPECT_DOUBLE_EQ(usage[R"({"app": "db"})"], 4);
}

// spec §2.7: pod labels > namespace labels > node labels, all filtered, all_labels = pod labels.
TEST_F(SummaryRules, LabelMergePrecedence) {
  config_.enabled_tag_keys = {"app", "env", "owner"};
  fixture_.node_labels = {{Millis(kDay), "node-1", R"({"app": "node", "env": "n"})"}};
  fixture_.namespace_labels = {{Millis(kDay), "ns", R"({"app": "ns", "owner": "o"})"}};
  fixture_.daily_pod = {DailyPod("ns", "node-1", "a", 1, R"({"app": "pod"})")};
  auto pods = Select(Rows(), "Pod");
  ASSERT_EQ(pods.size(), 1u);
  EXPECT_EQ(pods[0]->pod_labels.value_or(""), R"({"app": "pod", "env": "n", "owner": "o"})");
  EXPECT_EQ(pods[0]->all_labels.value_or(""), *pods[0]->pod_labels);
}

// spec §6.4: a node whose filtered labels change within the day has two NL rows; each line
// item lands, in full, in both label groups, and the run reports it.
TEST_F(SummaryRules, FanOutWhenNodeLabelsChangeWithinADay) {
  config_.enabled_tag_keys = {"env"};
  fixture_.node_labels = {{Millis(kDay), "node-1", R"({"env": "a"})"},
                          {Millis(kDay), "node-1", R"({"env": "b"})"},
                          {Millis(kDay), "node-1", R"({"env": "a", "zone": "ignored"})"}};
  fixture_.daily_pod = {DailyPod("ns", "node-1", "a", 1)};
  auto pods = Select(Rows(), "Pod");
  ASSERT_EQ(pods.size(), 2u);
  for (auto* p : pods) EXPECT_DOUBLE_EQ(Value(p, Metric::kPodUsageCpuCoreHours), 1);
  EXPECT_EQ(report_.fanned_out_line_items, 1u);
}

// spec §2.8, §6.4: a namespace matching two LIKE patterns is summed twice, with the max id.
TEST_F(SummaryRules, CostCategoryWithTwoMatchingPatterns) {
  config_.cost_categories = {{1, "openshift-%"}, {5, "openshift-mon%"}, {9, "kube-%"}};
  fixture_.daily_pod = {DailyPod("openshift-monitoring", "node-1", "a", 1),
                        DailyPod("app", "node-1", "b", 1)};
  auto pods = Select(Rows(), "Pod");
  ASSERT_EQ(pods.size(), 2u);
  for (auto* p : pods) {
    if (p->namespace_ == "openshift-monitoring") {
      EXPECT_EQ(p->cost_category_id.value_or(-1), 5);
      EXPECT_DOUBLE_EQ(Value(p, Metric::kPodUsageCpuCoreHours), 2);
    } else {
      EXPECT_FALSE(p->cost_category_id.has_value());
      EXPECT_DOUBLE_EQ(Value(p, Metric::kPodUsageCpuCoreHours), 1);
    }
  }
  EXPECT_EQ(report_.fanned_out_line_items, 1u);
}

// spec §2.2 F, G, I; §6.7: a PV mounted by pods on two nodes gives one Storage row per node;
// capacity is not divided, request and usage are divided by the node count.
TEST_F(SummaryRules, SharedPvDivision) {
  PodLine on1 = DailyPod("ns", "node-1", "p", 1);
  on1.resource_id = "i-1";
  PodLine on2 = DailyPod("ns", "node-2", "p", 1);
  on2.resource_id = "i-2";
  fixture_.daily_pod = {on1, on2};
  StorageLine s;
  s.interval_start = Millis(kDay);
  s.pod = "p";
  s.cap_bytes = 100 * kGiB;
  s.cap_byte_seconds = 86400 * kGiB;
  s.request_byte_seconds = 86400 * kGiB;
  s.usage_byte_seconds = 86400 * kGiB / 2;
  fixture_.daily_storage = {s};
  auto storage = Select(Rows(), "Storage");
  ASSERT_EQ(storage.size(), 2u);
  for (auto* r : storage) {
    EXPECT_TRUE(r->node == "node-1" || r->node == "node-2");
    EXPECT_EQ(r->resource_id, r->node == "node-1" ? "i-1" : "i-2");
    EXPECT_DOUBLE_EQ(Value(r, Metric::kPersistentvolumeclaimCapacityGigabyte), 100);
    EXPECT_DOUBLE_EQ(Value(r, Metric::kPersistentvolumeclaimCapacityGigabyteMonths), 1.0 / 31);
    EXPECT_DOUBLE_EQ(Value(r, Metric::kVolumeRequestStorageGigabyteMonths), 0.5 / 31);
    EXPECT_DOUBLE_EQ(Value(r, Metric::kPersistentvolumeclaimUsageGigabyteMonths), 0.25 / 31);
    EXPECT_FALSE(r->pod_labels.has_value());
    EXPECT_EQ(r->volume_labels.value_or(""), "{}");
  }
  EXPECT_EQ(report_.fanned_out_line_items, 1u);
}

// spec §2.2 I, §2.5 #5, §6.7: a PVC whose pod has no pod row that day: node and resource_id
// NULL; request/usage NULL in Trino, undivided in the PostgreSQL port.
TEST_F(SummaryRules, StorageWithoutPodMatch) {
  fixture_.daily_pod = {DailyPod("ns", "node-1", "other", 1)};
  StorageLine s;
  s.interval_start = Millis(kDay);
  s.pod = "ghost";
  s.cap_bytes = 10 * kGiB;
  s.cap_byte_seconds = 86400 * kGiB;
  s.request_byte_seconds = 86400 * kGiB;
  s.usage_byte_seconds = 86400 * kGiB;
  fixture_.daily_storage = {s};
  auto trino = Select(Rows(Dialect::kTrino), "Storage");
  ASSERT_EQ(trino.size(), 1u);
  EXPECT_FALSE(trino[0]->node.has_value());
  EXPECT_FALSE(trino[0]->resource_id.has_value());
  EXPECT_DOUBLE_EQ(Value(trino[0], Metric::kPersistentvolumeclaimCapacityGigabyteMonths), 1.0 / 31);
  EXPECT_FALSE(trino[0]->metric(Metric::kVolumeRequestStorageGigabyteMonths).has_value());
  EXPECT_FALSE(trino[0]->metric(Metric::kPersistentvolumeclaimUsageGigabyteMonths).has_value());
  auto pg = Select(Rows(Dialect::kPostgres), "Storage");
  ASSERT_EQ(pg.size(), 1u);
  EXPECT_DOUBLE_EQ(Value(pg[0], Metric::kVolumeRequestStorageGigabyteMonths), 1.0 / 31);
  EXPECT_DOUBLE_EQ(Value(pg[0], Metric::kPersistentvolumeclaimUsageGigabyteMonths), 1.0 / 31);
}

// spec §2.3, §6.8: unallocated = node capacity - sum of the node's Pod rows, negative allowed;
// namespace from the node's role; NULL namespace without a role; no labels, all_labels {}.
TEST_F(SummaryRules, UnallocatedIncludingNegativeValuesAndNullNamespace) {
  config_.cost_categories = DefaultCostCategories();
  AddCapacityHours("node-1", kDay, 4, 1, 2);  // 4 core-h, 8 GB-h
  AddCapacityHours("node-2", kDay, 1, 1, 1);
  fixture_.node_labels = {{Millis(kDay), "node-1", "{}"}};  // node-2 has no label row: no role
  PodLine p1 = DailyPod("app", "node-1", "a", 10);
  p1.request_cpu = 3 * 3600.0;
  p1.limit_cpu = 3600;
  fixture_.daily_pod = {p1, DailyPod("app", "node-2", "b", 0.5)};
  auto rows = Rows();
  auto u1 = Select(rows, "Pod", "node-1", /*unallocated=*/true);
  ASSERT_EQ(u1.size(), 1u);
  EXPECT_EQ(u1[0]->namespace_.value_or(""), "Worker unallocated");
  EXPECT_DOUBLE_EQ(Value(u1[0], Metric::kPodUsageCpuCoreHours), 4 - 10);
  EXPECT_DOUBLE_EQ(Value(u1[0], Metric::kPodRequestCpuCoreHours), 4 - 3);
  EXPECT_DOUBLE_EQ(Value(u1[0], Metric::kPodEffectiveUsageCpuCoreHours), 4 - 10);
  EXPECT_DOUBLE_EQ(Value(u1[0], Metric::kPodUsageMemoryGigabyteHours), 8 - 10);
  EXPECT_DOUBLE_EQ(Value(u1[0], Metric::kNodeCapacityCpuCoreHours), 4);
  EXPECT_FALSE(u1[0]->metric(Metric::kPodLimitCpuCoreHours).has_value());
  EXPECT_FALSE(u1[0]->pod_labels.has_value());
  EXPECT_FALSE(u1[0]->volume_labels.has_value());
  EXPECT_EQ(u1[0]->all_labels.value_or(""), "{}");
  EXPECT_FALSE(u1[0]->cost_category_id.has_value());
  EXPECT_EQ(u1[0]->resource_id.value_or(""), "i-1");
  auto u2 = Select(rows, "Pod", "node-2", /*unallocated=*/true);
  ASSERT_EQ(u2.size(), 1u);
  EXPECT_FALSE(u2[0]->namespace_.has_value());
  EXPECT_DOUBLE_EQ(Value(u2[0], Metric::kPodUsageCpuCoreHours), 0.5);
}

// spec §2.1, §6.9: the role comes from node_role, else the namespace
// openshift-kube-apiserver (master), else the raw label text "node_role_kubernetes_io":
// "infra", else worker; master and infra make "Platform unallocated" (cost category 1 through
// Koku's default pattern). A role already known stays.
TEST_F(SummaryRules, RolesFromNodeRoleApiserverAndInfraLabelText) {
  config_.cost_categories = DefaultCostCategories();
  config_.node_roles = {{"node-known", "i-known", "infra"}};
  for (const char* node :
       {"node-master-col", "node-apiserver", "node-infra", "node-worker", "node-known"}) {
    AddCapacityHours(node, kDay, 1, 1, 1);
    fixture_.node_labels.push_back(
        {Millis(kDay), node,
         std::string(node) == "node-infra" ? R"({"node_role_kubernetes_io": "infra"})" : "{}"});
  }
  PodLine master = DailyPod("app", "node-master-col", "a", 0.1);
  master.node_role = "master";
  PodLine known = DailyPod("app", "node-known", "e", 0.1);
  known.resource_id = "i-known";
  fixture_.daily_pod = {master, DailyPod("openshift-kube-apiserver", "node-apiserver", "b", 0.1),
                        DailyPod("app", "node-infra", "c", 0.1),
                        DailyPod("app", "node-worker", "d", 0.1), known};
  auto rows = Rows();
  const std::map<std::string, std::string> expected = {{"node-master-col", "Platform unallocated"},
                                                       {"node-apiserver", "Platform unallocated"},
                                                       {"node-infra", "Platform unallocated"},
                                                       {"node-worker", "Worker unallocated"},
                                                       {"node-known", "Platform unallocated"}};
  for (const auto& [node, ns] : expected) {
    auto u = Select(rows, "Pod", node, /*unallocated=*/true);
    ASSERT_EQ(u.size(), 1u) << node;
    EXPECT_EQ(u[0]->namespace_.value_or("NULL"), ns) << node;
    if (ns == "Platform unallocated") {
      EXPECT_EQ(u[0]->cost_category_id.value_or(-1), 1) << node;
    }
  }
}

// spec §2.2 I: 86400 * D(d) with D the days of the usage month (28, 29, 30, 31).
TEST_F(SummaryRules, StorageMonthsUseTheDaysOfEachMonth) {
  const std::pair<int, int> months[] = {{2024, 2}, {2025, 2}, {2025, 11}, {2025, 10}};
  const int expected_days[] = {29, 28, 30, 31};
  for (size_t i = 0; i < 4; ++i) {
    fixture_ = KokuFixture{};
    SetUp();
    fixture_.year = months[i].first;
    fixture_.month = months[i].second;
    const std::string day = fmt::format("{:04}-{:02}-01", months[i].first, months[i].second);
    PodLine pod = DailyPod("ns", "node-1", "p", 1);
    pod.interval_start = Millis(day);
    fixture_.daily_pod = {pod};
    StorageLine s;
    s.interval_start = Millis(day);
    s.pod = "p";
    s.cap_byte_seconds = 86400 * kGiB;
    fixture_.daily_storage = {s};
    auto rows = RunSummaryRows(Dialect::kTrino, day, day);
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    auto storage = Select(*rows, "Storage");
    ASSERT_EQ(storage.size(), 1u);
    EXPECT_DOUBLE_EQ(Value(storage[0], Metric::kPersistentvolumeclaimCapacityGigabyteMonths),
                     1.0 / expected_days[i])
        << day;
  }
}

// spec §2.5 #2: with no enabled key, Trino's K is NULL (every label filter gives {}, even
// vm_kubevirt_io_name); the PostgreSQL port keeps vm_kubevirt_io_name.
TEST_F(SummaryRules, NoEnabledKeysDiffersByDialect) {
  fixture_.daily_pod = {
      DailyPod("ns", "node-1", "vm-a", 1, R"({"vm_kubevirt_io_name": "a", "app": "x"})"),
      DailyPod("ns", "node-1", "vm-b", 1, R"({"vm_kubevirt_io_name": "b"})")};
  auto trino = Select(Rows(Dialect::kTrino), "Pod");
  ASSERT_EQ(trino.size(), 1u);
  EXPECT_EQ(trino[0]->pod_labels.value_or(""), "{}");
  auto pg = Select(Rows(Dialect::kPostgres), "Pod");
  ASSERT_EQ(pg.size(), 2u);
  EXPECT_EQ(pg[0]->pod_labels.value_or(""), R"({"vm_kubevirt_io_name": "a"})");
  config_.enabled_tag_keys = {"app"};
  auto enabled = Select(Rows(Dialect::kTrino), "Pod");
  ASSERT_EQ(enabled.size(), 2u);
  EXPECT_EQ(enabled[0]->pod_labels.value_or(""), R"({"app": "x", "vm_kubevirt_io_name": "a"})");
}

// spec §2.5 #3: a NULL pod label text makes pod_labels NULL in Trino (map_concat with NULL);
// the PostgreSQL port reads it as {} and keeps the node and namespace labels.
TEST_F(SummaryRules, NullLabelTextDiffersByDialect) {
  config_.enabled_tag_keys = {"env"};
  fixture_.node_labels = {{Millis(kDay), "node-1", R"({"env": "n"})"}};
  PodLine p = DailyPod("ns", "node-1", "a", 1);
  p.labels = std::nullopt;
  fixture_.daily_pod = {p};
  auto trino = Select(Rows(Dialect::kTrino), "Pod");
  ASSERT_EQ(trino.size(), 1u);
  EXPECT_FALSE(trino[0]->pod_labels.has_value());
  EXPECT_EQ(trino[0]->all_labels.value_or(""), "{}");
  auto pg = Select(Rows(Dialect::kPostgres), "Pod");
  ASSERT_EQ(pg.size(), 1u);
  EXPECT_EQ(pg[0]->pod_labels.value_or(""), R"({"env": "n"})");
}

// spec §2.5 #4: no node-capacity row: capacity NULL and unallocated NULL in Trino; 0 and
// -sum(usage) in the PostgreSQL port.
TEST_F(SummaryRules, NoCapacityRowDiffersByDialect) {
  fixture_.node_labels = {{Millis(kDay), "node-1", "{}"}};
  fixture_.daily_pod = {DailyPod("ns", "node-1", "a", 2)};
  auto trino_rows = Rows(Dialect::kTrino);
  auto trino = Select(trino_rows, "Pod");
  ASSERT_EQ(trino.size(), 1u);
  EXPECT_FALSE(trino[0]->metric(Metric::kNodeCapacityCpuCoreHours).has_value());
  EXPECT_FALSE(trino[0]->metric(Metric::kClusterCapacityCpuCoreHours).has_value());
  auto trino_u = Select(trino_rows, "Pod", "node-1", true);
  ASSERT_EQ(trino_u.size(), 1u);
  EXPECT_FALSE(trino_u[0]->metric(Metric::kPodUsageCpuCoreHours).has_value());
  auto pg_rows = Rows(Dialect::kPostgres);
  auto pg = Select(pg_rows, "Pod");
  EXPECT_DOUBLE_EQ(Value(pg[0], Metric::kNodeCapacityCpuCoreHours), 0);
  EXPECT_DOUBLE_EQ(Value(pg[0], Metric::kClusterCapacityCpuCoreHours), 0);
  auto pg_u = Select(pg_rows, "Pod", "node-1", true);
  ASSERT_EQ(pg_u.size(), 1u);
  EXPECT_DOUBLE_EQ(Value(pg_u[0], Metric::kPodUsageCpuCoreHours), -2);
}

// spec §2.5 #7: PostgreSQL's LIKE treats backslash as the escape character; Trino's does not.
TEST_F(SummaryRules, LikeEscapeDiffersByDialect) {
  config_.cost_categories = {{7, R"(team\_a%)"}};
  fixture_.daily_pod = {DailyPod("team_a1", "node-1", "a", 1)};
  auto trino = Select(Rows(Dialect::kTrino), "Pod");
  EXPECT_FALSE(trino[0]->cost_category_id.has_value());
  auto pg = Select(Rows(Dialect::kPostgres), "Pod");
  EXPECT_EQ(pg[0]->cost_category_id.value_or(-1), 7);
}

// spec §2.5 #11: the infrastructure_usage_cost literal as each engine stores it.
TEST_F(SummaryRules, InfrastructureUsageCostTextDiffersByDialect) {
  fixture_.daily_pod = {DailyPod("ns", "node-1", "a", 1)};
  EXPECT_EQ(Select(Rows(Dialect::kTrino), "Pod")[0]->infrastructure_usage_cost.value_or(""),
            R"({"cpu": 0.0, "memory": 0.0, "storage": 0.0})");
  EXPECT_EQ(Select(Rows(Dialect::kPostgres), "Pod")[0]->infrastructure_usage_cost.value_or(""),
            R"({"cpu": 0.000000000, "memory": 0.000000000, "storage": 0.000000000})");
}

// spec §2.11: tag mapping renames enabled child keys to their parent; with both present the
// child entries are dropped.
TEST_F(SummaryRules, TagMappingRenamesChildKeys) {
  config_.enabled_tag_keys = {"app", "application"};
  config_.tag_mappings = {{"app", "application"}};
  fixture_.daily_pod = {DailyPod("ns", "node-1", "a", 1, R"({"application": "x"})"),
                        DailyPod("ns", "node-1", "b", 1, R"({"application": "y", "app": "z"})"),
                        DailyPod("ns", "node-1", "c", 1, R"({"other": "w"})")};
  auto pods = Select(Rows(), "Pod");
  std::multiset<std::string> labels;
  for (auto* p : pods) {
    labels.insert(std::string(p->pod_labels.value_or("NULL")));
    EXPECT_EQ(p->all_labels, p->pod_labels);
  }
  EXPECT_EQ(labels, (std::multiset<std::string>{R"({"app": "x"})", R"({"app": "z"})", "{}"}));
}

// Input rule: hourly files only (no daily files) give the rows the daily files would.
TEST_F(SummaryRules, HourlyOnlyInputDerivesTheDailyRows) {
  AddCapacityHours("node-1", kDay, 2, 4, 4);
  for (int h = 0; h < 2; ++h) {
    PodLine p = DailyPod("ns", "node-1", "a", 1);
    p.interval_start = Millis(kDay, h);
    fixture_.daily_pod.push_back(p);
  }
  const auto daily = Select(Rows(), "Pod");
  fixture_.write_daily = false;
  const auto hourly_rows = Rows();
  const auto hourly = Select(hourly_rows, "Pod");
  ASSERT_EQ(daily.size(), 1u);
  ASSERT_EQ(hourly.size(), 1u);
  EXPECT_TRUE(report_.daily_derived_from_hourly);
  EXPECT_DOUBLE_EQ(Value(hourly[0], Metric::kPodUsageCpuCoreHours), 2);
  EXPECT_DOUBLE_EQ(Value(hourly[0], Metric::kNodeCapacityCpuCoreHours), 8);
}

// Input rule: a missing required column is an error naming the file and the column; missing
// optional columns (node_role, pod_effective_usage_*, csi_volume_handle) read as NULL.
TEST_F(SummaryRules, MissingColumnsAreErrorsOrNullAsKokuReadsThem) {
  fixture_.daily_pod = {DailyPod("ns", "node-1", "a", 1)};
  fixture_.write_node_role = false;
  fixture_.write_effective = false;
  fixture_.write_csi = false;
  auto pods = Select(Rows(), "Pod");
  ASSERT_EQ(pods.size(), 1u);
  EXPECT_DOUBLE_EQ(Value(pods[0], Metric::kPodEffectiveUsageCpuCoreHours), 1);
  fixture_.omit_column = "pod_labels";
  auto missing = RunSummaryRows();
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("pod_usage_daily_1.parquet"), std::string::npos)
      << missing.status().ToString();
  EXPECT_NE(missing.status().message().find("'pod_labels' is missing"), std::string::npos);
}

// Output shape: uuid v4, constants of the run, usage_start = usage_end = the day.
TEST_F(SummaryRules, RowsCarryTheRunConstants) {
  fixture_.daily_pod = {DailyPod("ns", "node-1", "a", 1)};
  auto rows = Rows();
  ASSERT_FALSE(rows.empty());
  for (const SummaryRow& r : rows) {
    EXPECT_EQ(r.uuid.size(), 36u);
    EXPECT_EQ(r.uuid[14], '4');
    EXPECT_EQ(r.cluster_id, "cluster-1");
    EXPECT_EQ(r.cluster_alias.value_or(""), "Cluster One");
    EXPECT_EQ(r.report_period_id, 3);
    EXPECT_EQ(r.source_uuid, fixture_.source);
    EXPECT_EQ(r.usage_start, r.usage_end);
    EXPECT_EQ(r.usage_start, Millis(kDay) / 86400000);
  }
}

}  // namespace
}  // namespace ocpagg::ocp
