#pragma once

// Where summary rows go. Every output (SQLite, CSV, Parquet, PostgreSQL) implements SummarySink.
//
// Contract: Begin() once, Write() any number of times (rows of one day at a time, days in
// increasing order, unallocated rows after the days they belong to), then Commit(). A sink
// destroyed without a successful Commit() must leave its destination exactly as it was before
// Begin(): the replacement of a month's rows is all or nothing.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "common/status.h"
#include "ocp/config.h"
#include "ocp/numeric.h"
#include "ocp/summary_row.h"

namespace ocpagg::ocp {

/// What a run replaces (spec §2.0 4a): rows of `report_period_id` with usage_start in
/// [first_day, last_day] and a NULL or zero infrastructure_raw_cost.
struct SummaryRunInfo {
  std::string source;
  int64_t report_period_id = 0;
  int32_t first_day = 0;  // days since 1970-01-01, inclusive
  int32_t last_day = 0;
  Dialect dialect = Dialect::kTrino;
};

/// A row the node-role pre-step derives for reporting_ocp_nodes (spec §2.1;
/// K:koku/koku/reportdb_accessor_trino.py:171-199).
struct DerivedNode {
  std::string node;
  std::string resource_id;
  std::optional<double> node_capacity_cpu_cores;  // max over the node's pod rows
  std::string node_role;                          // coalesce(max(node_role), derived)
  std::optional<std::string> architecture;        // lower(kubernetes_io_arch label)
};

/// max(node_role) per (node, resource_id) over the node table (TSQL:473-480).
using NodeRoles = std::map<std::pair<std::string, std::string>, std::string>;

/// The roles when there is no node table: `known` rows (ocpagg.yaml node_roles) play its part;
/// a derived row fills a known row with an empty role, or is added when its (node, resource_id)
/// is not known (populate_node_table, K:koku/masu/database/ocp_report_db_accessor.py:1719-1752,
/// matched without the capacity and cluster a database would hold).
NodeRoles ApplyNodeRolesWithoutTable(const std::vector<DerivedNode>& derived,
                                     const std::vector<KnownNodeRole>& known);

/// Rows made ready for a sink on a worker thread (SummarySink::Prepare).
struct PreparedRows {
  std::vector<SummaryRow> rows;  // the rows, unless the sink encoded them into `encoded`
  std::string encoded;           // the sink's own encoding (e.g. CSV lines)
};

class SummarySink {
 public:
  virtual ~SummarySink() = default;
  virtual Status Begin(const SummaryRunInfo& info) = 0;
  /// The sink may move from `rows`. Text in the rows is valid during the call only.
  virtual Status Write(std::vector<SummaryRow>& rows) = 0;
  /// Called on worker threads, several at once: turns one day's rows into what WritePrepared
  /// needs (by default the rows themselves). Must only read the sink's state set by Begin().
  virtual PreparedRows Prepare(std::vector<SummaryRow> rows) const {
    PreparedRows prepared;
    prepared.rows = std::move(rows);
    return prepared;
  }
  /// Writes rows made by Prepare (by default Write(prepared.rows)).
  virtual Status WritePrepared(PreparedRows& prepared) { return Write(prepared.rows); }
  virtual Status Commit() = 0;
  /// Called once, after the last day's rows and before the unallocated rows: records the
  /// pre-step's node rows and returns the roles the unallocated rows use. The default has no
  /// node table (ApplyNodeRolesWithoutTable); the PostgreSQL sink upserts reporting_ocp_nodes.
  virtual Result<NodeRoles> ApplyNodeRoles(const std::vector<DerivedNode>& derived,
                                           const std::vector<KnownNodeRole>& known) {
    return ApplyNodeRolesWithoutTable(derived, known);
  }
  /// A name for messages ("sqlite:ocpagg.db").
  virtual std::string name() const = 0;
};

}  // namespace ocpagg::ocp
