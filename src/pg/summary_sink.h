#pragma once

// The PostgreSQL output of `ocpagg summarize` (`--output postgresql://...`): lands a run in
// <schema>.reporting_ocpusagelineitem_daily_summary as Koku does, all or nothing.
//
// Begin()          connect (retrying transient failures); create the month's partitions if
//                  missing (own short transaction, schema.h); BEGIN; DELETE the run's days of the
//                  report period with NULL/0 infrastructure_raw_cost (spec §2.0 4a,
//                  K:koku/masu/database/ocp_report_db_accessor.py:1960-1986).
// Prepare()        on the summary's worker threads: a day's rows encoded as binary COPY rows
//                  (copy.h), so that encoding runs in parallel and off the sending thread.
// Write(), WritePrepared()
//                  one binary COPY per call, streamed in ~1 MiB chunks.
// ApplyNodeRoles() Koku's populate_cluster_table and populate_node_table (spec §2.1) inside the
//                  same transaction; returns max(node_role) per (node, resource_id) over all of
//                  reporting_ocp_nodes (TSQL:491-498).
// Commit()         COMMIT. Destroyed without it (error, kill): the connection closes and the
//                  server rolls back; the table is as it was.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "ocp/sink.h"
#include "pg/connection.h"

namespace ocpagg::pg {

struct SummarySinkOptions {
  std::string dsn;  // "" = PG* environment
  std::string schema;
  std::string cluster_id;  // for reporting_ocp_clusters
  std::optional<std::string> cluster_alias;
  RetryPolicy connect_policy;
  RetryCallback on_retry;  // told about connection retries
};

/// Where the time of a landing went (seconds are wall time spent inside the sink's calls, so the
/// summary computation running meanwhile on other threads is not counted).
struct LandingStats {
  uint64_t rows = 0;
  uint64_t copy_bytes = 0;
  uint64_t rows_deleted = 0;
  size_t partitions_created = 0;
  double connect_seconds = 0;
  double prepare_seconds = 0;  // partitions + DELETE
  double copy_seconds = 0;     // encoding and COPY
  double nodes_seconds = 0;
  double commit_seconds = 0;
  double total_seconds() const {
    return connect_seconds + prepare_seconds + copy_seconds + nodes_seconds + commit_seconds;
  }
};

class PgSummarySink final : public ocp::SummarySink {
 public:
  explicit PgSummarySink(SummarySinkOptions options);
  ~PgSummarySink() override;
  PgSummarySink(const PgSummarySink&) = delete;
  PgSummarySink& operator=(const PgSummarySink&) = delete;

  Status Begin(const ocp::SummaryRunInfo& info) override;
  Status Write(std::vector<ocp::SummaryRow>& rows) override;
  ocp::PreparedRows Prepare(std::vector<ocp::SummaryRow> rows) const override;
  Status WritePrepared(ocp::PreparedRows& prepared) override;
  Status Commit() override;
  Result<ocp::NodeRoles> ApplyNodeRoles(const std::vector<ocp::DerivedNode>& derived,
                                        const std::vector<ocp::KnownNodeRole>& known) override;
  std::string name() const override;

  const LandingStats& stats() const { return stats_; }

 private:
  Result<std::string> PopulateClusterTable();
  /// One COPY of `body` (encoded rows without header and trailer) holding `rows` rows.
  Status CopyRows(std::string_view body, uint64_t rows);

  SummarySinkOptions options_;
  ocp::SummaryRunInfo info_;
  Connection conn_;  // declared before tx_: tx_ borrows it
  std::optional<Transaction> tx_;
  std::string copy_sql_;
  std::string buffer_;
  LandingStats stats_;
};

}  // namespace ocpagg::pg
