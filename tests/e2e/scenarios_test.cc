// The 20 OCP-only scenarios of the third-party suite (tests/data/scenarios/ocp-only), generated
// as nise would generate them and summarized, against the values Koku's SQL yields for that data
// (spec §5, "Koku values": 2025-10-01, Pod and Storage rows, and the unallocated rows).

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>

#include "common/date.h"
#include "gen/generate.h"
#include "ocp/summary.h"
#include "testing/koku_fixture.h"

namespace ocpagg {
namespace {

using ocp::Metric;
using ocp::SummaryRow;

std::string ScenarioDir(const std::string& name) {
  return std::string(OCPAGG_SOURCE_DIR) + "/tests/data/scenarios/ocp-only/" + name;
}

bool IsUnallocated(const SummaryRow& r) { return !r.infrastructure_usage_cost.has_value(); }

/// Rounded to 7 decimals as spec §5 prints them.
void ExpectNear(double actual, double expected, std::string_view what) {
  EXPECT_NEAR(actual, expected, 5e-7 * std::max(1.0, std::fabs(expected))) << what;
}

double Sum(const std::vector<SummaryRow>& rows, const std::string& source, Metric m) {
  double total = 0;
  for (const SummaryRow& r : rows) {
    if (r.data_source == source && !IsUnallocated(r)) total += r.metric(m).value_or(0);
  }
  return total;
}

std::vector<const SummaryRow*> Rows(const std::vector<SummaryRow>& rows, const std::string& source,
                                    bool unallocated = false) {
  std::vector<const SummaryRow*> out;
  for (const SummaryRow& r : rows) {
    if (r.data_source == source && IsUnallocated(r) == unallocated) out.push_back(&r);
  }
  return out;
}

/// Generates scenario `name` as nise would and summarizes 2025-10-01 (Trino dialect).
struct ScenarioRun {
  gen::GenerateSummary generated;
  std::shared_ptr<testing::VectorSink> sink;  // owns the rows' text; shared by copies of the run
  std::vector<SummaryRow> rows;
};

ScenarioRun GenerateAndSummarize(const std::string& name,
                                 const std::function<void(ocp::SummaryConfig*)>& configure) {
  ScenarioRun run;
  const std::string dir = ::testing::TempDir() + "/ocpagg_scenarios/" + name;
  std::filesystem::remove_all(dir);
  gen::GenerateOptions generate;
  generate.out_dir = dir;
  auto generated = gen::GenerateFromManifest(ScenarioDir(name) + "/manifest.yml", generate);
  EXPECT_TRUE(generated.ok()) << generated.status().ToString();
  if (!generated.ok()) return run;
  EXPECT_EQ(generated->sources.size(), 1u);
  run.generated = *generated;
  ocp::SummaryOptions options;
  options.input_root = dir;
  auto config = ocp::LoadSummaryConfig(generated->sources[0].config_path);
  EXPECT_TRUE(config.ok()) << config.status().ToString();
  if (!config.ok()) return run;
  options.config = *config;
  if (configure) configure(&options.config);
  options.year = 2025;
  options.month = 10;
  options.first_day = options.last_day = DaysFromCivil({2025, 10, 1});
  run.sink = std::make_shared<testing::VectorSink>();
  ocp::SummaryReport report;
  const Status status = ocp::RunSummary(options, run.sink.get(), &report);
  EXPECT_TRUE(status.ok()) << status.ToString();
  run.rows = run.sink->rows_;
  return run;
}

struct Scenario {
  std::string name;
  double pod_cpu_hours;
  double pod_memory_gigabyte_hours;
  std::function<void(ocp::SummaryConfig*)> configure;         // extra side inputs, may be empty
  std::function<void(const std::vector<SummaryRow>&)> check;  // more assertions, may be empty
};

class OcpOnlyScenario : public ::testing::TestWithParam<Scenario> {};

TEST_P(OcpOnlyScenario, GeneratesAndSummarizesToKokuValues) {
  const Scenario& scenario = GetParam();
  const ScenarioRun run = GenerateAndSummarize(scenario.name, scenario.configure);
  const auto& rows = run.rows;
  ASSERT_FALSE(rows.empty());
  const int32_t first_day = DaysFromCivil({2025, 10, 1});

  ExpectNear(Sum(rows, "Pod", Metric::kPodUsageCpuCoreHours), scenario.pod_cpu_hours,
             "pod cpu core-hours");
  ExpectNear(Sum(rows, "Pod", Metric::kPodUsageMemoryGigabyteHours),
             scenario.pod_memory_gigabyte_hours, "pod memory gigabyte-hours");
  for (const SummaryRow& r : rows) {
    // nise writes no labels that reach Koku for these manifests (spec §5): every map is {}.
    if (r.data_source == "Pod" && !IsUnallocated(r)) {
      EXPECT_EQ(r.pod_labels.value_or(""), "{}");
    }
    EXPECT_EQ(r.usage_start, first_day);
  }
  if (scenario.check) scenario.check(rows);
}

constexpr double kOctoberGibMonth = 1.0 / 31;  // one GiB for a whole day of October, in GB-months

const std::vector<Scenario> kScenarios = {
    {"01-basic-pod",
     172.8,
     460.8,
     {},
     [](const std::vector<SummaryRow>& rows) {
       auto pods = Rows(rows, "Pod");
       ASSERT_EQ(pods.size(), 1u);
       ExpectNear(pods[0]->metric(Metric::kPodRequestCpuCoreHours).value_or(0), 288, "request");
       ExpectNear(pods[0]->metric(Metric::kPodEffectiveUsageCpuCoreHours).value_or(0), 288,
                  "effective");
       ExpectNear(pods[0]->metric(Metric::kNodeCapacityCpuCoreHours).value_or(0), 96, "node cap");
       ExpectNear(pods[0]->metric(Metric::kNodeCapacityMemoryGigabyteHours).value_or(0), 384,
                  "node mem cap");
       auto unallocated = Rows(rows, "Pod", true);
       ASSERT_EQ(unallocated.size(), 1u);
       EXPECT_EQ(unallocated[0]->namespace_.value_or(""), "Worker unallocated");
       ExpectNear(unallocated[0]->metric(Metric::kPodUsageCpuCoreHours).value_or(0), -76.8, "cpu");
       ExpectNear(unallocated[0]->metric(Metric::kPodUsageMemoryGigabyteHours).value_or(0), -76.8,
                  "mem");
     }},
    {"02-storage-volume",
     460.8,
     1728,
     {},
     [](const std::vector<SummaryRow>& rows) {
       auto storage = Rows(rows, "Storage");
       ASSERT_EQ(storage.size(), 1u);
       EXPECT_EQ(storage[0]->persistentvolumeclaim.value_or(""), "postgres-data-pvc");
       ExpectNear(storage[0]->metric(Metric::kPersistentvolumeclaimCapacityGigabyte).value_or(0),
                  100, "capacity GB");
       ExpectNear(
           storage[0]->metric(Metric::kPersistentvolumeclaimCapacityGigabyteMonths).value_or(0),
           3.2258065, "capacity GB-months");
       ExpectNear(storage[0]->metric(Metric::kVolumeRequestStorageGigabyteMonths).value_or(0),
                  3.2258065, "request GB-months");
       ExpectNear(storage[0]->metric(Metric::kPersistentvolumeclaimUsageGigabyteMonths).value_or(0),
                  1.6129032, "usage GB-months");
     }},
    {"03-multi-namespace",
     1267.2,
     4204.8,
     {},
     [](const std::vector<SummaryRow>& rows) { EXPECT_EQ(Rows(rows, "Pod").size(), 3u); }},
    {"04-multi-node",
     1785.6,
     12096,
     {},
     [](const std::vector<SummaryRow>& rows) {
       const std::map<std::string_view, std::pair<double, double>> caps = {
           {"worker-1", {96, 384}}, {"worker-2", {192, 1536}}, {"infra-1", {96, 768}}};
       for (const SummaryRow* r : Rows(rows, "Pod")) {
         ASSERT_TRUE(caps.count(r->node.value_or(""))) << r->node.value_or("");
         const auto [cpu, mem] = caps.at(*r->node);
         ExpectNear(r->metric(Metric::kNodeCapacityCpuCoreHours).value_or(0), cpu, *r->node);
         ExpectNear(r->metric(Metric::kNodeCapacityMemoryGigabyteHours).value_or(0), mem, *r->node);
         ExpectNear(r->metric(Metric::kClusterCapacityCpuCoreHours).value_or(0), 384, "cluster");
         ExpectNear(r->metric(Metric::kClusterCapacityMemoryGigabyteHours).value_or(0), 2688,
                    "cluster mem");
       }
     }},
    {"05-cluster-capacity",
     1900.8,
     7776,
     {},
     [](const std::vector<SummaryRow>& rows) {
       for (const SummaryRow* r : Rows(rows, "Pod")) {
         ExpectNear(r->metric(Metric::kClusterCapacityCpuCoreHours).value_or(0), 288, "cluster");
         ExpectNear(r->metric(Metric::kClusterCapacityMemoryGigabyteHours).value_or(0), 1152,
                    "cluster mem");
       }
     }},
    {"06-cost-category", 1497.6, 5644.8,
     [](ocp::SummaryConfig* c) {
       c->cost_categories.push_back({2, "platform-%"});
     },
     [](const std::vector<SummaryRow>& rows) {
       for (const SummaryRow* r : Rows(rows, "Pod")) {
         const std::string_view ns = r->namespace_.value_or("");
         if (ns == "platform-monitoring" || ns == "platform-logging") {
           EXPECT_EQ(r->cost_category_id.value_or(-1), 2) << ns;
         } else {
           EXPECT_FALSE(r->cost_category_id.has_value()) << ns;
         }
       }
     }},
    {"07-unallocated-capacity",
     1036.8,
     4320,
     {},
     [](const std::vector<SummaryRow>& rows) {
       auto unallocated = Rows(rows, "Pod", true);
       ASSERT_EQ(unallocated.size(), 2u);
       const std::map<std::string_view, std::pair<double, double>> expected = {
           {"master-1", {-76.8, -192}}, {"worker-1", {-672, -960}}};
       for (const SummaryRow* r : unallocated) {
         EXPECT_EQ(r->namespace_.value_or(""), "Worker unallocated");
         const auto [use, request] = expected.at(r->node.value_or(""));
         ExpectNear(r->metric(Metric::kPodUsageCpuCoreHours).value_or(0), use, *r->node);
         ExpectNear(r->metric(Metric::kPodRequestCpuCoreHours).value_or(0), request, *r->node);
       }
     }},
    {"08-shared-pv-nodes",
     345.6,
     921.6,
     {},
     [](const std::vector<SummaryRow>& rows) {
       auto storage = Rows(rows, "Storage");
       ASSERT_EQ(storage.size(), 2u);
       for (const SummaryRow* r : storage) {
         ExpectNear(r->metric(Metric::kPersistentvolumeclaimCapacityGigabyteMonths).value_or(0),
                    3.2258065, "capacity not divided");
         ExpectNear(r->metric(Metric::kVolumeRequestStorageGigabyteMonths).value_or(0), 1.6129032,
                    "request divided by 2");
         ExpectNear(r->metric(Metric::kPersistentvolumeclaimUsageGigabyteMonths).value_or(0),
                    0.4838710, "usage divided by 2");
       }
     }},
    {"09-days-in-month",
     460.8,
     1728,
     {},
     [](const std::vector<SummaryRow>& rows) {
       auto storage = Rows(rows, "Storage");
       ASSERT_EQ(storage.size(), 1u);
       ExpectNear(
           storage[0]->metric(Metric::kPersistentvolumeclaimCapacityGigabyteMonths).value_or(0),
           100 * kOctoberGibMonth, "100 GiB for a day of a 31-day month");
       ExpectNear(storage[0]->metric(Metric::kPersistentvolumeclaimUsageGigabyteMonths).value_or(0),
                  1.6129032, "usage");
     }},
    {"10-storage-cost-category", 345.6, 921.6,
     [](ocp::SummaryConfig* c) {
       c->cost_categories.push_back({42, "platform-%"});
     },
     [](const std::vector<SummaryRow>& rows) {
       bool platform = false, app = false;
       for (const SummaryRow* r : Rows(rows, "Storage")) {
         const double cap =
             r->metric(Metric::kPersistentvolumeclaimCapacityGigabyteMonths).value_or(0);
         const double use =
             r->metric(Metric::kPersistentvolumeclaimUsageGigabyteMonths).value_or(0);
         if (r->namespace_ == "platform-storage") {
           platform = true;
           EXPECT_EQ(r->cost_category_id.value_or(-1), 42);
           ExpectNear(cap, 1.6129032, "platform capacity");
           ExpectNear(use, 0.8064516, "platform usage");
         } else {
           app = true;
           EXPECT_FALSE(r->cost_category_id.has_value());
           ExpectNear(cap, 0.6451613, "app capacity");
           ExpectNear(use, 0.3225806, "app usage");
         }
       }
       EXPECT_TRUE(platform && app);
     }},
    {"11-pvc-capacity-gb",
     460.8,
     1728,
     {},
     [](const std::vector<SummaryRow>& rows) {
       std::multiset<std::pair<long, long>> got;
       for (const SummaryRow* r : Rows(rows, "Storage")) {
         got.insert(
             {std::lround(r->metric(Metric::kPersistentvolumeclaimCapacityGigabyte).value_or(0)),
              std::lround(
                  1e7 * r->metric(Metric::kPersistentvolumeclaimUsageGigabyteMonths).value_or(0))});
       }
       EXPECT_EQ(got, (std::multiset<std::pair<long, long>>{
                          {10, 1612903}, {100, 16129032}, {1000, 161290323}}));
     }},
    {"12-label-precedence", 172.8, 460.8, {}, {}},
    {"13-labels-special-chars", 172.8, 460.8, {}, {}},
    {"14-empty-labels",
     345.6,
     921.6,
     {},
     [](const std::vector<SummaryRow>& rows) { EXPECT_EQ(Rows(rows, "Pod").size(), 2u); }},
    {"15-effective-usage",
     1497.6,
     3168 /* 576 x (3.0 + 0.5 + 2.0) */,
     {},
     [](const std::vector<SummaryRow>& rows) {
       auto pods = Rows(rows, "Pod");
       ASSERT_EQ(pods.size(), 1u);
       ExpectNear(pods[0]->metric(Metric::kPodRequestCpuCoreHours).value_or(0), 2016, "request");
       ExpectNear(pods[0]->metric(Metric::kPodEffectiveUsageCpuCoreHours).value_or(0), 2592,
                  "effective = 24 x 108");
       ExpectNear(pods[0]->metric(Metric::kPodEffectiveUsageMemoryGigabyteHours).value_or(0), 7488,
                  "memory effective");
     }},
    {"16-all-labels",
     460.8,
     1728,
     {},
     [](const std::vector<SummaryRow>& rows) {
       auto storage = Rows(rows, "Storage");
       ASSERT_EQ(storage.size(), 1u);
       ExpectNear(
           storage[0]->metric(Metric::kPersistentvolumeclaimCapacityGigabyteMonths).value_or(0),
           3.2258065, "capacity");
       ExpectNear(storage[0]->metric(Metric::kPersistentvolumeclaimUsageGigabyteMonths).value_or(0),
                  1.6129032, "usage");
       // Koku: storage all_labels = the volume labels only (pod labels never reach storage rows).
       EXPECT_EQ(storage[0]->all_labels, storage[0]->volume_labels);
     }},
    {"17-node-roles",
     1497.6,
     6048,
     {},
     [](const std::vector<SummaryRow>& rows) {
       auto unallocated = Rows(rows, "Pod", true);
       ASSERT_EQ(unallocated.size(), 3u);
       for (const SummaryRow* r : unallocated) {
         EXPECT_EQ(r->namespace_.value_or(""), "Worker unallocated") << r->node.value_or("");
       }
     }},
    {"19-vm-pods", 1900.8, 7372.8, {}, {}},
    {"20-storage-no-pod",
     201.6,
     489.6,
     {},
     [](const std::vector<SummaryRow>& rows) {
       double use = 0;
       for (const SummaryRow* r : Rows(rows, "Storage")) {
         use += r->metric(Metric::kPersistentvolumeclaimUsageGigabyteMonths).value_or(0);
       }
       ExpectNear(use, 2.4193548, "usage 0.8064516 + 1.6129032");
     }},
};

std::string Name(const ::testing::TestParamInfo<Scenario>& info) {
  std::string name;
  for (char c : info.param.name) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return "s" + name;
}

INSTANTIATE_TEST_SUITE_P(KokuValues, OcpOnlyScenario, ::testing::ValuesIn(kScenarios), Name);

// Scenario 18: nise replaces a usage of 0.0 by a random value (spec §5), so the Koku value is
// not fixed; the summary must equal what the generator wrote (its own sums of the hourly rows),
// and hold at least the deterministic parts: zero-mem-pod's 0.3 core (172.8 core-hours) and
// minimal-pod's 0.001 core (0.576), and zero-cpu-pod's 1.0 GiB (576 GB-hours) + 0.576.
TEST(OcpOnlyScenario18, ZeroUsageBecomesRandomButTheSummaryMatchesTheData) {
  const ScenarioRun run = GenerateAndSummarize("18-zero-usage", {});
  ASSERT_FALSE(run.rows.empty());
  const double cpu = Sum(run.rows, "Pod", Metric::kPodUsageCpuCoreHours);
  const double mem = Sum(run.rows, "Pod", Metric::kPodUsageMemoryGigabyteHours);
  ExpectNear(cpu, run.generated.sums.at("pod_usage.pod_usage_cpu_core_seconds") / 3600, "cpu");
  ExpectNear(mem,
             run.generated.sums.at("pod_usage.pod_usage_memory_byte_seconds") / 3600 / 1073741824.0,
             "memory");
  EXPECT_GT(cpu, 172.8 + 0.576);
  EXPECT_GT(mem, 576 + 0.576);
}

}  // namespace
}  // namespace ocpagg
