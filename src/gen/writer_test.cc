#include "gen/writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "gen/generate.h"
#include "parquet/file_reader.h"

namespace ocpagg::gen {
namespace {

namespace fs = std::filesystem;

std::string TempDir(const std::string& name) {
  const fs::path p = fs::temp_directory_path() / ("ocpagg_gen_test_" + name);
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

std::string ScenarioDir() {
  return std::string(OCPAGG_SOURCE_DIR) + "/tests/data/scenarios/ocp-only/";
}

// path relative to `root` -> bytes, for every file under root.
std::map<std::string, std::string> ReadTree(const std::string& root) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    out[fs::relative(e.path(), root).string()] = ss.str();
  }
  return out;
}

TEST(WriterTest, PythonFloatRepr) {
  EXPECT_EQ(FormatPyFloat(25920.0), "25920.0");
  EXPECT_EQ(FormatPyFloat(74217034874880.0), "74217034874880.0");
  EXPECT_EQ(FormatPyFloat(0.1), "0.1");
  EXPECT_EQ(FormatPyFloat(1e-5), "1e-05");
  EXPECT_EQ(FormatPyFloat(0.0001), "0.0001");
  EXPECT_EQ(FormatPyFloat(1.5e16), "1.5e+16");
  EXPECT_EQ(FormatPyFloat(1e16), "1e+16");
  EXPECT_EQ(FormatPyFloat(9999999999999998.0), "9999999999999998.0");
  EXPECT_EQ(FormatPyFloat(-2.5), "-2.5");
  EXPECT_EQ(FormatPyFloat(0.30000000000000004), "0.30000000000000004");
  EXPECT_EQ(FormatPyInt(92771293593600.0), "92771293593600");
}

TEST(WriterTest, NiseCsvMatchesNiseFormatting) {
  const std::string dir = TempDir("csv");
  GenerateOptions options;
  options.out_dir = dir;
  options.parquet = false;
  options.csv = true;
  options.cluster_id = "test-cluster-001";
  auto s = GenerateFromManifest(ScenarioDir() + "01-basic-pod/manifest.yml", options);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const auto tree = ReadTree(dir);
  const std::string pods = tree.at("csv/October-2025-test-cluster-001-ocp_pod_usage.csv");
  const std::string header =
      "report_period_start,report_period_end,interval_start,interval_end,pod,namespace,node,"
      "resource_id,pod_usage_cpu_core_seconds,pod_request_cpu_core_seconds,"
      "pod_limit_cpu_core_seconds,pod_usage_memory_byte_seconds,pod_request_memory_byte_seconds,"
      "pod_limit_memory_byte_seconds,node_capacity_cpu_cores,node_capacity_cpu_core_seconds,"
      "node_capacity_memory_bytes,node_capacity_memory_byte_seconds,pod_labels\r\n";
  ASSERT_EQ(pods.substr(0, header.size()), header);
  const std::string first_row =
      "2025-10-01 00:00:00 +0000 UTC,2025-11-01 00:00:00 +0000 UTC,2025-10-01 00:00:00 +0000 UTC,"
      "2025-10-01 00:59:59 +0000 UTC,frontend-pod,app-namespace,worker-node-1,i-i-worker001,"
      "25920.0,43200.0,86400.0,74217034874880.0,92771293593600,185542587187200,4,14400,"
      "17179869184,61847529062400,\r\n";
  EXPECT_EQ(pods.substr(header.size(), first_row.size()), first_row);
  // Empty report types are written with a header only, as nise does.
  EXPECT_EQ(tree.count("csv/October-2025-test-cluster-001-ocp_storage_usage.csv"), 1u);
}

TEST(WriterTest, ParquetSchemaIsKokus) {
  const std::string dir = TempDir("schema");
  GenerateOptions options;
  options.out_dir = dir;
  options.source = "11111111-2222-4333-8444-555555555555";
  auto s = GenerateFromManifest(ScenarioDir() + "02-storage-volume/manifest.yml", options);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const std::string part = "source=11111111-2222-4333-8444-555555555555/year=2025/month=10/";
  const std::string hourly = dir + "/data/parquet/org1234567/OCP/storage_usage/" + part +
                             "storage_usage.2025-10-01.1.0_0.parquet";
  const std::string daily = dir + "/data/parquet/daily/org1234567/OCP/pod_usage/" + part +
                            "pod_usage.2025-10-01.1.0_daily_0.parquet";
  auto r = parquet::FileReader::OpenLocal(hourly);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)->num_rows(), 24);
  const auto& schema = (*r)->schema();
  ASSERT_EQ(schema.num_columns(), 18u);
  EXPECT_EQ(schema.column(0).name, "report_period_start");
  EXPECT_EQ(schema.column(0).annotation, parquet::Annotation::kTimestamp);
  EXPECT_EQ(schema.column(0).unit, parquet::TimeUnit::kMillis);
  EXPECT_FALSE(schema.column(0).is_adjusted_to_utc);
  EXPECT_EQ(schema.column(4).name, "namespace");
  EXPECT_EQ(schema.column(4).annotation, parquet::Annotation::kString);
  EXPECT_EQ(schema.column(12).name, "persistentvolumeclaim_capacity_bytes");
  EXPECT_EQ(schema.column(12).physical_type, parquet::PhysicalType::kDouble);
  EXPECT_EQ(schema.column(16).name, "persistentvolume_labels");
  auto labels = (*r)->ReadColumn(0, 16);
  ASSERT_TRUE(labels.ok()) << labels.status().ToString();
  EXPECT_EQ(labels->Bytes(0), R"({"storage": "database", "backup": "enabled"})");
  auto d = parquet::FileReader::OpenLocal(daily);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ((*d)->num_rows(), 1);
  const auto& ds = (*d)->schema();
  EXPECT_EQ(ds.column(4).name, "interval_start");
  EXPECT_FALSE(ds.Find("interval_end").has_value());
  const size_t role = *ds.Find("node_role");
  EXPECT_EQ(ds.column(role).annotation, parquet::Annotation::kString);
  EXPECT_EQ((*d)->Statistics(0, role).null_count, 1);
  auto cpu = (*d)->ReadColumn(0, *ds.Find("pod_usage_cpu_core_seconds"));
  ASSERT_TRUE(cpu.ok());
  EXPECT_NEAR(cpu->values<double>()[0] / 3600, 460.8, 1e-9);
  // The side inputs beside the data.
  EXPECT_TRUE(fs::exists(dir + "/ocpagg.yaml"));
}

