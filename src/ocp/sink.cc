#include "ocp/sink.h"

namespace ocpagg::ocp {

NodeRoles ApplyNodeRolesWithoutTable(const std::vector<DerivedNode>& derived,
                                     const std::vector<KnownNodeRole>& known) {
  std::multimap<std::pair<std::string, std::string>, std::string> rows;
  for (const KnownNodeRole& r : known) rows.emplace(std::make_pair(r.node, r.resource_id), r.role);
  for (const DerivedNode& d : derived) {
    const auto key = std::make_pair(d.node, d.resource_id);
    auto range = rows.equal_range(key);
    if (range.first == range.second) {
      rows.emplace(key, d.node_role);
      continue;
    }
    for (auto it = range.first; it != range.second; ++it) {
      if (it->second.empty()) it->second = d.node_role;
    }
  }
  NodeRoles roles;
  for (const auto& [key, role] : rows) {
    auto [it, inserted] = roles.emplace(key, role);
    if (!inserted && it->second < role) it->second = role;
  }
  return roles;
}

}  // namespace ocpagg::ocp
