#include "gen/nise_rows.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "common/date.h"

namespace ocpagg::gen {
namespace {

constexpr double kGib = 1073741824.0;

std::string Scenario(const std::string& name) {
  return std::string(OCPAGG_SOURCE_DIR) + "/tests/data/scenarios/ocp-only/" + name +
         "/manifest.yml";
}

std::vector<NiseMonth> Generate(const std::string& scenario, StringPool* pool, uint64_t seed = 42) {
  auto manifest = LoadManifest(Scenario(scenario));
  EXPECT_TRUE(manifest.ok()) << manifest.status().ToString();
  NiseOptions options;
  options.seed = seed;
  options.now_hour = int64_t{DaysFromCivil({2026, 1, 15})} * 86400;
  auto months = GenerateNiseRows(*manifest, options, pool);
  EXPECT_TRUE(months.ok()) << months.status().ToString();
  return std::move(months).value();
}

// Reads frame cells by column name.
struct Cells {
  const Frame& f;
  double Num(size_t row, const char* col) const {
    return f.columns[static_cast<size_t>(f.Find(col))].f64[row];
  }
  bool IsInt(size_t row, const char* col) const {
    return f.columns[static_cast<size_t>(f.Find(col))].py_int[row] != 0;
  }
  std::string_view Str(size_t row, const char* col) const {
    return f.pool->Get(f.columns[static_cast<size_t>(f.Find(col))].ids[row]);
  }
  int64_t Ts(size_t row, const char* col) const {
    return f.columns[static_cast<size_t>(f.Find(col))].i64[row];
  }
  double Sum(const char* col) const {
    double s = 0;
    for (double v : f.columns[static_cast<size_t>(f.Find(col))].f64) s += v;
    return s;
  }
};

const int64_t kOct1Ms = int64_t{DaysFromCivil({2025, 10, 1})} * 86400000;

// nise-manifests.md §6.1: every pod row of scenario 01.
TEST(NiseRowsTest, Scenario01RowsEqualWalkThrough) {
  StringPool pool;
  const auto months = Generate("01-basic-pod", &pool);
  ASSERT_EQ(months.size(), 1u);
  const NiseMonth& m = months[0];
  EXPECT_EQ(m.month_start * 1000, kOct1Ms);
  ASSERT_EQ(m.pod_usage.rows, 24u);
  EXPECT_EQ(m.node_labels.rows, 24u);
  EXPECT_EQ(m.namespace_labels.rows, 24u);
  EXPECT_EQ(m.storage_usage.rows, 0u);
  const Cells c{m.pod_usage};
  for (size_t r = 0; r < 24; ++r) {
    SCOPED_TRACE(r);
    EXPECT_EQ(c.Ts(r, "report_period_start"), kOct1Ms);
    EXPECT_EQ(c.Ts(r, "report_period_end"), int64_t{DaysFromCivil({2025, 11, 1})} * 86400000);
    EXPECT_EQ(c.Ts(r, "interval_start"), kOct1Ms + int64_t(r) * 3600000);
    EXPECT_EQ(c.Ts(r, "interval_end"), kOct1Ms + int64_t(r) * 3600000 + 3599000);
    EXPECT_EQ(c.Str(r, "pod"), "frontend-pod");
    EXPECT_EQ(c.Str(r, "namespace"), "app-namespace");
    EXPECT_EQ(c.Str(r, "node"), "worker-node-1");
    EXPECT_EQ(c.Str(r, "resource_id"), "i-i-worker001");
    EXPECT_EQ(c.Num(r, "pod_usage_cpu_core_seconds"), 25920.0);
    EXPECT_EQ(c.Num(r, "pod_request_cpu_core_seconds"), 43200.0);
    EXPECT_EQ(c.Num(r, "pod_limit_cpu_core_seconds"), 86400.0);
    EXPECT_EQ(c.Num(r, "pod_usage_memory_byte_seconds"), 74217034874880.0);
    EXPECT_FALSE(c.IsInt(r, "pod_usage_memory_byte_seconds"));
    EXPECT_EQ(c.Num(r, "pod_request_memory_byte_seconds"), 92771293593600.0);
    EXPECT_TRUE(c.IsInt(r, "pod_request_memory_byte_seconds"));
    EXPECT_EQ(c.Num(r, "pod_limit_memory_byte_seconds"), 185542587187200.0);
    EXPECT_TRUE(c.IsInt(r, "pod_limit_memory_byte_seconds"));
    EXPECT_EQ(c.Num(r, "node_capacity_cpu_cores"), 4);
    EXPECT_EQ(c.Num(r, "node_capacity_cpu_core_seconds"), 14400);
    EXPECT_EQ(c.Num(r, "node_capacity_memory_bytes"), 17179869184.0);
    EXPECT_EQ(c.Num(r, "node_capacity_memory_byte_seconds"), 61847529062400.0);
    EXPECT_EQ(c.Str(r, "pod_labels"), "");  // `pod_labels:` is not read by nise
  }
  const Cells nl{m.node_labels};
  EXPECT_EQ(nl.Str(0, "node"), "worker-node-1");
  EXPECT_EQ(nl.Str(0, "node_labels"), "");
  const Cells ns{m.namespace_labels};
  EXPECT_EQ(ns.Str(23, "namespace"), "app-namespace");
}

// The acceptance numbers: 172.80 core-hours and 460.80 GiB-hours of pod usage.
TEST(NiseRowsTest, Scenario01SumsToExpectedOutcome) {
  StringPool pool;
  const auto months = Generate("01-basic-pod", &pool);
  const Cells c{months[0].pod_usage};
  EXPECT_NEAR(c.Sum("pod_usage_cpu_core_seconds") / 3600, 172.80, 1e-9);
  EXPECT_NEAR(c.Sum("pod_usage_memory_byte_seconds") / 3600 / kGib, 460.80, 1e-9);
  EXPECT_NEAR(c.Sum("pod_request_cpu_core_seconds") / 3600, 288, 1e-9);
  EXPECT_NEAR(c.Sum("pod_limit_cpu_core_seconds") / 3600, 576, 1e-9);
  EXPECT_NEAR(c.Sum("pod_request_memory_byte_seconds") / 3600 / kGib, 576, 1e-9);
  EXPECT_NEAR(c.Sum("pod_limit_memory_byte_seconds") / 3600 / kGib, 1152, 1e-9);
}

// nise-manifests.md §6.2.
TEST(NiseRowsTest, Scenario02RowsEqualWalkThrough) {
  StringPool pool;
  const auto months = Generate("02-storage-volume", &pool);
  const NiseMonth& m = months[0];
  ASSERT_EQ(m.pod_usage.rows, 24u);
  ASSERT_EQ(m.storage_usage.rows, 24u);
  EXPECT_EQ(m.node_labels.rows, 24u);
  EXPECT_EQ(m.namespace_labels.rows, 24u);
  const Cells s{m.storage_usage};
  for (size_t r = 0; r < 24; ++r) {
    SCOPED_TRACE(r);
    EXPECT_EQ(s.Ts(r, "interval_start"), kOct1Ms + int64_t(r) * 3600000);
    EXPECT_EQ(s.Str(r, "namespace"), "database");
    EXPECT_EQ(s.Str(r, "pod"), "postgres-pod");
    EXPECT_EQ(s.Str(r, "node"), "worker-node-1");
    EXPECT_EQ(s.Str(r, "persistentvolumeclaim"), "postgres-data-pvc");
    EXPECT_EQ(s.Str(r, "persistentvolume"), "postgres-data-pvc");
    EXPECT_EQ(s.Str(r, "storageclass"), "gp2");
    EXPECT_EQ(s.Num(r, "persistentvolumeclaim_capacity_bytes"), 107374182400.0);
    EXPECT_FALSE(s.IsInt(r, "persistentvolumeclaim_capacity_bytes"));
    EXPECT_EQ(s.Num(r, "persistentvolumeclaim_capacity_byte_seconds"), 386547056640000.0);
    EXPECT_EQ(s.Num(r, "volume_request_storage_byte_seconds"), 386547056640000.0);
    EXPECT_TRUE(s.IsInt(r, "volume_request_storage_byte_seconds"));
    EXPECT_EQ(s.Num(r, "persistentvolumeclaim_usage_byte_seconds"), 193273528320000.0);
    EXPECT_TRUE(s.IsInt(r, "persistentvolumeclaim_usage_byte_seconds"));
    EXPECT_EQ(s.Str(r, "persistentvolume_labels"), "storage:database|backup:enabled");
    EXPECT_EQ(s.Str(r, "persistentvolumeclaim_labels"), "");
  }
  // Random (not in the manifest): a csi driver of nise's pairs and a vol-<17 hex> handle.
  const std::string_view driver = s.Str(0, "csi_driver");
  EXPECT_TRUE(driver == "ebs.csi.aws.com" || driver == "disk.csi.azure.com" ||
              driver == "pd.csi.storage.gke.io")
      << driver;
  EXPECT_EQ(s.Str(0, "csi_volume_handle").size(), 21u);
  EXPECT_EQ(s.Str(0, "csi_volume_handle").substr(0, 4), "vol-");
  const Cells p{m.pod_usage};
  EXPECT_EQ(p.Num(0, "pod_usage_cpu_core_seconds"), 69120.0);
  EXPECT_EQ(p.Num(0, "pod_request_cpu_core_seconds"), 86400.0);
  EXPECT_EQ(p.Num(0, "pod_limit_cpu_core_seconds"), 172800.0);
  EXPECT_EQ(p.Num(0, "pod_usage_memory_byte_seconds"), 278313880780800.0);
  EXPECT_EQ(p.Num(0, "pod_request_memory_byte_seconds"), 371085174374400.0);
  EXPECT_EQ(p.Num(0, "pod_limit_memory_byte_seconds"), 742170348748800.0);
  EXPECT_NEAR(p.Sum("pod_usage_cpu_core_seconds") / 3600, 460.8, 1e-9);
  EXPECT_NEAR(p.Sum("pod_usage_memory_byte_seconds") / 3600 / kGib, 1728.0, 1e-9);
  // Storage usage GB-months over October: 50/31.
  EXPECT_NEAR(s.Sum("persistentvolumeclaim_usage_byte_seconds") / (86400.0 * 31) / kGib, 50.0 / 31,
              1e-12);
}

// nise-manifests.md §6.3: two generators, rows concatenated generator by generator.
TEST(NiseRowsTest, Scenario07RowsEqualWalkThrough) {
  StringPool pool;
  const auto months = Generate("07-unallocated-capacity", &pool);
  const NiseMonth& m = months[0];
  ASSERT_EQ(m.pod_usage.rows, 48u);
  EXPECT_EQ(m.node_labels.rows, 48u);
  EXPECT_EQ(m.namespace_labels.rows, 48u);
  EXPECT_EQ(m.storage_usage.rows, 0u);
  const Cells c{m.pod_usage};
  for (size_t r = 0; r < 48; ++r) {
    SCOPED_TRACE(r);
    const bool master = r < 24;
    EXPECT_EQ(c.Ts(r, "interval_start"), kOct1Ms + int64_t(r % 24) * 3600000);
    EXPECT_EQ(c.Str(r, "node"), master ? "master-1" : "worker-1");
    EXPECT_EQ(c.Str(r, "namespace"), master ? "kube-system" : "default");
    EXPECT_EQ(c.Str(r, "pod"), master ? "kube-apiserver" : "app-pod");
    EXPECT_EQ(c.Str(r, "resource_id"), master ? "i-i-master001" : "i-i-worker001");
    EXPECT_EQ(c.Num(r, "pod_usage_cpu_core_seconds"), master ? 25920.0 : 129600.0);
    EXPECT_EQ(c.Num(r, "pod_request_cpu_core_seconds"), master ? 43200.0 : 172800.0);
    EXPECT_EQ(c.Num(r, "pod_limit_cpu_core_seconds"), master ? 86400.0 : 345600.0);
    EXPECT_EQ(c.Num(r, "pod_usage_memory_byte_seconds"),
              master ? 139156940390400.0 : 556627761561600.0);
    EXPECT_EQ(c.Num(r, "pod_request_memory_byte_seconds"),
              master ? 185542587187200.0 : 742170348748800.0);
    EXPECT_EQ(c.Num(r, "pod_limit_memory_byte_seconds"),
              master ? 371085174374400.0 : 1484340697497600.0);
    EXPECT_EQ(c.Num(r, "node_capacity_cpu_cores"), master ? 4 : 8);
    EXPECT_EQ(c.Num(r, "node_capacity_cpu_core_seconds"), master ? 14400 : 28800);
    EXPECT_EQ(c.Num(r, "node_capacity_memory_bytes"), master ? 17179869184.0 : 34359738368.0);
    EXPECT_EQ(c.Num(r, "node_capacity_memory_byte_seconds"),
              master ? 61847529062400.0 : 123695058124800.0);
  }
  EXPECT_NEAR(c.Sum("pod_usage_cpu_core_seconds") / 3600, 1036.8, 1e-9);
  EXPECT_NEAR(c.Sum("pod_usage_memory_byte_seconds") / 3600 / kGib, 4320.0, 1e-9);
}

// Pods keyed by name in one generator: 03's staging api-server replaces the production one, at
// the first one's position (ocp-daily-summary.md §5: 1267.2 / 4204.8).
TEST(NiseRowsTest, Scenario03PodNameCollision) {
  StringPool pool;
  const auto months = Generate("03-multi-namespace", &pool);
  const Cells c{months[0].pod_usage};
  ASSERT_EQ(months[0].pod_usage.rows, 72u);
  EXPECT_EQ(c.Str(0, "pod"), "api-server");
  EXPECT_EQ(c.Str(0, "namespace"), "staging");
  EXPECT_EQ(c.Str(1, "pod"), "web-frontend");
  EXPECT_EQ(c.Str(2, "pod"), "prometheus");
  EXPECT_NEAR(c.Sum("pod_usage_cpu_core_seconds") / 3600, 1267.2, 1e-9);
  EXPECT_NEAR(c.Sum("pod_usage_memory_byte_seconds") / 3600 / kGib, 4204.8, 1e-9);
}

// Namespaces keyed by name: 05's worker-1 loses its pods to worker-2's `default`, but both nodes
// still get namespace-label rows (1900.8 / 7776).
TEST(NiseRowsTest, Scenario05NamespaceCollision) {
  StringPool pool;
  const auto months = Generate("05-cluster-capacity", &pool);
  const NiseMonth& m = months[0];
  const Cells c{m.pod_usage};
  ASSERT_EQ(m.pod_usage.rows, 48u);
  for (size_t r = 0; r < m.pod_usage.rows; ++r) EXPECT_NE(c.Str(r, "pod"), "app-pod");
  EXPECT_EQ(m.namespace_labels.rows, 72u);
  EXPECT_EQ(m.node_labels.rows, 72u);
  EXPECT_NEAR(c.Sum("pod_usage_cpu_core_seconds") / 3600, 1900.8, 1e-9);
  EXPECT_NEAR(c.Sum("pod_usage_memory_byte_seconds") / 3600 / kGib, 7776, 1e-9);
}

// A usage of 0.0 means "random every hour" (verified with real nise on scenario 18); the
// deterministic pod keeps its exact values.
TEST(NiseRowsTest, Scenario18ZeroUsageIsRandomAndSeeded) {
  StringPool pool_a, pool_b, pool_c;
  const auto a = Generate("18-zero-usage", &pool_a, 1);
  const auto b = Generate("18-zero-usage", &pool_b, 1);
  const auto c = Generate("18-zero-usage", &pool_c, 2);
  const Cells ca{a[0].pod_usage}, cb{b[0].pod_usage}, cc{c[0].pod_usage};
  ASSERT_EQ(a[0].pod_usage.rows, 72u);
  bool differs = false;
  for (size_t r = 0; r < 72; ++r) {
    EXPECT_EQ(ca.Num(r, "pod_usage_cpu_core_seconds"), cb.Num(r, "pod_usage_cpu_core_seconds"));
    if (ca.Str(r, "pod") == "zero-cpu-pod") {
      EXPECT_GT(ca.Num(r, "pod_usage_cpu_core_seconds"), 0);  // never the manifest's 0
      EXPECT_LE(ca.Num(r, "pod_usage_cpu_core_seconds"), 86400 * 2.0);
      differs |= ca.Num(r, "pod_usage_cpu_core_seconds") != cc.Num(r, "pod_usage_cpu_core_seconds");
    }
    if (ca.Str(r, "pod") == "minimal-pod") {
      EXPECT_DOUBLE_EQ(ca.Num(r, "pod_usage_cpu_core_seconds"), 86400 * 0.001);
    }
  }
  EXPECT_TRUE(differs);
}

// Shared PV in two generators (08): one storage row per generator per hour.
TEST(NiseRowsTest, Scenario08TwoGeneratorsShareAPv) {
  StringPool pool;
  const auto months = Generate("08-shared-pv-nodes", &pool);
  const Cells s{months[0].storage_usage};
  ASSERT_EQ(months[0].storage_usage.rows, 48u);
  EXPECT_EQ(s.Str(0, "node"), "worker-1");
  EXPECT_EQ(s.Str(24, "node"), "worker-2");
  EXPECT_EQ(s.Str(24, "persistentvolume"), "shared-pvc");
}

TEST(NiseRowsTest, ClaimsAboveTheVolumeRequestFailLikeNise) {
  const std::string yaml = R"(
generators:
  - OCPGenerator:
      start_date: 2025-10-01
      end_date: 2025-10-02
      nodes:
        - node_name: n1
          cpu_cores: 4
          memory_gig: 8
          namespaces:
            ns:
              volumes:
                - volume_name: v
                  volume_request_gig: 10
                  volume_claims:
                    - volume_claim_name: a
                      capacity_gig: 8
                    - volume_claim_name: b
                      capacity_gig: 8
)";
  auto m = ParseManifest(yaml, "inline.yml");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  StringPool pool;
  auto rows = GenerateNiseRows(*m, NiseOptions{}, &pool);
  ASSERT_FALSE(rows.ok());
  EXPECT_TRUE(rows.status().IsInvalidArgument());
  EXPECT_NE(rows.status().message().find("volumes[0]"), std::string::npos);
}

TEST(NiseRowsTest, ClaimlessVolumeAndDroppedClaims) {
  const std::string yaml = R"(
generators:
  - OCPGenerator:
      start_date: 2025-10-01
      end_date: 2025-10-01 02:00
      nodes:
        - node_name: n1
          cpu_cores: 4
          memory_gig: 8
          resource_id: 0123
          namespaces:
            ns:
              volumes:
                - volume_name: free
                  storage_class: slow
                  csi_driver:
                  csi_volume_handle: h1
                - volume_name: full
                  volume_request_gig: 10
                  storage_class: gold
                  csi_driver: x
                  csi_volume_handle: h2
                  volume_claims:
                    - volume_claim_name: a
                      capacity_gig: 9.5
                      volume_claim_usage_gig: {full_period: 20}
                    - volume_claim_name: b
                      capacity_gig: 1
)";
  auto m = ParseManifest(yaml, "inline.yml");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  StringPool pool;
  auto rows = GenerateNiseRows(*m, NiseOptions{}, &pool);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  const Frame& s = (*rows)[0].storage_usage;
  ASSERT_EQ(s.rows, 4u);  // 2 hours x (claimless PV + claim a; b dropped: 0.5 GiB left)
  const Cells c{s};
  EXPECT_EQ(c.Str(0, "persistentvolume"), "free");
  EXPECT_EQ(c.Str(0, "namespace"), "");
  EXPECT_EQ(c.Str(0, "node"), "");
  EXPECT_EQ(c.Str(0, "csi_driver"), "");  // present-but-null: empty, not random
  EXPECT_EQ(c.Num(0, "persistentvolumeclaim_capacity_bytes"), 100 * kGib);
  EXPECT_TRUE(std::isnan(c.Num(0, "volume_request_storage_byte_seconds")));
  EXPECT_TRUE(std::isnan(c.Num(0, "persistentvolumeclaim_usage_byte_seconds")));
  EXPECT_EQ(c.Str(1, "persistentvolumeclaim"), "a");
  EXPECT_EQ(c.Num(1, "persistentvolumeclaim_usage_byte_seconds"), 9.5 * kGib * 3600);  // capped
  EXPECT_EQ(c.Num(1, "volume_request_storage_byte_seconds"), 10 * kGib * 3600);
  const Cells p{(*rows)[0].node_labels};
  EXPECT_EQ((*rows)[0].node_labels.rows, 2u);
  EXPECT_EQ((*rows)[0].pod_usage.rows, 0u);
  (void)p;
}

}  // namespace
}  // namespace ocpagg::gen