TEST(WriterTest, AllOcpOnlyScenariosGenerate) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(ScenarioDir())) {
    if (!entry.is_directory()) continue;
    SCOPED_TRACE(entry.path().string());
    const std::string dir = TempDir("all");
    GenerateOptions options;
    options.out_dir = dir;
    auto s = GenerateFromManifest(entry.path().string() + "/manifest.yml", options);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    EXPECT_GT(s->rows.at("pod_usage"), 0);
    EXPECT_GT(s->files.at("pod_usage"), 0);
    EXPECT_NEAR(s->daily_sums.at("pod_usage.pod_usage_cpu_core_seconds"),
                s->sums.at("pod_usage.pod_usage_cpu_core_seconds"), 1e-6);
    ++count;
  }
  EXPECT_EQ(count, 20);
}

TEST(WriterTest, SameSeedGivesByteIdenticalFiles) {
  const std::string a = TempDir("seed_a"), b = TempDir("seed_b"), c = TempDir("seed_c");
  for (const auto& [dir, seed] : {std::pair{a, 5}, std::pair{b, 5}, std::pair{c, 6}}) {
    GenerateOptions options;
    options.out_dir = dir;
    options.seed = static_cast<uint64_t>(seed);
    options.csv = true;
    auto s = GenerateFromManifest(ScenarioDir() + "18-zero-usage/manifest.yml", options);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
  }
  const auto ta = ReadTree(a), tb = ReadTree(b), tc = ReadTree(c);
  EXPECT_GT(ta.size(), 8u);
  EXPECT_EQ(ta, tb);
  EXPECT_NE(ta, tc);  // random usage (and the derived source uuid) depend on the seed
}

}  // namespace
}  // namespace ocpagg::gen
