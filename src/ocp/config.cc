#include "ocp/config.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <set>

#include "io/file.h"

namespace ocpagg::ocp {
namespace {

// yaml-cpp reports errors by throwing; every call into it happens inside Parse(), which turns
// them into a Status at this one boundary (CONTRIBUTING.md rule 3).
Status ParseInto(const YAML::Node& root, const std::string& name, SummaryConfig* config) {
  if (!root.IsMap())
    return Status::InvalidArgument(fmt::format("{}: expected a YAML mapping", name));
  static const std::set<std::string> kKeys = {"source",           "cluster_id", "cluster_alias",
                                              "report_period_id", "account",    "enabled_tag_keys",
                                              "cost_categories",  "node_roles", "tag_mappings"};
  for (const auto& entry : root) {
    const std::string key = entry.first.as<std::string>();
    if (!kKeys.count(key)) {
      return Status::InvalidArgument(fmt::format("{}: unknown key '{}'", name, key));
    }
  }
  const auto scalar = [&](const char* key, std::string* out) -> Status {
    if (!root[key]) return Status::OK();
    if (!root[key].IsScalar()) {
      return Status::InvalidArgument(fmt::format("{}: '{}' must be a string", name, key));
    }
    *out = root[key].as<std::string>();
    return Status::OK();
  };
  OCPAGG_RETURN_IF_ERROR(scalar("source", &config->source));
  OCPAGG_RETURN_IF_ERROR(scalar("cluster_id", &config->cluster_id));
  OCPAGG_RETURN_IF_ERROR(scalar("account", &config->account));
  if (root["cluster_alias"] && !root["cluster_alias"].IsNull()) {
    config->cluster_alias = root["cluster_alias"].as<std::string>();
  }
  if (root["report_period_id"]) config->report_period_id = root["report_period_id"].as<int64_t>();
  if (const YAML::Node keys = root["enabled_tag_keys"]; keys && !keys.IsNull()) {
    if (!keys.IsSequence()) {
      return Status::InvalidArgument(fmt::format("{}: 'enabled_tag_keys' must be a list", name));
    }
    for (const auto& k : keys) config->enabled_tag_keys.push_back(k.as<std::string>());
  }
  const auto list = [&](const char* key) -> Result<YAML::Node> {
    YAML::Node node = root[key];
    if (node && !node.IsNull() && !node.IsSequence()) {
      return Status::InvalidArgument(fmt::format("{}: '{}' must be a list", name, key));
    }
    return node;
  };
  const auto field = [&](const YAML::Node& item, const char* list_key, size_t index,
                         const char* key) -> Result<std::string> {
    if (!item.IsMap() || !item[key] || !item[key].IsScalar()) {
      return Status::InvalidArgument(
          fmt::format("{}: {}[{}] needs a '{}' value", name, list_key, index, key));
    }
    return item[key].as<std::string>();
  };
  OCPAGG_ASSIGN_OR_RETURN(YAML::Node categories, list("cost_categories"));
  if (categories && categories.IsSequence()) {
    for (size_t i = 0; i < categories.size(); ++i) {
      CostCategoryPattern p;
      OCPAGG_ASSIGN_OR_RETURN(std::string id, field(categories[i], "cost_categories", i, "id"));
      OCPAGG_ASSIGN_OR_RETURN(p.namespace_pattern,
                              field(categories[i], "cost_categories", i, "namespace"));
      p.id = categories[i]["id"].as<int64_t>();
      config->cost_categories.push_back(std::move(p));
    }
  }
  OCPAGG_ASSIGN_OR_RETURN(YAML::Node roles, list("node_roles"));
  if (roles && roles.IsSequence()) {
    for (size_t i = 0; i < roles.size(); ++i) {
      KnownNodeRole r;
      OCPAGG_ASSIGN_OR_RETURN(r.node, field(roles[i], "node_roles", i, "node"));
      OCPAGG_ASSIGN_OR_RETURN(r.resource_id, field(roles[i], "node_roles", i, "resource_id"));
      OCPAGG_ASSIGN_OR_RETURN(r.role, field(roles[i], "node_roles", i, "role"));
      config->node_roles.push_back(std::move(r));
    }
  }
  OCPAGG_ASSIGN_OR_RETURN(YAML::Node mappings, list("tag_mappings"));
  if (mappings && mappings.IsSequence()) {
    for (size_t i = 0; i < mappings.size(); ++i) {
      TagMapping m;
      OCPAGG_ASSIGN_OR_RETURN(m.parent, field(mappings[i], "tag_mappings", i, "parent"));
      OCPAGG_ASSIGN_OR_RETURN(m.child, field(mappings[i], "tag_mappings", i, "child"));
      config->tag_mappings.push_back(std::move(m));
    }
  }
  return Status::OK();
}

}  // namespace

std::vector<CostCategoryPattern> DefaultCostCategories() {
  return {{1, "openshift-%"}, {1, "kube-%"}, {1, "Platform unallocated"}, {1, "openshift"}};
}

Result<SummaryConfig> ParseSummaryConfig(const std::string& yaml_text, const std::string& name) {
  SummaryConfig config;
  try {
    YAML::Node root = YAML::Load(yaml_text);
    if (root.IsNull()) return config;
    OCPAGG_RETURN_IF_ERROR(ParseInto(root, name, &config));
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(fmt::format("{}: {}", name, e.what()));
  }
  return config;
}

Result<SummaryConfig> LoadSummaryConfig(const std::string& path) {
  OCPAGG_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, io::ReadWholeFile(path));
  return ParseSummaryConfig(std::string(bytes.begin(), bytes.end()), path);
}

std::string FormatSummaryConfig(const SummaryConfig& config) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "source" << YAML::Value << config.source;
  out << YAML::Key << "cluster_id" << YAML::Value << config.cluster_id;
  if (config.cluster_alias) {
    out << YAML::Key << "cluster_alias" << YAML::Value << *config.cluster_alias;
  }
  out << YAML::Key << "report_period_id" << YAML::Value << config.report_period_id;
  out << YAML::Key << "account" << YAML::Value << config.account;
  out << YAML::Key << "enabled_tag_keys" << YAML::Value << YAML::Flow << config.enabled_tag_keys;
  out << YAML::Key << "cost_categories" << YAML::Value << YAML::BeginSeq;
  for (const auto& c : config.cost_categories) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "id" << YAML::Value << c.id << YAML::Key
        << "namespace" << YAML::Value << YAML::DoubleQuoted << c.namespace_pattern << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::Key << "node_roles" << YAML::Value << YAML::BeginSeq;
  for (const auto& r : config.node_roles) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "node" << YAML::Value << r.node << YAML::Key
        << "resource_id" << YAML::Value << r.resource_id << YAML::Key << "role" << YAML::Value
        << r.role << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::Key << "tag_mappings" << YAML::Value << YAML::BeginSeq;
  for (const auto& m : config.tag_mappings) {
    out << YAML::Flow << YAML::BeginMap << YAML::Key << "parent" << YAML::Value << m.parent
        << YAML::Key << "child" << YAML::Value << m.child << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace ocpagg::ocp
