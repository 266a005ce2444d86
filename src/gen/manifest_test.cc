#include "gen/manifest.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/date.h"

namespace ocpagg::gen {
namespace {

int64_t Secs(int y, unsigned m, unsigned d, int h = 0) {
  return int64_t{DaysFromCivil({y, m, d})} * 86400 + h * 3600;
}

TEST(ManifestTest, FlatItemsWithAndWithoutMarkerKeys) {
  const std::string yaml = R"(
start_date: ignored
generators:
  - OCPGenerator:
      start_date: 2025-10-01
      end_date: '2025-10-02'
      nodes:
        - node: null
          node_name: a
          cpu_cores: 4
          memory_gig: 16
          resource_id: 0123
          namespaces:
            ns1:
              pods:
                - pod:
                  pod_name: p
                  cpu_limit: 1.0
                  pod_seconds: 3600
                  cpu_usage: {full_period: 0.5, '10-02-2025': 0.7}
                  pod_labels: ignored:yes
                  labels: label_app:x
            empty:
        - node_name: b
          resource_id: worker
          namespaces:
            ns2: {}
)";
  auto m = ParseManifest(yaml, "m.yml");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_EQ(m->generators.size(), 1u);
  const GeneratorSpec& g = m->generators[0];
  EXPECT_EQ(g.start.kind, DateSpec::Kind::kSeconds);
  EXPECT_EQ(g.start.seconds, Secs(2025, 10, 1));
  EXPECT_EQ(g.end.seconds, Secs(2025, 10, 2));
  ASSERT_EQ(g.nodes.size(), 2u);
  EXPECT_EQ(*g.nodes[0].resource_id, "83");  // YAML 1.1 octal, str() of the int
  EXPECT_EQ(*g.nodes[1].resource_id, "worker");
  EXPECT_TRUE(g.nodes[0].cpu_cores->is_int);
  ASSERT_EQ(g.nodes[0].namespaces.size(), 2u);
  EXPECT_EQ(g.nodes[0].namespaces[1].name, "empty");
  const PodSpec& p = g.nodes[0].namespaces[0].pods[0];
  EXPECT_EQ(*p.name, "p");
  EXPECT_FALSE(p.cpu_limit->is_int);
  EXPECT_TRUE(p.pod_seconds->is_int);
  EXPECT_EQ(p.labels, "label_app:x");
  ASSERT_EQ(p.cpu_usage.entries.size(), 2u);
  EXPECT_EQ(p.cpu_usage.Lookup(DaysFromCivil({2025, 10, 2}))->value, 0.5);  // full_period first
  EXPECT_FALSE(g.nodes[1].cpu_cores.has_value());
}

TEST(ManifestTest, RefusesWhatNiseCrashesOn) {
  const auto parse = [](const std::string& body) {
    return ParseManifest(
        "generators:\n  - OCPGenerator:\n      nodes:\n        - node_name: n\n"
        "          namespaces:\n            ns:\n" +
            body,
        "x.yml");
  };
  auto a = parse("              volumes:\n");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("volumes"), std::string::npos);
  auto b = parse(
      "              pods:\n                - pod_name: p\n                  cpu_usage:\n"
      "                    2025-10-01: 3\n");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find("quote"), std::string::npos);
  auto c =
      parse("              pods:\n                - pod_name: p\n                  cpu_limit:\n");
  ASSERT_FALSE(c.ok());
  auto d = ParseManifest("generators:\n  - OCPGenerator:\n      nodes:\n        - node_name: n\n",
                         "x.yml");
  ASSERT_FALSE(d.ok());
  EXPECT_TRUE(d.status().IsNotSupported());
  auto e = ParseManifest("generators: [", "x.yml");
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("line"), std::string::npos);
}

TEST(ManifestTest, DatesMonthsAndHourGrid) {
  Manifest m;
  GeneratorSpec g;
  g.start = {DateSpec::Kind::kSeconds, Secs(2025, 10, 30, 5)};
  g.end = {DateSpec::Kind::kDayOffset, 3};
  m.generators.push_back(g);
  GeneratorSpec h;  // no dates: CLI, then nise's defaults
  m.generators.push_back(h);
  const int64_t now = Secs(2025, 11, 15, 13);
  auto ranges = ResolveGeneratorDates(m, std::nullopt, std::nullopt, now);
  ASSERT_TRUE(ranges.ok());
  EXPECT_EQ((*ranges)[0].start, Secs(2025, 10, 30, 5));
  EXPECT_EQ((*ranges)[0].end, Secs(2025, 11, 2, 5));
  EXPECT_EQ((*ranges)[1].start, Secs(2025, 11, 1));
  EXPECT_EQ((*ranges)[1].end, now);
  const auto months = PlanMonths(*ranges);
  ASSERT_EQ(months.size(), 2u);
  EXPECT_EQ(months[0].month_start, Secs(2025, 10, 1));
  EXPECT_EQ(months[0].windows[0].start, Secs(2025, 10, 30, 5));
  EXPECT_EQ(months[0].windows[0].end, Secs(2025, 11, 1));
  // The second generator starts at November 1 00:00, the October window's end: nise keeps it,
  // with no hours.
  EXPECT_TRUE(HourGrid(months[0].windows[1]).empty());
  EXPECT_EQ(months[1].windows[0].start, Secs(2025, 11, 1));
  EXPECT_EQ(months[1].windows[0].end, Secs(2025, 11, 2, 5));
  EXPECT_EQ(months[1].windows[1].end, now);
  // 59:59 hour delta: 2025-10-01 -> 2025-10-02 is 24 hours, 00:00 .. 23:00.
  const auto hours = HourGrid({Secs(2025, 10, 1), Secs(2025, 10, 2)});
  ASSERT_EQ(hours.size(), 24u);
  EXPECT_EQ(hours.back(), Secs(2025, 10, 1, 23));
  EXPECT_EQ(HourGrid(months[0].windows[0]).size(), 43u);  // 05:00 on the 30th .. 23:00 on the 31st
}

TEST(ManifestTest, EndBeforeStartIsAnError) {
  Manifest m;
  GeneratorSpec g;
  g.start = {DateSpec::Kind::kSeconds, Secs(2025, 10, 2)};
  g.end = {DateSpec::Kind::kSeconds, Secs(2025, 10, 1)};
  m.generators.push_back(g);
  EXPECT_FALSE(ResolveGeneratorDates(m, std::nullopt, std::nullopt, Secs(2026, 1, 1)).ok());
}

TEST(ManifestTest, AllScenarioManifestsParse) {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(OCPAGG_SOURCE_DIR) +
                                                               "/tests/data/scenarios/ocp-only")) {
    if (!entry.is_directory()) continue;
    auto m = LoadManifest(entry.path().string() + "/manifest.yml");
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    ++count;
  }
  EXPECT_EQ(count, 20);
  for (const char* bench : {"benchmark_ocp_20k.yml", "benchmark_ocp_50k.yml"}) {
    auto m = LoadManifest(std::string(OCPAGG_SOURCE_DIR) + "/tests/data/scenarios/ocp-benchmarks/" +
                          bench);
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    EXPECT_GE(m->generators[0].nodes.size(), 10u);
  }
}

}  // namespace
}  // namespace ocpagg::gen
