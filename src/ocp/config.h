#pragma once

// The side inputs of a summary run (what Koku reads from PostgreSQL and the provider record),
// kept in `ocpagg.yaml`. `ocpagg generate` writes one beside its data; `ocpagg summarize --config`
// reads it; command-line flags override its keys. Format: docs/config.md.
//
//   source: 58f1cc01-1066-47c5-ae2f-2d1953d331f8   # provider uuid (also source_uuid)
//   cluster_id: ocp-cluster-01
//   cluster_alias: OCP Cluster 01
//   report_period_id: 1
//   account: org1234567                # path component of Koku's S3 layout
//   enabled_tag_keys: [app, env]       # reporting_enabledtagkeys (enabled, provider_type OCP)
//   cost_categories:                   # reporting_ocp_cost_category_namespace
//     - {id: 1, namespace: "openshift-%"}
//   node_roles:                        # rows already in reporting_ocp_nodes
//     - {node: ip-10-0-0-10, resource_id: i-0abc, role: master}
//   tag_mappings:                      # reporting_tagmapping, OCP child -> parent
//     - {parent: app, child: application}

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace ocpagg::ocp {

struct CostCategoryPattern {
  int64_t id = 0;
  std::string namespace_pattern;  // SQL LIKE pattern
};

struct KnownNodeRole {
  std::string node;
  std::string resource_id;
  std::string role;
};

struct TagMapping {
  std::string parent;
  std::string child;
};

struct SummaryConfig {
  std::string source;
  std::string cluster_id;
  std::optional<std::string> cluster_alias;
  int64_t report_period_id = 1;
  std::string account = "org1234567";
  std::vector<std::string> enabled_tag_keys;
  std::vector<CostCategoryPattern> cost_categories;
  std::vector<KnownNodeRole> node_roles;
  std::vector<TagMapping> tag_mappings;
};

/// Koku's default cost-category patterns (all in the "Platform" category, id 1):
/// K:koku/reporting/migrations/0315_openshiftcostcategorynamespace.py:6.
std::vector<CostCategoryPattern> DefaultCostCategories();

/// Parses YAML text. InvalidArgument names the key and what is wrong with it; unknown keys are
/// refused so that a typo does not silently change a summary.
Result<SummaryConfig> ParseSummaryConfig(const std::string& yaml_text, const std::string& name);

/// Reads and parses a config file (NotFound / IOError / InvalidArgument naming the path).
Result<SummaryConfig> LoadSummaryConfig(const std::string& path);

/// The YAML text of `config` (ParseSummaryConfig reads it back identically).
std::string FormatSummaryConfig(const SummaryConfig& config);

}  // namespace ocpagg::ocp
