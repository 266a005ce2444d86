#include "ocp/config.h"

#include <gtest/gtest.h>

namespace ocpagg::ocp {
namespace {

TEST(SummaryConfig, ParsesTheDocumentedKeys) {
  auto config = ParseSummaryConfig(R"(
source: 58f1cc01-1066-47c5-ae2f-2d1953d331f8
cluster_id: ocp-cluster-01
cluster_alias: OCP Cluster 01
report_period_id: 7
enabled_tag_keys: [app, env]
cost_categories:
  - {id: 1, namespace: "openshift-%"}
node_roles:
  - {node: ip-10-0-0-10, resource_id: i-0abc, role: master}
tag_mappings:
  - {parent: app, child: application}
)",
                                   "test.yaml");
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_EQ(config->source, "58f1cc01-1066-47c5-ae2f-2d1953d331f8");
  EXPECT_EQ(config->cluster_alias.value_or(""), "OCP Cluster 01");
  EXPECT_EQ(config->report_period_id, 7);
  EXPECT_EQ(config->enabled_tag_keys, (std::vector<std::string>{"app", "env"}));
  ASSERT_EQ(config->cost_categories.size(), 1u);
  EXPECT_EQ(config->cost_categories[0].namespace_pattern, "openshift-%");
  ASSERT_EQ(config->node_roles.size(), 1u);
  EXPECT_EQ(config->node_roles[0].role, "master");
  ASSERT_EQ(config->tag_mappings.size(), 1u);
  EXPECT_EQ(config->tag_mappings[0].child, "application");
}

TEST(SummaryConfig, FormatReadsBackIdentically) {
  SummaryConfig c;
  c.source = "s";
  c.cluster_id = "c";
  c.enabled_tag_keys = {"app"};
  c.cost_categories = DefaultCostCategories();
  c.node_roles = {{"n1", "i-1", "worker"}};
  auto back = ParseSummaryConfig(FormatSummaryConfig(c), "x");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->cost_categories.size(), 4u);
  EXPECT_EQ(back->cost_categories[3].namespace_pattern, "openshift");
  EXPECT_EQ(back->node_roles[0].resource_id, "i-1");
  EXPECT_FALSE(back->cluster_alias.has_value());
}

TEST(SummaryConfig, RefusesUnknownKeysAndBadShapes) {
  auto typo = ParseSummaryConfig("enabled_tag_key: [app]\n", "c.yaml");
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.status().message().find("unknown key 'enabled_tag_key'"), std::string::npos);
  auto bad = ParseSummaryConfig("cost_categories:\n  - {id: 1}\n", "c.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("cost_categories[0] needs a 'namespace'"),
            std::string::npos);
  EXPECT_FALSE(ParseSummaryConfig("source: [unclosed\n", "c.yaml").ok());
}

}  // namespace
}  // namespace ocpagg::ocp
